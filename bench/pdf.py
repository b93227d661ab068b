"""Benchmark: the PDFs of one book collection from bdpub, from mkdocs-to-pdf and from raw
WeasyPrint, in one run. Prints seconds, PDF pages, useful pages per second, peak memory
and the ratios against the targets of issue 10 (item 11).

    .venv/bin/python bench/pdf.py [--pages 200] [--runs 1] [--skip-mkdocs-to-pdf] [--keep DIR]

The content is the launch project (docs/vi, docs/en, data/) with more quarterly bulletins,
2020-Q1 onwards, each a copy of a launch bulletin under its own issue label, until the
PDFs reach about --pages pages per language. Every publication is made in its vi and en
editions (the bilingual edition is left out: the other two cannot make it).

- bdpub: `bdpub build` (site and PDFs: it has no PDF-only switch) with an empty .cache,
  then a rebuild with nothing changed, which must render no PDF; then `bdpub build
  --site-only` with an empty .cache. The PDF part is the cold build minus the site-only
  build. bdpub makes two PDFs of each edition, print (PDF/X-4, bleed, padded to the
  binding) and screen (PDF/UA-1): its useful pages are those of both.
- mkdocs-to-pdf (pinned below), in a venv of its own under .cache/bench/ (made once, from
  PyPI): a plain mkdocs.yml (theme material) per language over the same Markdown pages,
  in the same order, one PDF per language. Its PDF part is the build with the plugin on
  minus the same build with it off.
- raw WeasyPrint, the floor: each language's pages rendered with Python-Markdown (the
  extensions of mkdocs.yml) into one plain HTML file with a minimal print stylesheet,
  made into a PDF by WeasyPrint from .venv in a process of its own.

bdpub is the one importable from .venv: the working tree. To measure a fixed version while
others edit the code, put an export of it first on the path:
`git archive HEAD build_tools | tar -x -C /tmp/snap; PYTHONPATH=/tmp/snap .venv/bin/python
bench/pdf.py`.

All three print A5 pages in bdpub's fonts (Noto Serif 9.5 pt, Noto Sans headings), so a
page holds about as much text in each; the table's chars/page (characters on an average
useful page) shows how nearly.

A useful page is one that carries running text: at least 200 characters (USEFUL_CHARS)
once dot leaders and white space are taken out, and not a contents page (one where most
of four or more lines end in a page number after a space or a leader). Covers, imprints,
title pages, contents, ruled notes pages, blank pages, back covers and mkdocs-to-pdf's
part-title pages all fall out (bdpub's run to 170 characters at most); so does the last
page of a chapter with fewer than about three lines on it, for all three alike. The PDFs
are read back with pypdfium2, the same rule for all three.

Memory: "tree" is the peak of the summed PSS (proportional set size: shared pages split
between the processes sharing them) of the command and all its descendants, sampled from
/proc every SAMPLE_SECONDS (bdpub renders in worker processes, which count); "largest"
is the largest single process's peak RSS (wait4's ru_maxrss).
"""
from __future__ import annotations

import argparse
import dataclasses
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from launch_copy import copy_launch  # noqa: E402
BIN = Path(sys.executable).parent
MKDOCS_TO_PDF = "mkdocs-to-pdf==0.12.1"
MKDOCS_TO_PDF_STACK = [MKDOCS_TO_PDF, "mkdocs==1.6.1", "mkdocs-material==9.8.2"]
MKDOCS_TO_PDF_VENV = REPO / ".cache" / "bench" / "mkdocs-to-pdf-0.12.1"
FONTS = REPO / "build_tools" / "assets" / "theme" / "fonts"
USEFUL_CHARS = 200
SAMPLE_SECONDS = 0.1
TARGET_VS_MKDOCS_TO_PDF = 6.0
TARGET_VS_RAW = 0.5
LANGS = ("vi", "en")
QUARTERS = ("I", "II", "III", "IV")
BULLETINS = ("ban-tin/2019-q2", "ban-tin/2019-q3", "ban-tin/2019-q4")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BDPUB_LANG": "en",
       "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.org",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@example.org"}

def font_faces() -> str:
    """bdpub's faces (build_tools.pdf.fonts.FACES) as the site serves them, WOFF2, for the
    other tools: what a MkDocs project would give them."""
    from build_tools.pdf.fonts import FACES

    return "".join(f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
                   f'font-style: {face.style}; src: url("{(FONTS / face.file).as_uri()}"); }}\n'
                   for face in FACES)


PRINT_CSS = """
@page { size: A5 portrait; margin: 20mm 16mm;
  @bottom-center { content: counter(page); font: 8pt "Noto Sans"; } }
html { font-family: "Noto Serif"; font-size: 9.5pt; line-height: 1.45; }
h1, h2, h3, h4, h5, h6 { font-family: "Noto Sans"; line-height: 1.2; break-after: avoid; }
section { break-before: page; }
table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
th, td { border-bottom: 0.4pt solid #999; padding: 1mm; text-align: left; vertical-align: top; }
img { max-width: 100%; }
.headerlink { display: none; }
"""
"""The floor's stylesheet; mkdocs-to-pdf gets it too, after its own, with MKDOCS_TO_PDF_CSS."""

MKDOCS_TO_PDF_CSS = """
@media print {
  html, body, article { font-family: "Noto Serif"; font-size: 9.5pt; line-height: 1.45; }
  h1, h2, h3, h4, h5, h6 { font-family: "Noto Sans"; }
}
"""
"""mkdocs-to-pdf sets its own fonts and sizes on body and article (Roboto, 0.8rem)."""

PLAIN_MKDOCS = """site_name: {site_name}
docs_dir: {docs_dir}
site_dir: {site_dir}
theme: {{name: material, language: {lang}, font: false}}
plugins:
  - to-pdf:
      enabled_if_env: ENABLE_PDF_EXPORT
      output_path: pdf/{lang}.pdf
      toc_title: {toc_title}
      custom_template_path: {templates}
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables,
                      {{toc: {{permalink: true}}}}]
nav:
{nav}
"""


# The project ---------------------------------------------------------------------------

def make_project(root: Path, pages: int) -> None:
    """The launch project, vi and en editions only, with more bulletins until the PDFs
    make about `pages` pages per language; a git repository."""
    copy_launch(root)
    for index in (root / "docs" / "vi").rglob("index.md"):
        text = index.read_text(encoding="utf-8")
        index.write_text(re.sub(r"(?m)^(  editions:).*$", r"\1 [vi, en]", text), encoding="utf-8")
    number = 0
    while estimated_pages(root) < pages:
        add_bulletin(root, 2020 + number // 4, number % 4 + 1, BULLETINS[number % len(BULLETINS)])
        number += 1
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=root, env=ENV, check=True)


def add_bulletin(root: Path, year: int, quarter: int, model_folder: str) -> None:
    """A copy of a launch bulletin as issue `year`-Q`quarter`: its labels, title and
    heading changed, its text as it is."""
    old_year, old_quarter = int(model_folder[-7:-3]), int(model_folder[-1])
    for lang in LANGS:
        source = root / "docs" / lang / model_folder
        target = root / "docs" / lang / f"ban-tin/{year}-q{quarter}"
        shutil.copytree(source, target)
        index = target / "index.md"
        lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
        relabel = {f"quý {QUARTERS[old_quarter - 1]}/{old_year}": f"quý {QUARTERS[quarter - 1]}/{year}",
                   f"Q{old_quarter} {old_year}": f"Q{quarter} {year}",
                   f"issue: {old_year}-Q{old_quarter}": f"issue: {year}-Q{quarter}"}
        for number, line in enumerate(lines):
            if line.startswith(("title:", "description:", "# ", "  issue:")):
                for old, new in relabel.items():
                    line = line.replace(old, new)
                lines[number] = line
        index.write_text("".join(lines), encoding="utf-8")


def estimated_pages(root: Path) -> int:
    """A rough page count of one language's screen PDFs: four pages of front matter, and
    about 1900 characters of Markdown a page, each chapter on a new page (on the launch
    content it comes within a few pages of the real count)."""
    total = 0
    for folder in (root / "docs" / "vi").rglob("index.md"):
        if "publication:" not in folder.read_text(encoding="utf-8"):
            continue
        chapters = [path.read_text(encoding="utf-8") for path in folder.parent.glob("*.md")]
        total += 4 + sum(math.ceil(len(text) / 1900) for text in chapters)
    return total


def books(root: Path) -> list[tuple[object, dict[str, list]]]:
    """Every publication, in bdpub's order, with its pages in each language in order: read
    from bdpub's content model, the one owner of that order."""
    from build_tools.content import model as content
    from build_tools.content.project import load_project

    model = content.gather(load_project(root / "mkdocs.yml"))
    return [(publication, {lang: [model.page(lang, page.rel) for page in publication.source_pages]
                           for lang in LANGS})
            for publication in model.publications]


def write_plain_html(root: Path, collection, lang: str) -> Path:
    """One plain HTML file of a language's pages, each page a section, for the floor."""
    import markdown

    from build_tools.content.project import load_project

    extensions = load_project(root / "mkdocs.yml").markdown_extensions
    converter = markdown.Markdown(extensions=[name for name, _ in extensions],
                                  extension_configs={name: config for name, config in extensions})
    sections = []
    for _, pages in collection:
        for page in pages[lang]:
            converter.reset()
            sections.append(f"<section>{converter.convert(page.body)}</section>")
    css = font_faces() + PRINT_CSS
    target = root / "raw" / f"{lang}.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                      f"<title>{html.escape(lang)}</title><style>{css}</style></head><body>"
                      + "\n".join(sections) + "</body></html>", encoding="utf-8")
    return target


def write_plain_mkdocs(root: Path, collection, lang: str) -> Path:
    """A plain mkdocs.yml over a copy of a language's publication pages, in bdpub's order."""
    docs = root / "plain" / "docs" / lang
    nav = []
    for publication, pages in collection:
        entries = []
        for page in pages[lang]:
            target = docs / page.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page.path, target)
            entries.append(f"      - {page.rel.as_posix()}")
        nav.append(f"  - {json.dumps(pages[lang][0].title, ensure_ascii=False)}:\n"
                   + "\n".join(entries))
    templates = root / "plain" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    (templates / "styles.scss").write_text(
        font_faces() + PRINT_CSS + MKDOCS_TO_PDF_CSS, encoding="utf-8")
    config = root / "plain" / f"mkdocs-{lang}.yml"
    config.write_text(PLAIN_MKDOCS.format(
        site_name={"vi": "Thông tin đối ngoại tỉnh Bình Dương"}.get(lang, "Binh Duong External Information"),
        docs_dir=docs, site_dir=root / "plain" / "site" / lang, lang=lang,
        toc_title={"vi": "Mục lục"}.get(lang, "Contents"), templates=templates,
        nav="\n".join(nav)), encoding="utf-8")
    return config


def mkdocs_to_pdf_bin() -> Path:
    """mkdocs of the venv that has mkdocs-to-pdf, made the first time from PyPI."""
    marker = MKDOCS_TO_PDF_VENV / "installed.txt"
    if not marker.exists() or marker.read_text() != " ".join(MKDOCS_TO_PDF_STACK):
        print(f"installing {MKDOCS_TO_PDF} into {MKDOCS_TO_PDF_VENV.relative_to(REPO)} ...",
              flush=True)
        shutil.rmtree(MKDOCS_TO_PDF_VENV, ignore_errors=True)
        subprocess.run([sys._base_executable, "-m", "venv", str(MKDOCS_TO_PDF_VENV)], check=True)
        installed = subprocess.run([str(MKDOCS_TO_PDF_VENV / "bin" / "pip"), "install", "-q",
                                    *MKDOCS_TO_PDF_STACK], capture_output=True, text=True)
        if installed.returncode:
            sys.exit(installed.stdout + installed.stderr)
        marker.write_text(" ".join(MKDOCS_TO_PDF_STACK))
    return MKDOCS_TO_PDF_VENV / "bin" / "mkdocs"


# Measuring -----------------------------------------------------------------------------

@dataclasses.dataclass
class Run:
    """One command's wall time, CPU time, peak memory (MB) and its error output."""

    seconds: float
    cpu: float
    tree_mb: float
    largest_mb: float
    stderr: str


def measure(command: list, cwd: Path, env: dict | None = None) -> Run:
    """Run a command in a process of its own; sample its process tree's memory meanwhile."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen([str(part) for part in command], cwd=cwd, env=env or ENV,
                                   stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode:
        sys.exit(f"failed ({process.returncode}): {' '.join(map(str, command))}\n{stderr[-3000:]}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, sampler.peak_kb / 1024,
               usage.ru_maxrss / 1024, stderr)


class TreeMemory(threading.Thread):
    """The peak of the summed PSS of a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.pid)))
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self.done.set()
        self.join()


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    tree = [root]
    for pid in tree:
        tree.extend(children.get(pid, []))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(found.group(1)) if found else 0


def combined(runs: list[Run]) -> Run:
    """Runs made one after the other (one per language) as one."""
    return Run(sum(run.seconds for run in runs), sum(run.cpu for run in runs),
               max(run.tree_mb for run in runs), max(run.largest_mb for run in runs),
               "".join(run.stderr for run in runs))


def median(runs: list[Run]) -> Run:
    """The median time of several runs of the same work, with the highest memory."""
    middle = sorted(runs, key=lambda run: run.seconds)[(len(runs) - 1) // 2]
    return dataclasses.replace(middle, tree_mb=max(run.tree_mb for run in runs),
                               largest_mb=max(run.largest_mb for run in runs))


# Reading the PDFs back -----------------------------------------------------------------

LEADERS = re.compile(r"(?:\.\s*){3,}|…+|\s+")
CONTENTS_LINE = re.compile(r"\S.*[\s.]\d{1,3}\s*$")
"""A line of a table of contents: a title, then a page number after a space or a leader
(a line of prose ending in a year or a figure such as 6.3 does not match)."""


@dataclasses.dataclass
class Pages:
    """What the PDFs of one tool hold."""

    pages: int = 0
    useful: int = 0
    chars: int = 0
    """Characters (white space and leaders left out) on the useful pages."""

    @property
    def density(self) -> float:
        return self.chars / self.useful if self.useful else 0.0


def count_pages(pdfs: list[Path]) -> Pages:
    """All pages and useful pages of some PDFs (see the module's docstring)."""
    import pypdfium2

    counted = Pages()
    for path in pdfs:
        document = pypdfium2.PdfDocument(path)
        for page in document:
            text = page.get_textpage().get_text_range()
            counted.pages += 1
            if is_useful(text):
                counted.useful += 1
                counted.chars += len(LEADERS.sub("", text))
        document.close()
    return counted


def is_useful(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    entries = sum(bool(CONTENTS_LINE.match(line)) for line in lines)
    contents = len(lines) >= 4 and entries > len(lines) / 2
    return not contents and len(LEADERS.sub("", text)) >= USEFUL_CHARS


# The three tools -----------------------------------------------------------------------

@dataclasses.dataclass
class Result:
    """One row of the table."""

    tool: str
    run: Run
    counted: Pages
    note: str = ""

    @property
    def rate(self) -> float:
        return self.counted.useful / self.run.seconds if self.run.seconds > 0 else 0.0


def code_digest() -> str:
    """A hash of bdpub's code, which is part of every PDF's cache key: when someone edits it
    while the benchmark runs, the rebuild has to render again."""
    import hashlib

    import build_tools

    digest = hashlib.sha256()
    for path in sorted(Path(build_tools.__file__).parent.rglob("*.py")):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def bench_bdpub(root: Path, runs: int) -> tuple[Result, Result, Run, Run, str]:
    """Cold builds (site and PDFs), the cached rebuild after the last, site-only builds."""
    bdpub = BIN / "bdpub"
    code = code_digest()
    cold = []
    for _ in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        cold.append(measure([bdpub, "build"], root))
    pdfs = sorted((root / "site" / "pdf").rglob("*.pdf"))
    counted = count_pages(pdfs)
    by_profile = {profile: count_pages([pdf for pdf in pdfs if pdf.stem.endswith(profile)])
                  for profile in ("print", "screen")}
    rebuild = measure([bdpub, "build"], root)
    cache_line = next((line for line in rebuild.stderr.splitlines() if line.startswith("PDF:")),
                      "PDF: (no line)")
    if code_digest() != code:
        cache_line += " (bdpub's code changed during the run: every PDF had to be made again)"
    site_only = []
    for _ in range(runs):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        site_only.append(measure([bdpub, "build", "--site-only"], root))
    cold_run, site_run = median(cold), median(site_only)
    pdf_part = dataclasses.replace(cold_run, seconds=cold_run.seconds - site_run.seconds,
                                   cpu=cold_run.cpu - site_run.cpu)
    note = (f"{len(pdfs)} PDFs; useful pages: print {by_profile['print'].useful}, "
            f"screen {by_profile['screen'].useful}")
    return (Result("bdpub, PDF part", pdf_part, counted, note),
            Result("bdpub, whole build", cold_run, counted),
            rebuild, site_run, cache_line)


def bench_mkdocs_to_pdf(root: Path, collection, runs: int) -> tuple[Result, Run]:
    """One build per language with the plugin off, then the same builds with it on (mkdocs
    empties the site folder first, so the PDFs of the last are kept)."""
    mkdocs = mkdocs_to_pdf_bin()
    configs = {lang: write_plain_mkdocs(root, collection, lang) for lang in LANGS}
    on, off = [], []
    for _ in range(runs):
        off.append(combined([measure([mkdocs, "build", "-q", "-f", config], root)
                             for config in configs.values()]))
        on.append(combined([measure([mkdocs, "build", "-q", "-f", config], root,
                                    {**ENV, "ENABLE_PDF_EXPORT": "1"})
                            for config in configs.values()]))
    pdfs = [root / "plain" / "site" / lang / "pdf" / f"{lang}.pdf" for lang in LANGS]
    counted = count_pages(pdfs)
    on_run, off_run = median(on), median(off)
    pdf_part = dataclasses.replace(on_run, seconds=on_run.seconds - off_run.seconds,
                                   cpu=on_run.cpu - off_run.cpu)
    return Result("mkdocs-to-pdf, PDF part", pdf_part, counted, "one PDF per language"), off_run


def bench_raw(root: Path, collection, runs: int) -> Result:
    """WeasyPrint on one plain HTML file per language, one process each."""
    script = ("import sys, weasyprint; "
              "weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])")
    sources = {lang: write_plain_html(root, collection, lang) for lang in LANGS}
    measured = [combined([measure([sys.executable, "-c", script, source,
                                   source.with_suffix(".pdf")], root)
                          for source in sources.values()]) for _ in range(runs)]
    counted = count_pages([source.with_suffix(".pdf") for source in sources.values()])
    return Result("raw WeasyPrint (floor)", median(measured), counted,
                  "one plain HTML per language")


# The report ----------------------------------------------------------------------------

def table(results: list[Result]) -> str:
    head = (f"{'tool':24} {'seconds':>7} {'CPU s':>6} {'PDF pages':>9} {'useful':>6} "
            f"{'chars/page':>10} {'useful/s':>8} {'tree MB':>7} {'largest MB':>10}")
    rows = [f"{r.tool:24} {r.run.seconds:7.1f} {r.run.cpu:6.1f} {r.counted.pages:9d} "
            f"{r.counted.useful:6d} {r.counted.density:10.0f} {r.rate:8.2f} "
            f"{r.run.tree_mb:7.0f} {r.run.largest_mb:10.0f}"
            + (f"  ({r.note})" if r.note else "") for r in results]
    return "\n".join([head, "-" * len(head), *rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200,
                        help="PDF pages per language to reach, about (default 200)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each; the median is shown")
    parser.add_argument("--skip-mkdocs-to-pdf", action="store_true")
    parser.add_argument("--keep", metavar="FOLDER",
                        help="make the project in FOLDER (empty) and leave it there, to look at "
                             "the PDFs or profile a build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bdpub-bench-pdf-") as folder:
        root = Path(args.keep or folder)
        root.mkdir(parents=True, exist_ok=True)
        if any(root.iterdir()):
            parser.error(f"--keep {root}: the folder is not empty")
        started, load_before = time.perf_counter(), os.getloadavg()[0]
        make_project(root, args.pages)
        collection = books(root)
        sources = sum(len(pages["vi"]) for _, pages in collection)
        print(f"project: {len(collection)} publications, {sources} Markdown pages per language "
              f"({time.perf_counter() - started:.1f} s to make); {os.cpu_count()} cores")
        raw = bench_raw(root, collection, args.runs)
        bdpub, whole, rebuild, site_run, cache_line = bench_bdpub(root, args.runs)
        results = [bdpub, whole]
        if not args.skip_mkdocs_to_pdf:
            mkdocs_to_pdf, plain_site = bench_mkdocs_to_pdf(root, collection, args.runs)
            results.append(mkdocs_to_pdf)
        results.append(raw)
        print(table(results))
        print("load average (1 min) at the start and the end: "
              f"{load_before:.2f}, {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print(f"bdpub site-only build (subtracted): {site_run.seconds:.1f} s, "
              f"{site_run.tree_mb:.0f} MB")
        if not args.skip_mkdocs_to_pdf:
            print(f"mkdocs build without the plugin (subtracted): {plain_site.seconds:.1f} s, "
                  f"{plain_site.tree_mb:.0f} MB")
        print(f"bdpub cached rebuild: {rebuild.seconds:.1f} s, {rebuild.tree_mb:.0f} MB; "
              f"{cache_line}")
        verdicts = verdict(bdpub, raw, mkdocs_to_pdf if not args.skip_mkdocs_to_pdf else None,
                           cache_line)
        print("\n".join(verdicts))
    return 0


def cpu_rate(result: Result) -> float:
    return result.counted.useful / result.run.cpu if result.run.cpu > 0 else 0.0


def verdict(bdpub: Result, raw: Result, mkdocs_to_pdf: Result | None,
            cache_line: str) -> list[str]:
    """The ratios of useful pages per second and whether each target is met."""
    lines = []
    for other in (mkdocs_to_pdf, raw):
        if other is not None:
            lines.append(f"bdpub / {other.tool.split(',')[0]} useful pages per CPU second: "
                         f"{cpu_rate(bdpub) / cpu_rate(other):5.2f}x (less sensitive to other "
                         "load on the machine)")
    if mkdocs_to_pdf is not None:
        ratio = bdpub.rate / mkdocs_to_pdf.rate
        lines.append(f"bdpub / mkdocs-to-pdf useful pages/s: {ratio:5.2f}x "
                     f"(target >= {TARGET_VS_MKDOCS_TO_PDF:g}x: "
                     f"{'met' if ratio >= TARGET_VS_MKDOCS_TO_PDF else 'MISSED'})")
    ratio = bdpub.rate / raw.rate
    lines.append(f"bdpub / raw WeasyPrint useful pages/s: {ratio:5.2f}x "
                 f"(target >= {TARGET_VS_RAW:g}x, within 2x of the floor: "
                 f"{'met' if ratio >= TARGET_VS_RAW else 'MISSED'})")
    rendered = re.match(r"PDF: (\d+) ", cache_line)
    nothing = rendered is not None and rendered.group(1) == "0"
    lines.append(f"cached rebuild renders nothing: {'met' if nothing else 'MISSED'}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
