"""A .docx file's WordprocessingML read for what pandoc does not say: paragraphs, fonts,
bold, tracked changes, comments, objects and the descriptions of pictures."""
from __future__ import annotations

import posixpath
import zipfile

from lxml import etree

from build_tools.word.facts import (CHART, EQUATION, GROUP, NS, OLE, SHAPE, SMARTART, TEXT_BOX,
                                    Facts, Paragraphs, inside, prefixed, q, remember_bold,
                                    remember_fonts, remember_pictures, remember_words, xml_part)

# What Word and LibreOffice keep beside the text flow, by the element that holds it.
DOCX_OBJECTS = {"w:txbxContent": TEXT_BOX, "wps:wsp": SHAPE, "wpg:wgp": GROUP,
                "v:shape": SHAPE, "v:rect": SHAPE, "v:oval": SHAPE, "v:line": SHAPE,
                "v:roundrect": SHAPE, "v:polyline": SHAPE, "c:chart": CHART,
                "dgm:relIds": SMARTART,
                "w:object": OLE, "m:oMath": EQUATION}
NOT_BODY = ("w:txbxContent", "mc:Fallback", "w:del", "w:moveFrom")
"""Text boxes carry the paragraphs they hold; deleted text is gone once accepted."""
CHANGES = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")

DOCX_PIECES = {q("w:t"): None, q("w:tab"): "\t", q("w:br"): "\n", q("w:cr"): "\n",
               q("w:softHyphen"): "\xad", q("w:noBreakHyphen"): "-"}


def read(package: zipfile.ZipFile) -> Facts:
    """The facts of a .docx package."""
    facts = Facts("docx")
    document, styles = xml_part(package, "word/document.xml"), xml_part(package, "word/styles.xml")
    body = document.find(q("w:body"))
    if body is None:
        raise KeyError("w:body")
    counter = Paragraphs(body, ("w:p",), NOT_BODY)
    fonts = _DocxFonts(styles)
    runs = []
    skip = {q(t) for t in NOT_BODY} | {q("w:instrText"), q("w:delText")}
    for paragraph in counter.order:
        facts.paragraphs.append("".join(_docx_text(t, skip) for t in _docx_runs(paragraph)))
        style = paragraph.find("w:pPr/w:pStyle", NS)
        style_id = style.get(q("w:val")) if style is not None else None
        if facts.title is None and fonts.is_title(style_id):
            facts.title = facts.paragraphs[-1]
        mine = [(_docx_text(run, skip), fonts.of(run, style_id)) for run in _docx_runs(paragraph)]
        remember_fonts(facts, mine)
        remember_bold(facts, [(_docx_text(run, skip), fonts.bold(run, style_id))
                               for run in _docx_runs(paragraph)])
        runs.extend(mine)
    remember_words(facts, runs)
    facts.changes = [counter.of(e) for e in body.iter(*map(q, CHANGES))
                     if not inside(e, "mc:Fallback")]
    seen = {}
    for reference in body.iter(q("w:commentReference")):
        seen.setdefault(reference.get(q("w:id")), counter.of(reference))
    facts.comments = list(seen.values())
    facts.objects = _docx_objects(body, counter)
    remember_pictures(facts, package, counter, _docx_pictures(package, body))
    return facts


def _docx_runs(paragraph):
    """The runs of a paragraph's own text, not those of the text boxes it anchors."""
    return [run for run in paragraph.iter(q("w:r"))
            if next(run.iterancestors(q("w:p"))) is paragraph
            and not inside(run, "mc:Fallback", "w:del", "w:moveFrom")]


def _docx_text(run, skip) -> str:
    return "".join((child.text or "") if child.tag == q("w:t") else DOCX_PIECES.get(child.tag, "")
                   for child in run if child.tag not in skip)


class _DocxFonts:
    """The font a run is typed in: its own, its character style's, its paragraph style's
    (through basedOn), or the document's default."""

    def __init__(self, styles):
        self.styles = {s.get(q("w:styleId")): s for s in
                       (styles.iter(q("w:style")) if styles is not None else ())}
        default = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS) if styles is not None \
            else None
        self.default = self._font(default)

    @staticmethod
    def _font(properties) -> str | None:
        fonts = properties.find("w:rFonts", NS) if properties is not None else None
        if fonts is None:
            return None
        return fonts.get(q("w:hAnsi")) or fonts.get(q("w:ascii"))

    def _style_font(self, style_id: str | None, depth: int = 0) -> str | None:
        style = self.styles.get(style_id)
        if style is None or depth > 20:
            return None
        based = style.find("w:basedOn", NS)
        return self._font(style.find("w:rPr", NS)) or (
            self._style_font(based.get(q("w:val")), depth + 1) if based is not None else None)

    def of(self, run, paragraph_style: str | None) -> str | None:
        properties = run.find("w:rPr", NS)
        character = properties.find("w:rStyle", NS) if properties is not None else None
        return (self._font(properties)
                or (self._style_font(character.get(q("w:val"))) if character is not None else None)
                or self._style_font(paragraph_style) or self._style_font("Normal")
                or self.default)

    def bold(self, run, paragraph_style: str | None) -> bool:
        """Whether a run is bold: said by the run, its character style or the paragraph's."""
        properties = run.find("w:rPr", NS)
        character = properties.find("w:rStyle", NS) if properties is not None else None
        own_style = character.get(q("w:val")) if character is not None else None
        for said in (self._bold(properties), self._style_bold(own_style),
                     self._style_bold(paragraph_style)):
            if said is not None:
                return said
        return False

    @staticmethod
    def _bold(properties) -> bool | None:
        found = properties.find("w:b", NS) if properties is not None else None
        return None if found is None else found.get(q("w:val"), "1") not in ("0", "false", "off")

    def _style_bold(self, style_id: str | None, depth: int = 0) -> bool | None:
        style = self.styles.get(style_id)
        if style is None or depth > 20:
            return None
        said = self._bold(style.find("w:rPr", NS))
        based = style.find("w:basedOn", NS)
        return said if said is not None or based is None else self._style_bold(
            based.get(q("w:val")), depth + 1)

    def is_title(self, style_id: str | None) -> bool:
        style = self.styles.get(style_id)
        name = style.find("w:name", NS) if style is not None else None
        return style_id == "Title" or (name is not None and name.get(q("w:val")) == "Title")


def _docx_objects(body, counter: Paragraphs) -> list[tuple[int, str, str]]:
    found = []
    for element in body.iter(*map(q, DOCX_OBJECTS)):
        kind = DOCX_OBJECTS[prefixed(element.tag)]
        if inside(element, "mc:Fallback") or kind == EQUATION and inside(element, "m:oMath"):
            continue
        if kind == SHAPE and (element.find(".//v:imagedata", NS) is not None
                              or element.find(".//w:txbxContent", NS) is not None
                              or inside(element, "w:object")):
            continue  # a picture, a text box (listed as such) or an object's preview
        text = "".join(t.text or "" for t in element.iter(q("w:t"), q("m:t")))
        found.append((counter.of(element), kind, text))
    return found


def _docx_pictures(package, body) -> list[tuple[object, str, str]]:
    relations = xml_part(package, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in
               (relations.iter(q("rel:Relationship")) if relations is not None else ())}
    found = []
    for blip in body.iter(q("a:blip"), q("v:imagedata")):
        target = targets.get(blip.get(q("r:embed")) or blip.get(q("r:id")))
        if not target:
            continue
        holder = next(blip.iterancestors(q("wp:inline"), q("wp:anchor"), q("v:shape")), None)
        described = holder.find("wp:docPr", NS) if holder is not None else None
        alt = ((described.get("descr") if described is not None else None)
               or (holder.get("alt") if holder is not None else None) or "")
        member = target.lstrip("/") if target.startswith("/") else f"word/{target}"
        found.append((blip, posixpath.normpath(member), alt))
    return found


def boxes_moved(package: zipfile.ZipFile) -> dict[str, bytes]:
    """document.xml with each text box's paragraphs put after the paragraph that anchors
    the box, the box taken out: pandoc reads a paragraph holding a text box as the box
    alone and loses the paragraph's own words. {} when there is no text box."""
    document = xml_part(package, "word/document.xml")
    body = document.find(q("w:body"))
    moved = False
    for paragraph in Paragraphs(body, ("w:p",), NOT_BODY).order:
        after = paragraph
        boxed = [r for r in _docx_runs(paragraph) if r.find(".//w:txbxContent", NS) is not None]
        for run in boxed:
            box = next(e for e in run.iter(q("w:txbxContent")) if not inside(e, "mc:Fallback"))
            for inner in box.findall("*", NS):
                after.addnext(inner)
                after = inner
            run.getparent().remove(run)
            moved = True
    if not moved:
        return {}
    return {"word/document.xml": etree.tostring(document, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)}
