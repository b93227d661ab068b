"""Parallel text: each source block beside its translation, section by section.

Blocks are the top-level HTML elements of a rendered page. Two pages line up when their
sections (split at headings) match in number and heading level and, within a section,
the blocks match in kind and shape (list items, table rows and columns). A section that
does not line up is printed source first, then translation, and reported.
"""
from __future__ import annotations

import dataclasses

from lxml import html as lxml_html

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclasses.dataclass
class Row:
    """One row of the parallel text: aligned blocks, or a section printed one after the other."""

    source: list
    translation: list
    aligned: bool


def blocks(fragment: str) -> list:
    """The top-level elements of an HTML fragment."""
    return list(lxml_html.fragment_fromstring(fragment, create_parent="div"))


def align(source: list, translation: list) -> tuple[list[Row], list[tuple[str, str]]]:
    """Rows of parallel text, and the headings (source, translation) of the sections
    that fell back to one language after the other."""
    source_sections, translated_sections = _sections(source), _sections(translation)
    if [_heading_level(s) for s in source_sections] != [_heading_level(s) for s in translated_sections]:
        return [Row(source, translation, False)], [("(whole page: the headings differ)", "")]
    rows, fallbacks = [], []
    for mine, theirs in zip(source_sections, translated_sections):
        if [_shape(block) for block in mine] == [_shape(block) for block in theirs]:
            rows.extend(Row([a], [b], True) for a, b in zip(mine, theirs))
        else:
            rows.append(Row(mine, theirs, False))
            fallbacks.append((_heading_text(mine), _heading_text(theirs)))
    return rows, fallbacks


def _sections(elements: list) -> list[list]:
    sections: list[list] = [[]]
    for element in elements:
        if element.tag in HEADINGS and sections[-1]:
            sections.append([])
        sections[-1].append(element)
    return [section for section in sections if section]


def _heading_level(section: list) -> str:
    return section[0].tag if section[0].tag in HEADINGS else "-"


def _heading_text(section: list) -> str:
    first = section[0]
    return " ".join(first.text_content().split()) if first.tag in HEADINGS else "(opening)"


def _shape(element) -> tuple:
    """What must correspond between a block and its translation."""
    if element.tag in ("ul", "ol"):
        return (element.tag, len(element.findall("li")))
    if element.tag == "table":
        rows = element.findall(".//tr")
        return ("table", len(rows), tuple(len(row.findall("td") + row.findall("th")) for row in rows))
    if element.tag == "div":
        return ("div", element.get("class"))
    return (element.tag,)
