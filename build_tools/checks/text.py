"""Text: translations still in the source language, copied from it or in a third language;
text not in NFC; text in TCVN3 or VNI."""
from __future__ import annotations

import re
import unicodedata

from build_tools.base.messages import N_, _
from build_tools.checks.counterparts import language_name
from build_tools.content.pairs import page_blocks
from build_tools.text import blocks, languages, legacy

MARKUP = languages.MARKUP
WORD = languages.WORD
TEXT_KINDS = {"paragraph": N_("paragraph"), "list": N_("list"), "table": N_("table"),
              "quote": N_("quotation"), "admonition": N_("admonition"), "heading": N_("heading"),
              "definitions": N_("definition list")}


def check(context):
    """Each translation's blocks against their source (context.pairs)."""
    for pair in context.pairs:
        yield from _untranslated(context, pair)


def check_pages(context):
    """Every page's text on its own: Unicode NFC, no legacy encoding."""
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
    for block, code, message in untranslated_blocks(context, pair):
        yield context.finding(code, pair.translation.display_path, block.line, message,
                              pair.lang, pair.source.rel, pair.source.display_path,
                              pair.source_line_of(block))


def untranslated_blocks(context, pair) -> list[tuple[blocks.Block, str, str]]:
    """The translation's blocks that are not in its language (still in the source
    language, copied from it, or in a third language), each with its finding code and what
    to do about it; read once per pair however many readers ask."""
    key = (pair.lang, pair.source.rel)
    if key not in context.untranslated:
        context.untranslated[key] = list(_not_translated(context, pair))
    return context.untranslated[key]


def _not_translated(context, pair):
    names = _allowed(context)
    source, own = context.model.source_lang, pair.lang
    known = context.model.project.codes
    aligned = [pairs for source_section, translation in pair.section_pairs()
               if (pairs := pair.block_pairs(source_section, translation))]
    identical = {id(translated) for pairs in aligned for original, translated in pairs
                 if original.kind in TEXT_KINDS and _same_words(original.text, translated.text,
                                                                names)}
    originals = {id(translated): original for pairs in aligned for original, translated in pairs}
    shown = _code_of(pair.translation)
    for section in pair.translated_sections:
        for block in section.blocks:
            if block.kind not in TEXT_KINDS or _demonstrates(block, shown):
                continue
            kind = _(TEXT_KINDS[block.kind])
            if id(block) in identical:
                yield block, "identical-text", _(
                    "this {kind} is identical to its source; translate it (or, if it must stay "
                    "as it is, put its names in the glossary)").format(kind=kind)
                continue
            prose = languages.prose(block.text, names)
            if languages.in_own_script(prose, own):
                continue  # names and code in Latin letters around words in its own script
            found = context.memo.get(
                context.memo.key("language", prose, own, *known),
                lambda: languages.identify(prose, known, languages.primary(own)))
            if found is None or found == languages.primary(own):
                continue
            if found == languages.primary(source):
                yield block, "untranslated-text", _(
                    "this {kind} is still in {language}; translate it (names from the glossary "
                    "may stay as they are)").format(kind=kind, language=language_name(found))
            elif context.memo.get(
                    context.memo.key("third", prose, found, own, *known,
                                     getattr(originals.get(id(block)), "text", "")),
                    lambda: _third_language(prose, found, own, known, originals.get(id(block)))):
                yield block, "other-language", _(
                    "this {kind} reads as {language}, neither {own} nor the source's "
                    "{source}; translate it from the source").format(
                        kind=kind, language=language_name(found), own=language_name(own),
                        source=language_name(source))


def _code_of(page) -> str:
    """What the page's code blocks hold, their spacing folded."""
    return "\n".join(" ".join(block.text.split()) for block in page_blocks(page)[0]
                     if block.kind == "code")


def _demonstrates(block, shown: str) -> bool:
    """Whether a block is the rendered example of a code block of its page: a template tag
    written out in a code block, then as the site renders it ({% blockquote %} in Hexo's
    docs). It stays as the code it repeats, in every language."""
    text = " ".join(block.text.split())
    return len(text) >= 20 and text in shown


def _third_language(prose: str, found: str, own: str, known, original) -> bool:
    """Whether a block the quick models read as a third language is in it: its words copied
    from its source (example values, names) say nothing of that, and the full models of
    that language and the translation's own must agree (languages.confirmed)."""
    if original is not None:
        copied = {word.lower() for word in WORD.findall(original.text)}
        prose = " ".join(word for word in prose.split() if word.lower() not in copied)
        if languages.identify(prose, known, languages.primary(own)) != found:
            return False
    return languages.confirmed(prose, found, own)


def _allowed(context) -> re.Pattern | None:
    names = sorted(context.glossary.names, key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names)) if names else None


def _same_words(source: str, translation: str, names: re.Pattern | None) -> bool:
    """The same words in the same order, names from the glossary aside."""
    if source[:24] != translation[:24] and source[-24:] != translation[-24:]:
        return False  # a copied block starts or ends as its source does
    def words(text: str) -> list[str]:
        text = MARKUP.sub(" ", languages.CODE.sub(" ", languages.DEFINITIONS.sub(" ", text)))
        return WORD.findall(names.sub(" ", text) if names is not None else text)
    mine = words(source)
    return len(mine) >= 3 and mine == words(translation)
