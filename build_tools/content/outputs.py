"""Every file the build writes into site/, planned before anything is written: one path, one source.

The writers (the site, the PDFs, the library, the web images) name their files with the
functions below, so the plan and the output cannot disagree; two sources planned at one
path is an error naming both, and a name outside the naming rule says which name to use.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import PurePosixPath
from typing import Iterable

from build_tools.base.findings import ERROR, Finding
from build_tools.base.messages import _
from build_tools.content.editions import PROFILES
from build_tools.content.model import ContentModel
from build_tools.text import slugs

PDF_DIR = "pdf"
COVERS_DIR = "img/covers"
CARDS_DIR = "img/cards"
SEARCH_INDEX = "search/index.json"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
REPORT = "report.json"
MANIFEST = "publications.json"
# Files the build writes once, at the root of the site.
ROOT_FILES = (SITEMAP, SITEMAP + ".gz", "robots.txt", MANIFEST, REPORT, "404.html")
RENDITION_WIDTHS = (480, 960, 1440)
# Images the site offers as WebP renditions beside the original.
WEB_RENDITION_TYPES = (".jpg", ".jpeg", ".png", ".webp")
# File names: lower-case ASCII letters and digits in words joined by hyphens, one extension.
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)?")
FOLDER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclasses.dataclass(frozen=True)
class Output:
    """One file of the built site and what it is made from."""

    path: str
    """Relative to the site's root."""
    source: str
    """The file (as the editor sees it) it comes from, or what makes it."""


@dataclasses.dataclass(frozen=True)
class PdfFile:
    """One PDF of a publication as the site offers it (publications.json, "pdfs")."""

    path: str
    """Relative to the site's root."""
    lang: str
    """The edition: a language code, or "bilingual"."""
    profile: str
    pages: int
    trim_mm: tuple[float, float]
    bleed_mm: float
    bytes: int
    sha256: str
    draft: bool
    output_intent: dict | None = None
    """Print: the printing condition the PDF is made for (name, profile file, identifier,
    condition, registry, licence)."""


@dataclasses.dataclass(frozen=True)
class Thumbnail:
    """A publication's cover, made small for the library (WebP, and JPEG as the fallback)."""

    webp: str
    jpeg: str
    width: int
    height: int


@dataclasses.dataclass(frozen=True)
class PublicationImages:
    """What the library makes for a publication: its link-preview cards and its thumbnail."""

    cards: dict[str, str]
    """Language -> the card's path."""
    thumbnail: Thumbnail | None = None


@dataclasses.dataclass(frozen=True)
class PublicationFiles:
    """One publication in the manifest: what it is, and the files the site offers of it."""

    slug: str
    kind: str
    status: str
    titles: dict[str, str]
    date: str | None
    issue: str | None
    url: str
    pdfs: tuple[PdfFile, ...]
    images: PublicationImages

    def pdfs_for(self, profile: str) -> list[PdfFile]:
        return [pdf for pdf in self.pdfs if pdf.profile == profile]


@dataclasses.dataclass(frozen=True)
class Manifest:
    """Every publication, newest first, with its files: handed from the PDF stage and the
    library to the site, and written as publications.json."""

    publications: tuple[PublicationFiles, ...] = ()

    def of(self, slug: str) -> PublicationFiles | None:
        return next((entry for entry in self.publications if entry.slug == slug), None)

    def as_data(self) -> dict:
        """The JSON form (README: publications.json)."""
        return {"publications": [_entry_data(entry) for entry in self.publications]}


def _entry_data(entry: PublicationFiles) -> dict:
    data = {field.name: getattr(entry, field.name) for field in dataclasses.fields(entry)
            if field.name not in ("pdfs", "images")}
    data["pdfs"] = [dataclasses.asdict(pdf) | {"trim_mm": list(pdf.trim_mm)} for pdf in entry.pdfs]
    data["cards"] = dict(entry.images.cards)
    if entry.images.thumbnail is not None:
        data["thumbnail"] = dataclasses.asdict(entry.images.thumbnail)
    return data


def pdf_name(slug: str, edition: str, profile: str) -> str:
    return f"{slug}-{edition}-{profile}.pdf"


def pdf_path(slug: str, edition: str, profile: str) -> str:
    return f"{PDF_DIR}/{slug}/{pdf_name(slug, edition, profile)}"


def cover_paths(slug: str) -> tuple[str, str]:
    """The cover thumbnail of a publication: WebP and its JPEG fallback."""
    return f"{COVERS_DIR}/{slug}.webp", f"{COVERS_DIR}/{slug}.jpg"


def card_path(slug: str, lang: str) -> str:
    """A publication's link-preview card in one language."""
    return f"{CARDS_DIR}/{slug}-{lang}.jpg"


def rendition_widths(width: int) -> list[int]:
    """The widths of an image's WebP renditions: never wider than the image itself."""
    return sorted({min(wanted, width) for wanted in RENDITION_WIDTHS})


def rendition_name(stem: str, width: int) -> str:
    return f"{stem}-{width}.webp"


def suggested_name(name: str, folder: bool = False) -> str:
    """The name the naming rule would give: 'Giới thiệu_2.MD' -> 'gioi-thieu-2.md'."""
    stem, dot, suffix = name.rpartition(".") if "." in name and not folder else (name, "", "")
    def plain(text: str) -> str:
        words = re.split(r"[^a-z0-9]+", slugs.fold(text).lower())
        return "-".join(word for word in words if word)
    stem = plain(stem) or "tep"
    return f"{stem}.{plain(suffix)}" if dot and plain(suffix) else stem


def plan(model: ContentModel, reserved: Iterable[str] = (),
         images: Iterable[tuple[str, str, int]] = ()) -> tuple[dict[str, Output], list[Finding]]:
    """Every output path and its source; a finding for each path planned twice and for each
    name outside the naming rule. `reserved` are the theme's own files (site paths);
    `images` the images pages show: (site path, source file, width in pixels)."""
    planner = _Planner(model)
    for path in reserved:
        planner.add(path, _("the site's theme"))
    planner.pages()
    planner.files()
    planner.renditions(images)
    planner.publications()
    planner.generated()
    planner.names()
    return planner.outputs, planner.findings


class _Planner:
    def __init__(self, model: ContentModel):
        self.model, self.project = model, model.project
        self.outputs: dict[str, Output] = {}
        self.findings: list[Finding] = []
        self._reported: set[frozenset[str]] = set()
        self.sources = {file.display_path for file in model.files.files.values()}
        """Files an editor can rename or move: collisions are reported at each of them."""

    def add(self, path: str, source: str) -> None:
        """Plan one file; a second source at the same path is reported at each file."""
        first = self.outputs.get(path)
        if first is None:
            self.outputs[path] = Output(path, source)
            return
        if first.source == source or frozenset((first.source, source)) in self._reported:
            return
        self._reported.add(frozenset((first.source, source)))
        for here, other in ((source, first.source), (first.source, source)):
            if here in self.sources:
                self.findings.append(Finding(here, 1, "output-collision", _(
                    "this would be published at /{path}, where {other} is published too, and "
                    "one would replace the other; rename or move one of them").format(
                        path=path, other=other), ERROR))

    def pages(self) -> None:
        """Each language's pages, and the source pages shown where a translation is missing."""
        source = self.model.source_lang
        for language in self.project.languages:
            own = self.model.pages[language.code]
            shown = {**(self.model.pages[source] if not language.source else {}), **own}
            for rel, page in sorted(shown.items()):
                folder = self.project.site_path(language.code, rel)
                self.add(folder + "index.html", page.display_path)
                if folder:  # the root's sitemap is the whole site's
                    self.add(folder + SITEMAP, page.display_path)

    def files(self) -> None:
        """Images and documents, in their language folder (with the source's as fallback)."""
        tree = self.model.files
        source = self.model.source_lang
        # Paths as text: a project of nine languages and 1,400 images asks 11,000 times
        # whether a translation has its own copy of a file.
        present = {path.as_posix() for path in tree.files}
        translations = [language.code for language in self.project.translation_languages]
        for file in tree.files.values():
            if file.is_page:
                continue
            if file.lang is None:
                self.add(file.rel.as_posix(), file.display_path)
                continue
            rel = file.rel.as_posix()
            self.add(self.project.site_prefix(file.lang) + rel, file.display_path)
            if file.lang == source:
                for code in translations:
                    if f"{code}/{rel}" not in present:
                        self.add(self.project.site_prefix(code) + rel, file.display_path)

    def renditions(self, images: Iterable[tuple[str, str, int]]) -> None:
        """The WebP renditions written beside each image a page shows."""
        for site_path, source, width in images:
            path = PurePosixPath(site_path)
            if path.suffix.lower() in WEB_RENDITION_TYPES:
                for size in rendition_widths(width):
                    self.add((path.parent / rendition_name(path.stem, size)).as_posix(), source)

    def publications(self) -> None:
        project = self.project
        for publication in self.model.publications:
            index = publication.index.display_path
            for edition in publication.editions:
                for profile in PROFILES:
                    self.add(pdf_path(publication.slug, edition.name, profile), index)
            for path in cover_paths(publication.slug):
                self.add(path, index)
            for code in project.codes:
                self.add(card_path(publication.slug, code), index)

    def generated(self) -> None:
        """What the build itself writes: search indexes, feeds, sitemaps, the manifest."""
        for language in self.project.languages:
            prefix = self.project.site_path(language.code, PurePosixPath("."))
            self.add(prefix + SEARCH_INDEX, _("the search index"))
            self.add(prefix + FEED, _("the bulletins' feed"))
        for name in ROOT_FILES:
            self.add(name, _("the build"))

    def names(self) -> None:
        """Every file and folder name under docs/ follows the naming rule."""
        seen: set[PurePosixPath] = set()
        for file in self.model.files.files.values():
            parts = file.docs_path.parts
            first = 1 if file.lang else 0
            for depth in range(first, len(parts)):
                partial = PurePosixPath(*parts[:depth + 1])
                is_folder = depth < len(parts) - 1
                if partial in seen:
                    continue
                seen.add(partial)
                name = parts[depth]
                if not (FOLDER if is_folder else NAME).fullmatch(name):
                    self._misnamed(partial, name, is_folder)

    @functools.cached_property
    def _taken(self) -> set[PurePosixPath]:
        """Every file and folder under docs/, by its docs path: what a new name may not be."""
        return {path for file in self.model.files.files
                for path in (file, *file.parents)}

    def _misnamed(self, docs_path: PurePosixPath, name: str, is_folder: bool) -> None:
        better = suggested_name(name, is_folder)
        shown = self.project.relative(self.project.real_path(docs_path))
        taken = (docs_path.parent / better) in self._taken
        if taken:
            message = _("the name '{name}' does not follow the naming rule (lower-case "
                        "letters without diacritics, digits and hyphens), and {better} is "
                        "taken already; choose another name in that style")
        else:
            message = _("the name '{name}' does not follow the naming rule (lower-case "
                        "letters without diacritics, digits and hyphens); rename it to "
                        "{better}")
        self.findings.append(Finding(shown, 1, "file-name",
                                     message.format(name=name, better=better), ERROR))
