"""The facts a contribution's XML gives that its pandoc reading does not, and the means to
read them that .docx and .odt share.

"Paragraph N" is the Nth paragraph of the document's body in reading order, table cells
included (w:p in a .docx, text:p and text:h in an .odt); the paragraphs of text boxes,
notes and comments are not counted, so N is what an editor finds by counting down the page.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import zipfile
from pathlib import PurePosixPath

from lxml import etree

from build_tools.base.messages import N_, _

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
TEXT_BOX, SHAPE, GROUP, CHART, SMARTART, OLE, EQUATION = (
    N_("a text box"), N_("a shape"), N_("a group of shapes"), N_("a chart"),
    N_("a SmartArt diagram"), N_("an embedded object (OLE)"), N_("an equation"))
LEGACY_FONTS = ((re.compile(r"^\.?vn", re.IGNORECASE), "TCVN3"),
                (re.compile(r"^vni[- ]", re.IGNORECASE), "VNI"))
"""TCVN3 fonts are named .VnTime, .VnArial…; VNI fonts VNI-Times, VNI-Helve…"""


def q(name: str) -> str:
    """A prefixed name as lxml spells it: 'w:p' -> '{http://…}p'."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@dataclasses.dataclass(frozen=True)
class Picture:
    """An image the document embeds: the first paragraph showing it, its description."""

    paragraph: int
    alt: str
    name: str


@dataclasses.dataclass
class Facts:
    """What the document's XML says that its pandoc reading does not."""

    kind: str
    """docx or odt."""
    paragraphs: list[str] = dataclasses.field(default_factory=list)
    """The text of each counted paragraph (paragraph N is paragraphs[N - 1])."""
    title: str | None = None
    """The text of the first paragraph in the Title style."""
    changes: list[int] = dataclasses.field(default_factory=list)
    """The paragraph of each tracked change (an insertion, a deletion, a move)."""
    comments: list[int] = dataclasses.field(default_factory=list)
    objects: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)
    """(paragraph, kind, its text) of each text box, shape, chart, object or equation."""
    pictures: dict[str, Picture] = dataclasses.field(default_factory=dict)
    """By the sha1 of the image's bytes: pandoc extracts them under names of its own."""
    legacy_words: dict[str, tuple[str, bool]] = dataclasses.field(default_factory=dict)
    """Words typed in a legacy font: (encoding, drawn in capitals) by the word."""
    fonts: dict[str, list[tuple[str, bool] | None]] = dataclasses.field(default_factory=dict)
    """For each paragraph with legacy text, by its text without spaces (squeezed()): the
    legacy font, if any, of each of those characters."""
    bold: set[str] = dataclasses.field(default_factory=set)
    """Paragraphs set wholly in bold, by their squeezed text: pandoc sees a bold paragraph
    style (LibreOffice's way) as plain text."""
    unicode_words: set[str] = dataclasses.field(default_factory=set)
    """Words with letters beyond ASCII typed only in other fonts: they are Unicode already."""

    def where(self, paragraph: int) -> str:
        """Which paragraph is meant, said so that the editor finds it in the document."""
        start = self.start(paragraph)
        if not start:
            return _("paragraph {number} (paragraphs are counted from the top of the "
                     "document, table cells included)").format(number=paragraph)
        return _('paragraph {number} ("{start}"; paragraphs are counted from the top of the '
                 'document, table cells included)').format(number=paragraph, start=start)

    def start(self, paragraph: int, most: int = 40) -> str:
        """The beginning of a paragraph's text, to say which one is meant."""
        text = " ".join(self.paragraphs[paragraph - 1].split()) if paragraph else ""
        return text if len(text) <= most else text[:most].rsplit(" ", 1)[0] + "…"

MOST_PART_BYTES = 256 * 2**20
"""A document's XML part larger than this is refused unread: it would be a zip bomb."""
MOST_PACKAGE_BYTES, MOST_PACKAGE_PARTS = 2**30, 10_000
"""A whole document unpacked (its pictures too) larger than this, or of more parts, is
refused before pandoc unpacks it: a 50-page report with photographs is tens of MB."""


def check_package(package: zipfile.ZipFile) -> None:
    """Refuse a package that would unpack into more than a document holds (BadZipFile)."""
    parts = package.infolist()
    if len(parts) > MOST_PACKAGE_PARTS or \
            sum(part.file_size for part in parts) > MOST_PACKAGE_BYTES:
        raise zipfile.BadZipFile("too large once unpacked")


def xml_part(package: zipfile.ZipFile, name: str):
    """A part of the package parsed, without entities; None when there is no such part."""
    if name not in package.namelist():
        return None
    if package.getinfo(name).file_size > MOST_PART_BYTES:
        raise zipfile.BadZipFile(name)
    return etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False,
                                                                huge_tree=False))


class Paragraphs:
    """The counted paragraphs of a body, and the one a given element belongs to."""

    def __init__(self, body, paragraph_tags: tuple[str, ...], outside: tuple[str, ...]):
        self.tags, self.outside = {q(t) for t in paragraph_tags}, {q(t) for t in outside}
        self.order = [p for p in body.iter(*self.tags) if self.counted(p)]
        self.number = {p: n for n, p in enumerate(self.order, 1)}
        self.position = {element: i for i, element in enumerate(body.iter())}

    def counted(self, paragraph) -> bool:
        return not any(a.tag in self.outside for a in paragraph.iterancestors())

    def of(self, element) -> int:
        """The counted paragraph holding an element, else the one before it (else the first)."""
        for candidate in (element, *element.iterancestors()):
            if candidate in self.number:
                return self.number[candidate]
        where = self.position.get(element, 0)
        before = [n for p, n in self.number.items() if self.position[p] <= where]
        return max(before, default=1)


def legacy_font(name: str | None) -> tuple[str, bool] | None:
    """(encoding, capitals) for a TCVN3 or VNI font; .VnTimeH and the like draw capitals."""
    name = (name or "").strip().strip("'\"")
    for pattern, encoding in LEGACY_FONTS:
        if pattern.match(name):
            return encoding, encoding == "TCVN3" and name.endswith("H")
    return None


def squeezed(text: str) -> str:
    """Text without spaces or soft hyphens: what a paragraph and pandoc's reading of it
    share, however each splits it into words."""
    return "".join(text.replace("\xad", "").split())


def remember_bold(facts: Facts, runs: list[tuple[str, bool]]) -> None:
    text = squeezed("".join(text for text, _bold in runs))
    if text and all(bold for piece, bold in runs if squeezed(piece)):
        facts.bold.add(text)


def remember_fonts(facts: Facts, runs: list[tuple[str, str | None]]) -> None:
    """The legacy font of each character of a paragraph that has any."""
    fonts = [legacy_font(font) for text, font in runs for _c in squeezed(text)]
    if any(fonts):
        facts.fonts[squeezed("".join(text for text, _font in runs))] = fonts


def remember_words(facts: Facts, runs: list[tuple[str, str | None]]) -> None:
    """Words seen only in legacy fonts are legacy; a word also typed in another font is
    left to the line's own evidence (legacy.detect)."""
    legacy: dict[str, tuple[str, bool]] = {}
    plain: set[str] = set()
    for text, font in runs:
        found = legacy_font(font)
        for word in text.split():
            if found:
                legacy.setdefault(word, found)
            else:
                plain.add(word)
    facts.legacy_words = {word: found for word, found in legacy.items()
                          if word not in plain and not word.isascii()}
    facts.unicode_words = {word for word in plain - set(legacy) if not word.isascii()}


def remember_pictures(facts: Facts, package, counter: Paragraphs,
                      found: list[tuple[object, str, str]]) -> None:
    """found: (element, member name, description); keyed by the member's sha1."""
    for element, member, alt in found:
        if member in package.namelist():
            digest = hashlib.sha1(package.read(member)).hexdigest()
            if digest not in facts.pictures or alt and not facts.pictures[digest].alt:
                facts.pictures[digest] = Picture(counter.of(element), " ".join(alt.split()),
                                                 PurePosixPath(member).name)

def inside(element, *names: str) -> bool:
    tags = {q(name) for name in names}
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


def prefixed(tag: str) -> str:
    namespace, local = tag[1:].split("}")
    return next(f"{p}:{local}" for p, uri in NS.items() if uri == namespace)
