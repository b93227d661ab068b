"""Checks over the content model: every finding with a stable code, and the figures.

Each check module reads the shared Context (pages paired and aligned once, the glossary,
the git history) and yields findings; CODES is the table of every code a reader can see.
`run()` is called once per build, and its CheckResults travel to the site and the PDFs as
data.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Iterable

from build_tools.base import messages, workers
from build_tools.base.findings import ERROR, WARNING, Finding, errors
from build_tools.base.memo import Memo, described
from build_tools.content import image_files, outputs
from build_tools.content.files import SourceFile
from build_tools.content.history import History
from build_tools.content.model import ContentModel
from build_tools.content.pairs import (PagePair, SourceChanges, forget_parsed, pairs_of,
                                       source_changes)
from build_tools.text import glossary as glossaries

if TYPE_CHECKING:  # the modules below read Context and CODES from here
    from build_tools.checks.completeness import Completeness
    from build_tools.checks.safety import ImageUse


@dataclasses.dataclass(frozen=True)
class Code:
    severity: str
    summary: str


CODES = {
    "front-matter": Code(ERROR, "front matter unparsable or invalid"),
    "legacy-encoding": Code(ERROR, "text in the old TCVN3 or VNI encodings, or a file that is not UTF-8"),
    "unicode-normalization": Code(ERROR, "text not in Unicode NFC"),
    "imprint-incomplete": Code(WARNING, "a published publication lacks imprint facts (licence, printer, print run…)"),
    "missing-translation": Code(WARNING, "a source page has no translation (an error in a published publication)"),
    "orphan-translation": Code(ERROR, "a translation has no source page"),
    "outdated-translation": Code(WARNING, "the source changed after the translation (an error in a published publication)"),
    "structure-mismatch": Code(ERROR, "headings, lists, tables, images, footnotes, admonitions or code blocks do not correspond"),
    "untranslated-text": Code(ERROR, "a paragraph of the translation is still in the source language"),
    "identical-text": Code(ERROR, "a paragraph of the translation is identical to its source"),
    "other-language": Code(WARNING, "a paragraph of the translation is in a third language"),
    "number-mismatch": Code(ERROR, "a figure, date, quarter or document number differs from the source"),
    "link-mismatch": Code(ERROR, "an external link of the source is missing or different in the translation"),
    "image-mismatch": Code(ERROR, "an image of the source is missing or different in the translation"),
    "glossary-term": Code(ERROR, "a glossary term lacks its approved rendering, or a forbidden variant is used"),
    "broken-link": Code(ERROR, "a link to a page, file or heading that does not exist"),
    "missing-image": Code(ERROR, "an image file that does not exist"),
    "unsafe-html": Code(ERROR, "HTML the publishing policy removes (scripts, frames, forms, event attributes, javascript: links), or markup in front-matter text"),
    "markup-too-complex": Code(ERROR, "text on which Markdown would take minutes (thousands of unclosed brackets or tags)"),
    "external-image": Code(ERROR, "an image from another site: pages show only files of the project"),
    "outside-project": Code(ERROR, "a file, link or image outside the repository (absolute path, file: address, symbolic link)"),
    "unreadable-file": Code(ERROR, "a file or folder that cannot be read, or is not a regular file"),
    "bad-image": Code(ERROR, "an image that cannot be published: unreadable, truncated, too large, SVG, or not an image"),
    "file-type": Code(ERROR, "a file of a type the site does not publish (HTML, scripts, SVG, ...)"),
    "file-name": Code(ERROR, "a file or folder name outside the naming rule (lower-case ASCII, digits, hyphens)"),
    "output-collision": Code(ERROR, "two sources that would be published at the same address"),
}
# Reported only while there is something to publish: a published publication must be
# complete and current, a draft may be neither.
STRICT_WHEN_PUBLISHED = ("missing-translation", "outdated-translation")


@dataclasses.dataclass
class Context:
    """What every check reads: the model, its pairs, the glossary, the history; and what
    the checks learn for the later stages (images read, images shown, covers)."""

    model: ContentModel
    glossary: glossaries.Glossary
    history: History
    pairs: list[PagePair] = dataclasses.field(default_factory=list)
    changes: dict[tuple[str, PurePosixPath], SourceChanges] = dataclasses.field(
        default_factory=dict)
    """(lang, rel) -> the source's changes since the translation, where they can be known."""
    untranslated: dict = dataclasses.field(default_factory=dict)
    """(lang, rel) -> translation blocks still in the source language (checks.text)."""
    images: dict = dataclasses.field(default_factory=dict)
    """docs path -> ImageFacts of every image read, or the problem that stops it."""
    image_uses: list = dataclasses.field(default_factory=list)
    """Every image a page shows (checks.safety.ImageUse), resolved and readable."""
    covers: dict = dataclasses.field(default_factory=dict)
    """Publication slug -> its cover's SourceFile, resolved and readable."""
    memo: Memo | None = None
    """Work remembered by content from one run to the next: each page's reading by the HTML
    policy (checks.safety), each block's language and whether a third one is confirmed
    (checks.text)."""

    @property
    def cache(self):
        return self.model.project.cache_dir / "images" / "probed"

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

    def expected(self, lang: str, rel: PurePosixPath) -> bool:
        """Whether the source page at `rel` must have a translation into `lang`: not when it
        is never translated (bdpub.toml's exclude), nor in a selective language unless its
        publication prints an edition in that language."""
        check = self.model.project.check
        if check.excludes(rel):
            return False
        if lang not in check.selective:
            return True
        publication = self.model.publication_of(rel)
        return publication is not None and any(
            lang in edition.languages for edition in publication.editions)

    def image_facts(self, file: SourceFile):
        """An image's facts (image_files.ImageFacts), or the problem that stops it (text);
        each file is read once, and remembered by content in the cache."""
        if file.docs_path not in self.images:
            self.images[file.docs_path] = _read_image(file.path, self.cache)
        return self.images[file.docs_path]

    def read_images(self, files: list[SourceFile]) -> None:
        """Read the images of `files` not read yet, on every core when they are many;
        image_facts() then has them."""
        unread = [file for file in files if file.docs_path not in self.images]
        count = workers.cores()
        if len(unread) < IMAGES_READ_APART or count < 2:
            return
        with workers.pool(count, fresh=True) as pool:  # fresh: the checks may run in a thread
            read = pool.map(_read_image, [file.path for file in unread],
                            [self.cache] * len(unread),
                            chunksize=max(1, len(unread) // (count * 4)))
            for file, facts in zip(unread, read):
                self.images[file.docs_path] = facts

    def finding(self, code: str, path: str, line: int, message: str, lang: str | None,
                rel: PurePosixPath | None = None, source_path: str | None = None,
                source_line: int | None = None) -> Finding:
        severity = CODES[code].severity
        if code in STRICT_WHEN_PUBLISHED and rel is not None and self.published(rel):
            severity = ERROR
        return Finding(path, line, code, message, severity, lang, source_path, source_line)


IMAGES_READ_APART = 16
"""How many images a check reads on every core rather than in place: reading one decodes it
whole (a 2600 px cover: 14 ms), and a first check of a large library reads hundreds; a few
are read sooner than the processes start."""


def _read_image(path: Path, cache: Path):
    try:
        return image_files.probe_cached(path, cache)
    except image_files.ImageProblem as problem:
        return str(problem)


@dataclasses.dataclass
class CheckResults:
    """Everything the checks found and learnt, handed to the PDFs and the site as data."""

    findings: list[Finding]
    history: History
    outdated: dict[tuple[str, PurePosixPath], list[int]]
    """(lang, rel) -> indexes of the source sections changed since the translation."""
    completeness: Completeness
    """Each translation language's completeness."""
    outputs: dict[str, outputs.Output]
    """Every file of the site to be, by its path."""
    image_uses: list[ImageUse]
    """Every image a page shows, resolved and readable."""
    covers: dict[str, SourceFile]
    """Publication slug -> its cover, resolved and readable."""

    @property
    def errors(self) -> list[Finding]:
        return errors(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity != ERROR]


def context_for(model: ContentModel) -> Context:
    project = model.project
    history = History(project.root, project.docs_dir)
    context = Context(model, glossaries.load(project.root), history, pairs_of(model))
    context.memo = Memo(project.cache_dir / "checks" / "memo.json",
                         described(project.markdown_extensions), messages.current())
    for pair in context.pairs:
        changes = source_changes(pair, history)
        if changes is not None:
            context.changes[pair.lang, pair.source.rel] = changes
    return context


def _by_languages(context: Context, checks: tuple) -> list[Finding]:
    """The checks that compare each translation with its source (they read context.pairs),
    the translation languages shared out among the cores: each share in a process forked
    for it, the first here. A forked share hands back its findings, the blocks it found
    untranslated (the completeness figures count them) and the work it remembered."""
    shares = _shares(context.pairs, workers.cores())
    started = [workers.Forked(_share, context, share, checks) for share in shares[1:]]
    try:
        findings = _share(context, shares[0] if shares else [], checks)[0]
        for fork in list(started):
            found, untranslated, remembered, computed = fork.result()
            started.remove(fork)
            findings += found
            context.untranslated.update(untranslated)
            context.memo.used.update(remembered)
            context.memo.computed += computed
    finally:
        for fork in started:
            fork.stop()
    return findings


def _share(context: Context, pairs: list[PagePair], checks: tuple) -> tuple:
    """The findings of `checks` on some of the pairs, and what they learnt on the way: the
    untranslated blocks of their languages, the memo's entries they used first and how
    many of those they computed."""
    mine = dataclasses.replace(context, pairs=pairs)  # the same data and caches, these pairs
    mine.__dict__.update({key: value for key, value in context.__dict__.items()
                          if key not in {field.name for field in dataclasses.fields(context)}})
    memo, used_before, computed_before = context.memo, set(context.memo.used), context.memo.computed
    findings = [finding for check in checks for finding in check(mine)]
    languages = {pair.lang for pair in pairs}
    return (findings,
            {key: found for key, found in context.untranslated.items() if key[0] in languages},
            {key: value for key, value in memo.used.items() if key not in used_before},
            memo.computed - computed_before)


def _shares(pairs: list[PagePair], cores: int) -> list[list[PagePair]]:
    """The pairs by translation language, the languages shared out among `cores` shares of
    about the same amount of text (the most first, each to the lightest share)."""
    by_language: dict[str, list[PagePair]] = {}
    for pair in pairs:
        by_language.setdefault(pair.lang, []).append(pair)
    weight = {lang: sum(len(pair.source.text) + len(pair.translation.text) for pair in found)
              for lang, found in by_language.items()}
    shares: list[list[PagePair]] = [[] for _ in range(max(1, min(cores, len(by_language))))]
    loads = [0] * len(shares)
    for lang in sorted(by_language, key=lambda lang: (-weight[lang], lang)):
        lightest = loads.index(min(loads))
        shares[lightest] += by_language[lang]
        loads[lightest] += weight[lang]
    return [share for share in shares if share]


def run(model: ContentModel, reserved: Iterable[str] = ()) -> CheckResults:
    """Every check, once: the findings sorted by place, with what the later stages need.
    `reserved` are the site paths of the theme's own files."""
    from build_tools.checks import (completeness, counterparts, figures, glossary_terms,
                                    imprint, links, outdated, safety, structure, text)

    context = context_for(model)
    findings = list(model.findings)
    for check in (safety.check, counterparts.check, text.check_pages, links.check_pages,
                  imprint.check):
        findings.extend(check(context))
    findings += _by_languages(context, (outdated.check, structure.check, text.check,
                                        figures.check, links.check, glossary_terms.check))
    shown = [(use.site_path, use.file.display_path, context.images[use.file.docs_path].width)
             for use in context.image_uses]
    planned, collisions = outputs.plan(model, reserved, shown)
    findings.extend(collisions)
    context.memo.save()
    forget_parsed()  # every page's blocks: what the later stages need is in the results
    changed = {key: list(changes.sections) for key, changes in context.changes.items()
               if changes.sections}
    return CheckResults(sorted(set(findings)), context.history, changed,
                        completeness.completeness(context), planned, context.image_uses,
                        context.covers)
