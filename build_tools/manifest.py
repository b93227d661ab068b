"""The manifest: every publication with its PDFs, cover thumbnail and cards, made from the
PDF stage's renditions and the library's images, for the site (as data) and for machines
(publications.json)."""
from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING

from build_tools.content import outputs
from build_tools.content.editions import PROFILES
from build_tools.content.model import ContentModel, Publication
from build_tools.content.outputs import Manifest, PdfFile, PublicationFiles, PublicationImages

if TYPE_CHECKING:  # the PDF stage (and WeasyPrint) only when PDFs are made
    from build_tools.pdf.render import Rendition


def site_path(rendition: Rendition) -> str:
    """Where a PDF is served, relative to the site root."""
    return outputs.pdf_path(rendition.publication.slug, rendition.edition, rendition.profile)


def build_manifest(model: ContentModel, renditions: list[Rendition],
                   images: dict[str, PublicationImages] | None = None) -> Manifest:
    """Publications newest first, each with its PDFs and the library's images."""
    by_slug: dict[str, list[Rendition]] = {}
    for rendition in renditions:
        by_slug.setdefault(rendition.publication.slug, []).append(rendition)
    images = images or {}
    return Manifest(tuple(
        _publication(model, publication, by_slug.get(publication.slug, []),
                     images.get(publication.slug, PublicationImages({})))
        for publication in model.publications))


def _publication(model: ContentModel, publication: Publication, renditions: list[Rendition],
                 images: PublicationImages) -> PublicationFiles:
    facts = publication.facts
    return PublicationFiles(
        slug=publication.slug, kind=facts.kind, status=facts.status,
        titles={code: model.title(code, publication.index.rel) for code in model.project.codes},
        date=str(facts.date) if facts.date else None,
        issue=str(facts.issue) if facts.issue else None,
        url=publication.folder.as_posix() + "/",
        pdfs=tuple(_pdf(model.project, publication, rendition) for rendition in renditions),
        images=images)


def _pdf(project, publication: Publication, rendition: Rendition) -> PdfFile:
    data = rendition.file.read_bytes()
    trim = publication.facts.print.trim_size
    return PdfFile(path=site_path(rendition), lang=rendition.edition, profile=rendition.profile,
                   pages=rendition.pages, trim_mm=(trim.width_mm, trim.height_mm),
                   bleed_mm=PROFILES[rendition.profile].bleed_mm, bytes=len(data),
                   sha256=hashlib.sha256(data).hexdigest(), draft=rendition.draft,
                   output_intent=_output_intent(project) if rendition.profile == "print" else None)


def _output_intent(project) -> dict:
    intent = project.output_intent
    return {**dataclasses.asdict(intent), "profile": intent.profile.name}
