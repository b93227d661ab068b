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
    for pair in context.pairs:
        for source_text, source_line, translated_text, line in _units(pair):
            yield from _approved(context, pair, pattern, source_text, source_line,
                                 translated_text, line)
        if variants and pair.lang == "en":  # `forbidden` lists English renderings
            yield from _forbidden(context, pair, variants)


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
        rendering = term.renderings.get(pair.lang)
        if rendering is not None and folded(rendering) not in translated:
            offset = source_line + source_text.count("\n", 0, match.start())
            yield context.finding(
                "glossary-term", pair.translation.display_path, line,
                _("the source says '{vi}' (line {line}); the glossary's rendering is "
                  "'{en}'").format(vi=match.group(), line=offset, en=rendering),
                pair.lang, pair.source.rel, pair.source.display_path, offset)


def _forbidden(context, pair, variants):
    # Only the variants the page contains are looked for line by line: one pattern of
    # every variant, each behind a lookbehind, costs a try per variant at every character.
    body = pair.translation.text.split("\n")[pair.translation.body_line - 1:]
    whole = folded(" ".join(body))
    present = [index for index, (_term, variant) in enumerate(variants)
               if folded(variant) in whole]
    if not present:
        return
    forbidden = re.compile("|".join(
        f"(?P<v{index}>(?<!\\w){re.escape(folded(variants[index][1]))}(?!\\w))"
        for index in present))
    for number, text in enumerate(body, pair.translation.body_line):
        for match in forbidden.finditer(folded(text)):
            term, variant = variants[int(match.lastgroup[1:])]
            yield context.finding(
                "glossary-term", pair.translation.display_path, number,
                _("'{variant}' is not the approved rendering; write '{en}'").format(
                    variant=variant, en=term.en),
                pair.lang, pair.source.rel, pair.source.display_path)
