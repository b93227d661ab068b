"""The reference document of the Word exports: pandoc's own default document with the page
and type of a Vietnamese administrative document (Decree 30/2020/NĐ-CP): A4, margins of
20 mm top and bottom, 30 mm left and 15 mm right, Times New Roman 13 pt, black headings.
Made from pandoc's default on every export, never copied from elsewhere.

The translator's copy (word.translation) takes the same document turned to landscape, with
ruled tables, visible links and code, and the character styles that carry its hidden row
identities."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

FONT = "Times New Roman"
SIZE_HALF_POINTS = 26  # 13 pt
# A4 and its margins in twentieths of a point (1 mm = 56.7 twips).
PAGE = ('<w:pgSz w:w="11906" w:h="16838" />'
        '<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" '
        'w:header="709" w:footer="709" w:gutter="0" />')
FONTS = (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" '
         f'w:cs="{FONT}" />')
# The translator's copy: A4 landscape, 20 mm all round, so two columns of text fit side by side.
LANDSCAPE = ('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />'
             '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" '
             'w:header="709" w:footer="709" w:gutter="0" />')
GREY = "666666"
TRANSLATION_STYLES = {
    # name: run properties. The identity must travel with the row and never be printed.
    "Bdpub Id": "<w:vanish />",
    "Bdpub Row": f'<w:b /><w:color w:val="{GREY}" /><w:sz w:val="18" /><w:szCs w:val="18" />',
    "Bdpub Note": f'<w:i /><w:color w:val="{GREY}" /><w:sz w:val="18" /><w:szCs w:val="18" />',
    "Bdpub Image": '<w:color w:val="1F4E79" /><w:u w:val="dotted" />',
}
RULED = ('<w:tblBorders>' + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6" />'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + '</w:tblBorders>')


def reference_docx(pandoc: str, *, translation: bool = False) -> bytes:
    """pandoc's default reference.docx, restyled; `translation` gives the translator's
    copy its landscape page, ruled tables and hidden identities."""
    default = subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    source = zipfile.ZipFile(io.BytesIO(default))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as made:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = _styles(data.decode("utf-8"))
                data = (_translation_styles(data) if translation else data).encode("utf-8")
            elif item.filename == "word/document.xml":
                page = LANDSCAPE if translation else PAGE
                data = _page(data.decode("utf-8"), page).encode("utf-8")
            # A fixed date: the same reference document, byte for byte, on every export.
            made.writestr(zipfile.ZipInfo(item.filename, (1980, 1, 1, 0, 0, 0)), data,
                          zipfile.ZIP_DEFLATED)
    return output.getvalue()


def _styles(xml: str) -> str:
    """Times New Roman everywhere, 13 pt by default, headings in black."""
    xml = re.sub(r"<w:rFonts [^>]*/>", FONTS, xml)
    xml = re.sub(r'(<w:rPrDefault>\s*<w:rPr>.*?)<w:sz w:val="\d+" />\s*<w:szCs w:val="\d+" />',
                 rf'\1<w:sz w:val="{SIZE_HALF_POINTS}" /><w:szCs w:val="{SIZE_HALF_POINTS}" />',
                 xml, count=1, flags=re.S)
    return re.sub(r'<w:color w:val="[0-9A-Fa-f]{6}"[^>]*/>', '<w:color w:val="000000" />', xml)


def _translation_styles(xml: str) -> str:
    """Ruled tables, code and links set apart, rows close together, and the character
    styles of the translator's copy (pandoc uses a custom-style of the reference document
    when one has that name)."""
    # Word reads a table's properties in the schema's order: the borders after the indent.
    xml = re.sub(r'(w:styleId="Table">.*?<w:tblInd [^>]*/>)', rf"\1{RULED}", xml, count=1,
                 flags=re.S)
    # Code the translator can tell apart, to leave it as it is.
    xml = re.sub(r'(w:styleId="VerbatimChar">.*?)<w:rFonts [^>]*/>',
                 r'\1<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" />', xml, count=1,
                 flags=re.S)
    # Links the translator can see, to keep each one.
    xml = re.sub(r'(w:styleId="Hyperlink">.*?<w:rPr>).*?(</w:rPr>)',
                 r'\1<w:color w:val="0563C1" /><w:u w:val="single" />\2', xml, count=1,
                 flags=re.S)
    # Rows close together: a sheet is read row by row, not as running text.
    xml = re.sub(r'(w:styleId="BodyText">.*?)<w:spacing w:before="\d+" w:after="\d+" />',
                 r'\1<w:spacing w:before="40" w:after="80" />', xml, count=1, flags=re.S)
    styles = "".join(
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{name.replace(" ", "")}">'
        f'<w:name w:val="{name}" /><w:basedOn w:val="DefaultParagraphFont" />'
        f'<w:rPr>{properties}</w:rPr></w:style>'
        for name, properties in TRANSLATION_STYLES.items())
    return xml.replace("</w:styles>", styles + "</w:styles>", 1)


def rows_kept_whole(docx: Path) -> None:
    """Keep each table row of a written document on one page where it fits: a property of
    each row, which pandoc does not write (nor LibreOffice read from a table style)."""
    with zipfile.ZipFile(docx) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as made:
        for item, data in items:
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8").replace("<w:trPr>", "<w:trPr><w:cantSplit />")
                data = re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit /></w:trPr>",
                              xml).encode("utf-8")
            made.writestr(item, data)


def _page(xml: str, page: str = PAGE) -> str:
    """The section's page size and margins."""
    return re.sub(r"<w:sectPr>(.*?)</w:sectPr>", rf"<w:sectPr>\1{page}</w:sectPr>", xml,
                  count=1, flags=re.S)
