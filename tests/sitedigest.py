"""A readable digest of a built site, compared against golden files by the site tests."""
from __future__ import annotations

import posixpath
from pathlib import Path

import lxml.html


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _resolve(url: str, href: str) -> str:
    if href.startswith(("http://", "https://", "#")):
        return href
    return posixpath.normpath(posixpath.join(url, href.split("#")[0])) + "/"


def _nav(document) -> list[str]:
    """Primary navigation titles, indented by depth."""
    entries = []
    for span in document.xpath('//nav[contains(@class,"md-nav--primary")]'
                               '//li[contains(@class,"md-nav__item")]'
                               '/*[contains(@class,"md-nav__link")][not(@for="__toc")]//span[@class="md-ellipsis"]'):
        if span.xpath('ancestor::nav[contains(@class,"md-nav--secondary")]'):
            continue  # the current page's table of contents, repeated for small screens
        depth = len(span.xpath('ancestor::li[contains(@class,"md-nav__item")]')) - 1
        entries.append("  " * depth + " ".join((span.text or "").split()))
    return entries


def page_digest(html_file: Path, url: str) -> dict:
    document = lxml.html.parse(str(html_file)).getroot()
    article = document.xpath('//article')[0]
    return {
        "lang": document.get("lang"),
        "title": _text(document.xpath("//title")[0]),
        "h1": _text(article.xpath(".//h1")[0]),
        "publication_line": [_text(p) for p in article.xpath('.//p[@class="bdpub-publication-line"]')],
        "switch": {a.get("hreflang"): _resolve(url, a.get("href"))
                   for a in document.xpath('//a[contains(@class,"md-select__link")]')},
        "content_links": [_resolve(url, a.get("href")) for a in article.xpath(".//a[@href]")
                          if "headerlink" not in (a.get("class") or "")],
        "nav": _nav(document),
    }


def site_digest(site_dir: Path) -> dict:
    pages = {}
    for html_file in sorted(site_dir.rglob("index.html")):
        rel = html_file.parent.relative_to(site_dir).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        pages[url] = page_digest(html_file, url)
    return pages
