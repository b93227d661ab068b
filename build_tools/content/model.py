"""The content model: every page in every language, paired by path, and the publications.

It is gathered once from docs/<lang>/ and mkdocs.yml; the site, the checks and the PDFs
read it and never walk the disk their own way.
"""
from __future__ import annotations

import dataclasses
import datetime
import zlib
from pathlib import Path, PurePosixPath

from build_tools.base.findings import WARNING, Finding
from build_tools.base.messages import _
from build_tools.content import files, meta
from build_tools.content.editions import Edition, default_editions
from build_tools.content.project import Project
from build_tools.text import blocks, frontmatter

INDEX = "index.md"


@dataclasses.dataclass
class Page:
    """One Markdown file of one language."""

    lang: str
    rel: PurePosixPath
    path: Path
    display_path: str
    _text: str | bytes = dataclasses.field(repr=False)
    """The file's text; compressed once the stages that read it whole are done (pack)."""
    meta: meta.TranslatedPage
    body_start: int
    """Where the body (the Markdown after the front matter) starts in `text`."""
    body_line: int
    title: str

    @property
    def text(self) -> str:
        """The file's text, front matter and body."""
        text = self._text
        return text if isinstance(text, str) else zlib.decompress(text).decode("utf-8")

    def pack(self) -> None:
        """Hold the text compressed (a fifth of its memory): the site build reads it only
        for its front matter, and the text of every page was a tenth of its memory."""
        if isinstance(self._text, str):
            self._text = zlib.compress(self._text.encode("utf-8"), 1)

    @property
    def body(self) -> str:
        """The Markdown after the front matter (cut from the text when asked: kept beside
        it, every page's body was a tenth of a large build's memory)."""
        return self.text[self.body_start:]

    @property
    def is_index(self) -> bool:
        return self.rel.name == INDEX

    @property
    def folder(self) -> PurePosixPath:
        return self.rel.parent


@dataclasses.dataclass
class Publication:
    """A folder whose source index.md declares a publication; its pages in order."""

    folder: PurePosixPath
    facts: meta.PublicationFacts
    source_pages: list[Page]
    editions: list[Edition] = dataclasses.field(default_factory=list)
    """What it prints: the editions its front matter names (checked against the project's
    languages when read), else the project's defaults (editions.default_editions)."""

    @property
    def slug(self) -> str:
        return self.folder.as_posix().replace("/", "-")

    @property
    def index(self) -> Page:
        return self.source_pages[0]

    @property
    def cover(self) -> str | None:
        """The cover image's name, relative to the publication folder."""
        return self.facts.cover

    @property
    def sort_date(self) -> datetime.date:
        return (self.facts.date or self.facts.issue).first_day


@dataclasses.dataclass
class ContentModel:
    """All pages by language and path, the publications, and the problems found reading them."""

    project: Project
    pages: dict[str, dict[PurePosixPath, Page]]
    publications: list[Publication]
    findings: list[Finding]
    unreadable: set[tuple[str, PurePosixPath]] = dataclasses.field(default_factory=set)
    """Files that exist but could not be read (their problems are in findings)."""
    files: files.FileTree | None = None
    """Every file under docs/, and the resolver of references between them."""

    @property
    def source_lang(self) -> str:
        return self.project.source_language.code

    def page(self, lang: str, rel: PurePosixPath) -> Page | None:
        return self.pages.get(lang, {}).get(rel)

    def pack(self) -> None:
        """Every page's text held compressed, for the stages that read little of it."""
        for pages in self.pages.values():
            for page in pages.values():
                page.pack()

    def source_pages(self) -> list[Page]:
        return list(self.pages[self.source_lang].values())

    def counterpart(self, page: Page, lang: str) -> Page | None:
        return self.page(lang, page.rel)

    def shown_page(self, lang: str, rel: PurePosixPath) -> Page | None:
        """The page a reader of a language sees at `rel`: its translation, else the source
        (the site's fallback)."""
        return self.page(lang, rel) or self.page(self.source_lang, rel)

    def title(self, lang: str, rel: PurePosixPath) -> str | None:
        """A page's title in a language, or the source title while it is untranslated."""
        page = self.shown_page(lang, rel)
        return page.title if page else None

    def cover_of(self, publication: Publication) -> files.Resolved | None:
        """Where a publication's cover is: named in its source index.md, relative to it."""
        if not publication.facts.cover:
            return None
        index = publication.index
        return self.files.resolve(index.lang, index.rel, publication.facts.cover)

    @property
    def _by_folder(self) -> dict[PurePosixPath, Publication]:
        """Publications by folder, remade whenever the list of publications is replaced."""
        cached = self.__dict__.get("_folders")
        if cached is None or cached[0] is not self.publications or len(cached[1]) != len(self.publications):
            cached = (self.publications, {p.folder: p for p in self.publications})
            self.__dict__["_folders"] = cached
        return cached[1]

    def publication_of(self, rel: PurePosixPath) -> Publication | None:
        """The innermost publication whose folder holds this path."""
        folder = _innermost(rel, self._by_folder)
        return self._by_folder[folder] if folder is not None else None

    def order_key(self, rel: PurePosixPath) -> tuple:
        """Where a page (or a folder, by its index.md) stands among its siblings:
        its `order`, then publications newest first, then by name."""
        is_index = rel.name == INDEX
        page_rel = rel if rel.suffix == ".md" else rel / INDEX
        source = self.page(self.source_lang, page_rel)
        order = getattr(source.meta, "order", None) if source else None
        publication = None if is_index else self._by_folder.get(page_rel.parent)
        newest_first = -publication.sort_date.toordinal() if publication else 0
        return (not is_index, order is None, order or 0, newest_first, rel.as_posix())


def gather(project: Project) -> ContentModel:
    """Read every file under docs/ once, every page of every language, and build the model."""
    tree = files.inventory(project)
    findings: list[Finding] = list(tree.findings)
    pages = {language.code: _read_language(project, tree, language.code, language.source,
                                            findings)
             for language in project.languages}
    unreadable = {(file.lang, file.rel) for file in tree.files.values()
                  if file.is_page and file.lang and file.rel not in pages[file.lang]}
    model = ContentModel(project, pages, [], findings, unreadable, tree)
    model.publications = _publications(model)
    return model


def _read_language(project: Project, tree: files.FileTree, lang: str, is_source: bool,
                   findings: list[Finding]) -> dict[PurePosixPath, Page]:
    pages = {}
    for file in tree.in_language(lang):
        if file.is_page:
            page = _read_page(project, file, is_source, findings)
            if page:
                pages[page.rel] = page
    return pages


def read_page(project: Project, file: files.SourceFile) -> tuple[Page | None, list[Finding]]:
    """One page read and validated as gather() reads every page (a page about to be
    written, for instance), with the problems found in it."""
    findings: list[Finding] = []
    page = _read_page(project, file, file.lang == project.source_language.code, findings)
    return page, findings


def _read_page(project: Project, file: files.SourceFile, is_source: bool,
               findings: list[Finding]) -> Page | None:
    lang, rel, display = file.lang, file.rel, file.display_path

    def report(line: int, message: str, code: str = "front-matter") -> None:
        findings.append(Finding(display, line, code, message, lang=lang))

    try:
        data = file.path.read_bytes()
    except OSError as error:
        report(1, _("this file cannot be read ({reason}); check its permissions").format(
            reason=error.strerror or error), code="unreadable-file")
        return None
    try:
        text = frontmatter.normalise(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        report(line, _("this file is not UTF-8 (perhaps TCVN3 or VNI from an old editor); "
                       "save it as UTF-8 Unicode"), code="legacy-encoding")
        return None
    document = frontmatter.split(text)
    for line, message in document.problems:
        report(line, message)
    schema = meta.SourcePage if is_source else meta.TranslatedPage
    source_path = project.relative(project.lang_dir(project.source_language.code) / rel)
    reported = len(findings)
    def unknown(line: int, message: str) -> None:
        findings.append(Finding(display, line, "front-matter", message, WARNING, lang))

    lenient = unknown if project.check.unknown_keys == "warn" else None
    page_meta = (schema.load(document.node, report, unknown=lenient, source=source_path)
                 if document.node is not None else schema.defaults())
    said = {finding.line for finding in findings[reported:]}
    for line, message in document.unconstructable:
        if line not in said:
            report(line, message)
    if page_meta is None or document.problems or document.unconstructable:
        return None
    heading = blocks.first_heading(document.body)
    title = page_meta.title or (heading.text if heading else None)
    if not title:
        report(document.body_line, _("the page has no title; add 'title: ...' to the front "
                                     "matter or start the text with '# Title'"))
        return None
    if getattr(page_meta, "publication", None) and rel.name != INDEX:
        report(page_meta.lines["publication"], _("only a folder's index.md can declare a "
                                                 "publication; move this block to index.md"))
        return None
    publication = getattr(page_meta, "publication", None)
    if publication and publication.editions is not None:
        known = project.editions
        unknown = [name for name in publication.editions if name not in known]
        if unknown:
            report(publication.lines["editions"], "publication.editions: " + _(
                "{names}: no such edition in this project's languages; expected some of "
                "{choices}").format(names=", ".join(unknown), choices=", ".join(known)))
            return None
    return Page(lang, rel, file.path, display, text, page_meta, len(text) - len(document.body),
                document.body_line, title)


def _publications(model: ContentModel) -> list[Publication]:
    declared = {page.folder: page for page in model.source_pages()
                if getattr(page.meta, "publication", None)}
    members: dict[PurePosixPath, list[Page]] = {folder: [] for folder in declared}
    for page in model.source_pages():
        folder = _innermost(page.rel, declared)
        if folder is not None and page is not declared[folder]:
            members[folder].append(page)
    project = model.project
    translations = tuple(language.code for language in project.translation_languages
                         if language.code not in project.check.selective)
    publications = []
    for folder, index in declared.items():
        facts = index.meta.publication
        names = facts.editions or default_editions(model.source_lang, translations)
        pages = sorted(members[folder], key=lambda page: model.order_key(page.rel))
        publications.append(Publication(folder, facts, [index, *pages],
                                        [project.editions[name] for name in names]))
    publications.sort(key=lambda publication: (publication.sort_date, publication.slug),
                      reverse=True)
    return publications


def _innermost(rel: PurePosixPath, folders) -> PurePosixPath | None:
    return next((folder for folder in [rel.parent, *rel.parent.parents] if folder in folders),
                None)
