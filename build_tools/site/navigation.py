"""The site navigation: real titles in each language, and the content model's order; and
the sidebar that shows it on each page, written here rather than by Material's templates."""
from __future__ import annotations

import hashlib
import html
from pathlib import PurePosixPath

from build_tools.content.model import INDEX, ContentModel
from build_tools.text import escape


def arrange_site(nav, model: ContentModel, lang: str) -> None:
    """Arrange a MkDocs navigation in place, then chain previous/next links in the new order."""
    arrange(nav.items, model, lang)
    nav.pages = list(_pages(nav.items))
    for previous, page in zip([None, *nav.pages], nav.pages):
        page.previous_page = previous
        if previous is not None:
            previous.next_page = page
    if nav.pages:
        nav.pages[-1].next_page = None


class Shown:
    """What of a language's navigation each page shows, as a digest: part of the key by
    which a rebuild takes a page from the last build (site.reuse). With navigation.prune a
    page shows the top level, the entries of each section it is in (each other section as
    one link) and its previous and next pages, so a new bulletin renders again the pages
    of its own year and section, not the whole language; without it, every page shows the
    whole navigation. Titles and subtitles come from the model (MkDocs has not read every
    page yet when the first ones are rendered)."""

    def __init__(self, nav, model: ContentModel, lang: str, features):
        self.model, self.lang = model, lang
        self.pruned = "navigation.prune" in features and not set(features) & SIDEBAR_UNSUPPORTED
        if self.pruned:
            self.sections = {id(section): self._digest(section.children)
                             for section in _sections(nav.items)}
            self.top = self._digest(nav.items)
        else:
            self.whole = self._digest(nav.items, whole=True)

    def of(self, page) -> str:
        """The digest of what `page`'s navigation shows."""
        if not self.pruned:
            return self.whole
        found = hashlib.sha256(self.top.encode("ascii"))
        section = page.parent
        while section is not None:  # (mkdocs-static-i18n's language section is not shown)
            found.update(self.sections.get(id(section), "").encode("ascii"))
            section = section.parent
        for neighbour in (page.previous_page, page.next_page):
            found.update(self._entry(neighbour).encode("utf-8") if neighbour else b"-")
        return found.hexdigest()

    def _digest(self, items: list, whole: bool = False) -> str:
        found = hashlib.sha256()

        def walk(items: list, depth: int) -> None:
            for item in items:
                found.update(f"{depth} {self._entry(item)}\n".encode("utf-8"))
                if whole and item.is_section:
                    walk(item.children, depth + 1)

        walk(items, 0)
        return found.hexdigest()

    def _entry(self, item) -> str:
        """An entry as the navigation shows it: a page's address, title and subtitle, a
        section's title and the page its link leads to when it is pruned, a link's."""
        if item.is_section:
            first, _icon = _pruned_link(item)
            return f"section {item.title} {first.url if first is not None else ''}"
        rel = _page_rel(item) if item.is_page else None
        if rel is None:
            return f"link {item.url} {item.title}"
        shown = self.model.shown_page(self.lang, rel)
        subtitle = getattr(shown.meta, "subtitle", None) if shown else None
        return f"page {item.url} {self.model.title(self.lang, rel)} {subtitle or ''}"


def _sections(items: list):
    for item in items:
        if item.is_section:
            yield item
            yield from _sections(item.children)


def _pruned_link(section) -> tuple:
    """What a pruned section's link leads to, as Material's render_pruned finds it: its
    first child, then that child's first child while it has children; and whether the
    link shows the expand icon (the last section looked into has children)."""
    holder, first = section, section.children[0] if section.children else None
    while first is not None and first.children:
        holder, first = first, first.children[0]
    return first, bool(holder.children)


def _pages(items: list):
    for item in items:
        if item.is_page:
            yield item
        elif item.is_section:
            yield from _pages(item.children)


def arrange(items: list, model: ContentModel, lang: str, depth: int = 0) -> None:
    """Title each section after its index page and sort every level, in place.
    `items` are MkDocs nav items after mkdocs-static-i18n removed the language level."""
    _merge_sections(items, depth)
    for item in items:
        if item.is_section:
            folder = _section_folder(item, depth)
            if folder is not None:  # Material writes titles as HTML: they go in escaped
                title = model.title(lang, folder / INDEX)
                item.title = escape.html_text(title) if title else item.title
            arrange(item.children, model, lang, depth + 1)
            _by_year(item, model, depth + 1)
    items.sort(key=lambda item: _sort_key(item, model, depth))


YEARS_FROM = 8
"""A section holding more publications than this lists them under their years: a province
publishes four bulletins a year, and a flat list of decades of them would grow every page
(the whole navigation is written into each one)."""


def _by_year(section, model: ContentModel, depth: int) -> None:
    """Group a section's publications (newest first already) under one section per year,
    in place; the pages' addresses stay as they are."""
    from mkdocs.structure.nav import Section

    folders = {publication.folder: publication for publication in model.publications}
    dated = [(item, folders.get(_section_folder(item, depth))) for item in section.children
             if item.is_section]
    dated = [(item, publication) for item, publication in dated if publication is not None]
    if len(dated) <= YEARS_FROM:
        return
    years: dict[int, Section] = {}
    for item, publication in dated:
        year = publication.sort_date.year
        if year not in years:
            years[year] = Section(str(year), [])
            years[year].parent = section
            section.children[section.children.index(item)] = years[year]
        else:
            section.children.remove(item)
        years[year].children.append(item)
        item.parent = years[year]


def _merge_sections(items: list, depth: int) -> None:
    """One section per folder. mkdocs-static-i18n gives untranslated pages (shown in the
    source language) sections of their own beside the translated ones; fold them in."""
    first_of: dict[PurePosixPath, object] = {}
    for item in list(items):
        folder = _section_folder(item, depth) if item.is_section else None
        if folder is None:
            continue
        if folder not in first_of:
            first_of[folder] = item
            continue
        keeper = first_of[folder]
        for child in item.children:
            child.parent = keeper
        keeper.children.extend(item.children)
        items.remove(item)


def _sort_key(item, model: ContentModel, depth: int) -> tuple:
    rel = _section_folder(item, depth) if item.is_section else _page_rel(item)
    return (rel is None, model.order_key(rel) if rel is not None else (item.title or ""))


def _page_rel(item) -> PurePosixPath | None:
    file = getattr(item, "file", None)
    return source_of(file)[1] if file else None


def source_of(file) -> tuple[str, PurePosixPath]:
    """A MkDocs file's language folder and its path inside it: 'vi/a/b.md' -> ('vi',
    'a/b.md'). MkDocs names files from docs_dir, wherever docs_dir is."""
    language, *rest = PurePosixPath(file.src_uri).parts
    return language, PurePosixPath(*rest)


def _section_folder(section, depth: int) -> PurePosixPath | None:
    """The folder a section stands for: the first `depth + 1` parts of any page inside it."""
    for child in section.children:
        rel = _section_folder(child, depth + 1) if child.is_section else _page_rel(child)
        if rel is not None and len(rel.parts) > depth:
            return PurePosixPath(*rel.parts[:depth + 1])
    return None


SIDEBAR_UNSUPPORTED = frozenset({"navigation.tabs", "navigation.sections", "navigation.expand",
                                 "toc.integrate"})
"""Features of Material's navigation the sidebar leaves to Material's templates; it writes
the whole navigation, or what navigation.prune and navigation.indexes make of it."""
UNSUPPORTED_META = ("icon", "status")
"""Page metadata Material's navigation draws from templates of its own (icons, status)."""


class Unsupported(Exception):
    """The sidebar of this navigation is left to Material's templates."""


def sidebar(nav, page, features, toc_html: str, base_url: str = "") -> str | None:
    """The items of the primary sidebar of `page` (what Material's partials/nav-item.html
    writes inside the sidebar's list, with navigation.indexes and navigation.prune or
    without), or None when Material must write them (SIDEBAR_UNSUPPORTED, icons or status in
    a page's metadata).

    Material's template took 40 % of a page's rendering at 1,000 pages per language (its
    macros called once per item, each through Jinja's runtime); this writes the same
    elements, classes and addresses in Python. `toc_html` is the page's table of contents
    as Material writes it (partials/toc.html), shown under the page's own item; addresses
    are relative to the page, or start with `base_url` on a page of no file (404). Titles are
    HTML already (arrange(), the plugin); a subtitle from the front matter is escaped."""
    features = frozenset(features or ())
    if features & SIDEBAR_UNSUPPORTED:
        return None
    from mkdocs.utils import normalize_url

    indexes, prune = "navigation.indexes" in features, "navigation.prune" in features
    out: list[str] = []

    def url(value) -> str:
        return html.escape(normalize_url(str(value), page=page, base=base_url), quote=True)

    def content(item, ref=None) -> str:
        meta = getattr(item, "meta", None) or {}
        if any(meta.get(key) for key in UNSUPPORTED_META) or getattr(item, "encrypted", None):
            raise Unsupported
        subtitle = meta.get("subtitle")
        shown = (ref or item).title or ""
        small = f"<br><small>{html.escape(str(subtitle), quote=False)}</small>" if subtitle else ""
        return f'<span class="md-ellipsis">{shown}{small}</span>'

    def pruned(item) -> None:
        first, icon = _pruned_link(item)
        icon = '<span class="md-nav__icon md-icon"></span>' if icon else ""
        target = url(first.url) if first is not None else ""
        out.append(f'<a href="{target}" class="md-nav__link">{content(item)}{icon}</a>')

    def render(item, path: str, level: int) -> None:
        active = bool(getattr(item, "active", False))
        classes = "md-nav__item md-nav__item--active" if active else "md-nav__item"
        if item.children:
            index = next((child for child in item.children
                          if getattr(child, "is_index", False)), None) if indexes else None
            if prune and not active:
                out.append(f'<li class="{classes} md-nav__item--pruned md-nav__item--nested">')
                pruned(item)
                out.append("</li>")
                return
            out.append(f'<li class="{classes} md-nav__item--nested">'
                       f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}" '
                       f'{"checked" if active else ""}>')
            if index is None:
                out.append(f'<label class="md-nav__link" for="{path}" id="{path}_label" '
                           f'tabindex="0">{content(item)}'
                           f'<span class="md-nav__icon md-icon"></span></label>')
            else:
                current = "md-nav__link--active" if index == page else ""
                out.append(f'<div class="md-nav__link md-nav__container">'
                           f'<a href="{url(index.url)}" class="md-nav__link {current}">'
                           f'{content(index, item)}</a>')
                if len(item.children) > 1:
                    out.append(f'<label class="md-nav__link {current}" for="{path}" '
                               f'id="{path}_label" tabindex="0">'
                               f'<span class="md-nav__icon md-icon"></span></label>')
                out.append("</div>")
            out.append(f'<nav class="md-nav" data-md-level="{level}" '
                       f'aria-labelledby="{path}_label" aria-expanded="{str(active).lower()}">'
                       f'<label class="md-nav__title" for="{path}">'
                       f'<span class="md-nav__icon md-icon"></span>{item.title or ""}</label>'
                       f'<ul class="md-nav__list" data-md-scrollfix>')
            for number, child in enumerate(item.children, 1):
                if index is None or child != index:
                    render(child, f"{path}_{number}", level + 1)
            out.append("</ul></nav></li>")
        elif item == page:
            toc = page.toc
            first = next(iter(toc), None)
            if first is not None and first.level == 1:
                toc = first.children
            out.append(f'<li class="{classes}">'
                       '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
            if toc:
                out.append(f'<label class="md-nav__link md-nav__link--active" for="__toc">'
                           f'{content(item)}<span class="md-nav__icon md-icon"></span></label>')
            out.append(f'<a href="{url(item.url)}" class="md-nav__link md-nav__link--active">'
                       f'{content(item)}</a>{toc_html if toc else ""}</li>')
        else:
            out.append(f'<li class="{classes}"><a href="{url(item.url)}" class="md-nav__link">'
                       f'{content(item)}</a></li>')

    try:
        for number, item in enumerate(nav.items, 1):
            render(item, f"__nav_{number}", 1)
    except Unsupported:
        return None
    return "".join(out)
