"""Figures: numbers, dates, quarters and document numbers agree with the source."""
from __future__ import annotations

import bisect
import re

from build_tools.base.messages import _
from build_tools.text import numbers

DIGIT = re.compile(r"\d")
# Addresses, HTML tags and code carry digits that are not figures of the text. A construct's
# scan stops where the next one opens: never quadratic, whatever is typed.
NOT_TEXT = re.compile(r"\]\([^)\]]*\)|<[^<>]+>|`[^`]*`|\{[^{}]*\}|https?://\S+")


def check(context):
    for pair in context.pairs:
        lines = _Lines(pair)
        for source, translation, source_line, line, extent in _compared(pair):
            if not (DIGIT.search(source) or DIGIT.search(translation)):
                continue  # figures in words alone are never required
            problems = numbers.mismatches(NOT_TEXT.sub(" ", source), pair.source.lang,
                                          NOT_TEXT.sub(" ", translation), pair.lang,
                                          written=(source, translation))
            for number, problem in enumerate(problems):
                at = (lines.placed(problem, source_line, line, extent)
                      if extent and number < PLACED_AT_MOST else (source_line, line))
                yield context.finding(
                    "number-mismatch", pair.translation.display_path, at[1],
                    _("{problem}; check the figure against the source").format(problem=problem),
                    pair.lang, pair.source.rel, pair.source.display_path, at[0])


def _compared(pair):
    """The smallest units that correspond: blocks, else sections, else the whole page; each
    with its lines and, for a unit larger than a block, how many lines it spans on each side
    (its findings are then placed at the figure: _Lines.placed)."""
    if not pair.sections_align:
        sources, translations = pair.source_sections, pair.translated_sections
        if len(sources) != len(translations):
            yield (pair.source.body, pair.translation.body, pair.source.body_line,
                   pair.translation.body_line, (pair.source.text.count("\n") + 1,
                                                pair.translation.text.count("\n") + 1))
            return
        # As many sections, headings of other levels: each against the one at its place.
        for source, translation in zip(sources, translations):
            yield (source.text, translation.text, source.line, translation.line,
                   (_span(source), _span(translation)))
        return
    for source, translation in pair.section_pairs():
        if source.heading and translation.heading:
            yield (source.heading.text, translation.heading.text, source.line,
                   translation.line, None)
        blocks = pair.block_pairs(source, translation)
        if blocks is None:
            yield (_body(source), _body(translation), source.line, translation.line,
                   (_span(source), _span(translation)))
            continue
        for a, b in blocks:
            yield a.text, b.text, a.line, b.line, None


PLACED_AT_MOST = 100
"""Findings of one unit placed at their figure; beyond, at the unit (a bound on the time a
page of thousands of changed figures may take)."""


class _Lines:
    """Where a figure is written on each side of a pair: each page's line starts read once,
    each search kept inside its unit."""

    def __init__(self, pair):
        self.pair = pair
        self.starts = {id(page): [0, *(found.end() for found in re.finditer("\n", page.text))]
                       for page in (pair.source, pair.translation)}

    def placed(self, problem: numbers.Mismatch, source_line: int, line: int,
               extent: tuple[int, int]) -> tuple[int, int]:
        """The lines of a figure found by comparing more than a block: where each side
        writes it, and on the side that lacks it the block or section that stands for the
        other's (PagePair's *_line_near)."""
        pair = self.pair
        found_source = self._line_of(pair.source, problem.source, source_line, extent[0])
        found = self._line_of(pair.translation, problem.translation, line, extent[1])
        if found_source is None and found is not None:
            found_source = pair.source_line_near(found)
        if found is None and found_source is not None:
            found = pair.translation_line_near(found_source)
        return found_source or source_line, found or line

    def _line_of(self, page, figure: str | None, first: int, count: int) -> int | None:
        """The line where a figure is first written within `count` lines from `first`."""
        if not figure:
            return None
        starts = self.starts[id(page)]
        begin = starts[min(first, len(starts)) - 1]
        end = starts[first - 1 + count] if first - 1 + count < len(starts) else len(page.text)
        at = page.text.find(figure, begin, end)
        return bisect.bisect_right(starts, at) if at >= 0 else None


def _span(section) -> int:
    """How many lines a section spans, from its heading (or first block) to its last block."""
    last = section.blocks[-1] if section.blocks else section.heading
    return (last.line + last.text.count("\n") - section.line + 1) if last else 1


def _body(section) -> str:
    return "\n\n".join(block.text for block in section.blocks)
