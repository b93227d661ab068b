"""Legacy Vietnamese: TCVN3 and VNI bytes shown as cp1252 are found per line and read back."""
import itertools
import unicodedata
from pathlib import Path

import pytest

from build_tools.text.legacy import INITIALS, RHYMES, detect, is_syllable, to_unicode

DOCS = Path(__file__).resolve().parent.parent / "docs"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

# The encoders below are written from the byte values of the standards, independently of
# the module's tables: TCVN 5712:1993 VN3, and VNI Windows as its mark bytes.
TCVN3_BYTES = {  # no tone, huyền, sắc, hỏi, ngã, nặng
    "a": (0x61, 0xB5, 0xB8, 0xB6, 0xB7, 0xB9), "ă": (0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB), "e": (0x65, 0xCC, 0xD0, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6), "i": (0x69, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE),
    "o": (0x6F, 0xDF, 0xE3, 0xE1, 0xE2, 0xE4), "ô": (0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE), "u": (0x75, 0xEF, 0xF3, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9), "y": (0x79, 0xFA, 0xFD, 0xFB, 0xFC, 0xFE),
}
TCVN3_OWN_BYTE = {"đ": 0xAE, "Đ": 0xA7, "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4,
                  "Ơ": 0xA5, "Ư": 0xA6}
VNI_TONE = (None, 0xF8, 0xF9, 0xFB, 0xF5, 0xEF)
VNI_CIRCUMFLEX = (0xE2, 0xE0, 0xE1, 0xE5, 0xE3, 0xE4)
VNI_BREVE = (0xEA, 0xE8, 0xE9, 0xFA, 0xFC, 0xEB)
VNI_I = (0x69, 0xEC, 0xED, 0xE6, 0xF3, 0xF2)
VNI_HORN = {"o": 0xF4, "u": 0xF6}
VNI_D, VNI_Y_NANG = 0xF1, 0xEE


def split(letter):
    """A small letter as (base with its shape, tone number)."""
    parts = unicodedata.normalize("NFD", letter)
    tone = next((TONES.index(c) for c in parts if c in TONES[1:]), 0)
    shaped = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES[1:]))
    return shaped, tone


def tcvn3_char(char):
    if char in TCVN3_OWN_BYTE:
        return bytes([TCVN3_OWN_BYTE[char]])
    shaped, tone = split(char.lower())
    if shaped not in TCVN3_BYTES:
        return char.encode("cp1252")
    byte = TCVN3_BYTES[shaped][tone]
    # A toned capital has no byte: the small letter stands for it.
    return bytes([byte]).upper() if byte < 0x80 and char.isupper() else bytes([byte])


def vni_small(letter):
    shaped, tone = split(letter)
    base = unicodedata.normalize("NFD", shaped)[0]
    if shaped == "đ":
        return [VNI_D]
    if base == "i":
        return [VNI_I[tone]]
    if shaped == "y" and tone == 5:
        return [VNI_Y_NANG]
    if shaped in ("ơ", "ư"):
        head, tail = [VNI_HORN[base]], VNI_TONE[tone]
    elif shaped in ("â", "ê", "ô"):
        head, tail = [ord(base)], VNI_CIRCUMFLEX[tone]
    elif shaped == "ă":
        head, tail = [ord(base)], VNI_BREVE[tone]
    else:
        head, tail = [ord(base)], VNI_TONE[tone]
    return head + ([tail] if tail else [])


def vni_char(char):
    if char.lower() not in VIETNAMESE_SMALL:
        return char.encode("cp1252")
    small = vni_small(char.lower())
    # VNI capitals are the capitals of every byte: 0xF9 -> 0xD9, 'a' -> 'A'.
    return bytes(b - 0x20 if char.isupper() else b for b in small)


def as_pasted(encode, text):
    """Unicode -> legacy bytes -> shown as cp1252, as the garbage appears in UTF-8 files."""
    return b"".join(encode(c) for c in text).decode("cp1252")


def tcvn3(text):
    return as_pasted(tcvn3_char, text)


def vni(text):
    return as_pasted(vni_char, text)


def letters(tone_range=range(6)):
    return [unicodedata.normalize("NFC", v + TONES[t]) for v in VOWELS for t in tone_range]


ALL_LETTERS = letters() + ["đ"]
VIETNAMESE_SMALL = set(ALL_LETTERS) | set("abcdefghijklmnopqrstuvwxyz")


def toned(rhyme, tone, old_style):
    """The rhyme with its tone where Vietnamese puts it (old style: hòa, new style: hoà)."""
    vowels = [i for i, c in enumerate(rhyme) if c in VOWELS]
    shaped = [i for i in vowels if rhyme[i] in "ăâêôơư"]
    if shaped:
        at = shaped[-1]
    elif len(vowels) == 1 or vowels[-1] < len(rhyme) - 1:
        at = vowels[-1]
    elif rhyme in ("oa", "oe", "uy"):
        at = vowels[0] if old_style else vowels[-1]
    else:
        at = vowels[len(vowels) // 2 if len(vowels) == 3 else 0]
    return unicodedata.normalize("NFC", rhyme[:at + 1] + TONES[tone] + rhyme[at + 1:])


def syllables():
    """Every initial with every rhyme and tone, in both tone placements: about 20,000 words."""
    found = set()
    for initial, rhyme, tone, old in itertools.product(("",) + INITIALS, RHYMES, range(6), (0, 1)):
        # "qu" and "gi" already hold their glide: "quu", "gii" are not written.
        if (initial == "qu" and rhyme[0] in "uoư") or (initial == "gi" and rhyme[0] == "i"):
            continue
        # A syllable closed by c, ch, p, t takes only sắc or nặng; the loanword rhymes
        # "ooc", "oong" (soóc, boong) never take ngã.
        if (rhyme.endswith(("c", "ch", "p", "t")) and tone not in (2, 5)) or (
                rhyme.startswith("oo") and tone == 4):
            continue
        found.add(initial + toned(rhyme, tone, old))
    return sorted(found)


SYLLABLES = syllables()


def lines_of(words, size=9):
    return [" ".join(words[i:i + size]) for i in range(0, len(words), size)]


SENTENCE = "Kế hoạch công tác thông tin đối ngoại tỉnh Bình Dương năm 2019"

REAL_WORLD = [
    ("B×nh D\xad¬ng", "TCVN3", "Bình Dương"),
    ("Ninh B×nh", "TCVN3", "Ninh Bình"),
    ("B¶o Th¾ng", "TCVN3", "Bảo Thắng"),
    ("Vieät Nam", "VNI", "Việt Nam"),
    ("Bình Döông", "VNI", "Bình Dương"),
    ("Xin chaøo caùc baïn", "VNI", "Xin chào các bạn"),
]

LATIN1_TEXT = [
    "Frank-Jürgen Richter",
    "Horasis was founded by Frank-Jürgen Richter in 2005.",
    "café", "Un café au lait, s’il vous plaît…",
    "Khổ sách 210 × 280 mm, sai số ± 2 mm, 25 °C",
    "© 2019 Sở Thông tin và Truyền thông tỉnh Bình Dương",
    "“Thành phố thông minh” – ‘Smart City’ — Bình Dương…",
    "naïve Zoë Noël Citroën Müller Köln Straße Bjørn Søren España São Paulo",
    "Ångström, Encyclopædia, col·lecció, «Bonjour», Horasis®, ¡Hola!, 2½ kg, 10 µm",
    "Raúl, Gödel, Curaçao, Haïti, Œuvre, Dvořák, Erdős, Gün Aydın",
    "Hoà bình, hòa bình, khoẻ, khỏe, thuý, thúy, quý, HOÀ BÌNH",
    # "où" reads as VNI "ó": twice in a long line is still French.
    "Je ne sais pas où il est allé, ni où elle habite depuis le mois de juin.",
    # Albanian ë reads as TCVN3 "ở"; the word it cannot read gives it away.
    "Ishujt Periferikë të SHBA-së",
    "210 × 280 mm, © 2019",
    "10 µm × 20 µm",
    "meä",
]


def test_tcvn3_reads_every_small_letter_with_every_tone():
    for letter in ALL_LETTERS:
        assert to_unicode(tcvn3(letter), "TCVN3") == letter, letter


def test_tcvn3_capitals_with_a_byte_read_alone_and_toned_capitals_read_in_capital_words():
    for capital in "ĂÂĐÊÔƠƯ":
        assert to_unicode(tcvn3(capital), "TCVN3") == capital
    for capital in letters(range(1, 6)):
        word = f"T{capital.upper()}NG"
        assert to_unicode(tcvn3(word), "TCVN3") == word
    # Alone, a toned capital shares its byte with the small letter: the small one is read.
    assert to_unicode(tcvn3("Ấ"), "TCVN3") == "ấ"


@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_vni_reads_every_letter_with_every_tone_in_both_cases(case):
    for letter in ALL_LETTERS:
        assert to_unicode(vni(case(letter)), "VNI") == case(letter), letter


@pytest.mark.parametrize("encoding, encode", [("TCVN3", tcvn3), ("VNI", vni)])
def test_every_syllable_round_trips(encoding, encode):
    for line in lines_of(SYLLABLES):
        assert to_unicode(encode(line), encoding) == line
        assert to_unicode(encode(line.upper()), encoding) == line.upper()


def test_vni_round_trips_capitalised_words():
    for line in lines_of([word.capitalize() for word in SYLLABLES]):
        assert to_unicode(vni(line), "VNI") == line


@pytest.mark.parametrize("legacy, encoding, unicode", REAL_WORLD)
def test_real_world_samples_are_found_and_read(legacy, encoding, unicode):
    assert {"TCVN3": tcvn3, "VNI": vni}[encoding](unicode) == legacy
    assert detect(legacy) == encoding
    assert to_unicode(legacy, encoding) == unicode


@pytest.mark.parametrize("encoding, encode", [("TCVN3", tcvn3), ("VNI", vni)])
def test_a_plan_title_is_found_and_read_back(encoding, encode):
    for title in (SENTENCE, SENTENCE.upper()):
        assert detect(encode(title)) == encoding
        assert to_unicode(encode(title), encoding) == title
        assert unicodedata.is_normalized("NFC", to_unicode(encode(title), encoding))


def test_the_plan_title_as_pasted_reads_as_known():
    assert tcvn3(SENTENCE) == (
        "KÕ ho¹ch c«ng t¸c th«ng tin ®èi ngo¹i tØnh B×nh D\xad¬ng n¨m 2019")
    assert vni(SENTENCE) == (
        "Keá hoaïch coâng taùc thoâng tin ñoái ngoaïi tænh Bình Döông naêm 2019")


@pytest.mark.parametrize("encode", [tcvn3, vni])
def test_legacy_bytes_look_the_same_pasted_as_cp1252_or_latin1(encode):
    # Neither encoding uses 0x80-0x9F, where the two differ.
    raw = encode(SENTENCE.upper() + SENTENCE).encode("cp1252")
    assert raw.decode("latin-1") == raw.decode("cp1252")


def launch_lines():
    for path in sorted(DOCS.rglob("*")):
        try:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
        except UnicodeDecodeError:  # the cover images
            continue
        yield from ((f"{path}:{number}", line) for number, line in enumerate(text.splitlines(), 1))


def test_launch_content_is_never_taken_for_legacy():
    lines = list(launch_lines())
    assert len(lines) > 500
    assert [place for place, line in lines if detect(line)] == []


@pytest.mark.parametrize("line", LATIN1_TEXT)
def test_latin1_text_is_not_legacy(line):
    assert detect(line) is None


@pytest.mark.parametrize("case", [str.lower, str.capitalize, str.upper])
def test_no_unicode_syllable_is_taken_for_legacy(case):
    for line in lines_of([case(word) for word in SYLLABLES]):
        assert detect(line) is None, line


def vietnamese_launch_lines():
    """Lines of the Vietnamese launch content with at least three words carrying a mark."""
    for place, line in launch_lines():
        marked = [word for word in line.split() if not word.isascii()]
        plain = set(line.lower()) <= VIETNAMESE_SMALL | set(" 0123456789.,:;!?()[]|*#-_/\"'")
        if "/vi/" in place and len(marked) >= 3 and plain:
            yield place, line


@pytest.mark.parametrize("encoding, encode", [("TCVN3", tcvn3), ("VNI", vni)])
def test_vietnamese_launch_content_typed_in_legacy_is_found_and_read_back(encoding, encode):
    lines = list(vietnamese_launch_lines())
    assert len(lines) > 100
    assert [place for place, line in lines if detect(encode(line)) != encoding] == []
    for place, line in lines:
        # TCVN3 keeps no case for toned capitals: compare what it can keep.
        read = to_unicode(encode(line), encoding)
        assert (read.lower() if encoding == "TCVN3" else read) == (
            line.lower() if encoding == "TCVN3" else line), place


def test_a_legacy_word_must_read_as_a_vietnamese_syllable():
    assert all(is_syllable(w) for w in ("người", "Dương", "khuỷu", "quốc", "gìn", "NGHIÊNG"))
    assert not any(is_syllable(w) for w in ("Jỹrgen", "Horasisđ", "ôbonjourằ", "hoàà", "môc"))


def test_unknown_encodings_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="TCVN3, VNI"):
        to_unicode("abc", "VISCII")


def test_when_both_encodings_read_a_line_the_one_reading_more_words_wins():
    # TCVN3 "nhö cöa" is "nhử cửa", VNI "nhö cöa" is "như cưa"; "m¸y" is TCVN3 only.
    assert detect("nhö cöa tö m¸y") == "TCVN3"
    assert detect("nhö cöa tö") == "TCVN3"  # a tie goes to TCVN3, the national standard
    assert detect("nhö cöa tö Vieät") == "VNI"
