"""Link-preview cards (Open Graph, Twitter): the brand, the cover art and the title, drawn
with the theme's Noto fonts, and Chinese, Korean and Japanese cards with Debian's Noto Sans
CJK (fonts-noto-cjk), in the face whose glyph forms are the language's own."""
from __future__ import annotations

import functools
import io
import os
import re
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from build_tools.base.resources import CJK_FONTS_DIR, CJK_REGIONS
from build_tools.base.resources import FONTS_DIR as FONTS
from build_tools.content.image_files import upright
from build_tools.site import renditions

BRAND = (11, 79, 121)      # #0b4f79, deep river blue
DARK = (7, 58, 90)         # #073a5a
ACCENT = (179, 84, 30)     # #b3541e
WHITE = (255, 255, 255)

CARD_SIZE = (1200, 630)
MARGIN = 80
TEXT_WIDTH = 640
RULE_Y = 532               # the hairline above the date
RULE = (84, 131, 163)      # white at a third over the brand blue
ART_LEFT = 600             # where the cover art begins on a card; it fades in to the right
ART_FADE = 300
TITLE_SIZES = (64, 58, 52, 48, 44, 40)
TITLE_LINES = 3
TITLE_FONT = "NotoSans-Bold"
KICKER = ("NotoSans-Bold", 24)
SUBTITLE = ("NotoSans-Regular", 30)
SUBTITLE_LINES = 2
WHEN = ("NotoSans-Regular", 26)
CJK_FACES = {lang: f"Noto Sans CJK {region}" for lang, region in CJK_REGIONS.items()}
"""Each language's face of the collection: the same character takes that language's form."""
UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Kana and Han: written without spaces, a line may break between any two of them."""
OPENING = "「『（〈《【〔“‘("
CLOSING = "，。、；：？！」』）〉》】〕”’)．・ー…%"
"""Punctuation that never begins a line (closing) or ends one (opening), and the long
vowel mark, which belongs to the kana before it."""
CJK_TEXT = re.compile(f"[{UNSPACED}\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
"""A character only a CJK font has: kana, Han, Hangul."""
UNIT = re.compile(rf"(\s*)([{OPENING}]*(?:[{UNSPACED}]|[^\s{UNSPACED}]+)[{CLOSING}]*)")
SHOWN_MOST = 600
"""More characters than three lines of the text column can show at the smallest size (about
320 of the narrowest glyph): what follows is never drawn, so it is never measured either (a
hostile title of 100 000 characters took a minute to wrap)."""
CARD_JPEG = {"quality": 90, "optimize": True, "subsampling": 0}
"""Full colour resolution (4:4:4): halved chroma blurs white letters on the blue."""



def social_card(title: str, subtitle: str | None, kicker: str, when: str, target: Path,
                cover: Path | None = None, lang: str = "vi") -> Path:
    """A 1200×630 JPEG link-preview card (Open Graph / Twitter): the brand colour, the cover
    art (if given) on the right or as a faded band, a small kicker (e.g. "BẢN TIN · QUÝ II/2019"),
    the title in Noto Sans Bold wrapped to at most 3 lines (shrink the size if needed), the
    subtitle and date in Noto Sans Regular; text white. Vietnamese must be drawn correctly,
    with every diacritic (e.g. "Bình Dương hướng đến xây dựng thành phố thông minh", "Ủy ban",
    "Quý IV/2019"). A Chinese, Korean or Japanese card (`lang`) is set in that language's
    Noto Sans CJK, its lines broken between characters where the language allows it.
    Deterministic output (same input -> same bytes). Metadata stripped."""
    texts = [_nfc(text) for text in (title, subtitle or "", kicker, when)]
    lang = script_of("".join(texts), lang)
    faces = functools.partial(face, lang)
    _check_glyphs(target, "".join(texts), lang)
    texts = [text[:SHOWN_MOST] for text in texts]
    card = _background()
    if cover is not None:
        _add_cover_art(card, cover)
    else:
        _add_rings(card)
    _write_text(ImageDraw.Draw(card), faces, *texts)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")  # a card is whole, or not there
    # JPEG: a third of the bytes of a PNG (level 6), saved in a ninth of the time.
    card.save(partial, "JPEG", **CARD_JPEG)
    partial.replace(target)
    return target


@functools.cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """One of the theme's Noto fonts (e.g. "NotoSans-Bold") at a pixel size."""
    try:  # FreeType reads WOFF2 itself when it is built with Brotli (Pillow's wheels are)
        return ImageFont.truetype(str(font_path(name)), size)
    except OSError:
        return ImageFont.truetype(io.BytesIO(_truetype(name)), size)


def script_of(text: str, lang: str) -> str:
    """The language whose fonts set a card's text: a CJK language's only when the text has
    kana, Han or Hangul (a title not translated yet is set as in Vietnamese)."""
    return lang if lang in CJK_FACES and CJK_TEXT.search(text) else "vi"


class FontMissing(ValueError):
    """The fonts a card needs are not installed."""


def face(lang: str, name: str, size: int) -> ImageFont.FreeTypeFont:
    """The font a card in `lang` sets text in: a theme font ("NotoSans-Bold"), or for
    Chinese, Korean and Japanese the same weight of Noto Sans CJK in the language's face."""
    if lang not in CJK_FACES:
        return font(name, size)
    path, index = _cjk_face(lang, name.rpartition("-")[2])
    return _cjk_font(path, index, size)


@functools.cache
def _cjk_font(path: Path, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, index=index)


@functools.cache
def _cjk_face(lang: str, weight: str) -> tuple[Path, int]:
    """The collection file and the index of the language's face in it."""
    path = CJK_FONTS_DIR / f"NotoSansCJK-{weight}.ttc"
    if not path.is_file():
        raise FontMissing(f"{path}: Noto Sans CJK is missing; the {lang} cards need it: "
                          f"install Debian's fonts-noto-cjk (make system)")
    for index in range(16):
        try:
            if ImageFont.truetype(str(path), 12, index=index).getname()[0] == CJK_FACES[lang]:
                return path, index
        except OSError:
            break
    raise ValueError(f"{path}: has no face {CJK_FACES[lang]}")


def font_path(name: str) -> Path:
    """The committed WOFF2 file of a theme font."""
    return FONTS / f"{name}.woff2"


# -- social cards -----------------------------------------------------------------------

def _background() -> Image.Image:
    """The brand blue, darkening towards the lower right (a copy to draw on)."""
    return _blue().copy()


@functools.cache
def _blue() -> Image.Image:
    ramp = Image.new("L", (16, 9))
    ramp.putdata([round(255 * (x / 15 + y / 8) / 2) for y in range(9) for x in range(16)])
    ramp = ramp.resize(CARD_SIZE, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", CARD_SIZE, DARK), Image.new("RGB", CARD_SIZE, BRAND),
                           ramp)


def _add_cover_art(card: Image.Image, cover: Path) -> None:
    """The cover on the right of the card, fading into the brand blue behind the text."""
    stat = cover.stat()
    art, mask = _cover_art(cover, stat.st_mtime_ns, stat.st_size)
    card.paste(art, (ART_LEFT, 0), mask)


@functools.lru_cache(maxsize=2)
def _cover_art(cover: Path, _mtime: int, _size: int) -> tuple[Image.Image, Image.Image]:
    """A cover's art and the mask that fades it in: the same on every language's card of a
    publication, made once for them (the file's time and size in the key)."""
    width, height = CARD_SIZE[0] - ART_LEFT, CARD_SIZE[1]
    with Image.open(cover) as original:
        art = ImageOps.fit(upright(original, (width, height)).convert("RGB"), (width, height),
                           renditions.RESAMPLING, centering=(0.6, 0.4))
    fade = Image.linear_gradient("L").rotate(90).resize((ART_FADE, height))
    mask = Image.new("L", (width, height), 255)
    mask.paste(fade, (0, 0))
    return art, mask


def _add_rings(card: Image.Image) -> None:
    """Faint concentric rings where a cover would be, so a card without art is not bare."""
    overlay = Image.new("RGBA", CARD_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    centre_x, centre_y = 1000, 270
    for step, radius in enumerate(range(60, 420, 60)):
        alpha = 72 - step * 10
        draw.ellipse((centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius),
                     outline=WHITE + (alpha,), width=2)
    draw.ellipse((centre_x - 9, centre_y - 9, centre_x + 9, centre_y + 9), fill=ACCENT + (255,))
    card.paste(Image.alpha_composite(card.convert("RGBA"), overlay).convert("RGB"))


def _write_text(draw: ImageDraw.ImageDraw, faces, title: str, subtitle: str, kicker: str,
                when: str) -> None:
    """Kicker, title and subtitle from the top; the date below a rule at the foot.
    `faces(name, size)` gives the fonts."""
    draw.rectangle((MARGIN, 66, MARGIN + 64, 71), fill=ACCENT)
    kicker_font, title_font = faces(*KICKER), _title_font(title, faces)
    sub_font = faces(*SUBTITLE)
    y = _draw_lines(draw, _lines(kicker, kicker_font, 1), kicker_font, 96)
    y = _draw_lines(draw, _lines(title, title_font, TITLE_LINES), title_font, y + 18)
    # The subtitle gives way (fewer lines, then "…") before it would reach the rule.
    room = (RULE_Y - 16 - (y + 12)) // _pitch(sub_font)
    _draw_lines(draw, _lines(subtitle, sub_font, min(SUBTITLE_LINES, room)), sub_font, y + 12)
    draw.rectangle((MARGIN, RULE_Y, MARGIN + TEXT_WIDTH, RULE_Y + 1), fill=RULE)
    when_font = faces(*WHEN)
    draw.text((MARGIN, RULE_Y + 46), " ".join(_lines(when, when_font, 1)), font=when_font,
              fill=WHITE, anchor="ls")


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], line_font: ImageFont.FreeTypeFont,
                top: int) -> int:
    """Lines set from `top` (room for the tallest stacked marks); returns the y below them."""
    ascent, descent = line_font.getmetrics()
    pitch = _pitch(line_font)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + ascent + number * pitch), line, font=line_font, fill=WHITE,
                  anchor="ls")
    return top + ascent + (len(lines) - 1) * pitch + descent if lines else top


def _pitch(line_font: ImageFont.FreeTypeFont) -> int:
    """Noto's own line height (1.36 em): a stacked capital such as "Ỗ" (1.08 em) standing
    right under a "g" (0.25 em) still clears it; tighter leading made them touch."""
    return sum(line_font.getmetrics())


def _title_font(title: str, faces=font) -> ImageFont.FreeTypeFont:
    """The largest title size that fits in three lines (the smallest, cut, if none does)."""
    for size in TITLE_SIZES:
        title_font = faces(TITLE_FONT, size)
        if len(_wrap(title, title_font, TEXT_WIDTH)) <= TITLE_LINES:
            break
    return title_font


def _lines(text: str, line_font: ImageFont.FreeTypeFont, most: int) -> list[str]:
    """`text` in at most `most` lines, balanced so no word is left alone on the last one;
    what does not fit is cut, ending in "…"."""
    if most <= 0:
        return []
    lines = _wrap_units(_units(text), line_font, TEXT_WIDTH)
    if len(lines) > most:
        kept = lines[:most - 1] + [[unit for line in lines[most - 1:] for unit in line]]
        return [_ellipsized(_joined(line), line_font, TEXT_WIDTH) for line in kept]
    low, high = TEXT_WIDTH // 2, TEXT_WIDTH
    while low < high:
        middle = (low + high) // 2
        if len(_wrap(text, line_font, middle)) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return [_ellipsized(line, line_font, TEXT_WIDTH) for line in _wrap(text, line_font, high)]


def _wrap(text: str, line_font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words filled greedily into lines of `width` px (a word longer than that stays whole)."""
    return [_joined(line) for line in _wrap_units(_units(text), line_font, width)]


def _units(text: str) -> list[tuple[str, bool]]:
    """What a line may break between, and whether a space stood before it: words, and
    each Han or kana character (with the punctuation that may not be parted from it)."""
    return [(match[2], bool(match[1])) for match in UNIT.finditer(text) if match[2]]


def _joined(units: list[tuple[str, bool]]) -> str:
    return "".join((" " if spaced and number else "") + unit
                   for number, (unit, spaced) in enumerate(units))


def _wrap_units(units: list[tuple[str, bool]], line_font: ImageFont.FreeTypeFont,
                width: int) -> list[list[tuple[str, bool]]]:
    lines: list[list[tuple[str, bool]]] = []
    for unit in units:
        if lines and line_font.getlength(_joined(lines[-1] + [unit])) <= width:
            lines[-1].append(unit)
        else:
            lines.append([unit])
    return lines


def _ellipsized(text: str, line_font: ImageFont.FreeTypeFont, width: int) -> str:
    """The text, or as many of its whole words as fit followed by "…"."""
    if line_font.getlength(text) <= width:
        return text
    units = _units(text)
    kept = _longest(len(units), lambda count: line_font.getlength(
        _joined(units[:count]) + "…") <= width)
    shortened = _joined(units[:max(kept, 1)])
    if not kept:  # one very long word
        shortened = shortened[:_longest(len(shortened), lambda count: line_font.getlength(
            shortened[:count] + "…") <= width)]
    return shortened.rstrip(" ,;:·-–—") + "…"


def _longest(most: int, fits) -> int:
    """The largest count up to `most` that `fits` (0 if none does), for a `fits` that holds
    up to some count and not beyond: a handful of measures, however long a hostile title."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _nfc(text: str) -> str:
    """Composed form: one glyph per Vietnamese letter, whatever the editor's keyboard sent."""
    return unicodedata.normalize("NFC", text)


# -- fonts --------------------------------------------------------------------------------

@functools.cache
def _truetype(name: str) -> bytes:
    """The font as plain TrueType, for a FreeType built without WOFF2 support (rebuilding
    its glyphs takes a third of a second)."""
    from fontTools.ttLib import TTFont  # here: only the processes that draw cards load it

    woff2 = TTFont(font_path(name))
    woff2.flavor = None
    buffer = io.BytesIO()
    woff2.save(buffer)
    return buffer.getvalue()


@functools.cache
def _characters(name: str) -> frozenset[int]:
    """The characters a theme font has glyphs for (its cmap alone is read)."""
    from fontTools.ttLib import TTFont

    with TTFont(font_path(name), lazy=True) as woff2:
        return frozenset(woff2.getBestCmap())


def missing_glyphs(text: str, lang: str) -> list[str]:
    """The characters of a card's text (in `lang`) its fonts cannot draw; FontMissing when
    the fonts are not installed."""
    lang = script_of(_nfc(text), lang)
    if lang in CJK_FACES:
        known = [_cjk_characters(*_cjk_face(lang, weight)) for weight in ("Bold", "Regular")]
    else:
        known = [_characters(name) for name in (TITLE_FONT, SUBTITLE[0])]
    return sorted({char for char in _nfc(text) if not char.isspace() and not all(
        ord(char) in characters for characters in known)})


def _check_glyphs(target: Path, text: str, lang: str = "vi") -> None:
    """Refuse text the card fonts cannot draw, rather than publish boxes ("tofu") in its place."""
    missing = missing_glyphs(text, lang)
    expected = ("Latin, Vietnamese, Chinese, Korean or Japanese" if lang in CJK_FACES
                else "Latin (with Vietnamese)")
    if missing:
        raise ValueError(f"{target}: the card's fonts have no glyph for "
                         f"{' '.join(missing)!r}; expected {expected} text")


@functools.cache
def _cjk_characters(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path), lazy=True) as collection:
        return frozenset(collection[index].getBestCmap())
