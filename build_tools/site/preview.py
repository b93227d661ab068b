"""The live preview's quick path: a save that changed only the text of pages (not their
front matter, not a heading) shows those pages again at once, each rendered alone into
the preview's folder with what the last good build kept (its model, its MkDocs pages and
files); then the whole build runs, as for any save, to check everything and bring the
rest (search, descriptions, the status page) up to date.

Anything else (a front matter, a heading, a page added or removed, an image, the data,
the theme, mkdocs.yml, a listing page) takes the whole build at once.
"""
from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path, PurePosixPath

from build_tools.content import model as content
from build_tools.content.project import Project
from build_tools.site.plugin import CONTENT_MARKS
from build_tools.site import listing

HEADING_LINE = re.compile(r"^ {0,3}(?:#|[=-]+[ \t]*$)|<h[1-6]\b", re.IGNORECASE)
"""Lines that may make a heading (ATX, setext underline, HTML): a save that changes one
changes the page's table of contents and anchors, and takes the whole build."""


@dataclasses.dataclass
class Kept:
    """What the last good build of the preview leaves for the quick path."""

    folder: Path
    model: content.ContentModel
    plugin: object
    pages: dict
    """(language, rel) -> (MkDocs page, its language build's files, the config)."""


class Quick:
    """Sees which files a save changed, and shows the pages whose text alone changed."""

    def __init__(self, project: Project, watched: list[Path]):
        self.project, self.watched = project, watched
        self.kept: Kept | None = None
        self.seen = self._look()

    def keep(self, kept: Kept | None) -> None:
        self.kept = kept

    def changed(self) -> set[Path] | None:
        """The files changed since the last look; None when a file came or went."""
        now = self._look()
        before, self.seen = self.seen, now
        if now.keys() != before.keys():
            return None
        return {Path(path) for path, stamp in now.items() if before[path] != stamp}

    def _look(self) -> dict[str, tuple[int, int]]:
        """Every watched file's time and size (by name, not pathlib: thousands of pages
        are looked at on every save)."""
        found = {}
        for root in map(str, self.watched):
            if os.path.isfile(root):
                found[root] = _stamp(root)
                continue
            for folder, _subfolders, names in os.walk(root):
                for name in names:
                    path = os.path.join(folder, name)
                    found[path] = _stamp(path)
        return found

    def show(self, changed: set[Path]) -> list[str] | None:
        """Render the changed pages alone into the preview; the site paths written, or None
        when the save needs the whole build (then nothing was written)."""
        kept = self.kept
        if kept is None or not changed:
            return None
        plan = []
        for path in changed:
            planned = self._plan(kept, path)
            if planned is None:
                return None
            plan.append(planned)
        written = []
        for new, shown_in in plan:
            kept.model.pages[new.lang][new.rel] = new
            for lang, (page, files, config) in shown_in:
                html = _rendered(kept, page, files, config, lang, new)
                written.append(_spliced(kept.folder, page.file.dest_uri, html))
        return written

    def _plan(self, kept: Kept, path: Path):
        """(the page as it is now, the pages that show it), or None."""
        project, model = self.project, kept.model
        try:
            rel_path = path.relative_to(project.docs_dir)
        except ValueError:
            return None
        if path.suffix != ".md" or len(rel_path.parts) < 2 or rel_path.parts[0] not in project.codes:
            return None
        lang, rel = rel_path.parts[0], PurePosixPath(*rel_path.parts[1:])
        old = model.page(lang, rel)
        file = model.files.files.get(PurePosixPath(lang) / rel)
        if old is None or file is None or listing.lists_pages(model, rel):
            return None
        if path.is_symlink() or not path.resolve().is_relative_to(project.docs_dir.resolve()):
            return None  # saved as a link: the whole build refuses it, with its message
        new, findings = content.read_page(project, file)
        if new is None or findings or not _same_frame(old, new):
            return None
        shown_in = []
        for code in project.codes:
            if model.shown_page(code, rel) is old:
                if (code, rel) not in kept.pages:
                    return None
                shown_in.append((code, kept.pages[code, rel]))
        return new, shown_in


def _stamp(path: str) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (-1, -1)
    return (status.st_mtime_ns, status.st_size)


def _same_frame(old: content.Page, new: content.Page) -> bool:
    """The same front matter and the same heading lines: only the text changed."""
    if old.body_line != new.body_line or old.title != new.title:
        return False
    if old.text.split("\n", old.body_line - 1)[:-1] != new.text.split("\n", new.body_line - 1)[:-1]:
        return False
    headings = lambda page: [line for line in page.body.split("\n") if HEADING_LINE.search(line)]
    return headings(old) == headings(new)


def _rendered(kept: Kept, page, files, config, lang: str, new: content.Page) -> str:
    """The page's content HTML from its Markdown as it is now, as the build makes it."""
    from mkdocs.structure.pages import Page
    from mkdocs.utils.meta import get_data

    markdown, _meta = get_data(new.text)
    plugin = kept.plugin
    page.markdown = plugin.markdown(markdown, page, lang, new.rel)
    Page.render(page, config, files)  # the class's: a page taken unchanged has its own
    used: dict = {}
    html = plugin.content(page.content, page, lang, used)
    for site_path, made in used.items():
        target = kept.folder / site_path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(Path(made).read_bytes())
    return html


def _spliced(folder: Path, dest: str, html: str) -> str:
    """Put the content into the page's file between the marks; the site path written."""
    target = folder / dest
    text = target.read_text(encoding="utf-8")
    start = text.find(CONTENT_MARKS[0])
    end = text.rfind(CONTENT_MARKS[1])
    if start < 0 or end < start:
        raise LookupError(dest)
    partial = target.with_name(target.name + ".partial")
    partial.write_text(text[:start] + html + text[end + len(CONTENT_MARKS[1]):],
                       encoding="utf-8")
    partial.replace(target)
    return dest
