"""Pages a build does not render again: each page's output is a function of what every page
is made from (unchanged.Inputs.shared), its language's navigation, and its own part (its
Markdown and front matter, the page it falls back to, whether it is outdated and since
when, its publication). A page whose key is that of the page the previous build wrote, in a
site folder as that build left it, is taken from there as it is, with what the build
gathered from it (search sections, heading anchors, image renditions); every other page is
rendered.

A page that lists other pages (a `listing:` in the source's front matter: the library,
a section's table of contents, the status page) has in its key every page's front matter
(and the status page, the completeness and the number of warnings). Every page of a site
with a plugin or hook other than bdpub's and mkdocs-static-i18n (MkDocs' search, a blog,
tags…) is always rendered: such a plugin gathers from the pages as they are rendered.
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
from pathlib import Path

from build_tools.content.project import Project

RECORD = "site-pages.json"
PAGE_BLIND = frozenset({"bdpub", "i18n"})
"""The plugins whose work on a page bdpub records (search sections, renditions) or that
do nothing a page's output does not show."""
TEMPLATE = "bdpub-reused.html"
"""The template a taken page is "rendered" with: empty; on_post_page puts the page back."""


@dataclasses.dataclass
class Taken:
    """A page of the previous build, and what that build gathered from it."""

    output: Path
    search: bytes | None
    """Its search sections as site.search holds them; None for a page shown in another
    language (it has none)."""
    anchors: list[str]
    renditions: dict[str, Path]


def render_taken(page, taken: Taken):
    """What stands for Page.render for a taken page: no Markdown to convert, the anchors
    other pages may link to as they were."""
    from mkdocs.structure.toc import get_toc

    def render(config, files) -> None:
        page.content, page.toc = "", get_toc([])
        page.present_anchor_ids = set(taken.anchors)

    return render


class Pages:
    """The pages of the previous build into one site folder, and those of this build."""

    def __init__(self, project: Project, target: Path, shared: str, plugins,
                 as_left: dict[Path, bool]):
        """Pages for `target` are taken from it, or else from the project's site folder
        (a preview starts from the last build); `as_left`: whether each is as the last
        build into it left it (unchanged.is_as_left)."""
        self.project, self.target, self.shared = project, target, shared
        self.made: dict[str, dict] = {}
        self.taken: set[str] = set()
        self.rendered = 0
        self.source, self.previous = target, {}
        self.record = record = self._read()  # read once: at 1000 pages it is megabytes
        for folder in as_left if set(plugins) <= PAGE_BLIND else ():
            entry = record.get(str(folder.resolve()), {})
            if entry.get("shared") == shared and as_left[folder]:
                self.source, self.previous = folder, entry.get("pages", {})
                break

    def key(self, *parts) -> str:
        digest = hashlib.sha256(self.shared.encode("ascii"))
        for part in parts:
            digest.update(b"\0" + (part if isinstance(part, bytes) else
                                   json.dumps(part, sort_keys=True, default=str).encode("utf-8")))
        return digest.hexdigest()

    def take(self, dest: str, key: str) -> Taken | None:
        """The previous build's page at `dest` (its path in the site) if it had this key."""
        entry = self.previous.get(dest)
        if entry is None or entry.get("key") != key:
            return None
        output = self.source / dest
        searched = entry.get("search")
        try:  # as remember() wrote them: the sections site.search holds, in base64
            held = None if searched is None else base64.b64decode(searched, validate=True)
        except (binascii.Error, TypeError, ValueError):
            return None
        renditions = entry.get("renditions", {})
        cache = self.project.cache_dir
        if not output.is_file() or not all((cache / made).is_file()
                                           for made in renditions.values()):
            return None
        self.made[dest] = entry
        self.taken.add(dest)
        return Taken(output, held, entry.get("anchors", []),
                     {site_path: cache / made for site_path, made in renditions.items()})

    @property
    def taken_paths(self) -> frozenset[str]:
        return frozenset(self.taken)

    def made_now(self, dest: str, key: str | None, searched: bytes | None, anchors,
                 renditions: dict) -> None:
        """Note a page rendered by this build (with no key: one never taken); `searched`:
        its search sections as site.search holds them."""
        self.rendered += 1
        if key is None:
            return
        cache = self.project.cache_dir.resolve()
        self.made[dest] = {"key": key, "search": searched, "anchors": sorted(anchors or ()),
                           "renditions": {site_path: Path(made).resolve().relative_to(cache)
                                          .as_posix() for site_path, made in renditions.items()}}

    def remember(self) -> None:
        """After the new site folder is in place: its pages, for the next build."""
        record = {folder: entry for folder, entry in self.record.items()
                  if Path(folder).is_dir()}  # a preview's folder is gone once it stops
        record[str(self.target.resolve())] = {"shared": self.shared, "pages": self.made}
        path = self.project.cache_dir / RECORD
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with open(partial, "w", encoding="utf-8") as out:  # written as it is made
            # A page's search sections go in as site.search holds them (compressed), in
            # base64: at 1,000 pages a record of their text took 10 MB to read back.
            json.dump(record, out, ensure_ascii=False, separators=(",", ":"),
                      default=_in_base64)
        partial.replace(path)

    def _read(self) -> dict:
        try:
            record = json.loads((self.project.cache_dir / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return record if isinstance(record, dict) else {}


def _in_base64(held: bytes) -> str:
    return base64.b64encode(held).decode("ascii")
