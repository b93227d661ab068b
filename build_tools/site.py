"""The website: MkDocs builds it into a staging folder that replaces site/ only on success."""
from __future__ import annotations

import logging
import os
import sys
import shutil
from pathlib import Path

from build_tools.content import ContentModel
from build_tools.exceptions import BdpubError
from build_tools.project import Project

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


def build_site(project: Project, model: ContentModel, verbose: bool = False) -> Path:
    """Build the site strictly into a staging folder, then swap it in for site/.
    `model` has been gathered and checked; the plugin reuses it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _log_to_console(verbose)
    staging = project.site_dir.with_name(f".{project.site_dir.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        config = load_config(str(project.config_file), site_dir=str(staging), strict=True)
        build(config)
    except (MkDocsException, SystemExit) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BdpubError(f"the site was not built ({error}); the previous "
                         f"{project.relative(project.site_dir)}/ is unchanged") from None
    _swap_in(staging, project.site_dir)
    return project.site_dir


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
        serve(str(project.config_file), dev_addr=address, livereload=True,
              watch=[str(project.root / "assets")])
    except Exception as error:  # MkDocs reports server and config errors as exceptions
        raise BdpubError(f"the preview stopped: {error}") from None
