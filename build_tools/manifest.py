"""publications.json: every publication and its PDFs, for the site and for machines."""
from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from build_tools.content import outputs
from build_tools.content.editions import PROFILES
from build_tools.content.model import ContentModel

if TYPE_CHECKING:  # the PDF stage (and WeasyPrint) only when PDFs are made
    from build_tools.pdf.render import Rendition

def site_path(rendition: Rendition) -> str:
    """Where a PDF is served, relative to the site root."""
    return outputs.pdf_path(rendition.publication.slug, rendition.edition, rendition.profile)


def build_manifest(model: ContentModel, renditions: list[Rendition],
                   library: dict | None = None) -> dict:
    """The manifest: publications newest first, each with its PDFs, its cover thumbnail and
    its link-preview cards (paths relative to the site's root)."""
    by_slug: dict[str, list[Rendition]] = {}
    for rendition in renditions:
        by_slug.setdefault(rendition.publication.slug, []).append(rendition)
    library = library or {}
    return {"publications": [{**_publication(model, publication, by_slug.get(publication.slug, [])),
                              **library.get(publication.slug, {})}
                             for publication in model.publications]}


def _publication(model: ContentModel, publication, renditions: list[Rendition]) -> dict:
    facts = publication.facts
    titles = {code: model.title(code, publication.index.rel) for code in model.project.codes}
    return {
        "slug": publication.slug,
        "kind": facts.kind,
        "status": facts.status,
        "titles": titles,
        "date": str(facts.date) if facts.date else None,
        "issue": str(facts.issue) if facts.issue else None,
        "url": publication.folder.as_posix() + "/",
        "pdfs": [_pdf(publication, rendition) for rendition in renditions],
    }


def _pdf(publication, rendition: Rendition) -> dict:
    data = rendition.file.read_bytes()
    trim = publication.facts.print.trim_size
    return {
        "path": site_path(rendition),
        "lang": rendition.edition,
        "profile": rendition.profile,
        "pages": rendition.pages,
        "trim_mm": [trim.width_mm, trim.height_mm],
        "bleed_mm": PROFILES[rendition.profile].bleed_mm,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "draft": rendition.draft,
    }
