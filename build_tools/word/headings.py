"""A contribution's headings: its title found, Word's headings and typed ones re-levelled.

Administrative documents number their parts by hand (I., 1., a)) in bold paragraphs; each
numbering scheme is a level, in the order the schemes first appear, as the documents nest
parts, sections and points. Word's heading styles keep their relative levels."""
from __future__ import annotations

import re

from build_tools.word.body import NO_ATTR, SPACES, plain

SENTENCE_END = ".!?;,…"
"""A bold paragraph ending so is a sentence set in bold, not a heading."""
MOST_CHARACTERS, MOST_WORDS = 120, 20
TOP_LEVEL, LOWEST_LEVEL = 2, 6
"""The page's title is its one # heading; sections start at ##, Markdown stops at ######."""
ROMAN = r"[IVXLC]+"
NUMBERINGS = (
    ("word", re.compile(rf"(?i:(phần|chương|mục|điều))\s+(?:\d+|{ROMAN})\b")),
    ("decimal", re.compile(r"\d+(?:\.\d+)+\.?(?=\s|$)")),
    ("1.", re.compile(r"\d+\.(?!\d)")),
    ("1)", re.compile(r"\d+\)")),
    ("I.", re.compile(rf"{ROMAN}\.(?!\w)")),
    ("a)", re.compile(r"[a-zđ]\)")),
    ("a.", re.compile(r"[a-zđ]\.(?=\s)")),
    ("A.", re.compile(r"[A-ZĐ]\.(?=\s)")),
)
"""Numbers typed at the start of a heading, each scheme its own level: Phần I, 1.2., 1.,
1), I., a), a., A."""


def numbering(text: str, last_capital: str | None = None) -> tuple | None:
    """The numbering scheme a heading's text starts with, as a key; None without one.
    'C.' after 'B.' is a letter, not the Roman hundred."""
    text = text.strip()
    for name, pattern in NUMBERINGS:
        match = pattern.match(text)
        if not match:
            continue
        if name == "word":
            return ("word", match[1].lower())
        if name == "decimal":
            return ("decimal", match[0].rstrip(".").count(".") + 1)
        if name == "I." and len(match[0]) == 2 and last_capital and \
                ord(match[0][0]) == ord(last_capital) + 1:
            return ("A.",)
        return (name,)
    return None


def bold_only(inlines: list, bold: set[int] = frozenset()) -> bool:
    """Whether every word of a paragraph is bold (and there is one): in pandoc's reading,
    or set so by its style (`bold`: the id() of such paragraphs' inline lists)."""
    if id(inlines) in bold:
        return True
    words = []

    def walk(items: list, bold: bool) -> bool:
        for item in items:
            kind, content = item["t"], item.get("c")
            if kind == "Str":
                if not bold and plain([item]):
                    return False
                words.append(content)
            elif kind in ("Strong", "Emph"):
                if not walk(content, bold or kind == "Strong"):
                    return False
            elif kind not in (*SPACES, "Note"):
                return False
        return True
    return walk(inlines, False) and bool(plain(inlines).strip())


def _looks_like_heading(text: str, numbered: bool) -> bool:
    text = " ".join(text.split())
    ends = SENTENCE_END if numbered else SENTENCE_END + ":"
    return (0 < len(text) <= MOST_CHARACTERS and len(text.split()) <= MOST_WORDS
            and not text.endswith(tuple(ends)) and not text.isdigit())


def heading_inlines(inlines: list) -> list:
    """A heading's inlines without the bold that made it one, on one line."""
    out = []
    for item in inlines:
        if item["t"] == "Strong":
            out.extend(heading_inlines(item["c"]))
        else:
            out.append({"t": "Space"} if item["t"] in SPACES else item)
    while out and out[0]["t"] == "Space":
        out.pop(0)
    while out and out[-1]["t"] == "Space":
        out.pop()
    return out


def take_title(blocks: list, styled: str | None, meta: list | None,
               bold: set[int] = frozenset()) -> list | None:
    """The title's inlines, taken out of the blocks: the paragraph in the Title style (pandoc
    may have moved it into the metadata), else the first heading, else a bold first
    paragraph that is not numbered; None when there is none."""
    if styled:
        wanted = " ".join(styled.split())
        for index, block in enumerate(blocks[:5]):
            if block["t"] in ("Para", "Plain", "Header") and \
                    " ".join(plain(_inlines(block)).split()) == wanted:
                return heading_inlines(_inlines(blocks.pop(index)))
        return heading_inlines(meta) if meta else [{"t": "Str", "c": wanted}]
    if meta and plain(meta).strip():
        return heading_inlines(meta)
    for index, block in enumerate(blocks):
        if block["t"] == "Header":
            return heading_inlines(_inlines(blocks.pop(index)))
    for index, block in enumerate(blocks[:3]):
        text = plain(_inlines(block)) if block["t"] in ("Para", "Plain") else ""
        if text and bold_only(_inlines(block), bold) and numbering(text) is None \
                and _looks_like_heading(text, False):
            return heading_inlines(_inlines(blocks.pop(index)))
    return None


def _inlines(block: dict) -> list:
    return block["c"][2] if block["t"] == "Header" else block["c"]


def relevel(blocks: list, bold: set[int] = frozenset()) -> int:
    """Turn typed headings into headings and give every heading its level, in place: the
    first at ##, none deeper than one below the one before it, none past ######.
    Returns how many headings there are."""
    found = list(_candidates(blocks, bold))
    styled = [key[1] for _index, key, _inl in found if key[0] == "style"]
    schemes = list(dict.fromkeys(key for _index, key, _inl in found if key[0] != "style"))
    previous = TOP_LEVEL - 1
    for index, key, inlines in found:
        rank = key[1] - min(styled) if key[0] == "style" else schemes.index(key)
        level = min(TOP_LEVEL + rank, previous + 1, LOWEST_LEVEL)
        inlines[:] = heading_inlines(inlines)  # the same list: marks put on it stay
        blocks[index] = {"t": "Header", "c": [level, NO_ATTR, inlines]}
        previous = level
    return len(found)


def _candidates(blocks: list, bold: set[int]):
    """(index, key, inlines) of each heading among the top-level blocks: Word's headings
    (keyed by their numbering, else by their style's level) and bold paragraphs that read as
    headings (keyed by their numbering, else as bold)."""
    last_capital = None
    for index, block in enumerate(blocks):
        if block["t"] not in ("Header", "Para", "Plain"):
            continue
        inlines = _inlines(block)
        text = " ".join(plain(inlines).split())
        key = numbering(text, last_capital)
        if block["t"] == "Header":
            yield index, key or ("style", block["c"][0]), inlines
        elif bold_only(inlines, bold) and _looks_like_heading(text, key is not None):
            yield index, key or ("bold",), inlines
        else:
            continue
        if key == ("A.",):
            last_capital = text[0]
