"""Benchmark: `bdpub check` and `bdpub build --site-only` on one 1 MB page of adversarial
Markdown per pattern, beside plain Python-Markdown on the same text, in one run.

    .venv/bin/python bench/adversarial.py [--size 1000000] [--timeout 120]
                                          [--plain-timeout 30] [--pattern NAME …]

For each pattern the project is a copy of tests/fixtures/minimal with one more page,
docs/vi/adversarial.md: a front matter with a title, then the pattern repeated (or built)
up to the size. Both commands run as an editor runs them, in a process of their own, and
are stopped at the timeout. Plain Markdown gets the body alone, with the site's extensions
(abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc), in a process of
its own, stopped at its own timeout. A pattern passes when both commands end in under 5 s: check
refusing the page with an error that names its line, build refusing to publish it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "minimal"
PAGE = Path("docs") / "vi" / "adversarial.md"
FRONT_MATTER = "---\ntitle: Adversarial\n---\n\n"
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
              "toc"]
TARGET = 5.0
"""Seconds either command may take on any of these pages."""


def repeat(unit: str) -> Callable[[int], str]:
    """The unit over and over, to about `size` characters."""
    return lambda size: unit * max(1, size // len(unit))


def lines(line: Callable[[int], str]) -> Callable[[int], str]:
    """Lines made by `line(number)`, to about `size` characters."""
    def build(size: int) -> str:
        out, total, number = [], 0, 0
        while total < size:
            text = line(number)
            out.append(text)
            total += len(text) + 1
            number += 1
        return "\n".join(out)
    return build


def growing_ticks(size: int) -> str:
    """Runs of 1, 2, 3… backticks: no run has one of the same length after it."""
    out, total, length = [], 0, 1
    while total < size:
        out.append("`" * length + " a ")
        total += length + 3
        length += 1
    return "".join(out)


def table_columns(size: int) -> str:
    columns = size // 8
    return "|" + "a|" * columns + "\n|" + "-|" * columns + "\n" + "a\n" * (size // 4 // 2)


def ordinary(size: int) -> str:
    """A control: the launch content, over and over."""
    pages = [path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
             for path in sorted((REPO / "docs" / "vi").rglob("*.md"))]
    text = "\n\n".join(pages)
    return "\n\n".join([text] * max(1, size // len(text)))


PATTERNS: dict[str, Callable[[int], str]] = {
    "<a ": repeat("<a "),
    "<a + newline": repeat("<a\n"),
    "![": repeat("!["),
    "[": repeat("["),
    "[a](": repeat("[a]("),
    "*": repeat("*"),
    "`": repeat("`"),
    "_": repeat("_"),
    "<!--": repeat("<!--"),
    "> nesting": repeat("> "),
    "{": repeat("{"),
    "|": repeat("|"),
    "list indentation": lines(lambda number: " " * (4 * (number % 64)) + "- a"),
    "</a ": repeat("</a "),
    "<?a + newline": repeat("<?a\n"),
    "<![CDATA[": repeat("<![CDATA[\n"),
    '<a b="': repeat('<a b="'),
    "<http://a": repeat("<http://a"),
    "[^": repeat("[^"),
    "[a][": repeat("[a]["),
    "[a](<b": repeat("[a](<b"),
    "[`]`": repeat("[`]`"),
    "growing backticks": growing_ticks,
    "*_": repeat("*_"),
    "*a* ": repeat("*a* "),
    "\\*": repeat("\\*"),
    "&amp;": repeat("&amp;"),
    "line breaks": repeat("a  \n"),
    "- markers": repeat("- "),
    "quotation pyramid": lines(lambda number: "\n" + "> " * (number % 24) + "a"),
    "# headings, no blank": repeat("# a\n"),
    "setext headings": repeat("a\n=\n"),
    "definitions": repeat("a\n: b\n"),
    "abbreviation lines": repeat("*[a]: b\n"),
    "admonitions in one": repeat("!!! note\n    "),
    "[^1] references": lambda size: repeat("[^1] ")(size) + "\n\n[^1]: A note.\n",
    "# a {": repeat("# a {"),
    "table columns": table_columns,
    "table code": lambda size: "a|b\n-|-\n" + repeat("`a`|" * 200 + "\n")(size),
    "<span> + comments": lambda size: "<span>" * (size // 12) + "<!---->" * (size // 14),
    "<div></div> blocks": repeat("<div></div>\n"),
    "a + blank line": repeat("a\n\n"),
    "ordinary (control)": ordinary,
}

PLAIN = """
import sys, time, markdown
text = sys.stdin.read()
start = time.perf_counter()
markdown.Markdown(extensions={extensions!r}).convert(text)
print(time.perf_counter() - start)
"""


def run(command: list[str], cwd: Path, timeout: float, stdin: str | None = None
        ) -> tuple[float, int | None, str]:
    """Seconds, exit code (None when stopped at the timeout) and output of a command."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=cwd, env=env, input=stdin, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, ""
    return time.perf_counter() - start, done.returncode, done.stdout + done.stderr


def first_error(output: str) -> str:
    """The first line that reports an error, the page's own first."""
    found = [line for line in output.splitlines() if "error" in line.lower()]
    mine = [line for line in found if str(PAGE) in line]
    return (mine or found or [""])[0].strip()


def seconds(elapsed: float, code: int | None, timeout: float) -> str:
    return f">{timeout:.0f} s" if code is None else f"{elapsed:6.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of the page body")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for each command")
    parser.add_argument("--plain-timeout", type=float, default=30,
                        help="seconds for plain Python-Markdown")
    parser.add_argument("--pattern", action="append", choices=list(PATTERNS), metavar="NAME",
                        help="run only these patterns (repeatable); all by default")
    parser.add_argument("--no-plain", action="store_true", help="skip plain Python-Markdown")
    args = parser.parse_args()
    names = args.pattern or list(PATTERNS)
    python = sys.executable
    print(f"{'pattern':22s} {'check':>10s} {'exit':>4s} {'build':>10s} {'exit':>4s} "
          f"{'markdown':>10s}  first error")
    slow = []
    with tempfile.TemporaryDirectory(prefix="bdpub-adversarial-") as folder:
        root = Path(folder) / "project"
        shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("site"))
        for name in names:
            body = PATTERNS[name](args.size)
            (root / PAGE).write_text(FRONT_MATTER + body, encoding="utf-8")
            check = run([python, "-m", "build_tools", "check"], root, args.timeout)
            build = run([python, "-m", "build_tools", "build", "--site-only"], root, args.timeout)
            plain = ""
            if not args.no_plain:
                elapsed, code, output = run([python, "-c", PLAIN.format(extensions=EXTENSIONS)],
                                            root, args.plain_timeout, body)
                plain = (f">{args.plain_timeout:.0f} s" if code is None else
                         f"{float(output.split()[-1]):6.1f} s" if code == 0 else "error")
            message = first_error(check[2]) or first_error(build[2])
            print(f"{name:22s} {seconds(check[0], check[1], args.timeout):>10s} "
                  f"{'-' if check[1] is None else check[1]:>4} "
                  f"{seconds(build[0], build[1], args.timeout):>10s} "
                  f"{'-' if build[1] is None else build[1]:>4} {plain:>10s}  {message[:110]}",
                  flush=True)
            if check[1] is None or build[1] is None or max(check[0], build[0]) > TARGET:
                slow.append(name)
    print(f"\n{len(names) - len(slow)} of {len(names)} patterns checked and built in under "
          f"{TARGET:.0f} s" + (f"; slower: {', '.join(slow)}" if slow else ""))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
