"""Glossary terms: the approved rendering is used, a forbidden variant is not."""
from __future__ import annotations

import re

from build_tools.base.messages import _
from build_tools.text.glossary import folded


def check(context):
    glossary = context.glossary
    pattern = glossary.source_pattern
    if pattern is None:
        return
    variants = [(term, variant) for term in glossary.terms for variant in term.forbidden]
    forbidden = (re.compile("|".join(f"(?P<v{index}>(?<!\\w){re.escape(folded(variant))}(?!\\w))"
                                     for index, (_term, variant) in enumerate(variants)))
                 if variants else None)
    for pair in context.pairs:
        for source_text, source_line, translated_text, line in _units(pair):
            yield from _approved(context, pair, pattern, source_text, source_line,
                                 translated_text, line)
        if forbidden is not None:
            yield from _forbidden(context, pair, forbidden, variants)


def _units(pair):
    """Sections that correspond, else the whole page."""
    if pair.sections_align:
        for source, translation in pair.section_pairs():
            yield source.text, source.line, translation.text, translation.line
    else:
        yield pair.source.body, pair.source.body_line, pair.translation.body, pair.translation.body_line


def _approved(context, pair, pattern, source_text, source_line, translated_text, line):
    found = {}
    for match in pattern.finditer(source_text):
        index = int(match.lastgroup[1:])
        found.setdefault(index, match)
    translated = folded(translated_text)
    for index, match in found.items():
        term = context.glossary.terms[index]
        if folded(term.en) not in translated:
            offset = source_line + source_text.count("\n", 0, match.start())
            yield context.finding(
                "glossary-term", pair.translation.display_path, line,
                _("the source says '{vi}' (line {line}); the glossary's rendering is "
                  "'{en}'").format(vi=match.group(), line=offset, en=term.en),
                pair.lang, pair.source.rel, pair.source.display_path, offset)


def _forbidden(context, pair, forbidden, variants):
    for number, text in enumerate(pair.translation.text.split("\n"), 1):
        if number < pair.translation.body_line:
            continue
        for match in forbidden.finditer(folded(text)):
            term, variant = variants[int(match.lastgroup[1:])]
            yield context.finding(
                "glossary-term", pair.translation.display_path, number,
                _("'{variant}' is not the approved rendering; write '{en}'").format(
                    variant=variant, en=term.en),
                pair.lang, pair.source.rel, pair.source.display_path)
