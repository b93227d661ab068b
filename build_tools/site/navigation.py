"""The site navigation: real titles in each language, and the content model's order."""
from __future__ import annotations

import hashlib
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


def digest(nav, model: ContentModel, lang: str) -> str:
    """The navigation of a language as one digest: every entry's title and address, in
    order. Every page shows the navigation (its own section, the previous and next page)."""
    found = hashlib.sha256()

    def walk(items: list, depth: int) -> None:
        for item in items:
            if item.is_page:
                rel = _page_rel(item)
                title = model.title(lang, rel) if rel is not None else item.title
                found.update(f"{depth} page {item.url} {title}\n".encode("utf-8"))
            elif item.is_section:
                found.update(f"{depth} section {item.title}\n".encode("utf-8"))
                walk(item.children, depth + 1)
            else:
                found.update(f"{depth} link {item.url} {item.title}\n".encode("utf-8"))

    walk(nav.items, 0)
    return found.hexdigest()


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
