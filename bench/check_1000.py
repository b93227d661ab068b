"""Benchmark: `bdpub check` on 1000 pages per language, beside a plain `mkdocs build` of the
same content, in one run. Prints seconds, peak memory and ratios.

    .venv/bin/python bench/check_1000.py [--pages 1000] [--runs 3] [--no-mkdocs]

The pages are the launch content, copied over and over into numbered folders, with the
glossary and a git history, so every check (history included) does its real work.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from launch_copy import config  # noqa: E402
LANGS = ("vi", "en")
BIN = Path(sys.executable).parent
PLAIN_CONFIG = """site_name: Plain stack
site_url: http://127.0.0.1:8000/
theme: {name: material, font: false, language: vi}
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - {locale: vi, default: true, name: Tiếng Việt}
        - {locale: en, name: English}
markdown_extensions: [abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc]
"""


def make_project(root: Path, pages: int) -> None:
    """`pages` pages per language made of the launch content, in a git repository."""
    sources = sorted((REPO / "docs/vi").rglob("*.md"))
    (root / "mkdocs.yml").write_text(config(LANGS), encoding="utf-8")
    (root / "data").mkdir()
    shutil.copy(REPO / "data/glossary.yml", root / "data/glossary.yml")
    for number in range(pages):
        source = sources[number % len(sources)]
        rel = source.relative_to(REPO / "docs/vi")
        copy = Path(f"lo-{number // len(sources):03d}") / rel
        for lang in ("vi", "en"):
            target = root / "docs" / lang / copy
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "docs" / lang / rel, target)
            for image in (REPO / "docs" / lang / rel.parent).glob("*.jpg"):
                shutil.copy(image, target.parent / image.name)
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@example.org"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=root, env=env, check=True)


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one command, run in a process of its own."""
    probe = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
             "elapsed = time.perf_counter() - start; "
             "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    output = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, env=env,
                            capture_output=True, text=True, check=True).stdout.split()
    return float(output[0]), float(output[1])


def best(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    results = [measure(command, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages per language")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-mkdocs", action="store_true", help="skip the plain mkdocs build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bdpub-bench-") as folder:
        root = Path(folder)
        started = time.perf_counter()
        make_project(root, args.pages)
        print(f"project: {args.pages} pages per language ({time.perf_counter() - started:.1f} s to make)")
        check_s, check_mb = best([str(BIN / "bdpub"), "check", "--format", "json"], root, args.runs)
        print(f"bdpub check --format json : {check_s:6.2f} s  {check_mb:6.0f} MB  (target: under 3 s)")
        if args.no_mkdocs:
            return 0
        plain = root / "plain.yml"
        plain.write_text(PLAIN_CONFIG, encoding="utf-8")
        build_s, build_mb = best([str(BIN / "mkdocs"), "build", "-q", "-f", str(plain),
                                  "-d", str(root / "plain-site")], root, 1)
        print(f"plain mkdocs build        : {build_s:6.2f} s  {build_mb:6.0f} MB")
        print(f"ratio check / plain build : {check_s / build_s:6.3f} (time)  "
              f"{check_mb / build_mb:6.3f} (memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
