"""The website: MkDocs builds it into a staging folder that replaces site/ only on success."""
from __future__ import annotations

import datetime
import gzip
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from build_tools import checks, seo, webimages
from build_tools.content import ContentModel
from build_tools.exceptions import BdpubError
from build_tools.project import Project
from build_tools.messages import _

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Messages(logging.Handler):
    """Prints MkDocs' log as 'LEVEL: message' lines on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)


def _log_to_console(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not any(isinstance(handler, _Messages) for handler in logger.handlers):
        handler = _Messages()
        handler.setLevel(logging.INFO if verbose else logging.WARNING)
        logger.addHandler(handler)
        logger.propagate = False


# Attributes and CSS that make a browser fetch something (not plain links to read on).
FETCHING = re.compile(
    r"""<(?:img|script|iframe|source|video|audio|embed|track|input)\b[^>]*?\s(?:src|srcset|poster)\s*=\s*["']([^"']+)"""
    r"""|<link\b[^>]*?\shref\s*=\s*["']([^"']+)["'][^>]*?\srel\s*=\s*["'](?:stylesheet|icon|preload|modulepreload|manifest|prefetch|preconnect|dns-prefetch)"""
    r"""|<link\b[^>]*?\srel\s*=\s*["'](?:stylesheet|icon|preload|modulepreload|manifest|prefetch|preconnect|dns-prefetch)["'][^>]*?\shref\s*=\s*["']([^"']+)"""
    r"""|url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)""", re.IGNORECASE)


def build_site(project: Project, model: ContentModel, site_dir: Path | None = None,
               manifest: dict | None = None, extra_files: dict[str, Path] | None = None,
               verbose: bool = False) -> Path:
    """Build the site strictly into a staging folder, add the PDFs and publications.json,
    check that it asks no other host for anything, then swap it in for site/.
    `model` is gathered and checked; the plugin reuses it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _log_to_console(verbose)
    target = site_dir or project.site_dir
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        config = load_config(str(project.config_file), site_dir=str(staging), strict=True)
        plugin = config.plugins.get("bdpub")
        if plugin is None:
            raise BdpubError(_("{path}: add '- bdpub' to plugins").format(
                path=project.relative(project.config_file)))
        plugin.manifest = manifest
        build(config)
        _add_files(staging, manifest, extra_files or {})
        _write_sitemap(staging, model)
        webimages.strip_site(staging)
        foreign = foreign_references(staging, project.site_url)
        if foreign:
            raise BdpubError(_("pages ask other hosts for files (the site must serve "
                               "everything itself; put the file under docs/ or assets/):")
                             + "\n  " + "\n  ".join(foreign))
    except (MkDocsException, SystemExit, BdpubError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BdpubError(_("the site was not built: {error}\nThe previous {site}/ is "
                           "unchanged.").format(error=error, site=project.relative(target))) from None
    _swap_in(staging, target)
    return target


def _write_sitemap(staging: Path, model: ContentModel) -> None:
    """Our sitemap in place of mkdocs-static-i18n's: every language a page exists in, with
    x-default, and the date of the page's last commit (the same for every build of it)."""
    history = checks.run_cached(model)[1].history  # read once, for the checks already

    def last_changed(path: str) -> str | None:
        commit = history.last.get(path) if history.available else None
        return (datetime.datetime.fromtimestamp(commit.time, datetime.timezone.utc)
                .date().isoformat() if commit else None)

    text = seo.sitemap_xml(model, last_changed).encode("utf-8")
    (staging / "sitemap.xml").write_bytes(text)
    with open(staging / "sitemap.xml.gz", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            packed.write(text)
    for path in staging.glob("*/sitemap.xml*"):
        path.unlink()


def _add_files(staging: Path, manifest: dict | None, extra_files: dict[str, Path]) -> None:
    for rel, source in extra_files.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    if manifest is not None:
        (staging / "publications.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def foreign_references(site_dir: Path, site_url: str) -> list[str]:
    """Every place in the built HTML and CSS that would fetch from another host."""
    own_host = urlsplit(site_url).netloc
    found = []
    for path in sorted([*site_dir.rglob("*.html"), *site_dir.rglob("*.css")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in FETCHING.finditer(text):
            for url in filter(None, match.groups()):
                for candidate in url.split(","):
                    host = urlsplit(candidate.strip().split(" ")[0]).netloc
                    if host and host != own_host:
                        line = text.count("\n", 0, match.start()) + 1
                        found.append(f"{path.relative_to(site_dir)}:{line}: {candidate.strip()}")
    return found


def _swap_in(staging: Path, target: Path) -> None:
    """Replace target with staging; the old folder is removed only after the rename."""
    retired = target.with_name(f".{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def serve_site(project: Project, address: str, verbose: bool = False) -> None:
    """A live preview that rebuilds when a page, the theme or mkdocs.yml changes."""
    from mkdocs.commands.serve import serve

    _log_to_console(True)
    try:
        serve(str(project.config_file), dev_addr=address, livereload=True)
    except Exception as error:  # MkDocs reports server and config errors as exceptions
        raise BdpubError(_("the preview stopped: {error}").format(error=error)) from None
