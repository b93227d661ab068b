"""Preflight of print PDFs: real WeasyPrint PDFs, each made bad in exactly one way."""
import dataclasses
import json
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from PIL import Image

from build_tools.pdf import fonts
from build_tools.pdf import preflight as preflight_module
from build_tools.pdf.preflight import (
    CHECKS,
    NOT_READ,
    Check,
    Expectations,
    Failure,
    Report,
    codes_for,
    format_json,
    format_text,
    located,
    preflight,
    preflight_cached,
)

REPO = Path(__file__).resolve().parent.parent
ICC = REPO / "build_tools/assets/icc/ArtifexCMYK-SWOP.icc"
SANS = REPO / "build_tools/assets/theme/fonts/NotoSans-Regular.woff2"
SERIF = REPO / "build_tools/assets/theme/fonts/NotoSerif-Regular.woff2"
OTHER_CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/ps_cmyk.icc")
EXPECT = Expectations(trim_mm=(148, 210), page_multiple=4)
ORANGE = "device-cmyk(0 0.6 1 0)"      # 160 % total ink
RICH_BLACK = "device-cmyk(1 1 1 1)"    # 400 % total ink
# 591 px across 50 mm is 300.2 ppi, 197 px is 100.1 ppi.
IMAGES = {"sharp.jpg": ("CMYK", (591, 296)), "coarse.jpg": ("CMYK", (197, 99)),
          "screen.jpg": ("RGB", (591, 296))}


def page_html(*, size="148mm 210mm", bleed="bleed: 3mm;", colour="device-cmyk(0 0 0 1)",
              profile="cyan, magenta, yellow, black", pages=4, image="sharp.jpg",
              box=ORANGE, transparency=True) -> str:
    """A small publication: text on every page, a tint box on page 2, and on page 3 an
    image and a caption in a second font."""
    rule = (f"@color-profile device-cmyk {{ src: url({ICC.as_uri()}); components: {profile}; }}"
            if profile else "")
    css = f"""{rule}
        @page {{ size: {size}; {bleed} margin: 15mm; }}
        html {{ color: {colour}; font-family: "Noto Sans"; }}
        @font-face {{ font-family: "Noto Sans"; src: url({SANS.as_uri()}); }}
        @font-face {{ font-family: "Noto Serif"; src: url({SERIF.as_uri()}); }}
        figcaption {{ font-family: "Noto Serif"; }}
        section {{ break-after: page; }}"""
    # Opacity makes WeasyPrint draw the figure in two nested transparency-group forms.
    wrap = ('<div style="opacity: .9"><div style="opacity: .9">{}</div></div>'
            if transparency else "{}")
    contents = ["<p>Xin chào, Bình Dương.</p>",
                f'<div style="width: 30mm; height: 30mm; background: {box}"></div>',
                wrap.format(f'<figure><img src="{image}" style="width: 50mm">'
                            "<figcaption>Ảnh: Sở Thông tin</figcaption></figure>")]
    sections = [f"<section>{contents[n] if n < len(contents) else ''}<p>Trang {n + 1}</p>"
                "</section>" for n in range(pages)]
    return f"<style>{css}</style>{''.join(sections)}"


# How each PDF is made bad, in exactly one way: arguments to page_html.
BAD_HTML = {
    # Navy rather than black: RGB black converts to exactly 300 % ink, on the limit.
    "no-rgb": {"colour": "rgb(0 51 153)"},
    "no-rgb/image": {"image": "screen.jpg"},
    "bleed": {"bleed": ""},
    "trim-size": {"size": "210mm 297mm"},
    "image-resolution": {"image": "coarse.jpg"},
    "page-count": {"pages": 3},
    # Without a profile WeasyPrint blends transparency in DeviceRGB, so no transparency here.
    "output-intent": {"variant": None, "profile": None, "transparency": False},
    "ink-coverage": {"box": RICH_BLACK},
}


ALSO_FAILS = {"output-intent": ["output-intent", "pdfx-keys"]}


def render(folder: Path, name: str, variant: str | None = "pdf/x-4", **html) -> Path:
    target = folder / f"{name.replace('/', '-')}.pdf"
    document = weasyprint.HTML(string=page_html(**html), base_url=f"{folder}/")
    document.write_pdf(target, pdf_variant=variant) if variant else document.write_pdf(target)
    return target


def altered(source: Path, name: str, change) -> Path:
    """A copy of source changed with pikepdf; change(pdf) may return save() arguments."""
    target = source.with_name(f"{name.replace('/', '-')}.pdf")
    with pikepdf.open(source) as pdf:
        pdf.save(target, **(change(pdf) or {}))
    return target


def caption_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """The Type 0 font of the caption, which only the forms on page 3 draw with."""
    [font] = [font for font in pdf.objects if isinstance(font, pikepdf.Dictionary)
              and font.get("/Subtype") == "/Type0" and "Serif" in str(font.BaseFont)]
    return font


def drop_font_file(pdf: pikepdf.Pdf) -> None:
    del caption_font(pdf).DescendantFonts[0].FontDescriptor["/FontFile2"]


def make_type3(pdf: pikepdf.Pdf) -> None:
    caption_font(pdf).Subtype = pikepdf.Name.Type3


def encrypt(pdf: pikepdf.Pdf) -> dict:
    return {"encryption": pikepdf.Encryption(owner="printer", user="")}


ALTERED = {"fonts-embedded": drop_font_file, "no-type3": make_type3, "not-encrypted": encrypt}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Every PDF of this module, rendered once: 'good', then one per check made bad."""
    folder = tmp_path_factory.mktemp("preflight")
    for name, (mode, size) in IMAGES.items():
        Image.new(mode, size, (40, 20, 0, 10)[:len(mode)]).save(folder / name, quality=90)
    made = {"good": render(folder, "good")}
    made |= {code: render(folder, code, **html) for code, html in BAD_HTML.items()}
    made |= {code: altered(made["good"], code, change) for code, change in ALTERED.items()}
    made["truncated"] = folder / "truncated.pdf"
    made["truncated"].write_bytes(made["good"].read_bytes()[:20_000])
    # qpdf can rebuild a file whose last cross-reference offset is wrong, but it is damaged.
    good = made["good"].read_bytes()
    made["repairable"] = folder / "repairable.pdf"
    made["repairable"].write_bytes(good[:good.rindex(b"startxref")] + b"startxref\n12\n%%EOF\n")
    made["password"] = altered(made["good"], "password", lambda pdf: {
        "encryption": pikepdf.Encryption(owner="printer", user="secret")})
    return made


@pytest.fixture(scope="module")
def reports(pdfs) -> dict:
    return {name: preflight(path, EXPECT) for name, path in pdfs.items()}


def failed(report) -> dict[str, str]:
    return {check.code: check.detail for check in report.checks if not check.passed}


def test_the_good_pdf_passes_every_check_in_order(reports):
    report = reports["good"]
    assert [check.code for check in report.checks] == list(CHECKS) == codes_for("print")
    assert failed(report) == {}
    assert report.passed


@pytest.mark.parametrize(("code", "measured"), [
    ("no-rgb", ["page 1 sets an RGB fill colour (rg) (also pages 2, 3, 4)"]),
    ("no-rgb/image", ["page 3 has a DeviceRGB image /"]),
    ("bleed", ["page 1 has 0.0 mm bleed", "needs 3 mm"]),
    ("trim-size", ["page 1 is trimmed to 210.0 × 297.0 mm (also pages 2, 3, 4)"]),
    ("image-resolution", ["lowest effective resolution 100.1 ppi on page 3", "below 300 ppi"]),
    ("page-count", ["3 pages, not a multiple of 4; add 1 page "]),
    ("output-intent", ["the catalog has 0 PDF/X output intents"]),
    ("ink-coverage", ["page 2 reaches 400 % total ink", "limit is 300 %"]),
    ("fonts-embedded", ["page 3 uses the font ", "+Noto-Serif, which is not embedded"]),
    ("no-type3", ["page 3 uses the Type 3 font ", "+Noto-Serif"]),
    ("not-encrypted", ["the file is encrypted"]),
])
def test_a_pdf_made_bad_one_way_fails_that_check_only(reports, code, measured):
    check = code.split("/")[0]
    assert check not in failed(reports["good"])
    # A file that is not PDF/X at all also lacks the keys that say which PDF/X it is.
    assert list(failed(reports[code])) == ALSO_FAILS.get(code, [check])
    assert all(fragment in failed(reports[code])[check] for fragment in measured), \
        failed(reports[code])[check]


@pytest.mark.parametrize(("name", "reason"), [
    ("truncated", "unable to find trailer dictionary"),
    ("password", "it needs a password to open"),
    ("repairable", "file is damaged"),
])
def test_an_unreadable_file_fails_readable_and_every_other_check_is_not_checked(
        reports, name, reason):
    first, *others = reports[name].checks
    assert (first.code, first.passed) == ("readable", False)
    assert reason in first.detail
    assert [(check.passed, check.detail) for check in others] == \
        [(False, NOT_READ)] * (len(CHECKS) - 1)


def test_the_lowest_ppi_is_found_inside_nested_forms(pdfs, reports):
    with pikepdf.open(pdfs["image-resolution"]) as pdf:
        page_xobjects = pdf.pages[2].get_resources().XObject.values()
        assert {str(xobject.Subtype) for xobject in page_xobjects} == {"/Form"}
    good = dict((check.code, check.detail) for check in reports["good"].checks)
    assert "lowest effective resolution 300.2 ppi on page 3 (591 × 296 px placed at 50.0" \
        in good["image-resolution"]


def test_an_inline_rgb_image_is_found_with_its_resolution(pdfs):
    def place_inline_image(pdf):
        page = pdf.pages[3]
        # 10 px across half an inch: 20 ppi, white so that it adds no ink.
        image = b"q 36 0 0 36 100 100 cm BI /W 10 /H 10 /CS /RGB /BPC 8 ID " + b"\xff" * 300
        page.contents_add(pdf.make_stream(image + b" EI Q"))
    failures = failed(preflight(altered(pdfs["good"], "inline-image", place_inline_image), EXPECT))
    assert list(failures) == ["image-resolution", "no-rgb"]
    assert "lowest effective resolution 20.0 ppi on page 4 (10 × 10 px placed at 12.7 × 12.7 mm)" \
        in failures["image-resolution"]
    assert failures["no-rgb"].startswith("page 4 has an RGB inline image")


def test_ink_coverage_measures_flat_tints_as_given(reports):
    good = dict((check.code, check.detail) for check in reports["good"].checks)
    assert good["ink-coverage"].startswith("highest total ink 160 % on page 2")
    assert "reaches 400 % total ink" in failed(reports["ink-coverage"])["ink-coverage"]


@pytest.mark.skipif(not OTHER_CMYK_PROFILE.exists(), reason="Ghostscript's ps_cmyk.icc needed")
def test_ink_coverage_keeps_the_numbers_of_a_fill_tagged_with_another_cmyk_profile(pdfs):
    def tag_fills(pdf):
        page = pdf.pages[1]
        page.Contents.write(page.Contents.read_bytes().replace(b"/DeviceCMYK cs",
                                                               b"/device-cmyk cs"))
        page.get_resources().ColorSpace["/device-cmyk"][1].write(OTHER_CMYK_PROFILE.read_bytes())
    tagged = altered(pdfs["ink-coverage"], "tagged-rich-black", tag_fills)
    assert "page 2 reaches 400 % total ink" in failed(preflight(tagged, EXPECT))["ink-coverage"]


def test_space_separated_profile_components_give_a_one_channel_output_profile(pdfs):
    folder = pdfs["good"].parent
    spaced = render(folder, "spaced-components", profile="cyan magenta yellow black")
    failures = failed(preflight(spaced, EXPECT))
    assert list(failures) == ["output-intent"]
    assert "declares /N 1, not 4 (CMYK)" in failures["output-intent"]


def test_without_ghostscript_ink_coverage_fails_saying_what_to_install(pdfs, monkeypatch):
    monkeypatch.setattr(preflight_module.shutil, "which", lambda name: None)
    assert "apt-get install ghostscript" in failed(preflight(pdfs["good"]))["ink-coverage"]


def test_unset_expectations_are_passed_as_not_checked(pdfs):
    report = preflight(pdfs["page-count"], Expectations())
    details = {check.code: (check.passed, check.detail) for check in report.checks}
    assert details["trim-size"] == details["page-count"] == (True, "not checked")


def test_text_report_has_a_line_per_check_and_a_summary(reports):
    text = format_text([reports["good"], reports["bleed"]])
    lines = text.splitlines()
    second = len(CHECKS) + 1
    assert lines[0] == f"{reports['good'].path}: passed"
    assert lines[second] == f"{reports['bleed'].path}: FAILED"
    assert lines[second + 5].startswith("  FAIL  bleed             page 1 has 0.0 mm bleed")
    assert sum(line.startswith("  PASS  ") for line in lines) == 2 * len(CHECKS) - 1
    assert lines[-1] == "preflight: 1 of 2 PDFs passed (1 failed check)"


def test_json_report_lists_every_check_of_every_file(reports):
    text = format_json([reports["good"], reports["trim-size"]])
    assert "148 × 210 mm" in text  # not escaped
    data = json.loads(text)
    assert data["passed"] is False
    assert [file["passed"] for file in data["files"]] == [True, False]
    assert data["files"][1]["path"] == reports["trim-size"].path
    assert data["files"][1]["checks"][3] == {
        "code": "trim-size", "passed": False,
        "detail": failed(reports["trim-size"])["trim-size"],
        "failures": [{"page": page, "problem": "is trimmed to 210.0 × 297.0 mm"}
                     for page in (1, 2, 3, 4)],
        "fix": "expected 148 × 210 mm (±0.5 mm); set @page { size } to the trim size"}
    assert json.loads(format_json([reports["good"]]))["passed"] is True


def by_code(report) -> dict[str, Check]:
    return {check.code: check for check in report.checks}


@pytest.mark.parametrize(("code", "failures"), [
    ("no-rgb", [(1, "sets an RGB fill colour (rg)"), (2, "sets an RGB fill colour (rg)"),
                (3, "sets an RGB fill colour (rg)"), (4, "sets an RGB fill colour (rg)")]),
    ("bleed", [(page, "has 0.0 mm bleed on its narrowest side") for page in (1, 2, 3, 4)]),
    ("ink-coverage", [(2, "reaches 400 % total ink")]),
    ("image-resolution", [(3, "an image of 197 × 99 px placed at 50.0 × 25.1 mm has an "
                              "effective resolution of 100.1 ppi, below 300 ppi")]),
])
def test_a_failed_check_lists_its_problems_page_by_page(reports, code, failures):
    check = by_code(reports[code])[code]
    assert [(failure.page, failure.problem) for failure in check.failures] == failures
    assert check.fix and check.detail.endswith(check.fix)


def test_a_problem_of_the_whole_file_has_no_page(reports):
    check = by_code(reports["page-count"])["page-count"]
    assert check.failures == () and check.detail.startswith("3 pages, not a multiple of 4")


def _resolution_pdf(folder: Path, width_px: int) -> Path:
    """One CMYK image placed 25.4 mm wide: its pixels across are its resolution."""
    image = folder / f"w{width_px}.jpg"
    Image.new("CMYK", (width_px, width_px), (40, 20, 0, 10)).save(image, quality=90)
    html = (f'<style>@page {{ size: 148mm 210mm; bleed: 3mm; margin: 15mm }}</style>'
            f'<img src="{image.name}" style="width: 25.4mm; height: 25.4mm">')
    target = folder / f"w{width_px}.pdf"
    weasyprint.HTML(string=html, base_url=f"{folder}/").write_pdf(target)
    return target


@pytest.mark.parametrize(("ppi", "passed", "shown"), [
    (299.96, True, "300.0 ppi"),   # the figure says 300.0: it must not fail at 300
    (299.951, True, "300.0 ppi"),  # rounds to the threshold: passes
    (299.94, False, "299.9 ppi"),
    (300.0, True, "300.0 ppi"),
])
def test_the_resolution_figure_and_the_verdict_agree_at_the_threshold(monkeypatch, ppi, passed,
                                                                      shown):
    monkeypatch.setattr(preflight_module, "_placements",
                        lambda job: iter([(ppi, 2, "100 × 100 px placed at 8.5 × 8.5 mm"),
                                          (600.0, 1, "200 × 200 px placed at 8.5 × 8.5 mm")]))
    verdict = preflight_module._image_resolution(
        preflight_module.OpenedPdf(Path("x.pdf"), Expectations(), None))
    assert verdict[0] is passed, verdict[1]
    assert f"lowest effective resolution {shown} on page 2" in verdict[1]
    assert ("below 300 ppi" in verdict[1]) is not passed


def test_an_image_at_exactly_300_ppi_passes_and_one_pixel_less_fails(tmp_path):
    exact = by_code(preflight(_resolution_pdf(tmp_path, 300), Expectations()))["image-resolution"]
    assert exact.passed and "lowest effective resolution 300.0 ppi" in exact.detail
    low = by_code(preflight(_resolution_pdf(tmp_path, 299), Expectations()))["image-resolution"]
    assert not low.passed and "lowest effective resolution 299.0 ppi" in low.detail
    assert [(failure.page, failure.problem) for failure in low.failures] == [
        (1, "an image of 299 × 299 px placed at 25.4 × 25.4 mm has an effective resolution "
            "of 299.0 ppi, below 300 ppi")]


def test_the_cached_report_is_the_report_and_a_damaged_record_is_checked_again(pdfs, tmp_path):
    first = preflight_cached(pdfs["good"], EXPECT, tmp_path)
    [record] = tmp_path.glob("*.json")
    assert preflight_cached(pdfs["good"], EXPECT, tmp_path) == first
    record.write_text("{damaged", encoding="utf-8")
    assert preflight_cached(pdfs["good"], EXPECT, tmp_path) == first


def test_a_check_survives_its_json_with_its_failures(reports):
    for check in reports["bleed"].checks:
        assert Check.from_dict(json.loads(json.dumps(dataclasses.asdict(check)))) == check
    assert by_code(reports["bleed"])["bleed"].failures


def test_located_lines_name_the_source_of_each_page():
    report = Report("x.pdf", (
        Check("readable", True, "fine"),
        Check("output-intent", False, "the catalog has 0 PDF/X output intents"),
        Check("no-rgb", False, "page 2 …", (Failure(2, "sets an RGB fill colour (rg)"),
                                            Failure(2, "has a DeviceRGB image /Im1"),
                                            Failure(7, "sets an RGB fill colour (rg)")),
              "give every colour as device-cmyk()"),
        Check("bleed", False, "page 1 …", (Failure(1, "has 0.0 mm bleed"),),
              "needs 3 mm")))
    sources = {1: "docs/vi/a/index.md", 2: "docs/vi/a/index.md", 7: "docs/vi/a/b.md"}
    assert located(report, "a-vi-print.pdf", lambda page: sources.get(page, "docs/vi/a/index.md")) == [
        "docs/vi/a/index.md:1: a-vi-print.pdf: the catalog has 0 PDF/X output intents",
        "docs/vi/a/index.md:1: a-vi-print.pdf page 1: has 0.0 mm bleed; needs 3 mm",
        "docs/vi/a/index.md:1: a-vi-print.pdf page 2: sets an RGB fill colour (rg), "
        "has a DeviceRGB image /Im1; give every colour as device-cmyk()",
        "docs/vi/a/b.md:1: a-vi-print.pdf page 7: sets an RGB fill colour (rg); "
        "give every colour as device-cmyk()"]


def test_located_lines_are_capped_per_check():
    failures = tuple(Failure(page, "sets an RGB fill colour (rg)") for page in range(1, 15))
    report = Report("x.pdf", (Check("no-rgb", False, "…", failures, "fix it"),))
    lines = located(report, "a.pdf", lambda page: "index.md" if page is None else f"p{page}.md")
    assert len(lines) == 11 and lines[9].startswith("p10.md:1: a.pdf page 10: ")
    assert lines[10] == "index.md:1: a.pdf: no-rgb fails on 4 more page(s): 11, 12, 13, 14"


# --- Layout: small WeasyPrint PDFs, each with one defect of layout -------------------------

BOOK_CSS = [REPO / "build_tools/assets/pdf" / name for name in ("book.css", "print.css")]
BODY = ("Bình Dương hướng đến xây dựng thành phố thông minh, từ mô hình hợp tác ba nhà "
        "đến chiến lược Binh Duong Navigator 2021. ")


def sheets(folder: Path, name: str, pages: list[str], style: str = "",
           variant: str | None = "pdf/x-4") -> Path:
    """A CMYK print PDF of A5 sheets with 3 mm bleed, one section of HTML a page (an empty
    one is a blank page), in solid black Noto Sans at 10 pt."""
    css = f"""@color-profile device-cmyk {{ src: url({ICC.as_uri()});
                components: cyan, magenta, yellow, black; }}
        @page {{ size: 148mm 210mm; bleed: 3mm; margin: 15mm; }}
        @font-face {{ font-family: "Noto Sans"; src: url({SANS.as_uri()}); }}
        html {{ color: device-cmyk(0 0 0 1); font-family: "Noto Sans"; font-size: 10pt; }}
        body {{ margin: 0; }} section {{ break-after: page; }} {style}"""
    html = f"<style>{css}</style>" + "".join(f"<section>{page}</section>" for page in pages)
    target = folder / f"{name}.pdf"
    document = weasyprint.HTML(string=html, base_url=f"{folder}/")
    document.write_pdf(target, pdf_variant=variant) if variant else document.write_pdf(target)
    return target


def one_check(path: Path, code: str, expect: Expectations = Expectations()) -> Check:
    return by_code(preflight(path, expect))[code]


def failures_of(check: Check) -> list[tuple[int | None, str]]:
    return [(failure.page, failure.problem) for failure in check.failures]


def bilingual_table(folder: Path, name: str, row: str) -> Path:
    """A bilingual page in bdpub's own stylesheets: on page 2 a table of long names in the
    Vietnamese block and its English translation, side by side in a "pair" row (the layout
    before tables were set apart, issue 10, item 1) or one after the other in a "sequence"."""
    rows = "".join(f"<tr><td>{number}</td><td>Binh-Duong-Smart-City-Navigator-2021-{number}</td>"
                   f"<td>Becamex-IDC-Corporation-{number}</td></tr>" for number in range(1, 6))
    links = "".join(f'<link rel="stylesheet" href="{css.as_uri()}">' for css in BOOK_CSS)
    faces = fonts.font_faces(fonts.truetype(folder / "fonts"), lambda path: path.as_uri())
    html = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{links}
        <style>{faces}@color-profile device-cmyk {{ src: url({ICC.as_uri()});
        components: cyan, magenta, yellow, black; }}
        @page {{ size: 148mm 210mm; bleed: 3mm; margin-left: 16mm;
        margin-right: 16mm; }}</style></head>
        <body class="profile-print edition-bilingual">
        <section class="title-page"><h1>Sổ tay</h1></section>
        <section class="chapter" style="break-before: page"><div class="{row}">
        <div class="source" lang="vi"><table>{rows}</table></div>
        <div class="translation" lang="en"><p>{"The smart city plan of the province. " * 12}</p>
        </div></div></section></body></html>"""
    target = folder / f"{name}.pdf"
    weasyprint.HTML(string=html).write_pdf(target, pdf_variant="pdf/x-4")
    return target


def test_a_table_wider_than_its_column_prints_over_the_translation_and_fails_on_its_page(
        tmp_path):
    check = one_check(bilingual_table(tmp_path, "pair", "pair"), "text-overlap")
    assert not check.passed
    [(page, problem)] = failures_of(check)
    assert page == 2 and problem.startswith("text “The smart city plan of the” prints over "
                                            "text “Becamex-IDC-”"), problem
    assert "more overlaps on the page" in problem
    assert check.detail.startswith("page 2 text “The smart city plan of the”")
    report = Report("x.pdf", (check,))
    sources = {2: "docs/vi/so-tay/bang.md"}
    [line] = located(report, "so-tay-bilingual-print.pdf",
                     lambda page: sources.get(page, "docs/vi/so-tay/index.md"))
    assert line.startswith("docs/vi/so-tay/bang.md:1: so-tay-bilingual-print.pdf page 2: text “")
    # The table above its translation, at the full width of the page, fits.
    apart = one_check(bilingual_table(tmp_path, "sequence", "sequence"), "text-overlap")
    assert apart.passed, apart.detail


@pytest.mark.parametrize(("line_height", "passed"), [(1.0, True), (0.9, True), (0.6, False)])
def test_lines_set_close_overlap_only_when_closer_than_the_glyph_core(tmp_path, line_height,
                                                                      passed):
    capitals = "ẤN PHẨM SONG NGỮ VIỆT – ANH, ỨNG DỤNG, Ỗ Ễ Ẵ. "
    path = sheets(tmp_path, f"leading-{line_height}", [f"<p>{(capitals + BODY) * 4}</p>"],
                  f"p {{ line-height: {line_height}; }}")
    check = one_check(path, "text-overlap")
    assert check.passed is passed, check.detail
    if not passed:
        assert [page for page, _ in failures_of(check)] == [1]


def test_two_blank_pages_in_a_row_fail_where_they_begin_and_a_ruled_notes_page_is_not_blank(
        tmp_path):
    two = one_check(sheets(tmp_path, "two-blank", ["<p>Một</p>", "", "", "<p>Bốn</p>"]),
                    "blank-pages")
    assert failures_of(two) == [(2, "begins 2 blank pages in a row (pages 2–3)")]
    ruled = '<div style="border-bottom: 0.4pt solid device-cmyk(0 0 0 0.35); height: 9mm"></div>'
    notes = one_check(sheets(tmp_path, "notes", ["<p>Một</p>", "", ruled * 5, "<p>Bốn</p>"]),
                      "blank-pages")
    assert notes.passed and notes.detail == "no two blank pages in a row (1 blank page(s))"
    # White paint on white paper shows nothing.
    white = '<div style="background: device-cmyk(0 0 0 0); height: 50mm"></div>'
    painted = one_check(sheets(tmp_path, "white", ["<p>Một</p>", white, white, "<p>Bốn</p>"]),
                        "blank-pages")
    assert failures_of(painted) == [(2, "begins 2 blank pages in a row (pages 2–3)")]


@pytest.mark.parametrize(("style", "where"), [
    ("font-size: 5pt", "15 × 17 mm"),
    # 10 pt scaled by half: the CTM makes it 5 pt on paper.
    ("font-size: 10pt; transform: scale(0.5); transform-origin: 0 0", "15 × 19 mm"),
])
def test_text_under_6_pt_fails_at_its_effective_size(tmp_path, style, where):
    path = sheets(tmp_path, "tiny", ["<p>Một</p>", f'<p style="{style}">Chú thích nhỏ</p>'])
    check = one_check(path, "text-size")
    assert failures_of(check) == [(2, f"text “Chú thích nhỏ” at {where} is set at 5.0 pt")]
    assert check.fix == "text under 6 pt does not print legibly; set it at 6 pt or more"


def test_text_at_6_pt_passes(tmp_path):
    check = one_check(sheets(tmp_path, "six", ['<p style="font-size: 6pt">Chú thích</p>']),
                      "text-size")
    assert check.passed and check.detail.startswith("the smallest text is 6.0 pt (page 1)")


@pytest.mark.parametrize(("colour", "passed"), [
    ("device-cmyk(0 0 0 0.6)", False),   # a 60 % tint of black: halftoned
    ("device-cmyk(0 0 0 1)", True),      # solid black
    ("device-cmyk(0.6 0.4 0.4 1)", True),  # rich black
    ("device-cmyk(0 0.6 1 0)", True),    # a colour, not a tint of black
])
def test_text_in_a_tint_of_black_fails_in_a_print_file(tmp_path, colour, passed):
    path = sheets(tmp_path, "tint", ["<p>Một</p>", f'<p style="color: {colour}">Xám</p>'])
    check = one_check(path, "text-tint")
    assert check.passed is passed, check.detail
    if not passed:
        assert failures_of(check) == [
            (2, "text “Xám” at 15 × 20 mm is filled in a tint of black (cmyk 0 0 0 0.6)")]
        screen = preflight(path, Expectations(profile="screen"))
        assert "text-tint" not in by_code(screen)


def test_text_in_device_gray_between_black_and_white_is_a_tint(tmp_path):
    def grey(pdf):
        page = pdf.pages[0]
        page.Contents.write(page.Contents.read_bytes().replace(b"/DeviceCMYK cs\n0 0 0 1 scn",
                                                               b"0.5 g", 1))
    path = altered(sheets(tmp_path, "black", ["<p>Xám</p>"]), "gray", grey)
    assert failures_of(one_check(path, "text-tint")) == [
        (1, "text “Xám” at 15 × 20 mm is filled in a tint of black (gray 0.5)")]


def test_text_outside_the_safe_area_fails_on_its_page(tmp_path):
    near = sheets(tmp_path, "near", ["<p>Một</p>", "<p>Hai</p>"],
                  "section + section p { position: relative; left: -13mm; }")
    check = one_check(near, "safe-area")
    [(page, problem)] = failures_of(check)
    assert (page, problem) == (2, "text “Hai” at 2 × 20 mm comes within 2.0 mm of the "
                                  "trimmed edge")
    assert check.fix == ("keep text at least 5 mm inside the trimmed edge: widen the page "
                         "margins or move the text in")
    beyond = sheets(tmp_path, "beyond", ["<p>Một</p>"],
                    "p { position: absolute; left: -20mm; top: 50mm; }")
    assert "runs 5." in failures_of(one_check(beyond, "safe-area"))[0][1]
    # A wider margin asked for, and the default text block of 15 mm fails it.
    assert not one_check(sheets(tmp_path, "safe", ["<p>Một</p>"]), "safe-area",
                         Expectations(safe_mm=16)).passed


def test_a_screen_pdf_keeps_text_inside_its_page_edge(tmp_path):
    path = sheets(tmp_path, "screen", ["<p>Một</p>"], "@page { bleed: 0; margin: 2mm; }",
                  variant=None)
    report = preflight(path, Expectations(profile="screen"))
    assert [check.code for check in report.checks] == codes_for("screen")
    assert failed(report).keys() == {"safe-area"}
    assert "comes within 2.0 mm of the trimmed edge" in failed(report)["safe-area"]


def test_body_text_on_the_last_page_of_a_print_file_fails(tmp_path):
    body = f"<p>{BODY * 3}</p>" * 3
    spilled = sheets(tmp_path, "spilled", ["<p>Bìa</p>", body, body, body])
    check = one_check(spilled, "back-cover")
    [(page, problem)] = failures_of(check)
    assert page == 4 and problem.startswith(
        "the outside back cover carries 18 lines of body text at 10.0 pt, from “Bình Dương"), \
        problem
    designed = ('<p style="font-size: 11pt">Sổ tay</p><p style="font-size: 9pt">Sở Thông tin '
                'và Truyền thông</p><p style="font-size: 9pt">https://example.org/</p>')
    good = one_check(sheets(tmp_path, "back", ["<p>Bìa</p>", body, body, designed]), "back-cover")
    assert good.passed and good.detail == ("the outside back cover (page 4) carries 0 line(s) "
                                           "at the body size of 10.0 pt, at most 3")
    short = one_check(sheets(tmp_path, "leaf", [body, body]), "back-cover")
    assert short.passed and short.detail == "not checked: 2 page(s) and no back cover"


@pytest.mark.parametrize(("trapped", "problem"), [
    (None, "Trapped is missing, not True or False"),
    ("/Unknown", "Trapped is Unknown, not True or False"),
])
def test_a_print_pdf_says_whether_it_is_trapped(pdfs, trapped, problem):
    def retrap(pdf):
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            del metadata["pdf:Trapped"]
        del pdf.docinfo["/Trapped"]
        if trapped:
            pdf.docinfo["/Trapped"] = pikepdf.Name(trapped)
    check = one_check(altered(pdfs["good"], f"trapped-{trapped}", retrap), "pdfx-keys")
    assert not check.passed and check.detail.startswith(problem), check.detail
    good = by_code(preflight(pdfs["good"], EXPECT))["pdfx-keys"]
    assert good.detail == "PDF/X-4 (in the XMP metadata), Trapped False"


def test_each_profile_gets_its_checks_and_a_screen_pdf_only_the_layout_ones():
    assert codes_for("screen") == ["readable", "text-overlap", "safe-area", "blank-pages",
                                   "text-size"]
    assert set(codes_for("screen")) < set(codes_for("print")) == set(CHECKS)
    with pytest.raises(ValueError, match="expected one of print, screen"):
        Expectations(profile="paper")
