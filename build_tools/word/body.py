"""pandoc's reading of a contribution (its JSON AST) reshaped into what the site's Markdown
can say: plain inlines, one-line pipe tables, legacy text read as Unicode, NFC."""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter

from build_tools.text import legacy

NO_ATTR = ["", [], []]
SPACES = ("Space", "SoftBreak", "LineBreak")
KEPT_MARKUP = ("Emph", "Strong")
UNWRAPPED = ("Underline", "SmallCaps", "Strikeout")
"""Formatting the site's Markdown cannot say: the text stays, plain."""
SUPERSCRIPT = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}
MARK = re.compile(r"BDPUBMARK(\d+)Z")


def Str(text: str) -> dict:  # noqa: N802 - named as pandoc names the element
    return {"t": "Str", "c": text}


def nodes(tree, kind: str, skip: tuple[str, ...] = ()):
    """Every element of a kind in a part of the AST, in document order; `skip` elements
    are not entered."""
    if isinstance(tree, dict):
        if tree.get("t") == kind:
            yield tree
        if tree.get("t") not in skip:
            yield from nodes(tree.get("c"), kind, skip)
    elif isinstance(tree, list):
        for item in tree:
            yield from nodes(item, kind, skip)


def plain(inlines: list) -> str:
    """The text of inlines as a reader sees it, without notes, images and marks."""
    out = []
    for item in inlines:
        kind, content = item["t"], item.get("c")
        if kind == "Str":
            out.append("" if MARK.fullmatch(content) else content)
        elif kind in SPACES:
            out.append(" ")
        elif kind in (*KEPT_MARKUP, *UNWRAPPED, "Superscript", "Subscript"):
            out.append(plain(content))
        elif kind in ("Span", "Link", "Cite", "Quoted"):
            out.append(plain(content[1]))
        elif kind in ("Code", "Math"):
            out.append(content[1])
    return "".join(out)


# -- what Markdown can say -------------------------------------------------------------------

def clean_inlines(inlines: list) -> list:
    """Inlines the site's Markdown writes as they are: emphasis, links, images, notes, code."""
    out = []
    for item in inlines:
        kind, content = item["t"], item.get("c")
        if kind in ("Str", "LineBreak"):
            out.append(item)
        elif kind in ("Space", "SoftBreak"):
            out.append({"t": "Space"})
        elif kind in KEPT_MARKUP:
            out.append({"t": kind, "c": clean_inlines(content)})
        elif kind in (*UNWRAPPED, "Span", "Cite"):
            out.extend(clean_inlines(content if kind in UNWRAPPED else content[1]))
        elif kind in ("Superscript", "Subscript"):
            out.extend(_shifted(clean_inlines(content), kind))
        elif kind == "Quoted":
            opening, closing = QUOTES[content[0]["t"]]
            out.extend([Str(opening), *clean_inlines(content[1]), Str(closing)])
        elif kind in ("Code", "Math"):  # an equation keeps its TeX, as code
            out.append({"t": "Code", "c": [NO_ATTR, content[1]]})
        elif kind in ("Link", "Image"):
            out.append({"t": kind, "c": [NO_ATTR, clean_inlines(content[1]), content[2]]})
        elif kind == "Note":
            out.append({"t": "Note", "c": clean_blocks(content)})
    return out


def _shifted(inlines: list, kind: str) -> list:
    """m², H₂O: digits raised or lowered as characters; other text stays on the line."""
    text = plain(inlines)
    if text and all(c in "0123456789+-=()" for c in text):
        return [Str(text.translate(SUPERSCRIPT if kind == "Superscript" else SUBSCRIPT))]
    return inlines


def clean_blocks(blocks: list) -> list:
    """Blocks the site's Markdown writes: no raw formats, no divs, no figures, no empty ones."""
    out = []
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            inlines = clean_inlines(content)
            if plain(inlines).strip() or any(nodes(inlines, "Image")):
                out.append({"t": kind, "c": inlines})
        elif kind == "Header":
            out.append({"t": "Header", "c": [content[0], NO_ATTR, clean_inlines(content[2])]})
        elif kind == "LineBlock":
            lines = [clean_inlines(line) for line in content]
            joined = [item for line in lines for item in [*line, {"t": "LineBreak"}]][:-1]
            out.append({"t": "Para", "c": joined})
        elif kind in ("CodeBlock",):
            out.append({"t": kind, "c": [NO_ATTR, content[1]]})
        elif kind in ("BlockQuote",):
            out.append({"t": kind, "c": clean_blocks(content)})
        elif kind == "BulletList":
            out.append({"t": kind, "c": _tight([clean_blocks(item) for item in content])})
        elif kind == "OrderedList":
            items = _tight([clean_blocks(item) for item in content[1]])
            out.append({"t": kind, "c": [content[0], items]})
        elif kind == "DefinitionList":
            for term, definitions in content:
                out.append({"t": "Para", "c": [{"t": "Strong", "c": clean_inlines(term)}]})
                out.extend(b for definition in definitions for b in clean_blocks(definition))
        elif kind in ("Div", "Figure"):
            out.extend(clean_blocks(content[-1]))
            if kind == "Figure":
                out.extend(clean_blocks(content[1][1]))  # the caption, under the picture
        elif kind in ("Table", "HorizontalRule"):
            out.append(block)
    return _joined_lists(out)


def _joined_lists(blocks: list) -> list:
    """Lists of one kind that follow each other as one list: Word (and LibreOffice saving
    it) often restarts a list's numbering mid-list, and the site's Markdown reads two lists
    with nothing between them as one anyway, where pandoc would separate them with a
    non-breaking space."""
    out = []
    for block in blocks:
        before = out[-1] if out else None
        if before and before["t"] == block["t"] == "BulletList":
            out[-1] = {"t": "BulletList", "c": before["c"] + block["c"]}
        elif before and before["t"] == block["t"] == "OrderedList" and \
                before["c"][0][1:] == block["c"][0][1:]:
            out[-1] = {"t": "OrderedList", "c": [before["c"][0], before["c"][1] + block["c"][1]]}
        else:
            out.append(block)
    return out


def _tight(items: list) -> list:
    """Items of one paragraph each (and their sublists) as a tight list: Word writes every
    item as a paragraph, and the page should not space them as paragraphs."""
    def short(item: list) -> bool:
        return bool(item) and item[0]["t"] in ("Para", "Plain") and all(
            block["t"] in ("BulletList", "OrderedList") for block in item[1:])
    if all(short(item) for item in items):
        for item in items:
            item[0] = {"t": "Plain", "c": item[0]["c"]}
    return items


# -- legacy encodings ------------------------------------------------------------------------

def text_blocks(blocks: list):
    """Every list of inlines that is a paragraph of its own: paragraphs, headings, table
    cells, footnotes' paragraphs, in document order."""
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            yield content
            for note in nodes(content, "Note"):
                yield from text_blocks(note["c"])
        elif kind == "Header":
            yield content[2]
        elif kind in ("BlockQuote", "BulletList"):
            yield from text_blocks(_flat(content))
        elif kind == "OrderedList":
            yield from text_blocks(_flat(content[1]))
        elif kind == "Table":
            yield from text_blocks(content[1][1])
            for cell in _cells(content):
                yield from text_blocks(cell[4])


def _flat(items: list) -> list:
    return [b for item in items for b in (item if isinstance(item, list) else [item])]


def _cells(table_content: list) -> list:
    _attr, _caption, _specs, head, bodies, foot = table_content
    rows = [*head[1], *(r for body in bodies for r in [*body[2], *body[3]]), *foot[1]]
    return [cell for row in rows for cell in row[1]]


def read_legacy(blocks: list, facts) -> list[tuple[list, str]]:
    """Convert the TCVN3 and VNI text in place; (inlines, encoding) of each paragraph that
    held some. The fonts a paragraph was typed in say which words are legacy (facts.fonts,
    else facts.legacy_words); text in other fonts is converted when legacy.detect() finds the
    rest of the paragraph legacy, as when someone gave old text a Unicode font."""
    converted = []
    for inlines in text_blocks(blocks):
        encoding = _read_legacy(inlines, facts)
        if encoding:
            converted.append((inlines, encoding))
    return converted


def _read_legacy(inlines: list, facts) -> str | None:
    words = list(nodes(inlines, "Str", skip=("Note",)))
    fonts = _token_fonts(words, facts.fonts.get(squeezed(plain(inlines))))
    if fonts is None:
        fonts = [facts.legacy_words.get(w["c"]) or (False if w["c"] in facts.unicode_words
                                                     else None) for w in words]
    rest = " ".join(w["c"] for w, font in zip(words, fonts) if font is None)
    detected = legacy.detect(rest) if rest else None
    letters = [c for c in plain(inlines) if c.isascii() and c.isalpha()]
    in_capitals = len(letters) >= 2 and all(c.isupper() for c in letters)
    used = Counter()
    for item, font in zip(words, fonts):
        encoding, capitals = font or ((detected, False) if font is None else (None, False))
        if encoding is None:
            continue
        unicode = legacy.to_unicode(item["c"], encoding)
        # The .VnTimeH fonts draw every letter as a capital; so does a line typed in capitals.
        if capitals or encoding == "TCVN3" and in_capitals:
            unicode = unicode.upper()
        if unicode != item["c"]:
            item["c"] = unicode
            used[encoding] += 1
    return used.most_common(1)[0][0] if used else None


def squeezed(text: str) -> str:
    return "".join(text.replace("\xad", "").split())


def _token_fonts(words: list, chars: list | None) -> list | None:
    """The legacy font of each word (None where it has none), from its characters' fonts;
    None when the words do not spell the paragraph the fonts were read from."""
    if chars is None or sum(len(squeezed(w["c"])) for w in words) != len(chars):
        return None
    fonts, at = [], 0
    for word in words:
        size = len(squeezed(word["c"]))
        fonts.append(next((font for font in chars[at:at + size] if font), None))
        at += size
    return fonts


def normalise(tree) -> None:
    """Every text NFC, as the site's checks want it; soft hyphens left out."""
    for kind in ("Str", "Code"):
        for item in nodes(tree, kind):
            if kind == "Str":
                item["c"] = unicodedata.normalize("NFC", item["c"].replace("\xad", ""))
            else:
                item["c"][1] = unicodedata.normalize("NFC", item["c"][1])


# -- tables ----------------------------------------------------------------------------------

@dataclasses.dataclass
class TableReport:
    """A table that had to change to be a pipe table."""

    number: int
    after: str
    merged: bool
    joined: bool
    table: dict


def pipe_tables(blocks: list) -> list[TableReport]:
    """Every table as a pipe table can say it, in place: one header row, one line per cell,
    merged cells split (the text in the first, the others empty)."""
    reports, state = [], {"after": "", "count": 0}
    _pipe_tables(blocks, reports, state)
    return reports


def _pipe_tables(blocks: list, reports: list, state: dict) -> None:
    for index, block in enumerate(list(blocks)):
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain", "Header"):
            text = " ".join(plain(content[2] if kind == "Header" else content).split())
            state["after"] = text or state["after"]
        elif kind in ("BlockQuote", "BulletList"):
            for item in content if kind == "BulletList" else [content]:
                _pipe_tables(item, reports, state)
        elif kind == "OrderedList":
            for item in content[1]:
                _pipe_tables(item, reports, state)
        elif kind == "Table":
            state["count"] += 1
            table, merged, joined = _split(content)
            caption = clean_blocks(content[1][1])
            blocks[index:index + 1] = [*caption, table] if table else caption
            if table and (merged or joined):
                reports.append(TableReport(state["count"], state["after"], merged, joined,
                                           table))


def _split(content: list) -> tuple[dict | None, bool, bool]:
    _attr, _caption, specs, head, bodies, foot = content
    rows = [*head[1], *(r for body in bodies for r in [*body[2], *body[3]]), *foot[1]]
    occupied, grid, merged, joined, width = set(), [], False, False, len(specs)
    for r, row in enumerate(rows):
        line, column = {}, 0
        for _cell_attr, _align, rowspan, colspan, cell_blocks in row[1]:
            while (r, column) in occupied:
                column += 1
            inlines, several = one_line(cell_blocks)
            joined = joined or several
            merged = merged or rowspan > 1 or colspan > 1
            occupied.update((r + down, column + across)
                            for down in range(rowspan) for across in range(colspan))
            line[column] = inlines
            column += colspan
        width = max(width, column, *(c + 1 for (row_at, c) in occupied if row_at == r))
        grid.append(line)
    if not grid or not width:
        return None, merged, joined
    aligns = [spec[0] for spec in specs] + [{"t": "AlignDefault"}] * (width - len(specs))
    cells = [[_cell(line.get(c, [])) for c in range(width)] for line in grid]
    table = {"t": "Table", "c": [
        NO_ATTR, [None, []], [[align, {"t": "ColWidthDefault"}] for align in aligns[:width]],
        [NO_ATTR, [[NO_ATTR, cells[0]]]],
        [[NO_ATTR, 0, [], [[NO_ATTR, row] for row in cells[1:]]]],
        [NO_ATTR, []]]}
    return table, merged, joined


def _inner(block: dict) -> list:
    """The blocks a list, quotation, table or div holds, in reading order."""
    kind, content = block["t"], block["c"]
    if kind == "BulletList":
        return _flat(content)
    if kind == "OrderedList":
        return _flat(content[1])
    if kind == "Table":
        return [b for cell in _cells(content) for b in cell[4]]
    return content if kind == "BlockQuote" else content[1]


def _cell(inlines: list) -> list:
    blocks = [{"t": "Plain", "c": inlines}] if inlines else []
    return [NO_ATTR, {"t": "AlignDefault"}, 1, 1, blocks]


def one_line(blocks: list) -> tuple[list, bool]:
    """A cell's blocks as one line of inlines; whether there was more than one paragraph."""
    pieces = []
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain", "Header"):
            pieces.append(content[2] if kind == "Header" else content)
        elif kind in ("BulletList", "OrderedList", "BlockQuote", "Table", "Div"):
            pieces.append(one_line(_inner(block))[0])
        elif kind == "CodeBlock":
            pieces.append([{"t": "Code", "c": [NO_ATTR, " ".join(content[1].split())]}])
    pieces = [[{"t": "Space"} if i["t"] in SPACES else i for i in p] for p in pieces if p]
    joined = [item for piece in pieces for item in [*piece, {"t": "Space"}]][:-1]
    return joined, len(pieces) > 1


# -- marks: where a paragraph lands in the written page ----------------------------------

class Marks:
    """Words no document writes, put at the end of a paragraph to find its line in what
    pandoc writes, then taken out."""

    def __init__(self):
        self.count = 0

    def add(self, inlines: list) -> str:
        key = f"BDPUBMARK{self.count}Z"
        self.count += 1
        inlines.append(Str(key))
        return key

    @staticmethod
    def take_out(markdown: str) -> tuple[str, dict[str, int]]:
        """The Markdown without its marks, and the line (from 1) of each."""
        lines, found = markdown.split("\n"), {}
        for number, line in enumerate(lines, 1):
            for match in MARK.finditer(line):
                found.setdefault(match[0], number)
            lines[number - 1] = MARK.sub("", line)
        return "\n".join(lines), found
