"""The whole build, in order: content, checks (the gate), PDFs, preflight, manifest, site.

Nothing is written before the content has been gathered and checked once; an error stops
the build there, with every problem listed, and leaves site/ as it was.
"""
from __future__ import annotations

import ipaddress
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from build_tools import checks, manifest
from build_tools.base import workers
from build_tools.base.exceptions import BdpubError, ContentError, stop_on_errors
from build_tools.base.findings import Finding
from build_tools.base.messages import _
from build_tools.base.resources import THEME_DIR
from build_tools.base.workers import start_fresh
from build_tools.checks import CheckResults, report
from build_tools.content import model as content
from build_tools.content.editions import BINDING_PAGE_MULTIPLE
from build_tools.content.model import ContentModel
from build_tools.content.project import SETTINGS_FILE, Project
from build_tools.site import publish as site


def check(project: Project, apart: bool = True) -> tuple[ContentModel, CheckResults]:
    """Gather the content once and check it once: `bdpub check` and `bdpub build` both
    start here, so they always agree. `apart`: the checks run in a process of their own,
    so that the memory they take on the way (every page rendered, parsed and compared)
    goes with it and the site build starts from the model alone; `bdpub check`, which
    ends when they do, runs them in place."""
    model = content.gather(project)
    if not apart:
        return model, checks.run(model, site.theme_files(project))
    return model, workers.forked(checks.run, model, site.theme_files(project))


def build(project: Project, site_dir: Path | None = None, with_pdfs: bool = True,
          workers: int | None = None, verbose: bool = False, drafts: bool = False,
          release: bool = False, quick=None) -> str:
    """Build everything; return a one-line summary. Stops before writing anything when the
    checks find an error, and on the first later stage that finds one, leaving site/ as
    it was. A release build also refuses an address readers cannot reach."""
    if project.source_at_root:
        raise BdpubError(f"{project.root / SETTINGS_FILE}: " + _(
            "layout = \"source-at-root\" is for checking another project's translations; the "
            "site and the PDFs are built from one folder per language (docs/vi/, docs/en/)"))
    address(project, release)
    # The images and cards are drawn by fresh workers: the process they start from imports
    # what they use while the content is read and checked.
    start_fresh("build_tools.site.library")
    model, results = check(project)
    gate(results)
    cache = project.cache_dir
    renditions = []
    if with_pdfs:
        from build_tools.pdf import render as pdf  # WeasyPrint is imported only when PDFs are made

        renditions, findings = pdf.render_all(model, results.history, cache, workers,
                                                drafts=drafts)
        _report(findings)
        stop_on_errors(findings)
        check_pdfs(renditions, cache / "preflight", workers)
    from build_tools.site import library, seo  # the images and cards: not for `bdpub check`

    model.pack()  # read whole by the checks and the PDFs; the site reads front matter
    images, files = library.prepare(model, results, cache / "library")
    files["robots.txt"] = _written(cache / "robots.txt", seo.robots_txt(project.site_url))
    files["report.json"] = _written(cache / "report.json", report.as_json(
        results.warnings, results.completeness, model.source_lang))
    publications = manifest.build_manifest(model, renditions, images)
    files.update({manifest.site_path(rendition): rendition.file for rendition in renditions})
    target = site.build_site(project, model, results, site_dir, publications, files, verbose,
                             quick, workers)
    return (f"site: {project.relative(target)}/ ({', '.join(project.codes)}; "
            f"{len(model.publications)} publications, {len(renditions)} PDFs)")


def address(project: Project, release: bool) -> None:
    """Say once where the links of the site and the PDFs point; a release build stops when
    that is not a public address (empty, relative, or this computer)."""
    host = urlsplit(project.site_url).hostname
    if release and (not host or _is_this_computer(host)):
        raise BdpubError(_(
            "{path}: site_url is '{url}', which readers cannot reach; a release build needs "
            "the public address of the site: set site_url, or BDPUB_SITE_URL=https://… for "
            "this build").format(path=project.relative(project.config_file),
                                 url=project.site_url))
    print("bdpub: " + _("links in the site and the PDFs point to {url}").format(
        url=project.site_url), file=sys.stderr)


def _is_this_computer(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def serve(project: Project, address: str, verbose: bool = False) -> None:
    """A live preview: the same pipeline as `bdpub build --site-only`, into a temporary
    folder, again whenever a page, the theme, the data or mkdocs.yml changes. A save that
    changed only the text of pages shows them at once (site.preview), then the whole
    build runs. A build that finds errors lists them and leaves the last good preview on
    screen."""
    from build_tools.site import preview, unchanged

    folder = Path(tempfile.mkdtemp(prefix="bdpub-preview-")) / "site"
    watched = [project.docs_dir, project.config_file, THEME_DIR, project.root / "data"]
    quick = preview.Quick(project, watched)
    relist = False

    def rebuild() -> bool:
        nonlocal relist
        started = time.perf_counter()
        try:
            shown = quick.show(quick.changed() or set())
        except (OSError, LookupError, ValueError) as error:
            print("bdpub: " + _("the quick preview gave way to the whole build: {error}").format(
                error=error), file=sys.stderr)
            shown = None
        if shown:
            relist = True
            print("bdpub: " + _("{pages} shown again in {seconds:.2f} s; the whole build "
                                "follows").format(pages=", ".join(shown),
                                                  seconds=time.perf_counter() - started),
                  file=sys.stderr)
            return True
        if relist:  # the pages the quick path rewrote are the folder's: the build takes them
            unchanged.relisted(project, folder)
            relist = False
        try:
            summary = build(project, folder, with_pdfs=False, verbose=verbose, quick=quick)
            print(summary + " " + _("in {seconds:.2f} s").format(
                seconds=time.perf_counter() - started), file=sys.stderr)
        except ContentError as error:
            for finding in error.findings:
                print(finding, file=sys.stderr)
            print("bdpub: " + _("the preview shows the last good build; fix the problems "
                                "above and save again."), file=sys.stderr)
        except BdpubError as error:
            print(f"bdpub: {error}", file=sys.stderr)
        return False

    signal.signal(signal.SIGTERM, _interrupt)  # a stopped preview removes its folder too
    try:
        site.serve_folder(folder, rebuild, address, watched)
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


def _interrupt(_signal, _frame) -> None:
    raise KeyboardInterrupt


def gate(results: CheckResults) -> None:
    """Stop on any error of the checks, listing every finding; print the warnings."""
    stop_on_errors(results.findings)
    _report(results.warnings)


def _written(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    return path


def check_pdfs(renditions: list, cache: Path, workers: int | None = None) -> None:
    """Preflight every PDF: a print PDF as a printer would, a screen PDF for its layout (the
    checks of its profile); any failure stops the build. Each problem is one line at the
    source page printed where it was found: `docs/vi/…/page.md:1: NAME.pdf page 7: PROBLEM`."""
    from build_tools.pdf import preflight

    jobs = []
    for rendition in renditions:
        facts = rendition.publication.facts
        jobs.append((rendition.file, preflight.Expectations(
            trim_mm=(facts.print.trim_size.width_mm, facts.print.trim_size.height_mm),
            page_multiple=BINDING_PAGE_MULTIPLE[facts.print.binding],
            profile=rendition.profile)))
    failed: list[str] = []
    for rendition, verdict in zip(renditions, preflight.preflight_all(jobs, cache, workers)):
        if not verdict.passed:
            failed += preflight.located(verdict, rendition.name, rendition.source_of)
    if failed:
        raise BdpubError(_("PDFs failed preflight:") + "\n" + "\n".join(failed))


def _report(findings: list[Finding]) -> None:
    for finding in findings:
        if finding.severity != "error":
            print(finding, file=sys.stderr)
