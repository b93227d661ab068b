"""Parallel text: a page rendered once and cut at its Markdown blocks, so the bilingual
edition sets the blocks side by side exactly as content.pairs aligns them (the alignment
the checks read).

Each top-level block of the Markdown gets an HTML comment before it; the page is rendered
whole (footnotes, abbreviations and reference links keep working), and the HTML is cut at
the comments. What Markdown adds at the end of a page (the footnotes) is kept apart.
"""
from __future__ import annotations

import dataclasses
import re

from lxml import html as lxml_html

from build_tools.content.model import Page
from build_tools.content.pairs import page_blocks

MARKER = "<!--bdpub-block {index}-->"
CUT = re.compile(r"<!--bdpub-block (\d+)-->")
TRAILERS = ("footnote",)
"""Classes of what Markdown appends to a page rather than renders in place."""


@dataclasses.dataclass
class RenderedPage:
    """A page's HTML elements, grouped by the Markdown block they come from."""

    blocks: list[list]
    trailer: list
    """Elements Markdown appends after the last block (the footnotes)."""

    def elements(self, indexes=None) -> list:
        chosen = range(len(self.blocks)) if indexes is None else indexes
        return [element for index in chosen for element in self.blocks[index]]


def marked(page: Page) -> str:
    """The page's body with a marker before each top-level block."""
    starts = {block.line - page.body_line: index
              for index, block in enumerate(page_blocks(page)[0])}
    lines = []
    for number, line in enumerate(page.body.split("\n")):
        if number in starts:
            lines += ["", MARKER.format(index=starts[number]), ""]
        lines.append(line)
    return "\n".join(lines)


def cut(page: Page, rendered: str, clean) -> RenderedPage:
    """The HTML of a marked page, cut into its blocks; `clean` is applied to each piece."""
    count = len(page_blocks(page)[0])
    groups: list[list] = [[] for _ in range(count)]
    pieces = CUT.split(rendered)
    current, trailer = None, []
    for position, piece in enumerate(pieces):
        if position % 2:
            current = int(piece)
            continue
        elements = _elements(clean(piece)) if piece.strip() else []
        for element in elements:
            if element.get("class") in TRAILERS:
                trailer.append(element)
            elif current is not None and current < count:
                groups[current].append(element)
            elif count:
                groups[0].append(element)
            else:
                trailer.append(element)
    return RenderedPage(groups, trailer)


def _elements(fragment: str) -> list:
    return list(lxml_html.fragment_fromstring(fragment, create_parent="div"))
