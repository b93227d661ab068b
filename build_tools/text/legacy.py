"""Legacy Vietnamese: TCVN3 and VNI bytes shown as cp1252 in UTF-8 text, found and read back."""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Callable

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
"""No tone, huyền, sắc, hỏi, ngã, nặng: the order of every row of the tables below."""

TCVN3_VOWELS = {
    "a": "aµ¸¶·¹", "ă": "¨»¾¼½Æ", "â": "©ÇÊÈÉË",
    "e": "eÌÐÎÏÑ", "ê": "ªÒÕÓÔÖ",
    "i": "i×ÝØÜÞ",
    "o": "oßãáâä", "ô": "«åèæçé", "ơ": "¬êíëìî",
    "u": "uïóñòô", "ư": "\xadõøö÷ù",
    "y": "yúýûüþ",
}
"""TCVN 5712:1993 VN3 (ABC, the .VnTime fonts): one byte per toned vowel, written as the
cp1252 character of that byte. Capitals with a tone have no byte of their own: the
.VnTimeH fonts draw these same bytes as capitals."""

TCVN3_OTHERS = {"đ": "®", "Đ": "§", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}
"""The letters of TCVN3 outside the vowel rows: đ, and the capitals that do have a byte."""

VNI_VOWELS = {
    "a": ("a", "aø", "aù", "aû", "aõ", "aï"),
    "ă": ("aê", "aè", "aé", "aú", "aü", "aë"),
    "â": ("aâ", "aà", "aá", "aå", "aã", "aä"),
    "e": ("e", "eø", "eù", "eû", "eõ", "eï"),
    "ê": ("eâ", "eà", "eá", "eå", "eã", "eä"),
    "i": ("i", "ì", "í", "æ", "ó", "ò"),
    "o": ("o", "oø", "où", "oû", "oõ", "oï"),
    "ô": ("oâ", "oà", "oá", "oå", "oã", "oä"),
    "ơ": ("ô", "ôø", "ôù", "ôû", "ôõ", "ôï"),
    "u": ("u", "uø", "uù", "uû", "uõ", "uï"),
    "ư": ("ö", "öø", "öù", "öû", "öõ", "öï"),
    "y": ("y", "yø", "yù", "yû", "yõ", "î"),
}
"""VNI Windows (the VNI-Times fonts): a base byte and at most one mark byte after it, as
cp1252 characters. A capital is the capital of every byte: 'AÙ' is 'Á', 'Ö' is 'Ư'."""

VNI_OTHERS = {"đ": "ñ", "Đ": "Ñ"}

INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
            "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
RHYMES = """
    a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
    i ia ich iêc iêm iên iêng iêp iêt iêu im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
    oc oe oen oeo oet oi om on ong ooc oong op ot ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u ua uân uâng uât uây uc uê uêch uênh ui um un ung uôc uôi uôm uôn uông uôt up ut
    uy uya uych uyên uyêt uyn uynh uyp uyt uyu uơ
    ư ưa ưc ưi ưm ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu y yêm yên yêt yêu
""".split()
"""Vietnamese syllables without their tone: a legacy word must read as one of them."""

MIN_SIGNALS = 2
MIN_SHARE = 0.25
"""Without a telltale, a line needs this many legacy words, making this share of its words."""
MIN_BACKED = 3
"""Or one legacy-looking word among this many marked words that all read as Vietnamese."""

VNI_AMBIGUOUS_PAIRS = ("oà", "oá", "oã", "OÀ", "OÁ", "OÃ")
# Old-style tone placement writes "hoà", "hoá" in Unicode: these pairs prove nothing.


def _letter(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


def _tcvn3_decoding() -> dict[str, str]:
    table = {byte: _letter(vowel, tone)
             for vowel, row in TCVN3_VOWELS.items() for byte, tone in zip(row, TONES)}
    table.update({byte: letter for letter, byte in TCVN3_OTHERS.items()})
    return {byte: letter for byte, letter in table.items() if not byte.isascii()}


def _vni_decoding() -> dict[str, str]:
    table = {bytes_: _letter(vowel, tone)
             for vowel, row in VNI_VOWELS.items() for bytes_, tone in zip(row, TONES)}
    table.update({bytes_: letter for letter, bytes_ in VNI_OTHERS.items()})
    table.update({bytes_.upper(): letter.upper() for bytes_, letter in table.items()})
    return {bytes_: letter for bytes_, letter in table.items() if not bytes_.isascii()}


TCVN3_DECODING = _tcvn3_decoding()
VNI_DECODING = _vni_decoding()
VIETNAMESE_LETTERS = frozenset(
    {_letter(v, t) for v in TCVN3_VOWELS for t in TONES} | {"đ"}
    | {_letter(v, t).upper() for v in TCVN3_VOWELS for t in TONES} | {"Đ"})


def _chars(chars) -> str:
    return re.escape("".join(sorted(set(chars))))


_TCVN3_TRANSLATION = str.maketrans(TCVN3_DECODING)
_TCVN3_WORD = re.compile(f"[A-Za-z{_chars(TCVN3_DECODING)}]+")
_VNI_SEQUENCE = re.compile("|".join(
    re.escape(bytes_) for bytes_ in sorted(VNI_DECODING, key=len, reverse=True)))
_VNI_WORD = re.compile(f"[A-Za-z{_chars(''.join(VNI_DECODING))}]+")
_TONE_MARKS = str.maketrans("", "", "".join(TONES))
_STOPPED = re.compile("(?:c|ch|p|t)$")
_STOP_TONES = ({TONES[2]}, {TONES[5]})
_SYLLABLE = re.compile("(?:{})?(?:{})".format(
    "|".join(INITIALS), "|".join(sorted(RHYMES, key=len, reverse=True))))


def _capitals(word: str, line_in_capitals: bool) -> bool:
    """Whether a TCVN3 word was typed in capitals, read from its plain letters."""
    plain = [c for c in word if c.isascii()]
    return all(c.isupper() for c in plain) and (len(plain) >= 2 or line_in_capitals)


def _from_tcvn3(text: str) -> str:
    # A toned capital shares its byte with the small letter, so the case of the word's
    # plain letters (or the whole line's) decides: "VIÖT" is "VIỆT", "KÕ ho¹ch" "Kế hoạch".
    plain = [c for c in text if c.isascii() and c.isalpha()]
    line_in_capitals = len(plain) >= 2 and all(c.isupper() for c in plain)

    def word(match: re.Match) -> str:
        unicode = match[0].translate(_TCVN3_TRANSLATION)
        return unicode.upper() if _capitals(match[0], line_in_capitals) else unicode
    return _TCVN3_WORD.sub(word, text)


def _from_vni(text: str) -> str:
    return _VNI_SEQUENCE.sub(lambda match: VNI_DECODING[match[0]], text)


def is_syllable(word: str) -> bool:
    """Whether a Unicode word reads as one Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = decomposed.translate(_TONE_MARKS)
    if len(decomposed) - len(bare) > 1:
        return False
    tones = set(decomposed) - set(bare)
    syllable = _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare))
    # A syllable closed by c, ch, p or t takes only the sắc or nặng tone.
    return syllable is not None and (not _STOPPED.search(bare) or tones in _STOP_TONES)


@dataclasses.dataclass(frozen=True)
class Encoding:
    """How one legacy encoding shows in a line, and how to read it back."""

    name: str
    word: re.Pattern
    """A run of letters and legacy bytes."""
    marker: re.Pattern
    """What Unicode Vietnamese never writes: a word with it is legacy if it reads as a syllable."""
    telltale: re.Pattern
    """A marker no other language writes either: one such word is enough."""
    decode: Callable[[str], str]
    """The text with every legacy letter turned into Unicode."""


def _tcvn3() -> Encoding:
    odd = {c for c in TCVN3_DECODING if c not in VIETNAMESE_LETTERS} - {"µ"}
    toned_small = {c for c in TCVN3_DECODING if c in VIETNAMESE_LETTERS and c.isupper()}
    capitals = _chars(c for c in TCVN3_DECODING if c.isupper())
    # µ is the micro sign of "10 µm"; as "à" it mostly follows a letter ("lµm").
    marker = f"[{_chars(odd)}]|(?<=[A-Za-z])µ|[a-z][{_chars(toned_small)}]"
    # Small toned letters drawn as capitals sit inside words: "tØnh", "VIÖT".
    telltale = (r"\xad[\xac\xea-\xee]|^[®§].|[A-Za-z][¨©«¬\xadµ¶·¸¹»¼½¾×÷][A-Za-z]"
                f"|[a-z][{capitals}]|[A-Z][{capitals}][A-Z]")
    return Encoding("TCVN3", _TCVN3_WORD, re.compile(marker), re.compile(telltale),
                    _from_tcvn3)


def _vni() -> Encoding:
    pairs = {s for s in VNI_DECODING if len(s) == 2} - set(VNI_AMBIGUOUS_PAIRS)
    odd = {c for c in VNI_DECODING if len(c) == 1 and c not in VIETNAMESE_LETTERS}
    marks = {base: {p[1] for p in pairs if p[0] == base} for base, _ in pairs}
    # One class of marks per base letter: the regex scans each line once, quickly.
    marker = "|".join(f"{base}[{_chars(marks[base])}]" for base in sorted(marks))
    marker += f"|[{_chars(odd)}]"
    # A circumflex or breve byte inside a word, as in "Vieät"; "meä" at a word's end is Estonian.
    telltale = "öô|ÖÔ|(?:[aeo][âäå]|a[êëü])[a-z]|(?:[AEO][ÂÄÅ]|A[ÊËÜ])[A-Z]"
    return Encoding("VNI", _VNI_WORD, re.compile(marker), re.compile(telltale), _from_vni)


ENCODINGS = {encoding.name: encoding for encoding in (_tcvn3(), _vni())}
_SUSPECT = re.compile("|".join(encoding.marker.pattern for encoding in ENCODINGS.values()))


def to_unicode(text: str, encoding: str) -> str:
    """The line converted from the legacy encoding to Unicode, NFC."""
    if encoding not in ENCODINGS:
        raise ValueError(
            f"encoding must be one of {', '.join(ENCODINGS)}, not {encoding!r}")
    return unicodedata.normalize("NFC", ENCODINGS[encoding].decode(text))


def _reads(word: str, encoding: Encoding) -> bool:
    return is_syllable(to_unicode(word, encoding.name))


def _evidence(text: str, encoding: Encoding) -> tuple[int, int]:
    """How many words read as legacy text, and how many marked words read as Vietnamese;
    (0, 0) when the line does not convince."""
    words = [w for w in encoding.word.findall(text) if len(w) > 1]
    marked = [w for w in words if not w.isascii()]
    readable = [w for w in marked if _reads(w, encoding)]
    legacy = [w for w in readable if encoding.marker.search(w)]
    # A marker in a word that reads as nothing is a foreign word: "Periferikë", "Müller".
    foreign = sum(1 for w in marked if encoding.marker.search(w)) - len(legacy)
    score = (len(legacy), len(readable))
    if not legacy:
        return 0, 0
    if any(encoding.telltale.search(w) for w in legacy):
        return score
    if len(legacy) - foreign >= MIN_SIGNALS and len(legacy) >= MIN_SHARE * len(words):
        return score
    # Some legacy words read as Unicode too ("moác" is VNI "mốc"): a line whose every
    # marked word reads as Vietnamese backs up its one marker.
    if len(marked) >= MIN_BACKED and len(readable) == len(marked):
        return score
    return 0, 0


def detect(text: str) -> str | None:
    """'TCVN3', 'VNI' or None for one line of text."""
    # Most lines are ASCII or clean Unicode: one scan each settles them.
    if text.isascii() or not _SUSPECT.search(text):
        return None
    # TCVN3 "ö" (ử) is VNI "ư": when both convince, the one that reads more words wins,
    # and TCVN3, the national standard of the time, wins a tie.
    verdicts = [(_evidence(text, encoding), -rank, name)
                for rank, (name, encoding) in enumerate(ENCODINGS.items())]
    (legacy_words, _), _, name = max(verdicts)
    return name if legacy_words else None
