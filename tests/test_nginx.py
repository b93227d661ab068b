"""The production nginx configuration (nginx/bdpub.conf), asked over real HTTP."""
from __future__ import annotations

import base64
import gzip
import hashlib
import re
import urllib.error
import urllib.request
from pathlib import Path

import material
import pytest
from nginxserver import nginx_launch, page_paths  # noqa: F401  (fixture)

ARTICLE = "/ban-tin/2019-q2/hoi-nghi-tap-huan/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=300, must-revalidate"
A_DAY = "public, max-age=86400"
SOURCE_KEYWORDS = {"'self'", "'none'", "'unsafe-hashes'"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, **headers: str):
    """(status, headers, body) of one GET, whatever the status; no redirect followed."""
    request = urllib.request.Request(url, headers={k.replace("_", "-"): v for k, v in headers.items()})
    try:
        with _opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def only(site: Path, pattern: str) -> str:
    """The root-relative URL of the one file of the built site matching `pattern`."""
    found = sorted(site.glob(pattern))
    assert len(found) == 1, (pattern, found)
    return "/" + found[0].relative_to(site).as_posix()


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def base(nginx_launch):
    return nginx_launch.base


@pytest.fixture(scope="module")
def site(nginx_launch) -> Path:
    return nginx_launch.root


@pytest.fixture(scope="module")
def csp(base) -> dict[str, list[str]]:
    status, headers, _ = fetch(base + "/")
    assert status == 200
    return csp_directives(headers["Content-Security-Policy"])


@pytest.mark.parametrize("pattern", [
    "en/ban-tin/2019-q2/hoi-nghi-tap-huan/index.html",
    "assets/stylesheets/main.*.min.css",
    "assets/javascripts/bundle.*.min.js",
    "search/index.json",
])
def test_text_is_sent_gzip_compressed_to_whoever_accepts_it(base, site, pattern):
    url = only(site, pattern)
    original = (site / url.lstrip("/")).read_bytes()
    status, headers, body = fetch(base + url, Accept_Encoding="gzip")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == original
    _, plain_headers, plain = fetch(base + url)
    assert plain_headers["Content-Encoding"] is None and plain == original


def test_a_precompressed_file_is_sent_as_it_is(base, site):
    _, headers, body = fetch(base + "/sitemap.xml", Accept_Encoding="gzip")
    assert headers["Content-Encoding"] == "gzip"
    assert body == (site / "sitemap.xml.gz").read_bytes()


@pytest.mark.parametrize("pattern, cache_control", [
    ("assets/stylesheets/main.*.min.css", IMMUTABLE),
    ("assets/javascripts/bundle.*.min.js", IMMUTABLE),
    ("fonts/NotoSans-Regular.woff2", IMMUTABLE),
    ("index.html", REVALIDATE),
    ("en/ban-tin/2019-q2/hoi-nghi-tap-huan/index.html", REVALIDATE),
    ("sitemap.xml", REVALIDATE),
    ("search/index.json", REVALIDATE),
    ("en/search/index.json", REVALIDATE),
    ("stylesheets/bdpub.css", REVALIDATE),       # not fingerprinted: changes under its name
    ("assets/images/favicon.png", A_DAY),
    ("pdf/ban-tin-2019-q4/ban-tin-2019-q4-vi-screen.pdf", A_DAY),
])
def test_cache_lifetimes_follow_how_often_a_file_changes_under_its_name(base, site, pattern, cache_control):
    status, headers, _ = fetch(base + only(site, pattern))
    assert status == 200
    assert headers["Cache-Control"] == cache_control


def test_a_page_is_revalidated_cheaply(base):
    _, headers, _ = fetch(base + ARTICLE)
    status, _, body = fetch(base + ARTICLE, If_None_Match=headers["ETag"])
    assert status == 304 and body == b""


def test_the_policy_allows_the_site_itself_and_nothing_else(csp):
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    for directive, sources in csp.items():
        for source in sources:
            allowed = source in SOURCE_KEYWORDS or source.startswith("'sha256-") or (
                directive == "img-src" and source == "data:")
            assert allowed, f"{directive} allows {source}"


def test_every_inline_script_of_the_site_is_allowed_by_its_hash(site, csp):
    """A new or changed inline script (a Material upgrade) must update nginx/bdpub.conf."""
    scripts = set()
    for page in site.rglob("*.html"):
        for attributes, text in re.findall(r"<script(\s[^>]*)?>(.*?)</script>", page.read_text(), re.S):
            if "src=" not in (attributes or "") and "application/json" not in (attributes or ""):
                scripts.add(text)
    assert len(scripts) == 2, "expected Material's two inline scripts, one scope for all pages"
    # A site with no palette in mkdocs.yml also runs Material's palette script; this one has one.
    palette = _inline_script(Path(material.__file__).parent / "templates/partials/javascripts/palette.html")
    assert {sha256(text) for text in scripts} | {sha256(palette)} == set(csp["script-src"]) - {"'self'"}


def _inline_script(template: Path) -> str:
    return re.search(r"<script>(.*?)</script>", template.read_text(), re.S)[1]


def test_the_inline_styles_of_the_site_are_allowed_by_their_hash(site, csp):
    styles = {value for page in site.rglob("*.html")
              for value in re.findall(r'\sstyle="([^"]*)"', page.read_text())}
    assert {sha256(value) for value in styles} <= set(csp["style-src"])
    assert "'unsafe-inline'" not in csp["style-src"]


@pytest.mark.parametrize("path", ["/", ARTICLE, "/x", "/assets/javascripts/bundle.a5f9d56c.min.js"])
def test_every_answer_carries_the_security_headers(base, path):
    _, headers, _ = fetch(base + path)
    assert headers["Content-Security-Policy"].startswith("default-src 'self';")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Server"] == "nginx"  # no version


@pytest.mark.parametrize("path, lang", [
    ("/", "vi"), (ARTICLE, "vi"), ("/en/", "en"), ("/en" + ARTICLE, "en")])
def test_both_languages_are_served(base, path, lang):
    status, headers, body = fetch(base + path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<html lang="{lang}"' in body.decode()


def test_every_page_of_the_site_answers(base, site):
    pages = page_paths(site)
    failing = [(page, status) for page in pages if (status := fetch(base + page)[0]) != 200]
    assert len(pages) > 50 and not failing


@pytest.mark.parametrize("path", [
    "/x", "/en/x", "/khong-co/trang-nay/", "/en/ban-tin/2019-q2/khong-co/", "/assets/",
    "/404.html", "/.git/config"])
def test_an_unknown_address_answers_404_with_the_bilingual_page(base, site, path):
    status, headers, body = fetch(base + path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    text = body.decode()
    assert "Không tìm thấy trang" in text and "Page not found" in text
    assert body == (site / "404.html").read_bytes()


@pytest.mark.parametrize("path", ["/ban-tin/2019-q2/sitemap.xml", "/en/sitemap.xml",
                                  "/en/ban-tin/2019-q2/hoi-nghi-tap-huan/sitemap.xml"])
def test_a_sitemap_next_to_a_page_is_served_as_written_with_no_rewrite(base, site, path):
    """Material looks for sitemap.xml beside each alternate link: the build writes one there
    (that page's entry), so no server rewrite is needed (any static host will do)."""
    status, headers, body = fetch(base + path)
    assert status == 200 and headers["Content-Type"] == "text/xml; charset=utf-8"
    assert body == (site / path.lstrip("/")).read_bytes()
    assert fetch(base + "/en/some/page/sitemap.xml")[0] == 404


def test_the_header_policy_is_the_one_every_page_carries(csp):
    """One Content-Security-Policy: build_tools/text/policy.py, sent by nginx and written into
    the pages; nginx/bdpub.conf must say the same."""
    from build_tools.text import policy

    assert csp == csp_directives(policy.content_security_policy())


@pytest.mark.parametrize("path, location", [("/en", "/en/"), ("/en/ban-tin", "/en/ban-tin/")])
def test_a_folder_without_its_slash_redirects_to_it(base, path, location):
    status, headers, _ = fetch(base + path)
    assert status == 301 and headers["Location"] == location
