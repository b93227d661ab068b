"""Segments: a page cut into what a translator translates (its title, headings, paragraphs,
list items, table cells, image texts) and the frame that stays (heading marks, list markers,
table pipes, code, raw HTML), and put back together around translated words.

The page is read as content.pairs reads it (text.blocks, block by block, in the same order),
so a segment's block is the block the checks and the bilingual edition align."""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re

from build_tools.content.model import Page
from build_tools.text import blocks

FRONT = ("title", "subtitle", "description")
"""The front-matter keys a translation says in its own words, in the order they are shown."""
PLAIN = ("title", "subtitle", "description", "image", "admonition")
"""Segments whose translation is plain text: front matter, an image's text, a box's title."""
LOCKED = ("code", "html", "rule")
"""Blocks copied through as they are."""
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:\s*\S")
DEFINITION = re.compile(rf"{REFERENCE_DEFINITION.pattern}|^\*\[[^\]]+\]:")
"""A reference link's or an abbreviation's definition: kept as it is (an abbreviation is
explained in the source's language, as the glossary would have it)."""
DEFINITION_TERM = re.compile(r"^:[ \t]+")
ADMONITION_HEAD = re.compile(
    r'^((?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"(.*)")?\s*$')
FOOTNOTE_HEAD = re.compile(r"^\[\^[^\]]+\]:[ \t]*")
QUOTE_MARK = re.compile(r"^ {0,3}> ?")
TRAILING_ATTRIBUTES = re.compile(r"[ \t]*\{[^{}\n]*\}[ \t]*$")


@dataclasses.dataclass(frozen=True)
class Segment:
    """One thing to translate: its identity, what it is and its source words."""

    id: str
    kind: str
    """One of FRONT, heading, paragraph, image, item, cell, admonition (a box's title)."""
    text: str
    """The source's Markdown (plain text for PLAIN kinds)."""
    line: int
    block: int = -1
    """The index of its top-level block in the page (-1: front matter)."""
    level: int = 0
    """A heading's level."""
    detail: str = ""
    """An image's path, a table cell's 'row,column'."""
    within: str = ""
    """footnote, quote or admonition when the segment stands inside one."""

    @property
    def plain(self) -> bool:
        return self.kind in PLAIN


@dataclasses.dataclass(frozen=True)
class Slot:
    """Where a segment's translation goes in the frame."""

    id: str


@dataclasses.dataclass(frozen=True)
class Nested:
    """A part of the frame whose every line is prefixed (a quote, a footnote, a box)."""

    first: str
    rest: str
    pieces: tuple


@dataclasses.dataclass(frozen=True)
class Cut:
    """A page body as segments and the frame around them."""

    segments: tuple[Segment, ...]
    frame: tuple


def front(page: Page) -> list[Segment]:
    """The page's own front-matter words as segments."""
    lines = getattr(page.meta, "lines", {})
    return [Segment(key, key, value, lines.get(key, 1)) for key in FRONT
            if isinstance(value := getattr(page.meta, key, None), str) and value.strip()]


def cut(page: Page) -> Cut:
    """A page's body cut into segments (ids b<block>, or b<block>.<n> inside a list, table,
    quote, footnote or box) and its frame."""
    found: list[Segment] = []
    frame = _cut(page.body.split("\n"), page.body_line, found, None, "")
    return Cut(tuple(found), tuple(frame))


def assemble(frame, texts: dict[str, str]) -> str:
    """The frame with each slot filled from `texts` (by segment id)."""
    out = []
    for piece in frame:
        if isinstance(piece, str):
            out.append(piece)
        elif isinstance(piece, Slot):
            out.append(texts[piece.id])
        else:
            lines = assemble(piece.pieces, texts).split("\n")
            rest = [piece.rest + line if line.strip() else piece.rest.rstrip()
                    for line in lines[1:]]
            out.append("\n".join([piece.first + lines[0], *rest]))
    return "".join(out)


def digest(text: str) -> str:
    """A short hash of a segment's words, blind to spacing, as blocks.Section.digest."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


class _Ids:
    """The ids of the segments inside one top-level block: b<block>.1, b<block>.2…"""

    def __init__(self, block: int):
        self.block = block
        self.counter = itertools.count(1)

    def next(self) -> str:
        return f"b{self.block}.{next(self.counter)}"


def _cut(lines: list[str], first_line: int, found: list[Segment], ids: _Ids | None,
         within: str) -> list:
    """The frame of some lines of Markdown; their segments are added to `found`."""
    parsed = blocks.parse("\n".join(lines), first_line)
    starts = [block.line - first_line for block in parsed] + [len(lines)]
    frame, position = [], 0
    for index, block in enumerate(parsed):
        start, end = starts[index], starts[index + 1]
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        frame += [line + "\n" for line in lines[position:start]]
        context = _Context(found, ids or _Ids(index), within, ids is None)
        frame += _block(block, lines[start:end], context)
        frame.append("\n" if end < len(lines) else "")
        position = end
    frame += [line + "\n" for line in lines[position:-1]] + lines[max(position, len(lines) - 1):]
    return frame


@dataclasses.dataclass
class _Context:
    found: list[Segment]
    ids: _Ids
    within: str
    top: bool
    """A top-level block: its single segment is named b<block>."""

    def add(self, kind: str, text: str, line: int, single: bool = False, **extra) -> Slot:
        identity = f"b{self.ids.block}" if single and self.top else self.ids.next()
        self.found.append(Segment(identity, kind, text, line, self.ids.block,
                                  within=self.within, **extra))
        return Slot(identity)


def _block(block: blocks.Block, raw: list[str], context: _Context) -> list:
    if block.kind in LOCKED:
        return ["\n".join(raw)]
    return READERS.get(block.kind, _paragraph)(raw, block.line, context)


def _heading(raw, line, context):
    match = blocks.HEADING.match(raw[0])
    if match is None:  # a setext heading: its text, then its underline
        text = " ".join(part.strip() for part in raw[:-1])
        level = 1 if raw[-1].strip().startswith("=") else 2
        return [context.add("heading", text, line, True, level=level), "\n" + raw[-1]]
    rest = raw[0][match.end():]
    title = rest.rstrip().rstrip("#").rstrip()
    attributes = TRAILING_ATTRIBUTES.search(title)
    title = title[:attributes.start()] if attributes else title
    if not title.strip():
        return ["\n".join(raw)]
    level = len(match[1])
    return ["#" * level + " ", context.add("heading", title.strip(), line, True, level=level),
            rest[len(title):].rstrip()]


def _paragraph(raw, line, context):
    """A paragraph: its words; the definitions it holds stay; a definition list's term and
    each ': definition' are segments of their own."""
    definitions = [text for text in raw if DEFINITION.match(text)]
    words = [(number, text) for number, text in enumerate(raw) if not DEFINITION.match(text)]
    if not words:
        return ["\n".join(raw)]
    groups: list[list[tuple[int, str]]] = []
    for number, text in words:
        if not groups or DEFINITION_TERM.match(text):
            groups.append([])
        groups[-1].append((number, text))
    frame = []
    for group in groups:
        mark = DEFINITION_TERM.match(group[0][1])
        prefix = mark.group(0) if mark else ""
        text = "\n".join([group[0][1][len(prefix):]] + [text.strip() for _n, text in group[1:]])
        frame += ["\n" if frame else "", prefix,
                  context.add("paragraph", text.strip(), line + group[0][0],
                              len(groups) == 1)]
    return frame + ["\n" + text for text in definitions]


def _image(raw, line, context):
    text = "\n".join(raw)
    opening = text.index("![")
    closing = text.index("]", opening)
    alt = " ".join(text[opening + 2:closing].split())
    target = blocks.images(text)
    if not alt:
        return [text]  # nothing to say in words
    return [text[:opening + 2],
            context.add("image", alt, line, True, detail=target[0] if target else ""),
            text[closing:]]


def _list(raw, line, context):
    frame, index = [], 0
    while index < len(raw):
        text = raw[index]
        frame.append("\n" if index else "")
        fence = blocks.FENCE.match(text.lstrip())
        if not text.strip() or fence:
            end = index + 1
            if fence:  # code inside an item: to its closing fence, as it is
                while end < len(raw) and not raw[end].strip().startswith(fence[1]):
                    end += 1
                end = min(end + 1, len(raw))
            frame.append("\n".join(raw[index:end]))
            index = end
            continue
        item = blocks.LIST_ITEM.match(text)
        marker = item.group(0) if item and not blocks.RULE.match(text) else \
            text[:len(text) - len(text.lstrip())]
        words, index = [text[len(marker):]], index + 1
        while index < len(raw) and raw[index].strip() and not blocks.LIST_ITEM.match(raw[index]) \
                and not blocks.FENCE.match(raw[index].lstrip()):
            words.append(raw[index].strip())
            index += 1
        content = "\n".join(words).strip()
        frame += [marker, context.add("item", content, line + index - len(words))
                  if content else ""]
    return frame


def _table(raw, line, context):
    frame = []
    for row, text in enumerate(raw):
        frame.append("\n" if row else "")
        if row == 1:
            frame.append(text)  # the alignment rule
            continue
        stripped = text.strip()
        cells = split_cells(stripped)
        lead, trail = stripped.startswith("|"), stripped.endswith("|") and not \
            stripped.endswith("\\|")
        frame.append(text[:len(text) - len(text.lstrip())] + ("| " if lead else ""))
        for column, cell in enumerate(cells):
            frame.append(" | " if column else "")
            cell = cell.strip()
            frame.append(context.add("cell", cell, line + row, detail=f"{max(row - 1, 0)},"
                                     f"{column + 1}") if cell else "")
        frame.append(" |" if trail else "")
    return frame


def split_cells(row: str) -> list[str]:
    """The cells of a table row: split at each '|' outside code spans and escapes."""
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    cells, current, index, code = [], [], 0, ""
    while index < len(row):
        character = row[index]
        if character == "\\" and index + 1 < len(row):
            current.append(row[index:index + 2])
            index += 2
            continue
        if character == "`":
            run = len(row[index:]) - len(row[index:].lstrip("`"))
            code = "" if code == "`" * run else (code or "`" * run)
            current.append("`" * run)
            index += run
            continue
        if character == "|" and not code:
            cells.append("".join(current))
            current = []
        else:
            current.append(character)
        index += 1
    return cells + ["".join(current)]


def _admonition(raw, line, context):
    head = ADMONITION_HEAD.match(raw[0])
    if head is None:
        return ["\n".join(raw)]
    frame = [head[1]]
    if head[2] and head[2].strip():
        frame += [' "', context.add("admonition", head[2].strip(), line), '"']
    elif head[2] is not None:
        frame.append(' ""')  # an empty title: the box shows none
    body = [_dedent(text) for text in raw[1:]]
    if body:
        nested = _cut(body, line + 1, context.found, context.ids, "admonition")
        frame += ["\n", Nested("    ", "    ", tuple(nested))]
    return frame


def _footnote(raw, line, context):
    head = FOOTNOTE_HEAD.match(raw[0])
    body = [raw[0][head.end():]] + [_dedent(text) for text in raw[1:]]
    nested = _cut(body, line, context.found, context.ids, "footnote")
    return [Nested(head.group(0), "    ", tuple(nested))]


def _quote(raw, line, context):
    body = [QUOTE_MARK.sub("", text, count=1) for text in raw]
    nested = _cut(body, line, context.found, context.ids, "quote")
    return [Nested("> ", "> ", tuple(nested))]


def _dedent(text: str) -> str:
    return text[4:] if text.startswith("    ") else text[1:] if text.startswith("\t") else \
        text.lstrip()


READERS = {"heading": _heading, "paragraph": _paragraph, "image": _image, "list": _list,
           "table": _table, "admonition": _admonition, "footnote": _footnote, "quote": _quote}
