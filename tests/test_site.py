"""Real MkDocs builds of a small fixture project, compared with golden output."""
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_bdpub
from PIL import Image
from sitedigest import site_digest

GOLDEN = FIXTURES / "minimal.golden.json"


def test_the_fixture_site_matches_its_golden_digest(fixture_project):
    root = fixture_project("minimal")
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 0, result.stderr
    # A strict build: MkDocs printed nothing; where links point, then the checks' warnings
    # (a page not yet translated), each `path:line: warning: … [code]`.
    assert result.stderr.splitlines() == [
        "bdpub: links in the site and the PDFs point to https://example.org/",
        "docs/vi/ban-tin/2019-q2/ke-hoach.md:1: warning: no English translation yet; create "
        "docs/en/ban-tin/2019-q2/ke-hoach.md (readers see this page meanwhile) "
        "[missing-translation]"]
    digest = site_digest(root / "site")
    if os.environ.get("BDPUB_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(digest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert digest == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_vietnamese_is_served_at_the_root_and_english_under_en(fixture_project):
    root = fixture_project("minimal")
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    digest = site_digest(root / "site")
    assert digest["/"]["lang"] == "vi" and digest["/en/"]["lang"] == "en"
    deep = digest["/ban-tin/2019-q2/hoi-nghi/"]
    assert deep["switch"] == {"vi": "/ban-tin/2019-q2/hoi-nghi/",
                              "en": "/en/ban-tin/2019-q2/hoi-nghi/"}
    assert digest["/en/ban-tin/2019-q2/hoi-nghi/"]["switch"]["vi"] == "/ban-tin/2019-q2/hoi-nghi/"


def test_section_titles_are_page_titles_and_order_follows_the_model(fixture_project):
    root = fixture_project("minimal")
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    digest = site_digest(root / "site")
    assert digest["/en/"]["nav"][:5] == [
        "Home", "About", "Publications", "Bulletins", "  Bulletin, Q2 2019"]
    assert "Ban tin" not in json.dumps(digest, ensure_ascii=False)
    # one section per folder, even with an untranslated page shown in Vietnamese
    assert digest["/en/ban-tin/2019-q2/ke-hoach/"]["nav"].count("Bulletins") == 1


def test_generated_listing_and_publication_line(fixture_project):
    root = fixture_project("minimal")
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    digest = site_digest(root / "site")
    assert digest["/an-pham/"]["content_links"] == ["/ban-tin/2019-q2/", "/so-tay/"]
    assert digest["/en/ban-tin/"]["content_links"] == ["/en/ban-tin/2019-q2/"]
    assert digest["/so-tay/"]["publication_line"] == [
        "Ấn phẩm song ngữ · năm 2019 · Sở Thông tin và Truyền thông tỉnh Bình Dương"]
    assert digest["/en/ban-tin/2019-q2/"]["publication_line"] == [
        "Bulletin · Q2 2019 · Department of Information and Communications of Binh Duong Province"]


def _build_then_break(root: Path, path: str, old: str, new: str):
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    before = (root / "site/index.html").read_bytes()
    page = root / path
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert (root / "site/index.html").read_bytes() == before
    assert not (root / ".site.staging").exists()
    return result


def test_a_broken_date_stops_the_build_and_keeps_the_previous_site(fixture_project):
    root = fixture_project("minimal")
    result = _build_then_break(root, "docs/vi/so-tay/index.md", "date: 2019", "date: 2019-13-45")
    assert "docs/vi/so-tay/index.md:8: error: publication.date: expected a date as YYYY-MM-DD" \
        in result.stderr


def test_a_broken_link_fails_the_strict_build_and_keeps_the_previous_site(fixture_project):
    root = fixture_project("minimal")
    result = _build_then_break(root, "docs/en/gioi-thieu.md", "leads.", "leads. [x](nowhere.md)")
    assert "docs/en/gioi-thieu.md:8: error: the link to nowhere.md leads nowhere" in result.stderr
    assert "nothing was written" in result.stderr


def test_an_image_from_another_host_fails_the_build(fixture_project):
    root = fixture_project("minimal")
    result = _build_then_break(root, "docs/en/gioi-thieu.md", "leads.",
                               "leads.\n\n![logo](https://cdn.example.net/logo.png)")
    assert "docs/en/gioi-thieu.md:10: error: the image https://cdn.example.net/logo.png is on " \
        "another site" in result.stderr


def _more_bulletins(root: Path) -> None:
    """Eight bulletins more in the minimal fixture: with 2019-Q2, nine, more than
    navigation.YEARS_FROM."""
    issues = [(2019, 3), (2019, 4), *((2020, q) for q in range(1, 5)), (2021, 1), (2021, 2)]
    for year, quarter in issues:  # with 2019-Q2, nine bulletins: more than YEARS_FROM
        roman = "I II III IV".split()[quarter - 1]
        for lang, title in (("vi", f"Bản tin quý {roman}/{year}"),
                            ("en", f"Bulletin, Q{quarter} {year}")):
            folder = root / f"docs/{lang}/ban-tin/{year}-q{quarter}"
            folder.mkdir(parents=True)
            facts = (f"publication:\n  kind: bulletin\n  issue: {year}-Q{quarter}\n  status: draft\n"
                     if lang == "vi" else "")
            (folder / "index.md").write_text(
                f"---\ntitle: {title}\ndescription: {title}.\n{facts}---\n\n# {title}\n\nMột.\n"
                if lang == "vi" else f"---\ntitle: {title}\ndescription: {title}.\n---\n\n# {title}\n\nOne.\n",
                encoding="utf-8")


def test_a_long_run_of_bulletins_is_listed_under_its_years(fixture_project):
    root = fixture_project("minimal")
    _more_bulletins(root)
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 0, result.stderr
    digest = site_digest(root / "site")
    nav = digest["/en/ban-tin/2019-q2/hoi-nghi/"]["nav"]
    start = nav.index("Bulletins")
    # Newest year first; each year's issues under it; the addresses are the same as before.
    assert [entry for entry in nav[start:] if entry.strip() in ("2021", "2020", "2019")] == [
        "  2021", "  2020", "  2019"]
    assert "    Bulletin, Q2 2019" in nav
    assert "/ban-tin/2019-q2/hoi-nghi/" in digest and "/en/ban-tin/2021-q2/" in digest


def _sidebars(site: Path) -> dict[str, str]:
    """Each page's primary navigation, its whitespace between elements and inside class
    lists dropped (Material's templates indent; bdpub writes none)."""
    from lxml import etree
    from lxml import html as lxml_html

    found = {}
    for path in sorted(site.rglob("*.html")):
        [nav] = lxml_html.fromstring(path.read_bytes()).xpath(
            '//nav[contains(@class, "md-nav--primary")]')
        for element in nav.iter():
            for field in ("text", "tail"):
                value = getattr(element, field)
                if value is not None:
                    setattr(element, field, " ".join(value.split()) or None)
            if "class" in element.attrib:
                element.attrib["class"] = " ".join(element.attrib["class"].split())
        found[path.relative_to(site).as_posix()] = etree.tostring(nav, encoding="unicode")
    return found


@pytest.mark.parametrize("features", [["navigation.indexes"],
                                      ["navigation.indexes", "navigation.prune"]])
def test_the_sidebar_is_the_one_materials_templates_write(fixture_project, features):
    """bdpub writes the sidebar's items itself (navigation.sidebar): every page's navigation
    is the one Material's own partials/nav.html writes (a project's custom_dir wins over
    bdpub's theme), with sections, indexes, years (pruned or not), subtitles and the page's
    table of contents."""
    root = fixture_project("minimal")
    _more_bulletins(root)
    for lang, subtitle, heading, text in (("vi", "Tỉnh Bình Dương", "Chương trình", "Hai ngày."),
                                          ("en", "Binh Duong Province", "Programme", "Two days.")):
        index = root / f"docs/{lang}/ban-tin/2019-q2/index.md"
        index.write_text(index.read_text(encoding="utf-8").replace(
            "---\n", f"---\nsubtitle: {subtitle}\n", 1), encoding="utf-8")
        page = root / f"docs/{lang}/ban-tin/2019-q2/hoi-nghi.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n## {heading}\n\n{text}\n",
                        encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("features: [navigation.indexes]", f"features: {features}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    ours = run_bdpub("build", "--site-only", "-d", "ours", cwd=root)
    assert ours.returncode == 0, ours.stderr
    material = Path(__import__("material").__file__).parent / "templates/partials/nav.html"
    (root / "overrides/partials").mkdir(parents=True)
    shutil.copy(material, root / "overrides/partials/nav.html")
    (root / "mkdocs.yml").write_text(config.replace("theme:\n", "theme:\n  custom_dir: overrides\n"),
                                     encoding="utf-8")
    theirs = run_bdpub("build", "--site-only", "-d", "theirs", cwd=root)
    assert theirs.returncode == 0, theirs.stderr
    mine, materials = _sidebars(root / "ours"), _sidebars(root / "theirs")
    assert len(mine) == 35 and mine == materials
    page = mine["en/ban-tin/2019-q2/hoi-nghi/index.html"]
    assert ("md-nav__item--pruned" in page) == ("navigation.prune" in features)
    assert 'href="../../../gioi-thieu/"' in page and 'aria-expanded="true"' in page
    assert "<small>Binh Duong Province</small>" in page
    assert 'class="md-nav md-nav--secondary"' in page and 'href="#programme"' in page
    written = (root / "ours/en/ban-tin/2019-q2/hoi-nghi/index.html").read_text(encoding="utf-8")
    assert '<li class="md-nav__item"><a href="../../../gioi-thieu/"' in written  # by bdpub


def test_the_sidebar_is_left_to_material_with_features_it_does_not_write():
    from build_tools.site import navigation

    for feature in navigation.SIDEBAR_UNSUPPORTED:
        assert navigation.sidebar(None, None, ["navigation.prune", feature], "") is None


def test_a_build_with_nothing_changed_keeps_the_site_and_any_change_rebuilds_it(fixture_project):
    root = fixture_project("minimal")
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    home = root / "site/index.html"
    built = home.stat().st_mtime_ns
    again = run_bdpub("build", "--site-only", cwd=root)
    assert again.returncode == 0, again.stderr
    assert "nothing the site is made from has changed since site/ was built" in again.stderr
    assert "missing-translation" in again.stderr  # the checks ran all the same
    assert home.stat().st_mtime_ns == built
    # A file of the site removed by hand: the site is made again.
    (root / "site/en/index.html").unlink()
    result = run_bdpub("build", "--site-only", cwd=root)
    assert "nothing the site" not in result.stderr and (root / "site/en/index.html").exists()
    # A page edited: made again, with the edit.
    page = root / "docs/en/gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    result = run_bdpub("build", "--site-only", cwd=root)
    assert "nothing the site" not in result.stderr
    assert "One more sentence." in (root / "site/en/gioi-thieu/index.html").read_text(encoding="utf-8")
    # mkdocs.yml changed: made again.
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("Dự án mẫu", "Dự án mẫu 2"),
                      encoding="utf-8")
    result = run_bdpub("build", "--site-only", cwd=root)
    assert "nothing the site" not in result.stderr
    assert "Dự án mẫu 2" in home.read_text(encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_rebuild_renders_only_what_changed_and_writes_what_a_clean_build_writes(fixture_project):
    root = fixture_project("minimal")
    config = root / "mkdocs.yml"  # MkDocs' search gathers from every page as it renders
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", ""),
                      encoding="utf-8")
    Image.new("RGB", (1200, 800), (40, 90, 160)).save(root / "docs/vi/so-tay/anh.jpg")
    for lang, alt in (("vi", "Ảnh"), ("en", "Picture")):  # a page with image renditions
        page = root / f"docs/{lang}/so-tay/index.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n![{alt}](anh.jpg)\n",
                        encoding="utf-8")
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    pages = len(list((root / "site").rglob("index.html")))

    def rebuilt() -> tuple[int, int]:
        result = run_bdpub("build", "--site-only", cwd=root)
        assert result.returncode == 0, result.stderr
        shutil.rmtree(root / "clean", ignore_errors=True)
        clean = run_bdpub("build", "--site-only", "--site-dir", "clean", cwd=root)
        assert clean.returncode == 0, clean.stderr
        assert _files(root / "site") == _files(root / "clean")  # byte for byte
        counts = re.search(r"bdpub: (\d+) pages? rendered, (\d+) taken unchanged", result.stderr)
        return (int(counts[1]), int(counts[2])) if counts else (pages, 0)

    # A translator's sentence: that page only, in English.
    page = root / "docs/en/gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert rebuilt() == (1, pages - 1)
    assert "One more sentence." in (root / "site/en/gioi-thieu/index.html").read_text(encoding="utf-8")
    # An untranslated source page: the page, its English fallback, and the status page in
    # both languages (the source has one more paragraph to translate).
    page = root / "docs/vi/ban-tin/2019-q2/ke-hoach.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMột câu nữa.\n", encoding="utf-8")
    assert rebuilt() == (4, pages - 4)
    assert "Một câu nữa." in (root / "site/en/ban-tin/2019-q2/ke-hoach/index.html").read_text(
        encoding="utf-8")
    # A title: every page of that language shows it in the navigation, and every page that
    # lists others may list it.
    listing = sum("\nlisting:" in path.read_text(encoding="utf-8")
                  for path in (root / "docs/vi").rglob("*.md"))
    page = root / "docs/en/gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: New ", 1),
                    encoding="utf-8")
    assert rebuilt() == (pages // 2 + listing, pages // 2 - listing)
    assert "New " in (root / "site/en/index.html").read_text(encoding="utf-8")
    # A page of the site changed by hand: nothing is taken from that site.
    (root / "site/index.html").write_text("changed", encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8") + "\nAgain.\n", encoding="utf-8")
    assert rebuilt() == (pages, 0)


def test_a_new_title_renders_again_the_pages_whose_navigation_shows_it(fixture_project):
    """With navigation.prune a page shows its own sections of the navigation, and its
    previous and next pages: a bulletin article's new title renders again the pages of its
    bulletin, the pages beside them and the pages that list others, in its language, and
    takes every other page from the last build; the site is byte for byte a clean build's."""
    root = fixture_project("minimal")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", "").replace(
        "features: [navigation.indexes]",
        "features: [navigation.indexes, navigation.prune, navigation.footer]"), encoding="utf-8")
    _more_bulletins(root)
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    page = root / "docs/en/ban-tin/2019-q2/hoi-nghi.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: ", "title: New ", 1),
                    encoding="utf-8")
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 0, result.stderr
    clean = run_bdpub("build", "--site-only", "--site-dir", "clean", cwd=root)
    assert clean.returncode == 0, clean.stderr
    assert _files(root / "site") == _files(root / "clean")
    site = root / "site/en"
    bulletin = len(list(site.glob("ban-tin/2019-q2/**/index.html")))  # index, two articles
    beside = 1  # the handbook, whose footer leads back to the article
    listing = 2 * 3  # the bulletins' and the publications' lists, the status page: they
    # list every page's front matter, in both languages
    pages = len(list((root / "site").rglob("index.html")))
    counts = re.search(r"bdpub: (\d+) pages? rendered, (\d+) taken unchanged", result.stderr)
    rendered = bulletin + beside + listing
    assert (bulletin, int(counts[1]), int(counts[2])) == (3, rendered, pages - rendered)
    assert "New Training conferences" in (site / "so-tay/index.html").read_text(encoding="utf-8")
    assert "New Training conferences" not in (site / "ban-tin/2019-q3/index.html").read_text(
        encoding="utf-8")  # its navigation shows the 2019-Q2 bulletin as one link


def test_with_a_plugin_that_gathers_from_pages_every_page_is_rendered_again(fixture_project):
    root = fixture_project("minimal")  # with MkDocs' search plugin
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    page = root / "docs/en/gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nFindable sentence.\n", encoding="utf-8")
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 0 and "taken unchanged" not in result.stderr
    assert run_bdpub("build", "--site-only", "--site-dir", "clean", cwd=root).returncode == 0
    index = (root / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "Findable sentence." in index
    assert index == (root / "clean/search/search_index.json").read_text(encoding="utf-8")


def _without_search(root: Path) -> None:
    """MkDocs' search gathers from every language build in turn: without it, bdpub builds
    the languages in processes of their own."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search\n", ""),
                      encoding="utf-8")


def test_the_languages_built_at_once_make_the_bytes_one_process_makes(fixture_project):
    root = fixture_project("minimal")
    _without_search(root)
    one = run_bdpub("build", "--site-only", "-j", "1", "--site-dir", "one", cwd=root)
    assert one.returncode == 0, one.stderr
    both = run_bdpub("--verbose", "build", "--site-only", "-j", "2", "--site-dir", "both",
                     cwd=root)
    assert both.returncode == 0, both.stderr
    assert "one share per process: vi | en" in both.stderr
    assert "one share per process" not in one.stderr
    assert _files(root / "one") == _files(root / "both")
    assert {path.name for path in root.iterdir()} >= {"one", "both"}
    assert not [path for path in root.iterdir() if ".staging" in path.name]
    # What each process gathered for the next build came back: nothing is rendered again.
    again = run_bdpub("build", "--site-only", "-j", "2", "--site-dir", "both", cwd=root)
    assert "nothing the site is made from has changed" in again.stderr
    page = root / "docs/en/gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    again = run_bdpub("build", "--site-only", "-j", "2", "--site-dir", "both", cwd=root)
    assert again.returncode == 0, again.stderr
    pages = len(list((root / "both").rglob("index.html")))
    assert re.search(rf"\b1 pages? rendered, {pages - 1} taken unchanged", again.stderr)


def test_a_language_that_fails_in_its_own_process_stops_the_build_as_in_one(fixture_project):
    root = fixture_project("minimal")
    _without_search(root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  language: vi\n", "  language: vi\n  custom_dir: overrides\n"), encoding="utf-8")
    (root / "overrides").mkdir()
    assert run_bdpub("build", "--site-only", cwd=root).returncode == 0
    before = _files(root / "site")
    # A theme override that fails only on the English pages.
    (root / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}'
        '{% if config.theme.language == "en" %}{{ nothing.there() }}{% endif %}'
        '{{ super() }}{% endblock %}\n', encoding="utf-8")
    for jobs in ("2", "1"):
        result = run_bdpub("build", "--site-only", "-j", jobs, cwd=root)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr + result.stdout
        assert "the site was not built: 'nothing' is undefined" in result.stderr, result.stderr
        assert _files(root / "site") == before
        assert not [path for path in root.iterdir() if ".staging" in path.name]


def test_what_a_page_would_fetch_is_found_in_any_case_and_in_order():
    from build_tools.site.publish import fetched

    html = ('<IMG Src="https://a.example/x.png">\n'
            '<p style="background: URL( \'//b.example/y.png\')">'
            '<link rel="stylesheet" HREF="https://c.example/s.css">'
            '<source srcset="https://d.example/1.webp 1x, https://e.example/2.webp 2x">'
            '<a href="https://f.example/read-on">read on</a>'
            '<style>@IMPORT "https://g.example/i.css";</style><img src="local.png">')
    assert [url for _offset, url in fetched(html)] == [
        "https://a.example/x.png", "//b.example/y.png", "https://c.example/s.css",
        "https://d.example/1.webp 1x, https://e.example/2.webp 2x", "https://g.example/i.css",
        "local.png"]


def test_the_search_index_keeps_a_run_of_text_whole_across_inline_markup():
    from build_tools.site.search import SearchIndex

    index = SearchIndex()
    index.add("gioi-thieu/", "简介", '<h2 id="a">项目</h2><p>平阳<strong>智慧</strong>城市，'
              '<a href="x/">Horasis</a>亚洲会议</p><ul><li>政府</li><li>企业<br>机构</li></ul>'
              '<p>Sở <em>Thông tin</em>, <!-- note --> và Truyền thông</p>')
    assert index.docs == [{"url": "gioi-thieu/#a", "page": "简介", "title": "项目",
                           "text": "平阳智慧城市，Horasis亚洲会议 政府 企业 机构 "
                                   "Sở Thông tin, và Truyền thông"}]


def test_a_title_the_card_fonts_cannot_draw_stops_the_build_at_its_line(fixture_project):
    root = fixture_project("minimal")
    result = _build_then_break(root, "docs/vi/so-tay/index.md", "title: Sổ tay",
                               "title: Sổ tay 平阳 ✈")
    assert ("docs/vi/so-tay/index.md:2: error: the link-preview card's fonts have no glyph "
            "for ✈ 平 阳; write the title") in result.stderr


def test_five_languages_each_with_lang_alternates_sitemap_and_no_feed_without_bulletins(cjk_site):
    codes = ("vi", "en", "zh", "ko", "ja")
    sitemap = (cjk_site / "sitemap.xml").read_text(encoding="utf-8")
    for code in codes:
        folder = cjk_site if code == "vi" else cjk_site / code
        html = (folder / "gioi-thieu/index.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html
        for other in codes:
            prefix = "" if other == "vi" else f"{other}/"
            assert (f'<link rel="alternate" hreflang="{other}" '
                    f'href="https://example.org/{prefix}gioi-thieu/">') in html
            assert (f'<xhtml:link rel="alternate" hreflang="{other}" '
                    f'href="https://example.org/{prefix}gioi-thieu/"/>') in sitemap
        # An untranslated page shows the Vietnamese text: the sitemap lists it once, and in
        # each language it names the Vietnamese page alone, as its alternate and canonical.
        listed = f"<loc>https://example.org/{'' if code == 'vi' else code + '/'}ke-hoach/</loc>"
        assert (listed in sitemap) == (code == "vi")
        fallback = (folder / "ke-hoach/index.html").read_text(encoding="utf-8")
        assert re.findall(r'<link rel="alternate" hreflang="([^"]+)"', fallback) == ["vi", "x-default"]
        assert '<link rel="canonical" href="https://example.org/ke-hoach/">' in fallback
        # The fixture has no bulletin: no feed, and no page points to one.
        assert "application/atom+xml" not in html and not (folder / "feed.xml").exists()
