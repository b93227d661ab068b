"""The layout reader: glyph boxes, sizes and colours as an independent reader (pdfplumber)
measures them, and the graphics state kept apart inside forms."""
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import weasyprint

from build_tools.pdf import layout, scan

REPO = Path(__file__).resolve().parent.parent
SANS = REPO / "build_tools/assets/theme/fonts/NotoSans-Regular.woff2"
SERIF = REPO / "build_tools/assets/theme/fonts/NotoSerif-Regular.woff2"


@pytest.fixture
def read():
    """layout.read of a file, kept open until the test ends: runs read their text from it."""
    opened = []

    def reader(path: Path) -> layout.Layout:
        opened.append(pikepdf.open(path))
        return layout.read(scan.marks(opened[-1]))
    yield reader
    for pdf in opened:
        pdf.close()


@pytest.fixture(scope="module")
def typeset(tmp_path_factory) -> Path:
    """Justified Vietnamese in two fonts with kerning, letter and word spacing, a
    superscript, a scaled and a rotated line, and text inside nested opacity forms."""
    folder = tmp_path_factory.mktemp("layout")
    css = f"""@page {{ size: 148mm 210mm; margin: 15mm; }}
        @font-face {{ font-family: "Noto Sans"; src: url({SANS.as_uri()}); }}
        @font-face {{ font-family: "Noto Serif"; src: url({SERIF.as_uri()}); }}
        html {{ font-family: "Noto Serif"; font-size: 10pt; }}
        p {{ text-align: justify; }} .sans {{ font-family: "Noto Sans"; }}"""
    text = ("Bình Dương hướng đến xây dựng thành phố thông minh, từ mô hình hợp tác ba nhà "
            "đến chiến lược Binh Duong Navigator 2021 và danh sách Smart21. AVAST Tày. ")
    html = (f"<style>{css}</style><p>{text * 3}</p>"
            f'<p class="sans" style="letter-spacing: 0.8pt; word-spacing: 3pt">{text}</p>'
            f"<p>Chú thích<sup>12</sup> và <b>chữ đậm</b>.</p>"
            f'<p style="transform: scale(0.6); transform-origin: 0 0">{text}</p>'
            f'<p style="transform: rotate(90deg)">Xoay</p>'
            f'<div style="opacity: .9"><div style="opacity: .9"><p>{text}</p></div></div>')
    target = folder / "typeset.pdf"
    weasyprint.HTML(string=html).write_pdf(target)
    return target


def test_every_glyph_is_read_with_its_advance_and_size_as_pdfplumber_reads_it(typeset, read):
    runs = read(typeset).runs
    with pdfplumber.open(typeset) as document:
        chars = [char for page in document.pages for char in page.chars]
    assert sum(run.glyphs for run in runs) == len(chars)
    at = 0
    for run in runs:
        mine, at = chars[at:at + run.glyphs], at + run.glyphs
        assert run.text == "".join(char["text"] for char in mine)
        # pdfminer gives a rotated glyph's width as its size; the font size is read here.
        if mine[0]["upright"]:
            assert run.size == pytest.approx(mine[0]["size"], abs=0.01), run.text
            assert run.box[0] == pytest.approx(min(char["x0"] for char in mine), abs=0.01)
            assert run.box[2] == pytest.approx(max(char["x1"] for char in mine), abs=0.01)
    assert {round(run.size, 1) for run in runs} >= {10.0, 6.0}
    [turned] = [run for run in runs if run.text == "Xoay"]
    assert round(turned.size, 1) == 10.0 and turned.box[3] - turned.box[1] > 15


def test_a_form_cannot_leave_its_colour_behind(tmp_path, read):
    """The page sets solid black, draws a form that sets a grey without q … Q, then shows
    text: the text is black, as the form's state ends with the form."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        FirstChar=65, Widths=[667] * 26))
    form = pdf.make_stream(b"0 0 0 0.5 k BT /F1 10 Tf 72 700 Td (GREY) Tj ET", pikepdf.Dictionary(
        Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842]))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font),
                                        XObject=pikepdf.Dictionary(Fm1=form))
    page.Contents = pdf.make_stream(b"0 0 0 1 k /Fm1 Do /Fm1 Do BT /F1 10 Tf 2 Tz 72 600 Td "
                                    b"(BLACK) Tj ET")
    path = tmp_path / "form.pdf"
    pdf.save(path)
    grey, again, black = read(path).runs
    assert (grey.text, grey.fill.is_black_tint) == ("GREY", True)
    assert again.fill.is_black_tint  # the second use of the form starts from the page's state
    assert (black.text, black.fill.is_black_tint) == ("BLACK", False)
    assert str(black.fill) == "cmyk 0 0 0 1"
    # Five glyphs of 0.667 em at 10 pt, stretched to 2 % across.
    assert black.box[2] - black.box[0] == pytest.approx(5 * 6.67 * 0.02)
