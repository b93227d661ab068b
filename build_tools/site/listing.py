"""Text the site generates from the content model: publication lists and publication details."""
from __future__ import annotations

import dataclasses
import posixpath
from pathlib import PurePosixPath

from build_tools.content.localize import (edition_label, format_number, format_size, label,
                                          when)
from build_tools.content.meta import KINDS
from build_tools.content.model import ContentModel, Publication
from build_tools.content.outputs import Manifest, PdfFile, PublicationFiles
from build_tools.site import markup
from build_tools.text import blocks, escape

# The listings of publications a page may ask for (the status page is made in status.py).
LISTED_KINDS = {"publications": KINDS, "bulletins": ("bulletin",)}


def lists_pages(model: ContentModel, rel: PurePosixPath) -> bool:
    """Whether a page shows what other pages say (a generated listing, the status page)."""
    source = model.page(model.source_lang, rel)
    return source is not None and bool(getattr(source.meta, "listing", None))


def decorate(markdown: str, model: ContentModel, lang: str, rel: PurePosixPath,
             page_url: str = "", manifest: Manifest = Manifest()) -> str:
    """Add what the model knows to a page's Markdown: the publication line under the title
    of a publication's index page and its downloads, and a generated listing where the
    page asks for one (with the files for printers on the publications page)."""
    source = model.page(model.source_lang, rel)
    if source is None:
        return markdown
    publication = getattr(source.meta, "publication", None)
    if publication:
        cover = f"\n\n![]({publication.cover}){{ .bdpub-cover }}" if publication.cover else ""
        markdown = _after_title(markdown, _publication_line(publication, lang) + cover)
        entry = manifest.of(model.publication_of(rel).slug)
        if entry and entry.pdfs:
            markdown = markdown.rstrip("\n") + "\n\n" + downloads_markdown(entry, lang, page_url)
    listing = getattr(source.meta, "listing", None)
    if listing == "publications":
        markdown = markdown.rstrip("\n") + "\n\n" + library_html(model, lang, page_url, manifest)
        if any(entry.pdfs for entry in manifest.publications):
            markdown += "\n" + printers_markdown(manifest, lang, page_url)
    elif listing in LISTED_KINDS:
        kinds = LISTED_KINDS[listing]
        markdown = markdown.rstrip("\n") + "\n\n" + listing_markdown(model, lang, rel, kinds)
    return markdown


def library_html(model: ContentModel, lang: str, page_url: str, manifest: Manifest) -> str:
    """Every publication as a card (cover, kind, date, downloads), newest first, with
    filters by kind and year that library.js switches on."""
    publications = model.publications
    kinds = [kind for kind in KINDS if any(p.facts.kind == kind for p in publications)]
    return markup.render(
        "library.html", count=label("library.count", lang, count="{count}"),
        filters=label("library.filters", lang), every=label("library.all", lang),
        kind_label=label("library.kind", lang), year_label=label("library.year", lang),
        none=label("library.none", lang),
        kinds=[{"value": kind, "label": label("kinds." + kind, lang)} for kind in kinds],
        years=sorted({p.sort_date.year for p in publications}, reverse=True),
        cards=[_library_card(model, publication, lang, page_url, manifest.of(publication.slug))
               for publication in publications]) + "\n"


def _library_card(model: ContentModel, publication: Publication, lang: str, page_url: str,
          entry: PublicationFiles | None) -> dict:
    here = page_url.rstrip("/") or "."
    url = model.project.url_of(lang, publication.index.rel).removeprefix(model.project.site_url)
    thumbnail = entry.images.thumbnail if entry else None
    if thumbnail is not None:
        thumbnail = dataclasses.replace(thumbnail, webp=posixpath.relpath(thumbnail.webp, here),
                                        jpeg=posixpath.relpath(thumbnail.jpeg, here))
    return {
        "kind": publication.facts.kind, "year": publication.sort_date.year,
        "kind_label": label("kind." + publication.facts.kind, lang),
        "href": posixpath.relpath(url or ".", here) + "/",
        "title": model.title(lang, publication.index.rel),
        "date": when(publication.facts, lang),
        "thumbnail": thumbnail,
        "downloads": [_pdf_link(pdf, edition_label(pdf.lang, lang, model.source_lang), page_url, lang)
                      for pdf in (entry.pdfs_for("screen") if entry else [])],
    }


def downloads_markdown(entry: PublicationFiles, lang: str, page_url: str) -> str:
    """The screen PDFs of one publication, with their sizes."""
    items = [f"- {_pdf_html(pdf, edition_label(pdf.lang, lang), page_url, lang)}"
             for pdf in entry.pdfs_for("screen")]
    return (f"## {label('downloads', lang)}\n\n{label('downloads.intro', lang)}\n\n"
            + "\n".join(items) + "\n")


def printers_markdown(manifest: Manifest, lang: str, page_url: str) -> str:
    """Every print PDF, for printers: edition, trim size, bleed, pages, size."""
    rows = []
    for entry in manifest.publications:
        for pdf in entry.pdfs_for("print"):
            width, height = (format_number(side, lang) for side in pdf.trim_mm)
            text = f"{entry.titles[lang]} — {edition_label(pdf.lang, lang)}"
            bleed = label("pdf.bleed", lang, mm=format_number(pdf.bleed_mm, lang))
            rows.append(f"- {_pdf_html(pdf, text, page_url, lang)}, {width} × {height} mm, {bleed}")
    return (f"## {label('printers', lang)}\n\n{label('printers.intro', lang)}\n\n"
            + "\n".join(rows) + "\n")


def _pdf_link(pdf: PdfFile, text: str, page_url: str, lang: str) -> dict:
    details = f"PDF, {label('pdf.pages', lang, count=pdf.pages)}, {format_size(pdf.bytes, lang)}"
    return {"href": posixpath.relpath(pdf.path, page_url.rstrip("/") or "."), "text": text,
            "details": details}


def _pdf_html(pdf: PdfFile, text: str, page_url: str, lang: str) -> str:
    """Raw HTML inside Markdown: the PDFs join the site after MkDocs, which would not find
    them as Markdown links."""
    return markup.render("pdf-link.html", link=_pdf_link(pdf, text, page_url, lang))


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
    heading = blocks.first_heading(markdown)
    if heading is None:
        return text + "\n\n" + markdown
    return markdown[:heading.end] + "\n\n" + text + "\n" + markdown[heading.end:]
