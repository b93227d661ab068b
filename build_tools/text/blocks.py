"""Blocks: a fast, line-based reading of a page's Markdown into blocks and sections.

The checks compare a translation with its source block by block. Rendering thousands of
pages with Python-Markdown would be too slow for that, and the checks need line numbers,
so this reads the block structure only: headings, paragraphs, lists, tables, images,
code, admonitions, footnotes, abbreviations, definition lists, quotes and raw HTML.
"""
from __future__ import annotations

import dataclasses
import hashlib
import html
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS as BLOCK_LEVEL

# Every pattern runs in linear time on editor text, however it is made: no two repetitions
# that can match the same characters one after the other, and no scan that many starting
# points share (an opener's scan stops at the next opener, or is looked up once).
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r" {0,3}(#{1,6})\s+")
"""The start of a heading line; its title is the rest without closing '#'s (_atx_title)."""
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])\s+")
# Python-Markdown's tables take any number of dashes under each heading ('| -- |').
TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-++:?\s*+(?:\|\s*+:?-++:?\s*+)*+\|?\s*$")
ADMONITION = re.compile(r"^(!!!|\?\?\?\+?)\s+([\w-]+)")
FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:")
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
DEFINITION = re.compile(r"^ {0,3}:[ \t]+\S")
RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
HTML_START = re.compile(r"^ {0,3}<(/?[a-zA-Z][\w-]*|!--)")
BLOCK_LEVEL_ELEMENTS = frozenset(BLOCK_LEVEL)
"""The elements that open a raw HTML block, as Python-Markdown knows them."""
GENERIC_BLOCK = re.compile(r"^ {0,3}(/{3,})\s*([\w-]+)")
TAB = re.compile(r'^ {0,3}===[+!]?\s+"')
INCLUDE = re.compile(r"^;?-{1,}8<-{1,}\s|^\{\*\s.*\*\}$")
LONE_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?\s*$")
IMAGE_OPENER = re.compile(r"!\[")
LINK_OPENER = re.compile(r"(?<!!)\[")
SPACES = re.compile(r"\s*+")
ADDRESS_END = re.compile(r"[)\s>]")
TITLE_START = re.compile(r"\s+[\"']")
DESTINATION_END = re.compile(r"\s*\)")
AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
REFERENCE = re.compile(r"^ {0,3}\[([^\]\[^][^\]\[]*)\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)


@dataclasses.dataclass(frozen=True)
class Block:
    """One block of a page: its kind, where it is, its Markdown and its shape."""

    kind: str
    line: int
    text: str
    level: int = 0
    """Heading level; for lists and tables, the count of items or rows."""
    columns: int = 0
    """For tables, the count of columns; for lists, of the items of lists inside items."""
    detail: str = ""
    """The admonition type, or the heading text."""

    @property
    def shape(self) -> tuple:
        """What must correspond between a block and its translation."""
        if self.kind in ("admonition", "include"):  # its type; the file and its options
            return (self.kind, self.detail)
        return (self.kind, self.level, self.columns)


@dataclasses.dataclass(frozen=True)
class Section:
    """A heading and the blocks up to the next heading (the opening section has none)."""

    heading: Block | None
    blocks: tuple[Block, ...]

    @property
    def title(self) -> str:
        return self.heading.detail if self.heading else ""

    @property
    def line(self) -> int:
        return self.heading.line if self.heading else (self.blocks[0].line if self.blocks else 1)

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0

    @property
    def digest(self) -> str:
        """A short hash of the section's text, blind to spacing, line wrapping and the
        heading's attribute list (an id given to a heading changes nothing a reader reads)."""
        heading = self.heading
        parts = [f"{'#' * heading.level} {heading.detail}"] if heading else []
        parts += [block.text for block in self.blocks]
        text = " ".join(" ".join(parts).split())
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    @property
    def text(self) -> str:
        parts = [self.heading.text] if self.heading else []
        return "\n\n".join(parts + [block.text for block in self.blocks])


def parse(body: str, first_line: int = 1) -> list[Block]:
    """The blocks of a Markdown body whose first line is `first_line` of its file."""
    lines = body.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block, index = _block(lines, index, first_line)
        blocks.append(block)
    return blocks


def sections(blocks: list[Block]) -> list[Section]:
    result: list[Section] = []
    heading, members = None, []
    for block in blocks:
        if block.kind == "heading":
            if heading or members:
                result.append(Section(heading, tuple(members)))
            heading, members = block, []
        else:
            members.append(block)
    if heading or members:
        result.append(Section(heading, tuple(members)))
    return result


def _block(lines: list[str], start: int, first_line: int) -> tuple[Block, int]:
    for reader in READERS:
        found = reader(lines, start, first_line + start)
        if found:
            return found
    return _paragraph(lines, start, first_line + start)


def _fence(lines, start, number):
    match = FENCE.match(lines[start])
    if not match:
        return None
    end = start + 1
    while end < len(lines) and not lines[end].strip().startswith(match[1]):
        end += 1
    return Block("code", number, "\n".join(lines[start:end + 1])), end + 1


def _heading(lines, start, number):
    match = HEADING.match(lines[start])
    if not match:
        return None
    title = _without_attributes(_atx_title(lines[start][match.end():]))
    return Block("heading", number, lines[start].strip(), len(match[1]), detail=title), start + 1


def _atx_title(rest: str) -> str:
    """The title of a heading line after its '#'s: without closing '#'s and the spaces
    around them (what '(.*?)\\s*#*\\s*$' leaves, in linear time)."""
    return rest.rstrip().rstrip("#").rstrip()


def _without_attributes(title: str) -> str:
    """The title without a trailing attribute list '{…}' and the spaces before it (what
    re.sub(r"\\s*\\{[^}]*\\}\\s*$", "", title) leaves, in linear time)."""
    end = len(title.rstrip())
    if not title[:end].endswith("}"):
        return title
    opening = title.find("{", title.rfind("}", 0, end - 1) + 1, end - 1)
    return title if opening < 0 else title[:opening].rstrip()


def _admonition(lines, start, number):
    match = ADMONITION.match(lines[start])
    if not match:
        return None
    end = _indented_end(lines, start + 1)
    return Block("admonition", number, "\n".join(lines[start:end]).strip(),
                 detail=match[2]), end


def _footnote(lines, start, number):
    if not FOOTNOTE.match(lines[start]):
        return None
    end = _indented_end(lines, start + 1)
    return Block("footnote", number, "\n".join(lines[start:end]).strip()), end


def _table(lines, start, number):
    if "|" not in lines[start] or start + 1 >= len(lines) or not TABLE_RULE.match(lines[start + 1]):
        return None
    end = start + 2
    while end < len(lines) and "|" in lines[end] and lines[end].strip():
        end += 1
    columns = len([cell for cell in lines[start].strip().strip("|").split("|")])
    return Block("table", number, "\n".join(lines[start:end]), end - start - 1, columns), end


def _list(lines, start, number):
    match = LIST_ITEM.match(lines[start])
    if not match or RULE.match(lines[start]):
        return None
    indent, items, nested, end = len(match[1]), 0, 0, start
    following_at = -1  # the next line that is not blank, found once for a run of blank lines
    while end < len(lines):
        line = lines[end]
        item = LIST_ITEM.match(line)
        if item and len(item[1]) <= indent and not RULE.match(line):
            items += 1
        elif item and not RULE.match(line):
            nested += 1  # an item of a list inside an item
        elif not line.strip():
            if following_at <= end:
                following_at = end + 1
                while following_at < len(lines) and not lines[following_at].strip():
                    following_at += 1
            following = lines[following_at] if following_at < len(lines) else ""
            item_next = LIST_ITEM.match(following)
            if not (following.startswith(" " * (indent + 2)) or (item_next and len(item_next[1]) <= indent)):
                break
        elif not line.startswith(" ") and not item:
            if end > start and not lines[end - 1].strip():
                break
        end += 1
    return Block("list", number, "\n".join(lines[start:end]).rstrip(), items, nested), end


def _quote(lines, start, number):
    if not lines[start].lstrip().startswith(">"):
        return None
    end = start + 1
    # A heading ends it (Python-Markdown finds headings in a block before quotations).
    while end < len(lines) and lines[end].strip() and not HEADING.match(lines[end]) \
            and not FENCE.match(lines[end]):
        end += 1
    return Block("quote", number, "\n".join(lines[start:end])), end


def _rule(lines, start, number):
    return (Block("rule", number, lines[start].strip()), start + 1) if RULE.match(lines[start]) else None


def _html(lines, start, number):
    """Raw HTML, where Python-Markdown sees it: a line that opens one of its block-level
    elements (or a comment). An inline element at the start of a line (<abbr>, <a>, <img>)
    begins a paragraph, as it does on the site."""
    match = HTML_START.match(lines[start])
    if not match or (match[1] != "!--"
                     and match[1].lstrip("/").lower() not in BLOCK_LEVEL_ELEMENTS):
        return None
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return Block("html", number, "\n".join(lines[start:end])), end


def _generic_block(lines, start, number):
    """A pymdownx block (`/// warning | Title` … `///`, `//// tab | Windows` … `////`),
    as an admonition of its type: dropping one, or changing its type, changes the page."""
    match = GENERIC_BLOCK.match(lines[start])
    if not match:
        return None
    end = start + 1
    while end < len(lines) and lines[end].strip() != match[1]:
        end += 1
    return (Block("admonition", number, "\n".join(lines[start:end + 1]).strip(),
                  detail=match[2].lower()), end + 1)


def _tab(lines, start, number):
    """A content tab (`=== "Windows"`) and its indented content."""
    if not TAB.match(lines[start]):
        return None
    end = _indented_end(lines, start + 1)
    return Block("tab", number, "\n".join(lines[start:end]).strip()), end


def _include(lines, start, number):
    """A file included by pymdownx.snippets (`--8<-- "file.md"`) or by a project's own
    include syntax (`{* ../../docs_src/app.py hl[3] *}`): the same file, with the same
    options, in every language."""
    line = lines[start].strip()
    if not INCLUDE.match(line):
        return None
    return Block("include", number, line, detail=" ".join(line.split())), start + 1


def _abbreviations(lines, start, number):
    """Abbreviations (`*[HTML]: HyperText Markup Language`, the abbr extension), a run of
    them one block, counted: a translation may abbreviate otherwise (UBND, PPC), but keeps
    as many."""
    end = start
    while end < len(lines) and ABBREVIATION.match(lines[end]):
        end += 1
    if end == start:
        return None
    return Block("abbreviation", number, "\n".join(lines[start:end]), end - start), end


def _definitions(lines, start, number):
    """A definition list (def_list): terms, each a line, and their definitions, each opening
    with ':' (and its indented lines); the terms and definitions are counted."""
    if (start + 1 >= len(lines) or not DEFINITION.match(lines[start + 1])
            or DEFINITION.match(lines[start])):
        return None
    terms = definitions = 0
    end = start
    while end < len(lines):
        line = lines[end]
        if DEFINITION.match(line):
            definitions += 1
        elif not line.strip():
            following = next((later for later in lines[end + 1:end + 3] if later.strip()), "")
            if not (DEFINITION.match(following) or following.startswith(("    ", "\t"))
                    or (end + 2 < len(lines) and DEFINITION.match(lines[end + 2]))):
                break
        elif not line.startswith(("    ", "\t")):
            if end + 1 >= len(lines) or not DEFINITION.match(lines[end + 1]):
                break
            terms += 1
        end += 1
    return Block("definitions", number, "\n".join(lines[start:end]).rstrip(), terms,
                 definitions), end


QUOTE_START = re.compile(r" {0,3}>")

READERS = (_fence, _heading, _generic_block, _tab, _include, _admonition, _footnote,
           _abbreviations, _definitions, _table, _rule, _list, _quote, _html)


def _paragraph(lines, start, number):
    end = start + 1
    while end < len(lines) and lines[end].strip() and not _interrupts(lines[end]):
        if SETEXT.match(lines[end]):
            level = 1 if lines[end].strip().startswith("=") else 2
            text = " ".join(line.strip() for line in lines[start:end])
            return Block("heading", number, text, level, detail=text), end + 1
        end += 1
    text = "\n".join(lines[start:end])
    kind = "image" if LONE_IMAGE.match(text) else "paragraph"
    return Block(kind, number, text), end


def _interrupts(line: str) -> bool:
    """Whether a line ends the paragraph above it; a quotation does, as in Python-Markdown
    (its blockquote processor splits a block at a line that opens with '>')."""
    return bool(FENCE.match(line) or HEADING.match(line) or ADMONITION.match(line)
                or QUOTE_START.match(line)
                or (LIST_ITEM.match(line) and not re.match(r"^\s*\d", line)))


def _indented_end(lines: list[str], index: int) -> int:
    while index < len(lines) and (lines[index].startswith(("    ", "\t")) or not lines[index].strip()):
        if not lines[index].strip() and (index + 1 >= len(lines) or
                                         not lines[index + 1].startswith(("    ", "\t"))):
            break
        index += 1
    return index


def images(text: str) -> list[str]:
    """Image sources of a Markdown text (none inside `code`)."""
    return _inline_targets(without_code_spans(text), IMAGE_OPENER)


def links(text: str) -> list[str]:
    """Link targets of a Markdown text: inline, automatic and reference definitions (none
    inside `code`: `exrex '[oO0](_)'` shows brackets, it links nowhere)."""
    text = without_code_spans(text)
    return (_inline_targets(text, LINK_OPENER) + AUTOLINK.findall(text)
            + [match[2] for match in REFERENCE.finditer(text)])


BACKTICKS = re.compile(r"`+")


def without_code_spans(text: str) -> str:
    """The text with what its code spans hold blanked out (same length, same lines): a span
    opens at a run of backticks and closes at the next run of as many, as CommonMark reads
    them. In linear time: each length's runs are gone through once, in order."""
    if "`" not in text:
        return text
    runs = [match.span() for match in BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    seen = dict.fromkeys(by_length, 0)
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        same, position = by_length[end - start], seen[end - start]
        while position < len(same) and same[position] <= index:
            position += 1
        seen[end - start] = position
        if position == len(same):
            index += 1  # no run of as many backticks closes it: literal backticks
            continue
        closing = same[position]
        spans.append((end, runs[closing][0]))
        index = closing + 1
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], re.sub(r"[^\n]", " ", text[start:end])]
        last = end
    return "".join(pieces) + text[last:]


HTML_LINK = re.compile(r"<a\b[^<>]*?\shref\s*=\s*[\"']([^\"'<>]*)[\"']", re.IGNORECASE)
HTML_IMAGE = re.compile(r"<img\b[^<>]*?\ssrc\s*=\s*[\"']([^\"'<>]*)[\"']", re.IGNORECASE)


def html_links(text: str) -> list[str]:
    """The addresses of the links written as HTML in a text (<a href="…">)."""
    return [html.unescape(target) for target in HTML_LINK.findall(text)]


def html_images(text: str) -> list[str]:
    """The sources of the images written as HTML in a text (<img src="…">)."""
    return [html.unescape(source) for source in HTML_IMAGE.findall(text)]


def _inline_targets(text: str, opener: re.Pattern) -> list[str]:
    """The addresses of the inline links (or images) of a text: what
    opener + r"[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+[\\"'][^)]*[\\"'])?\\s*\\)" finds, in
    linear time. Every opener before the same ']' ends the same way, and so does every
    address that ends at the same character: each is read once."""
    targets, position, close = [], 0, -1
    reader = _Destinations(text)
    while (start := opener.search(text, position)) is not None:
        if close < start.end():
            close = text.find("]", start.end())
            if close < 0:
                break
        found = reader.at(close + 1)
        if found is None:
            position = close + 1
            continue
        position, target = found
        targets.append(target)
    return targets


class _Destinations:
    """'(address "title")' after the ']' of a link, read at positions that only grow."""

    def __init__(self, text: str):
        self.text = text
        self.found: dict[int, tuple[int, str] | None] = {}
        self.endings: dict[int, int | None] = {}
        self.stop = self.paren = self.last = -1

    def at(self, position: int) -> tuple[int, str] | None:
        """(end, address) of what starts at a position (a ']' just before it), or None."""
        if position not in self.found:
            self.found[position] = self._read(position)
        return self.found[position]

    def _read(self, position: int) -> tuple[int, str] | None:
        text = self.text
        if not text.startswith("(", position):
            return None
        lead = SPACES.match(text, position + 1).end()
        start = lead + text.startswith("<", lead)
        if self.stop < start:  # the address runs to the next ')', space or '>'
            found = ADDRESS_END.search(text, start)
            self.stop = found.start() if found else len(text)
        if self.stop == start:
            if start == lead:
                return None
            start = lead  # a '<' alone is the address
        if self.stop not in self.endings:
            self.endings[self.stop] = self._ending(self.stop)
        end = self.endings[self.stop]
        return None if end is None else (end, text[start:self.stop])

    def _ending(self, position: int) -> int | None:
        """Where '>?', a title and ')' after an address end, or None."""
        text = self.text
        position += text.startswith(">", position)
        title = TITLE_START.match(text, position)
        if title:  # up to the first ')', which must follow the closing quote and spaces only
            if self.paren < title.end():
                self.paren = text.find(")", title.end())
                self.paren = len(text) if self.paren < 0 else self.paren
                self.last = self.paren - 1  # the last character before it but spaces
                while self.last >= 0 and text[self.last].isspace():
                    self.last -= 1
            if self.paren == len(text):
                return None
            closed = self.last >= title.end() and text[self.last] in "'\""
            return self.paren + 1 if closed else None
        end = DESTINATION_END.match(text, position)
        return end.end() if end else None


@dataclasses.dataclass(frozen=True)
class Heading:
    """A page's first level-1 heading: its text, and where its line ends in the body."""

    text: str
    end: int


MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def first_heading(body: str) -> Heading | None:
    """The first level-1 ATX heading ('# Title') as plain text: closing hashes, an attribute
    list, backslash escapes and character references removed."""
    offset = 0
    for line in body.split("\n"):
        end = offset + len(line)
        if line.startswith("#") and line[1:2] in (" ", "\t") and line[1:].strip():
            text = line[1:].strip()
            unhashed = text.rstrip("#")
            if unhashed != text and (not unhashed or unhashed[-1] in " \t"):
                text = unhashed.strip()
            if text.endswith("}") and "{" in text:
                text = text[:text.rindex("{")].rstrip() or text
            text = html.unescape(MARKDOWN_ESCAPE.sub(r"\1", text))
            return Heading(text, end) if text else None
        offset = end + 1
    return None
