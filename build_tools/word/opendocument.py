"""An .odt file's OpenDocument XML read for what pandoc does not say: paragraphs, fonts,
bold, tracked changes, comments, objects and the descriptions of pictures."""
from __future__ import annotations

import collections
import zipfile

from lxml import etree

from build_tools.word.facts import (CHART, EQUATION, GROUP, NS, OLE, SHAPE, TEXT_BOX, Facts,
                                    Paragraphs, inside, prefixed, q, remember_bold,
                                    remember_fonts, remember_pictures, remember_words, xml_part)

ODT_OBJECTS = {"draw:text-box": TEXT_BOX, "draw:custom-shape": SHAPE, "draw:rect": SHAPE,
               "draw:ellipse": SHAPE, "draw:circle": SHAPE, "draw:line": SHAPE,
               "draw:polyline": SHAPE, "draw:polygon": SHAPE, "draw:path": SHAPE,
               "draw:connector": SHAPE, "draw:g": GROUP, "draw:object": OLE,
               "draw:object-ole": OLE}
NOT_BODY = ("draw:frame", "office:annotation", "text:note", "text:tracked-changes")
"""Frames (text boxes, pictures), comments, notes and deleted text are not the body's."""

def read(package: zipfile.ZipFile) -> Facts:
    """The facts of an .odt package."""
    facts = Facts("odt")
    content, styles = xml_part(package, "content.xml"), xml_part(package, "styles.xml")
    body = content.find("office:body/office:text", NS)
    if body is None:
        raise KeyError("office:text")
    counter = Paragraphs(body, ("text:p", "text:h"), NOT_BODY)
    fonts = _OdtFonts(content, styles)
    skip = {q(t) for t in NOT_BODY} | {q("text:note-citation")}
    runs = []
    for paragraph in counter.order:
        facts.paragraphs.append(_odt_text(paragraph, skip))
        style = paragraph.get(q("text:style-name"))
        if facts.title is None and fonts.is_title(style):
            facts.title = facts.paragraphs[-1]
        mine = _odt_runs(paragraph, (fonts.of(style), bool(fonts.bold(style))), fonts, skip)
        remember_fonts(facts, [(text, font) for text, (font, _bold) in mine])
        remember_bold(facts, [(text, bold) for text, (_font, bold) in mine])
        runs.extend((text, font) for text, (font, _bold) in mine)
    remember_words(facts, runs)
    changed = {region.get(q("text:id")) for region in body.iter(q("text:changed-region"))
               if region.find("text:insertion", NS) is not None
               or region.find("text:deletion", NS) is not None}
    marks = [e for e in body.iter(q("text:change"), q("text:change-start"))
             if e.get(q("text:change-id")) in changed]
    facts.changes = [counter.of(mark) for mark in marks]
    facts.comments = [counter.of(note) for note in body.iter(q("office:annotation"))]
    facts.objects = _odt_objects(package, body, counter)
    pictures = [(image, image.get(q("xlink:href"), "").lstrip("./"),
                 _odt_description(image.getparent()))
                for image in body.iter(q("draw:image"))]
    remember_pictures(facts, package, counter, pictures)
    return facts


ODT_PIECES = {q("text:s"): " ", q("text:tab"): "\t", q("text:line-break"): "\n",
              q("text:soft-hyphen"): "\xad"}


def _odt_text(element, skip) -> str:
    out = [element.text or ""]
    for child in element:
        if child.tag in ODT_PIECES:
            out.append(" " * int(child.get(q("text:c"), "1")) if child.tag == q("text:s")
                       else ODT_PIECES[child.tag])
        elif child.tag not in skip:
            out.append(_odt_text(child, skip))
        out.append(child.tail or "")
    return "".join(out)


def _odt_runs(element, looks: tuple, fonts, skip) -> list[tuple[str, tuple]]:
    """(text, (font, bold)) pieces of a paragraph, spans setting their own where they do."""
    runs = [(element.text or "", looks)]
    for child in element:
        if child.tag == q("text:span"):
            name = child.get(q("text:style-name"))
            bold = fonts.bold(name, inherit=False)
            inner = (fonts.of(name, inherit=False) or looks[0],
                     looks[1] if bold is None else bold)
            runs.extend(_odt_runs(child, inner, fonts, skip))
        elif child.tag not in skip:
            runs.append((_odt_text(child, skip), looks))
        runs.append((child.tail or "", looks))
    return runs


class _OdtFonts:
    """The font a paragraph or span style sets (through its parent styles), by family name."""

    def __init__(self, content, styles):
        roots = [root for root in (content, styles) if root is not None]
        self.faces = {face.get(q("style:name")): face.get(q("svg:font-family"), "")
                      for root in roots for face in root.iter(q("style:font-face"))}
        self.styles = {style.get(q("style:name")): style
                       for root in roots for style in root.iter(q("style:style"))}
        default = next((d for root in roots for d in root.iter(q("style:default-style"))
                        if d.get(q("style:family")) == "paragraph"), None)
        self.default = self._own(default)

    def _own(self, style) -> str | None:
        properties = style.find("style:text-properties", NS) if style is not None else None
        if properties is None:
            return None
        name = properties.get(q("style:font-name"))
        return self.faces.get(name, name) or properties.get(q("fo:font-family"))

    def of(self, name: str | None, depth: int = 0, inherit: bool = True) -> str | None:
        """The font a style sets, through its parents; else the default (when `inherit`)."""
        style = self.styles.get(name)
        fallback = self.default if depth == 0 and inherit else None
        if style is None or depth > 20:
            return fallback
        return self._own(style) or self.of(style.get(q("style:parent-style-name")), depth + 1) \
            or fallback

    def bold(self, name: str | None, depth: int = 0, inherit: bool = True) -> bool | None:
        """Whether a style sets bold (through its parents); None when none says."""
        style = self.styles.get(name)
        if style is None or depth > 20:
            return None
        properties = style.find("style:text-properties", NS)
        weight = properties.get(q("fo:font-weight")) if properties is not None else None
        if weight:
            return weight == "bold" or weight.isdigit() and int(weight) >= 600
        return self.bold(style.get(q("style:parent-style-name")), depth + 1)

    def is_title(self, name: str | None, depth: int = 0) -> bool:
        style = self.styles.get(name)
        if style is None or depth > 20:
            return False
        return "Title" in (name, style.get(q("style:display-name"))) or self.is_title(
            style.get(q("style:parent-style-name")), depth + 1)


def _odt_description(frame) -> str:
    if frame is None:
        return ""
    for tag in ("svg:desc", "svg:title"):
        found = frame.find(tag, NS)
        if found is not None and "".join(found.itertext()).strip():
            return "".join(found.itertext())
    return ""


def _odt_objects(package, body, counter: Paragraphs) -> list[tuple[int, str, str]]:
    found = []
    for element in body.iter(*map(q, ODT_OBJECTS)):
        kind = ODT_OBJECTS[prefixed(element.tag)]
        if kind == SHAPE and inside(element, "draw:g"):
            continue  # the group is listed
        if element.tag == q("draw:object"):
            kind = _odt_object_kind(package, element)
        text = " ".join(" ".join(p.itertext()) for p in element.iter(q("text:p"), q("text:h")))
        found.append((counter.of(element), kind, text))
    return found


def _odt_object_kind(package, element) -> str:
    """A chart, an equation or another embedded object, by the root of its content."""
    href = element.get(q("xlink:href"), "").lstrip("./").rstrip("/")
    inner = xml_part(package, f"{href}/content.xml") if href else element
    if inner is None:
        return OLE
    tags = collections.Counter(e.tag for e in inner.iter())
    if any(tag.endswith("}math") for tag in tags):
        return EQUATION
    return CHART if q("office:chart") in tags else OLE


def boxes_moved(package: zipfile.ZipFile) -> dict[str, bytes]:
    """content.xml with each text box's paragraphs put after the paragraph that anchors the
    box, the box taken out: pandoc leaves a text box's words out. {} when there is none."""
    content = xml_part(package, "content.xml")
    body = content.find("office:body/office:text", NS)
    moved = False
    for paragraph in Paragraphs(body, ("text:p", "text:h"), NOT_BODY).order:
        after = paragraph
        for box in list(paragraph.iter(q("draw:text-box"))):
            frame = box.getparent()
            for inner in box.findall("*", NS):
                after.addnext(inner)
                after = inner
            _remove_keeping_tail(frame)
            moved = True
    if not moved:
        return {}
    return {"content.xml": etree.tostring(content, xml_declaration=True, encoding="UTF-8")}


def _remove_keeping_tail(element) -> None:
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
