"""PDFs: every edition of every publication in every profile, rendered in parallel and cached.

A PDF is rendered again only when its inputs change: the book's HTML (all its text, its
date stamp), the files it uses (images, stylesheets, fonts, ICC profile), the profile and
this code. The cache lives in .cache/pdf/ and is keyed by a hash of those inputs; beside
each <key>.pdf a <key>.json says which source page each PDF page comes from.

Books address files in a URL space that does not depend on where the repository lives
(book.PROJECT_URL, book.ASSETS_URL), so two checkouts at different paths make byte-identical
PDFs; the fetcher maps that space to the real folders and refuses every other address.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime
import hashlib
import html
import json
import logging
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_tools.base.exceptions import BdpubError
from build_tools.base.findings import ERROR, WARNING, Finding
from build_tools.base.messages import _
from build_tools.base.resources import PACKAGE_DIR
from build_tools.base.workers import cores
from build_tools.base.workers import pool as workers_pool
from build_tools.content.editions import BINDING_PAGE_MULTIPLE, PROFILES
from build_tools.content.history import History
from build_tools.content.localize import label
from build_tools.content.model import ContentModel, Publication
from build_tools.pdf import book as books
from build_tools.pdf import fonts


@dataclasses.dataclass(frozen=True)
class Rendition:
    """One rendered PDF: which edition and profile, where it is cached, how many pages."""

    publication: Publication
    edition: str
    profile: str
    file: Path
    pages: int
    rendered: bool
    draft: bool = False
    page_sources: tuple[str, ...] = ()
    """For each page, the display path of the source page printed on it (docs/vi/…/x.md):
    the chapter that runs on it, or the publication's index.md for the pages before the
    first chapter (cover, title page, contents)."""
    short_pages: tuple[tuple[int, int], ...] = ()
    """(page, lines) of each chapter ending with a page too short even when fitted tighter."""

    def source_of(self, page: int | None) -> str:
        """The source of a page (numbered from 1); the index.md for None, or when the
        page is not known."""
        if page is not None and 1 <= page <= len(self.page_sources):
            return self.page_sources[page - 1]
        return self.publication.index.display_path

    @property
    def name(self) -> str:
        return f"{self.publication.slug}-{self.edition}-{self.profile}.pdf"


@dataclasses.dataclass(frozen=True)
class RenderJob:
    """What a worker process needs to render one PDF."""

    html: str
    base_url: str
    roots: tuple[tuple[str, str], ...]
    """(URL prefix, folder): the URL space the book may read, e.g. book.PROJECT_URL and the
    project's root."""
    variant: str
    page_multiple: int
    target: str
    front: str = ""
    """The source the pages before the first chapter belong to: the publication's index.md."""
    chapters: tuple[tuple[str, str], ...] = ()
    """(element id, source display path) of each chapter, in order."""
    links: bool = True
    """Keep link annotations (the profile's `links`)."""
    notes: str = "Notes"
    """The title of the ruled pages that pad the book, in the edition's languages."""
    notes_rules: int = 12
    """How many 9 mm rules a notes page holds at this trim size."""
    output_intent: tuple[str, str, str] = ()
    """Print: (identifier, condition, registry) of the printing condition, written into
    the PDF/X output intent."""


@dataclasses.dataclass(frozen=True)
class Rendered:
    """What a worker made: the page count and the source of every page."""

    pages: int
    page_sources: tuple[str, ...]
    short_pages: tuple[tuple[int, int], ...] = ()
    """(page, lines) of each chapter's last page that holds fewer than SHORT_PAGE_LINES
    lines even after copyfitting."""


def render_all(model: ContentModel, history: History, cache_root: Path,
               workers: int | None = None, progress=None, drafts: bool = False
               ) -> tuple[list[Rendition], list[Finding]]:
    """Render what changed, reuse the rest; stop on errors found while making the books.
    An edition whose translation is incomplete is left out, or with `drafts` made from the
    source where the translation is missing and stamped DRAFT."""
    progress = progress or _progress
    books_made, findings = [], []
    for publication in model.publications:
        stamp = source_date(model, publication, history)
        for edition in publication.editions:
            for profile in PROFILES.values():
                try:
                    made = books.make_book(model, publication, edition, profile, stamp,
                                           cache_root / "images", draft_if_incomplete=drafts)
                except fonts.CjkFontsMissing as missing:
                    findings.append(_no_fonts(publication, str(missing)))
                    break
                findings.extend(made.findings)
                if made.missing and not drafts:
                    findings.append(_incomplete(made))
                    continue
                books_made.append(made)
    findings = sorted(set(findings))
    if any(finding.severity == ERROR for finding in findings):
        return [], findings
    renditions = _render(books_made, model.project.root, cache_root / "pdf", workers, progress)
    short = [_short_page(rendition, page, lines) for rendition in renditions
             for page, lines in rendition.short_pages]
    return renditions, sorted(set(findings + short))


def _short_page(rendition: Rendition, page: int, lines: int) -> Finding:
    """A chapter ends with a page of a few lines, even set one step tighter."""
    source = rendition.source_of(page)
    titles = {chapter.display_path: chapter.title for chapter in rendition.publication.source_pages}
    return Finding(source, 1, "short-page", _(
        "{pdf} page {page}: the chapter “{chapter}” ends with a page of {lines} line(s), even "
        "set tighter or looser; shorten the chapter by a few lines or lengthen it, so that "
        "its last page holds at least {least}").format(
            pdf=rendition.name, page=page, chapter=titles.get(source, source), lines=lines,
            least=SHORT_PAGE_LINES), WARNING, rendition.publication.index.lang)


def _no_fonts(publication, reason: str) -> Finding:
    index = publication.index
    return Finding(index.display_path, index.meta.publication.lines.get("editions", 1),
                   "missing-fonts", reason, ERROR, index.lang)


def _incomplete(made: books.Book) -> Finding:
    first = made.missing[0]
    return Finding(made.publication.index.display_path, 1, "incomplete-edition",
                   _("the {edition} {profile} PDF is not made: {count} page(s) are not "
                     "translated yet, first {first} (bdpub build --draft-editions makes it "
                     "anyway, stamped DRAFT)").format(
                       edition=made.edition.name, profile=made.profile.name,
                       count=len(made.missing), first=first),
                   WARNING, made.edition.languages[-1])


def _code() -> bytes:
    """bdpub's own code, part of every PDF's cache key (with typesetting_stack()): any
    change to it may change a PDF."""
    files = sorted((path.relative_to(PACKAGE_DIR).as_posix(), path)
                   for path in PACKAGE_DIR.rglob("*.py"))
    return b"".join(name.encode() + b"\0" + path.read_bytes() for name, path in files)


HARFBUZZ_SUBSET_LEAST = (4, 1, 0)
"""WeasyPrint subsets fonts with HarfBuzz from this version on, else with fontTools."""


def typesetting_stack() -> bytes:
    """The libraries that decide a PDF's bytes besides bdpub's code, part of the cache key:
    WeasyPrint, pydyf and fontTools (locked in requirements.lock) and the system's Pango
    and HarfBuzz. Fonts are subset one way only, with HarfBuzz's subsetter: WeasyPrint
    falls back to fontTools without it and the PDFs then differ, so its absence stops the
    build (the Makefile installs libharfbuzz-subset0)."""
    import ctypes
    import ctypes.util

    import fontTools
    import pydyf
    import weasyprint
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset, pango

    if harfbuzz_subset is None or not harfbuzz.hb_version_atleast(*HARFBUZZ_SUBSET_LEAST):
        raise BdpubError(_(
            "PDFs need HarfBuzz's font subsetter (libharfbuzz-subset, version {least} or "
            "later), so that every machine embeds the same font subsets: install it with "
            "`apt-get install libharfbuzz-subset0` (make build does) and build again").format(
                least=".".join(map(str, HARFBUZZ_SUBSET_LEAST))))
    library = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
    library.hb_version_string.restype = ctypes.c_char_p
    versions = {"weasyprint": weasyprint.__version__, "pydyf": pydyf.__version__,
                "fonttools": fontTools.version, "pango": str(pango.pango_version()),
                "harfbuzz": library.hb_version_string().decode()}
    return json.dumps(versions, sort_keys=True).encode()


def _render(made: list[books.Book], root: Path, cache: Path, workers: int | None,
            progress) -> list[Rendition]:
    cache.mkdir(parents=True, exist_ok=True)
    code = _code() + b"\0" + typesetting_stack()
    planned = []
    for book in made:
        key = _key(book, code)
        planned.append((book, cache / f"{key}.pdf"))
    known = {target: cached for _, target in planned if (cached := _cached(target))}
    todo = [(book, target) for book, target in planned if target not in known]
    if todo:
        known.update(_render_in_parallel(todo, root, workers, progress))
    progress(_("PDF: {rendered} rendered, {unchanged} unchanged (cache)").format(
        rendered=len(todo), unchanged=len(planned) - len(todo)))
    return [Rendition(book.publication, book.edition.name, book.profile.name, target,
                      known[target].pages, (book, target) in todo, bool(book.missing),
                      known[target].page_sources, known[target].short_pages)
            for book, target in planned]


def _key(book: books.Book, code: bytes) -> str:
    """The hash of everything a PDF is made of. No absolute path goes in: the HTML names
    files in the books' URL space and the inputs count by name and content."""
    digest = hashlib.sha256(code)
    digest.update(repr((dataclasses.astuple(book.profile), book.output_intent)).encode())
    digest.update(book.html.encode("utf-8"))
    inputs = {(path.name, hashlib.sha256(path.read_bytes()).digest()) for path in book.inputs}
    for name, content in sorted(inputs):
        digest.update(name.encode() + content)
    return digest.hexdigest()[:32]


def sidecar(target: Path) -> Path:
    """Where the page sources of a cached PDF are kept: <key>.json beside <key>.pdf."""
    return target.with_suffix(".json")


def _cached(target: Path) -> Rendered | None:
    """A cached PDF with its page sources; None when it is missing, cannot be opened or
    does not agree with its sidecar: it is rendered again."""
    if not target.exists():
        return None
    try:
        data = json.loads(sidecar(target).read_text(encoding="utf-8"))
        sources = tuple(str(source) for source in data["page_sources"])
        pages = _page_count(target)
    except Exception:  # a damaged cache entry is made again, whatever broke
        return None
    short = tuple((int(page), int(lines)) for page, lines in data.get("short_pages", ()))
    return Rendered(pages, sources, short) if pages == len(sources) == data.get("pages") else None


def url_space(root: Path) -> tuple[tuple[str, str], ...]:
    """The books' URL space: the project (its .cache/ included) and bdpub's assets."""
    return ((books.PROJECT_URL, str(root)), (books.ASSETS_URL, str(books.ASSETS)))


BACK_COVER = "back-cover"
"""The id of the outside back cover, the page the padding goes before."""
CHAPTER = re.compile(r'<section class="chapter" id="([^"]+)"[^>]*? data-source="([^"]*)"')


def job_for(book: books.Book, root: Path, target: Path) -> RenderJob:
    """The worker's job for one book."""
    binding = book.publication.facts.print.binding
    multiple = BINDING_PAGE_MULTIPLE[binding] if book.profile.pad_pages else 1
    chapters = tuple((anchor, html.unescape(source))
                     for anchor, source in CHAPTER.findall(book.html))
    front = book.publication.index.display_path
    if f'id="{BACK_COVER}"' in book.html:
        chapters += ((BACK_COVER, front),)
    return RenderJob(book.html, books.ASSETS_URL + "pdf/book.css", url_space(root),
                     book.profile.pdf_variant, multiple, str(target), front, chapters,
                     book.profile.links,
                     " · ".join(label("notes", lang) for lang in book.edition.languages),
                     _notes_rules(book.publication.facts.print.trim_size.height_mm),
                     book.output_intent)


def _notes_rules(height_mm: float) -> int:
    """Rules of 9 mm that fit under the notes title between the 20 mm top and bottom
    margins (book.css), at most twelve."""
    return max(0, min(12, int((height_mm - 56) // 9)))


def _render_in_parallel(todo, root: Path, workers: int | None,
                        progress) -> dict[Path, Rendered]:
    """Render every job; report every failure at once, after all jobs have finished."""
    jobs = {target: (book, job_for(book, root, target)) for book, target in todo}
    workers = max(1, min(workers or cores(), len(jobs)))
    made, refused, failed = {}, [], []
    started = time.monotonic()
    with workers_pool(workers) as pool:
        futures = {pool.submit(render_job, job): target for target, (_, job) in jobs.items()}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            target = futures[future]
            book = jobs[target][0]
            what = f"{book.publication.slug} {book.edition.name} {book.profile.name}"
            try:
                made[target] = future.result()
            except RefusedURL as refusal:
                refused.append(_refusal(book, refusal.url))
                continue
            except Exception as error:  # reported with the book it came from
                failed.append(_failure(book, error))
                continue
            progress(f"[{done}/{len(jobs)}] {what}: {made[target].pages} pages "
                     f"({time.monotonic() - started:.1f} s)")
    problems = []
    if refused:
        problems.append(_("PDFs may only use files inside the project:") + "\n  "
                        + "\n  ".join(sorted(refused)))
    if failed:
        problems.append(_("PDFs could not be made:") + "\n  " + "\n  ".join(sorted(failed)))
    if problems:
        raise BdpubError("\n".join(problems))
    return made


def _failure(book: books.Book, error: BaseException) -> str:
    """One line naming the publication, the edition and the profile, and what to do."""
    if isinstance(error, RenderProblem):
        reason = str(error)
    elif isinstance(error, concurrent.futures.BrokenExecutor):
        reason = _("the process rendering it stopped unexpectedly")
    else:
        reason = f"{type(error).__name__}: {error}"
    return f"{book.publication.index.display_path}:1: " + _(
        "the {edition} {profile} PDF could not be made: {reason}; check the images and any "
        "HTML written into its pages, then build again (if it persists, delete the .cache "
        "folder and build again)").format(edition=book.edition.name,
                                          profile=book.profile.name, reason=reason)


def _refusal(book: books.Book, url: str) -> str:
    name = Path(unquote(urlsplit(url).path)).name
    shown = _shown_url(url)
    for page in book.publication.source_pages:
        if url in page.text or (name and name in page.text):
            offset = page.text.find(url) if url in page.text else page.text.find(name)
            line = page.text.count("\n", 0, max(offset, 0)) + 1
            return f"{page.display_path}:{line}: {shown} (in {book.publication.slug})"
    return f"{book.publication.index.display_path}: {shown} (in {book.publication.slug})"


def _shown_url(url: str) -> str:
    """A refused address as the editor knows it: a project path rather than a book URL."""
    if url.startswith(books.PROJECT_URL):
        return unquote(url[len(books.PROJECT_URL):]) + " " + _("(no such file)")
    return url


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class RefusedURL(Exception):
    """A book asked for something outside the project."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


class RenderProblem(Exception):
    """Rendering failed; the message says how, in one line (it crosses process bounds)."""


def render_job(job: RenderJob) -> Rendered:
    """Render one PDF (in a worker process); return its page count and page sources.
    Raises RefusedURL for an address outside the book's URL space and RenderProblem for
    anything else that goes wrong; nothing is left in the cache then."""
    from weasyprint.urls import FatalURLFetchingError

    from build_tools.pdf.fetcher import ProjectFetcher

    fetcher = ProjectFetcher(tuple((prefix, Path(folder)) for prefix, folder in job.roots))
    target = Path(job.target)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        with _LoadErrors() as load_errors:
            document, short = _copyfitted(job, fetcher)
            missing = -len(document.pages) % job.page_multiple
            if missing:  # before the back cover, if the book has one
                padding = _render_html(_padding(job, missing), job, fetcher)
                if len(padding.pages) != missing:  # a notes page ran over: blank pages then
                    padding = _render_html(_padding(job, missing, ruled=False), job, fetcher)
                pages = document.pages
                last = len(pages) - (BACK_COVER in pages[-1].anchors)
                document = document.copy(pages[:last] + padding.pages + pages[last:])
        if load_errors.messages:
            raise RenderProblem("; ".join(dict.fromkeys(load_errors.messages)))
        sources = page_sources([set(page.anchors) for page in document.pages],
                               job.front, job.chapters)
        if not job.links:  # the contents keep their page numbers, laid out already
            for page in document.pages:
                page.links.clear()
        with _languages_in_structure():
            document.write_pdf(partial, pdf_variant=job.variant,
                               finisher=_finisher(target.stem, job.output_intent))
        _write_atomically(sidecar(target), json.dumps(
            {"pages": len(sources), "page_sources": list(sources),
             "short_pages": [list(item) for item in short]},
            ensure_ascii=False, indent=0).encode("utf-8"))
        os.replace(partial, target)
    except FatalURLFetchingError:
        partial.unlink(missing_ok=True)
        raise RefusedURL(fetcher.refused) from None
    except RenderProblem:
        partial.unlink(missing_ok=True)
        raise
    except Exception as error:  # any failure becomes one line for the editor
        partial.unlink(missing_ok=True)
        raise RenderProblem(f"{type(error).__name__}: {error}") from None
    return Rendered(len(sources), sources, tuple(short))


SHORT_PAGE_LINES = 5
"""A chapter's last page holds at least this many lines, or the chapter is set tighter."""
FIT_STEPS = ("fit-1", "fit-2", "fit-loose")
"""Classes that set a chapter one and two steps tighter (leading and spacing, book.css),
then, when tighter setting cannot pull the last lines back, one step looser, which sends
more lines to the short page instead."""


def _copyfitted(job: RenderJob, fetcher):
    """The book laid out so that no chapter ends with a page of fewer than
    SHORT_PAGE_LINES lines where other setting avoids it: each chapter that does is set
    one step further (FIT_STEPS) and the book laid out again, up to the last step. The
    layout kept is the one with the fewest short pages, then the fewest pages. Returns the
    document and the (page, lines) of the short pages that remain."""

    def laid_out(steps: dict[str, int]):
        html_text = job.html
        for anchor, step in steps.items():
            html_text = html_text.replace(f'<section class="chapter" id="{anchor}"',
                                          f'<section class="chapter {FIT_STEPS[step - 1]}" '
                                          f'id="{anchor}"', 1)
        document = _render_html(html_text, job, fetcher)
        return document, _short_endings(document, job.chapters)

    document, short = laid_out({})
    steps, trial_short = {}, short
    while trial_short:
        tighter = {anchor: steps[anchor] + 1 if anchor in steps else _first_step(lines, before)
                   for _page, lines, anchor, before in trial_short
                   if steps.get(anchor, 0) < len(FIT_STEPS)}
        if not tighter:
            break
        steps = {**steps, **tighter}
        trial, trial_short = laid_out(steps)
        if (len(trial_short), len(trial.pages)) < (len(short), len(document.pages)):
            document, short = trial, trial_short
    return document, [(page, lines) for page, lines, _anchor, _before in short]


FIT_GAIN = (0.05, 0.10)
"""The share of a chapter's lines that FIT_STEPS' tighter steps pull back, at least."""


def _first_step(lines: int, before: int) -> int:
    """The step to try first (numbered from 1) for a chapter whose last page holds `lines`
    lines after `before` lines on its other pages: the first tighter step that pulls back
    that many, else the looser one. A book is laid out once more per step tried, so the
    steps that cannot help are skipped."""
    share = lines / max(before, 1)
    return next((step for step, gain in enumerate(FIT_GAIN, 1) if share <= gain),
                len(FIT_STEPS))


def _render_html(html_text: str, job: RenderJob, fetcher=None):
    """Lay out a book's HTML in the job's URL space."""
    import weasyprint

    from build_tools.pdf.fetcher import ProjectFetcher

    fetcher = fetcher or ProjectFetcher(tuple((prefix, Path(folder))
                                              for prefix, folder in job.roots))
    return weasyprint.HTML(string=html_text, base_url=job.base_url,
                           url_fetcher=fetcher).render()


def _short_endings(document, chapters: tuple[tuple[str, str], ...]
                   ) -> list[tuple[int, int, str, int]]:
    """(page, lines, chapter id, lines on its other pages) of each chapter of two pages or
    more whose last page holds fewer than SHORT_PAGE_LINES lines of text."""
    ids = [anchor for anchor, _source in chapters if anchor != BACK_COVER]
    on_pages = [set(page.anchors) for page in document.pages]
    short = []
    for anchor in ids:
        pages = [number for number, anchors in enumerate(on_pages) if anchor in anchors]
        if len(pages) < 2:
            continue
        lines = _lines_on(document.pages[pages[-1]])
        if 0 < lines < SHORT_PAGE_LINES:
            before = sum(_lines_on(document.pages[number]) for number in pages[:-1])
            short.append((pages[-1] + 1, lines, anchor, before))
    return short


def _lines_on(page) -> int:
    """Lines of text in a page's body (running heads and folios aside): side-by-side
    columns count once per line position."""
    from weasyprint.formatting_structure import boxes

    positions = set()
    pending = [page._page_box]
    while pending:
        box = pending.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        if isinstance(box, boxes.LineBox):
            if any(isinstance(child, boxes.TextBox) and child.text.strip()
                   for child in box.descendants()):
                positions.add(round(box.position_y))
            continue
        if isinstance(box, boxes.ParentBox):
            pending.extend(box.children)
    return len(positions)


def page_sources(anchors: list[set[str]], front: str,
                 chapters: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The source of each page, given the anchors (element ids) on each page. WeasyPrint
    lists a chapter's id on every page its section runs on, so a page is the first chapter
    seen on it; a page without one (a blank page the layout or the binding adds) stays
    with the last chapter seen, and the pages before the first chapter (cover, title page,
    contents) are `front`'s."""
    order = {anchor: number for number, (anchor, _) in enumerate(chapters)}
    current, sources = front, []
    for on_page in anchors:
        seen = sorted(order[anchor] for anchor in on_page if anchor in order)
        sources.append(chapters[seen[0]][1] if seen else current)
        if seen:
            current = chapters[seen[-1]][1]
    return tuple(sources)


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)


class _LoadErrors(logging.Handler):
    """WeasyPrint logs a resource it cannot load (an image, a stylesheet, a font) and goes
    on without it; a printed book must not silently lose a picture, so those are failures."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Failed to"):
            self.messages.append(message)

    def __enter__(self) -> "_LoadErrors":
        logging.getLogger("weasyprint").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("weasyprint").removeHandler(self)


@contextlib.contextmanager
def _languages_in_structure():
    """WeasyPrint tags a screen PDF's structure (PDF/UA) but gives only the catalog a
    /Lang; while this is in force, the structure element of every HTML element with a lang
    attribute carries it, so that a screen reader reads the English column of a bilingual
    book in English. Elements of the same box inherit it through the structure tree."""
    import pydyf
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def build_with_language(box, *rest):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and box.element_tag else None
        for made in build(box, *rest):
            if lang and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            yield made

    tags._build_box_tree = build_with_language
    try:
        yield
    finally:
        tags._build_box_tree = build


def _finisher(key: str, output_intent: tuple[str, str, str]):
    """What is written into the PDF after WeasyPrint: a DocumentID derived from the
    inputs' hash (WeasyPrint writes a random one, which would make every build's PDF
    differ), and the printing condition named in the output intent (WeasyPrint names it
    after the CSS colour profile, "device-cmyk")."""
    import uuid

    import pydyf

    document_id = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'bdpub:' + key)}".encode()

    def finish(document, pdf) -> None:
        for stream in pdf.objects:
            if getattr(stream, "extra", {}).get("Type") == "/Metadata":
                stream.stream = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", document_id, part)
                                 for part in stream.stream]
        if output_intent:
            identifier, condition, registry = output_intent
            for intent in pdf.catalog.get("OutputIntents", ()):
                intent["OutputConditionIdentifier"] = pydyf.String(identifier)
                intent["OutputCondition"] = pydyf.String(condition)
                intent["RegistryName"] = pydyf.String(registry)
                intent["Info"] = pydyf.String(condition)
    return finish


def _padding(job: RenderJob, count: int, ruled: bool = True) -> str:
    """Pages that bring a book to its binding's multiple: ruled pages for notes, then one
    blank page (the inside of the back cover), so that no two blank pages follow."""
    head = job.html.split("<body", 1)[0]
    notes = ('<div class="notes"><p class="notes-title">' + html.escape(job.notes) + "</p>"
             + '<div class="notes-rule"></div>' * job.notes_rules + "</div>")
    page = notes if ruled else '<div class="blank"></div>'
    return head + "<body>" + page * (count - 1) + '<div class="blank"></div></body></html>'


def _page_count(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def source_date(model: ContentModel, publication: Publication,
                history: History) -> datetime.datetime:
    """The moment a publication's PDFs are stamped with, the same for every build of a
    commit: SOURCE_DATE_EPOCH, else the last commit touching its pages, else its date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return _utc(int(os.environ["SOURCE_DATE_EPOCH"]))
    project = model.project
    commit = history.newest_under([project.relative(project.lang_dir(lang) / publication.folder)
                                   for lang in project.codes]) if history.available else None
    if commit is not None:
        return commit.moment
    first_day = publication.sort_date
    return datetime.datetime(first_day.year, first_day.month, first_day.day,
                             tzinfo=datetime.timezone.utc)


def _utc(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
