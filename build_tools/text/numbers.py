"""Figures of a text (numbers, dates, quarters, document numbers), compared across languages."""
from __future__ import annotations

import dataclasses
import datetime
import decimal
import functools
import re
import unicodedata
from typing import Callable

from build_tools.base.messages import _
from build_tools.text import languages


@dataclasses.dataclass(frozen=True)
class Figure:
    """One figure: its kind, its canonical value and the text as written, for messages."""

    kind: str
    value: str
    text: str


@dataclasses.dataclass(frozen=True)
class Figures:
    """The figures of a text: written with digits (required) or in words (optional)."""

    required: frozenset[Figure]
    optional: frozenset[Figure]


MONTHS = {name: number for number, name in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"), 1)}
MONTH_NAMES = {**MONTHS, **{name[:3]: number for name, number in MONTHS.items()}, "Sept": 9}
QUARTERS = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4,
            "first": 1, "second": 2, "third": 3, "fourth": 4, "一": 1, "二": 2, "三": 3, "四": 4}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
SCALES = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9,
          "hundred": 2, "thousand": 3, "million": 6, "billion": 9, "bn": 9}
# Units and currencies may be glued to a figure ("5km", "100ha"): that is a measure, not a
# name like VTV4, and the other language may well put a space before the unit.
UNITS = ("km2", "km²", "km", "m2", "m²", "ha", "kg", "kW", "kWh", "MW", "MWh", "GW", "USD",
         "VND", "đ")
# Number words may stand for a figure but never demand one. "năm" is left out on purpose:
# it is far more often "year" than "five". "tư" counts only in phrases where it must be
# four, because alone it is mostly a syllable of "đầu tư" (investment) or "tư nhân".
WORDS = {
    "vi": {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "thứ tư": 4, "phần tư": 4, "sáu": 6,
           "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
           "mười ba": 13, "mười bốn": 14, "mười lăm": 15, "mười sáu": 16, "mười bảy": 17,
           "mười tám": 18, "mười chín": 19},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
           "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
           "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
           "seventy": 70, "eighty": 80, "ninety": 90, "zero": 0, "single": 1, "once": 1,
           "twice": 2, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
           "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "zeros": 0,
           "double": 2, "hundred": 100, "hundreds": 100, "thousand": 1000,
           "thousands": 1000},
}


def _alternation(words) -> str:
    """A regex alternation of words, longest first so 'mười một' wins over 'mười'."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


# A figure never starts inside a word or halfway through a number, and never ends inside a
# word: digits glued to letters (Smart21, VTV4, A5) belong to a name, on both sides alike.
def _boundaries(word: str) -> tuple[str, str, str]:
    """A figure's start and end for a class of the characters that glue to it, and the
    start checked just after the first digit (so that the engine can leap from digit to
    digit instead of testing the boundary at every character of the text)."""
    return rf"(?<!{word})(?<!\d[.,])", rf"(?!{word})", rf"\d(?<!{word}\d)(?<!\d[.,]\d)"


B, E, FIRST_DIGIT = _boundaries(r"\w")
# Chinese, Japanese and Korean write figures against their characters ("3.1.0が", "2019年"):
# those never glue to a figure. Their languages are read with these boundaries (the
# rules made from CLDR), compiled only for a project that has one: a class of their
# ranges costs milliseconds to compile each time it is written.
CJK = languages.CJK + "\uff00-\uffef"  # and their full-width letters and digits
W = rf"(?-i:[^\W{CJK}])"
CJK_E, CJK_FIRST_DIGIT = _boundaries(W)[1:]
DAY = r"(?P<day>\d{1,2})"
MONTH = r"(?P<month>\d{1,2})"
YEAR = r"(?P<year>\d{4})"
FIRST_DAY = rf"(?P<day>{FIRST_DIGIT}\d?)"
FIRST_YEAR = rf"(?P<year>{FIRST_DIGIT}\d{{3}})"
# Numeric dates neither start nor end at a slash: 1759/KH-UBND, 2019/2020 are none.
SLASHED_DAY = r"(?P<day>\d(?<![\w/]\d)\d?)"
SLASHED_MONTH = r"(?P<month>\d(?<![\w/]\d)\d?)"
NOT_AFTER_DATE = r"(?![\w/])"
# No left boundary: a capitalised month name never follows a letter in running text, and
# without one the engine leaps from capital to capital.
MONTH_NAME = rf"(?P<month>{_alternation(MONTH_NAMES)})(?!\w)\.?"
ORDINAL = r"(?:st|nd|rd|th)?"
SCALE = rf"\s*(?P<scale>{_alternation(SCALES)})(?!\w)"
UNIT = rf"\s*(?:{_alternation(UNITS)})(?!\w)"
VI_NUMBER = rf"(?P<number>{FIRST_DIGIT}\d*(?:\.\d+)*(?:,\d+)?)"
EN_NUMBER = rf"(?P<number>{FIRST_DIGIT}(?:\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d*(?:\.\d+)*))"
# English glues ordinals and decades to digits: 21st, 1990s.
EN_SUFFIX = r"(?:st|nd|rd|th|s)"
# Codes are capitalised (KH-UBND, NĐ-CP, CT-TTg); "50/người" (per person) is no document.
DOCUMENT = rf"{FIRST_DIGIT}\d*(?:/\d{{4}})?/[A-ZĐ][^\W\d_]*(?:-[^\W\d_]+)*{E}"
IGNORE_CASE = re.IGNORECASE
# A rule runs only on a text that holds its cue, a few letters every match contains: most
# paragraphs have no date, many no digit, and plain letters are found far faster than any
# pattern whose context must be checked (no IGNORECASE: "háng" finds tháng and Tháng).
CUES = {name: re.compile(pattern) for name, pattern in {
    "digit": r"\d",
    "slash": "/",
    "dash": "-",
    "slash or dash": "[/-]",
    "link": r"\]\(|http",
    "Q": "Q[1-4]",
    "quý": "uý|UÝ",
    "quarter": "uarter|UARTER",
    "tháng": "háng|HÁNG",
    "month": "|".join(name[:3] for name in MONTHS),
    "ordinal": r"(?i:k[ỷỉ]|thứ)\s+[IVXLC]",  # thế kỷ XXI, lần thứ XII
    "colon": r"\d:\d",
    "時": "[時时시]",
}.items()}


def _date(match: re.Match) -> str | None:
    """A full date as YYYY-MM-DD, or None when no such day exists."""
    try:
        day = datetime.date(int(match["year"]), _month(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return day.isoformat()


def _time(match: re.Match) -> str | None:
    """A time of day as H:MM[:SS] (9:30 and 09:30 alike), or None when it is none."""
    hour, minute, second = int(match["hour"]), int(match["minute"]), match["second"] or None
    if hour > 24 or minute > 59 or (second is not None and int(second) > 59):
        return None
    return f"{hour}:{minute:02d}" + (f":{int(second):02d}" if second is not None else "")


def _day_month(match: re.Match) -> str | None:
    """A day of a month without a year, as --MM-DD (checked against a leap year)."""
    try:
        day = datetime.date(2000, _month(match["month"]), int(match["day"]))
    except ValueError:
        return None
    return day.strftime("--%m-%d")


def _month_of_year(match: re.Match) -> str | None:
    """A month of a year, as YYYY-MM."""
    month = _month(match["month"])
    return f"{int(match['year']):04d}-{month:02d}" if 1 <= month <= 12 else None


def _month_alone(match: re.Match) -> str | None:
    """A month without a year, as --MM."""
    month = _month(match["month"])
    return f"--{month:02d}" if 1 <= month <= 12 else None


def _month(text: str) -> int:
    return int(text) if text.isdigit() else MONTH_NAMES[text.capitalize()]


def _quarter(match: re.Match) -> str:
    """A quarter as YYYY-Qn, or Qn when the text gives no year."""
    quarter = QUARTERS[match["quarter"].lower()]
    return f"{match['year']}-Q{quarter}" if match["year"] else f"Q{quarter}"


def _roman(match: re.Match) -> str | None:
    """A Roman numeral that counts (thế kỷ XXI: the 21st century), or None if malformed."""
    values = [ROMAN[letter] for letter in match["roman"].upper()]
    total = sum(-value if value < after else value
                for value, after in zip(values, values[1:] + [0]))
    return str(total) if total > 0 else None


def _document(match: re.Match) -> str:
    """A document number in capitals with Vietnamese letters folded: NĐ-CP -> ND-CP."""
    text = match[0].replace("Đ", "D").replace("đ", "d")
    bare = "".join(char for char in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(char))
    return bare.upper()


def _vi_number(match: re.Match) -> str:
    """Vietnamese digits: '.' groups thousands and ',' marks decimals (2.500.000; 1,5)."""
    whole, _, fraction = match["number"].partition(",")
    if "." in whole and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", whole):
        if match["scale"] and whole.count(".") == 1:  # "2.5 triệu": a decimal point written
            return _scaled(whole, match)  # the English way ("1.0001.000 triệu" is no number)
        return _section(whole)  # 6.3, 4.1: an item of a plan, not a thousands group
    return _scaled(whole.replace(".", "") + ("." + fraction if fraction else ""), match)


def _en_number(match: re.Match) -> str:
    """English digits: ',' groups thousands and '.' marks decimals (1,000; 1.5)."""
    number = match["number"].replace(",", "")
    return _section(number) if number.count(".") > 1 else _scaled(number, match)


def _section(number: str) -> str:
    """A section number; one with a single dot reads the same as the decimal number."""
    parts = number.split(".")
    if len(parts) == 2:
        return _canonical(decimal.Decimal(number))
    return ".".join(str(int(part)) for part in parts)


def _scaled(number: str, match: re.Match) -> str:
    scale = match["scale"]
    if not scale and "." not in number:
        return str(int(number))  # most figures: no need for decimal arithmetic
    value = decimal.Decimal(number).scaleb(SCALES[scale.lower()] if scale else 0)
    return _canonical(value)


def _canonical(value: decimal.Decimal) -> str:
    """A plain decimal string without exponent or trailing zeros: 1000, 1.5, 6.3."""
    return format(value.normalize(), "f")


def _word(lang: str) -> Callable[[re.Match], str]:
    """The value of a number word; hyphenated words add up: twenty-five is 20 + 5."""
    def value(match: re.Match) -> str:
        parts = " ".join(match["word"].split()).split("-")
        return _scaled(str(sum(WORDS[lang][part] for part in parts)), match)
    return value


@dataclasses.dataclass(frozen=True)
class Rule:
    """A pattern and the figure it stands for; without a kind it only hides or rewrites text."""

    kind: str | None
    cue: str | None
    pattern: re.Pattern
    value: Callable[[re.Match], str | None] | None = None
    required: bool = True
    rewrite: str = " "


def _rule(kind, cue, pattern, value=None, flags=0, required=True, rewrite=" ") -> Rule:
    return Rule(kind, cue, re.compile(pattern, flags), value, required, rewrite)


# Link targets and addresses are not text a reader sees: their digits are no figures. A
# target ends at its ')', or where the next one starts (so that no two scans overlap).
LINK = _rule(None, "link", r"\]\([^)\]]*+(?:\](?!\()[^)\]]*+)*+\)|<?https?://[^\s>]+>?")
DOCUMENT_NUMBER = _rule("document", "slash", DOCUMENT, _document)
# Spaces around an optional separator are matched possessively (\s*+): a run of spaces is
# never split between the two, which would take quadratic time on a long run.
ISO_QUARTER = _rule("quarter", "Q", rf"{FIRST_YEAR}\s*+-?\s*+Q(?P<quarter>[1-4]){E}", _quarter)
Q_QUARTER = _rule("quarter", "Q", rf"{B}Q(?P<quarter>[1-4])(?:\s*+[/,]?\s*+{YEAR})?{E}", _quarter)
ISO_DATE = _rule("date", "dash", rf"{FIRST_YEAR}-(?P<month>\d\d)-(?P<day>\d\d){E}", _date)
NUMERIC_DATE = _rule("date", "slash or dash",
                     rf"{SLASHED_DAY}(?P<sep>[/-]){MONTH}(?P=sep){YEAR}{NOT_AFTER_DATE}", _date)
NUMERIC_MONTH = _rule("month", "slash", rf"{SLASHED_MONTH}/{YEAR}{NOT_AFTER_DATE}", _month_of_year)
NUMERIC_DAY = _rule("date", "slash", rf"{SLASHED_DAY}/{MONTH}{NOT_AFTER_DATE}", _day_month)
# A time of day is one figure, written the same in every language: 9:30, 00:00:00.
TIME = _rule("time", "colon", r"(?<![\d:.,])(?P<hour>\d{1,2}):(?P<minute>\d\d)"
                              r"(?::(?P<second>\d\d))?(?![\d:])", _time)
# 9 giờ 30, 9h30: a time in Vietnamese (an hour alone, "24 giờ", is mostly a duration).
VI_TIME = _rule("time", "digit", rf"(?<![\d.,])(?P<hour>\d{{1,2}})\s*(?:giờ|h)\s*"
                                 rf"(?P<minute>\d\d?)(?:\s*phút)?(?P<second>){E}", _time,
                IGNORE_CASE)
# 9時30分, 9时30分, 9시 30분: the same time in Chinese, Japanese and Korean.
CJK_TIME = _rule("time", "時", r"(?<![\d.,])(?P<hour>\d{1,2})\s*[時时시]\s*(?P<minute>\d{1,2})"
                               r"\s*[分분](?:\s*(?P<second>\d{1,2})\s*[秒초])?", _time)
# Chinese, Japanese and Korean, whose characters never glue to a figure (CJK_E):
# a range of days, "2019年11月24日至26日", "2019년 11월 24~26일", is read as the Vietnamese
# and English ranges are: the first day a number, the last one the date.
CJK_RANGE = _rule(None, "digit",
                  rf"(?P<year>{CJK_FIRST_DIGIT}\d{{3}})\s*+(?P<y>[年년])\s*+(?P<month>\d{{1,2}})"
                  rf"\s*+(?P<m>[月월])\s*+(?P<first>\d{{1,2}})\s*+[日일]?\s*+(?:[至到～~〜－-]|—|–)\s*+"
                  rf"(?P<day>\d{{1,2}})\s*+(?P<d>[日일])",
                  rewrite=r"\g<first> \g<year>\g<y>\g<month>\g<m>\g<day>\g<d>")
# 第1759/KH-UBND号, 제1759/KH-UBND호: the number's letters are Latin, whatever is around it.
LATIN_LETTER = rf"[^\W\d_{CJK}]"
CJK_DOCUMENT = _rule("document", "slash",
                     rf"{CJK_FIRST_DIGIT}\d*(?:/\d{{4}})?/[A-ZĐ]{LATIN_LETTER}*"
                     rf"(?:-{LATIN_LETTER}+)*{CJK_E}", _document)
# 2019年第二季度, 2019年第2四半期, 2019년 2분기: a quarter, with its year or without.
CJK_QUARTER_NUMBER = r"(?P<quarter>[1-4一二三四])"
CJK_QUARTERS = (
    _rule("quarter", None, rf"(?:(?P<year>{CJK_FIRST_DIGIT}\d{{3}})\s*+年\s*+)?第\s*+"
                           rf"{CJK_QUARTER_NUMBER}\s*+(?:季度|季|四半期)", _quarter),
    _rule("quarter", None, rf"(?:(?P<year>{CJK_FIRST_DIGIT}\d{{3}})\s*+년\s*+)?"
                           rf"(?<![\d.,])(?<!{W}){CJK_QUARTER_NUMBER}\s*+분기", _quarter),
)
# 2019年4月, 2019년 4월: a month of a year; 11月20日, 11월 20일: a day without its year.
CJK_MONTH = _rule("month", "digit", rf"(?P<year>{CJK_FIRST_DIGIT}\d{{3}})\s*+[年년]"
                                    rf"\s*+{MONTH}\s*+[月월]", _month_of_year)
CJK_DAY = _rule("date", "digit", rf"(?<![\d.,])(?<!{W}){MONTH}\s*+[月월]\s*+{DAY}\s*+[日일]",
                _day_month)
# Each language reads its text in this order; what a rule consumes, later rules never see.
# Quarters come before dates so that "quý 2/2019" is not read as February 2019.
RULES = {
    "vi": (
        LINK, DOCUMENT_NUMBER, ISO_QUARTER, Q_QUARTER,
        # Vietnamese writes every syllable apart: "quý" and "tháng" need no left boundary.
        _rule("quarter", "quý", rf"quý\s+(?P<quarter>IV|I{{1,3}}|[1-4])"
                                rf"(?:\s*(?:/|năm)\s*{YEAR})?{E}", _quarter, IGNORE_CASE),
        ISO_DATE,
        _rule("date", "tháng",
              rf"{FIRST_DAY}\s+(?i:tháng)\s+{MONTH}\s*+,?\s*+(?i:năm|/)\s*{YEAR}{E}", _date),
        NUMERIC_DATE,
        _rule("month", "tháng", rf"tháng\s+{MONTH}\s*+,?\s*+(?:năm|/)\s*{YEAR}{E}",
              _month_of_year, IGNORE_CASE),
        NUMERIC_MONTH, NUMERIC_DAY, TIME, VI_TIME,
        _rule("date", "tháng", rf"{FIRST_DAY}\s+(?i:tháng)\s+{MONTH}{E}", _day_month),
        _rule("month", "tháng", rf"tháng\s+{MONTH}{E}", _month_alone, IGNORE_CASE),
        # Centuries and editions are counted in Roman numerals where English writes 21st.
        _rule("number", "ordinal",
              rf"(?i:thế\s+k[ỷỉ]|lần\s+thứ)\s+(?P<roman>[IVXLC]+){E}", _roman),
        _rule("number", "digit", rf"{VI_NUMBER}(?i:{SCALE}|{UNIT})?{E}", _vi_number),
    ),
    "en": (
        # Said the American way, a range of days is rewritten the way the rules read it:
        # "November 24-26, 2019" is "24-26 November 2019".
        _rule(None, "month", rf"{MONTH_NAME}\s+(?P<first>\d{{1,2}})\s*[-–]\s*{DAY},?\s+{YEAR}{E}",
              rewrite=r"\g<first>-\g<day> \g<month> \g<year>"),
        LINK, DOCUMENT_NUMBER, ISO_QUARTER, Q_QUARTER,
        _rule("quarter", "quarter", rf"{B}(?P<quarter>first|second|third|fourth)\s+quarter"
                                    rf"(?:\s+of\s+{YEAR})?{E}", _quarter, IGNORE_CASE),
        ISO_DATE,
        _rule("date", "month", rf"{FIRST_DAY}{ORDINAL}\s+(?:of\s+)?{MONTH_NAME},?\s+{YEAR}{E}",
              _date),
        _rule("date", "month", rf"{MONTH_NAME}\s+{DAY}{ORDINAL},?\s+{YEAR}{E}", _date),
        NUMERIC_DATE,
        _rule("month", "month", rf"{MONTH_NAME},?\s+(?:of\s+)?{YEAR}{E}", _month_of_year),
        NUMERIC_MONTH, NUMERIC_DAY, TIME,
        _rule("date", "month", rf"{FIRST_DAY}{ORDINAL}\s+(?:of\s+)?{MONTH_NAME}", _day_month),
        _rule("date", "month", rf"{MONTH_NAME}\s+{DAY}{ORDINAL}{E}", _day_month),
        # A month named in words, like a number in words, may answer "tháng 4" but asks nothing.
        _rule("month", "month", rf"(?P<month>{_alternation(MONTHS)}){E}", _month_alone,
              required=False),
        _rule("number", "digit", rf"{EN_NUMBER}(?i:{EN_SUFFIX}|{SCALE}|{UNIT})?{E}", _en_number),
    ),
}
# Number words are read last, in the lower-cased rest of the text: without IGNORECASE the
# engine finds the words much faster, and optional figures never show in a message anyway.
WORD_RULES = {lang: (_rule("number", None, rf"(?<!\w)(?P<word>(?:{_alternation(words)})"
                                           rf"(?:-(?:{_alternation(words)}))?)(?:{SCALE})?{E}",
                           _word(lang), required=False),)
              for lang, words in WORDS.items()}


# Every other language is read by rules made from its CLDR data (Babel): its decimal and
# grouping symbols, its date patterns (with its month names) and its small numbers in
# words. Vietnamese and English keep the rules above, which know their administrative
# writing (document numbers, "quý II/2019", "nghìn tỷ").
DATE_WIDTHS = ("long", "medium", "short")
FIELD = re.compile(r"'[^']*'|([a-zA-Z])\1*|\s+|.", re.DOTALL)
SMALL_NUMBERS = range(1, 21)


def rules_of(lang: str) -> tuple[Rule, ...]:
    """The rules that read a language's figures, in order."""
    return RULES[lang] if lang in RULES else _locale_rules(lang)


@functools.lru_cache(maxsize=32)
def _locale_rules(lang: str) -> tuple[Rule, ...]:
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return RULES["en"]
    months = _month_names(locale)
    dates = []
    for width in DATE_WIDTHS:
        pattern = _date_pattern(get_date_format(width, locale=locale).pattern, months)
        if pattern is not None and pattern not in dates:
            dates.append(pattern)
    cjk = locale.language in ("zh", "ja", "ko")
    rules = [*((CJK_RANGE, LINK, CJK_DOCUMENT, *CJK_QUARTERS) if cjk else (LINK, DOCUMENT_NUMBER)),
             ISO_QUARTER, Q_QUARTER, ISO_DATE,
             *(_rule("date", "digit", pattern, functools.partial(_named_date, months),
                     IGNORE_CASE) for pattern in dates), TIME]
    if cjk:
        rules += [CJK_TIME, CJK_MONTH, CJK_DAY]
    decimal_mark = re.escape(get_decimal_symbol(locale))
    number = functools.partial(_locale_number, get_group_symbol(locale), decimal_mark)
    if locale.language in ("zh", "ja", "ko"):  # 1つ, 1个, 1개: "one", often for "a", "an"
        # (第 1 个, "the first", is an ordinal: required)
        rules.append(_rule("number", "digit", rf"(?<![\d.,第])(?<!{W})(?<!第\s)(?P<number>1)\s*[つ个個개]",
                           number, required=False))
        # 1ページあたり, 1페이지당: "per page", where the other language writes no figure
        rules.append(_rule("number", "digit", rf"(?<![\d.,])(?<!{W})(?P<number>1)\s*"
                                              rf"[^\s\d、。，,.]{{1,8}}?(?:あたり|当たり|당)",
                           number, required=False))
        # 16進数, 16进制, 16진수: hexadecimal, a word in which 16 is the base, not a figure
        rules.append(_rule("number", "digit", rf"(?<![\d.,])(?<!{W})(?P<number>\d+)\s*[進进진]",
                           number, required=False))
    group = get_group_symbol(locale)
    group = r"[\s\u00a0\u202f]" if not group.strip() else re.escape(group)
    unit = rf"\s*(?:{_alternation(UNITS)})(?!{W})"
    # Where the decimal mark is not a dot, a dot that cannot group thousands (0.12, 3.3:
    # versions, technical figures written the English way) is a decimal point.
    dot = "" if decimal_mark == r"\." else r"\d*\.(?!\d{3}(?!\d))\d+(?!\.?\d)|"
    rules.append(_rule("number", "digit", rf"(?P<number>{CJK_FIRST_DIGIT}(?:{dot}\d{{0,2}}(?:{group}"
                                          rf"\d{{3}})+(?:{decimal_mark}\d+)?|\d*(?:\.\d+){{2,}}|"
                                          rf"\d*(?:{decimal_mark}\d+)?))(?i:{unit})?%?{CJK_E}",
                       functools.partial(_locale_number, group, decimal_mark)))
    return tuple(rules)


def _month_names(locale) -> dict[str, int]:
    """A locale's month names, wide and abbreviated, lower case and without a final dot."""
    names = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                names[name.lower().rstrip(".")] = number
    return names


def _date_pattern(pattern: str, months: dict[str, int]) -> str | None:
    """A CLDR date pattern ("d. MMMM y", "y年M月d日", "dd.MM.yy") as a regex with the
    groups day, month and year (four digits: a two-digit year is too ambiguous to compare);
    None for a pattern with a field a figure does not need (a weekday, an era)."""
    parts, seen = [], set()
    for match in FIELD.finditer(pattern):
        token = match[0]
        if match[1]:
            field = match[1]
            if field == "d":
                parts.append(r"(?P<day>\d{1,2})")
            elif field in "ML" and len(token) <= 2:
                parts.append(r"(?P<month>\d{1,2})")
            elif field in "ML":
                parts.append(rf"(?P<month>{_alternation(months)})\.?")
            elif field in "yu":
                parts.append(r"(?P<year>\d{4})")
            else:
                return None
            seen.add(field.replace("L", "M").replace("u", "y"))
        elif token.startswith("'"):
            parts.append(re.escape(token.strip("'") or "'"))
        elif token.isspace():  # possessive, here and below: two runs of spaces side by
            parts.append(r"\s*+")  # side never share one out (quadratic on a long run)
        elif languages.IDEOGRAPHS.search(token):  # 2016 年 8 月 15 日, as typed too
            parts.append(r"\s*+" + re.escape(token) + r"\s*+")
        else:
            parts.append(re.escape(token) + (r"\s*+" if token in ",." else ""))
    if seen != {"d", "M", "y"}:
        return None
    return rf"(?<!{W})" + "".join(parts) + CJK_E


def _named_date(months: dict[str, int], match: re.Match) -> str | None:
    month = match["month"]
    number = int(month) if month.isdigit() else months.get(month.lower().rstrip("."))
    try:
        return datetime.date(int(match["year"]), number or 0, int(match["day"])).isoformat()
    except ValueError:
        return None


DOT_DECIMAL = re.compile(r"\d+\.\d+")


def _locale_number(group: str, decimal_mark: str, match: re.Match) -> str:
    """A number written with the locale's grouping (a regex) and decimal mark (escaped)."""
    number = match["number"]
    if not re.fullmatch(rf"\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal_mark}\d+)?|"
                        rf"\d*(?:{decimal_mark}\d+)?", number):
        if DOT_DECIMAL.fullmatch(number):  # 0.12 in a locale that writes 0,12
            return _canonical(decimal.Decimal(number))
        return _section(number)  # 3.1.0: a version, a section
    whole = re.sub(group, "", number)
    return _canonical(decimal.Decimal(re.sub(decimal_mark, ".", whole) or "0"))


def word_rules_of(lang: str) -> tuple[Rule, ...]:
    """The rule that reads a language's small numbers in words (never required)."""
    if lang in WORD_RULES:
        return WORD_RULES[lang]
    return _locale_word_rules(lang)


@functools.lru_cache(maxsize=32)
def _locale_word_rules(lang: str) -> tuple[Rule, ...]:
    """Small numbers in words, as num2words writes them in the language ("drei", "tres",
    "三"); none for a language it does not know."""
    from num2words import num2words

    # Chinese writes 1 to 20 with the same characters as Japanese (一, 二 … 二十), and 两
    # for two; Korean counts things with its native numbers (세 단계: three steps).
    language = re.split(r"[-_]", lang, maxsplit=1)[0].lower()
    spoken = "ja" if language == "zh" else lang.replace("-", "_")
    words = dict(EXTRA_WORDS.get(language, {}))
    for number in SMALL_NUMBERS:
        try:
            words[num2words(number, lang=spoken).lower()] = number
        except (NotImplementedError, KeyError, ValueError, TypeError):
            return ()
        try:  # "второй", "deuxième": an ordinal in its first form
            words.setdefault(num2words(number, lang=spoken, to="ordinal").lower(), number)
        except (NotImplementedError, KeyError, ValueError, TypeError, AttributeError):
            pass
    boundary = "" if any(languages.IDEOGRAPHS.search(word) for word in words) else rf"(?<!{W})"
    return (_rule("number", None, rf"{boundary}(?P<word>{_alternation(words)})"
                                  + ("" if not boundary else CJK_E),
                  lambda match, words=words: str(words[" ".join(match["word"].split())]),
                  required=False),)


EXTRA_WORDS = {"zh": {"两": 2, "双": 2, "俩": 2}, "ko": dict(zip(("한", "두", "세", "네", "다섯", "여섯", "일곱",
                                                "여덟", "아홉", "열"), range(1, 11)))}


def figures(text: str, lang: str) -> Figures:
    """The figures of a text in a language."""
    found, rest = _read_digits(text, lang)
    found += _read_words(rest, lang)
    return Figures(frozenset(figure for figure, required in found if required),
                   frozenset(figure for figure, required in found if not required))


def _read_digits(text: str, lang: str) -> tuple[list[tuple[Figure, bool]], str]:
    """The figures the language's rules find, each marked required or not, and the rest."""
    found: list[tuple[Figure, bool]] = []
    rest = _read(rules_of(lang), text, found)
    return found, rest


@functools.lru_cache(maxsize=16384)
def _source_digits(text: str, lang: str) -> tuple[tuple[tuple[Figure, bool], ...], str]:
    """_read_digits of a source block, read once: it is compared with each translation's
    (the checks go language by language, so a translation's block is read once anyway)."""
    found, rest = _read_digits(text, lang)
    return tuple(found), rest


def _read_words(rest: str, lang: str) -> list[tuple[Figure, bool]]:
    """The number words in what the other rules left: optional figures."""
    found: list[tuple[Figure, bool]] = []
    _read(word_rules_of(lang), rest.lower(), found)
    return found


def _read(rules: tuple[Rule, ...], text: str, found: list) -> str:
    """Apply the rules in order to the text and return what none of them consumed."""
    cues: dict[str, bool] = {}
    for rule in rules:
        if rule.cue and rule.cue not in cues:
            cues[rule.cue] = CUES[rule.cue].search(text) is not None
        if rule.cue is None or cues[rule.cue]:
            replace = functools.partial(_consume, rule, found) if rule.kind else rule.rewrite
            text = rule.pattern.sub(replace, text)
    return text


def _consume(rule: Rule, found: list, match: re.Match) -> str:
    """Record the figure of a match and blank it out; an impossible one is left alone."""
    value = rule.value(match)
    if value is None:
        return match[0]
    found.append((Figure(rule.kind, value, " ".join(match[0].split())), rule.required))
    return " "


class Mismatch(str):
    """The message about one figure, with the figure as each side writes it (None on the
    side that lacks it), so that a reader of the whole page can place it."""

    source: str | None = None
    translation: str | None = None


def _mismatch(message: str, source: str | None, translation: str | None) -> Mismatch:
    mismatch = Mismatch(message)
    mismatch.source, mismatch.translation = source, translation
    return mismatch


def mismatches(source: str, source_lang: str, translation: str, lang: str,
               written: tuple[str, str] | None = None) -> list[Mismatch]:
    """Messages for every figure of one side that the other side does not have; a figure
    that changed (one missing, one of its kind in its place) is one message.

    A date may be written as the other language writes it: "15 Aug 2016" left in a Chinese
    page, "2013/07/14" in an English one. When some figure lacks its match, both sides are
    read again with the other language's dates too, and the reading that matches more is
    kept. Numbers are never borrowed: "1.000" means one in English and a thousand in
    Vietnamese.

    `written` are both sides as written, code and addresses included: a figure one side
    lacks that the other writes inside a word or in code, where figures are not read, is
    there ("file1" or "2x" in English for 文件1 or 2 倍 in Chinese, `/24` in code for
    "/ 24" in prose)."""
    messages = _mismatches(source, source_lang, translation, lang, written=written)
    if messages and source_lang != lang:
        borrowed = _mismatches(source, source_lang, translation, lang, True, written)
        if len(borrowed) < len(messages):
            return borrowed
    return messages


def _with_dates_of(lang: str, other: str) -> tuple[Rule, ...]:
    """A language's rules with the other language's dates read before its numbers."""
    rules = rules_of(lang)
    dates = tuple(rule for rule in rules_of(other) if rule.kind in ("date", "month"))
    at = next((index for index, rule in enumerate(rules) if rule.kind == "number"), len(rules))
    return rules[:at] + dates + rules[at:]


def _mismatches(source: str, source_lang: str, translation: str, lang: str,
                borrow: bool = False, written: tuple[str, str] | None = None
                ) -> list[Mismatch]:
    if borrow:
        ours, theirs = [], []
        our_rest = _read(_with_dates_of(source_lang, lang), source, ours)
        their_rest = _read(_with_dates_of(lang, source_lang), translation, theirs)
    else:
        ours, our_rest = _source_digits(source, source_lang)
        ours = list(ours)
        theirs, their_rest = _read_digits(translation, lang)
    # Number words are read only when some figure lacks its match: mostly they are not.
    missing = _unmatched(ours, theirs, lambda: _read_words(their_rest, lang))
    extra = _unmatched(theirs, ours, lambda: _read_words(our_rest, source_lang))
    if written is not None and (missing or extra):
        theirs_written, ours_written = _written_runs(written[1]), _written_runs(written[0])
        missing = [(kind, text) for kind, text in missing if _core(text) not in theirs_written]
        extra = [(kind, text) for kind, text in extra if _core(text) not in ours_written]
    messages = []
    for kind, text in missing:
        changed = next((found for found in extra if found[0] == kind), None)
        if changed is not None:
            extra.remove(changed)
            messages.append(_mismatch(_(
                "{figure} in the source is {changed} in the translation").format(
                    figure=text, changed=changed[1]), text, changed[1]))
        else:
            messages.append(_mismatch(_(
                "{figure} in the source is missing from the translation").format(figure=text),
                text, None))
    return messages + [_mismatch(_("the translation has {figure} that is not in the source").format(
        figure=text), None, text) for _kind, text in extra]


DIGIT_RUN = re.compile(r"\d+(?:[.,:/-]\d+)*")
CORE = re.compile(r"(\d+(?:[.,:/-]\d+)*)[^\W\d]*%?")


def _written_runs(text: str) -> frozenset[str]:
    """Every run of digits in a text as written, in words and code too ('file1', '2x',
    '6.1.0', '2020/01/02'), and each of its parts: read in one pass."""
    runs = set()
    for match in DIGIT_RUN.finditer(text):
        runs.add(match[0])
        runs.update(re.split(r"[.,:/-]", match[0]))
    return frozenset(runs)


def _core(figure: str) -> str | None:
    """A figure's digits as a run is written ('10' of '10s', '6.1.0'); None for a figure of
    words and digits ('250 triệu'), which is never found written otherwise."""
    match = CORE.fullmatch(figure)
    return match[1] if match else None


def _unmatched(side: list, other: list, other_words: Callable[[], list]) -> list[tuple[str, str]]:
    """The kind and text of one side's required figures whose value the other side lacks,
    in the order they are written."""
    present = {(figure.kind, figure.value) for figure, _ in other}
    lacking = [(figure.kind, figure.value, figure.text) for figure, required in side
               if required and (figure.kind, figure.value) not in present]
    if lacking:
        present |= {(figure.kind, figure.value) for figure, _ in other_words()}
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, value, text in lacking:
        if (kind, value) not in present and not _year_shared(kind, value, present):
            texts.setdefault((kind, value), (kind, text))
    return list(texts.values())


def _year_shared(kind: str, value: str, present: set[tuple[str, str]]) -> bool:
    """Two days of one year written with the year once, each side at another day: "20/5 và
    20/11/2019", "2019年5月20日和11月20日". A day with its year answers the same day without
    it when the other side states that year; a day without its year, the same day with one."""
    if kind != "date":
        return False
    if value.startswith("--"):
        return any(other_kind == "date" and other.endswith(value[1:])
                   for other_kind, other in present)
    year, day = value[:4], "-" + value[4:]
    return ("date", day) in present and any(
        other.startswith(year) for _kind, other in present)
