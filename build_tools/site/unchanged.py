"""A site build's inputs as one digest: when they are those of the build that made the site
folder, and the folder is as that build left it, the site is already what a build would
write, and MkDocs is not run again.

The inputs are everything a site is made from: the files of the content folder, mkdocs.yml
as read (environment values resolved) and its hooks, data/, the theme's own folder, bdpub's
code and assets, the versions of every installed distribution (MkDocs, Material, mkdocs-static-i18n,
Markdown…), the git history the checks read (when each file last changed, and what is not
committed), the files added to the site (PDFs, library images, reports) and the manifest.
The record lives in the project's .cache, one per site folder."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import stat
from pathlib import Path

import build_tools
from build_tools.base.memo import named
from build_tools.checks import CheckResults
from build_tools.content.outputs import Manifest
from build_tools.content.project import Project, read_config

RECORD = "site-inputs.json"
SKIPPED = ("__pycache__", ".git")
MARKDOWN = (".md", ".markdown")


@dataclasses.dataclass(frozen=True)
class Inputs:
    """A site build's inputs as two digests."""

    whole: str
    """Everything the site is made from."""
    shared: str
    """What every page is made from: all of it but the pages' Markdown, the git history
    (each page's own part of those is in its key: site/reuse.py) and the bytes of the
    files added to the site (a page shows them by their manifest entry)."""


def inputs_digest(project: Project, results: CheckResults, manifest: Manifest,
                  extra_files: dict[str, Path]) -> Inputs:
    """The digests of everything the site would be built from."""
    shared, pages = hashlib.sha256(), hashlib.sha256()

    def add(*parts, digest=shared) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
            digest.update(b"\0")

    config = read_config(project.config_file)
    add("config", json.dumps(config, sort_keys=True, default=named), project.site_url,
        os.environ.get("SOURCE_DATE_EPOCH", ""))
    theme = config.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    folders = [project.docs_dir, project.root / "data", Path(build_tools.__file__).parent]
    for folder in folders + ([project.root / str(custom)] if custom else []):
        for path in _files(folder):
            rel = path.relative_to(folder).as_posix()
            if folder == project.docs_dir and path.suffix.lower() in MARKDOWN:
                add(rel)  # which pages there are is shared; what they say is theirs
                add(rel, _content(path), digest=pages)
            else:
                add(rel, _content(path))
    for hook in config.get("hooks") or []:  # MkDocs hooks: Python files of the project
        add("hook", hook, _content(project.root / str(hook)))
    add(*_installed())
    history = results.history
    add("history", *(f"{path} {commit.sha}" for path, commit in sorted(history.last.items())),
        "dirty", *sorted(history.dirty), digest=pages)
    add(json.dumps(manifest.as_data(), sort_keys=True, default=str))
    for site_path, source in sorted(extra_files.items()):  # pages link to them, by the manifest
        add(site_path, hashlib.sha256(source.read_bytes()).hexdigest(), digest=pages)
    shared_hex = shared.hexdigest()
    add(shared_hex, digest=pages)
    return Inputs(whole=pages.hexdigest(), shared=shared_hex)


@functools.lru_cache(maxsize=1)
def _installed() -> tuple[str, ...]:
    """Every installed distribution and its version (read once by a preview, which runs
    for as long as nothing is installed)."""
    return tuple(sorted(f"{d.metadata['Name']}=={d.version}"
                        for d in importlib.metadata.distributions()))


def is_current(project: Project, target: Path, inputs: Inputs, as_left: bool) -> bool:
    """Whether `target` was built from these inputs and, `as_left` (is_as_left), has not
    been touched since."""
    entry = _record(project).get(str(target.resolve()))
    return entry is not None and entry.get("inputs") == inputs.whole and as_left


def is_as_left(project: Project, target: Path) -> bool:
    """Whether `target` holds what the last build into it left there, file for file."""
    entry = _record(project).get(str(target.resolve()))
    return entry is not None and target.is_dir() and entry.get("listing") == _listing(target)


def remember(project: Project, target: Path, inputs: Inputs) -> None:
    """Note that `target` was just built from these inputs."""
    record = _record(project)
    record[str(target.resolve())] = {"inputs": inputs.whole, "listing": _listing(target)}
    path = project.cache_dir / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)


def relisted(project: Project, target: Path) -> None:
    """Note what `target` holds now, its inputs as they were recorded: the preview's quick
    path rewrote pages of it from their text alone, and the build that follows takes every
    other page from it."""
    record = _record(project)
    entry = record.get(str(target.resolve()))
    if entry is None:
        return
    entry["listing"] = _listing(target)
    path = project.cache_dir / RECORD
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)


def _record(project: Project) -> dict:
    try:
        record = json.loads((project.cache_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _files(folder: Path):
    """Every file under a folder, in a stable order (a symbolic link by where it points:
    the checks have already refused one that leads out)."""
    for current, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED)
        for name in sorted(names):
            yield Path(current) / name


def _content(path: Path) -> bytes:
    if path.is_symlink():
        return b"link:" + os.readlink(path).encode("utf-8", "surrogateescape")
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return b"not a file"  # a pipe or a device is never read: it could wait forever
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"unreadable"


def _listing(target: Path) -> str:
    """What the site folder holds: every file's path, size and modification time."""
    digest = hashlib.sha256()
    root = str(target)
    for current, subfolders, names in os.walk(root):  # by name: thousands of files
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED)
        folder = os.path.relpath(current, root).replace(os.sep, "/")
        for name in sorted(names):
            status = os.lstat(os.path.join(current, name))
            rel = name if folder == "." else f"{folder}/{name}"
            digest.update(f"{rel} {status.st_size} {status.st_mtime_ns}\n".encode(
                "utf-8", "surrogateescape"))
    return digest.hexdigest()
