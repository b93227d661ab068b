"""The site navigation: real titles in each language, and the content model's order."""
from __future__ import annotations

from pathlib import PurePosixPath

from build_tools.content import INDEX, ContentModel


def arrange(items: list, model: ContentModel, lang: str, depth: int = 0) -> None:
    """Title each section after its index page and sort every level, in place.
    `items` are MkDocs nav items after mkdocs-static-i18n removed the language level."""
    for item in items:
        if item.is_section:
            folder = _section_folder(item, depth)
            if folder is not None:
                item.title = model.title(lang, folder / INDEX) or item.title
            arrange(item.children, model, lang, depth + 1)
    items.sort(key=lambda item: _sort_key(item, model, depth))


def _sort_key(item, model: ContentModel, depth: int) -> tuple:
    rel = _section_folder(item, depth) if item.is_section else _page_rel(item)
    return (rel is None, model.order_key(rel) if rel is not None else (item.title or ""))


def _page_rel(item) -> PurePosixPath | None:
    """A page's path inside its language folder ('vi/a/b.md' -> 'a/b.md')."""
    file = getattr(item, "file", None)
    return PurePosixPath(*PurePosixPath(file.src_uri).parts[1:]) if file else None


def _section_folder(section, depth: int) -> PurePosixPath | None:
    """The folder a section stands for: the first `depth + 1` parts of any page inside it."""
    for child in section.children:
        rel = _section_folder(child, depth + 1) if child.is_section else _page_rel(child)
        if rel is not None and len(rel.parts) > depth:
            return PurePosixPath(*rel.parts[:depth + 1])
    return None
