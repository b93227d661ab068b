"""Pairs: a source page and its translation, aligned section by section and block by block."""
from __future__ import annotations

import dataclasses
import functools

from build_tools.content.model import Page
from build_tools.text import blocks


@dataclasses.dataclass
class PagePair:
    """A source page and its translation into one language."""

    source: Page
    translation: Page
    lang: str

    @functools.cached_property
    def source_sections(self) -> list[blocks.Section]:
        return sections_of(self.source)

    @functools.cached_property
    def translated_sections(self) -> list[blocks.Section]:
        return sections_of(self.translation)

    @functools.cached_property
    def sections_align(self) -> bool:
        """Sections correspond one for one when their headings have the same levels."""
        return ([section.level for section in self.source_sections]
                == [section.level for section in self.translated_sections])

    def section_pairs(self) -> list[tuple[blocks.Section, blocks.Section]]:
        return list(zip(self.source_sections, self.translated_sections)) if self.sections_align else []

    @staticmethod
    def block_pairs(source: blocks.Section, translation: blocks.Section
                    ) -> list[tuple[blocks.Block, blocks.Block]] | None:
        """Blocks one for one, or None when their kinds and shapes differ."""
        if [block.shape for block in source.blocks] != [block.shape for block in translation.blocks]:
            return None
        return list(zip(source.blocks, translation.blocks))

    def translated_line(self, index: int) -> int:
        """The line of the translation's section that corresponds to source section `index`."""
        sections = self.translated_sections
        if self.sections_align and index < len(sections):
            return sections[index].line
        return self.translation.body_line


def sections_of(page: Page) -> list[blocks.Section]:
    return page_blocks(page)[1]


@functools.lru_cache(maxsize=None)
def _parsed(body: str, first_line: int) -> tuple[tuple[blocks.Block, ...], tuple[blocks.Section, ...]]:
    parsed = blocks.parse(body, first_line)
    return tuple(parsed), tuple(blocks.sections(parsed))


def page_blocks(page: Page) -> tuple[list[blocks.Block], list[blocks.Section]]:
    """A page's blocks and sections, read once however many checks ask."""
    parsed, sections = _parsed(page.body, page.body_line)
    return list(parsed), list(sections)
