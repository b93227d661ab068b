"""Books: the HTML of one edition of a publication — cover, title page, contents, chapters.

The HTML is made from the content model with the site's own Markdown extensions, then
handed to the PDF stage. Everything it refers to is a file inside the project.
"""
from __future__ import annotations

import copy
import dataclasses
import datetime
import functools
import math
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import jinja2
from lxml import etree
from lxml import html as lxml_html
from PIL import Image

from build_tools.base.findings import ERROR, WARNING, Finding
from build_tools.base.messages import _
from build_tools.base.resources import ASSETS_DIR, PDF_STYLES_DIR
from build_tools.content import parallel, render
from build_tools.content.editions import Edition, Profile
from build_tools.content.localize import (edition_label, format_date, format_number, label,
                                          when)
from build_tools.content.meta import IMPRINT_FACTS
from build_tools.content.model import ContentModel, Page, Publication
from build_tools.content.pairs import PagePair, parallel_rows
from build_tools.pdf import administrative, fonts, images
from build_tools.text import glossary as glossaries
from build_tools.text import policy, typography

ASSETS = ASSETS_DIR
PDF_ASSETS = PDF_STYLES_DIR
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True, undefined=jinja2.StrictUndefined)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# Books address files in a URL space of their own, the same wherever the repository is
# checked out: WeasyPrint names embedded images after their URL, and the PDF cache is keyed
# by the HTML, so an absolute path in either would make every checkout's PDFs differ.
# pdf.ProjectFetcher maps these prefixes back to the folders and refuses every other URL.
PROJECT_URL = "file:///bdpub/project/"
"""The project's files, its .cache/ included."""
ASSETS_URL = "file:///bdpub/assets/"
"""bdpub's own assets/ (stylesheets, fonts, ICC profile)."""


def book_url(file: Path, project_root: Path) -> str:
    """The address of a file in the books' URL space; a file outside both the project and
    bdpub's assets keeps its real address, which the PDF stage refuses."""
    file = file.resolve()
    for prefix, root in ((PROJECT_URL, project_root.resolve()), (ASSETS_URL, ASSETS)):
        if file.is_relative_to(root):
            return prefix + quote(file.relative_to(root).as_posix())
    return file.as_uri()


@dataclasses.dataclass
class Book:
    """The HTML of one edition in one profile, with what it needs and what was noticed."""

    publication: Publication
    edition: Edition
    profile: Profile
    html: str
    inputs: list[Path]
    findings: list[Finding]
    missing: list[str]
    """Pages of the publication not yet translated into a language of this edition."""
    output_intent: tuple[str, str, str] = ()
    """Print: (identifier, condition, registry) of the project's printing condition."""


MEASURE_MM = 132
"""The widest text block: about 75 characters of 10.5 pt Noto Serif."""


@dataclasses.dataclass(frozen=True)
class PageGeometry:
    """Trim size, bleed and margins of the pages, in millimetres."""

    width: float
    height: float
    bleed: float

    @property
    def side(self) -> float:
        """The side margins: 11 % of the width, wider where the text block would run past
        about 75 characters a line (MEASURE_MM, at the A4 body size)."""
        return round(max(self.width * 0.11, (self.width - MEASURE_MM) / 2))

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.side

    def column_width(self, columns: int) -> float:
        """The width of one column of parallel text (the gap is 6 mm, as in book.css)."""
        return (self.text_width - 6 * (columns - 1)) / columns


def make_book(model: ContentModel, publication: Publication, edition: Edition,
              profile: Profile, stamp: datetime.datetime, image_cache: Path,
              draft_if_incomplete: bool = False) -> Book:
    """Gather one edition's chapters and assemble its HTML. Untranslated pages are shown in
    the source language; such a book is marked DRAFT when `draft_if_incomplete`."""
    trim = publication.facts.print.trim_size
    geometry = PageGeometry(trim.width_mm, trim.height_mm, profile.bleed_mm)
    context = _Context(model, publication, edition, profile, geometry, image_cache)
    chapters = [context.chapter(number, page)
                for number, page in enumerate(publication.source_pages, 1)]
    back = _back_cover(context) if profile.pad_pages else ""
    body = "".join([_cover(context), _imprint_page(context), _title_page(context),
                    _contents(context, chapters), *[chapter for chapter, _ in chapters], back])
    document = _document(context, body, stamp, draft_if_incomplete and bool(context.missing))
    inputs = [*context.inputs, *sorted(PDF_ASSETS.glob("*.css")),
              *context.fonts.values(), *context.cjk_fonts, model.project.output_intent.profile]
    intent = model.project.output_intent
    return Book(publication, edition, profile, document, inputs, context.findings,
                context.missing, (intent.identifier, intent.condition, intent.registry)
                if profile.colour == "cmyk" else ())


class _Context:
    """What the chapters of one book share while they are made."""

    def __init__(self, model, publication, edition, profile, geometry, image_cache):
        self.model, self.publication, self.edition = model, publication, edition
        self.profile, self.geometry, self.image_cache = profile, geometry, image_cache
        self.fonts = fonts.truetype(image_cache.parent / "fonts")
        self.stacks, self.cjk_fonts = fonts.stacks(edition.languages)
        self.inputs: list[Path] = []
        self.findings: list[Finding] = []
        self.missing: list[str] = []
        self.numbers = {page.rel: number for number, page in
                        enumerate(publication.source_pages, 1)}
        self.markdown = render.converter(model.project)
        self.names = _proper_names(model.project.root)

    @property
    def langs(self) -> tuple[str, ...]:
        return self.edition.languages

    def title(self, lang: str, rel: PurePosixPath | None = None) -> str:
        return self.model.title(lang, rel or self.publication.index.rel)

    def chapter(self, number: int, source: Page) -> tuple[str, dict[str, str]]:
        """A chapter's HTML and its title in each language of the edition."""
        pages = {lang: self.model.page(lang, source.rel) for lang in self.langs}
        for lang, page in pages.items():
            if page is None:
                self.missing.append(f"{self.model.project.relative(self.model.project.lang_dir(lang))}/{source.rel}")
        untranslated = any(page is None for page in pages.values())
        pages = {lang: page or source for lang, page in pages.items()}
        titles = {lang: page.title for lang, page in pages.items()}
        self.running_chapter = " / ".join(dict.fromkeys(titles[lang] for lang in self.langs))
        if len(self.langs) == 1 or untranslated:
            # One language, or a draft's untranslated page: the text as it is, in its language.
            page = pages[self.langs[-1]]
            lang = page.lang
            rendered = self.rendered(number, page)
            inner = "".join(_serialise(element)
                            for element in rendered.elements() + rendered.trailer)
        else:
            lang = self.langs[0]
            inner = self.parallel(number, PagePair(pages[self.langs[0]], pages[self.langs[1]],
                                                   self.langs[1]))
        return _render("chapter.html", number=number, lang=lang, source=source.display_path,
                       inner=inner), titles

    def parallel(self, number: int, pair: PagePair) -> str:
        """Source beside translation, row by row, as content.pairs aligns them; a section
        that does not line up is printed source first, then translation, and reported."""
        source_lang, translation_lang = pair.source.lang, pair.lang
        rows, fallbacks = parallel_rows(pair)
        for fallback in fallbacks:
            heading = (_("(whole page: the headings differ)") if fallback.source is None
                       else fallback.source.title or _("(opening)"))
            line = fallback.translation.line if fallback.translation else pair.translation.body_line
            self.findings.append(Finding(
                pair.translation.display_path, line, "parallel-fallback",
                _("the bilingual edition prints section '{heading}' {source} first, then "
                  "{translation}: its blocks do not line up one for one with {path}").format(
                    heading=heading, source=source_lang, translation=translation_lang,
                    path=pair.source.display_path), WARNING, translation_lang))
        source, translation = self.rendered(number, pair.source), self.rendered(number, pair.translation)
        body = ""
        for row in rows:
            mine, theirs = source.elements(row.source), translation.elements(row.translation)
            table = _bilingual_table(mine, theirs, translation_lang) if row.aligned else None
            if table is not None:
                body += _serialise(table)
            elif mine or theirs:  # definitions (references, abbreviations) print nothing
                body += _row(mine, theirs, row.aligned, source_lang, translation_lang)
        if source.trailer or translation.trailer:  # the footnotes, each language's below
            body += _row(source.trailer, translation.trailer, False, source_lang, translation_lang)
        return body

    def rendered(self, number: int, page: Page) -> parallel.RenderedPage:
        """A page's Markdown as HTML elements grouped by block, with ids, links and images
        fixed for print."""
        self.markdown.reset()
        # The publishing policy holds in PDFs too (no javascript: links, no frames).
        rendered = parallel.cut(page, self.markdown.convert(parallel.marked(page)), policy.clean)
        elements = rendered.elements() + rendered.trailer
        first_h1 = next((e for e in elements if e.tag == "h1"), None)
        for element in elements:
            for node in element.iter():
                self._fix(node, number, page, is_title=node is first_h1)
        administrative.lay_out(rendered)
        for element in rendered.elements() + rendered.trailer:
            _typeset(element, self.names)
        return rendered

    def _fix(self, node, number: int, page: Page, is_title: bool) -> None:
        if not isinstance(node.tag, str):
            return
        if node.get("class") == "headerlink":
            node.getparent().remove(node)
            return
        if node.get("id"):
            node.set("id", f"c{number}-{node.get('id')}")
        if is_title:  # the running heads, set from here: both languages in a bilingual book
            node.set("class", "chapter-title")
            node.set("data-chapter", self.running_chapter)
            node.set("data-publication", " / ".join(self.title(lang) for lang in self.langs))
        if node.tag == "a" and node.get("href"):
            node.set("href", self._link(node.get("href"), number, page))
        if node.tag == "img" and node.get("src"):
            self._image(node, page)

    def _link(self, href: str, number: int, page: Page) -> str:
        if href.startswith("#"):
            return f"#c{number}-{href[1:]}"
        if EXTERNAL.match(href):
            return href
        path, _, anchor = href.partition("#")
        target = PurePosixPath(posixpath.normpath((page.rel.parent / path).as_posix()))
        if target in self.numbers:
            chapter = self.numbers[target]
            return f"#c{chapter}-{anchor}" if anchor else f"#c{chapter}"
        return self.model.project.url_of(page.lang, target) + (f"#{anchor}" if anchor else "")

    def _image(self, node, page: Page) -> None:
        src = node.get("src")
        line = _line_of(page, src)
        if EXTERNAL.match(src):
            self.findings.append(Finding(
                page.display_path, line, "pdf-external-resource",
                _("the image {src} is not a file of the project; PDFs may only use files "
                  "inside the project: download it into the page's folder and link it "
                  "there").format(src=src),
                ERROR, page.lang))
            return
        file = self._image_file(page, src)
        if file is None:
            self.findings.append(Finding(
                page.display_path, line, "missing-image",
                _("image {src} is not a file inside the project next to this page; put the "
                  "image in the page's folder and link it by its name").format(src=src),
                ERROR, page.lang))
            return
        self.inputs.append(file)
        self.place_image(node, file, page, line)

    def place_image(self, node, file: Path, page: Page | None, line: int = 1,
                    width: float | None = None) -> float:
        """Point the image at its rendition for this profile; return the widest (mm) it
        may be placed at the profile's resolution (0 when it cannot be read). The
        rendition's height for a width of 1 is kept in the node's data-ratio."""
        width = width or self.geometry.column_width(len(self.langs))
        try:
            rendition, widest = images.rendition(
                file, self.profile.colour, self.profile.image_ppi, width,
                self.model.project.output_intent.profile,
                self.image_cache)
        except images.UnreadableImage as error:
            where = page or self.publication.index
            self.findings.append(Finding(
                where.display_path, _line_of(where, file.name), "unreadable-image",
                _("{name} cannot be read as an image ({reason}); open it in an image editor "
                  "and save it again as JPEG or PNG").format(name=file.name, reason=error),
                ERROR, where.lang))
            return 0.0
        node.set("src", book_url(rendition, self.model.project.root))
        with Image.open(rendition) as placed:  # the header only
            node.set("data-ratio", f"{placed.height / placed.width:.6f}")
        # Down to the hundredth of a millimetre, never up: a rounded-up width would place
        # the image a hair below the profile's resolution.
        widest = math.floor(widest * 100) / 100
        node.set("style", f"max-width: min(100%, {widest:.2f}mm)")
        if self.profile.colour == "cmyk" and widest < width * 0.5 and page is not None:
            self.findings.append(Finding(
                page.display_path, line, "low-resolution-image",
                _("{name} prints at most {width} mm wide at {ppi} ppi; supply a larger "
                  "original for print").format(name=file.name, width=f"{widest:.0f}",
                                               ppi=self.profile.image_ppi),
                WARNING, page.lang))
        return widest

    def _image_file(self, page: Page, src: str) -> Path | None:
        """The image file a page names, found by the content model's one resolver."""
        found = self.model.files.resolve(page.lang, page.rel, src)
        return found.file.path if found.file is not None and found.file.kind == "image" else None


def _line_of(page: Page, needle: str) -> int:
    offset = page.text.find(needle)
    return page.text.count("\n", 0, offset) + 1 if offset >= 0 else page.body_line


def _serialise(element) -> str:
    return etree.tostring(element, encoding="unicode", method="html")


def _row(source: list, translation: list, aligned: bool, source_lang: str,
         translation_lang: str) -> str:
    return _render("row.html", aligned=aligned, source_lang=source_lang,
                   translation_lang=translation_lang,
                   source="".join(_serialise(element) for element in source),
                   translation="".join(_serialise(element) for element in translation))


UNTOUCHED = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


def _typeset(element, names: re.Pattern | None = None) -> None:
    """Curly quotes and dashes in the text; the runs that must not break across lines
    (document numbers, issue labels, dates) kept whole and proper names (`names`, from
    typography.name_words) never hyphenated; code is left as it is."""
    if not isinstance(element.tag, str) or element.tag in UNTOUCHED:
        return
    for child in list(element):
        _typeset(child, names)
    if element.text:
        element.text = typography.refine(element.text)
        _wrap_runs(element, None, names)
    for child in list(element):
        if child.tail:
            child.tail = typography.refine(child.tail)
            _wrap_runs(element, child, names)


def _wrap_runs(parent, after, names: re.Pattern | None) -> None:
    """Wrap each run of parent.text (after is None) or of after.tail in a span whose class
    is the run's kind (typography.NOBR, typography.NAME; book.css styles both)."""
    text = parent.text if after is None else after.tail
    runs = typography.runs(text, names)
    if not runs:
        return
    position = 0 if after is None else parent.index(after) + 1
    pieces, start = [], 0
    for begin, end, kind in runs:
        pieces.append((text[start:begin], text[begin:end], kind))
        start = end
    if after is None:
        parent.text = pieces[0][0]
    else:
        after.tail = pieces[0][0]
    for number, (_before, run, kind) in enumerate(pieces):
        span = lxml_html.Element("span", {"class": kind})
        span.text = run
        span.tail = pieces[number + 1][0] if number + 1 < len(pieces) else text[start:]
        parent.insert(position + number, span)


def _bilingual_table(source: list, translation: list, translation_lang: str):
    """Two tables of the same shape as one, each cell holding the source above its
    translation: never two tables side by side, each squeezed into half the text width.
    None when the blocks are not one table each of the same rows and columns."""
    if not (len(source) == len(translation) == 1
            and source[0].tag == translation[0].tag == "table"):
        return None
    mine, theirs = _cells(source[0]), _cells(translation[0])
    if [len(row) for row in mine] != [len(row) for row in theirs]:
        return None
    merged = copy.deepcopy(source[0])
    merged.set("class", "bilingual-table")
    for row, translated_row in zip(_cells(merged), theirs):
        for cell, translated in zip(row, translated_row):
            if _words(cell) == _words(translated):
                continue  # a number, a date or a name the same in both: printed once
            part = lxml_html.Element("span", {"class": "cell-translation",
                                              "lang": translation_lang})
            part.text = translated.text
            for child in translated:
                part.append(copy.deepcopy(child))
            cell.append(part)
    return merged


def _words(cell) -> list[str]:
    return cell.text_content().split()


def _cells(table) -> list[list]:
    return [row.findall("th") + row.findall("td") for row in table.iter("tr")]


def _render(template: str, **values) -> str:
    return TEMPLATES.get_template(template).render(**values)


COVER_ART_SHARE = {False: 0.5, True: 0.4}
"""The most of the trimmed page's height the cover art takes: one language, two."""
SMALL_TRIM_MM = 180
"""On a page less tall than this (A6), the cover art gives up another tenth of the page."""


def _proper_names(root: Path):
    """The glossary's names as typography.name_words makes them, read once per state of
    the glossary file: every book of a build uses them."""
    path = root / glossaries.GLOSSARY_FILE
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    return _name_words(root, stamp)


@functools.lru_cache(maxsize=4)
def _name_words(root: Path, stamp: int | None):
    return typography.name_words(glossaries.load(root).names)


def _cover_art(context: _Context, file: Path) -> str:
    """The cover art over the bleed, as the background of a block: decoration, which a
    tagged PDF marks as an artifact rather than a figure without alternative text."""
    node = lxml_html.fragment_fromstring("<img>")
    geometry = context.geometry
    full = geometry.width + 2 * geometry.bleed
    widest = context.place_image(node, file, None, width=full)
    if not widest:
        return ""
    width = min(full, widest)
    # The art takes at most its share of the page (less on a bilingual cover, which
    # carries the title twice), cropped about its centre, so the text always fits below.
    share = COVER_ART_SHARE[len(context.langs) > 1] - 0.1 * (geometry.height < SMALL_TRIM_MM)
    height = min(width * float(node.get("data-ratio")),
                 geometry.height * share + geometry.bleed)
    url = node.get("src").replace("\\", "%5C").replace('"', "%22")
    return (f'<div class="cover-image" role="presentation" style="background-image: '
            f'url(&quot;{url}&quot;); width: {width:.2f}mm; height: {height:.2f}mm; '
            f'margin: -{geometry.bleed}mm 0 0 -{geometry.bleed}mm"></div>')


def _cover(context: _Context) -> str:
    facts = context.publication.facts
    image = ""
    found = context.model.cover_of(context.publication)
    if found is not None:
        file = found.file.path if found.file is not None else None
        if file is not None:
            context.inputs.append(file)
            image = _cover_art(context, file)

    parts = [{"lang": lang, "kind": _cover_kind(facts.kind, context.langs, lang),
              "title": context.title(lang), "subtitle": _subtitle(context, lang),
              "when": when(facts, lang)} for lang in context.langs]
    return _render("cover.html", image=image, parts=parts,
                   publisher=" · ".join(label("publisher", lang) for lang in context.langs))


def _cover_kind(kind: str, langs: tuple[str, ...], lang: str) -> str:
    """What the cover says the edition is: a booklet is bilingual only in the bilingual
    edition; its Vietnamese or English edition is a publication in that language."""
    if kind == "booklet" and len(langs) == 1:
        return label("kind.booklet.one-language", lang)
    return label("kind." + kind, lang)


def _subtitle(context: _Context, lang: str) -> str | None:
    page = context.model.page(lang, context.publication.index.rel)
    return getattr(page.meta, "subtitle", None) if page else None


def _imprint_page(context: _Context) -> str:
    """Page 2, the back of the cover: the imprint in each language of the edition, with the
    facts the publication gives (licence, person responsible, printer…) and its size."""
    facts = context.publication.facts
    parts = [{"lang": lang, "imprint": [
        (label("imprint.publisher", lang), label("publisher", lang)),
        (label("imprint.date", lang), when(facts, lang)),
        (label("imprint.edition", lang),
         f'{edition_label(context.edition.name, lang, context.model.source_lang)} — '
         f'{label("profile." + context.profile.name, lang)}'),
        *_imprint_facts(facts, lang)],
        "not_for_sale": label("imprint.not_for_sale", lang)
        if facts.imprint.not_for_sale == "yes" else ""} for lang in context.langs]
    return _render("imprint-page.html", parts=parts)


def _imprint_facts(facts, lang: str) -> list[tuple[str, str]]:
    """The imprint facts given, in the order of IMPRINT_FACTS, and the trimmed size."""
    imprint, rows = facts.imprint, []
    for key in IMPRINT_FACTS:
        value = getattr(imprint, key)
        if value is None:
            continue
        if key == "licence_date":
            value = format_date(value, lang)
        elif key == "print_run":
            value = label("imprint.print_run.copies", lang, count=format_number(value, lang))
        rows.append((label("imprint." + key, lang), str(value)))
    trim = facts.print.trim_size
    size = f"{format_number(trim.width_mm, lang)} × {format_number(trim.height_mm, lang)} mm"
    return rows + [(label("imprint.size", lang), size)]


def _title_page(context: _Context) -> str:
    """Page 3, a right-hand page: the title and subtitle in each language."""
    parts = [{"lang": lang, "title": context.title(lang), "subtitle": _subtitle(context, lang)}
             for lang in context.langs]
    return _render("title-page.html", parts=parts)


def _back_cover(context: _Context) -> str:
    """The outside back cover of a printed book: the publisher, the site's address and a
    line in each language; never body text. Pages that pad the book go before it."""
    project = context.model.project
    parts = [{"lang": lang, "title": context.title(lang), "publisher": label("publisher", lang),
              "line": label("back.line", lang)} for lang in context.langs]
    return _render("back-cover.html", parts=parts, address=project.site_url,
                   source=context.publication.index.display_path)


def _contents(context: _Context, chapters: list[tuple[str, dict[str, str]]]) -> str:
    if len(chapters) < 2:
        return ""  # one chapter needs no contents
    items = [{"number": number, "titles": [(lang, titles[lang]) for lang in context.langs]}
             for number, (_chapter, titles) in enumerate(chapters, 1)]
    return _render("contents.html", items=items,
                   heading=" · ".join(label("contents", lang) for lang in context.langs),
                   page_label=" · ".join(label("page", lang) for lang in context.langs))


def _document(context: _Context, body: str, stamp: datetime.datetime, draft: bool) -> str:
    geometry, langs = context.geometry, context.langs
    title = " / ".join(context.title(lang) for lang in langs)
    created = stamp.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    project_root = context.model.project.root
    page_rules = fonts.font_faces(context.fonts, lambda path: book_url(path, project_root))
    page_rules += context.stacks
    page_rules += (f"@page {{ size: {geometry.width}mm {geometry.height}mm; "
                  f"bleed: {geometry.bleed}mm; margin-left: {geometry.side}mm; "
                  f"margin-right: {geometry.side}mm; }}"
                  f"html {{ font-size: {9.5 if geometry.width < 180 else 10.5}pt; "
                  f"--trim-height: {geometry.height}mm; }}")
    if context.profile.colour == "cmyk":  # the project's printing condition (print.css)
        profile = book_url(context.model.project.output_intent.profile,
                           context.model.project.root)
        page_rules += (f'@color-profile device-cmyk {{ src: url("{profile}"); '
                       "components: cyan, magenta, yellow, black; }")
    if draft:
        words = " · ".join(dict.fromkeys(label("draft", lang) for lang in langs))
        page_rules += (f'@page {{ @top-center {{ content: "{words}"; }} }} '
                       f'.cover-kind::after {{ content: " · {words}"; }}')
    description = next((page.meta.description for lang in langs
                        if (page := context.model.page(lang, context.publication.index.rel))
                        and page.meta.description), "")
    return _render(
        "document.html", lang=langs[0], title=title, author=label("publisher", langs[0]),
        description=description, created=created, page_rules=page_rules, body=body,
        stylesheets=[f"{ASSETS_URL}pdf/{quote(name)}"
                     for name in ("book.css", context.profile.stylesheet)],
        body_class=f"edition-{context.edition.name} profile-{context.profile.name} "
                   + ("edition-bilingual " if len(langs) > 1 else "")
                   + f"binding-{context.publication.facts.print.binding}"
                   + (" draft" if draft else ""))
