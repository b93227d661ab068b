"""Completeness: how much of the source each translation covers, and how much is current,
per language, publication, page and section; typed for the site and the reports, JSON at
the edge (README: JSON report, "completeness")."""
from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

from build_tools.checks import Context
from build_tools.checks.text import untranslated_blocks
from build_tools.content.model import ContentModel, Page
from build_tools.content.pairs import PagePair, sections_of


@dataclasses.dataclass(frozen=True)
class Share:
    """Blocks of the source translated, and sections of the source current, out of all."""

    source_blocks: int = 0
    translated_blocks: int = 0
    source_sections: int = 0
    current_sections: int = 0

    @property
    def translated(self) -> float:
        return _share(self.translated_blocks, self.source_blocks)

    @property
    def current(self) -> float:
        return _share(self.current_sections, self.source_sections)

    def __add__(self, other: Share) -> Share:
        return Share(*(mine + theirs for mine, theirs in
                       zip(dataclasses.astuple(self), dataclasses.astuple(other))))

    def as_data(self) -> dict:
        return {"translated": self.translated, "current": self.current,
                "blocks": {"source": self.source_blocks, "translated": self.translated_blocks},
                "sections": {"source": self.source_sections, "current": self.current_sections}}


@dataclasses.dataclass(frozen=True)
class SectionStatus:
    title: str
    line: int
    status: str
    """current, outdated or missing."""


@dataclasses.dataclass(frozen=True)
class PageCompleteness:
    rel: PurePosixPath
    """The page's path inside its language folder."""
    path: str
    """The source page, as the editor sees it."""
    translation_path: str
    exists: bool
    title: str
    publication: str | None
    """The slug of its publication."""
    share: Share
    sections: tuple[SectionStatus, ...]

    def as_data(self) -> dict:
        share = self.share.as_data()
        return {"path": self.path, "translation_path": self.translation_path,
                "exists": self.exists, "title": self.title, "publication": self.publication,
                "blocks": share["blocks"], "sections": share["sections"],
                "translated": share["translated"], "current": share["current"],
                "section_status": [dataclasses.asdict(section) for section in self.sections]}


@dataclasses.dataclass(frozen=True)
class PublicationCompleteness:
    slug: str
    status: str
    title: str
    share: Share

    def as_data(self) -> dict:
        return {"slug": self.slug, "status": self.status, "title": self.title,
                **self.share.as_data()}


@dataclasses.dataclass(frozen=True)
class LanguageCompleteness:
    """One translation language: its totals, each publication, each page."""

    lang: str
    share: Share
    publications: tuple[PublicationCompleteness, ...]
    pages: tuple[PageCompleteness, ...]

    def pages_of(self, slug: str | None) -> list[PageCompleteness]:
        return [page for page in self.pages if page.publication == slug]

    def as_data(self) -> dict:
        return {**self.share.as_data(),
                "publications": [publication.as_data() for publication in self.publications],
                "pages": [page.as_data() for page in self.pages]}


Completeness = dict[str, LanguageCompleteness]
"""Each translation language's completeness, by language code."""


def completeness(context: Context) -> Completeness:
    """Every translation language's completeness, by language code."""
    model = context.model
    result = {}
    for language in model.project.translation_languages:
        pages = tuple(_page(context, source, language.code) for source in _in_reading_order(model))
        by_publication: dict[str, list[PageCompleteness]] = {}
        for page in pages:  # one pass: a large library has hundreds of publications
            by_publication.setdefault(page.publication, []).append(page)
        publications = tuple(
            PublicationCompleteness(publication.slug, publication.facts.status,
                                    model.title(language.code, publication.index.rel),
                                    _total(by_publication.get(publication.slug, ())))
            for publication in model.publications)
        result[language.code] = LanguageCompleteness(language.code, _total(pages), publications, pages)
    return result


def as_data(languages: Completeness) -> dict:
    """The JSON form of every language's completeness."""
    return {code: entry.as_data() for code, entry in languages.items()}


def _in_reading_order(model: ContentModel) -> list[Page]:
    """Publications' pages in their order, then the pages outside publications."""
    ordered = [page for publication in model.publications for page in publication.source_pages]
    inside = {page.rel for page in ordered}
    never = model.project.check.excludes  # bdpub.toml: pages never translated do not count
    return [page for page in ordered + [page for page in model.source_pages()
                                        if page.rel not in inside] if not never(page.rel)]


def _page(context: Context, source: Page, lang: str) -> PageCompleteness:
    model = context.model
    translation = model.page(lang, source.rel)
    publication = model.publication_of(source.rel)
    sections = sections_of(source)
    source_blocks = sum(len(section.blocks) + bool(section.heading) for section in sections)
    if translation is None:
        translated, statuses = 0, ["missing"] * len(sections)
    else:
        pair = context.pair(lang, source.rel)
        translated = max(0, _covered(pair) - len(untranslated_blocks(context, pair)))
        changes = context.changes.get((lang, source.rel))
        outdated = set(changes.sections if changes else ())
        statuses = ["outdated" if index in outdated else "current" for index in range(len(sections))]
    share = Share(source_blocks, min(translated, source_blocks), len(sections),
                  statuses.count("current"))
    return PageCompleteness(
        rel=source.rel, path=source.display_path,
        translation_path=model.project.relative(model.project.lang_dir(lang) / source.rel),
        exists=translation is not None, title=model.title(lang, source.rel),
        publication=publication.slug if publication else None, share=share,
        sections=tuple(SectionStatus(section.title, section.line, status)
                       for section, status in zip(sections, statuses)))


def _covered(pair: PagePair) -> int:
    """Source blocks that have a counterpart in the translation. Within corresponding
    sections a translation may join or split paragraphs: a section with text covers its
    source; a section left empty covers nothing but its heading."""
    if not pair.sections_align:
        count = lambda sections: sum(len(s.blocks) + bool(s.heading) for s in sections)
        return min(count(pair.source_sections), count(pair.translated_sections))
    return sum((len(a.blocks) if b.blocks else 0) + bool(a.heading)
               for a, b in pair.section_pairs())


def _total(pages) -> Share:
    return sum((page.share for page in pages), Share())


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0
