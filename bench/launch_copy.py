"""The launch project copied for a benchmark in Vietnamese and English only: the benchmarks
compare bdpub with the plain stack on the same two languages, as they always have (the
Chinese, Korean and Japanese pages of item 6.4 are a handful and would only fall back)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGS = ("vi", "en")
LOCALE = re.compile(r"^\s*- locale: (\S+)")
EDITIONS = re.compile(r"(?m)^(  editions:\s*)\[([^\]]*)\]")


def copy_launch(root: Path, langs: tuple[str, ...] = LANGS) -> None:
    """mkdocs.yml with only `langs`, data/, and docs/<lang> for each of them; the
    publications' editions in other languages left out."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config(langs), encoding="utf-8")
    shutil.copytree(REPO / "data", root / "data")
    for lang in langs:
        shutil.copytree(REPO / "docs" / lang, root / "docs" / lang)
    for index in (root / "docs" / langs[0]).rglob("index.md"):
        text = index.read_text(encoding="utf-8")
        index.write_text(EDITIONS.sub(lambda match: match[1] + "[" + ", ".join(
            name for name in (part.strip() for part in match[2].split(","))
            if name.removeprefix("bilingual-") in (*langs, "bilingual")) + "]", text),
            encoding="utf-8")


def config(langs: tuple[str, ...], text: str | None = None) -> str:
    """The launch mkdocs.yml (or `text`, another revision's) whose i18n plugin lists only
    `langs`."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8") if text is None else text
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        locale = LOCALE.match(line)
        if locale:
            skipping = locale[1] not in langs
        elif skipping and not line.startswith("          "):
            skipping = False  # the next key after the languages' list
        if not skipping and not line.startswith("        #"):  # the comment on item 6.4
            kept.append(line)
    return "".join(kept)
