"""Search: one index per language, made from the pages as built, for the theme's javascripts/search.js.

Material's search puts both languages in one index and cuts Vietnamese words at accented
letters. This index keeps each language apart and stores plain text by section; the
browser folds diacritics itself, so "binh duong" finds "Bình Dương" and "phở" stays "phở".
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import html as lxml_html

HEADINGS = ("h1", "h2", "h3")
SKIP = ("script", "style", "nav", "form", "button")
INDEX_PATH = Path("search") / "index.json"


class SearchIndex:
    """The sections of every page of one language build."""

    def __init__(self) -> None:
        self.docs: list[dict] = []

    def add(self, url: str, title: str, content: str) -> None:
        """Add a page's sections; `url` is relative to the language's root."""
        if not content.strip():
            return
        root = lxml_html.fragment_fromstring(content, create_parent="div")
        for heading_id, heading, text in _sections(root):
            self.docs.append({"url": url + (f"#{heading_id}" if heading_id else ""),
                              "page": title, "title": heading or title, "text": text})

    def write(self, site_dir: Path, lang: str) -> Path:
        target = site_dir / INDEX_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"lang": lang, "docs": self.docs}, ensure_ascii=False,
                                     separators=(",", ":")), encoding="utf-8")
        return target


def _sections(root) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) for the page opening and each h1-h3 section."""
    sections: list[list] = [["", "", []]]
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in HEADINGS:
            sections.append([element.get("id", ""), _text(element), []])
        elif element.tag in ("p", "li", "td", "th", "dd", "dt", "blockquote", "figcaption"):
            if not any(ancestor.tag in SKIP for ancestor in element.iterancestors()):
                sections[-1][2].append(_text(element))
    return [(anchor, heading, " ".join(dict.fromkeys(filter(None, parts))))
            for anchor, heading, parts in sections if heading or parts]


BREAKS = frozenset({"br", "p", "div", "li", "td", "th", "dd", "dt", "blockquote", "figcaption",
                    "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol", "table", "pre",
                    "section", "article", "figure", "hr"})
"""Elements that end a run of text; inline ones (a, em, strong, code, abbr…) do not, so
"平阳<strong>智慧</strong>城市" stays one run of Chinese for the search's character pairs."""


def _text(element) -> str:
    parts, stack = [], [(element, False)]
    while stack:  # no recursion: a page may nest deeper than Python's stack
        node, leaving = stack.pop()
        named = isinstance(node.tag, str)  # not a comment
        if named and node.tag in BREAKS:
            parts.append(" ")
        if leaving:
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if named and node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return re.sub(r"\s+", " ", "".join(parts).replace("¶", "")).strip()
