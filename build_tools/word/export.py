"""Review copies: a page or a whole publication as a Word (or OpenDocument) file, through
pandoc, in the project's reference document (word.reference).

Pages are rendered by the site's own Markdown (its extensions, the publishing policy), so
the copy says what the site says; images are embedded from the project's files."""
from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from pathlib import Path, PurePosixPath

from lxml import etree
from lxml import html as lxml_html

from build_tools.base.exceptions import BdpubError
from build_tools.base.messages import _
from build_tools.content import image_files, parallel, render
from build_tools.content.model import ContentModel, Page
from build_tools.content.pairs import PagePair, parallel_rows
from build_tools.text import policy
from build_tools.word import reference

FORMATS = ("docx", "odt")
BILINGUAL = "bilingual"
"""The copy that sets each block of the source beside its translation."""


@dataclasses.dataclass(frozen=True)
class Copy:
    """What a review copy holds: a name and the pages, in reading order, in one language."""

    name: str
    lang: str
    pages: tuple[Page, ...]


def choose(model: ContentModel, target: str, lang: str) -> Copy:
    """The pages `target` names (a page's path, or a publication's slug or folder), in the
    language `lang`: a page not translated yet is given in the source language, as the
    site shows it. BILINGUAL gives the source pages, set beside their translation."""
    project = model.project
    choices = (*project.codes, BILINGUAL) if len(project.codes) > 1 else project.codes
    if lang not in choices:
        raise BdpubError(_("--lang {lang}: the project's languages are {langs}").format(
            lang=lang, langs=", ".join(choices)))
    shown = project.source_language.code if lang == BILINGUAL else lang
    for publication in model.publications:
        if target.strip("/") in (publication.slug, publication.folder.as_posix()):
            pages = tuple(model.shown_page(shown, page.rel) for page in publication.source_pages)
            return Copy(publication.slug, lang, pages)
    path = Path(target)
    for code in project.codes:
        folder = project.lang_dir(code)
        resolved = (project.root / path).resolve() if not path.is_absolute() else path.resolve()
        if resolved.is_relative_to(folder):
            rel = PurePosixPath(resolved.relative_to(folder).as_posix())
            page = model.shown_page(shown, rel)
            if page is not None:
                name = rel.parent.name if rel.name == "index.md" else rel.stem
                return Copy(name or "index", lang, (page,))
    slugs = ", ".join(publication.slug for publication in model.publications)
    raise BdpubError(_("{target}: neither a page under {docs} nor a publication ({slugs})").format(
        target=target, docs=project.relative(project.docs_dir), slugs=slugs))


def export(model: ContentModel, copy: Copy, fmt: str, output: Path) -> Path:
    """Write the copy to `output` through pandoc; return the path written."""
    import pypandoc

    lang = model.project.source_language.code if copy.lang == BILINGUAL else copy.lang
    with tempfile.TemporaryDirectory(prefix="bdpub-export-") as folder:
        images = Path(folder)
        make = _bilingual_html if copy.lang == BILINGUAL else _page_html
        body = "".join(make(model, page, number, images)
                       for number, page in enumerate(copy.pages, 1))
        document = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                    f"<title>{_title(copy)}</title></head><body>{body}</body></html>")
        reference_doc = reference.reference_docx(pypandoc.get_pandoc_path()) \
            if fmt == "docx" else None
        return through_pandoc(document, fmt, output, reference_doc)


def through_pandoc(document: str, fmt: str, output: Path, reference_doc: bytes | None,
                   arguments: tuple[str, ...] = (), finish=None) -> Path:
    """Write an HTML document as `fmt` (in the reference document given) to a partial file,
    which `finish` may amend, renamed to `output` once complete; return `output`."""
    import pypandoc

    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    extra = ["--quiet", *arguments]  # its warnings name lines of HTML the editor never saw
    with tempfile.TemporaryDirectory(prefix="bdpub-pandoc-") as folder:
        if reference_doc is not None:
            reference_file = Path(folder) / "reference.docx"
            reference_file.write_bytes(reference_doc)
            extra += ["--reference-doc", str(reference_file)]
        try:
            pypandoc.convert_text(document, fmt, format="html", outputfile=str(partial),
                                  extra_args=extra, sandbox=False)
        except (RuntimeError, OSError) as error:
            partial.unlink(missing_ok=True)
            raise BdpubError(_("pandoc could not write {path}: {reason}").format(
                path=output, reason=" ".join(str(error).split())[-200:])) from None
    if finish is not None:
        finish(partial)
    partial.replace(output)
    return output


def _footnotes(tree, key: str) -> None:
    """Python-Markdown's footnotes (a superscript link to a list at the end) in the form
    pandoc's HTML reader takes for notes (role doc-noteref, a doc-endnotes section), so
    that Word gets real footnotes; ids carry the page's number, unique in a publication."""
    for noteref in tree.xpath('.//a[contains(concat(" ", @class, " "), " footnote-ref ")]'):
        sup = noteref.getparent()
        note = noteref.get("href", "").lstrip("#")
        marker = lxml_html.Element("a", {"href": f"#p{key}-{note}", "role": "doc-noteref",
                                        "class": "footnote-ref"})
        inner = etree.SubElement(marker, "sup")
        inner.text = noteref.text_content()
        target = sup if sup is not None and sup.tag == "sup" else noteref
        marker.tail = target.tail
        target.getparent().replace(target, marker)
    for notes in tree.xpath('.//div[contains(concat(" ", @class, " "), " footnote ")]'):
        notes.tag = "section"
        notes.attrib.clear()
        notes.set("class", "footnotes")
        notes.set("role", "doc-endnotes")
        for item in notes.iter("li"):
            item.set("id", f"p{key}-{item.get('id', '')}")
        for back in notes.xpath('.//a[contains(concat(" ", @class, " "), " footnote-backref ")]'):
            before = back.getprevious()
            holder = back.getparent()
            if before is not None and before.tail:
                before.tail = before.tail.rstrip("\xa0")
            elif before is None and holder.text:
                holder.text = holder.text.rstrip("\xa0")
            back.drop_tree()


def _point_at_site(model: ContentModel, page: Page, link) -> None:
    """A link to another page of the project leads to that page on the site: a Word file
    has no neighbouring .md files. Other links are left as they are."""
    href = link.get("href", "")
    target, _hash, fragment = href.partition("#")
    if not target:
        return
    found = model.files.resolve(page.lang, page.rel, target)
    if found.scheme is None and found.file is not None and found.file.lang is not None:
        address = model.project.url_of(page.lang, found.file.rel)
        link.set("href", address + (f"#{fragment}" if fragment else ""))


TEXT_WIDTH_PX = 975
"""The A4 text block (165 mm) at 150 ppi: wider images are scaled to the text width."""


def _fit(image, path: Path) -> None:
    """A wide image spans the text width instead of running off the page (pandoc sizes
    images without a resolution by their pixels)."""
    from PIL import Image

    try:
        with Image.open(path) as opened:
            wide = opened.width > TEXT_WIDTH_PX
    except OSError:
        return
    if wide:
        image.set("width", "16.5cm")


def _title(copy: Copy) -> str:
    from html import escape

    return escape(copy.pages[0].title if copy.pages else copy.name)


def _page_html(model: ContentModel, page: Page, number: int, images: Path) -> str:
    """A page as the site renders its text, its images pointed at the project's files and
    its footnotes as pandoc reads footnotes."""
    converter = render.converter(model.project)
    fragment = policy.clean(converter.convert(page.body))
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    if tree.find(".//h1") is None and page.title:
        heading = lxml_html.Element("h1")
        heading.text = page.title
        tree.insert(0, heading)
    _prepare(model, page, tree, str(number), images)
    return "".join(lxml_html.tostring(child, encoding="unicode") for child in tree)


def _bilingual_html(model: ContentModel, source: Page, number: int, images: Path) -> str:
    """A source page beside its translation in a two-column table, one row per aligned
    group of blocks (content.pairs' alignment, as the bilingual PDF sets them); a page not
    translated yet stands alone."""
    project = model.project
    translation_lang = project.translation_languages[0]
    translation = model.page(translation_lang.code, source.rel)
    if translation is None:
        return _page_html(model, source, number, images)
    rows, _fallbacks = parallel_rows(PagePair(source, translation, translation_lang.code))
    mine = _cut(model, source, f"{number}s", images)
    theirs = _cut(model, translation, f"{number}t", images)
    table = lxml_html.Element("table")
    head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
    for language in (project.source_language, translation_lang):
        etree.SubElement(head, "th").text = language.name or language.code
    body = etree.SubElement(table, "tbody")
    cells = [(mine.elements(row.source), theirs.elements(row.translation)) for row in rows]
    cells.append((mine.trailer, theirs.trailer))  # the footnotes, each language's below
    for left, right in cells:
        if not (left or right):
            continue  # definitions (references, abbreviations) show nothing
        row = etree.SubElement(body, "tr")
        for elements in (left, right):
            cell = etree.SubElement(row, "td")
            for element in elements:
                cell.append(element)
    return lxml_html.tostring(table, encoding="unicode")


def _cut(model: ContentModel, page: Page, key: str, images: Path) -> parallel.RenderedPage:
    """A page rendered once and cut at its Markdown blocks, prepared for pandoc."""
    converter = render.converter(model.project)
    cut = parallel.cut(page, converter.convert(parallel.marked(page)), policy.clean)
    holder = lxml_html.Element("div")
    for element in cut.elements() + cut.trailer:
        holder.append(element)
    _prepare(model, page, holder, key, images)
    return cut


def _prepare(model: ContentModel, page: Page, tree, key: str, images: Path) -> None:
    """Footnotes as pandoc reads them, links to other pages on the site, images from the
    project's files (one that cannot be found is left out) as checked copies in `images`
    without their metadata: a review copy travels as far as a published file."""
    _footnotes(tree, key)
    _unique_anchors(tree, key)
    for link in tree.iter("a"):
        _point_at_site(model, page, link)
    for image in list(tree.iter("img")):
        found = model.files.resolve(page.lang, page.rel, image.get("src", ""))
        if found.file is not None and found.file.kind == "image":
            copy = _clean_copy(found.file.path, images, page)
            image.set("src", copy.as_uri())
            _fit(image, copy)
        else:
            image.getparent().remove(image)


def _unique_anchors(tree, key: str) -> None:
    """Headings' ids, and the links within the page to them, carry the page's key: two
    pages of a publication (or a page and its translation) may share a heading."""
    renamed = {}
    for heading in tree.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        if heading.get("id"):
            renamed[heading.get("id")] = f"p{key}-{heading.get('id')}"
            heading.set("id", renamed[heading.get("id")])
        for permalink in heading.xpath('.//a[contains(concat(" ", @class, " "), " headerlink ")]'):
            permalink.drop_tree()
    for link in tree.iter("a"):
        target = link.get("href", "")
        if target.startswith("#") and target[1:] in renamed:
            link.set("href", "#" + renamed[target[1:]])


def _clean_copy(source: Path, images: Path, page: Page) -> Path:
    """The image checked as the site checks it (image_files.probe) and copied without its
    metadata (EXIF, GPS, XMP…); a file that is not a sound image stops the export."""
    data = source.read_bytes()
    copy = images / f"{hashlib.sha256(data).hexdigest()[:16]}{source.suffix.lower()}"
    if not copy.exists():
        copy.write_bytes(data)
        try:
            image_files.probe(copy)
            image_files.strip_metadata(copy)
        except image_files.ImageProblem as problem:
            raise BdpubError(f"{page.display_path}:1: {source.name}: {problem}") from None
    return copy
