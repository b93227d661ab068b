"""Text: translations still in Vietnamese, text not in NFC, text in TCVN3 or VNI."""
from __future__ import annotations

import re
import unicodedata

from build_tools.base.messages import N_, _
from build_tools.text import blocks, legacy

# Letters that only Vietnamese uses among the site's languages (with their tone marks).
VIETNAMESE = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+")
# Links, code, tags, attribute lists and addresses. A construct's scan stops at the next one
# that opens ('[', '<', '{', or ']' in an address): never quadratic, whatever is typed.
MARKUP = re.compile(r"!?\[[^\[\]]*\]\([^)\]]*\)|`[^`]*`|<[^<>]+>|\{[^{}]*\}|https?://\S+")
TEXT_KINDS = {"paragraph": N_("paragraph"), "list": N_("list"), "table": N_("table"),
              "quote": N_("quotation"), "admonition": N_("admonition"), "heading": N_("heading")}


def check(context):
    yield from _text_of_pages(context)
    for pair in context.pairs:
        yield from _untranslated(context, pair)


def _text_of_pages(context):
    for pages in context.model.pages.values():
        for page in pages.values():
            for number, line in enumerate(page.text.split("\n"), 1):
                yield from _line_findings(context, page, number, line)


def _line_findings(context, page, number: int, line: str):
    if line.isascii():
        return
    if not unicodedata.is_normalized("NFC", line):
        yield context.finding(
            "unicode-normalization", page.display_path, number,
            _("text is not in Unicode NFC (letters and tone marks stored separately); write "
              "'{text}'").format(text=unicodedata.normalize("NFC", line).strip()[:80]), page.lang)
    encoding = legacy.detect(line)
    if encoding:
        yield context.finding(
            "legacy-encoding", page.display_path, number,
            _("this line is in the old {encoding} encoding; in Unicode it reads '{text}'").format(
                encoding=encoding, text=legacy.to_unicode(line, encoding).strip()[:80]), page.lang)


def _untranslated(context, pair):
    for block, message in untranslated_blocks(context, pair):
        yield context.finding("untranslated-text", pair.translation.display_path, block.line,
                              message, pair.lang, pair.source.rel, pair.source.display_path)


def untranslated_blocks(context, pair) -> list[tuple[blocks.Block, str]]:
    """The translation's blocks still in the source language or copied from it, each with
    what to do about it; read once per pair however many readers ask."""
    key = (pair.lang, pair.source.rel)
    if key not in context.untranslated:
        context.untranslated[key] = list(_still_source(context, pair))
    return context.untranslated[key]


def _still_source(context, pair):
    names = _allowed(context)
    aligned = [pairs for source, translation in pair.section_pairs()
               if (pairs := pair.block_pairs(source, translation))]
    identical = {id(translated) for pairs in aligned for source, translated in pairs
                 if source.kind in TEXT_KINDS and _same_words(source.text, translated.text, names)}
    for section in pair.translated_sections:
        for block in section.blocks:
            if block.kind not in TEXT_KINDS:
                continue
            if id(block) in identical:
                yield block, _("this {kind} is identical to its source; translate it").format(
                    kind=_(TEXT_KINDS[block.kind]))
            elif still_vietnamese(block.text, names):
                yield block, _("this {kind} is still in Vietnamese; translate it (names from "
                               "the glossary may stay as they are)").format(
                                   kind=_(TEXT_KINDS[block.kind]))


def _allowed(context) -> re.Pattern | None:
    names = sorted(context.glossary.names, key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names)) if names else None


def _same_words(source: str, translation: str, names: re.Pattern | None) -> bool:
    """The same words in the same order, names from the glossary aside."""
    if source[:24] != translation[:24] and source[-24:] != translation[-24:]:
        return False  # a copied block starts or ends as its source does
    def words(text: str) -> list[str]:
        text = MARKUP.sub(" ", text)
        return WORD.findall(names.sub(" ", text) if names is not None else text)
    mine = words(source)
    return len(mine) >= 3 and mine == words(translation)


def still_vietnamese(text: str, names: re.Pattern | None) -> bool:
    """Most words of the text are Vietnamese: lower-case words with Vietnamese letters or
    tones. Capitalised words are left out, so names (of people, bodies, places) written in
    Vietnamese inside English text do not count, in the glossary or not."""
    if len(VIETNAMESE.findall(text)) < 4:
        return False  # fewer than four Vietnamese letters cannot make four Vietnamese words
    text = MARKUP.sub(" ", text)
    if names is not None:
        text = names.sub(" ", text)
    words = WORD.findall(text)
    vietnamese = sum(1 for word in words if word[0].islower() and VIETNAMESE.search(word))
    return vietnamese >= 4 and vietnamese >= 0.3 * len(words)
