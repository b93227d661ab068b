"""Figures: numbers, dates, quarters and document numbers agree with the source."""
from __future__ import annotations

import re

from build_tools.base.messages import _
from build_tools.text import numbers

DIGIT = re.compile(r"\d")
# Addresses, HTML tags and code carry digits that are not figures of the text. A construct's
# scan stops where the next one opens: never quadratic, whatever is typed.
NOT_TEXT = re.compile(r"\]\([^)\]]*\)|<[^<>]+>|`[^`]*`|\{[^{}]*\}|https?://\S+")


def check(context):
    for pair in context.pairs:
        for source, translation, source_line, line, coarse in _compared(pair):
            if not (DIGIT.search(source) or DIGIT.search(translation)):
                continue  # figures in words alone are never required
            for problem in numbers.mismatches(NOT_TEXT.sub(" ", source), pair.source.lang,
                                              NOT_TEXT.sub(" ", translation), pair.lang,
                                              written=(source, translation)):
                at = _placed(pair, problem, source_line, line) if coarse else (source_line, line)
                yield context.finding(
                    "number-mismatch", pair.translation.display_path, at[1],
                    _("{problem}; check the figure against the source").format(problem=problem),
                    pair.lang, pair.source.rel, pair.source.display_path, at[0])


def _compared(pair):
    """The smallest units that correspond: blocks, else sections, else the whole page; each
    with its lines and whether it is larger than a block (its findings are then placed at
    the figure: _placed)."""
    if not pair.sections_align:
        sources, translations = pair.source_sections, pair.translated_sections
        if len(sources) != len(translations):
            yield (pair.source.body, pair.translation.body, pair.source.body_line,
                   pair.translation.body_line, True)
            return
        # As many sections, headings of other levels: each against the one at its place.
        for source, translation in zip(sources, translations):
            yield source.text, translation.text, source.line, translation.line, True
        return
    for source, translation in pair.section_pairs():
        if source.heading and translation.heading:
            yield (source.heading.text, translation.heading.text, source.line,
                   translation.line, False)
        blocks = pair.block_pairs(source, translation)
        if blocks is None:
            yield _body(source), _body(translation), source.line, translation.line, True
            continue
        for a, b in blocks:
            yield a.text, b.text, a.line, b.line, False


def _placed(pair, problem: numbers.Mismatch, source_line: int, line: int) -> tuple[int, int]:
    """The lines of a figure found by comparing more than a block: where each side writes
    it (from the unit's first line on), and on the side that lacks it the block or section
    that stands for the other's (PagePair's *_line_near)."""
    found_source = _line_of(pair.source, problem.source, source_line)
    found = _line_of(pair.translation, problem.translation, line)
    if found_source is None and found is not None:
        found_source = pair.source_line_near(found)
    if found is None and found_source is not None:
        found = pair.translation_line_near(found_source)
    return found_source or source_line, found or line


def _line_of(page, figure: str | None, start_line: int) -> int | None:
    """The line where a figure is first written, from a line on."""
    if not figure:
        return None
    start = len("\n".join(page.text.split("\n")[:start_line - 1]))
    found = page.text.find(figure, start)
    return page.text.count("\n", 0, found) + 1 if found >= 0 else None


def _body(section) -> str:
    return "\n\n".join(block.text for block in section.blocks)
