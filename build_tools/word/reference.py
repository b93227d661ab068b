"""The reference document of the Word exports: pandoc's own default document with the page
and type of a Vietnamese administrative document (Decree 30/2020/NĐ-CP): A4, margins of
20 mm top and bottom, 30 mm left and 15 mm right, Times New Roman 13 pt, black headings.
Made from pandoc's default on every export, never copied from elsewhere."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile

FONT = "Times New Roman"
SIZE_HALF_POINTS = 26  # 13 pt
# A4 and its margins in twentieths of a point (1 mm = 56.7 twips).
PAGE = ('<w:pgSz w:w="11906" w:h="16838" />'
        '<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" '
        'w:header="709" w:footer="709" w:gutter="0" />')
FONTS = (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" '
         f'w:cs="{FONT}" />')


def reference_docx(pandoc: str) -> bytes:
    """pandoc's default reference.docx, restyled."""
    default = subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    source = zipfile.ZipFile(io.BytesIO(default))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as made:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = _styles(data.decode("utf-8")).encode("utf-8")
            elif item.filename == "word/document.xml":
                data = _page(data.decode("utf-8")).encode("utf-8")
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


def _page(xml: str) -> str:
    """The section's page size and margins."""
    return re.sub(r"<w:sectPr>(.*?)</w:sectPr>", rf"<w:sectPr>\1{PAGE}</w:sectPr>", xml,
                  count=1, flags=re.S)
