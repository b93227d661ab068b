"""Git history of the content: when each file last changed, and what it said then.

One `git log` over docs/ answers "when did this file last change" for every file; old
texts are read only for the few pages that need them, through one `git cat-file` process.
"""
from __future__ import annotations

import dataclasses
import datetime
import subprocess
from pathlib import Path


IGNORE_REVS = ".git-blame-ignore-revs"


@dataclasses.dataclass(frozen=True)
class Commit:
    """A commit that touched a file; `age` 0 is the newest commit in the log."""

    sha: str
    time: int
    age: int

    @property
    def moment(self) -> datetime.datetime:
        """When it was committed, in UTC."""
        return datetime.datetime.fromtimestamp(self.time, datetime.timezone.utc)

    @property
    def day(self) -> datetime.date:
        return self.moment.date()


class History:
    """What git knows about the files under the docs folder (nothing, outside a repository)."""

    def __init__(self, root: Path, docs_dir: Path):
        self.root = root
        self.last: dict[str, Commit] = {}
        """Each file's newest commit, commits of the ignore-revs file aside."""
        self.commits: dict[str, list[Commit]] = {}
        """Each file's commits, newest first, commits of the ignore-revs file aside."""
        self.files: dict[str, frozenset[str]] = {}
        """The files under docs/ each commit touched, by its sha."""
        self.dirty: set[str] = set()
        self.ignored: frozenset[str] = frozenset()
        self._reader: subprocess.Popen | None = None
        self.available = self._read_log(docs_dir)
        self._cache: dict[tuple[str, str], str | None] = {}

    def _git(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True,
                              input=stdin, timeout=120)

    def _read_log(self, docs_dir: Path) -> bool:
        try:
            log = self._git("log", "--format=%x00%H %ct", "--name-only", "--no-renames",
                            "--relative", "--", str(docs_dir))
            status = self._git("status", "--porcelain", "--no-renames", "--", str(docs_dir))
            prefix = self._git("rev-parse", "--show-prefix").stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return False
        if log.returncode != 0:
            return False
        self.ignored = self._ignored_revisions()
        for age, record in enumerate(log.stdout.split("\x00")[1:]):
            header, *names = record.strip().split("\n")
            sha, time = header.split()
            if sha in self.ignored:
                continue
            commit, names = Commit(sha, int(time), age), frozenset(filter(None, names))
            self.files[sha] = names
            for name in names:
                self.last.setdefault(name, commit)
                self.commits.setdefault(name, []).append(commit)
        self.dirty = {line[3:].removeprefix(prefix) for line in status.stdout.splitlines()
                      if line[:2].strip()}
        return True

    def _ignored_revisions(self) -> frozenset[str]:
        """The commits git blame skips (blame.ignoreRevsFile, else .git-blame-ignore-revs at
        the repository's top): mass reformatting, renames; they date no translation."""
        configured = self._git("config", "--get", "blame.ignoreRevsFile").stdout.strip()
        top = self._git("rev-parse", "--show-toplevel").stdout.strip()
        top = Path(top or self.root).resolve()
        path = (top / (configured or IGNORE_REVS)).resolve()
        if not path.is_relative_to(top):
            return frozenset()  # a list outside the repository is never read
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return frozenset()
        wanted = [line.split("#", 1)[0].strip() for line in lines]
        wanted = [line for line in wanted if line]
        if not wanted:
            return frozenset()
        # Full names, whether the file gives them short or long.
        found = self._git("cat-file", "--batch-check=%(objectname) %(objecttype)",
                          stdin="".join(f"{name}^{{commit}}\n" for name in wanted))
        return frozenset(line.split()[0] for line in found.stdout.splitlines()
                         if line.endswith(" commit"))

    def newest_under(self, folders: list[str]) -> Commit | None:
        """The newest commit that touched a file inside any of these folders."""
        prefixes = tuple(folder.rstrip("/") + "/" for folder in folders)
        found = [commit for path, commit in self.last.items() if path.startswith(prefixes)]
        return min(found, key=lambda commit: commit.age, default=None)

    def text_at(self, sha: str, path: str) -> str | None:
        """A file as it was at a commit, or None if it did not exist."""
        if (sha, path) not in self._cache:
            self._cache[sha, path] = self._blob(f"{sha}:./{path}")
        return self._cache[sha, path]

    def _blob(self, name: str) -> str | None:
        """An object's text, read through one `git cat-file --batch` for the whole run (a
        process per file cost seconds on a thousand stamped pages)."""
        if "\n" in name or "\r" in name or name.startswith("-"):
            return None  # a stamp's commit is a front matter's text: no such object
        try:
            if self._reader is None:
                self._reader = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.root,
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                stderr=subprocess.DEVNULL)
            self._reader.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
            self._reader.stdin.flush()
            header = self._reader.stdout.readline().split()
            if len(header) != 3:  # "<name> missing", "<name> ambiguous"
                return None
            data = self._reader.stdout.read(int(header[2]) + 1)[:-1]
        except (OSError, ValueError):
            self.close()
            return None
        if header[1] != b"blob":
            return None
        return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")

    def close(self) -> None:
        """End the reader process, if one was started."""
        reader, self._reader = self._reader, None
        if reader is not None:
            try:
                reader.stdin.close()
                reader.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                reader.kill()

    def __del__(self) -> None:
        self.close()

    def __getstate__(self) -> dict:
        """What git said, without the reader process (the checks hand their history over
        from a process of their own: base.workers.forked)."""
        return {**self.__dict__, "_reader": None}

    def changed_since(self, revision: str) -> set[str] | None:
        """Files changed since a revision (committed or not), or None if git cannot tell."""
        committed = self._git("diff", "--name-only", "--no-renames", "--relative",
                              f"{revision}...HEAD")
        if committed.returncode != 0:
            return None
        return set(committed.stdout.split()) | self.dirty | self._untracked()

    def _untracked(self) -> set[str]:
        result = self._git("ls-files", "--others", "--exclude-standard")
        return set(result.stdout.split()) if result.returncode == 0 else set()

    def head(self) -> str | None:
        result = self._git("rev-parse", "--short=12", "HEAD")
        return result.stdout.strip() if result.returncode == 0 else None
