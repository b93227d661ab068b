"""The launch content and the launch site: complete, NFC, clean, and self-contained."""
import concurrent.futures
import json
import os
import re
import unicodedata

import lxml.html
import pytest
from conftest import REPO, run_bdpub

from build_tools import checks
from build_tools.content.editions import editions_for
from build_tools.content.localize import label
from build_tools.content.model import gather
from build_tools.content.project import load_project
from build_tools.site.publish import foreign_references

PROJECT = load_project(REPO / "mkdocs.yml")
EDITIONS = editions_for("vi", ("en", "zh", "ko", "ja"))


def test_every_source_page_has_a_translation_and_none_is_left_over():
    vi = {p.relative_to(REPO / "docs/vi") for p in (REPO / "docs/vi").rglob("*.md")}
    en = {p.relative_to(REPO / "docs/en") for p in (REPO / "docs/en").rglob("*.md")}
    assert vi == en and len(vi) > 30


def test_all_text_is_nfc():
    for path in [*(REPO / "docs").rglob("*.md"), *(REPO / "data").rglob("*.yml")]:
        assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8")), path


def test_the_launch_content_checks_clean():
    model = gather(PROJECT)
    results = checks.run(model)
    published = {publication.index.display_path for publication in model.publications
                 if publication.facts.status == "published"}
    assert {(finding.code, finding.path) for finding in results.findings} == {
        ("imprint-incomplete", path) for path in published}  # left empty until given
    figures = results.completeness["en"].as_data()
    assert all(publication["translated"] == 1 and publication["current"] == 1
               for publication in figures["publications"] if publication["status"] == "published")
    kinds = sorted(publication.facts.kind for publication in model.publications)
    assert kinds == ["booklet", "booklet", "bulletin", "bulletin", "bulletin", "plan"]
    result = run_bdpub("check", cwd=REPO)
    assert result.returncode == 0, result.stdout


def test_every_page_is_built_in_every_language(launch_site):
    model = gather(PROJECT)
    for rel in model.pages["vi"]:
        url = (rel.parent if rel.name == "index.md" else rel.with_suffix("")).as_posix()
        url = "" if url == "." else url
        for prefix, lang in (("", "vi"), ("en/", "en"), ("zh/", "zh"), ("ko/", "ko"),
                             ("ja/", "ja")):
            html = launch_site / prefix / url / "index.html"
            assert html.exists(), html
            assert f'<html lang="{lang}"' in html.read_text(encoding="utf-8")


def test_no_file_of_the_site_asks_another_host_for_anything(launch_site):
    assert foreign_references(launch_site, PROJECT.site_url) == []
    for html in launch_site.rglob("*.html"):
        document = lxml.html.parse(str(html)).getroot()
        for element in document.xpath("//script[@src] | //link[@href] | //img[@src]"):
            url = element.get("src") or element.get("href")
            assert not re.match(r"(https?:)?//", url) or url.startswith(PROJECT.site_url), (html, url)
    css = "\n".join(p.read_text(encoding="utf-8") for p in launch_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


VIETNAMESE_LETTERS = "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


def test_fonts_with_vietnamese_coverage_are_served_from_the_site(launch_site):
    css = (launch_site / "stylesheets/bdpub.css").read_text(encoding="utf-8")
    fonts = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    assert fonts and all((launch_site / "fonts" / name).stat().st_size > 10_000 for name in fonts)
    from fontTools.ttLib import TTFont
    cmap = TTFont(launch_site / "fonts" / fonts[0]).getBestCmap()
    assert all(ord(letter) in cmap for letter in VIETNAMESE_LETTERS)


def test_each_face_of_the_fonts_has_every_character_its_unicode_range_promises(launch_site):
    """A browser takes a character of a face's unicode-range from the faces that declare it:
    one a core cut lacked would be drawn in a fallback font, not taken from the whole face,
    and one a whole face has but neither declares would never be drawn from it."""
    from fontTools.ttLib import TTFont
    css = (launch_site / "stylesheets/bdpub.css").read_text(encoding="utf-8")
    faces = re.findall(r'url\("\.\./fonts/(NotoSans-[^"]+\.woff2)"\) format\("woff2"\);\s*'
                       r'unicode-range: ([^;]+);', css)
    cuts = {name: _codepoints(ranges) for name, ranges in faces if name.endswith("-core.woff2")}
    wholes = {name: _codepoints(ranges) for name, ranges in faces if name not in cuts}
    assert len(cuts) == len(wholes) == 4
    for name, promised in cuts.items():
        whole_name = name.replace("-core", "")
        whole = set(TTFont(launch_site / "fonts" / whole_name).getBestCmap())
        cut = set(TTFont(launch_site / "fonts" / name).getBestCmap())
        assert promised & whole <= cut, name
        assert whole <= wholes[whole_name] | promised, whole_name
        assert not wholes[whole_name] & promised  # a late cut never sends to the whole face
        assert {ord(letter) for letter in VIETNAMESE_LETTERS} <= promised & cut
        assert (launch_site / "fonts" / name).stat().st_size * 3 < (
            launch_site / "fonts" / whole_name).stat().st_size


def _codepoints(ranges: str) -> set[int]:
    """The characters of a CSS unicode-range ("U+0000-00FF, U+0131, …")."""
    found = set()
    for part in ranges.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        found |= set(range(int(first, 16), int(last or first, 16) + 1))
    return found


def test_navigation_shows_page_titles_never_folder_names(launch_site):
    from sitedigest import site_digest
    digest = site_digest(launch_site)
    entries = {entry.strip() for page in digest.values() for entry in page["nav"]}
    folder_names = {folder.name.replace("-", " ").capitalize()
                    for folder in (REPO / "docs/vi").rglob("*") if folder.is_dir()}
    assert folder_names and not entries & folder_names
    assert {"External Information Bulletins", "Bản tin thông tin đối ngoại"} <= entries


def test_the_publications_page_lists_every_publication(launch_site):
    from sitedigest import site_digest
    digest = site_digest(launch_site)
    for prefix in ("/", "/en/"):
        links = digest[f"{prefix}an-pham/"]["content_links"]
        for publication in gather(PROJECT).publications:
            assert f"{prefix}{publication.folder.as_posix()}/" in links


def test_the_launch_build_warns_only_about_the_imprints_the_province_has_not_given(launch_build):
    warnings = [line for line in launch_build.stderr.splitlines() if "warning" in line.lower()]
    assert warnings and all(line.endswith("[imprint-incomplete]") for line in warnings), warnings


def test_every_publication_has_print_and_screen_pdfs_of_its_editions(launch_site):
    """Three editions each by default (the selective languages have none); the Horasis
    booklet adds Chinese, Korean, Japanese and Vietnamese beside Chinese."""
    import json
    manifest = json.loads((launch_site / "publications.json").read_text(encoding="utf-8"))
    assert len(manifest["publications"]) == 6
    for publication in manifest["publications"]:
        combos = sorted((pdf["lang"], pdf["profile"]) for pdf in publication["pdfs"])
        editions = ("bilingual", "en", "vi") if publication["slug"] != "horasis-2019" else (
            "bilingual", "bilingual-zh", "en", "ja", "ko", "vi", "zh")
        assert combos == [(lang, profile) for lang in editions
                          for profile in ("print", "screen")], publication["slug"]
        assert all((launch_site / pdf["path"]).is_file() for pdf in publication["pdfs"])


def test_every_launch_print_pdf_passes_an_independent_preflight(launch_site):
    import json

    import pdfcheck
    manifest = json.loads((launch_site / "publications.json").read_text(encoding="utf-8"))
    pdfs = [pdf for publication in manifest["publications"] for pdf in publication["pdfs"]
            if pdf["profile"] == "print"]
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:  # the tools run apart
        found = pool.map(lambda pdf: pdfcheck.printer_problems(
            launch_site / pdf["path"], tuple(pdf["trim_mm"]), 4), pdfs)
        problems = {pdf["path"]: problem for pdf, problem in zip(pdfs, found) if problem}
    assert len(pdfs) == 22 and problems == {}


def test_every_launch_pdf_passes_the_preflight_of_its_profile(launch_site):
    """Print PDFs as a printer would, with their layout; screen PDFs for their layout: no
    text over text, none outside the safe area, no blank page runs, nothing under 6 pt."""
    from build_tools.content.editions import BINDING_PAGE_MULTIPLE
    from build_tools.pdf.preflight import Expectations, codes_for

    manifest = json.loads((launch_site / "publications.json").read_text(encoding="utf-8"))
    models = {publication.slug: publication for publication in gather(PROJECT).publications}
    jobs = [(launch_site / pdf["path"], Expectations(
                trim_mm=tuple(pdf["trim_mm"]), profile=pdf["profile"],
                page_multiple=BINDING_PAGE_MULTIPLE[
                    models[publication["slug"]].facts.print.binding]))
            for publication in manifest["publications"] for pdf in publication["pdfs"]]
    with concurrent.futures.ProcessPoolExecutor(os.cpu_count()) as pool:  # one PDF a core
        reports = list(pool.map(_preflight, jobs))
    assert len(reports) == 44
    for (path, expect), (codes, failed) in zip(jobs, reports):
        assert codes == codes_for(expect.profile), path
        assert failed == [], (path, failed)


def _preflight(job) -> tuple[list[str], list[str]]:
    """A PDF's preflight in a worker: the codes checked, and the checks that failed."""
    from build_tools.pdf.preflight import preflight

    report = preflight(*job)
    return ([check.code for check in report.checks],
            [repr(check) for check in report.checks if not check.passed])


def test_launch_screen_pdfs_are_tagged_and_keep_the_vietnamese_text(launch_site):
    import json

    import pdfcheck
    manifest = json.loads((launch_site / "publications.json").read_text(encoding="utf-8"))
    plan = next(p for p in manifest["publications"] if p["slug"] == "ke-hoach-2019")
    for pdf in (p for p in plan["pdfs"] if p["profile"] == "screen"):
        path = launch_site / pdf["path"]
        assert re.search(r"Tagged:\s+yes", pdfcheck.run("pdfinfo", str(path)))
        text = unicodedata.normalize("NFC", " ".join(pdfcheck.run("pdftotext", str(path), "-").split()))
        if pdf["lang"] in ("vi", "bilingual"):
            assert "Kế hoạch công tác thông tin đối ngoại tỉnh Bình Dương năm 2019" in text
            assert "Đơn vị chủ trì: Sở Thông tin và Truyền thông." in text


def test_the_publications_page_has_a_section_for_printers(launch_site):
    page = (launch_site / "an-pham/index.html").read_text(encoding="utf-8")
    assert "Dành cho nhà in" in page
    links = re.findall(r'href="(\.\./pdf/[^"]+-print\.pdf)"', page)
    assert len(links) == 22
    assert all((launch_site / "an-pham" / link).resolve().is_file() for link in links)


@pytest.fixture(scope="module")
def print_pages(launch_site) -> dict[str, list[tuple[str, bool]]]:
    """Every print PDF of the launch build read once by pdfplumber: each page's text as
    extracted, and whether the page is blank (no character, image or rule)."""
    paths = sorted(launch_site.glob("pdf/*/*-print.pdf"))
    with concurrent.futures.ProcessPoolExecutor(os.cpu_count()) as pool:  # one PDF a core
        read = pool.map(_pages_of, paths)
        return {path.relative_to(launch_site).as_posix(): pages for path, pages in zip(paths, read)}


def _pages_of(path) -> list[tuple[str, bool]]:
    import pdfplumber

    with pdfplumber.open(path) as document:
        return [(page.extract_text() or "", not page.chars and not page.images and not page.rects)
                for page in document.pages]


def test_every_print_pdf_follows_the_page_plan(launch_site, print_pages):
    """p. 2 the imprint, p. 3 the title page, no two blank pages in a row, and the last
    page the outside back cover: publisher and address, no body text."""
    manifest = json.loads((launch_site / "publications.json").read_text(encoding="utf-8"))
    for publication in manifest["publications"]:
        for pdf in (pdf for pdf in publication["pdfs"] if pdf["profile"] == "print"):
            texts = [unicodedata.normalize("NFC", text) for text, _ in print_pages[pdf["path"]]]
            blank = [empty for _, empty in print_pages[pdf["path"]]]
            name = pdf["path"]
            languages = EDITIONS[pdf["lang"]].languages
            first = publication["titles"][languages[0]]
            imprint = set(texts[1].split())  # a bilingual page's columns interleave lines
            assert all(set(label("imprint.publisher", lang).split()) <= imprint
                       for lang in languages), name
            assert " ".join(first.split()) in " ".join(texts[2].split()), (name, texts[2][:80])
            assert not any(a and b for a, b in zip(blank, blank[1:])), (name, blank)
            back = texts[-1]
            assert PROJECT.site_url in back and len(back.splitlines()) <= 4 * len(languages) + 1, (
                name, back)


def test_document_numbers_and_issue_labels_never_break_and_quotes_are_curly(print_pages):
    broken = re.compile(r"((?<![:/\w.])\d+/(?:[\wĐđ]+-)?|[Qq]uý [IV]+/)$")  # 1759/KH-, 1759/, quý II/
    assert print_pages
    for path, pages in print_pages.items():
        for number, (text, _blank) in enumerate(pages, 1):
            text = unicodedata.normalize("NFC", text)
            for line in text.splitlines():
                assert not broken.search(line.rstrip()), (path, number, line)
            assert '"' not in text, (path, number)


def test_lines_run_to_about_75_characters_on_every_trim_size(print_pages):
    monolingual = [path for path in print_pages if path.endswith(("-vi-print.pdf", "-en-print.pdf"))]
    assert monolingual
    for path in monolingual:
        lengths = sorted(len(line) for text, _blank in print_pages[path][3:]
                         for line in text.splitlines())
        assert lengths[int(len(lengths) * 0.95)] <= 78, (path, lengths[-20:])


def test_the_languages_of_item_6_4_translate_the_chosen_pages_and_the_rest_falls_back():
    """Chinese, Korean and Japanese: the home, about and publications pages and the whole
    Horasis booklet; nothing is reported missing (bdpub.toml: selective), and the status
    figures say how far each language really goes."""
    model = gather(PROJECT)
    chosen = {"index.md", "gioi-thieu.md", "an-pham.md",
              *(f"horasis-2019/{path.name}" for path in (REPO / "docs/vi/horasis-2019").glob("*.md"))}
    results = checks.run(model)
    for lang in ("zh", "ko", "ja"):
        assert {rel.as_posix() for rel in model.pages[lang]} == chosen
        figures = results.completeness[lang].as_data()
        booklet = next(p for p in figures["publications"] if p["slug"] == "horasis-2019")
        assert booklet["translated"] == 1 and booklet["current"] == 1
        assert 0 < figures["translated"] < 0.5
    assert not [finding for finding in results.findings if finding.lang in ("zh", "ko", "ja")]


def test_a_page_left_in_vietnamese_shows_the_notice_in_each_language(launch_site):
    for lang in ("zh", "ko", "ja"):
        page = (launch_site / lang / "ke-hoach-2019/index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page
        assert "Kế hoạch công tác thông tin đối ngoại" in page
        translated = (launch_site / lang / "horasis-2019/index.html").read_text(encoding="utf-8")
        assert "Horasis 2019" in translated and "Ấn phẩm song ngữ" not in translated


CLOSING = "，。、；：？！）」』》】〕”"
OPENING = "（「『《【〔“"


def test_the_cjk_editions_are_set_in_their_languages_face_of_noto_cjk(launch_site):
    """Each CJK PDF embeds subsets of Noto Serif/Sans CJK in its language's face (SC, KR,
    JP: Han characters in that language's forms) and of no other."""
    import pdfcheck

    for lang, region in (("zh", "SC"), ("ko", "KR"), ("ja", "JP")):
        for profile in ("print", "screen"):
            path = launch_site / f"pdf/horasis-2019/horasis-2019-{lang}-{profile}.pdf"
            rows = pdfcheck.run("pdffonts", str(path)).splitlines()[2:]
            names = {row.split()[0] for row in rows}
            cjk = {name.partition("+")[2] for name in names if "CJK" in name}
            assert cjk >= {f"Noto-Serif-CJK-{region}", f"Noto-Sans-CJK-{region}-Bold"}, (path, names)
            assert all(f"-CJK-{region}" in name for name in cjk), (path, cjk)
            assert all(re.fullmatch(r"[A-Z]{6}\+.+", name) for name in names), names  # subsets
            assert all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows


def test_no_line_of_a_cjk_edition_begins_with_closing_punctuation(print_pages):
    checked = 0
    for lang in ("zh", "ja", "ko"):
        pages = print_pages[f"pdf/horasis-2019/horasis-2019-{lang}-print.pdf"]
        for number, (text, _blank) in enumerate(pages, 1):
            for line, following in zip(text.splitlines(), text.splitlines()[1:]):
                assert following.strip()[:1] not in CLOSING, (lang, number, line, following)
                assert line.strip()[-1:] not in OPENING, (lang, number, line, following)
                checked += 1
        assert "Horasis" in " ".join(text for text, _blank in pages)
    assert checked > 300
