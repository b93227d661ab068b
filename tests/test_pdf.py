"""Real PDFs of a small fixture publication, parsed back: boxes, fonts, colour, text."""
import hashlib
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pdfcheck
import pdfplumber
import pikepdf
import pytest
from conftest import FIXTURES, run_bdpub

from build_tools.content.editions import PROFILES, editions_for
from build_tools.pdf import render as pdf_module
from build_tools.pdf.preflight import Expectations, codes_for, preflight

A5 = (148.0, 210.0)


def _git_commit(root):
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2019-11-25T08:00:00Z", "GIT_COMMITTER_DATE": "2019-11-25T08:00:00Z"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=root, env={**env, "PATH": "/usr/bin:/bin"}, check=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The print fixture, committed to git and built once (site and PDFs)."""
    root = tmp_path_factory.mktemp("print") / "print"
    shutil.copytree(FIXTURES / "print", root, ignore=shutil.ignore_patterns("site", ".cache"))
    _git_commit(root)
    result = run_bdpub("build", cwd=root)
    assert result.returncode == 0, result.stderr
    result.root = root
    result.manifest = json.loads((root / "site/publications.json").read_text(encoding="utf-8"))
    return result


def pdfs(built, profile=None):
    [publication] = built.manifest["publications"]
    return [pdf for pdf in publication["pdfs"] if profile in (None, pdf["profile"])]


def test_the_manifest_lists_every_edition_in_both_profiles_with_true_figures(built):
    [publication] = built.manifest["publications"]
    assert (publication["slug"], publication["kind"], publication["date"]) == ("so-tay", "booklet", "2019-11")
    assert publication["titles"] == {"vi": "Sổ tay thành phố thông minh", "en": "Smart city handbook"}
    assert sorted((pdf["lang"], pdf["profile"]) for pdf in publication["pdfs"]) == [
        (lang, profile) for lang in ("bilingual", "en", "vi") for profile in ("print", "screen")]
    for pdf in publication["pdfs"]:
        data = (built.root / "site" / pdf["path"]).read_bytes()
        assert (pdf["bytes"], pdf["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
        with pikepdf.open(built.root / "site" / pdf["path"]) as document:
            assert len(document.pages) == pdf["pages"]
        assert pdf["trim_mm"] == list(A5)
        assert pdf["bleed_mm"] == (3.0 if pdf["profile"] == "print" else 0.0)


def test_every_print_pdf_passes_an_independent_preflight(built):
    for pdf in pdfs(built, "print"):
        assert pdfcheck.printer_problems(built.root / "site" / pdf["path"], A5, 4) == [], pdf["path"]


def test_print_pdfs_are_pdf_x4_with_cmyk_images_at_300_ppi(built):
    path = built.root / "site/pdf/so-tay/so-tay-vi-print.pdf"
    with pikepdf.open(path) as document:
        assert "PDF/X-4" in str(document.open_metadata().get("pdfx:GTS_PDFXVersion"))
    placed = [image for image in pdfcheck.images(path) if image["type"] == "image"]
    assert len(placed) == 2  # cover and diagram
    assert all(image["color"] == "cmyk" and int(image["x-ppi"]) >= 299 for image in placed)


def test_saddle_stitched_print_is_padded_to_fours_and_screen_is_not(built):
    counts = {(pdf["lang"], pdf["profile"]): pdf["pages"] for pdf in pdfs(built)}
    assert all(count % 4 == 0 for (_, profile), count in counts.items() if profile == "print")
    assert any(count % 4 for (_, profile), count in counts.items() if profile == "screen")


def test_screen_pdfs_are_tagged_rgb_with_bookmarks_and_links(built):
    for pdf in pdfs(built, "screen"):
        path = built.root / "site" / pdf["path"]
        info = pdfcheck.run("pdfinfo", str(path))
        assert re.search(r"Tagged:\s+yes", info)
        with pikepdf.open(path) as document:
            assert "/StructTreeRoot" in document.Root and document.Root.MarkInfo.Marked
            assert "/OutputIntents" not in document.Root or all(
                intent.S != "/GTS_PDFX" for intent in document.Root.OutputIntents)
            with document.open_outline() as outline:
                assert len(outline.root) >= 3
            links = [annot for page in document.pages for annot in page.get("/Annots", [])
                     if annot.Subtype == "/Link"]
            assert links
        page = pdfcheck.boxes(path)[0]
        assert page["TrimBox"] == page["MediaBox"]  # no bleed
        assert all(int(image["x-ppi"]) <= 160 for image in pdfcheck.images(path)
                   if image["type"] == "image")



def _language_of_words(path) -> dict[str, set[str]]:
    """Each word printed in a PDF, with the languages its marked content has in the
    structure tree (the nearest /Lang up from its structure element)."""
    with pikepdf.open(path) as document:
        parents = dict(zip(*[iter(document.Root.StructTreeRoot.ParentTree.Nums)] * 2))

        def lang(element):
            while "/Lang" not in element and "/P" in element:
                element = element.P
            return str(element.get("/Lang", document.Root.get("/Lang", "")))

        languages = {(int(page), mcid): lang(element) for page, elements in parents.items()
                     if isinstance(elements, pikepdf.Array)
                     for mcid, element in enumerate(elements)}
    words: dict[str, set[str]] = {}
    with pdfplumber.open(path) as document:
        for number, page in enumerate(document.pages):
            for word in page.extract_words(extra_attrs=["mcid"]):
                words.setdefault(word["text"], set()).add(
                    languages.get((number, word["mcid"]), "?"))
    return words


def test_the_english_of_a_bilingual_screen_pdf_is_tagged_english(built):
    [bilingual] = [pdf for pdf in pdfs(built, "screen") if pdf["lang"] == "bilingual"]
    words = _language_of_words(built.root / "site" / bilingual["path"])
    assert words["technology,"] == words["conditions."] == words["strategy"] == {"en"}
    assert words["nghiệp"] == words["Chiến"] == words["lĩnh"] == {"vi"}
    assert "?" not in set().union(*words.values())



def _figures(path) -> list:
    """The /Figure structure elements of a tagged PDF, with their alternative text."""
    with pikepdf.open(path) as document:
        pending, found = [document.Root.StructTreeRoot], []
        while pending:
            element = pending.pop()
            if element.get("/S") == "/Figure":
                found.append(str(element.get("/Alt", "")))
            kids = element.get("/K")
            pending += [kid for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
                        if isinstance(kid, pikepdf.Dictionary)]
        return found


def test_the_cover_art_is_decoration_and_every_figure_has_alternative_text(built):
    for pdf in pdfs(built, "screen"):
        path = built.root / "site" / pdf["path"]
        figures = _figures(path)
        inside = [image for image in pdfcheck.images(path) if image["page"] != "1"]
        assert figures and all(figures) and len(figures) == len(inside)  # not the cover
        assert [image["page"] for image in pdfcheck.images(path)].count("1") == 1
    for pdf in pdfs(built, "print"):
        # Still placed at print resolution, and seen there by bdpub's own preflight.
        path = built.root / "site" / pdf["path"]
        placed = pdfcheck.images(path)
        cover = [image for image in placed if image["page"] == "1"]
        assert len(cover) == 1 and int(cover[0]["x-ppi"]) >= 300
        report = run_bdpub("preflight", str(path), cwd=built.root).stdout
        assert re.search(rf"image-resolution\s+{len(placed)} placed images", report), report


def _text(path) -> str:
    return " ".join(pdfcheck.run("pdftotext", str(path), "-").split())


def test_vietnamese_text_is_extracted_exactly_as_written(built):
    text = _text(built.root / "site/pdf/so-tay/so-tay-vi-screen.pdf")
    for sentence in ("Từ năm 2015, tỉnh Bình Dương và Tổng Công ty Becamex IDC hợp tác với "
                     "Văn phòng Dự án quốc tế Eindhoven.",
                     "Ủy ban nhân dân tỉnh thông qua chiến lược vào tháng 12 năm 2016.",
                     "Con người, công nghệ, doanh nghiệp và các điều kiện nền tảng."):
        assert sentence in unicodedata.normalize("NFC", text)


def test_book_parts_are_localised(built):
    vi = _text(built.root / "site/pdf/so-tay/so-tay-vi-screen.pdf")
    en = _text(built.root / "site/pdf/so-tay/so-tay-en-screen.pdf")
    assert "Mục lục" in vi and "Trang" in vi and "tháng 11 năm 2019" in vi
    assert "Sở Thông tin và Truyền thông tỉnh Bình Dương" in vi and "Ấn bản tiếng Việt" in vi
    assert "Contents" in en and "Page" in en and "November 2019" in en
    assert "Department of Information and Communications" in en and "English edition" in en


def test_the_contents_give_the_page_where_each_chapter_starts(built):
    with pdfplumber.open(built.root / "site/pdf/so-tay/so-tay-en-screen.pdf") as document:
        texts = [page.extract_text() or "" for page in document.pages]
    contents = next(text for text in texts if "Contents" in text)
    for title in ("The Triple Helix model", "The Navigator 2021 strategy"):
        number = int(re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", contents, re.MULTILINE)[1])
        assert texts[number - 1].splitlines()[0:3] and title in texts[number - 1]


def test_the_bilingual_edition_sets_each_block_beside_its_translation(built):
    with pdfplumber.open(built.root / "site/pdf/so-tay/so-tay-bilingual-screen.pdf") as document:
        for page in document.pages:
            words = page.extract_words()
            vi = [w for w in words if w["text"] == "Xem"]          # "Xem thêm chiến lược."
            en = [w for w in words if w["text"] == "See"]          # "See also the strategy."
            if vi and en:
                assert vi[0]["x0"] < page.width / 2 < en[0]["x0"]
                assert abs(vi[0]["top"] - en[0]["top"]) < 2  # the same row
                break
        else:
            pytest.fail("the aligned paragraph was not found")


def test_a_bilingual_table_is_one_table_with_both_languages_in_each_cell(built):
    with pdfplumber.open(built.root / "site/pdf/so-tay/so-tay-bilingual-screen.pdf") as document:
        for page in document.pages:
            words = page.extract_words()
            vi = [w for w in words if w["text"] == "Chính"]        # "Chính quyền" (vi)
            en = [w for w in words if w["text"] == "Government"]
            guide = [w for w in words if w["text"] == "Định"]      # "Định hướng", 2nd column
            if vi and en:
                assert abs(vi[0]["x0"] - en[0]["x0"]) < 1  # one cell: the translation below
                assert vi[0]["bottom"] <= en[0]["top"] < vi[0]["bottom"] + 12
                assert guide and guide[0]["x0"] > en[0]["x1"]  # the columns side by side
                assert all(word["x1"] <= page.width - 10 for word in words)
                break
        else:
            pytest.fail("the bilingual table was not found")


def test_a_section_that_does_not_line_up_falls_back_and_is_reported(built):
    assert ("docs/en/so-tay/chien-luoc.md:13: warning: the bilingual edition prints section "
            "'Ghi chú' vi first, then en") in built.stderr
    text = _text(built.root / "site/pdf/so-tay/so-tay-bilingual-screen.pdf")
    assert text.index("Đoạn thứ hai của ghi chú.") < text.index("The note, translated as a single paragraph.")


def test_a_rebuild_renders_nothing_and_a_clean_rebuild_gives_identical_files(built):
    again = run_bdpub("build", cwd=built.root)
    assert again.returncode == 0 and "PDF: 0 rendered, 6 unchanged" in again.stderr
    shutil.rmtree(built.root / ".cache")
    fresh = run_bdpub("build", cwd=built.root)
    assert "PDF: 6 rendered" in fresh.stderr
    rebuilt = json.loads((built.root / "site/publications.json").read_text(encoding="utf-8"))
    assert rebuilt == built.manifest


def test_a_damaged_cache_entry_is_rendered_again(built):
    cached = sorted((built.root / ".cache/pdf").glob("*.pdf"))
    assert len(cached) == 6
    cached[0].write_bytes(cached[0].read_bytes()[:2000])           # a truncated PDF
    pdf_module.sidecar(cached[1]).write_text("{", encoding="utf-8")  # a damaged sidecar
    pdf_module.sidecar(cached[2]).unlink()                          # no sidecar
    again = run_bdpub("build", cwd=built.root)
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr and "PDF: 3 rendered, 3 unchanged" in again.stderr
    rebuilt = json.loads((built.root / "site/publications.json").read_text(encoding="utf-8"))
    assert rebuilt == built.manifest


def _page_sources(built, site_pdf):
    """The page sources kept beside the cached PDF that site_pdf was copied from."""
    data = site_pdf.read_bytes()
    [cached] = [path for path in (built.root / ".cache/pdf").glob("*.pdf")
                if path.read_bytes() == data]
    return json.loads(pdf_module.sidecar(cached).read_text(encoding="utf-8"))["page_sources"]


def test_each_page_is_traced_to_the_source_page_printed_on_it(built):
    for name, texts in (("so-tay-en-screen.pdf", {
            "The model brings government": "docs/vi/so-tay/mo-hinh.md",
            "The strategy focuses on four areas": "docs/vi/so-tay/chien-luoc.md",
            "Since 2015, Binh Duong province": "docs/vi/so-tay/index.md",
            "Contents": "docs/vi/so-tay/index.md"}),
                        ("so-tay-vi-print.pdf", {
            "Mô hình gắn kết chính quyền": "docs/vi/so-tay/mo-hinh.md",
            "Chiến lược tập trung vào bốn lĩnh vực": "docs/vi/so-tay/chien-luoc.md",
            "Mục lục": "docs/vi/so-tay/index.md"})):
        path = built.root / "site/pdf/so-tay" / name
        sources = _page_sources(built, path)
        with pdfplumber.open(path) as document:
            pages = [unicodedata.normalize("NFC", page.extract_text() or "")
                     for page in document.pages]
        assert len(sources) == len(pages)
        for text, source in texts.items():
            [number] = [n for n, page in enumerate(pages) if text in " ".join(page.split())]
            assert sources[number] == source, (name, text, number + 1, sources)
        if name.endswith("-print.pdf"):  # the padding, then the back cover
            assert sources[-2:] == ["docs/vi/so-tay/chien-luoc.md", "docs/vi/so-tay/index.md"]
        else:
            assert sources[-1] == "docs/vi/so-tay/chien-luoc.md"


def test_the_site_offers_the_screen_pdfs_with_their_sizes(built):
    page = (built.root / "site/en/so-tay/index.html").read_text(encoding="utf-8")
    for pdf in pdfs(built, "screen"):
        href = "../../" + pdf["path"]
        assert f'href="{href}"' in page
        assert (built.root / "site/en/so-tay" / href).resolve().is_file()
    assert re.search(r"PDF, \d+ pages, [\d.]+ kB", page)
    vietnamese = (built.root / "site/so-tay/index.html").read_text(encoding="utf-8")
    assert re.search(r"PDF, \d+ trang, [\d,]+ kB", vietnamese) and "Tải về" in vietnamese


def _edit(root, path, old, new):
    page = root / path
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_image_from_another_host_stops_the_pdfs_naming_the_page(fixture_project):
    root = fixture_project("print")
    _edit(root, "docs/en/so-tay/mo-hinh.md", "(so-do.png)", "(https://example.org/so-do.png)")
    result = run_bdpub("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs/en/so-tay/mo-hinh.md:9: error: the image https://example.org/so-do.png" in result.stderr
    assert not (root / "site").exists()


def _publication(slug="so-tay", index="docs/vi/so-tay/index.md"):
    """What the PDF stage and the preflight read of a publication: an A5 saddle-stitched one."""
    from types import SimpleNamespace
    trim = SimpleNamespace(width_mm=148.0, height_mm=210.0)
    return SimpleNamespace(slug=slug, index=SimpleNamespace(display_path=index, lang="vi"),
                           facts=SimpleNamespace(print=SimpleNamespace(
                               trim_size=trim, binding="saddle-stitch")))


def _book_html(chapters: list[tuple[str, str]], root: Path) -> str:
    """A print book in bdpub's own stylesheets and fonts (made under root/.cache/fonts, as
    a build makes them): a front page, then one section per chapter."""
    from build_tools.pdf import fonts
    from build_tools.pdf.book import ASSETS_URL, book_url
    faces = fonts.font_faces(fonts.truetype(root / ".cache/fonts"),
                             lambda path: book_url(path, root))
    sections = "".join(f'<section class="chapter" id="c{number}" lang="vi" '
                       f'data-source="{source}">{body}</section>'
                       for number, (source, body) in enumerate(chapters, 1))
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            f'<link rel="stylesheet" href="{ASSETS_URL}pdf/book.css">'
            f'<link rel="stylesheet" href="{ASSETS_URL}pdf/print.css">'
            f"<style>{faces}@page {{ size: 148mm 210mm; bleed: 3mm; margin-left: 16mm; "
            "margin-right: 16mm; }"
            f'@color-profile device-cmyk {{ src: url("{ASSETS_URL}icc/ArtifexCMYK-SWOP.icc"); '
            "components: cyan, magenta, yellow, black; }"
            '</style></head><body class="profile-print">'
            f'<section class="title-page"><h1>Sổ tay</h1></section>{sections}</body></html>')


def test_print_preflight_failures_are_reported_at_the_source_page_printed_there(tmp_path):
    from build_tools.build import check_pdfs

    red = '<p>Chiến lược <span style="color: rgb(200, 20, 20)">đỏ</span>.</p>'
    chapters = [("docs/vi/so-tay/index.md", "<h1>Mở đầu</h1><p>Văn bản.</p>"),
                ("docs/vi/so-tay/mo-hinh.md", "<h1>Mô hình</h1><p>Văn bản.</p>"),
                ("docs/vi/so-tay/chien-luoc.md", f"<h1>Chiến lược</h1>{red}")]
    html = _book_html(chapters, tmp_path)
    target = tmp_path / "cache/pdf/key.pdf"
    target.parent.mkdir(parents=True)
    job = pdf_module.RenderJob(html, "file:///bdpub/assets/pdf/book.css",
                         pdf_module.url_space(tmp_path), "pdf/x-4", 4, str(target),
                         "docs/vi/so-tay/index.md",
                         tuple(pdf_module.CHAPTER.findall(html)))
    rendered = pdf_module.render_job(job)
    assert rendered.page_sources == ("docs/vi/so-tay/index.md", "docs/vi/so-tay/index.md",
                                     "docs/vi/so-tay/mo-hinh.md", "docs/vi/so-tay/chien-luoc.md")
    rendition = pdf_module.Rendition(_publication(), "vi", "print", target, rendered.pages,
                                     True, False, rendered.page_sources)
    with pytest.raises(pdf_module.BdpubError) as failed:
        check_pdfs([rendition], tmp_path / "cache/preflight")
    lines = str(failed.value).splitlines()
    assert lines == [
        "PDFs failed preflight:",
        "docs/vi/so-tay/chien-luoc.md:1: so-tay-vi-print.pdf page 4: sets an RGB fill colour "
        "(rg); give every colour as device-cmyk() and convert images to CMYK before placing "
        "them"]


def _failing_book(edition: str, html: str):
    from types import SimpleNamespace
    return SimpleNamespace(publication=_publication(), html=html, output_intent=(),
                           edition=editions_for("vi", ("en",))[edition],
                           profile=PROFILES["print"])


def test_a_render_that_fails_is_reported_after_every_job_has_finished(tmp_path):
    deep = "<div>" + "<span>" * 1000 + "sâu" + "</span>" * 1000 + "</div>"
    good = _book_html([("docs/vi/so-tay/index.md", "<p>Văn bản.</p>")], tmp_path)
    bad = _book_html([("docs/en/so-tay/index.md", deep)], tmp_path)
    todo = [(_failing_book("en", bad), tmp_path / "bad.pdf"),
            (_failing_book("vi", good), tmp_path / "good.pdf")]
    with pytest.raises(pdf_module.BdpubError) as failed:
        pdf_module._render_in_parallel(todo, tmp_path, 1, lambda message: None)
    heading, line = str(failed.value).splitlines()
    assert heading == "PDFs could not be made:"
    assert re.fullmatch(
        r"  docs/vi/so-tay/index\.md:1: the en print PDF could not be made: RecursionError: "
        r"maximum recursion depth exceeded[^;]*; check the images and any HTML written into "
        r"its pages, then build again \(if it persists, delete the \.cache folder and build "
        r"again\)", line), line
    assert (tmp_path / "good.pdf").exists() and not (tmp_path / "bad.pdf").exists()
    assert not list(tmp_path.glob("*.partial"))



def _chapter_job(tmp_path, body: str) -> pdf_module.RenderJob:
    """The worker's job for a book of one chapter in bdpub's stylesheets, not padded."""
    html = _book_html([("docs/vi/so-tay/a.md", body)], tmp_path)
    return pdf_module.RenderJob(html, pdf_module.books.ASSETS_URL + "pdf/book.css",
                                pdf_module.url_space(tmp_path), "pdf/x-4", 1,
                                str(tmp_path / "book.pdf"), "docs/vi/so-tay/index.md",
                                (("c1", "docs/vi/so-tay/a.md"),))


LINE = "<p>Một đoạn văn ngắn trên một dòng.</p>"


def test_a_chapter_ending_with_a_few_lines_is_set_tighter_to_save_the_page(tmp_path):
    job = _chapter_job(tmp_path, "<h1>Chương</h1>" + LINE * 39)
    plain = pdf_module._render_html(job.html, job)
    [(page, lines, chapter, before)] = pdf_module._short_endings(plain, job.chapters)
    assert (page, lines, chapter) == (4, 2, "c1") and before > 30  # the premise
    rendered = pdf_module.render_job(job)
    assert rendered.pages == len(plain.pages) - 1 and rendered.short_pages == ()
    assert _text(tmp_path / "book.pdf").count("Một đoạn văn ngắn") == 39


def test_the_first_step_tried_is_the_one_that_can_pull_back_the_lines():
    assert pdf_module._first_step(2, 70) == 1       # 3 % of the chapter: one step tighter
    assert pdf_module._first_step(3, 31) == 2       # 10 %: two steps
    assert pdf_module._first_step(4, 25) == 3       # more than tighter setting gains: looser
    assert pdf_module.FIT_STEPS[2] == "fit-loose"


def test_a_short_page_that_tighter_setting_cannot_save_is_reported(tmp_path):
    # Most of the chapter's first page is a block that setting cannot shrink.
    job = _chapter_job(tmp_path, '<h1>Chương</h1><div style="height: 120mm"></div>' + LINE * 7)
    rendered = pdf_module.render_job(job)
    assert rendered.short_pages == ((3, 3),)
    rendition = pdf_module.Rendition(_publication(), "vi", "print", tmp_path / "book.pdf",
                                     rendered.pages, True, False, rendered.page_sources,
                                     rendered.short_pages)
    rendition.publication.source_pages = ()
    finding = pdf_module._short_page(rendition, 3, 3)
    assert str(finding) == (
        "docs/vi/so-tay/a.md:1: warning: so-tay-vi-print.pdf page 3: the chapter "
        "“docs/vi/so-tay/a.md” ends with a page of 3 line(s), even set tighter or looser; "
        "shorten the chapter by a few lines or lengthen it, so that its last page holds at "
        "least 5 [short-page]")


def test_html_that_breaks_the_renderer_never_gives_a_traceback(fixture_project):
    root = fixture_project("print")
    deep = "<div>" + "<span>" * 1000 + "sâu" + "</span>" * 1000 + "</div>"
    for lang in ("vi", "en"):
        page = root / f"docs/{lang}/so-tay/mo-hinh.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n" + deep + "\n", encoding="utf-8")
    result = run_bdpub("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert not (root / "site").exists()
    if "PDFs could not be made:" in result.stderr:  # else the checks refused the page first
        for edition in ("vi", "en", "bilingual"):
            assert (f"docs/vi/so-tay/index.md:1: the {edition} print PDF could not be made: "
                    "RecursionError") in result.stderr
        assert not list((root / ".cache/pdf").glob("*.partial"))


@pytest.mark.parametrize("damage", ["truncated", "not an image"])
def test_an_unreadable_image_is_reported_at_the_pages_that_use_it(fixture_project, damage):
    root = fixture_project("print")
    image = root / "docs/vi/so-tay/so-do.png"
    image.write_bytes(image.read_bytes()[:300] if damage == "truncated" else b"not an image")
    result = run_bdpub("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    # The checks may catch the file before the PDF stage does; either way the page is named.
    assert re.search(r"^docs/vi/so-tay/mo-hinh\.md:10: error: .*so-do\.png", result.stderr,
                     re.MULTILINE), result.stderr
    assert not (root / "site").exists()


@pytest.mark.parametrize("damage", ["truncated", "not an image"])
def test_a_damaged_image_is_refused_for_print_not_printed_with_a_gap(tmp_path, damage):
    import weasyprint  # noqa: F401 - it tells Pillow to accept truncated files

    from build_tools.pdf import images
    from build_tools.base.resources import ICC_PROFILE

    original = (FIXTURES / "print/docs/vi/so-tay/so-do.png").read_bytes()
    source = tmp_path / "so-do.png"
    source.write_bytes(original[:300] if damage == "truncated" else b"not an image")
    for colour in ("cmyk", "rgb"):
        with pytest.raises(images.UnreadableImage) as refused:
            images.rendition(source, colour, 300, 100.0, ICC_PROFILE, tmp_path / "cache")
        assert "BytesIO" not in str(refused.value) and str(refused.value)
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_the_preflight_command_passes_print_and_rejects_screen_pdfs(built):
    site = built.root / "site/pdf/so-tay"
    result = run_bdpub("preflight", str(site / "so-tay-vi-print.pdf"), "--trim", "A5",
                       "--binding", "saddle-stitch", "--format", "json", cwd=built.root)
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["passed"] and {check["code"] for check in report["files"][0]["checks"]} >= {
        "page-boxes", "trim-size", "bleed", "fonts-embedded", "image-resolution",
        "output-intent", "no-rgb", "page-count", "ink-coverage"}
    screen = run_bdpub("preflight", str(site / "so-tay-vi-screen.pdf"), cwd=built.root)
    assert screen.returncode == 1
    assert "FAIL  output-intent" in screen.stdout and "FAIL  bleed" in screen.stdout
    wrong = run_bdpub("preflight", str(site / "so-tay-vi-print.pdf"), "--trim", "A4", cwd=built.root)
    assert wrong.returncode == 1 and "FAIL  trim-size" in wrong.stdout
    as_screen = run_bdpub("preflight", "--screen", "--format", "json",
                          str(site / "so-tay-vi-screen.pdf"), cwd=built.root)
    assert as_screen.returncode == 0, as_screen.stdout
    assert [check["code"] for check in json.loads(as_screen.stdout)["files"][0]["checks"]] == \
        codes_for("screen")


def test_every_pdf_of_the_build_passes_the_preflight_of_its_profile(built):
    """The build preflights every PDF (it stopped otherwise); checked again here, uncached,
    and the layout checks are among those run."""
    for pdf in pdfs(built):
        expect = Expectations(trim_mm=A5, page_multiple=4, profile=pdf["profile"])
        report = preflight(built.root / "site" / pdf["path"], expect)
        assert report.passed, (pdf["path"], [check for check in report.checks if not check.passed])
        assert [check.code for check in report.checks] == codes_for(pdf["profile"])
        assert {"text-overlap", "safe-area", "blank-pages", "text-size"} <= {
            check.code for check in report.checks}


def test_an_incomplete_translation_is_printed_only_when_forced_and_then_stamped_draft(fixture_project):
    root = fixture_project("minimal")  # the bulletin has an untranslated page
    plain = run_bdpub("build", cwd=root)
    assert plain.returncode == 0 and "[incomplete-edition]" in plain.stderr
    manifest = json.loads((root / "site/publications.json").read_text(encoding="utf-8"))
    bulletin = next(p for p in manifest["publications"] if p["slug"] == "ban-tin-2019-q2")
    assert {pdf["lang"] for pdf in bulletin["pdfs"]} == {"vi"}
    forced = run_bdpub("build", "--draft-editions", cwd=root)
    assert forced.returncode == 0, forced.stderr
    manifest = json.loads((root / "site/publications.json").read_text(encoding="utf-8"))
    bulletin = next(p for p in manifest["publications"] if p["slug"] == "ban-tin-2019-q2")
    drafts = {pdf["lang"]: pdf for pdf in bulletin["pdfs"] if pdf["draft"]}
    assert set(drafts) == {"en", "bilingual"}
    text = _text(root / "site" / drafts["en"]["path"])
    assert "DRAFT" in text and "Ngày 22 tháng 4 năm 2019." in text
    assert "BẢN NHÁP · DRAFT" in _text(root / "site" / drafts["bilingual"]["path"])


def test_an_image_is_placed_no_wider_than_its_resolution_allows(tmp_path):
    from types import SimpleNamespace

    from lxml import html as lxml_html
    from PIL import Image

    from build_tools.content import editions as profiles
    from build_tools.pdf import book

    # 591 px at 300 ppi is 50.038 mm: rounded to the nearest hundredth (50.04 mm) it would
    # be placed at 299.98 ppi, so the width is rounded down.
    source = tmp_path / "anh.png"
    Image.new("RGB", (591, 400), (11, 79, 121)).save(source)
    context = book._Context.__new__(book._Context)
    context.profile, context.edition = profiles.PROFILES["print"], profiles.Edition("vi", ("vi",))
    context.geometry, context.image_cache = book.PageGeometry(148, 210, 3), tmp_path / "cache"
    from build_tools.content.project import OUTPUT_INTENTS
    context.model = SimpleNamespace(project=SimpleNamespace(
        root=tmp_path, output_intent=OUTPUT_INTENTS["swop"]))
    context.findings = []
    node = lxml_html.fragment_fromstring('<img src="anh.png">')
    widest = context.place_image(node, source, None)
    assert widest == 50.03 and node.get("style") == "max-width: min(100%, 50.03mm)"
    assert 591 / (widest / 25.4) >= 300
    # The rendition is addressed in the books' URL space, not by its path on this machine.
    assert node.get("src").startswith("file:///bdpub/project/cache/")
    assert node.get("src").endswith(".jpg") and str(tmp_path) not in node.get("src")


def test_two_tables_of_one_shape_become_one_table_and_tables_of_two_shapes_do_not():
    from lxml import html as lxml_html

    from build_tools.pdf.book import _bilingual_table

    def table(*rows):
        cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                        for row in rows)
        return lxml_html.fragment_fromstring(f"<table>{cells}</table>")

    merged = _bilingual_table([table(("1", "Chính quyền"))], [table(("1", "Government"))], "en")
    first, second = merged.findall(".//td")
    assert first.text_content() == "1"  # the same in both languages: printed once
    assert second.text_content() == "Chính quyềnGovernment"
    assert second.find("span").get("lang") == "en"
    assert _bilingual_table([table(("1", "a"))], [table(("1",), ("2",))], "en") is None
    assert _bilingual_table([table(("1", "a"))], [table(("1", "a")), table(("2",))], "en") is None


def _links(path) -> int:
    with pikepdf.open(path) as pdf:
        return sum(1 for page in pdf.pages for annotation in page.get("/Annots", [])
                   if annotation.get("/Subtype") == "/Link")


def test_print_pdfs_carry_no_link_annotations_and_screen_pdfs_keep_theirs(built):
    folder = built.root / "site/pdf/so-tay"
    for edition in ("vi", "en", "bilingual"):
        assert _links(folder / f"so-tay-{edition}-print.pdf") == 0, edition
        assert _links(folder / f"so-tay-{edition}-screen.pdf") > 0, edition


def test_print_text_is_solid_black_or_paper_and_reversed_type_is_at_least_9_pt(built):
    for edition in ("vi", "en", "bilingual"):
        with pdfplumber.open(built.root / f"site/pdf/so-tay/so-tay-{edition}-print.pdf") as document:
            for number, page in enumerate(document.pages, 1):
                for char in page.chars:
                    colour = tuple(round(value, 3) for value in char["non_stroking_color"] or ())
                    if len(colour) == 4 and colour[:3] == (0, 0, 0):
                        assert colour[3] in (0, 1), (edition, number, char["text"], colour)
                    if colour == (0, 0, 0, 0) and char["text"].strip():
                        assert char["size"] >= 9 - 0.01, (edition, number, char["text"], char["size"])


def test_a_booklet_in_one_language_does_not_call_itself_bilingual_on_its_cover(built):
    vi = _text_of_page(built.root / "site/pdf/so-tay/so-tay-vi-print.pdf", 1)
    en = _text_of_page(built.root / "site/pdf/so-tay/so-tay-en-print.pdf", 1)
    bilingual = _text_of_page(built.root / "site/pdf/so-tay/so-tay-bilingual-print.pdf", 1)
    assert "ẤN PHẨM" in vi and "SONG NGỮ" not in vi
    assert "PUBLICATION" in en and "BILINGUAL" not in en
    assert "SONG NGỮ" in bilingual and "BILINGUAL" in bilingual


def _text_of_page(path, number: int) -> str:
    with pdfplumber.open(path) as document:
        return unicodedata.normalize("NFC", document.pages[number - 1].extract_text() or "")


def test_page_2_carries_the_imprint_facts_in_each_language_of_the_edition(built):
    vi = " ".join(_text_of_page(built.root / "site/pdf/so-tay/so-tay-vi-print.pdf", 2).split())
    en = " ".join(_text_of_page(built.root / "site/pdf/so-tay/so-tay-en-print.pdf", 2).split())
    for text in ("Giấy phép xuất bản 00/THU-NGHIEM", "Số lượng in 100 bản", "Khổ 148 × 210 mm",
                 "In tại Nhà in kiểm thử", "Nộp lưu chiểu quý IV/2019", "Tài liệu không bán"):
        assert text in vi, (text, vi)
    for text in ("Publishing licence 00/THU-NGHIEM", "Print run 100 copies", "Size 148 × 210 mm",
                 "Printed by Nhà in kiểm thử", "Not for sale"):
        assert text in en, (text, en)
    bilingual = " ".join(_text_of_page(built.root / "site/pdf/so-tay/so-tay-bilingual-print.pdf", 2).split())
    assert "Tài liệu không bán" in bilingual and "Not for sale" in bilingual  # all on page 2
    title_page = _text_of_page(built.root / "site/pdf/so-tay/so-tay-bilingual-print.pdf", 3)
    assert "Sổ tay thành phố thông minh" in title_page and "Smart city handbook" in title_page


def test_a_small_trim_size_is_padded_to_its_binding_multiple(tmp_path):
    root = tmp_path / "a6"
    shutil.copytree(FIXTURES / "print", root)
    index = root / "docs/vi/so-tay/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("trim_size: A5", "trim_size: A6"),
                     encoding="utf-8")
    result = run_bdpub("build", cwd=root)  # preflight fails the build on a wrong page count
    assert result.returncode == 0, result.stderr
    for edition in ("vi", "en", "bilingual"):
        with pikepdf.open(root / f"site/pdf/so-tay/so-tay-{edition}-print.pdf") as pdf:
            assert len(pdf.pages) % 4 == 0, (edition, len(pdf.pages))


def _printer_profile(target: Path) -> bytes:
    """A CMYK output profile other than bdpub's own: its profile with another description."""
    from build_tools.base.resources import ICC_PROFILE
    data = ICC_PROFILE.read_bytes()
    assert data.count(b"Artifex CMYK SWOP Profile") == 1
    data = data.replace(b"Artifex CMYK SWOP Profile", b"Printer CMYK test profile")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return data


def test_the_print_pdfs_are_made_for_the_printing_condition_the_project_names(fixture_project):
    """A project names its printer's profile in mkdocs.yml: colours and images go through
    it, the PDF/X output intent embeds it and says which condition it is, and
    publications.json names it with its licence. The build leaves nothing in the machine's
    temporary folder (WeasyPrint's fonts in the workers that render the books)."""
    root = fixture_project("print")
    scratch = root.parent / "tmp"
    scratch.mkdir()
    profile = _printer_profile(root / "assets/icc/printer.icc")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - bdpub\n", (
        "  - bdpub:\n      print:\n        output_intent:\n"
        "          profile: assets/icc/printer.icc\n"
        "          identifier: Ghostscript PS CMYK\n"
        "          condition: The printer's proof condition\n"
        "          registry: https://ghostscript.com\n"
        "          licence: GNU AGPL 3.0 or later\n")), encoding="utf-8")
    result = run_bdpub("build", "--jobs", "2", cwd=root, env={"TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stderr
    assert not list(scratch.iterdir())
    manifest = json.loads((root / "site/publications.json").read_text(encoding="utf-8"))
    [publication] = manifest["publications"]
    for pdf in publication["pdfs"]:
        if pdf["profile"] == "screen":
            assert pdf["output_intent"] is None
            continue
        assert pdf["output_intent"] == {
            "name": "printer", "profile": "printer.icc", "identifier": "Ghostscript PS CMYK",
            "condition": "The printer's proof condition", "registry": "https://ghostscript.com",
            "licence": "GNU AGPL 3.0 or later"}
        with pikepdf.open(root / "site" / pdf["path"]) as document:
            [intent] = document.Root.OutputIntents
            assert str(intent.OutputConditionIdentifier) == "Ghostscript PS CMYK"
            assert str(intent.OutputCondition) == "The printer's proof condition"
            assert intent.DestOutputProfile.read_bytes() == profile


@pytest.mark.parametrize("setting, message", [
    ("output_intent: fogra99", "name one of swop, or describe the printer's profile"),
    ("output_intent: {profile: ../printer.icc, identifier: a, condition: b, registry: c, "
     "licence: d}", "profile must be an .icc file inside the repository"),
    ("output_intent: {profile: docs/vi/so-tay/bia.png, identifier: a, condition: b, "
     "registry: c, licence: d}", "profile must be an .icc file inside the repository"),
    ("output_intent: {profile: assets/icc/printer.icc}", "missing identifier, condition"),
    # Ghostscript's PS CMYK profile has no perceptual tables: images could not be converted.
    ("output_intent: {profile: assets/icc/proof.icc, identifier: a, condition: b, "
     "registry: c, licence: d}", "is not a CMYK output profile that can convert images"),
])
def test_a_printing_condition_that_cannot_be_used_stops_the_build_with_the_fix(
        fixture_project, setting, message):
    root = fixture_project("print")
    _printer_profile(root / "assets/icc/printer.icc")
    shutil.copy("/usr/share/color/icc/ghostscript/ps_cmyk.icc", root / "assets/icc/proof.icc")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace(
        "  - bdpub\n", f"  - bdpub:\n      print:\n        {setting}\n"), encoding="utf-8")
    result = run_bdpub("build", cwd=root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mkdocs.yml: plugins: bdpub: print: output_intent: " in result.stderr
    assert message in result.stderr
    assert not (root / "site").exists()
