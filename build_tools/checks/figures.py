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
        for source, translation, source_line, line in _compared(pair):
            if not (DIGIT.search(source) or DIGIT.search(translation)):
                continue  # figures in words alone are never required
            for problem in numbers.mismatches(NOT_TEXT.sub(" ", source), pair.source.lang,
                                              NOT_TEXT.sub(" ", translation), pair.lang):
                yield context.finding(
                    "number-mismatch", pair.translation.display_path, line,
                    _("{problem}; check the figure against the source").format(problem=problem),
                    pair.lang, pair.source.rel, pair.source.display_path, source_line)


def _compared(pair):
    """The smallest units that correspond: blocks, else sections, else the whole page."""
    if not pair.sections_align:
        sources, translations = pair.source_sections, pair.translated_sections
        if len(sources) != len(translations):
            yield (pair.source.body, pair.translation.body, pair.source.body_line,
                   pair.translation.body_line)
            return
        # As many sections, headings of other levels: each against the one at its place,
        # so that a finding is at its section's heading.
        for source, translation in zip(sources, translations):
            yield source.text, translation.text, source.line, translation.line
        return
    for source, translation in pair.section_pairs():
        if source.heading and translation.heading:
            yield source.heading.text, translation.heading.text, source.line, translation.line
        blocks = pair.block_pairs(source, translation)
        if blocks is None:
            yield (_body(source), _body(translation), source.line, translation.line)
            continue
        for a, b in blocks:
            yield a.text, b.text, a.line, b.line


def _body(section) -> str:
    return "\n\n".join(block.text for block in section.blocks)
