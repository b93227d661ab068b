"""The website: MkDocs builds the checked content into a staging folder that replaces site/
only on success; and the live preview, which runs the same pipeline."""
from __future__ import annotations

import ctypes
import functools
import gzip
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

from build_tools.base.exceptions import BdpubError
from build_tools.base.messages import _
from build_tools.base.resources import THEME_DIR
from build_tools.checks import CheckResults
from build_tools.content import outputs
from build_tools.content.model import ContentModel
from build_tools.content.outputs import Manifest
from build_tools.content.project import Project, read_config
from build_tools.site import images as webimages
from build_tools.site import languages, reuse, seo, unchanged
from build_tools.text import policy

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


def _any_case(pattern: str) -> str:
    """`pattern` with every ASCII letter outside a character class matching either case:
    re.IGNORECASE makes the scan of a large site several times slower."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped or char == "\\":
            escaped = not escaped and char == "\\"
            out.append(char)
            continue
        in_class = (in_class or char == "[") and char != "]"
        out.append(f"[{char.lower()}{char.upper()}]" if char.isascii() and char.isalpha()
                   and not in_class else char)
    return "".join(out)


# Attributes and CSS that make a browser fetch something (not plain links to read on). One
# scan for each: each starts with a character the scan looks for quickly.
FETCHING = (
    re.compile(_any_case(
        r"""<(?:img|script|iframe|source|video|audio|embed|track|input)\b[^>]*?\s(?:src|srcset|poster)\s*=\s*["']([^"']+)"""
        r"""|<link\b[^>]*?\shref\s*=\s*["']([^"']+)["'][^>]*?\srel\s*=\s*["'](?:stylesheet|icon|preload|modulepreload|manifest|prefetch|preconnect|dns-prefetch)"""
        r"""|<link\b[^>]*?\srel\s*=\s*["'](?:stylesheet|icon|preload|modulepreload|manifest|prefetch|preconnect|dns-prefetch)["'][^>]*?\shref\s*=\s*["']([^"']+)""")),
    re.compile(r"""\((?<=[uU][rR][lL]\()\s*["']?([^"')]+)"""),
    re.compile(_any_case(r"""@import\s+["']([^"']+)""")),
)


def fetched(text: str) -> list[tuple[int, str]]:
    """What a page or a stylesheet would fetch: (offset, URL or srcset), in order."""
    return sorted((match.start(), url) for pattern in FETCHING
                  for match in pattern.finditer(text) for url in match.groups() if url)


def build_site(project: Project, model: ContentModel, results: CheckResults,
               site_dir: Path | None = None, manifest: Manifest | None = None,
               extra_files: dict[str, Path] | None = None, verbose: bool = False,
               quick=None, workers: int | None = None) -> Path:
    """Build the site strictly into a staging folder from the checked model, add the PDFs,
    the sitemaps and publications.json, make sure it asks no other host for anything and
    runs no script the policy does not know, then swap it in for site/. `quick`: the live
    preview's quick path (preview.Quick), which keeps what this build leaves (and so
    builds the languages in one process); `workers`: how many processes build the
    languages (default: one per core)."""
    from mkdocs.config import load_config
    from jinja2 import TemplateError
    from mkdocs.exceptions import MkDocsException

    from build_tools.site.plugin import SiteInput

    _log_to_console(verbose)
    target = site_dir or project.site_dir
    _recover(target)
    manifest, extra_files = manifest or Manifest(), extra_files or {}
    inputs = unchanged.inputs_digest(project, results, manifest, extra_files)
    as_left = {folder: unchanged.is_as_left(project, folder)
               for folder in dict.fromkeys((target, project.site_dir))}
    if unchanged.is_current(project, target, inputs, as_left[target]):
        print("bdpub: " + _("nothing the site is made from has changed since {site}/ was "
                            "built; it stays as it is").format(site=project.relative(target)),
              file=sys.stderr)
        return target
    staging = target.with_name(f".{target.name}.staging")
    try:
        shutil.rmtree(staging, ignore_errors=True)
        config = load_config(str(project.config_file), site_dir=str(staging), strict=True)
        plugin = config.plugins.get("bdpub")
        if plugin is None:
            raise BdpubError(_("{path}: add '- bdpub' to plugins").format(
                path=project.relative(project.config_file)))
        plugin.given = SiteInput(model, results, manifest)
        plugin.reuse = pages = reuse.Pages(project, target, inputs.shared, config.plugins,
                                                  as_left)
        plugin.kept = {} if quick is not None else None
        plugin.made_images = set()
        languages.build_all(config, plugin, pages, staging, 1 if quick is not None else workers)
        _add_files(staging, manifest, extra_files)
        _write_sitemaps(staging, model, results)
        # Only what docs/ holds: bdpub's own thumbnails, cards and renditions have none.
        webimages.strip_site(staging, frozenset(extra_files) | plugin.made_images)
        # A page taken from the previous site was looked at when it was made.
        problems = (foreign_references(staging, project.site_url, model, results.outputs,
                                       pages.taken_paths)
                    + unknown_inline_scripts(staging, pages.taken_paths))
        if problems:
            raise BdpubError("\n".join(problems))
        _swap_in(staging, target)
        unchanged.remember(project, target, inputs)
        pages.remember()
        if quick is not None:
            from build_tools.site.preview import Kept

            quick.keep(Kept(target, model, plugin, plugin.kept))
        if pages.taken:
            print("bdpub: " + _("{rendered} pages rendered, {taken} taken unchanged from the "
                                "previous build").format(rendered=pages.rendered,
                                                         taken=len(pages.taken)), file=sys.stderr)
    except (MkDocsException, TemplateError, SystemExit, BdpubError, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BdpubError(_("the site was not built: {error}\nThe previous {site}/ is "
                           "unchanged.").format(error=_reason(error),
                                                site=project.relative(target))) from None
    return target


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return f"{error.filename}: {error.strerror}" if error.filename else str(error)
    return str(error)


def theme_files(project: Project) -> list[str]:
    """The site paths of the theme's own files (stylesheets, scripts, fonts, icons), which
    no file of docs/ may replace. They are found as MkDocs finds them."""
    from mkdocs.utils import get_theme_dir

    if not project.config_file.is_file():
        return []  # a docs folder checked on its own (bdpub check --docs-dir)
    theme = read_config(project.config_file).get("theme") or {}
    theme = theme if isinstance(theme, dict) else {"name": theme}
    folders = [project.root / str(theme["custom_dir"])] if theme.get("custom_dir") else []
    folders.append(THEME_DIR)
    try:
        folders.append(Path(get_theme_dir(str(theme.get("name") or "mkdocs"))))
    except (KeyError, ValueError):
        pass  # MkDocs itself reports an unknown theme
    return sorted(set().union(*(_theme_folder_files(folder) for folder in folders)))


@functools.lru_cache(maxsize=8)
def _theme_folder_files(folder: Path) -> frozenset[str]:
    import fnmatch

    found = set()
    for current, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            rel = (Path(current) / name).relative_to(folder).as_posix()
            if not any(fnmatch.fnmatch(rel.lower(), pattern) for pattern in THEME_SKIPPED):
                found.add(rel)
    return frozenset(found)


# What MkDocs does not copy from a theme (mkdocs/structure/files.py, add_files_from_theme).
THEME_SKIPPED = (".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml",
                 "locales/*", "*.md", "*.markdown", "*.mdown", "*.mkdn", "*.mkd",
                 "sitemap.xml")


def _write_sitemaps(staging: Path, model: ContentModel, results: CheckResults) -> None:
    """The site's sitemap at the root, with every page in each language it exists in, and
    beside every page a sitemap of that page alone: Material fetches sitemap.xml next to
    each language alternate of a page, and a plain static host has no rewrite for it."""
    history = results.history

    def last_changed(path: str) -> str | None:
        commit = history.last.get(path) if history.available else None
        return commit.day.isoformat() if commit else None

    for path in staging.glob("*/sitemap.xml*"):
        path.unlink()  # mkdocs-static-i18n's, replaced by ours
    entries = seo.sitemap_entries(model, last_changed)
    text = seo.sitemap_xml([entry for _key, entry in entries]).encode("utf-8")
    (staging / outputs.SITEMAP).write_bytes(text)
    with open(staging / (outputs.SITEMAP + ".gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
            packed.write(text)
    project, known = model.project, dict(entries)
    for source in model.source_pages():
        for code in project.codes:  # untranslated pages are published too, in the source
            folder = project.site_path(code, source.rel)
            entry = known.get((code, source.rel)) or seo.sitemap_entry(model, code, source.rel,
                                                                        last_changed)
            if folder:
                (staging / folder / outputs.SITEMAP).write_text(seo.sitemap_xml([entry]),
                                                                encoding="utf-8")


def _add_files(staging: Path, manifest: Manifest | None, extra_files: dict[str, Path]) -> None:
    for rel, source in extra_files.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    if manifest is not None:
        (staging / outputs.MANIFEST).write_text(
            json.dumps(manifest.as_data(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def foreign_references(site_dir: Path, site_url: str, model: ContentModel | None = None,
                       planned: dict | None = None, skipped: frozenset = frozenset()
                       ) -> list[str]:
    """Every place in the built HTML and CSS that would fetch from another host, named by
    the source file that made it (the Markdown page and its line where there is one).
    `skipped`: site paths of files not to read again."""
    own_host = urlsplit(site_url).netloc
    found = []
    for path in _built(site_dir, ("*.html", "*.css"), skipped):
        text = path.read_text(encoding="utf-8", errors="replace")
        for offset, url in fetched(text):
            for candidate in url.split(","):
                address = candidate.strip().split(" ")[0]
                host = urlsplit(address).netloc
                if host and host != own_host:
                    where = _source_of(site_dir, path, text, offset, address, model, planned)
                    found.append(_("{where}: the page would ask {host} for {url}; the site "
                                   "serves every file itself: put the file under docs/ and "
                                   "refer to it by a relative path").format(
                                       where=where, host=host, url=address))
    return found


def _source_of(site_dir: Path, path: Path, text: str, offset: int, needle: str,
               model: ContentModel | None, planned: dict | None) -> str:
    """'docs/vi/page.md:12' for a built file planned from a page, else the built file."""
    site_path = path.relative_to(site_dir).as_posix()
    output = (planned or {}).get(site_path)
    page = next((page for pages in (model.pages.values() if model else ())
                 for page in pages.values()
                 if output is not None and page.display_path == output.source), None)
    if page is not None:
        position = page.text.find(needle)
        line = page.text.count("\n", 0, position) + 1 if position >= 0 else page.body_line
        return f"{page.display_path}:{line}"
    return f"{site_path}:{text.count(chr(10), 0, offset) + 1}"


INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def unknown_inline_scripts(site_dir: Path, skipped: frozenset = frozenset()) -> list[str]:
    """Inline scripts that the Content-Security-Policy of their page does not allow by hash
    (browsers would refuse to run them). Only the theme writes inline scripts (pages are
    sanitised); they change with a Material upgrade, or per page without `extra: scope`."""
    known = set(policy.SCRIPT_HASHES)
    problems = {}
    for path in _built(site_dir, ("*.html",), skipped):
        text = path.read_text(encoding="utf-8", errors="replace")
        if '<meta http-equiv="Content-Security-Policy"' not in text:
            continue  # a page without bdpub's policy (another theme, or a redirect)
        for script in INLINE_SCRIPT.findall(text):
            digest = policy.source_hash(script)
            if digest not in known:
                problems.setdefault(digest, path.relative_to(site_dir).as_posix())
    return [_("{path}: an inline script of the theme is not allowed by the "
              "Content-Security-Policy ('{digest}'): set `extra: scope: /` in mkdocs.yml so "
              "that Material's script is the same on every page; after upgrading Material, "
              "put the new hashes in SCRIPT_HASHES (build_tools/text/policy.py) and "
              "nginx/bdpub.conf").format(path=path, digest=digest)
            for digest, path in list(problems.items())[:3]]


def _built(site_dir: Path, patterns: tuple[str, ...], skipped: frozenset) -> list[Path]:
    return sorted(path for pattern in patterns for path in site_dir.rglob(pattern)
                  if path.relative_to(site_dir).as_posix() not in skipped)


def _recover(target: Path) -> None:
    """Put back the previous site if a build was stopped in the middle of the swap."""
    retired = target.with_name(f".{target.name}.old")
    if not target.exists() and retired.exists():
        retired.rename(target)


def _swap_in(staging: Path, target: Path) -> None:
    """Replace target with staging: in one atomic exchange where the system has one (Linux),
    else by two renames, the old folder removed only after them (a build killed in between
    finds it again: see _recover)."""
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous site
        return
    retired = target.with_name(f".{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (renameat2 with RENAME_EXCHANGE); False where the system
    or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_current_folder, exchange = -100, 2
    return renameat2(at_current_folder, os.fsencode(first), at_current_folder,
                     os.fsencode(second), exchange) == 0


def serve_folder(folder: Path, rebuild, address: str, watched: list[Path]) -> None:
    """A live preview of the site in `folder`: `rebuild()` makes it again whenever a file
    under `watched` changes, and the browser reloads; when it returns True (it showed the
    saved pages alone), it runs again at once for the whole build."""
    _log_to_console(True)
    host, _sep, port = address.rpartition(":")
    if not port.isdigit():
        raise BdpubError(_("--dev-addr: expected HOST:PORT, such as 127.0.0.1:8000; found "
                           "{address}").format(address=address))
    rebuild()

    def builder() -> None:
        if rebuild():
            server.again()

    server = _preview_server()(builder=builder, host=host or "127.0.0.1", port=int(port),
                               root=str(folder), polling_interval=POLLING)
    for path in watched:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    except OSError as error:
        raise BdpubError(_("the preview stopped: {error}").format(error=_reason(error))) from None
    finally:
        server.shutdown()


POLLING = 0.1
"""Seconds between two looks at the watched files (MkDocs' own preview: 0.5): a save is
seen within a tenth of a second."""


def _preview_server():
    from mkdocs.livereload import LiveReloadServer

    class Preview(LiveReloadServer):
        """MkDocs' live-reload server; its reload script is inline, so the preview drops
        the pages' Content-Security-Policy (the published site keeps it)."""

        def _inject_js_into_html(self, content, epoch):
            return super()._inject_js_into_html(CSP_META.sub(b"", content, count=1), epoch)

        def again(self) -> None:
            """Build once more as soon as this build has been shown (as a save does)."""
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    return Preview


CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^<>]*>')
