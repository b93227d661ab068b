"""Benchmark: the site build at N pages per language, beside the plain stack, in one run.
Prints seconds, peak memory and output size of `bdpub build --site-only` (cold, rebuilt
with nothing changed, rebuilt after a one-page edit) and of a plain `mkdocs build` of the
same pages (Material and mkdocs-static-i18n, no bdpub), and the ratios (issue 12).

    .venv/bin/python bench/site.py [--pages 1000] [--runs 1] [--keep DIR] [--revisions REV…]

--revisions times bdpub as of other commits too (their build_tools/ and mkdocs.yml, from
`git archive`, first on PYTHONPATH), in the same run on the same project: the way to see
what each change to the build gave.

The project is the launch project (docs/, data/, mkdocs.yml as in the working tree) with
more publications, year after year from 2020, until each language has --pages pages:
each year four quarterly bulletins (copies of the launch bulletins under their own issue
label, title and heading) and one Vietnamese-English booklet (a launch booklet under
sach-song-ngu/YEAR/, its title and date that year's). Every copy keeps its links valid (relative
links are re-pointed from the copy's folder), has a cover of its own (the launch cover
with the issue's label drawn on it, so no two are the same bytes), and every year is one
git commit dated at its end, so the history reads like years of work. `--pages 35` is the
launch project itself.

- bdpub: `bdpub build --site-only` with no .cache and no site/ (cold), again with nothing
  changed, again after one English article gained a sentence (a translator's edit,
  which outdates nothing), and once more with no site/ and no cache but the images'
  (cards, thumbnails, renditions: what a CI job would share between runs). The build must finish without a warning but imprint-incomplete
  (the launch's imprints lack facts the province has not given, and so do their copies):
  the bench makes a valid site, and says so.
- plain: `mkdocs build` with a configuration that has only Material, mkdocs-static-i18n
  (folder structure, vi and en) and Material's search, over the same docs/ folder, into a
  folder of its own.

- preview: `mkdocs serve` of the plain configuration and `bdpub serve`, one after the
  other: the seconds until each serves the edited article, then from saving a one-line
  edit of it until the page served shows the edit (what a browser shows when it reloads).

Seconds are wall-clock, median of --runs (the plain build and the cold build alternate);
memory is the peak resident set of the largest process (wait4's ru_maxrss); size is the
bytes of every file written to the site folder.
"""
from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from launch_copy import config, copy_launch  # noqa: E402
BIN = Path(sys.executable).parent
LANGS = ("vi", "en")
QUARTERS = ("I", "II", "III", "IV")
BULLETINS = ("ban-tin/2019-q2", "ban-tin/2019-q3", "ban-tin/2019-q4")
BOOKLETS = ("thanh-pho-thong-minh", "horasis-2019")
EXPECTED = "imprint-incomplete"
"""The one warning the launch content carries on purpose, in every copy of it too."""
LINK = re.compile(r"(\]\()([^)\s]+)(\))")
PLAIN_CONFIG = """site_name: Plain stack
site_url: http://127.0.0.1:8000/
theme: {name: material, font: false, language: vi}
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: true
      languages:
        - {locale: vi, default: true, name: Tiếng Việt, build: true}
        - {locale: en, name: English, build: true}
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc]
"""


# The project ---------------------------------------------------------------------------

def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ban biên tập", "GIT_AUTHOR_EMAIL": "bbt@example.org",
           "GIT_COMMITTER_NAME": "Ban biên tập", "GIT_COMMITTER_EMAIL": "bbt@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_project(root: Path, pages: int) -> None:
    """The launch project and a year of publications after another until `pages` pages
    per language; a git repository with one commit per year."""
    copy_launch(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Launch", date="2019-12-31T12:00:00+07:00")
    year = 2020
    if count_pages(root) < pages:
        add_booklet_folder(root)
    while count_pages(root) < pages:
        for quarter in range(1, 5):
            if count_pages(root) < pages:
                add_bulletin(root, year, quarter, BULLETINS[(year * 4 + quarter) % 3])
        if count_pages(root) < pages:
            add_booklet(root, year, BOOKLETS[year % 2])
        git(root, "add", "-A")
        git(root, "commit", "-qm", f"Publications of {year}", date=f"{year}-12-31T12:00:00+07:00")
        year += 1
    if year > 2020:  # the copies' sources changed (titles, headings): translators stamp them
        subprocess.run([sys.executable, "-m", "build_tools", "stamp", "docs/en"], cwd=root,
                       check=True, capture_output=True)
        git(root, "add", "-A")
        git(root, "commit", "-qm", "Translations stamped", date=f"{year - 1}-12-31T13:00:00+07:00")


def count_pages(root: Path) -> int:
    return sum(1 for _ in (root / "docs/vi").rglob("*.md"))


def copy_publication(root: Path, source: str, target: str, relabel: dict[str, str],
                     label: str) -> None:
    """A launch publication copied to `target` in every language: links re-pointed from
    the new folder, `relabel` applied to the front matter and the first heading of its
    index, and a cover of its own."""
    for lang in LANGS:
        old, new = root / "docs" / lang / source, root / "docs" / lang / target
        shutil.copytree(old, new)
        for page in new.rglob("*.md"):
            text = relinked(page.read_text(encoding="utf-8"), source, target)
            if page.name == "index.md":
                text = relabelled(text, relabel)
            page.write_text(text, encoding="utf-8")
        cover = new / "cover.jpg"
        if cover.exists() and lang == LANGS[0]:
            labelled_cover(cover, label)


def relinked(text: str, source: str, target: str) -> str:
    """Relative links and images that pointed out of the publication point to the same
    files from the copy's folder."""
    def repoint(match: re.Match) -> str:
        address = match[2]
        if re.match(r"[a-z]+:|#|/", address):
            return match[0]
        path, hash_, fragment = address.partition("#")
        resolved = posixpath.normpath(posixpath.join(source, path))
        if resolved == source or resolved.startswith(source + "/"):
            return match[0]  # inside the publication: copied along
        moved = posixpath.relpath(resolved, target)
        return f"{match[1]}{moved}{hash_}{fragment}{match[3]}"
    return LINK.sub(repoint, text)


def relabelled(text: str, relabel: dict[str, str]) -> str:
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith(("title:", "subtitle:", "description:", "# ", "  issue:", "  date:")):
            for old, new in relabel.items():
                line = line.replace(old, new)
            lines[number] = line
    return "".join(lines)


def labelled_cover(cover: Path, label: str) -> None:
    with Image.open(cover) as image:
        image = image.convert("RGB")
        ImageDraw.Draw(image).text((image.width // 10, image.height // 10), label,
                                   fill=(255, 255, 255))
        image.save(cover, quality=85)


def add_bulletin(root: Path, year: int, quarter: int, model: str) -> None:
    old_year, old_quarter = int(model[-7:-3]), int(model[-1])
    relabel = {f"quý {QUARTERS[old_quarter - 1]}/{old_year}": f"quý {QUARTERS[quarter - 1]}/{year}",
               f"Quý {QUARTERS[old_quarter - 1]}/{old_year}": f"Quý {QUARTERS[quarter - 1]}/{year}",
               f"Q{old_quarter} {old_year}": f"Q{quarter} {year}",
               f"issue: {old_year}-Q{old_quarter}": f"issue: {year}-Q{quarter}"}
    copy_publication(root, model, f"ban-tin/{year}-q{quarter}", relabel, f"{year}-Q{quarter}")


def add_booklet(root: Path, year: int, model: str) -> None:
    index = (root / "docs/vi" / model / "index.md").read_text(encoding="utf-8")
    old_year = re.search(r"(?m)^  date: (\d{4})", index)[1]
    relabel = {f"date: {old_year}": f"date: {year}", " 2019": f" 2019 ({year})"}
    copy_publication(root, model, f"{BOOKLET_FOLDER}/{year}/{model}", relabel, str(year))


BOOKLET_FOLDER = "sach-song-ngu"
BOOKLET_INDEX = {
    "vi": ("Sách song ngữ Việt - Anh", "Các ấn phẩm song ngữ Việt - Anh của tỉnh, theo năm."),
    "en": ("Vietnamese-English booklets", "The province's Vietnamese-English booklets, by year."),
}
"""The folder the booklets of later years go to, and its index page in each language."""


def add_booklet_folder(root: Path) -> None:
    for lang, (title, description) in BOOKLET_INDEX.items():
        folder = root / "docs" / lang / BOOKLET_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(
            f"---\ntitle: {title}\ndescription: {description}\n---\n\n# {title}\n\n"
            f"{description}\n", encoding="utf-8")


# Measuring -----------------------------------------------------------------------------

def measure(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    """Seconds, peak memory (MB) and stderr of a command that must succeed."""
    probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
             "run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.PIPE, text=True); "
             "elapsed = time.perf_counter() - start; sys.stderr.write(run.stderr); "
             "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "
             "run.returncode)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, env=env,
                            capture_output=True, text=True, check=True)
    seconds, megabytes, code = result.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return float(seconds), float(megabytes), result.stderr


def size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.search(r"\bwarning\b|WARNING", line)]


def translator_edit(root: Path) -> Path:
    """One English article gains a sentence: the one-page change of the rebuild."""
    page = sorted((root / "docs/en/ban-tin").rglob("hoi-nghi-tap-huan.md"))[-1]
    text = page.read_text(encoding="utf-8").rstrip("\n")
    page.write_text(text + " The editors revised this article.\n", encoding="utf-8")
    return page


def bdpub_runs(root: Path, runs: int, env: dict | None = None) -> list[tuple[str, list]]:
    """bdpub cold (no .cache, no site/), again with nothing changed, and after an edit."""
    command = [sys.executable, "-m", "build_tools", "build", "--site-only"]
    cold = []
    for _ in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        cold.append(measure(command, root, env))
    unchanged = [measure(command, root, env) for _ in range(runs)]
    translator_edit(root)
    edited = [measure(command, root, env)]
    pages_cold = []
    for _ in range(runs):  # a CI job with the image caches of an earlier run, nothing else
        for entry in (root / ".cache").iterdir():
            if entry.name not in IMAGE_CACHES:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        shutil.rmtree(root / "site", ignore_errors=True)
        pages_cold.append(measure(command, root, env))
    return [("cold", cold), ("nothing changed", unchanged), ("one page edited", edited),
            ("cold, images cached", pages_cold)]


IMAGE_CACHES = ("library", "responsive", "images")
"""The caches of images (cards, thumbnails, renditions, image facts) a CI run can share."""


def preview(command: list[str], root: Path, page: Path, marker: str,
            env: dict | None = None) -> tuple[float, float]:
    """A live preview (`bdpub serve`, `mkdocs serve`): seconds until it serves the page,
    then seconds from saving a one-line edit of the page until the page it serves shows
    the edit (what the reader sees when the browser reloads)."""
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    rel = page.relative_to(root / "docs").with_suffix("")
    lang, rest = rel.parts[0], "/".join(rel.parts[1:])
    url = f"http://127.0.0.1:{port}/{'' if lang == LANGS[0] else lang + '/'}{rest}/"
    log = open(root / f"preview-{port}.log", "w", encoding="utf-8")
    server = subprocess.Popen([*command, "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        started = time.perf_counter()
        served_after(url, lambda body: True, server, log.name)
        ready = time.perf_counter() - started
        time.sleep(2)  # the watcher has settled
        text = page.read_text(encoding="utf-8").rstrip("\n")
        page.write_text(f"{text} {marker}\n", encoding="utf-8")
        saved = time.perf_counter()
        served_after(url, lambda body: marker in body, server, log.name)
        return ready, time.perf_counter() - saved
    finally:
        server.terminate()
        server.wait(60)
        log.close()


def served_after(url: str, done, server: subprocess.Popen, log: str) -> None:
    """Poll `url` every 20 ms until its body satisfies `done`."""
    while True:
        said = Path(log).read_text(encoding="utf-8", errors="replace")
        if server.poll() is not None or "the preview shows the last good build" in said:
            raise SystemExit(f"the preview failed:\n{said[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if done(response.read().decode("utf-8", "replace")):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)


def snapshot(revision: str, folder: Path) -> Path:
    """bdpub's code and mkdocs.yml as of a git revision, in a folder of their own."""
    target = folder / f"rev-{revision}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision, "build_tools", "mkdocs.yml"],
                             cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    revised = target / "mkdocs.yml"  # its languages trimmed as the project's are
    revised.write_text(config(LANGS, revised.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages per language")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="make the project in this folder, keep it")
    parser.add_argument("--revisions", nargs="*", default=[], metavar="REV",
                        help="also time bdpub as of these git revisions (its code and its "
                             "mkdocs.yml), to see what each change gave")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    shutil.rmtree(work / "project", ignore_errors=True)
    root = work / "project"
    root.mkdir(parents=True)
    started = time.perf_counter()
    make_project(root, args.pages)
    print(f"project: {count_pages(root)} pages per language, "
          f"{sum(1 for _ in (root / 'docs').rglob('*.jpg'))} images "
          f"({time.perf_counter() - started:.0f} s to make)")
    (root / "plain.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    plain_command = [str(BIN / "mkdocs"), "build", "-q", "-f", "plain.yml", "-d", "plain-site"]
    plain_runs = []
    for _ in range(args.runs):
        shutil.rmtree(root / "plain-site", ignore_errors=True)
        plain_runs.append(measure(plain_command, root))
    rows = [("plain mkdocs build", plain_runs, size_mb(root / "plain-site"))]
    current_config = (root / "mkdocs.yml").read_bytes()
    for revision in args.revisions:
        code = snapshot(revision, work)
        shutil.copy(code / "mkdocs.yml", root / "mkdocs.yml")
        for label, runs in bdpub_runs(root, args.runs, {"PYTHONPATH": str(code)}):
            rows.append((f"bdpub@{revision}, {label}", runs, size_mb(root / "site")))
    (root / "mkdocs.yml").write_bytes(current_config)
    found = bdpub_runs(root, args.runs)
    for label, runs in found:
        rows.append((f"bdpub, {label}", runs, size_mb(root / "site")))
    plain_s = statistics.median(run[0] for run in plain_runs)
    plain_mb = max(run[1] for run in plain_runs)
    width = max(len(label) for label, _runs, _size in rows) + 2
    print(f"{'':{width}}{'seconds':>9}{'peak MB':>9}{'site MB':>9}{'× time':>8}{'× memory':>10}")
    for label, runs, size in rows:
        seconds = statistics.median(run[0] for run in runs)
        memory = max(run[1] for run in runs)
        print(f"{label:{width}}{seconds:9.2f}{memory:9.0f}{size:9.1f}"
              f"{seconds / plain_s:8.2f}{memory / plain_mb:10.2f}")
    page = sorted((root / "docs/en/ban-tin").rglob("hoi-nghi-tap-huan.md"))[-1]
    plain_ready, plain_edit = preview([str(BIN / "mkdocs"), "serve", "-f", "plain.yml"],
                                      root, page, "The plain preview showed this.")
    ready, edit = preview([sys.executable, "-m", "build_tools", "serve"], root, page,
                          "The bdpub preview showed this.")
    print(f"\n{'preview':{width}}{'start s':>9}{'edit s':>9}{'':>9}{'× edit':>8}")
    print(f"{'plain mkdocs serve':{width}}{plain_ready:9.2f}{plain_edit:9.2f}{'':>9}{1:8.2f}")
    print(f"{'bdpub serve':{width}}{ready:9.2f}{edit:9.2f}{'':>9}{edit / plain_edit:8.2f}")
    cold = warnings_in(found[0][1][0][2])
    expected = [line for line in cold if line.endswith(f"[{EXPECTED}]")]
    problems = [line for line in cold if line not in expected]
    print(f"bdpub warnings: {len(problems)}, besides {len(expected)} {EXPECTED} "
          "(the launch's imprints lack facts the province has not given)")
    for line in problems[:20]:
        print("  " + line)
    if not args.keep:
        shutil.rmtree(work)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
