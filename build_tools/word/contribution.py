"""Contributions from other departments: a .docx or .odt file made into a page of the
project through pandoc, in the site's Markdown, with its images beside it."""
from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

import yaml

from build_tools.base.exceptions import BdpubError, ContentError, stop_on_errors
from build_tools.base.findings import ERROR, NOTE, WARNING, Finding
from build_tools.base.messages import _
from build_tools.content import files, model, outputs
from build_tools.content.project import Project
from build_tools.text import slugs
from build_tools.word import body, document as document_xml, headings, pictures
from build_tools.word.facts import EQUATION, TEXT_BOX, Facts

WRITER = "markdown_strict+four_space_rule+pipe_tables+footnotes-raw_html"
"""Python-Markdown's dialect: lists nested by four spaces, pipe tables, [^1] notes, and no
HTML (what Markdown cannot say is left as its text)."""
WRITER_ARGS = ["--wrap=none", "--markdown-headings=atx"]
DESCRIPTION_LENGTH = 160
SLUG_LENGTH = 60
DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
TOP_BLOCKS = 8
"""An administrative document's date line ("Bình Dương, ngày 15 tháng 3 năm 2019") sits in
its first blocks, often in the table that heads it."""
NEEDED_EXTENSIONS = {"Table": "tables", "Note": "footnotes"}


@dataclasses.dataclass(frozen=True)
class Imported:
    """What an import wrote, and what the editor should look at."""

    page: Path
    written: tuple[Path, ...]
    """Every file written: the page, then its images."""
    findings: tuple[Finding, ...]


def import_document(project: Project, document: Path, to: Path | None, *, force: bool,
                    accept_changes: bool) -> Imported:
    """Make a page from a contribution; nothing is written when anything stops it."""
    inside = document.absolute().is_relative_to(project.root)
    shown = project.relative(document.absolute()) if inside else document.as_posix()
    facts = document_xml.read(document)
    findings = _changes(facts, shown, accept_changes)
    with tempfile.TemporaryDirectory(prefix="bdpub-import-") as folder:
        tree = _read(document, facts.kind, Path(folder), accept_changes)
        findings += _objects(facts, shown, tree) + _lost_text(facts, shown, tree)
        blocks = body.clean_blocks(tree["blocks"])
        bold = _bold_paragraphs(blocks, facts.bold)
        title = headings.take_title(blocks, facts.title, _meta(tree, "title"), bold)
        if not title:
            title = [body.Str(document.stem)]
            findings.append(Finding(shown, 1, "import-title", _(
                "the document has no title (no Title style, no heading); the file's name was "
                "used: change 'title:' in the page"), WARNING))
        holder = [{"t": "Para", "c": title}]
        converted = body.read_legacy(holder + blocks, facts)
        body.normalise(holder + blocks)
        headings.relevel(blocks, bold)
        lang, page = _target(project, to, body.plain(title))
        display = project.relative(page)
        marks = body.Marks()
        notes = [(marks.add(inlines), encoding, inlines) for inlines, encoding in converted]
        tables = [(marks.add(_first_cell(report)), report) for report in body.pipe_tables(blocks)]
        staged = pictures.take(blocks, facts, shown, page, Path(folder) / "images")
        findings += staged.findings
        text, lines = _page_text(project, lang, page, title, blocks, tree)
        findings += _located(display, lines, notes, tables, staged, text)
        findings += _extensions(project, display, blocks)
        findings += _validated(project, lang, page, text)
        stop_on_errors(findings)
        written = [(page, text.encode("utf-8")), *staged.files]
        _refuse_overwriting([target for target, _data in written], project, force)
        _write_all(written)
    return Imported(page, tuple(target for target, _data in written), tuple(findings))


# -- reading ---------------------------------------------------------------------------------

def _read(document: Path, kind: str, folder: Path, accept_changes: bool) -> dict:
    """pandoc's reading of the document as its JSON AST, images extracted into `folder`."""
    import pypandoc

    arguments = [f"--extract-media={folder / 'media'}"]
    if accept_changes:
        arguments.append("--track-changes=accept")
    try:
        readable = document_xml.readable_copy(document, kind, folder)
        # Sandboxed: a contribution is untrusted, and pandoc reads nothing but the file.
        return json.loads(pypandoc.convert_file(str(readable), "json", format=kind,
                                                extra_args=arguments, sandbox=True))
    except (RuntimeError, OSError, ValueError, zipfile.BadZipFile) as error:
        raise BdpubError(_("pandoc could not read {path}: {reason}").format(
            path=document, reason=" ".join(str(error).split())[-200:])) from None


def _meta(tree: dict, key: str) -> list | None:
    value = tree.get("meta", {}).get(key)
    if value and value["t"] == "MetaInlines":
        return value["c"]
    if value and value["t"] == "MetaBlocks" and value["c"]:
        return body.one_line(value["c"])[0]
    return None


def _changes(facts: Facts, shown: str, accept: bool) -> list[Finding]:
    """Tracked changes and comments stop the import, one finding per paragraph, unless the
    editor takes the changes as they stand."""
    if accept:
        if not (facts.changes or facts.comments):
            return []
        return [Finding(shown, 1, "import-changes-accepted", _(
            "{changes} tracked change(s) accepted, {comments} comment(s) left out").format(
                changes=len(facts.changes), comments=len(facts.comments)), NOTE)]
    found = []
    for places, code, message in (
            (facts.changes, "import-tracked-change", _(
                "{where}: {count} of the document's {total} tracked change(s); accept or "
                "reject them in Word (Review > Accept, Reject) or LibreOffice (Edit > Track "
                "Changes > Manage), or import with --accept-changes")),
            (facts.comments, "import-comment", _(
                "{where}: {count} of the document's {total} comment(s); deal with them and "
                "delete them in Word (Review > Delete), or import with --accept-changes, "
                "which leaves comments out"))):
        for paragraph in sorted(set(places)):
            found.append(Finding(shown, paragraph, code, message.format(
                where=facts.where(paragraph), count=places.count(paragraph),
                total=len(places)), ERROR))
    if found:
        raise ContentError(found)
    return []


def _squeezed(text: str) -> str:
    """Text compared without spaces, soft hyphens or the forms of hyphens."""
    text = unicodedata.normalize("NFC", text).replace("\xad", "").replace("\u2011", "-")
    return "".join(text.split())


def _read_text(tree: dict) -> str:
    parts = [list(tree.get("meta", {}).values()), tree["blocks"]]
    return _squeezed("".join(item["c"] for item in body.nodes(parts, "Str")))


def _objects(facts: Facts, shown: str, tree: dict) -> list[Finding]:
    """Text boxes, shapes, charts, SmartArt, objects and equations: listed, never lost."""
    read, found = _read_text(tree), []
    for paragraph, kind, text in facts.objects:
        place = facts.where(paragraph)
        if kind == TEXT_BOX and _squeezed(text) and _squeezed(text) in read:
            message = _("{where} holds a text box; its text is now a paragraph near there: "
                        "check its place")
        elif kind == TEXT_BOX:
            message = _("{where} holds a text box whose text did not come through; copy it "
                        "into the page")
        elif kind == EQUATION:
            message = _("{where} holds an equation, kept as its TeX in a code span: write it "
                        "out in words or check it")
        else:
            message = _("{where} holds {kind}, which a page cannot show; save it from Word as "
                        "a picture (PNG) and add it to the page")
        found.append(Finding(shown, paragraph, "import-object",
                             message.format(where=place, kind=_(kind)), WARNING))
    return found


def _lost_text(facts: Facts, shown: str, tree: dict) -> list[Finding]:
    """Paragraphs whose text pandoc did not read (the words beside a text box, for one)."""
    read, found = _read_text(tree), []
    for paragraph, text in enumerate(facts.paragraphs, 1):
        if _squeezed(text) and _squeezed(text) not in read:
            found.append(Finding(shown, paragraph, "import-lost-text", _(
                "{where}: its text did not come through; copy it into the page").format(
                    where=facts.where(paragraph)), WARNING))
    return found


def _bold_paragraphs(blocks: list, bold: set[str]) -> set[int]:
    """The paragraphs the document sets in bold by their style, found by their text as
    read (before any conversion), as the id() of their inlines."""
    return {id(inlines) for inlines in body.text_blocks(blocks)
            if body.squeezed(body.plain(inlines)) in bold}


# -- where the page goes ---------------------------------------------------------------------

def _target(project: Project, to: Path | None, title: str) -> tuple[str, Path]:
    """The page's language and path: --to, else the title's slug in the source language."""
    if to is None:
        slug = slugs.slugify(title, "-")
        slug = outputs.suggested_name(slug, folder=True) if slug else "trang"
        if len(slug) > SLUG_LENGTH:
            slug = slug[:SLUG_LENGTH + 1].rsplit("-", 1)[0]
        lang = project.source_language.code
        return lang, project.lang_dir(lang).resolve() / f"{slug}.md"
    resolved = Path(to).resolve()
    for code in project.codes:
        folder = project.lang_dir(code).resolve()
        if resolved.is_relative_to(folder) and resolved != folder:
            _check_name(resolved.relative_to(folder), to)
            return code, resolved
    folders = ", ".join(project.relative(project.lang_dir(code)) + "/" for code in project.codes)
    raise BdpubError(_("--to {path}: the page must be a .md file inside a language folder "
                       "({folders}), for example {example}").format(
        path=to, folders=folders, example=project.relative(
            project.lang_dir(project.source_language.code) / "bao-cao.md")))


def _check_name(rel: Path, to: Path) -> None:
    parts = PurePosixPath(rel.as_posix()).parts
    wrong = [part for part in parts[:-1] if not outputs.FOLDER.fullmatch(part)]
    if rel.suffix != ".md" or wrong or not outputs.NAME.fullmatch(parts[-1]):
        better = "/".join([*(outputs.suggested_name(p, True) for p in parts[:-1]),
                           outputs.suggested_name(Path(parts[-1]).stem, True) + ".md"])
        raise BdpubError(_("--to {path}: a page's path is lower-case letters without "
                           "diacritics, digits and hyphens, ending in .md; for example "
                           "{better}").format(path=to, better=better))


def _refuse_overwriting(targets: list[Path], project: Project, force: bool) -> None:
    for target in targets:
        if target.is_dir():
            raise BdpubError(_("{path} is a folder; choose another page with --to").format(
                path=project.relative(target)))
        if target.exists() and not force:
            raise BdpubError(_("{path} exists already; import with --force to replace it, "
                               "or choose another page with --to").format(
                path=project.relative(target)))


# -- the page --------------------------------------------------------------------------------

def _first_cell(report: body.TableReport) -> list:
    cell = report.table["c"][3][1][0][1][0]
    if not cell[4]:
        cell[4].append({"t": "Plain", "c": []})
    return cell[4][0]["c"]


def _page_text(project: Project, lang: str, page: Path, title: list, blocks: list,
               tree: dict) -> tuple[str, dict[str, int]]:
    """The page as it will be written, and the file line of each mark."""
    import pypandoc

    heading = {"t": "Header", "c": [1, body.NO_ATTR, title]}
    document = {**tree, "meta": {}, "blocks": [heading, *blocks]}
    try:
        markdown = pypandoc.convert_text(json.dumps(document), WRITER, format="json",
                                         extra_args=WRITER_ARGS)
    except (RuntimeError, OSError) as error:
        raise BdpubError(_("pandoc could not write the page: {reason}").format(
            reason=" ".join(str(error).split())[-200:])) from None
    markdown, lines = body.Marks.take_out(unicodedata.normalize("NFC", markdown))
    entries = {"title": " ".join(body.plain(title).split()),
               "description": _description(blocks), "date": _date(tree, blocks)}
    if lang != project.source_language.code:
        entries.pop("date")  # language-neutral: it belongs to the source page
    front = "---\n" + yaml.safe_dump({k: v for k, v in entries.items() if v}, allow_unicode=True,
                                     sort_keys=False, width=10**6) + "---\n\n"
    offset = front.count("\n")
    return front + markdown.strip("\n") + "\n", {key: line + offset
                                                 for key, line in lines.items()}


def _description(blocks: list) -> str | None:
    """The first real paragraph, as plain text cut at a word near 160 characters."""
    for block in blocks:
        text = " ".join(body.plain(block["c"]).split()) if block["t"] == "Para" else ""
        if len(text.split()) < 6 or DATE_LINE.search(text) and len(text) < 80:
            continue
        if len(text) <= DESCRIPTION_LENGTH:
            return text
        return text[:DESCRIPTION_LENGTH + 1].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"
    return None


def _date(tree: dict, blocks: list) -> datetime.date | None:
    """The document's date: pandoc's (a paragraph in the Date style), else the date line of
    an administrative document. Never the file's own dates: builds must be reproducible."""
    texts = [body.plain(_meta(tree, "date") or [])]
    texts += [body.plain(inlines) for inlines in body.text_blocks(blocks[:TOP_BLOCKS])]
    for text in texts:
        match = DATE_LINE.search(text) or re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
        if match:
            day, month, year = match.groups() if match.re is DATE_LINE else match.groups()[::-1]
            try:
                return datetime.date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def _located(display: str, lines: dict[str, int], notes, tables, staged, text: str):
    """The findings about the written page, at its lines."""
    found = []
    for key, encoding, inlines in notes:
        breaks = sum(1 for item in inlines if item["t"] == "LineBreak")
        found.append(Finding(display, max(lines.get(key, 1) - breaks, 1), "import-legacy", _(
            "converted from {encoding} (an old Vietnamese encoding) to Unicode; read it "
            "through").format(encoding=encoding), NOTE))
    for key, report in tables:
        problems = [_("merged cells were split, the text kept in the first cell and the "
                      "others left empty")] if report.merged else []
        if report.joined:
            problems.append(_("cells with several paragraphs were joined into one line"))
        found.append(Finding(display, lines.get(key, 1), "import-table", _(
            'table {number} (after "{after}"): {problems}; check the table').format(
                number=report.number, after=report.after[:40], problems="; ".join(problems)),
            WARNING))
    page_lines = text.split("\n")
    for name, where in staged.without_alt:
        line = next((n for n, row in enumerate(page_lines, 1) if f"]({name})" in row), 1)
        found.append(Finding(display, line, "import-image-alt", _(
            "the image {name} ({where}) has no description; write what it shows between the "
            "brackets: ![…]({name})").format(name=name, where=where), WARNING))
    return found


def _extensions(project: Project, display: str, blocks: list) -> list[Finding]:
    """Tables and footnotes need the site's Markdown extensions for them."""
    enabled = {name.rsplit(".", 1)[-1] for name, _settings in project.markdown_extensions}
    return [Finding(display, 1, "import-markdown", _(
        "the page has {what}, which the site's Markdown reads only with the '{extension}' "
        "extension: add it to markdown_extensions in mkdocs.yml").format(
            what=_("tables") if kind == "Table" else _("footnotes"), extension=extension),
        WARNING)
        for kind, extension in NEEDED_EXTENSIONS.items()
        if extension not in enabled and next(body.nodes(blocks, kind), None)]


def _validated(project: Project, lang: str, page: Path, text: str) -> list[Finding]:
    """The front matter checked as every page's is (content.model), before anything is
    written."""
    with tempfile.TemporaryDirectory(prefix="bdpub-page-") as folder:
        staged = Path(folder) / page.name
        staged.write_text(text, encoding="utf-8")
        rel = page.relative_to(project.lang_dir(lang).resolve())
        file = files.SourceFile(PurePosixPath(lang, *rel.parts), staged,
                                project.relative(page), lang)
        _page, found = model.read_page(project, file)
    return found


def _write_all(written: list[tuple[Path, bytes]]) -> None:
    """Every file written beside its target first, then renamed into place: a failure
    leaves nothing half-written."""
    umask = os.umask(0)
    os.umask(umask)
    staged = []
    try:
        for target, data in written:
            target.parent.mkdir(parents=True, exist_ok=True)
            descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                                suffix=".partial")
            staged.append((Path(name), target))
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
            os.chmod(name, 0o666 & ~umask)
    except OSError:
        for name, _target in staged:
            name.unlink(missing_ok=True)
        raise
    for name, target in staged:
        name.replace(target)
