"""What the public and search engines get from the launch site: alternates, cards, feeds,
descriptions, images without metadata, responsive images, the publications library."""
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
from conftest import REPO
from PIL import Image

from build_tools.content.project import load_project

SITE_URL = load_project(REPO / "mkdocs.yml").site_url
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("vi", "en", "zh", "ko", "ja")
LOCALES = {"vi": "vi_VN", "en": "en_US", "zh": "zh_CN", "ko": "ko_KR", "ja": "ja_JP"}


def lang_of(url: str) -> str:
    """The language a page of the site is in, by its prefix (/en/, /zh/...; none for vi)."""
    first = url.strip("/").split("/")[0]
    return first if first in LANGS[1:] else "vi"


def in_vietnamese(url: str) -> str:
    """The page's address in the source language, from the site's root: '/an-pham/'."""
    lang = lang_of(url)
    return url if lang == "vi" else url.removeprefix(f"/{lang}")


def translated(lang: str, url: str) -> bool:
    """Whether the page at `url` is written in a language (not shown from the source)."""
    path = in_vietnamese(url).strip("/")
    folder = REPO / "docs" / lang
    return (folder / path / "index.md").is_file() or (folder / f"{path}.md").is_file()


def address(lang: str, url: str) -> str:
    """The page at `url` in a language, absolute."""
    path = in_vietnamese(url)
    return SITE_URL + (path.lstrip("/") if lang == "vi" else lang + path)


def pages(site: Path):
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        yield ("/" if rel == "." else f"/{rel}/"), lxml.html.parse(str(html)).getroot()


def test_every_page_has_absolute_alternates_with_x_default(launch_site):
    for url, page in pages(launch_site):
        links = {link.get("hreflang"): link.get("href")
                 for link in page.xpath('//head/link[@rel="alternate"][@hreflang]')}
        written = [lang for lang in LANGS if translated(lang, url)]
        assert links == {**{lang: address(lang, url) for lang in written},
                         "x-default": address("vi", url)}, url
        assert "vi" in written and len(written) in (2, 5), url  # item 6.4's: chosen pages
        assert page.get("lang") == lang_of(url)
        canonical = page.xpath('//head/link[@rel="canonical"]/@href')[0]
        assert canonical == address(lang_of(url) if lang_of(url) in written else "vi", url)


def test_every_page_has_a_description_and_link_preview_tags(launch_site):
    for url, page in pages(launch_site):
        meta = {tag.get("name") or tag.get("property"): tag.get("content")
                for tag in page.xpath("//head/meta")}
        description = meta.get("description", "")
        # Chinese and Japanese say in 20 characters what takes 40 letters: each counts twice.
        assert sum(2 if ord(char) >= 0x2E80 else 1 for char in description) > 30, url
        assert meta["og:title"] and meta["og:url"].startswith(SITE_URL) and meta["twitter:card"]
        assert meta["og:locale"] == LOCALES[lang_of(url)]
        image = meta.get("og:image")
        assert image and image.startswith(SITE_URL), url
        with Image.open(launch_site / image.removeprefix(SITE_URL)) as card:
            assert card.size == (1200, 630)


def test_each_publication_has_its_own_card_in_each_language(launch_site):
    manifest = json.loads((launch_site / "publications.json").read_text(encoding="utf-8"))
    for publication in manifest["publications"]:
        assert set(publication["cards"]) == set(LANGS)
        page = lxml.html.parse(str(launch_site / publication["url"] / "index.html")).getroot()
        image = page.xpath('//meta[@property="og:image"]/@content')[0]
        assert image == SITE_URL + publication["cards"]["vi"]


def test_feeds_list_the_bulletins_in_each_language(launch_site):
    for prefix, lang in (("", "vi"), ("en/", "en")):
        feed = ET.parse(launch_site / prefix / "feed.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        entries = feed.findall(f"{ATOM}entry")
        links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
        assert links == [f"{SITE_URL}{prefix}ban-tin/2019-q{quarter}/" for quarter in (4, 3, 2)]
        titles = [entry.find(f"{ATOM}title").text for entry in entries]
        assert ("Quý IV/2019" in titles[0].title() or "quý IV/2019" in titles[0]) if lang == "vi" \
            else "Q4 2019" in titles[0]
        assert all(entry.get(XML_LANG) is None for entry in entries)


def test_the_feeds_of_item_6_4s_languages_mark_the_issues_not_translated_yet(launch_site):
    for lang, publisher in (("zh", "平阳省信息传媒厅"), ("ko", "빈즈엉성 정보통신국"),
                            ("ja", "ビンズオン省情報通信局")):
        feed = ET.parse(launch_site / lang / "feed.xml").getroot()
        assert feed.get(XML_LANG) == lang
        assert feed.find(f"{ATOM}author/{ATOM}name").text == publisher
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 3 and all(entry.get(XML_LANG) == "vi" for entry in entries)
        assert "quý IV/2019" in entries[0].find(f"{ATOM}title").text  # the Vietnamese title


def test_no_published_image_keeps_exif_or_gps(launch_site):
    images = [path for path in launch_site.rglob("*")
              if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]
    assert len(images) > 20
    for path in images:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "exif" not in image.info and "xmp" not in image.info, path


def test_content_images_are_responsive_with_sizes(launch_site):
    page = lxml.html.parse(str(launch_site / "en/ban-tin/2019-q4/index.html")).getroot()
    [picture] = page.xpath("//article//picture")
    source = picture.find("source")
    assert source.get("type") == "image/webp"
    widths = [int(part.split()[1][:-1]) for part in source.get("srcset").split(", ")]
    assert widths == [480, 960, 1440]
    img = picture.find(".//img")  # libxml2 nests the img in the (void) source element
    assert img.get("width") == "2600" and img.get("height") == "1730"
    for part in source.get("srcset").split(", "):
        assert (launch_site / "en/ban-tin/2019-q4" / part.split()[0]).resolve().is_file()
    lazy = lxml.html.parse(str(launch_site / "an-pham/index.html")).getroot().xpath("//article//img")
    assert lazy and all(img.get("loading") == "lazy" and img.get("width") for img in lazy)


def test_the_library_shows_every_publication_with_cover_kind_date_and_downloads(launch_site):
    for prefix in ("", "en/", "zh/", "ko/", "ja/"):
        page = lxml.html.parse(str(launch_site / prefix / "an-pham/index.html")).getroot()
        cards = page.xpath('//li[contains(@class,"bdpub-card")]')
        assert len(cards) == 6
        assert {card.get("data-kind") for card in cards} == {"bulletin", "booklet", "plan"}
        assert {card.get("data-year") for card in cards} == {"2019"}
        for card in cards:
            assert card.xpath(".//picture//img[@width]") and card.xpath('.//p[@class="bdpub-card__date"]')
            downloads = card.xpath('.//p[@class="bdpub-card__downloads"]/a')
            editions = 7 if "horasis-2019" in card.xpath(".//a/@href")[0] else 3
            assert len(downloads) == editions, card.xpath(".//a/@href")
            assert all(a.get("href").endswith("-screen.pdf") for a in downloads)
            assert re.search(r"PDF, \d+ ?(trang|pages|页|쪽|ページ), [\d.,]+ kB", card.text_content())


def test_from_every_page_the_switch_leads_to_its_counterpart(launch_site):
    import posixpath
    for url, page in pages(launch_site):
        links = {a.get("hreflang"): a.get("href") for a in page.xpath('//a[contains(@class,"md-select__link")]')}
        assert set(links) == set(LANGS), url
        for other in LANGS:
            counterpart = address(other, url).removeprefix(SITE_URL.rstrip("/"))
            target = posixpath.normpath(posixpath.join(url, links[other])) + "/"
            assert target.replace("//", "/") == counterpart, (url, other, links)


def test_the_sitemap_lists_every_page_with_its_alternates_and_x_default(launch_site):
    import gzip
    text = (launch_site / "sitemap.xml").read_bytes()
    assert gzip.decompress((launch_site / "sitemap.xml.gz").read_bytes()) == text
    root = ET.fromstring(text)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [url.find("s:loc", ns).text for url in root.findall("s:url", ns)]
    built = {SITE_URL + path.lstrip("/") for path, _ in pages(launch_site)
             if path != "/404.html" and translated(lang_of(path), path)}  # fallbacks: once
    assert set(locs) == built and len(locs) == len(built)
    for url in root.findall("s:url", ns):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert {"vi", "x-default"} <= set(alternates) <= {*LANGS, "x-default"}
        assert url.find("s:loc", ns).text in alternates.values()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", url.find("s:lastmod", ns).text)


def test_every_page_carries_the_content_security_policy_for_hosts_without_headers(launch_site):
    from build_tools.text import policy

    for url, page in pages(launch_site):
        metas = page.xpath('//head/meta[@http-equiv="Content-Security-Policy"]')
        assert [meta.get("content") for meta in metas] == [
            policy.content_security_policy(meta=True)], url
        first_script = page.xpath("//head/script")
        assert not first_script or metas[0].getparent().index(metas[0]) < \
            first_script[0].getparent().index(first_script[0]), url


def test_a_sitemap_stands_wherever_material_looks_for_one(launch_site):
    """Material fetches sitemap.xml next to every alternate link of a page: on a plain
    static host (no rewrite), each of those files must exist and list that page."""
    for url, page in pages(launch_site):
        for link in page.xpath('//head/link[@rel="alternate"]'):
            href = link.get("href").removeprefix(SITE_URL)
            folder = href.rstrip("/") if href.endswith("/") else href.rpartition("/")[0]
            sitemap = launch_site / folder / "sitemap.xml"
            assert sitemap.is_file(), f"{url}: {sitemap.relative_to(launch_site)}"
            if link.get("hreflang") and href.endswith("/"):
                locs = ET.parse(sitemap).getroot().findall(
                    "{http://www.sitemaps.org/schemas/sitemap/0.9}url/"
                    "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
                assert SITE_URL + href in [loc.text for loc in locs], f"{url}: {href}"
