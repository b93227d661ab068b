"""Typography for print: curly quotes, dashes, and the runs of text that must not break
across lines (document numbers, issue labels, dates)."""
from __future__ import annotations

import re
import unicodedata

from build_tools.text.languages import CJK

# A quote opens after the start, a space or an opening bracket; otherwise it closes.
OPENING_CONTEXT = re.compile(r"(^|[\s(\[{\u2014\u2013/-])$")
DOUBLE = ("\u201c", "\u201d")
SINGLE = ("\u2018", "\u2019")
SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
RANGE = re.compile(r"(?<![\w/])(\d{1,4})-(\d{1,4})(?![\w-])")
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
# A document number's letters and digits; never Chinese, Japanese or Korean, which are
# written against it ("第1759/KH-UBND号计划...": the run ends before 号).
CODE = rf"[^\W_{CJK}]"
UNBREAKABLE = re.compile(
    rf"\d++(?:/{CODE}++(?:-{CODE}++)*+)++"  # 1759/KH-UBND, 72/2015/NĐ-CP
    r"|[Qq]uý [IV]{1,3}/\d{4}"                           # quý II/2019
    r"|\b(?:[Qq][1-4]|[Qq]uarter [1-4]) \d{4}"          # Q2 2019
    rf"|\b\d{{1,2}}(?:[–-]\d{{1,2}})? (?:{MONTHS}) \d{{4}}"  # 22 April 2019, 25–27 November 2018
    r"|\b(?:ngày )?\d{1,2}/\d{1,2}/\d{4}"                # 22/4/2019
    r"|tháng \d{1,2} năm \d{4}")                         # tháng 11 năm 2019


def refine(text: str) -> str:
    """Straight quotes made curly, a spaced hyphen an en dash, a range of numbers with an
    en dash (25–27); document numbers and words are left as they are."""
    text = SPACED_HYPHEN.sub(" \u2013 ", text)
    text = RANGE.sub("\\1\u2013\\2", text)
    return _quotes(text)


def _quotes(text: str) -> str:
    if '"' not in text and "'" not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char in "\"'":
            pair = DOUBLE if char == '"' else SINGLE
            following = text[index + 1:index + 2]
            opening = (OPENING_CONTEXT.search(text[max(0, index - 1):index]) is not None
                       and following != "" and not following.isspace()
                       and following not in ".,;:!?)]}")
            out.append(pair[0] if opening and not (char == "'" and _inside_word(text, index))
                       else pair[1])
        else:
            out.append(char)
    return "".join(out)


def _inside_word(text: str, index: int) -> bool:
    """An apostrophe between letters (Committee's) is a closing single quote."""
    return 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()


NOBR = "nobr"
"""A run that stays on one line: a document number, an issue label, a date."""
NAME = "name"
"""A word of a proper name: never hyphenated."""


def name_words(names: tuple[str, ...]) -> re.Pattern | None:
    """The words of proper names (the glossary's `names`) as written and without
    diacritics, as English prints them (Bình Dương, Binh Duong): English hyphenation,
    made for English words, would break them as "Bi-nh" or "Ho-ra-sis"."""
    words = {form for name in names for word in re.findall(r"[^\W\d_][\w'-]*", name)
             for form in (word, _without_diacritics(word)) if len(form) >= 5}
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _without_diacritics(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("Đ", "D").replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(char for char in decomposed
                                                if not unicodedata.combining(char)))


def runs(text: str, names: re.Pattern | None = None) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each run that must stay on one line (NOBR) and of each word
    of a proper name (NAME), in order, never overlapping: a name inside a run goes with it."""
    found = [(*match.span(), NOBR) for match in UNBREAKABLE.finditer(text)]
    if names is not None:
        found += [(*match.span(), NAME) for match in names.finditer(text)
                  if not any(start < match.end() and match.start() < end
                             for start, end, _kind in found)]
    return sorted(found)


def unbreakable_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run that must stay on one line."""
    return [(start, end) for start, end, _kind in runs(text)]
