"""The translator's round trip: a source page out to Word as a table of segments, the
source beside its translation, and the translated words back into docs/<lang>/, in the
source's Markdown frame, stamped as `bdpub stamp` stamps.

Each row carries, hidden, its segment's id and the digests of its source words and its
source section; the document carries the source page, the target language and the source's
revision in its custom properties. A file whose source changed since, a row that lost a
link, an empty row: each is refused at its row, all together, before anything is written."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
from pathlib import Path, PurePosixPath

import yaml
from lxml import etree

from build_tools.base.exceptions import BdpubError, stop_on_errors
from build_tools.base.findings import ERROR, WARNING, Finding
from build_tools.base.messages import _
from build_tools.content import stamp
from build_tools.content.history import History
from build_tools.content.model import ContentModel, Page
from build_tools.content.pairs import page_blocks, section_keys
from build_tools.text import frontmatter
from build_tools.word import export, inlines, reference, segments, sheet
from build_tools.word.facts import check_package, xml_part

PREFIX = "bdpub-"
"""The document's custom properties are bdpub-<name> (see _properties)."""
FORMAT = "1"
CUSTOM_PROPERTIES = "docProps/custom.xml"
NO_SECTION = "-"
OUTDATED = "0" * 12
"""A section digest no source has: the stamp of a section known to be behind its source."""


@dataclasses.dataclass(frozen=True)
class Imported:
    """What bringing a translation back wrote, and what is worth saying about it."""

    page: Path
    written: tuple[Path, ...]
    findings: tuple[Finding, ...]


def export_for_translation(model: ContentModel, history: History, target: str, lang: str,
                           output: Path | None) -> tuple[Path, int]:
    """Write the translator's copy of a source page; return its path and its row count."""
    source = _source_page(model, target)
    language = _language(model, lang)
    rows = _rows_of(source)
    if not rows:
        raise BdpubError(_("{path}: there is nothing to translate on this page").format(
            path=source.display_path))
    name = source.rel.parent.name if source.is_index else source.rel.stem
    output = output or Path(f"{name or 'index'}-{lang}-translation.docx")
    document = sheet.html(model, history, source, language, rows)
    _write_docx(document, output, _properties(history, source, lang))
    return output, len(rows)


def _properties(history: History, source: Page, lang: str) -> dict[str, str]:
    """What the document says of itself: the format of the sheet, the source page (its
    path in its language's folder, and as shown), the target language, and the source's
    revision (its file's digest, its last commit where git knows it)."""
    return {"translation": FORMAT, "page": source.rel.as_posix(),
            "source": source.display_path, "lang": lang,
            "digest": hashlib.sha256(source.text.encode("utf-8")).hexdigest()[:16],
            "commit": _commit(history, source) or ""}


def import_translation(model: ContentModel, history: History, document: Path, *,
                       force: bool) -> Imported:
    """Write the translation a translator's copy holds into docs/<lang>/, stamped."""
    facts, read = _read(document)
    source = model.page(model.source_lang, PurePosixPath(facts["page"]))
    if source is None:
        raise BdpubError(_("{path}: its source page {source} is no longer there; export the "
                           "page again from where it is now").format(
            path=document, source=facts["source"]))
    lang = _language(model, facts["lang"], document).code
    cut = segments.cut(source)
    rows = _rows_of(source, cut)
    texts, stale, findings = _translated(document, source, rows, sheet.table_rows(read), force)
    stop_on_errors(findings)
    path = model.project.lang_dir(lang) / source.rel
    # Rows taken from an older source: the stamp names the commit they were exported at.
    commit = (facts.get("commit") or None) if stale else _commit(history, source)
    text = _page_text(model.page(lang, source.rel), segments.assemble(cut.frame, texts),
                      texts, stamp.entry(_stamp_sections(source, stale), commit))
    _write(path, text)
    return Imported(path, (path,), tuple(findings))


def _rows_of(source: Page, cut: segments.Cut | None = None) -> list[sheet.Row]:
    """The sheet's rows: the page's own front-matter words, then its body's segments."""
    cut = cut or segments.cut(source)
    sections, of_block = _sections(source)
    rows = [sheet.Row(segment, segments.digest(segment.text), NO_SECTION)
            for segment in segments.front(source)]
    for segment in cut.segments:
        index = of_block[segment.block]
        rows.append(sheet.Row(segment, segments.digest(segment.text), sections[index].digest,
                              index))
    return rows


def _sections(source: Page) -> tuple[list, dict[int, int]]:
    """The page's sections, and the section of each top-level block."""
    _blocks, sections = page_blocks(source)
    of_block, index = {}, 0
    for number, section in enumerate(sections):
        for _member in range(len(section.blocks) + (section.heading is not None)):
            of_block[index] = number
            index += 1
    return sections, of_block


def _source_page(model: ContentModel, target: str) -> Page:
    project = model.project
    path = Path(target)
    resolved = path.resolve() if path.is_absolute() else (project.root / path).resolve()
    for code in project.codes:
        folder = project.lang_dir(code)
        if not resolved.is_relative_to(folder):
            continue
        rel = PurePosixPath(resolved.relative_to(folder).as_posix())
        if code != model.source_lang:
            raise BdpubError(_("{target}: this is a translation; export its source page, "
                               "{source}").format(target=target, source=project.relative(
                                   project.lang_dir(model.source_lang) / rel)))
        page = model.page(code, rel)
        if page is not None:
            return page
    raise BdpubError(_("{target}: not a page under {docs}; give a source page, for example "
                       "{docs}/{lang}/PATH.md").format(
        target=target, docs=project.relative(project.docs_dir), lang=model.source_lang))


def _language(model: ContentModel, lang: str, document: Path | None = None):
    """The translation language `lang` names (given with --lang, or by a document)."""
    languages = model.project.translation_languages
    for language in languages:
        if language.code == lang:
            return language
    codes = ", ".join(language.code for language in languages) or "-"
    if document is not None:
        raise BdpubError(_("{path}: made for a translation into {lang}; the project translates "
                           "into {langs}").format(path=document, lang=lang, langs=codes))
    raise BdpubError(_("--lang {lang}: the project translates into {langs}").format(
        lang=lang, langs=codes))


def _commit(history: History, page: Page) -> str | None:
    commit = history.last.get(page.display_path) if history.available else None
    return commit.sha[:12] if commit else None


def _write_docx(document: str, output: Path, properties: dict[str, str]) -> None:
    import pypandoc

    reference_doc = reference.reference_docx(pypandoc.get_pandoc_path(), translation=True)
    arguments = [item for name, value in properties.items()
                 for item in ("--metadata", f"{PREFIX}{name}={value}")]
    export.through_pandoc(document, "docx", output, reference_doc, tuple(arguments),
                          finish=reference.rows_kept_whole)


def _read(document: Path) -> tuple[dict[str, str], dict]:
    """The document's properties and its text as pandoc reads it (with its styles)."""
    import pypandoc

    not_ours = BdpubError(_("{path}: not a translator's copy from bdpub export "
                            "--for-translation (a .docx that names its source page)").format(
        path=document))
    if document.suffix.lower() != ".docx":
        raise not_ours
    try:
        with zipfile.ZipFile(document) as archive:
            check_package(archive)
            tree = xml_part(archive, CUSTOM_PROPERTIES)
    except (zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError):
        raise not_ours from None
    if tree is None:
        raise not_ours
    facts = {item.get("name", "").removeprefix(PREFIX): "".join(item.itertext()).strip()
             for item in tree if item.get("name", "").startswith(PREFIX)}
    if facts.get("translation") != FORMAT or not all(facts.get(key) for key in
                                                     ("page", "source", "lang")):
        raise not_ours
    try:
        read = json.loads(pypandoc.convert_file(str(document), "json", format="docx+styles",
                                                sandbox=True))
    except (RuntimeError, OSError, ValueError) as error:
        raise BdpubError(_("pandoc could not read {path}: {reason}").format(
            path=document, reason=" ".join(str(error).split())[-200:])) from None
    return facts, read


def _translated(document: Path, source: Page, rows: list[sheet.Row],
                found: list[sheet.TableRow], force: bool
                ) -> tuple[dict[str, str], dict[int, str], list[Finding]]:
    """The translation of each segment, the sections taken from an older source (by index,
    with the digest they had then), and the findings, by row."""
    if not found:
        raise BdpubError(_("{path}: no rows of a translation table in this file; was the "
                           "table removed or converted to text?").format(path=document))
    reading = _Reading(document, source, force)
    matched = _matched(rows, found)
    for line in found:
        row = matched.get(id(line))
        if row is None:
            reading.unmatched(line, [other.number for other in found if other.id == line.id
                                     and id(other) in matched])
        else:
            reading.row(line, row)
    claimed = {row.segment.id for row in matched.values()}
    for number, row in enumerate(rows, 1):
        if row.segment.id not in claimed:
            reading.report(number, "missing-row", _(
                "{where} has no row in this file; export the page again").format(
                where=reading.where(row)))
    return reading.texts, reading.stale, reading.findings


class _Reading:
    """The rows of one file read against the source: their translations and findings."""

    def __init__(self, document: Path, source: Page, force: bool):
        self.document, self.source, self.force = document, source, force
        self.references = inlines.references(source.body)
        self.texts: dict[str, str] = {}
        self.stale: dict[int, str] = {}
        self.findings: list[Finding] = []

    def report(self, number: int, code: str, message: str, severity: str = ERROR) -> None:
        self.findings.append(Finding(str(self.document), number, code, message, severity))

    def where(self, row: sheet.Row) -> str:
        return f"{self.source.display_path}:{row.segment.line}"

    def row(self, line: sheet.TableRow, row: sheet.Row) -> None:
        if line.digest != row.digest and not self.changed(line, row):
            return
        written = _written(line, row.segment, self.references)
        if written is None:
            self.report(line.number, "untranslated-row", _(
                "this row is not translated: its right-hand cell is empty"))
            return
        for problem in written.problems:
            self.report(line.number, "row-structure", problem)
        self.texts[row.segment.id] = written.text

    def changed(self, line: sheet.TableRow, row: sheet.Row) -> bool:
        """Say that a row's source changed since the export; whether to take it anyway."""
        if not self.force:
            self.report(line.number, "source-changed", _(
                "the source of this row ({where}) changed after the export; export the page "
                "again, or import with --force to take the file as it is").format(
                where=self.where(row)))
            return False
        self.report(line.number, "source-changed", _(
            "the source of this row ({where}) changed after the export; taken as it is, and "
            "the page stays marked outdated there").format(where=self.where(row)), WARNING)
        if row.section_index >= 0:
            self.stale[row.section_index] = line.section
        return True

    def unmatched(self, line: sheet.TableRow, same: list[int]) -> None:
        """A row that repeats another, or whose block the source no longer has (left out
        with --force: its translation has nowhere to go)."""
        if same:
            self.report(line.number, "unknown-row", _(
                "this row repeats row {first}; keep one of them").format(first=same[0]))
        elif self.force:
            self.report(line.number, "unknown-row", _(
                "this row's block is no longer in {source}; its translation is left out"
            ).format(source=self.source.display_path), WARNING)
        else:
            self.report(line.number, "unknown-row", _(
                "this row's block is no longer in {source}; export the page again").format(
                source=self.source.display_path))


def _matched(rows: list[sheet.Row], found: list[sheet.TableRow]) -> dict[int, sheet.Row]:
    """The source segment of each row of the file (by id(row)): the one with its id and its
    words, else one with its words that moved (a block added above it), else the one with
    its id whose words changed. A row left out repeats another or names nothing left."""
    free = {row.segment.id: row for row in rows}
    matched: dict[int, sheet.Row] = {}
    rules = (lambda line, row: row.segment.id == line.id and row.digest == line.digest,
             lambda line, row: row.digest == line.digest,
             lambda line, row: row.segment.id == line.id)
    for rule in rules:
        for line in found:
            if id(line) in matched:
                continue
            row = next((row for row in free.values() if rule(line, row)), None)
            if row is not None:
                matched[id(line)] = free.pop(row.segment.id)
    return matched


def _written(line: sheet.TableRow, segment: segments.Segment,
             references: dict[str, str]) -> inlines.Written | None:
    """A row's translation as Markdown, or None when the row is empty."""
    items = line.inlines()
    if not inlines.plain_text(items):
        return None
    if segment.kind in segments.FRONT:
        return inlines.Written(inlines.plain_text(items), [])
    atoms = [] if segment.plain else inlines.atoms(segment.text, references)
    return inlines.write(items, atoms, plain=segment.plain, cell=segment.kind == "cell",
                         line_start=segment.kind in ("paragraph", "item"),
                         heading=segment.kind == "heading")


def _stamp_sections(source: Page, stale: dict[int, str]) -> list[tuple[str, str]]:
    """Each source section with its digest now, or the one it had when exported when its
    rows were taken from an older source (so the checks still call it outdated)."""
    sections, _of_block = _sections(source)
    chosen = []
    for index, (key, section) in enumerate(zip(section_keys(sections), sections)):
        digest = stale.get(index, section.digest)
        if index in stale and digest == section.digest:
            digest = OUTDATED  # a row moved here from a section that changed
        chosen.append((key, digest))
    return chosen


def _page_text(current: Page | None, body: str, texts: dict[str, str],
               stamp_lines: list[str]) -> str:
    """The translation page: the existing page's front matter (or a new one) with the
    translated title, subtitle and description and the stamp, then the new body."""
    head = ""
    if current is not None and (match := frontmatter.BLOCK.match(current.text)):
        head = current.text[:match.end()]
    said = {key: getattr(current.meta, key, None) for key in segments.FRONT} if current else {}
    # A value the translation already says stays as it is written (its quotes, its place).
    entries = {key: _yaml_entry(key, texts[key]) for key in segments.FRONT
               if key in texts and texts[key] != said.get(key)}
    entries[stamp.KEY] = stamp_lines
    return frontmatter.with_entries(head + body, entries)


def _yaml_entry(key: str, value: str) -> list[str]:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=1 << 20, sort_keys=False)
    return dumped.rstrip("\n").split("\n")


def _write(path: Path, text: str) -> None:
    """Write the page whole or not at all: a half-written page is worse than none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
