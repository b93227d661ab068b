"""Search: one index per language, made from the pages as built, for the theme's javascripts/search.js.

Material's search puts both languages in one index and cuts Vietnamese words at accented
letters. This index keeps each language apart and stores plain text by section; the
browser folds diacritics itself, so "binh duong" finds "Bình Dương" and "phở" stays "phở".
"""
from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

from lxml import html as lxml_html

HEADINGS = ("h1", "h2", "h3")
SKIP = ("script", "style", "nav", "form", "button")
INDEX_PATH = Path("search") / "index.json"


class SearchIndex:
    """The sections of every page of one language build, each page's held as compressed
    JSON until the index is written (at 1,000 pages, megabytes of text a build keeps)."""

    def __init__(self) -> None:
        self.pages: list[bytes] = []

    def add(self, url: str, title: str, content: str) -> bytes:
        """Add a page's sections; `url` is relative to the language's root. Returns them
        as held (pack()), for the record of the page (site.reuse)."""
        docs = []
        if content.strip():
            root = lxml_html.fragment_fromstring(content, create_parent="div")
            docs = [{"url": url + (f"#{heading_id}" if heading_id else ""),
                     "page": title, "title": heading or title, "text": text}
                    for heading_id, heading, text in _sections(root)]
        return self.extend(pack(docs))

    def extend(self, sections: bytes | None) -> bytes | None:
        """Add sections as pack() holds them (a page taken from the previous build)."""
        if sections is not None:
            self.pages.append(sections)
        return sections

    @property
    def docs(self) -> list[dict]:
        """Every section added so far, as the index lists them."""
        return [doc for sections in self.pages for doc in json.loads(unpacked(sections))]

    def write(self, site_dir: Path, lang: str) -> Path:
        target = site_dir / INDEX_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:  # {"lang":…,"docs":[…]}, page by page
            out.write(json.dumps({"lang": lang}, ensure_ascii=False, separators=(",", ":"))[:-1]
                      + ',"docs":[')
            written = False
            for sections in self.pages:
                docs = unpacked(sections)[1:-1]
                if docs:
                    out.write("," + docs if written else docs)
                    written = True
            out.write("]}")
        return target


def pack(docs: list[dict]) -> bytes:
    """A page's search sections as the index writes them (compact JSON), compressed."""
    return held(json.dumps(docs, ensure_ascii=False, separators=(",", ":")))


def held(text: str) -> bytes:
    """The JSON text of a page's sections, held compressed as pack() holds them."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpacked(held: bytes) -> str:
    """The JSON text of a page's sections held by pack()."""
    return zlib.decompress(held).decode("utf-8")


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
