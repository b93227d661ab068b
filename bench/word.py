"""Benchmark: Word in and out (issue 11, item 5). Prints the seconds of `bdpub import` on a
document of 50 pages or more and of `bdpub export` on every publication, each beside plain
pandoc doing the bare conversion of the same input, and the verdict against the target
(each under 5 s on this machine).

    .venv/bin/python bench/word.py [--runs 3] [--sections 50] [--keep DIR]

The project is the launch project as committed (`git archive HEAD`), in a temporary folder.

- The contribution: Markdown made from the launch pages' own paragraphs (headings on three
  levels, bulleted and numbered lists, a table and a footnote every few sections, a photo
  every fifth section), made into a .docx by pandoc and then saved again by LibreOffice, so
  the file is a word processor's own. LibreOffice also prints it to PDF, and the pages of
  that PDF are the document's page count (it must reach 50).
- Import: `bdpub import FILE --to docs/vi/bench/contribution.md --force`, against
  `pandoc FILE -t markdown --extract-media DIR` (the conversion alone: no re-levelling,
  checks, image cleaning or front matter).
- Export: `bdpub export PUBLICATION` for each publication (vi, and the bilingual copy of the
  largest), against pandoc making a .docx from the same pages' Markdown joined in one file.

Each figure is the median of --runs runs, measured as wall-clock seconds of the whole
command (the Python start-up of bdpub included).
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_SECONDS = 5.0
MIN_PAGES = 50
PANDOC = pypandoc.get_pandoc_path()


def seconds(command: list, cwd: Path, runs: int) -> float:
    """The median wall-clock time of a command that must succeed."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stderr}")
    return statistics.median(times)


def launch_paragraphs() -> list[str]:
    """The running text of the launch pages in Vietnamese: paragraphs of 200 characters or
    more, without Markdown links or images."""
    paragraphs = []
    for page in sorted((REPO / "docs/vi").rglob("*.md")):
        for block in page.read_text(encoding="utf-8").split("\n\n"):
            text = " ".join(block.split())
            if len(text) >= 200 and not re.search(r"[\[\]|#<>!*`:]", text) \
                    and not re.match(r"[-+]|\d+\.", text):
                paragraphs.append(text)
    return paragraphs


def cut(text: str, length: int) -> str:
    """The text's first words, up to about `length` characters."""
    return text[:length].rsplit(" ", 1)[0].rstrip(",;")


def photo(path: Path, number: int) -> None:
    """A 1600×1067 photo-like JPEG (gradients and noise compress like a photograph)."""
    image = Image.effect_mandelbrot((1600, 1067), (-2.0 + number / 50, -1.0, 1.0, 1.0), 60)
    Image.merge("RGB", (image, image.rotate(180), image.transpose(Image.FLIP_LEFT_RIGHT))
                ).save(path, quality=85)


def contribution_markdown(folder: Path, sections: int) -> str:
    paragraphs = launch_paragraphs()
    parts = ["# Báo cáo tổng hợp của các sở, ngành", ""]
    for number in range(1, sections + 1):
        take = [paragraphs[(number * 5 + k) % len(paragraphs)] for k in range(5)]
        parts += [f"## {number}. Phần {number}", "", take[0], "", f"### {number}.1. Nội dung", "",
                  take[1], "", take[2], ""]
        parts += ["- " + cut(take[3], 120), "    - " + cut(take[4], 90),
                  "- " + cut(take[2], 160), ""]
        if number % 3 == 0:
            parts += ["| Hạng mục | Năm 2018 | Năm 2019 |", "|---|---|---|",
                      "| Hoạt động | 12 | 15 |", "| Ấn phẩm | 4 | 6 |", ""]
            parts += [take[3] + f"[^{number}]", "", f"[^{number}]: {cut(take[4], 100)}", ""]
        if number % 5 == 0:
            photo(folder / f"anh-{number}.jpg", number)
            parts += [f"![Ảnh minh hoạ phần {number}](anh-{number}.jpg)", ""]
        parts += ["1. " + cut(take[1], 100), "2. " + cut(take[2], 100), "", take[4], ""]
    return "\n".join(parts)


def make_contribution(folder: Path, sections: int) -> tuple[Path, int | None]:
    """The .docx, resaved by LibreOffice when it is installed, and its page count there."""
    source = folder / "contribution.md"
    source.write_text(contribution_markdown(folder, sections), encoding="utf-8")
    made = folder / "pandoc" / "contribution.docx"
    made.parent.mkdir(exist_ok=True)
    subprocess.run([PANDOC, source.name, "-o", str(made)], cwd=folder, check=True)
    soffice = shutil.which("soffice")
    if soffice is None:
        return made, None
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
    office = folder / "office"
    for fmt in ("docx", "pdf"):
        subprocess.run([soffice, profile, "--headless", "--norestore", "--convert-to", fmt,
                        "--outdir", str(office), str(made)], check=True, capture_output=True)
    import pikepdf

    with pikepdf.open(office / "contribution.pdf") as pdf:
        return office / "contribution.docx", len(pdf.pages)


def publications(root: Path) -> list[tuple[str, str, int]]:
    """Each publication's slug, folder and page count, from the project's content model."""
    sys.path.insert(0, str(REPO))
    from build_tools.content import model
    from build_tools.content.project import load_project

    gathered = model.gather(load_project(root / "mkdocs.yml"))
    return [(publication.slug, publication.folder.as_posix(), len(publication.source_pages))
            for publication in gathered.publications]


def joined_markdown(root: Path, slug: str, source: str, folder: Path) -> Path:
    """The publication's Vietnamese pages in one Markdown file, front matter left out."""
    pages = sorted((root / "docs/vi" / source).rglob("*.md"))
    text = "\n\n".join(re.sub(r"\A---\n.*?\n---\n", "", page.read_text(encoding="utf-8"),
                              flags=re.S) for page in pages)
    joined = folder / f"{slug}.md"
    joined.write_text(text, encoding="utf-8")
    return joined


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sections", type=int, default=50,
                        help="sections of the contribution (50 make about 56 A4 pages)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-word-"))
    work.mkdir(parents=True, exist_ok=True)
    root = work / "project"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
    bdpub = str(BIN / "bdpub")
    rows = []

    document, pages = make_contribution(work, args.sections)
    size = document.stat().st_size / 1e6
    label = f"import {document.name} ({pages or '?'} pages, {size:.1f} MB)"
    ours = seconds([bdpub, "import", str(document), "--to", "docs/vi/bench/contribution.md",
                    "--force"], root, args.runs)
    plain = seconds([PANDOC, str(document), "-t", "markdown", "--extract-media",
                     str(work / "media"), "-o", str(work / "plain.md")], root, args.runs)
    rows.append((label, ours, plain))
    shutil.rmtree(root / "docs/vi/bench")

    found = publications(root)
    largest = max(found, key=lambda item: item[2])[0]
    for slug, source, count in found:
        for lang in ("vi", "bilingual") if slug == largest else ("vi",):
            output = work / f"{slug}-{lang}.docx"
            ours = seconds([bdpub, "export", slug, "--lang", lang, "-o", str(output)], root,
                           args.runs)
            joined = joined_markdown(root, slug, source, work)
            plain = seconds([PANDOC, str(joined), "-o", str(work / f"{slug}-plain.docx")],
                            root / "docs/vi" / source, args.runs)
            rows.append((f"export {slug} --lang {lang} ({count} pages)", ours, plain))

    width = max(len(label) for label, *_ in rows)
    print(f"{'':{width}}  {'bdpub s':>8}  {'pandoc s':>8}  {'ratio':>6}  under {TARGET_SECONDS:.0f} s")
    for label, ours, plain in rows:
        print(f"{label:{width}}  {ours:8.2f}  {plain:8.2f}  {ours / plain:5.2f}×  "
              f"{'yes' if ours < TARGET_SECONDS else 'NO'}")
    met = all(ours < TARGET_SECONDS for _, ours, _ in rows)
    if pages is not None and pages < MIN_PAGES:
        print(f"the contribution has {pages} pages, fewer than {MIN_PAGES}: raise --sections")
        met = False
    print("target met" if met else "target missed")
    if not args.keep:
        shutil.rmtree(work)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
