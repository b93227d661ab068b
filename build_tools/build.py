"""The whole build, in order: content, checks, PDFs, preflight, manifest, site."""
from __future__ import annotations

import sys
from pathlib import Path

from build_tools import content, library, manifest, pdf, preflight, seo, site
from build_tools.exceptions import BdpubError, ContentError
from build_tools.findings import Finding, errors
from build_tools.profiles import BINDING_PAGE_MULTIPLE
from build_tools.project import Project
from build_tools.messages import _

CACHE = ".cache"


def build(project: Project, site_dir: Path | None = None, with_pdfs: bool = True,
          workers: int | None = None, verbose: bool = False, drafts: bool = False) -> str:
    """Build everything; return a one-line summary. Stops, leaving site/ as it was, on the
    first stage that finds errors (every error of that stage is reported)."""
    model = content.gather_cached(project)
    _stop_on_errors(model.findings)
    renditions = []
    if with_pdfs:
        renditions, findings = pdf.render_all(model, project.root / CACHE, workers, drafts=drafts)
        _report(findings)
        _stop_on_errors(findings)
        check_print_pdfs(renditions, project.root / CACHE / "preflight")
    images, files = library.prepare(model, project.root / CACHE / "library")
    robots = project.root / CACHE / "robots.txt"
    robots.write_text(seo.robots_txt(project.site_url), encoding="utf-8")
    files["robots.txt"] = robots
    publications = manifest.build_manifest(model, renditions, images)
    files.update({manifest.site_path(rendition): rendition.file for rendition in renditions})
    target = site.build_site(project, model, site_dir, publications, files, verbose)
    return (f"site: {project.relative(target)}/ ({', '.join(project.codes)}; "
            f"{len(model.publications)} publications, {len(renditions)} PDFs)")


def check_print_pdfs(renditions: list[pdf.Rendition], cache: Path) -> None:
    """Preflight every print PDF as a printer would; any failure stops the build."""
    failed = []
    for rendition in renditions:
        if rendition.profile != "print":
            continue
        facts = rendition.publication.facts
        expect = preflight.Expectations(
            trim_mm=(facts.print.trim_size.width_mm, facts.print.trim_size.height_mm),
            page_multiple=BINDING_PAGE_MULTIPLE[facts.print.binding])
        report = preflight.preflight_cached(rendition.file, expect, cache)
        if not report.passed:
            failed.append(f"{rendition.name}:\n" + preflight.format_text([report]))
    if failed:
        raise BdpubError(_("print PDFs failed preflight:") + "\n" + "\n".join(failed))


def _report(findings: list[Finding]) -> None:
    for finding in findings:
        if finding.severity != "error":
            print(finding, file=sys.stderr)


def _stop_on_errors(findings: list[Finding]) -> None:
    if errors(findings):
        raise ContentError(findings)
