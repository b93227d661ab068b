"""Text the site generates from the content model: publication lists and publication details."""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import PurePosixPath

from build_tools.content.localize import format_number, format_size, label, when
from build_tools.content.meta import KINDS
from build_tools.content.model import ContentModel, Publication
from build_tools.text import escape

KIND_ORDER = ("bulletin", "booklet", "special", "plan")
assert set(KIND_ORDER) == set(KINDS)
# The listings of publications a page may ask for (the status page is made in status.py).
LISTED_KINDS = {"publications": KIND_ORDER, "bulletins": ("bulletin",)}
H1_LINE = re.compile(r"^#\s+.+$", re.MULTILINE)


def decorate(markdown: str, model: ContentModel, lang: str, rel: PurePosixPath,
             page_url: str = "", manifest: dict | None = None) -> str:
    """Add what the model knows to a page's Markdown: the publication line under the title
    of a publication's index page and its downloads, and a generated listing where the
    page asks for one (with the files for printers on the publications page)."""
    source = model.page(model.source_lang, rel)
    if source is None:
        return markdown
    publication = getattr(source.meta, "publication", None)
    entries = {entry["slug"]: entry for entry in (manifest or {}).get("publications", [])}
    if publication:
        cover = f"\n\n![]({publication.cover}){{ .bdpub-cover }}" if publication.cover else ""
        markdown = _after_title(markdown, _publication_line(publication, lang) + cover)
        entry = entries.get(model.publication_of(rel).slug)
        if entry and entry["pdfs"]:
            markdown = markdown.rstrip("\n") + "\n\n" + downloads_markdown(entry, lang, page_url)
    listing = getattr(source.meta, "listing", None)
    if listing == "publications":
        markdown = markdown.rstrip("\n") + "\n\n" + library_html(model, lang, page_url, entries)
        if any(entry["pdfs"] for entry in entries.values()):
            markdown += "\n" + printers_markdown(list(entries.values()), lang, page_url)
    elif listing in LISTED_KINDS:
        kinds = LISTED_KINDS[listing]
        markdown = markdown.rstrip("\n") + "\n\n" + listing_markdown(model, lang, rel, kinds)
    return markdown


def library_html(model: ContentModel, lang: str, page_url: str, entries: dict) -> str:
    """Every publication as a card (cover, kind, date, downloads), newest first, with
    filters by kind and year that library.js switches on."""
    cards = "\n".join(_card(model, publication, lang, page_url, entries.get(publication.slug, {}))
                      for publication in model.publications)
    kinds = [kind for kind in KIND_ORDER if any(p.facts.kind == kind for p in model.publications)]
    years = sorted({p.sort_date.year for p in model.publications}, reverse=True)
    kind_options = "".join(f'<option value="{kind}">{html.escape(label("kinds." + kind, lang))}</option>'
                           for kind in kinds)
    year_options = "".join(f'<option value="{year}">{year}</option>' for year in years)
    every = html.escape(label("library.all", lang))
    count = html.escape(label("library.count", lang, count="{count}"))
    return (f'<div class="bdpub-library" data-bdpub-library data-count="{count}">\n'
            f'<form class="bdpub-filters" hidden aria-label="{html.escape(label("library.filters", lang))}">'
            f'<label>{html.escape(label("library.kind", lang))} <select name="kind">'
            f'<option value="">{every}</option>{kind_options}</select></label> '
            f'<label>{html.escape(label("library.year", lang))} <select name="year">'
            f'<option value="">{every}</option>{year_options}</select></label> '
            f'<output class="bdpub-count" aria-live="polite"></output></form>\n'
            f'<ul class="bdpub-cards">\n{cards}\n</ul>\n'
            f'<p class="bdpub-empty" hidden>{html.escape(label("library.none", lang))}</p>\n'
            f"</div>\n")


def _card(model: ContentModel, publication: Publication, lang: str, page_url: str,
          entry: dict) -> str:
    url = model.project.url_of(lang, publication.index.rel).removeprefix(model.project.site_url)
    href = posixpath.relpath(url or ".", page_url.rstrip("/") or ".") + "/"
    title = html.escape(model.title(lang, publication.index.rel))
    image = ""
    if entry.get("thumbnail"):
        thumb = entry["thumbnail"]
        relative = lambda path: posixpath.relpath(path, page_url.rstrip("/") or ".")
        image = (f'<a class="bdpub-card__cover" href="{href}" tabindex="-1" aria-hidden="true">'
                 f'<picture><source type="image/webp" srcset="{relative(thumb["webp"])}">'
                 f'<img src="{relative(thumb["jpeg"])}" width="{thumb["width"]}" '
                 f'height="{thumb["height"]}" alt="" loading="lazy" decoding="async"></picture></a>')
    downloads = [_pdf_link(pdf, label("edition." + pdf["lang"], lang), page_url, lang)
                 for pdf in entry.get("pdfs", []) if pdf["profile"] == "screen"]
    files = (f'<p class="bdpub-card__downloads">{"; ".join(downloads)}</p>' if downloads else "")
    return (f'<li class="bdpub-card" data-kind="{publication.facts.kind}" '
            f'data-year="{publication.sort_date.year}">{image}<div class="bdpub-card__body">'
            f'<p class="bdpub-card__kind">{html.escape(label("kind." + publication.facts.kind, lang))}</p>'
            f'<h2 class="bdpub-card__title"><a href="{href}">{title}</a></h2>'
            f'<p class="bdpub-card__date">{html.escape(when(publication.facts, lang))}</p>'
            f"{files}</div></li>")


def downloads_markdown(entry: dict, lang: str, page_url: str) -> str:
    """The screen PDFs of one publication, with their sizes."""
    items = [f"- {_pdf_link(pdf, label('edition.' + pdf['lang'], lang), page_url, lang)}"
             for pdf in entry["pdfs"] if pdf["profile"] == "screen"]
    return (f"## {label('downloads', lang)}\n\n{label('downloads.intro', lang)}\n\n"
            + "\n".join(items) + "\n")


def printers_markdown(entries: list[dict], lang: str, page_url: str) -> str:
    """Every print PDF, for printers: edition, trim size, bleed, pages, size."""
    rows = []
    for entry in entries:
        for pdf in (pdf for pdf in entry["pdfs"] if pdf["profile"] == "print"):
            width, height = (format_number(side, lang) for side in pdf["trim_mm"])
            text = f"{entry['titles'][lang]} — {label('edition.' + pdf['lang'], lang)}"
            bleed = label("pdf.bleed", lang, mm=format_number(pdf["bleed_mm"], lang))
            rows.append(f"- {_pdf_link(pdf, text, page_url, lang)}, {width} × {height} mm, {bleed}")
    return (f"## {label('printers', lang)}\n\n{label('printers.intro', lang)}\n\n"
            + "\n".join(rows) + "\n")


def _pdf_link(pdf: dict, text: str, page_url: str, lang: str) -> str:
    """Raw HTML: the PDFs are added to the site after MkDocs, which would not find them."""
    href = posixpath.relpath(pdf["path"], page_url.rstrip("/") or ".")
    details = f"PDF, {label('pdf.pages', lang, count=pdf['pages'])}, {format_size(pdf['bytes'], lang)}"
    return f'<a href="{href}" download>{html.escape(text)}</a> ({details})'



def listing_markdown(model: ContentModel, lang: str, rel: PurePosixPath,
                     kinds: tuple[str, ...]) -> str:
    """Publications grouped by kind, newest first, linked relative to the page at `rel`."""
    blocks = []
    for kind in kinds:
        publications = [p for p in model.publications if p.facts.kind == kind]
        if not publications:
            continue
        if len(kinds) > 1:
            blocks.append(f"## {label('kinds.' + kind, lang)}")
        blocks.append("\n".join(_entry(model, publication, lang, rel)
                                for publication in publications))
    return "\n\n".join(blocks or [label("no-publications", lang)]) + "\n"


def _entry(model: ContentModel, publication: Publication, lang: str, rel: PurePosixPath) -> str:
    title = escape.markdown_text(model.title(lang, publication.index.rel))
    link = posixpath.relpath(publication.index.rel.as_posix(), rel.parent.as_posix() or ".")
    dated = when(publication.facts, lang)
    details = [dated] if dated not in title else []
    if publication.facts.status == "draft":
        details.append(label("status.draft", lang))
    return f"- [{title}]({link})" + (f" — {', '.join(details)}" if details else "")


def _publication_line(facts, lang: str) -> str:
    parts = [label("kind." + facts.kind, lang), when(facts, lang), label("publisher", lang)]
    return " · ".join(parts) + "\n{ .bdpub-publication-line }"


def _after_title(markdown: str, text: str) -> str:
    match = H1_LINE.search(markdown)
    if not match:
        return text + "\n\n" + markdown
    return markdown[:match.end()] + "\n\n" + text + "\n" + markdown[match.end():]
