"""PDFs: every edition of every publication in every profile, rendered in parallel and cached.

A PDF is rendered again only when its inputs change: the book's HTML (all its text, its
date stamp), the files it uses (images, stylesheets, fonts, ICC profile), the profile and
this code. The cache lives in .cache/pdf/ and is keyed by a hash of those inputs.
"""
from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from build_tools import book as books
from build_tools.content import ContentModel, Publication
from build_tools.exceptions import BdpubError
from build_tools.findings import ERROR, WARNING, Finding
from build_tools.profiles import BINDING_PAGE_MULTIPLE, PROFILES, editions_for
from build_tools.messages import _

CODE = [Path(__file__).with_name(name) for name in
        ("book.py", "parallel.py", "images.py", "pdf.py", "profiles.py", "localize.py")]


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

    @property
    def name(self) -> str:
        return f"{self.publication.slug}-{self.edition}-{self.profile}.pdf"


@dataclasses.dataclass(frozen=True)
class Job:
    """What a worker process needs to render one PDF."""

    html: str
    base_url: str
    roots: tuple[str, ...]
    variant: str
    page_multiple: int
    target: str


def render_all(model: ContentModel, cache_root: Path, workers: int | None = None,
               progress=None, drafts: bool = False) -> tuple[list[Rendition], list[Finding]]:
    """Render what changed, reuse the rest; stop on errors found while making the books.
    An edition whose translation is incomplete is left out, or with `drafts` made from the
    source where the translation is missing and stamped DRAFT."""
    progress = progress or _progress
    project = model.project
    editions = editions_for(project.source_language.code,
                            tuple(lang.code for lang in project.translation_languages))
    books_made, findings = [], []
    for publication in model.publications:
        stamp = source_date(model, publication)
        for edition_name in publication.facts.editions:
            edition = editions.get(edition_name)
            if edition is None:
                continue
            for profile in PROFILES.values():
                made = books.make_book(model, publication, edition, profile, stamp,
                                       cache_root / "images", draft_if_incomplete=drafts)
                findings.extend(made.findings)
                if made.missing and not drafts:
                    findings.append(_incomplete(made))
                    continue
                books_made.append(made)
    findings = sorted(set(findings))
    if any(finding.severity == ERROR for finding in findings):
        return [], findings
    return _render(books_made, project.root, cache_root / "pdf", workers, progress), findings


def _incomplete(made: books.Book) -> Finding:
    first = made.missing[0]
    return Finding(made.publication.index.display_path, 1, "incomplete-edition",
                   _("the {edition} {profile} PDF is not made: {count} page(s) are not "
                     "translated yet, first {first} (bdpub build --draft-editions makes it "
                     "anyway, stamped DRAFT)").format(
                       edition=made.edition.name, profile=made.profile.name,
                       count=len(made.missing), first=first),
                   WARNING, made.edition.languages[-1])


def _render(made: list[books.Book], root: Path, cache: Path, workers: int | None,
            progress) -> list[Rendition]:
    cache.mkdir(parents=True, exist_ok=True)
    code = b"".join(path.read_bytes() for path in CODE)
    planned = []
    for book in made:
        key = _key(book, code)
        planned.append((book, cache / f"{key}.pdf"))
    todo = [(book, target) for book, target in planned if not target.exists()]
    pages = {target: _page_count(target) for _, target in planned if target.exists()}
    if todo:
        pages.update(_render_in_parallel(todo, root, workers, progress))
    progress(_("PDF: {rendered} rendered, {unchanged} unchanged (cache)").format(
        rendered=len(todo), unchanged=len(planned) - len(todo)))
    return [Rendition(book.publication, book.edition.name, book.profile.name, target,
                      pages[target], (book, target) in todo, bool(book.missing))
            for book, target in planned]


def _key(book: books.Book, code: bytes) -> str:
    digest = hashlib.sha256(code)
    digest.update(repr(dataclasses.astuple(book.profile)).encode())
    digest.update(book.html.encode("utf-8"))
    for path in sorted(set(book.inputs)):
        digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _render_in_parallel(todo, root: Path, workers: int | None, progress) -> dict[Path, int]:
    jobs = {}
    for book, target in todo:
        binding = book.publication.facts.print.binding
        multiple = BINDING_PAGE_MULTIPLE[binding] if book.profile.pad_pages else 1
        roots = (str(root), str(books.ASSETS))
        jobs[target] = (book, Job(book.html, (books.PDF_ASSETS / "book.css").as_uri(),
                                  roots, book.profile.pdf_variant, multiple, str(target)))
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    pages, failures = {}, []
    started = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(render_job, job): target for target, (_, job) in jobs.items()}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            target = futures[future]
            book = jobs[target][0]
            what = f"{book.publication.slug} {book.edition.name} {book.profile.name}"
            try:
                pages[target] = future.result()
            except RefusedURL as refused:
                failures.append(_refusal(book, refused.url))
                continue
            progress(f"[{done}/{len(jobs)}] {what}: {pages[target]} pages "
                     f"({time.monotonic() - started:.1f} s)")
    if failures:
        raise BdpubError(_("PDFs may only use files inside the project:") + "\n  "
                         + "\n  ".join(failures))
    return pages


def _refusal(book: books.Book, url: str) -> str:
    for page in book.publication.source_pages:
        if url in page.text or Path(url2pathname(urlsplit(url).path)).name in page.text:
            line = page.text.count("\n", 0, max(page.text.find(url), 0)) + 1
            return f"{page.display_path}:{line}: {url} (in {book.publication.slug})"
    return f"{book.publication.index.display_path}: {url} (in {book.publication.slug})"


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class RefusedURL(Exception):
    """A book asked for something outside the project."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def render_job(job: Job) -> int:
    """Render one PDF (in a worker process); return its page count."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = ProjectFetcher(tuple(Path(root) for root in job.roots))
    try:
        document = weasyprint.HTML(string=job.html, base_url=job.base_url,
                                   url_fetcher=fetcher).render()
        missing = -len(document.pages) % job.page_multiple
        if missing:
            blank = weasyprint.HTML(string=_blank_pages(job.html, missing),
                                    base_url=job.base_url, url_fetcher=fetcher).render()
            document = document.copy(document.pages + blank.pages)
        partial = Path(job.target + ".partial")
        document.write_pdf(partial, pdf_variant=job.variant,
                           finisher=_repeatable_document_id(Path(job.target).stem))
    except FatalURLFetchingError:
        raise RefusedURL(fetcher.refused) from None
    os.replace(partial, job.target)
    return len(document.pages)


def _repeatable_document_id(key: str):
    """A finisher giving PDF/X metadata a DocumentID derived from the inputs' hash:
    WeasyPrint writes a random one, which would make every build's PDF differ."""
    import re
    import uuid

    document_id = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'bdpub:' + key)}".encode()

    def finish(document, pdf) -> None:
        for stream in pdf.objects:
            if getattr(stream, "extra", {}).get("Type") == "/Metadata":
                stream.stream = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", document_id, part)
                                 for part in stream.stream]
    return finish


def _blank_pages(book_html: str, count: int) -> str:
    head = book_html.split("<body", 1)[0]
    return head + "<body>" + '<div class="blank"></div>' * count + "</body></html>"


def _page_count(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _fetcher_base():
    from weasyprint.urls import URLFetcher
    return URLFetcher


class ProjectFetcher(_fetcher_base()):
    """WeasyPrint's fetcher, limited to files inside the project and bdpub's own assets
    (and inline data: URLs). Anything else stops the render."""

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = tuple(root.resolve() for root in roots)
        self.refused = ""

    def fetch(self, url, headers=None):
        from weasyprint.urls import FatalURLFetchingError

        if url.startswith("data:") or (url.startswith("file:") and self._inside(url)):
            return super().fetch(url, headers)
        self.refused = url
        raise FatalURLFetchingError(f"refused {url}: only files inside the project")

    def _inside(self, url: str) -> bool:
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        return path.is_file() and any(path.is_relative_to(root) for root in self.roots)


def source_date(model: ContentModel, publication: Publication) -> datetime.datetime:
    """The moment a publication's PDFs are stamped with, the same for every build of a
    commit: SOURCE_DATE_EPOCH, else the last commit touching its pages, else its date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return _utc(int(os.environ["SOURCE_DATE_EPOCH"]))
    project = model.project
    paths = [str(project.lang_dir(lang) / publication.folder) for lang in project.codes]
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *paths],
                                cwd=project.root, capture_output=True, text=True, timeout=30)
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return _utc(int(result.stdout.strip()))
    except (OSError, subprocess.TimeoutExpired):
        pass
    first_day = publication.sort_date
    return datetime.datetime(first_day.year, first_day.month, first_day.day,
                             tzinfo=datetime.timezone.utc)


def _utc(seconds: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
