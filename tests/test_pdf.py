"""Real PDFs of a small fixture publication, parsed back: boxes, fonts, colour, text."""
import hashlib
import json
import re
import shutil
import subprocess
import unicodedata

import pdfplumber
import pikepdf
import pytest

import pdfcheck
from conftest import FIXTURES, run_bdpub

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
            vi = [w for w in words if w["text"] == "Chính"]          # "Chính quyền" (vi)
            en = [w for w in words if w["text"] == "Government"]
            if vi and en:
                assert vi[0]["x0"] < page.width / 2 < en[0]["x0"]
                assert abs(vi[0]["top"] - en[0]["top"]) < 2  # same table row height
                break
        else:
            pytest.fail("the aligned table was not found")


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


def test_an_rgb_colour_pasted_as_html_fails_the_print_preflight(fixture_project):
    root = fixture_project("print")
    _edit(root, "docs/vi/so-tay/chien-luoc.md", "bốn lĩnh vực.",
          'bốn <span style="color: rgb(200, 20, 20)">lĩnh vực</span>.')
    result = run_bdpub("build", cwd=root)
    assert result.returncode == 1
    assert "print PDFs failed preflight" in result.stderr and "FAIL  no-rgb" in result.stderr
    assert not (root / "site").exists()


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
