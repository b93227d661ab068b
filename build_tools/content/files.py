"""The repository boundary: every file under docs/, found once, and the one resolver of references.

The walk never follows a link out of the repository, never descends into a folder twice
and never fails on an unreadable entry: each of those is a finding at the entry's path.
Pages, images, covers and links are all resolved by `FileTree.resolve`, the way the site
publishes them: a page's own language folder first, then the source language's (the site
falls back to it), or a shared folder of docs/ such as docs/assets/.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import posixpath
import stat
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from build_tools.base.findings import ERROR, Finding
from build_tools.base.messages import _
from build_tools.content.project import Project
from build_tools.text.policy import scheme_of

# What the site publishes from docs/, by file extension; anything else is refused.
PUBLISHED_TYPES = {
    **dict.fromkeys((".md",), "page"),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"), "image"),
    **dict.fromkeys((".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv",
                     ".txt", ".zip"), "document"),
}
# Refused with a reason of their own: a browser runs what they contain.
ACTIVE_TYPES = (".html", ".htm", ".xhtml", ".svg", ".svgz", ".js", ".mjs", ".css", ".xml",
                ".xsl", ".swf", ".php")


@dataclasses.dataclass(frozen=True)
class SourceFile:
    """One file under docs/: where it is, and which language folder holds it."""

    docs_path: PurePosixPath
    """Its path inside docs/: vi/ban-tin/anh.jpg, assets/logo.png (en/index.md for the
    source's docs/index.md when the source lies at the top: Project.source_at_root)."""
    path: Path
    """Where it is on disk (as found, links not resolved)."""
    display_path: str
    """Its path as the editor sees it: docs/vi/ban-tin/anh.jpg."""
    lang: str | None
    """Its language folder; None in a shared folder of docs/."""

    @functools.cached_property
    def rel(self) -> PurePosixPath:
        """Its path inside its language folder (inside docs/ for a shared file)."""
        return PurePosixPath(*self.docs_path.parts[1:]) if self.lang else self.docs_path

    @property
    def is_page(self) -> bool:
        return self.docs_path.suffix == ".md"

    @property
    def kind(self) -> str | None:
        """page, image or document; None for a type the site does not publish."""
        return PUBLISHED_TYPES.get(self.docs_path.suffix.lower())


@dataclasses.dataclass(frozen=True)
class Resolved:
    """What a reference in a page leads to: a file, an address elsewhere, or a problem."""

    file: SourceFile | None = None
    scheme: str | None = None
    """The scheme of an address outside the site (https, mailto…)."""
    problem: str | None = None
    """Why the reference leads nowhere (already in the editor's language)."""
    anchor: str = ""
    missing: bool = False
    """The problem is only that no such file exists (not that it lies outside)."""


@dataclasses.dataclass
class FileTree:
    """Every file under docs/ by its path there, and the problems met walking it."""

    project: Project
    files: dict[PurePosixPath, SourceFile]
    findings: list[Finding]

    def in_language(self, lang: str) -> list[SourceFile]:
        return [file for file in self.files.values() if file.lang == lang]

    def shared(self) -> list[SourceFile]:
        return [file for file in self.files.values() if file.lang is None]

    def find(self, lang: str, rel: PurePosixPath) -> SourceFile | None:
        """A file of a language folder, else the source language's (the site's fallback)."""
        for code in dict.fromkeys((lang, self.project.source_language.code)):
            found = self.files.get(PurePosixPath(code) / rel)
            if found is not None:
                return found
        return None

    def at_docs_path(self, docs_path: PurePosixPath) -> SourceFile | None:
        """The file at a path inside docs/, with the fallback for language folders."""
        parts = docs_path.parts
        if parts and parts[0] in self.project.codes:
            return self.find(parts[0], PurePosixPath(*parts[1:]))
        found = self.files.get(docs_path)
        if found is None and self.project.source_at_root:  # the source's own folders
            found = self.files.get(PurePosixPath(self.project.source_language.code) / docs_path)
        return found

    def resolve(self, lang: str, page_rel: PurePosixPath, target: str) -> Resolved:
        """The file a relative reference of the page docs/<lang>/<page_rel> leads to."""
        target = target.strip()
        scheme = scheme_of(target)
        if scheme is not None:
            if scheme == "file":
                return Resolved(scheme=scheme, problem=_(
                    "{target} is a file on one computer, not a file of the project; put "
                    "the file in the repository and refer to it by a relative path").format(
                        target=target))
            return Resolved(scheme=scheme)
        if target.startswith("//"):
            return Resolved(scheme="https")
        path, _sep, anchor = target.partition("#")
        path = unquote(path.partition("?")[0])
        if not path:
            return Resolved(anchor=anchor)
        if path.startswith(("/", "\\")):
            return Resolved(problem=_(
                "{target} is an absolute path; write it relative to this page (for example "
                "anh.jpg or ../anh.jpg), so that it stays inside the project").format(
                    target=target), anchor=anchor)
        # A source at the top of the content folder resolves from there, as the site does.
        folder = "" if self.project.source_at_root and \
            lang == self.project.source_language.code else lang
        joined = posixpath.normpath(posixpath.join(folder, page_rel.parent.as_posix(), path))
        if joined == ".." or joined.startswith("../"):
            return Resolved(problem=_("{target} leads out of the docs folder; only files "
                                      "under docs/ are published").format(target=target),
                            anchor=anchor)
        found = self.at_docs_path(PurePosixPath(joined))
        if found is None:
            return Resolved(problem=_("{target}: no such file").format(target=target),
                            anchor=anchor, missing=True)
        return Resolved(file=found, anchor=anchor)

    def for_site_path(self, site_path: str) -> SourceFile | None:
        """The file a path of the built site (relative to its root) was published from."""
        parts = PurePosixPath(posixpath.normpath(site_path)).parts
        source = self.project.source_language.code
        if parts and parts[0] in self.project.codes and parts[0] != source:
            return self.find(parts[0], PurePosixPath(*parts[1:]))
        return self.find(source, PurePosixPath(*parts)) or self.files.get(PurePosixPath(*parts))


def inventory(project: Project) -> FileTree:
    """Walk docs/ once. Hidden entries (.git, .DS_Store) are skipped, as MkDocs skips them."""
    tree = FileTree(project, {}, [])
    docs = project.docs_dir
    # The repository, and a docs folder named on the command line (bdpub check --docs-dir).
    repository = (project.root.resolve(), docs.resolve())
    if not docs.is_dir():
        tree.findings.append(Finding(project.relative(docs), 1, "outside-project", _(
            "the docs folder does not exist; create it or correct docs_dir in mkdocs.yml")))
        return tree
    pending = [(docs, PurePosixPath(), (docs.resolve(),))]
    if project.check.folders:  # each language in a folder bdpub.toml names: those alone,
        # each read as the folder of its code (pages.ja/ holds ja/)
        pending = [(project.lang_dir(code), PurePosixPath(code),
                    (docs.resolve(), project.lang_dir(code).resolve()))
                   for code, _folder in reversed(project.check.folders)]
    while pending:
        folder, docs_path, ancestors = pending.pop()
        for entry in _entries(tree, folder):
            found = _visit(tree, entry, docs_path / entry.name, ancestors, repository)
            if found is not None:
                pending.append(found)
    tree.files = dict(sorted(tree.files.items()))
    return tree


def _entries(tree: FileTree, folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as scan:
            return sorted((entry for entry in scan if not entry.name.startswith(".")),
                          key=lambda entry: entry.name)
    except OSError as error:
        tree.findings.append(_problem(tree, folder, "unreadable-file", _(
            "this folder cannot be read ({reason}); check its permissions").format(
                reason=error.strerror or error)))
        return []


def _visit(tree: FileTree, entry: os.DirEntry, docs_path: PurePosixPath, ancestors: tuple,
           repository: tuple[Path, ...]):
    """Record a file, or return a folder to walk (path, docs path, its real ancestors)."""
    path = Path(entry.path)
    try:
        if entry.is_symlink():
            real = path.resolve(strict=True)
            info = real.stat()
        else:  # inside its folder, whose real path is known: no link to follow
            real = ancestors[-1] / entry.name
            info = entry.stat()
    except (OSError, RuntimeError):
        tree.findings.append(_problem(tree, path, "outside-project", _(
            "this link leads nowhere (its target is missing, or links in a loop); remove it "
            "or point it at a file of the repository")))
        return None
    if not any(real.is_relative_to(inside) for inside in repository):
        tree.findings.append(_problem(tree, path, "outside-project", _(
            "this is a link to {target}, outside the repository; the build publishes only "
            "files inside the repository: copy the file in, or remove the link").format(
                target=real)))
        return None
    if stat.S_ISDIR(info.st_mode):
        if real in ancestors:
            tree.findings.append(_problem(tree, path, "outside-project", _(
                "this link leads back to a folder that contains it (a loop); remove it")))
            return None
        return path, docs_path, (*ancestors, real)
    if not stat.S_ISREG(info.st_mode):
        tree.findings.append(_problem(tree, path, "unreadable-file", _(
            "this is not a regular file (a device, socket or pipe); remove it")))
        return None
    if not os.access(real, os.R_OK):
        tree.findings.append(_problem(tree, path, "unreadable-file", _(
            "this file cannot be read; check its permissions")))
        return None
    project = tree.project
    lang = docs_path.parts[0] if len(docs_path.parts) > 1 and \
        docs_path.parts[0] in project.codes else None
    if lang is None and project.source_at_root:
        # Outside the translations' folders, every file is the source's.
        lang = project.source_language.code
        docs_path = PurePosixPath(lang) / docs_path
    tree.files[docs_path] = SourceFile(docs_path, path, project.relative(path), lang)
    return None


def _problem(tree: FileTree, path: Path, code: str, message: str) -> Finding:
    return Finding(tree.project.relative(path), 1, code, message, ERROR)
