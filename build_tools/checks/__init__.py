"""Checks over the content model: every finding with a stable code, and the figures.

Each check module reads the shared Context (pages paired and aligned once, the glossary,
the git history) and yields findings; CODES is the table of every code a reader can see.
"""
from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

from build_tools import glossary as glossaries
from build_tools.content import ContentModel
from build_tools.findings import ERROR, WARNING, Finding
from build_tools.history import History


@dataclasses.dataclass(frozen=True)
class Code:
    severity: str
    summary: str


CODES = {
    "front-matter": Code(ERROR, "front matter unparsable or invalid"),
    "legacy-encoding": Code(ERROR, "text in the old TCVN3 or VNI encodings, or a file that is not UTF-8"),
    "unicode-normalization": Code(ERROR, "text not in Unicode NFC"),
    "missing-translation": Code(WARNING, "a source page has no translation (an error in a published publication)"),
    "orphan-translation": Code(ERROR, "a translation has no source page"),
    "outdated-translation": Code(WARNING, "the source changed after the translation (an error in a published publication)"),
    "structure-mismatch": Code(ERROR, "headings, lists, tables, images, footnotes, admonitions or code blocks do not correspond"),
    "untranslated-text": Code(ERROR, "a paragraph of the translation is still Vietnamese, or identical to its source"),
    "number-mismatch": Code(ERROR, "a figure, date, quarter or document number differs from the source"),
    "link-mismatch": Code(ERROR, "an external link of the source is missing or different in the translation"),
    "image-mismatch": Code(ERROR, "an image of the source is missing or different in the translation"),
    "glossary-term": Code(ERROR, "a glossary term lacks its approved rendering, or a forbidden variant is used"),
    "broken-link": Code(ERROR, "a link to a page, file or heading that does not exist"),
    "missing-image": Code(ERROR, "an image file that does not exist"),
    "unsafe-html": Code(ERROR, "raw <script>, <iframe>, on*= attributes or javascript: URLs"),
}
# Reported only while there is something to publish: a published publication must be
# complete and current, a draft may be neither.
STRICT_WHEN_PUBLISHED = ("missing-translation", "outdated-translation")


@dataclasses.dataclass
class Context:
    """What every check reads: the model, its pairs, the glossary, the history."""

    model: ContentModel
    glossary: glossaries.Glossary
    history: History
    pairs: list = dataclasses.field(default_factory=list)
    outdated: dict = dataclasses.field(default_factory=dict)
    """(lang, rel) -> indexes of source sections changed since the translation."""
    untranslated: dict = dataclasses.field(default_factory=dict)
    """(lang, rel) -> count of translation blocks still in the source language."""

    @property
    def slugify(self):
        """The heading-anchor function the site uses (toc's `slugify`, or its default)."""
        from markdown.extensions.toc import slugify

        settings = dict(self.model.project.markdown_extensions).get("toc", {})
        return settings.get("slugify", slugify)

    def pair(self, lang: str, rel: PurePosixPath):
        """The source page at `rel` paired with its translation into `lang`, if any."""
        if "_pairs" not in self.__dict__:
            self.__dict__["_pairs"] = {(p.lang, p.source.rel): p for p in self.pairs}
        return self.__dict__["_pairs"].get((lang, rel))

    def published(self, rel: PurePosixPath) -> bool:
        publication = self.model.publication_of(rel)
        return bool(publication and publication.facts.status == "published")

    def finding(self, code: str, path: str, line: int, message: str, lang: str | None,
                rel: PurePosixPath | None = None, source_path: str | None = None,
                source_line: int | None = None) -> Finding:
        severity = CODES[code].severity
        if code in STRICT_WHEN_PUBLISHED and rel is not None and self.published(rel):
            severity = ERROR
        return Finding(path, line, code, message, severity, lang, source_path, source_line)


def context_for(model: ContentModel) -> Context:
    from build_tools.checks.pairs import PagePair

    project = model.project
    context = Context(model, glossaries.load(project.root), History(project.root, project.docs_dir))
    for language in project.translation_languages:
        for rel, source in model.pages[model.source_lang].items():
            translation = model.page(language.code, rel)
            if translation is not None:
                context.pairs.append(PagePair(source, translation, language.code))
    return context


_cache: dict[int, tuple[ContentModel, list[Finding], Context]] = {}


def run_cached(model: ContentModel) -> tuple[list[Finding], Context]:
    """run(), once per content model: every language build of the site reads the same."""
    cached = _cache.get(id(model))
    if cached is None or cached[0] is not model:
        _cache.clear()
        cached = (model, *run(model))
        _cache[id(model)] = cached
    return cached[1], cached[2]


def run(model: ContentModel) -> tuple[list[Finding], Context]:
    """Every finding of every check, sorted by place; and the context, for the figures."""
    from build_tools.checks import (figures, glossary_terms, history_check, links, pairing,
                                    structure, text)

    context = context_for(model)
    findings = list(model.findings)
    for check in (pairing.check, history_check.check, structure.check, text.check,
                  figures.check, links.check, glossary_terms.check):
        findings.extend(check(context))
    return sorted(set(findings)), context
