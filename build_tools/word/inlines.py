"""A translated cell as the site's Markdown: the words and emphasis pandoc reads from Word,
and the links, images and footnote markers of the source segment put back in place.

The source keeps what a translator must not change: where each link leads (its whole
'(address "title")' or '[reference]'), each image's path and attributes, each footnote's
label. The translation brings the words, and a link, an image or a marker for each of the
source's, in any order."""
from __future__ import annotations

import dataclasses
import re

from build_tools.base.messages import N_, _
from build_tools.text import blocks

NOTE_MARKER = re.compile(r"\[\^([^\]\s]+)\]")
AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]+)>")
ATTRIBUTES = re.compile(r"\{[^{}\n]*\}")
ESCAPED = re.compile(r"([\\`*_\[\]{}])")
LINE_START = re.compile(r"^([#>]|[-+](?=[\s-]|$)|!(?=!!))")
"""What would open a heading, a quote, a list, a rule or a box: escaped at a segment's start."""
NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")
IMAGE_STYLE = "Bdpub Image"
"""The character style of an image's text inside a sentence."""
OWN_STYLES = ("Bdpub Id", "Bdpub Row", "Bdpub Note")
"""The row's own marks, never part of a translation (a translator may copy them across)."""
WORD_FORMATTING = ("Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript")
"""Word's formatting the site's Markdown does not say: its words are kept, the site's styles
decide the rest."""
FORMATTING = ("Emph", "Strong", *WORD_FORMATTING)
KINDS = {"link": N_("link(s)"), "image": N_("image(s)"), "note": N_("footnote marker(s) [^…]")}


@dataclasses.dataclass(frozen=True)
class Atom:
    """A link, an image or a footnote marker of a source segment."""

    kind: str
    """link, autolink, image or note."""
    tail: str
    """What follows its text in Markdown: '(address)', '[reference]', '(path){attributes}';
    a note's label; an autolink's address."""
    address: str
    """Where it leads, as the exported document shows it (to recognise it coming back)."""


def atoms(text: str, references: dict[str, str]) -> list[Atom]:
    """The links, images and footnote markers of a Markdown text, in reading order (an
    image inside a link after that link). `references` maps reference ids to addresses."""
    found, index = [], 0
    while index < len(text):
        character = text[index]
        if character == "\\":
            index += 2
        elif character == "`":
            run = len(text[index:]) - len(text[index:].lstrip("`"))
            closing = text.find("`" * run, index + run)
            index = closing + run if closing >= 0 else index + run
        elif (autolink := AUTOLINK.match(text, index)) is not None:
            found.append(Atom("autolink", autolink[1], autolink[1]))
            index = autolink.end()
        elif (note := NOTE_MARKER.match(text, index)) is not None and \
                not text.startswith(":", note.end()):
            found.append(Atom("note", note[1], note[1]))
            index = note.end()
        elif character == "[" or text.startswith("![", index):
            index = _bracketed(text, index, references, found)
        else:
            index += 1
    return found


def _bracketed(text: str, index: int, references: dict[str, str], found: list[Atom]) -> int:
    """Read a link or an image opening at `index`; return where reading goes on."""
    image = text[index] == "!"
    opening = index + 1 if image else index
    closing = _closing(text, opening, "[", "]")
    if closing is None:
        return opening + 1
    inner, after = text[opening + 1:closing], closing + 1
    if text.startswith("(", after) and (end := _closing(text, after, "(", ")")) is not None:
        tail = text[after:end + 1]
        address = (blocks.images if image else blocks.links)(text[index:end + 1])
        address = address[0] if address else ""
    elif text.startswith("[", after) and (end := text.find("]", after)) >= 0:
        label = text[after + 1:end] or inner
        tail, address = f"[{label}]", references.get(_label(label), "")
    elif _label(inner) in references:  # a shortcut reference: written in full from now on
        end, tail, address = closing, f"[{inner}]", references[_label(inner)]
    else:
        return opening + 1
    end += 1
    if image and (attributes := ATTRIBUTES.match(text, end)) is not None:
        tail, end = tail + attributes.group(0), attributes.end()
    found.append(Atom("image" if image else "link", tail, address))
    if not image:
        found += atoms(inner, references)
    return end


def _closing(text: str, index: int, opening: str, closing: str) -> int | None:
    """Where the bracket opening at `index` closes, counting nested ones and escapes."""
    depth, position = 0, index
    while position < len(text):
        character = text[position]
        if character == "\\":
            position += 2
            continue
        depth += (character == opening) - (character == closing)
        if depth == 0:
            return position
        position += 1
    return None


def _label(label: str) -> str:
    return " ".join(label.lower().split())


def references(body: str) -> dict[str, str]:
    """A page's reference definitions, by id as Python-Markdown matches them."""
    return {_label(match[1]): match[2] for match in blocks.REFERENCE.finditer(body)}


@dataclasses.dataclass
class Written:
    """A cell written as Markdown, and what kept it from matching its source."""

    text: str
    problems: list[str]


def write(items: list[dict], source: list[Atom], *, plain: bool = False, cell: bool = False,
          line_start: bool = False, heading: bool = False) -> Written:
    """Pandoc inlines (JSON) as Markdown for the segment whose atoms are `source`: plain
    text for a title or an image's text, pipes kept out of a table's cells, what would
    open a block escaped at the `line_start`, a closing '#' escaped in a `heading`."""
    writer = _Writer(source, plain, cell)
    text = writer.inlines(items).strip()
    if line_start:
        text = NUMBERED.sub(r"\1\\\2", LINE_START.sub(r"\\\1", text, count=1), count=1)
    if heading and text.endswith("#") and not text.endswith("\\#"):
        text = text[:-1] + "\\#"
    return Written(text, writer.problems())


class _Writer:
    def __init__(self, source: list[Atom], plain: bool, cell: bool):
        self.source, self.plain, self.cell = source, plain, cell
        self.used: set[int] = set()
        self.seen = {"link": 0, "image": 0, "note": 0}
        self.unknown: list[str] = []
        self.extra: list[str] = []

    def problems(self) -> list[str]:
        found = []
        for kind, name in KINDS.items():
            expected = sum(_family(atom.kind) == kind for atom in self.source)
            if expected != self.seen[kind]:
                found.append(_("the source has {expected} {kind} in this row, the translation "
                               "{found}; keep each one").format(
                    expected=expected, kind=_(name), found=self.seen[kind]))
        found += [_("[^{label}] is not a footnote of this row in the source").format(label=label)
                  for label in self.unknown]
        return found + self.extra

    def inlines(self, items: list[dict]) -> str:
        out: list[str] = []
        for item in _merged(items):
            piece = self.inline(item)
            if piece.startswith(" ") and (not out or out[-1].endswith(" ")):
                piece = piece.lstrip(" ")
            if piece.startswith("[") and out and out[-1].endswith("!") and not self.plain:
                out[-1] = out[-1][:-1] + "\\!"  # 'Wow!' then a link is no image
            out.append(piece)
        return "".join(out)

    def inline(self, item: dict) -> str:
        """One inline as Markdown; what is not the translator's words (raw HTML, a Word
        field) is left out."""
        write = INLINES.get(item["t"])
        return write(self, item.get("c")) if write else ""

    def span(self, content: list) -> str:
        style = dict(content[0][2]).get("custom-style")
        if style in OWN_STYLES:
            return ""
        return self.image(content[1]) if style == IMAGE_STYLE else self.inlines(content[1])

    def quoted(self, content: list) -> str:
        marks = "“”" if content[0]["t"] == "DoubleQuote" else "‘’"
        return marks[0] + self.inlines(content[1]) + marks[1]

    def word_note(self, _content) -> str:
        self.extra.append(_("a Word footnote cannot be kept: write the source's marker, "
                            "such as [^1], where the note is called"))
        return ""

    def words(self, text: str) -> str:
        if self.plain:
            return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        out, position = [], 0
        for marker in NOTE_MARKER.finditer(text):
            out.append(self.escape(text[position:marker.start()]))
            out.append(self.note(marker[1]))
            position = marker.end()
        return "".join(out) + self.escape(text[position:])

    def escape(self, text: str) -> str:
        text = ESCAPED.sub(r"\\\1", text).replace("<", "&lt;")
        return text.replace("|", "&#124;") if self.cell else text

    def emphasis(self, mark: str, content: list[dict]) -> str:
        inner = self.inlines(content)
        if self.plain or not inner.strip():
            return inner
        lead, trail = inner[:len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
        return f"{lead}{mark}{inner.strip()}{mark}{trail}"

    def link(self, content: list[dict], address: str) -> str:
        text = self.inlines(content)
        if self.plain:
            return text
        self.seen["link"] += 1
        atom = self.take(("link", "autolink"), address)
        if atom is None:
            return text
        if atom.kind == "autolink":
            return f"<{atom.tail}>"
        return f"[{text.strip()}]{atom.tail}"

    def image(self, content: list[dict]) -> str:
        alt = _Writer([], True, self.cell).inlines(content).strip()
        if self.plain:
            return alt
        self.seen["image"] += 1
        atom = self.take(("image",), None)
        if atom is None:
            return alt
        return f"![{alt}]{atom.tail}"

    def note(self, label: str) -> str:
        self.seen["note"] += 1
        atom = self.take(("note",), label)
        if atom is None or atom.tail != label:
            self.unknown.append(label)
        return f"[^{label}]"

    def take(self, kinds: tuple[str, ...], address: str | None) -> Atom | None:
        """The source's atom that leads where this one does, else the next one unused."""
        free = [(index, atom) for index, atom in enumerate(self.source)
                if atom.kind in kinds and index not in self.used]
        chosen = next(((index, atom) for index, atom in free if atom.address == address),
                      free[0] if free and kinds != ("note",) else None)
        if chosen is None:
            return None
        self.used.add(chosen[0])
        return chosen[1]


INLINES = {
    # How each of pandoc's inlines is written (what is not here is left out).
    "Str": lambda writer, text: writer.words(text),
    "Space": lambda writer, _content: " ",
    "SoftBreak": lambda writer, _content: " ",
    "LineBreak": lambda writer, _content: " ",
    "Emph": lambda writer, content: writer.emphasis("*", content),
    "Strong": lambda writer, content: writer.emphasis("**", content),
    "Code": lambda writer, content: content[1] if writer.plain else _code(content[1]),
    "Link": lambda writer, content: writer.link(content[1], content[2][0]),
    "Image": lambda writer, content: writer.image(content[1]),
    "Span": _Writer.span,
    "Quoted": _Writer.quoted,
    "Cite": lambda writer, content: writer.inlines(content[1]),
    "Math": lambda writer, content: writer.words(content[1]),
    "Note": _Writer.word_note,
    **{kind: _Writer.inlines for kind in WORD_FORMATTING},
}


def _family(kind: str) -> str:
    return "link" if kind == "autolink" else kind


def _merged(items: list[dict]) -> list[dict]:
    """Neighbours Word split into runs of the same emphasis, joined again (two italic runs
    side by side would otherwise be written '*a**b*')."""
    merged: list[dict] = []
    for item in items:
        if merged and item["t"] in ("Emph", "Strong") and merged[-1]["t"] == item["t"]:
            merged[-1] = {"t": item["t"], "c": merged[-1]["c"] + item["c"]}
        else:
            merged.append(item)
    return merged


def _code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def plain_text(items: list[dict]) -> str:
    """Pandoc inlines as their words alone, unescaped (a title, a description)."""
    return " ".join(_words(items).split())


def _words(items: list[dict]) -> str:
    out = []
    for item in items:
        kind, content = item["t"], item.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math"):
            out.append(content[1])
        elif kind in FORMATTING:
            out.append(_words(content))
        elif kind == "Span" and dict(content[0][2]).get("custom-style") in OWN_STYLES:
            continue
        elif kind in ("Link", "Image", "Span", "Quoted", "Cite"):
            out.append(_words(content[1]))
    return "".join(out)

