"""What a PDF's pages show: every run of text with its glyph box, size and fill colour, and
which pages paint anything at all; read from scan's walk of every content-stream operator."""
from __future__ import annotations

import array
import dataclasses
import decimal
import functools
import math
import re
import sys
from typing import Callable, Iterable, Iterator

import pikepdf

from build_tools.pdf import scan

Box = tuple[float, float, float, float]

# A glyph's box runs across its advance width, and up from a little below the baseline to
# about the cap height: the core of a line that no other line may touch. Descenders and the
# stacked accents of Vietnamese capitals reach past it into the leading, as they may; lines
# set 0.95 em apart or more never meet.
GLYPH_BOTTOM_EM = -0.2
GLYPH_TOP_EM = 0.75
# A font that gives no width for a glyph: half an em, about an average letter.
UNKNOWN_WIDTH = 500.0
# Colour values this close to 0 or 1 are 0 or 1 (six decimals are written, and rounded).
EPSILON = 1e-4
IDENTITY = pikepdf.Matrix()
INVISIBLE_MODES = (3, 7)  # text render modes that neither fill nor stroke
FILLING_MODES = (0, 2, 4, 6)


@dataclasses.dataclass(frozen=True)
class Colour:
    """A colour as the content stream sets it: its family and its values."""

    family: str
    """'gray', 'rgb', 'cmyk', or 'other' (patterns, separations, Lab, indexed)."""
    values: tuple[float, ...]

    @property
    def is_paper(self) -> bool:
        """No ink at all: white in gray or RGB, 0 0 0 0 in CMYK."""
        paper = PAPER.get(self.family)
        return paper is not None and len(self.values) == len(paper) and all(
            abs(value - want) < EPSILON for value, want in zip(self.values, paper))

    @property
    def is_black_tint(self) -> bool:
        """Black between paper and solid, which a press halftones: gray 0 < g < 1, or CMYK
        with no cyan, magenta or yellow and 0 < K < 1."""
        if self.family == "gray" and len(self.values) == 1:
            return EPSILON < self.values[0] < 1 - EPSILON
        if self.family == "cmyk" and len(self.values) == 4:
            *colours, black = self.values
            return all(abs(value) < EPSILON for value in colours) and EPSILON < black < 1 - EPSILON
        return False

    def __str__(self) -> str:
        return f"{self.family} {' '.join(f'{value:g}' for value in self.values)}"


# What each family paints with nothing, and what a colour space starts at (black).
PAPER = {"gray": (1.0,), "rgb": (1.0, 1.0, 1.0), "cmyk": (0.0, 0.0, 0.0, 0.0)}
INITIAL = {"gray": (0.0,), "rgb": (0.0, 0.0, 0.0), "cmyk": (0.0, 0.0, 0.0, 1.0)}
BLACK = Colour("gray", (0.0,))
# Colour spaces by name (device spaces, their abbreviations, and the first element of an
# array), and ICC-based spaces by their number of components.
FAMILIES = {"/DeviceGray": "gray", "/G": "gray", "/CalGray": "gray",
            "/DeviceRGB": "rgb", "/RGB": "rgb", "/CalRGB": "rgb",
            "/DeviceCMYK": "cmyk", "/CMYK": "cmyk"}
ICC_FAMILIES = {1: "gray", 3: "rgb", 4: "cmyk"}


def _family(space: pikepdf.Object | None) -> str:
    if isinstance(space, pikepdf.Name):
        return FAMILIES.get(str(space), "other")
    if isinstance(space, pikepdf.Array) and len(space):
        if space[0] == "/ICCBased" and len(space) > 1:
            return ICC_FAMILIES.get(int(space[1].get("/N", 0)), "other")
        return FAMILIES.get(str(space[0]), "other")
    return "other"


class Font:
    """What a font dictionary says about its glyphs: how long a code is, how wide each glyph
    is (in thousandths of the font size) and which text it stands for."""

    def __init__(self, font: pikepdf.Dictionary):
        self.font = font
        self.composite = font.get("/Subtype") == "/Type0"
        # Type 0 fonts are read as two-byte codes (WeasyPrint writes Identity-H); the
        # glyph widths of a Type 3 font are in its own glyph space.
        self.code_length = 2 if self.composite else 1
        matrix = font.get("/FontMatrix") if font.get("/Subtype") == "/Type3" else None
        scale = float(matrix[0]) * 1000 if matrix is not None else 1.0
        widths, default = _cid_widths(font) if self.composite else _simple_widths(font)
        self.widths = {code: width * scale for code, width in widths.items()}
        self.default = default * scale

    def codes(self, string: bytes) -> Iterable[int]:
        if self.code_length == 1:
            return string
        if len(string) == 2:  # WeasyPrint shows one glyph at a time
            return (string[0] << 8 | string[1],)
        codes = array.array("H", string[:len(string) // 2 * 2])
        if sys.byteorder == "little":
            codes.byteswap()
        return codes

    @functools.cached_property
    def unicode(self) -> dict[int, str]:
        stream = self.font.get("/ToUnicode")
        return _to_unicode(stream.read_bytes()) if isinstance(stream, pikepdf.Stream) else {}

    def text(self, string: bytes) -> str:
        unicode = self.unicode
        fallback = (lambda code: chr(code)) if self.code_length == 1 else (lambda code: "?")
        return "".join(unicode.get(code) or fallback(code) for code in self.codes(string))


def _cid_widths(font: pikepdf.Dictionary) -> tuple[dict[int, float], float]:
    descendant = font.get("/DescendantFonts", [{}])[0]
    default = float(descendant.get("/DW", 1000))
    listed, widths, at = list(descendant.get("/W", [])), {}, 0
    while at + 1 < len(listed):
        first = int(listed[at])
        if isinstance(listed[at + 1], pikepdf.Array):  # c [w1 w2 …]
            widths.update((first + offset, float(width))
                          for offset, width in enumerate(listed[at + 1]))
            at += 2
        elif at + 2 < len(listed):  # c_first c_last w
            widths.update((cid, float(listed[at + 2]))
                          for cid in range(first, int(listed[at + 1]) + 1))
            at += 3
        else:
            break
    return widths, default


def _simple_widths(font: pikepdf.Dictionary) -> tuple[dict[int, float], float]:
    first = int(font.get("/FirstChar", 0))
    widths = {first + offset: float(width) for offset, width in enumerate(font.get("/Widths", []))}
    descriptor = font.get("/FontDescriptor", {})
    return widths, float(descriptor.get("/MissingWidth", 0) if widths else UNKNOWN_WIDTH)


HEX = rb"<([0-9A-Fa-f\s]*)>"
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
PAIR = re.compile(HEX + rb"\s*" + HEX)
RANGE = re.compile(HEX + rb"\s*" + HEX + rb"\s*(" + HEX + rb"|\[[^\]]*\])")


def _hex(text: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", text).decode("ascii"))


def _utf16(text: bytes) -> str:
    return _hex(text).decode("utf-16-be", errors="replace")


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code -> text."""
    found: dict[int, str] = {}
    for block in BFCHAR.findall(cmap):
        found.update((int.from_bytes(_hex(code), "big"), _utf16(text))
                     for code, text in PAIR.findall(block))
    for block in BFRANGE.findall(cmap):
        for low, high, target, _first in RANGE.findall(block):
            first, last = int.from_bytes(_hex(low), "big"), int.from_bytes(_hex(high), "big")
            if target.startswith(b"["):
                found.update(zip(range(first, last + 1),
                                 (_utf16(text) for text in re.findall(HEX, target))))
                continue
            start = _hex(target)
            for offset in range(min(last - first, 0xFFFF) + 1):
                end = int.from_bytes(start[-2:], "big") + offset
                found[first + offset] = (start[:-2] + end.to_bytes(2, "big")).decode(
                    "utf-16-be", errors="replace")
    return found


@dataclasses.dataclass(frozen=True)
class TextRun:
    """The glyphs one text-showing operator (Tj, TJ, ', ") puts on a page."""

    page: int
    box: Box
    """The union of its glyph boxes (see GLYPH_BOTTOM_EM), on the page in points."""
    origin: tuple[float, float]
    """Where its baseline starts on the page."""
    size: float
    """Effective size in points: font size × text matrix × CTM."""
    fill: Colour
    filled: bool
    """Whether the render mode fills the glyphs (rather than only stroking them)."""
    glyphs: int
    codes: bytes
    font: Font

    @property
    def text(self) -> str:
        """What the run says, read from its font's ToUnicode map (the PDF must be open)."""
        return self.font.text(self.codes)


@dataclasses.dataclass(frozen=True)
class TextState:
    font: Font | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    mode: int = 0


@dataclasses.dataclass(frozen=True)
class State:
    """The parts of the graphics state a reader of text and paint needs; q saves it."""

    fill: Colour = BLACK
    stroke: Colour = BLACK
    text: TextState = TextState()


@dataclasses.dataclass
class Layout:
    """What the pages show: their text runs, and the pages that paint anything visible."""

    runs: list[TextRun]
    shown: set[int]


def read(marks: Iterable[scan.Mark]) -> Layout:
    """Follow the graphics and text state through every operator of every page."""
    reader = _Reader()
    for mark in marks:
        reader.follow(mark)
    return Layout(reader.runs, reader.shown)


class _Reader:
    """The state machine: one method per operator, looked up in OPERATORS."""

    def __init__(self):
        self.runs: list[TextRun] = []
        self.shown: set[int] = set()
        self.fonts: dict[tuple, Font] = {}
        self.page = 0

    def follow(self, mark: scan.Mark) -> None:
        if mark.page != self.page:
            self.page, self.state, self.forms = mark.page, State(), ()
            self.saved, self.frames = [], []
            self.matrix = self.line = IDENTITY
        if mark.forms != self.forms:
            self._between_forms(mark.forms)
        handler = OPERATORS.get(mark.operator)
        if handler is not None:
            handler(self, mark)

    def _between_forms(self, forms: tuple[int, ...]) -> None:
        # A form runs inside its own q … Q: the state it leaves behind is dropped.
        common = 0
        while common < min(len(forms), len(self.forms)) and forms[common] == self.forms[common]:
            common += 1
        while len(self.frames) > common:
            self.state, self.saved = self.frames.pop()
        for _ in forms[common:]:
            self.frames.append((self.state, self.saved))
            self.saved = []
        self.forms = forms

    def set_text(self, **changes) -> None:
        self.state = dataclasses.replace(self.state, text=dataclasses.replace(self.state.text,
                                                                              **changes))

    def font(self, mark: scan.Mark) -> Font | None:
        entry = scan.resource(mark.resources, "/Font", mark.operands[0])
        if not isinstance(entry, pikepdf.Dictionary):
            return None
        if not entry.is_indirect:
            return Font(entry)
        if entry.objgen not in self.fonts:
            self.fonts[entry.objgen] = Font(entry)
        return self.fonts[entry.objgen]

    def move(self, tx: float, ty: float) -> None:
        self.line = self.matrix = pikepdf.Matrix(1, 0, 0, 1, tx, ty) @ self.line

    def colour_space(self, mark: scan.Mark, target: str) -> None:
        name = mark.operands[0]
        space = name if str(name) in FAMILIES else scan.resource(mark.resources, "/ColorSpace",
                                                                 name)
        family = _family(space)
        self.state = dataclasses.replace(self.state, **{
            target: Colour(family, INITIAL.get(family, ()))})

    def colour(self, mark: scan.Mark, target: str, family: str | None = None) -> None:
        values = tuple(float(value) for value in mark.operands
                       if isinstance(value, (int, float, decimal.Decimal)))
        if any(isinstance(value, pikepdf.Name) for value in mark.operands):
            family = "other"  # a pattern
        current = getattr(self.state, target)
        self.state = dataclasses.replace(self.state, **{
            target: Colour(family or current.family, values)})

    def paint(self, mark: scan.Mark, *targets: str) -> None:
        if any(not getattr(self.state, target).is_paper for target in targets):
            self.shown.add(mark.page)

    def show(self, mark: scan.Mark, pieces: Iterable) -> None:
        text = self.state.text
        font = text.font
        if font is None:
            return
        # Widths are in thousandths of the font size; Tc and Tw are scaled across by Tz.
        across, spacing = text.size * text.scale / 1000, text.char_spacing * text.scale
        word = text.word_spacing * text.scale if font.code_length == 1 else 0.0
        widths, default = font.widths, font.default
        x, edges, strings = 0.0, [], []
        for piece in pieces:
            if not isinstance(piece, pikepdf.String):
                x -= float(piece) * across
                continue
            string = bytes(piece)
            strings.append(string)
            for code in font.codes(string):
                end = x + widths.get(code, default) * across
                edges += (x, end)
                x = end + spacing + (word if code == 32 else 0.0)
        placed = self.matrix @ mark.ctm
        self.matrix = pikepdf.Matrix(1, 0, 0, 1, x, 0) @ self.matrix
        if not edges or text.mode in INVISIBLE_MODES:
            return
        low, high = min(edges), max(edges)
        bottom, top = (text.rise + edge * text.size for edge in (GLYPH_BOTTOM_EM, GLYPH_TOP_EM))
        corners = [placed.transform(point) for point in
                   ((low, bottom), (high, bottom), (low, top), (high, top))]
        xs, ys = [corner[0] for corner in corners], [corner[1] for corner in corners]
        self.runs.append(TextRun(
            mark.page, (min(xs), min(ys), max(xs), max(ys)), placed.transform((0, text.rise)),
            text.size * math.hypot(placed.c, placed.d), self.state.fill,
            text.mode in FILLING_MODES, len(edges) // 2, b"".join(strings), font))
        self.shown.add(mark.page)


def _save(reader: _Reader, mark: scan.Mark) -> None:
    reader.saved.append(reader.state)


def _restore(reader: _Reader, mark: scan.Mark) -> None:
    if reader.saved:
        reader.state = reader.saved.pop()


def _begin_text(reader: _Reader, mark: scan.Mark) -> None:
    reader.matrix = reader.line = IDENTITY


def _text_matrix(reader: _Reader, mark: scan.Mark) -> None:
    reader.matrix = reader.line = pikepdf.Matrix(*(float(value) for value in mark.operands))


def _next_line(reader: _Reader, mark: scan.Mark) -> None:
    reader.move(0, -reader.state.text.leading)


def _move_setting_leading(reader: _Reader, mark: scan.Mark) -> None:
    tx, ty = (float(value) for value in mark.operands)
    reader.set_text(leading=-ty)
    reader.move(tx, ty)


def _show_on_next_line(reader: _Reader, mark: scan.Mark) -> None:
    _next_line(reader, mark)
    reader.show(mark, mark.operands[-1:])


def _show_spaced(reader: _Reader, mark: scan.Mark) -> None:
    word, char = (float(value) for value in mark.operands[:2])
    reader.set_text(word_spacing=word, char_spacing=char)
    _show_on_next_line(reader, mark)


def _text_setting(field: str, convert: Callable = float) -> Callable[[_Reader, scan.Mark], None]:
    return lambda reader, mark: reader.set_text(**{field: convert(mark.operands[0])})


def _set_font(reader: _Reader, mark: scan.Mark) -> None:
    reader.set_text(font=reader.font(mark), size=float(mark.operands[1]))


def _painting(*targets: str) -> Callable[[_Reader, scan.Mark], None]:
    return lambda reader, mark: reader.paint(mark, *targets)


def _shows(reader: _Reader, mark: scan.Mark) -> None:
    if mark.operator == "INLINE IMAGE" or scan.placed_image(mark) is not None:
        reader.shown.add(mark.page)


# Every operator the reader follows, and what it does to the state or the page.
OPERATORS: dict[str, Callable[[_Reader, scan.Mark], None]] = {
    "q": _save,
    "Q": _restore,
    "BT": _begin_text,
    "Tm": _text_matrix,
    "Td": lambda reader, mark: reader.move(*(float(value) for value in mark.operands)),
    "TD": _move_setting_leading,
    "T*": _next_line,
    "TL": _text_setting("leading"),
    "Tc": _text_setting("char_spacing"),
    "Tw": _text_setting("word_spacing"),
    "Tz": _text_setting("scale", lambda value: float(value) / 100),
    "Ts": _text_setting("rise"),
    "Tr": _text_setting("mode", int),
    "Tf": _set_font,
    "Tj": lambda reader, mark: reader.show(mark, mark.operands[:1]),
    "TJ": lambda reader, mark: reader.show(mark, mark.operands[0]),
    "'": _show_on_next_line,
    '"': _show_spaced,
    "g": lambda reader, mark: reader.colour(mark, "fill", "gray"),
    "G": lambda reader, mark: reader.colour(mark, "stroke", "gray"),
    "rg": lambda reader, mark: reader.colour(mark, "fill", "rgb"),
    "RG": lambda reader, mark: reader.colour(mark, "stroke", "rgb"),
    "k": lambda reader, mark: reader.colour(mark, "fill", "cmyk"),
    "K": lambda reader, mark: reader.colour(mark, "stroke", "cmyk"),
    "cs": lambda reader, mark: reader.colour_space(mark, "fill"),
    "CS": lambda reader, mark: reader.colour_space(mark, "stroke"),
    "sc": lambda reader, mark: reader.colour(mark, "fill"),
    "scn": lambda reader, mark: reader.colour(mark, "fill"),
    "SC": lambda reader, mark: reader.colour(mark, "stroke"),
    "SCN": lambda reader, mark: reader.colour(mark, "stroke"),
    "f": _painting("fill"), "F": _painting("fill"), "f*": _painting("fill"),
    "S": _painting("stroke"), "s": _painting("stroke"),
    "B": _painting("fill", "stroke"), "B*": _painting("fill", "stroke"),
    "b": _painting("fill", "stroke"), "b*": _painting("fill", "stroke"),
    "sh": lambda reader, mark: reader.shown.add(mark.page),
    "Do": _shows,
    "INLINE IMAGE": _shows,
}


def runs_by_page(runs: Iterable[TextRun]) -> Iterator[tuple[int, list[TextRun]]]:
    """The runs grouped by page, in page order."""
    pages: dict[int, list[TextRun]] = {}
    for run in runs:
        pages.setdefault(run.page, []).append(run)
    yield from sorted(pages.items(), key=lambda item: item[0])
