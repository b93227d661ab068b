"""Which language a block of text is written in, by lingua-language-detector (statistical
models of 75 languages, made for short texts, no network).

Before deciding, what is not prose is taken out: code, links' addresses, tags, attribute
lists, addresses, figures and the glossary's names. What is left must be long enough for a
verdict (MIN_LETTERS letters, or MIN_IDEOGRAPHS characters of Chinese, Japanese or Korean), and the
models must be sure of it (SURE); otherwise there is no verdict.
"""
from __future__ import annotations

import functools
import re

# Links (their text kept: inline, and by reference as mkdocstrings writes them,
# [`Runner`][agents.run.Runner]), tags, attribute lists and addresses. Code goes first
# (CODE), so that a link's text that is code goes too. A construct's scan stops at the
# next one that opens ('[', '<', '{', or ']' in an address): never quadratic.
CODE = re.compile(r"`[^`]*`")
DEFINITIONS = re.compile(r"^ {0,3}\[[^\[\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
"""Link reference definitions ('[hexojs/hexo]: https://github.com/hexojs/hexo'): no prose."""
MARKUP = re.compile(r"!?\[([^\[\]]*)\](?:\([^)\]]*\)|\[[^\[\]]*\])|<[^<>]+>|\{[^{}]*\}"
                    r"|https?://\S+")
WORD = re.compile(r"[^\W\d_]+")
LETTER = re.compile(r"[^\W\d_]")
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
"""Kana, Han and hangul, as a character-class range."""
IDEOGRAPHS = re.compile(f"[{CJK}]")
"""A handful of them already says which language it is."""
CAPITALISED = re.compile(r"\b[^\W\d_a-z][^\W\d_]*")

MIN_LETTERS = 20
MIN_IDEOGRAPHS = 6
SURE = 0.8
"""The share of confidence the most likely language must have."""

OTHERS = ("en", "vi", "zh", "ja", "ko", "fr", "de", "es", "pt", "ru")
"""Languages a translation may be left in besides its own and the source's: the plan's
languages and the most written ones. Each model costs memory and every block's time, so
not all 75: with 16, a launch check took 21 MB and 0.4 s more than without any."""


def prose(text: str, names: re.Pattern | None = None) -> str:
    """The words of a block's Markdown that say which language it is in."""
    text = MARKUP.sub(lambda match: f" {match[1] or ''} ",
                      CODE.sub(" ", DEFINITIONS.sub(" ", text)))
    if names is not None:
        text = names.sub(" ", text)
    return " ".join(WORD.findall(text))


CYRILLIC = re.compile("[\u0400-\u04ff]")
ALPHABETS = {**dict.fromkeys(("ru", "uk", "bg", "sr", "mk", "be", "kk"), CYRILLIC),
             "th": re.compile("[\u0e00-\u0e7f]"), "el": re.compile("[\u0370-\u03ff]"),
             **dict.fromkeys(("ar", "fa", "ur"), re.compile("[\u0600-\u06ff]")),
             "he": re.compile("[\u0590-\u05ff]"), "hi": re.compile("[\u0900-\u097f]")}
"""Languages with an alphabet of their own: a block mostly in it is written in it, whatever
Latin names and terms it keeps ("| Настройка | Результат |" over example paths); half a
block left in English is not."""
SCRIPTS = {"zh": IDEOGRAPHS, "ja": IDEOGRAPHS, "ko": IDEOGRAPHS}
"""Languages with a script of their own: a block with a few of its characters among
names and code in Latin letters is written in it ("[`Runner`][…]를 사용해…")."""


def in_own_script(text: str, lang: str) -> bool:
    """Whether `text` is in the script of `lang` (where it has its own)."""
    language = primary(lang)
    if language in SCRIPTS:
        return len(SCRIPTS[language].findall(text)) >= 2
    alphabet = ALPHABETS.get(language)
    if alphabet is None:
        return False
    own = len(alphabet.findall(text))
    return own > 0 and own * 2 >= len(LETTER.findall(text))


def confirmed(text: str, found: str, own: str) -> bool:
    """Whether a block judged to be in a third language (`found`) is in it, read again by
    the full models of that language and the translation's own (`own`) alone. Close
    languages (Spanish and Portuguese) share most trigrams: the quick models confuse them
    on a sentence, and a third language is reported only when the full ones agree. Their
    models load only when a block is in doubt."""
    detector, known = _pair_detector(tuple(sorted((primary(found), primary(own)))))
    if len(known) < 2:
        return True  # the translation's language is not one lingua knows
    values = detector.compute_language_confidence_values(text[:ENOUGH])
    return bool(values) and known.get(values[0].language) == primary(found) and \
        values[0].value >= SURE


def primary(code: str) -> str:
    """The language of a locale code: 'pt-BR' -> 'pt', 'zh_Hant' -> 'zh'."""
    return re.split(r"[-_]", code, maxsplit=1)[0].lower()


ENOUGH = 400
"""Characters of prose the models read: a verdict needs no more, and their time grows
with the length."""


def identify(text: str, languages: tuple[str, ...], expected: str | None = None) -> str | None:
    """The language (primary code) the prose `text` is written in, among `languages` and
    OTHERS; None when it is too short to say or the models are not sure. Names written in
    another language (capitalised words) do not decide: the text must read as a language
    other than `expected` without them too."""
    if len(IDEOGRAPHS.findall(text)) < MIN_IDEOGRAPHS and len(LETTER.findall(text)) < MIN_LETTERS:
        return None
    detector, known = _detector(tuple(sorted({primary(code) for code in languages}
                                             | set(OTHERS))))
    text = text[:ENOUGH]
    found = _sure(detector, text, known)
    if found is None or found == expected or IDEOGRAPHS.search(text):
        return found
    plain = CAPITALISED.sub(" ", text)
    if len(LETTER.findall(plain)) < MIN_LETTERS:
        return None  # mostly names: they say nothing of the language around them
    return found if _sure(detector, plain, known) == found else None


def _sure(detector, text: str, known: dict) -> str | None:
    values = detector.compute_language_confidence_values(text)
    if not values or values[0].value < SURE:
        return None
    return known.get(values[0].language)


@functools.lru_cache(maxsize=8)
def _pair_detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = {Language.from_iso_code_639_1(iso): code for code in codes
             if (iso := getattr(IsoCode639_1, code.upper(), None)) is not None}
    if len(known) < 2:
        return None, known
    return LanguageDetectorBuilder.from_languages(*known).build(), known


@functools.lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    """A detector of these languages (those lingua has), with trigram models only
    (lingua's low-accuracy mode): megabytes instead of hundreds of them; the blocks too
    short for those models to judge (MIN_LETTERS) are not judged at all."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known = {}
    for code in codes:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            known[Language.from_iso_code_639_1(iso)] = code
    detector = (LanguageDetectorBuilder.from_languages(*known).with_low_accuracy_mode()
                .build())
    return detector, known
