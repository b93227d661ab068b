"""What search engines and link previews read: descriptions, absolute language alternates
with x-default, Open Graph and Twitter cards, the feed."""
from __future__ import annotations

import html as html_module
import re
from pathlib import PurePosixPath

from build_tools.content.model import ContentModel
from build_tools.content.outputs import Manifest
from build_tools.site import feeds
from build_tools.text import escape, policy

OG_LOCALES = {"vi": "vi_VN", "en": "en_US", "zh": "zh_CN", "ko": "ko_KR", "ja": "ja_JP"}
# A paragraph's content ends at its </p>, or where another <p> opens: no two scans overlap.
FIRST_PARAGRAPH = re.compile(r"<p\b[^<>]*>([^<]*(?:<(?!/p>|p\b)[^<]*)*)</p>")
DESCRIPTION_LENGTH = 160


def describe(page, content: str) -> None:
    """Give a page without a description in its front matter the start of its first paragraph."""
    if page.meta.get("description"):
        return
    for match in FIRST_PARAGRAPH.finditer(content):
        text = " ".join(html_module.unescape(re.sub(r"<[^<>]+>", " ", match[1])).split())
        if len(text) > 40:
            if len(text) > DESCRIPTION_LENGTH:
                text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + " …"
            page.meta["description"] = escape.html_text(text)  # Material writes it as HTML
            return


def head(model: ContentModel, lang: str, rel: PurePosixPath, canonical: str | None,
         manifest: Manifest) -> dict:
    """The values main.html writes into <head>."""
    project = model.project
    # Only the languages the page is written in: a page not translated yet shows the source's
    # text under the language's prefix, which is no alternate in that language (the sitemap
    # leaves it out too), and its canonical address is the source page's.
    alternates = [{"lang": code, "href": project.url_of(code, rel)} for code in project.codes
                  if model.page(code, rel)]
    alternates.append({"lang": "x-default", "href": project.url_of(model.source_lang, rel)})
    if model.page(lang, rel) is None:
        canonical = project.url_of(model.source_lang, rel)
    publication = model.publication_of(rel)
    image = _card_url(model, lang, publication, manifest)
    return {
        "alternates": alternates,
        "og_locale": OG_LOCALES.get(lang, lang),
        "og_alternate_locales": [OG_LOCALES.get(code, code) for code in project.codes if code != lang],
        "og_type": "article" if publication and rel.name != "index.md" else "website",
        "og_image": image,
        "url": canonical or project.url_of(lang, rel),
        "feed": (project.url_of(lang, PurePosixPath("feed.xml"))
                 if feeds.bulletins(model) else None),  # a site without bulletins has none
        "csp": policy.content_security_policy(meta=True),
    }


def _card_url(model: ContentModel, lang: str, publication, manifest: Manifest) -> str | None:
    entry = manifest.of(publication.slug) if publication else None
    if entry is None and manifest.publications:
        entry = manifest.publications[0]  # the newest publication stands for the site
    path = entry.images.cards.get(lang) if entry else None
    return model.project.site_url + path if path else None


def robots_txt(site_url: str) -> str:
    """robots.txt: everything may be crawled; the sitemap lists every page and its alternates."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def sitemap_entries(model: ContentModel, last_changed) -> list[tuple[tuple, str]]:
    """Every page in every language it exists in, as a sitemap <url> entry, keyed by
    (language, path in the language folder). `last_changed(path)` gives a page's last
    commit date or None."""
    project = model.project
    return [((code, source.rel), sitemap_entry(model, code, source.rel, last_changed))
            for source in model.source_pages() for code in project.codes
            if model.page(code, source.rel)]


def sitemap_entry(model: ContentModel, lang: str, rel: PurePosixPath, last_changed) -> str:
    """One page's <url>: its address in `lang`, its last change, and its alternates in the
    languages it exists in, with x-default."""
    project = model.project
    present = [code for code in project.codes if model.page(code, rel)]
    links = [(code, project.url_of(code, rel)) for code in present]
    links.append(("x-default", project.url_of(model.source_lang, rel)))
    page = model.page(lang, rel)
    lines = ["  <url>", f"    <loc>{escape.html_text(project.url_of(lang, rel))}</loc>"]
    changed = last_changed(page.display_path) if page else None
    if changed:
        lines.append(f"    <lastmod>{changed}</lastmod>")
    lines += [f'    <xhtml:link rel="alternate" hreflang="{escape.html_text(code)}" '
              f'href="{escape.html_text(href)}"/>' for code, href in links]
    lines.append("  </url>")
    return "\n".join(lines)


def sitemap_xml(entries: list[str]) -> str:
    """A sitemap of the given <url> entries (see sitemap_entries)."""
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>',
                      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                      'xmlns:xhtml="http://www.w3.org/1999/xhtml">', *entries,
                      "</urlset>"]) + "\n"
