"""Markdown on which Python-Markdown would take super-linear time, found in linear time."""
from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import itertools
import re
from typing import Callable

from build_tools.base.messages import _

# Python-Markdown 3.11 with the site's extensions (abbr, admonition, attr_list, def_list,
# footnotes, md_in_html, tables, toc) reads a page in three passes, and a few characters
# typed many times make each of them scan the same text over and over:
#
# 1. html.parser reads the whole page (md_in_html hands it everything at once). After '<'
#    and a letter it scans on for the tag's '>' (a quoted value, a="…", hides a '>'); when
#    none comes it takes the '<' for text and scans again from the next one. '</x', '<?'
#    and '<!' likewise look for their ends. After each block of raw HTML it copies the rest
#    of the page, and a comment inside unclosed inline tags searches on for their end tags.
# 2. Block processors read each block, the text between blank lines. A heading, rule or
#    definition inside a block splits it and every processor tests the rest again; lists,
#    quotations and admonitions nest by recursion; table rows get a cell per column.
# 3. Inline patterns read each unit: a paragraph, list item, table cell or heading. A '[' is
#    scanned character by character to its ']' (by three processors), a '](' to its ')', a
#    run of backticks to a run of the same length, and every match rebuilds the unit's text.
#    Each reference to a footnote, and each abbreviation, costs more than the one before.
#
# Each kind below estimates the seconds Markdown would spend on one such cause, with rates
# measured on the development machine (Markdown 3.11.3, Python 3.11) by timing pages made
# of each construct at two sizes; bench/adversarial.py times whole pages. The estimates err
# high: up to a few times for the super-linear causes, within a fifth for the linear cost of
# an ordinary page, which is about 1.5 s a megabyte. A page is refused when one cause would
# take more than KIND_LIMIT, or everything together more than TOTAL_LIMIT; the launch
# content estimates at under 20 ms a page. The guard reads every character a few times with
# regular expressions and looks one by one only at the constructs it finds, at most CAP of
# each kind: under 0.3 s for a megabyte, whatever it holds.
KIND_LIMIT = 1.0
TOTAL_LIMIT = 2.0
NEARBY = 1000
"""An opener whose closer is further away than this, in characters, counts as unclosed."""
PLACEHOLDER = 20
"""The length of the placeholder a code span becomes before links are looked for."""
MAX_DEPTH = 24
"""Deeper nesting is refused: Markdown's recursion overflows around 150 levels of lists."""
MAX_EMPHASIS_DEPTH = 200
"""Emphasis nested deeper is refused: Markdown's recursion overflows around 1000 levels."""
CAP = 50_000
"""The most occurrences of one construct looked at one by one: a page with more is too large."""

# Characters (or matches × characters) Markdown gets through per second.
RATE_TAG = 1e7            # html.parser: a start tag scanned for its '>'
RATE_FIND = 1e9           # html.parser: '</x', '<?', '<!' searched for their ends
RATE_SLICE = 2e9          # html.parser: the rest of the page copied after a block of HTML
RATE_BRACKET = 1.2e6      # a '[' scanned to its ']' by three processors
RATE_LINK = 5e6           # a '](' scanned to its ')'
RATE_TICK = 8e6           # a run of backticks scanned for a run of the same length
RATE_INLINE = 2.5e8       # each inline match rebuilds its unit: matches × unit length
RATE_SPLIT = 1.2e7        # a split block tested again by every processor: splits × length
SCAN = 0.1                # a line's scan for ']' by a definition's regex, in split lengths
RATE_ATTR = 1e8           # attr_list on a heading or cell: ' {' × line length
RATE_ABBR = 1e9           # the abbreviations' regex: abbreviations × page length
RATE_FOOTNOTE = 4e5       # backlink ids of one footnote: (references)² / 2
RATE_INDEX = 1e8          # a footnote reference looked up in the list of footnotes
RATE_TABLE_CODE = 2e8     # a table row's '|' tested against its code spans
PER_TAG_SEARCH = 3e-6     # a comment inside an open inline tag: a regex for its end tag
# Seconds per character or element, for the size of the page as a whole.
PER_CHAR = 0.4e-6
PER_LINE = 0.6e-6
PER_BLOCK = 60e-6
PER_BLOCK_SQUARED = 2e-9  # blocks are popped from the front of a list
PER_ITEM = 75e-6          # list items, quotations, headings, rules, definitions, HTML blocks
PER_CELL = 50e-6
PER_MARK = 30e-6          # inline matches: emphasis, code, entities, tags, escapes, breaks
PER_LINK = 40e-6          # a link or image, besides its mark
PER_ATTEMPT = 8e-6        # a '<', '&' or '[', matched or not
PER_PIPE = 0.5e-6         # a '|', split out of a row
PER_LEVEL = 30e-6         # a level of nesting of a block (list, quotation, admonition)
PER_LEVEL_LINE = 10e-6    # a line read again at each level it is nested in

# Patterns whose name ends in _LINE run on the page after a '\n' ("\n" + text): a match
# starts at the '\n', which is where its line starts in the text. Every pattern starts with
# a character or a class of characters, so that the engine skips quickly to candidates.
BLANK_LINES = re.compile(r"\n(?:[ \t]*+\n)+")
SPACES_LINE = re.compile(r"\n[ \t]++(?=\n)")
LIST_ITEM_LINE = re.compile(r"\n[ ]{0,7}(?:[-*+]|\d{1,9}\.)[ \t]")
# Containers (lists, quotations, admonitions, footnotes, definitions) read their lines again
# without the indentation or '>': what starts a line there may follow both.
IN_CONTAINER = r"\n[ \t]*+(?:>[ \t]*+)*+"
ANY_ITEM_LINE = re.compile(IN_CONTAINER + r"(?:[-*+]|\d{1,9}\.)[ \t]")
QUOTE_LINE = re.compile(r"\n[ \t]*+>")
CONTAINER_START = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}\.|:|!!!|\?\?\?|\[\^[^\]\n]*+\]:)[ \t]")
CODE_LINE_END = re.compile(r"\n(?![ ]{4}|\t|[ \t]*+(?:\n|\Z))")
LIST_START = re.compile(r"[ ]{0,3}(?:[-*+]|\d{1,9}\.)[ \t]")
TABLE_RULE_LINE = re.compile(IN_CONTAINER + r"[:-][ :-]*+\|[ |:-]*+(?=\n|\Z)|"
                             + IN_CONTAINER + r"\|[ |:]*+-[ |:-]*+(?=\n|\Z)")
END_PIPE = re.compile(r"(?<!\\)(?:\\\\)*+\|$")
UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*+\|")
MARKDOWN_ATTRIBUTE = re.compile(r"<([a-zA-Z][\w-]*+)[^<>]*?\smarkdown\s*=", re.IGNORECASE)
# What an inline match needs, besides a pair of brackets or a code span: a tag or autolink,
# an entity, a hard line break; an escape; a run of * or _ that may open or close (one not
# between spaces), two of which make a match.
MARK = re.compile(r"[<&](?:(?<=<)[^<>]*+>|(?<=&)(?:#[0-9]++|#x[0-9a-fA-F]++|[a-zA-Z0-9]++);)")
LINE_BREAK = re.compile(r"  \n")
ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
RUN_END = re.compile(r"\*++|_++")
RUN = re.compile(r"[*_](?:(?<=\*)(?:(?<![\s*]\*)\**+|(?<!\*\*)\**+(?![\s*]))|"
                 r"(?<=_)(?:(?<![\s_]_)_*+|(?<!__)_*+(?![\s_])))")
TICKS = re.compile(r"`+")
BRACKET = re.compile(r"[\[\]]")
PAREN = re.compile(r"[()]")
QUOTE = re.compile(r"[\"']")
QUOTE_PAREN = re.compile(r"[\"'] *\)")
START_TAG = re.compile(r"<[a-zA-Z]")
END_TAG_START = re.compile(r"</[a-zA-Z]")
DECLARATION = re.compile(r"<\?|<!(?!--)")
SPACES = re.compile(r" *+")
QUOTED_VALUE = re.compile(r"=[ \t\n\f]*+([\"'])")
BLOCK_TAGS = ("address|article|aside|blockquote|body|canvas|center|dd|details|dialog|dir|div|"
              "dl|dt|fieldset|figcaption|figure|footer|form|frameset|h[1-6]|head|header|"
              "hgroup|hr|html|iframe|legend|li|main|map|math|menu|nav|noscript|object|ol|"
              "option|output|p|pre|script|section|style|summary|table|tbody|td|textarea|"
              "tfoot|th|thead|tr|ul|video")
BLOCK_TAG_NAMES = frozenset(BLOCK_TAGS.replace("h[1-6]", "h1|h2|h3|h4|h5|h6").split("|"))
HTML_LINE = re.compile(r"\n[ ]{0,3}<[a-zA-Z!?/]")
END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*+)")
# Lines that split a block: headings, setext underlines, rules, definitions, abbreviation,
# footnote and link definitions, admonitions.
SPLIT_LINE = re.compile(IN_CONTAINER + r"(?:#|(?:=+|-+)[ \t]*+(?=\n|\Z)|"
                        r"[-*_][ \t]*[-*_][ \t]*[-*_]|:[ \t]|\*\[|\[[^\]\n]*+\]:|!!!|\?\?\?)")
# The indentation and container markers (quotation, list item, definition, admonition) that
# start a line, on the lines that have some.
NESTED_LINE = re.compile(r"\n(?=[ \t]{4}|[ ]{0,3}(?:>|(?:[-*+:]|\d{1,9}[.)]|!!!|\?\?\?)[ \t]))"
                         r"([ \t]*+(?:(?:>|(?:[-*+:]|\d{1,9}[.)]|!!!|\?\?\?)(?=[ \t]))[ \t]*+)*+)")
DEFINITION_LINE = re.compile(IN_CONTAINER + r":[ \t]")
MARKER = re.compile(r">|[-*+:](?=[ \t])|\d{1,9}[.)](?=[ \t])|!!!|\?\?\?")
BRACE_AFTER_SPACE = re.compile(r"(?<= )\{")
BRACKET_LINE = re.compile(IN_CONTAINER + r"\*?\[")
DEFINITION_OF_REFERENCE = re.compile(r"\n[ \t]*+\[[^\]\n]++\]:")
FOOTNOTE_DEF_LINE = re.compile(IN_CONTAINER + r"\[\^[^\]\n]*+\]:")
ABBREVIATION_LINE = re.compile(IN_CONTAINER + r"\*\[([^\]\n]*+)\][ ]?:")
PIPE_AND_TICK_LINE = re.compile(r"\n(?=[^\n|]*+\|)(?=[^\n`]*+`)")


def costly_constructs(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, message) for each place of a Markdown body on which Python-Markdown would take
    super-linear time; empty for ordinary text. Runs in linear time itself."""
    page = _Page(body)
    size = _elements(page)
    if page.block_seconds > 5 * TOTAL_LIMIT:  # too many blocks to look closer at
        return [(first_line, _size(page, size.seconds).message)]
    size = _elements(page, precise=True)
    estimates = [size] + [estimate for kind in KINDS if (estimate := kind(page)) is not None]
    found = [estimate for estimate in estimates
             if estimate.message and estimate.seconds > KIND_LIMIT]
    total = sum(estimate.seconds if estimate.total is None else estimate.total
                for estimate in estimates)
    if not found and total > TOTAL_LIMIT:
        found = [_size(page, total)]
    elif not found and page.overflow:
        found = [_Estimate(total, 0, _(
            "this page has more than {count} of one kind of mark (brackets, tags, emphasis, "
            "list items, lines…); Markdown would take too long to read it: split it into "
            "several pages").format(count=CAP))]
    return [(first_line + page.line(estimate.position), estimate.message)
            for estimate in sorted(found, key=lambda estimate: estimate.position)]


@dataclasses.dataclass
class _Estimate:
    """The seconds one cause would cost Markdown, and where it first shows."""

    seconds: float
    position: int
    message: str | None
    """None for what only adds to the total."""
    total: float | None = None
    """What it adds to the total, when not its seconds (counted elsewhere)."""


@dataclasses.dataclass
class _Tally:
    """Costs added up, with the first and the number of the costly occurrences (of all the
    occurrences when none is costly alone)."""

    cost: float = 0
    costly: int = 0
    first_costly: int = -1
    seen: int = 0
    first_seen: int = -1

    def add(self, position: int, cost: float, costly: bool | None = None) -> None:
        self.cost += cost
        self.seen += 1
        if self.first_seen < 0:
            self.first_seen = position
        if cost > NEARBY if costly is None else costly:
            self.costly += 1
            if self.first_costly < 0:
                self.first_costly = position

    @property
    def count(self) -> int:
        return self.costly or self.seen

    @property
    def first(self) -> int:
        return self.first_costly if self.costly else self.first_seen


class _Page:
    """A Markdown body, the blocks and inline units Markdown reads it in, its code spans."""

    def __init__(self, body: str):
        # Markdown reads '\r\n' and '\r' as '\n'; replacing them in place keeps positions.
        self.text = body.replace("\r\n", " \n").replace("\r", "\n")
        self.lined = "\n" + self.text
        self.n = len(self.text)
        self.overflow = False
        """Whether some construct occurs more than CAP times."""
        self.block_count = self.mark_count = 0
        self.block_seconds = 0.0

    def positions(self, pattern: re.Pattern, group: int = 0) -> list[int]:
        """Where the pattern (or one of its groups) matches, the first CAP times."""
        return [match.start(group) for match in self.first(pattern.finditer(self.text))]

    def line_starts(self, pattern: re.Pattern) -> list[int]:
        """The lines a _LINE pattern matches, the first CAP of them."""
        return [match.start() for match in self.first(pattern.finditer(self.lined))]

    def first(self, matches) -> list:
        """The first CAP matches; the page is too large when there are more."""
        found = list(itertools.islice(matches, CAP + 1))
        if len(found) > CAP:
            self.overflow = True
            del found[CAP:]
        return found

    def line(self, position: int) -> int:
        """The line holding a position, counted from 0."""
        return self.text.count("\n", 0, position)

    def escaped(self, position: int) -> bool:
        """Whether an odd number of backslashes comes before a position."""
        start = position
        while start > 0 and self.text[start - 1] == "\\":
            start -= 1
        return (position - start) % 2 == 1

    def length(self, start: int, end: int) -> int:
        """The length of a span as links see it: each code span and footnote reference is a
        placeholder of about PLACEHOLDER characters by then, each escape one of four."""
        length = end - start
        for positions, size in ((self.placeholders, PLACEHOLDER), (self.escapes, 2)):
            if positions:
                length += size * (bisect.bisect_left(positions, end)
                                  - bisect.bisect_left(positions, start))
        return length

    @functools.cached_property
    def placeholders(self) -> list[int]:
        return sorted(self.code.starts + [position for position, _name in self.references])

    @functools.cached_property
    def references(self) -> list[tuple[int, str]]:
        """(position, name) of each footnote reference."""
        text, found = self.text, []
        closing, line_end, position = _Next(text, "]"), _Next(text, "\n"), 0
        while len(found) < CAP and (position := text.find("[^", position)) >= 0:
            close = closing(position + 2)
            if close < line_end(position + 2):
                if not text.startswith(":", close + 1):  # a definition, not a reference
                    found.append((position, text[position + 2:close]))
                position = close + 1
            else:
                position += 2
        return found

    def unescaped(self, positions: list[int]) -> list[int]:
        text = self.text
        return [position for position in positions
                if not (position and text[position - 1] == "\\" and self.escaped(position))]

    @functools.cached_property
    def blocks(self) -> list[tuple[int, int]]:
        """(start, end) of each block: the text between blank lines."""
        spans, start = [], 0
        for match in self.first(BLANK_LINES.finditer(self.lined)):  # blank first lines too
            if match.start() - 1 > start:
                spans.append((start, match.start() - 1))
            start = match.end() - 1
        if start < self.n:
            spans.append((start, self.n))
        return spans

    @functools.cached_property
    def block_starts(self) -> list[int]:
        return [start for start, _end in self.blocks]

    def block_of(self, position: int) -> tuple[int, int]:
        return self.blocks[max(0, bisect.bisect_right(self.block_starts, position) - 1)]

    @functools.cached_property
    def tables(self) -> list[tuple[int, int, int, bool]]:
        """(start, end, columns, whole block) of the tables: blocks that are tables, and what
        may be a table inside a container (the line before a rule, to the end of the block)."""
        found, text = [], self.text
        for rule in self.line_starts(TABLE_RULE_LINE) if "|" in text else ():
            start, end = self.block_of(rule)
            if text.find("\n", start, end) == rule - 1 and (columns := _columns(text, start, end)):
                found.append((start, end, columns, True))
            elif rule > start:  # in doubt, read as one paragraph, with cells counted from above
                header = text.rfind("\n", start, rule - 1) + 1
                line_end = text.find("\n", rule)
                line_end = len(text) if line_end < 0 else line_end
                columns = max(text.count("|", header, rule), text.count("|", rule, line_end)) + 1
                found.append((header, end, columns, False))
        return found

    @functools.cached_property
    def code_blocks(self) -> set[int]:
        """The starts of the blocks that are indented code (not the content of a container
        before them)."""
        text, found, in_container = self.text, set(), False
        for start, end in self.blocks:
            if not text.startswith(("    ", "\t"), start):
                in_container = CONTAINER_START.match(text, start) is not None
            elif not in_container and CODE_LINE_END.search(text, start, end) is None:
                found.add(start)
        return found

    @functools.cached_property
    def units(self) -> list[tuple[int, int]]:
        """(start, end) of each inline unit, or of a span holding several: a table row, a
        list item with its lines, else a whole block."""
        text, split = self.text, {}
        for start, end, _columns, whole in self.tables:
            if whole and text.count("\n", start, end) < CAP:
                split[start] = _lines(text, start, end)
        items = self.items
        for start in sorted(set(items).intersection(self.block_starts)):
            if start not in split and LIST_START.match(text, start):
                end = self.block_of(start)[1]
                cuts = items[bisect.bisect_left(items, start):bisect.bisect_left(items, end)]
                split[start] = list(zip(cuts, cuts[1:] + [end]))
        units = self.blocks
        if split:
            units = []
            for start, end in self.blocks:
                units += split.get(start, ((start, end),))
        return _join_markdown_elements(text, units)

    @functools.cached_property
    def unit_starts(self) -> list[int]:
        return [start for start, _end in self.units]

    def in_units(self, positions: list[int]):
        """(unit start, unit end, first index, end index) of the sorted positions that fall
        in each unit, for the units holding any."""
        units, starts, index = self.units, self.unit_starts, 0
        while index < len(positions):
            unit = bisect.bisect_right(starts, positions[index]) - 1
            if unit < 0 or positions[index] >= units[unit][1]:
                index += 1  # in a blank line between units
                continue
            stop = bisect.bisect_left(positions, units[unit][1], index)
            yield units[unit][0], units[unit][1], index, stop
            index = stop

    @functools.cached_property
    def code(self) -> _CodeSpans:
        return _code_spans(self)

    @functools.cached_property
    def brackets(self) -> _Brackets:
        return _pair_brackets(self)

    @functools.cached_property
    def items(self) -> list[int]:
        """The lines that may be list items."""
        return self.line_starts(LIST_ITEM_LINE)

    @functools.cached_property
    def splits(self) -> list[int]:
        return self.line_starts(SPLIT_LINE)

    @functools.cached_property
    def html_blocks(self) -> list[int]:
        """Lines starting with a tag, and end tags of block elements: blocks of raw HTML."""
        if "<" not in self.text:
            return []
        ends = [match.start() for match in self.first(END_TAG.finditer(self.text))
                if match[1].lower() in BLOCK_TAG_NAMES]
        return sorted(self.line_starts(HTML_LINE) + ends)

    @functools.cached_property
    def ticks(self) -> list[tuple[int, int]]:
        """(start, end) of each run of backticks."""
        if "`" not in self.text:
            return []
        return [match.span() for match in self.first(TICKS.finditer(self.text))]

    @functools.cached_property
    def simple_marks(self) -> list[int]:
        """Tags, autolinks, entities, line breaks."""
        return sorted(self.positions(MARK) + self.positions(LINE_BREAK))

    @functools.cached_property
    def escapes(self) -> list[int]:
        return self.positions(ESCAPE) if "\\" in self.text else []

    @functools.cached_property
    def runs(self) -> list[int]:
        """Runs of * or _ that may open or close emphasis."""
        return self.positions(RUN)

    @functools.cached_property
    def address_ends(self) -> list[tuple[int, int, bool]]:
        return _address_ends(self)

    @functools.cached_property
    def marks(self) -> list[int]:
        """Where inline patterns may match (a match rebuilds its unit's text): a link needs
        its address closed; a reference, a definition on the page."""
        if DEFINITION_OF_REFERENCE.search(self.lined):
            linked = self.brackets.closes
        else:
            linked = [opened - 1 for opened, _close, closed in self.address_ends if closed]
        return sorted(self.simple_marks + linked + self.code.starts)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    while start < end:
        stop = text.find("\n", start, end)
        stop = end if stop < 0 else stop
        spans.append((start, stop))
        start = stop + 1
    return spans


def _cells(row: str, border: bool) -> int:
    """The cells of a table row as the tables extension counts them, for rows without code."""
    if border:
        row = END_PIPE.sub("", row[1:] if row.startswith("|") else row)
    return len(UNESCAPED_PIPE.findall(row)) + 1


def _columns(text: str, start: int, end: int) -> int:
    """The columns of a block that is a table, else 0. In doubt it is not a table: read as
    one paragraph, its rows' cost is overestimated rather than under."""
    first = text.find("\n", start, end)
    if first < 0 or text.startswith("    ", start):
        return 0
    second = text.find("\n", first + 1, end)
    header = text[start:first].strip(" ")
    rule = text[first + 1:end if second < 0 else second].strip(" ")
    if "|" not in header or "`" in header or "|" not in rule or set(rule) - set("|:- "):
        return 0
    border = header.startswith("|") or END_PIPE.search(header) is not None
    columns = _cells(header, border)
    return columns if columns > 1 and _cells(rule, border) == columns else 0


def _join_markdown_elements(text: str, units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An element with a markdown attribute can be read as one inline unit across blank lines
    (md_in_html's span mode): the units it overlaps are joined, up to its end tag."""
    elements: list[tuple[int, int]] = []
    for match in MARKDOWN_ATTRIBUTE.finditer(text):
        if elements and match.start() < elements[-1][1]:
            continue  # inside the element before
        depth, end = 0, len(text)
        tag = re.compile(rf"<(/?){re.escape(match[1])}\b", re.IGNORECASE)
        for found in tag.finditer(text, match.start()):
            depth += -1 if found[1] else 1
            if depth == 0:
                end = found.end()
                break
        elements.append((match.start(), end))
        if end == len(text):
            break
    if not elements:
        return units
    joined: list[tuple[int, int]] = []
    element, inside_before = 0, False
    for start, end in units:
        while element < len(elements) and elements[element][1] <= start:
            element += 1
        inside = element < len(elements) and elements[element][0] < end
        if joined and inside and inside_before:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
        inside_before = inside
    return joined


# Inline: code spans, brackets, link addresses, matches ----------------------------------------

@dataclasses.dataclass
class _CodeSpans:
    """Code spans as find_code_spans pairs runs of backticks, and what finding them costs."""

    starts: list[int]
    ends: list[int]
    tally: _Tally

    def hide(self, positions: list[int]) -> list[int]:
        """The positions outside code spans (inline patterns never see inside them)."""
        if not self.starts:
            return positions
        kept = []
        for position in positions:
            index = bisect.bisect_right(self.starts, position) - 1
            if index < 0 or position >= self.ends[index]:
                kept.append(position)
        return kept


def _code_spans(page: _Page) -> _CodeSpans:
    runs = [(start, end, int(page.escaped(start))) for start, end in page.ticks]
    starts, ends, tally = [], [], _Tally()
    for _start, unit_end, low, high in page.in_units([run[0] for run in runs]):
        unit = runs[low:high]
        # Right to left: the next run of each length, and the first of the longest runs.
        following: list[int | None] = [None] * len(unit)
        fallback: list[int | None] = [None] * len(unit)
        next_of: dict[int, int] = {}
        longest, longest_at = 0, -1
        for index in range(len(unit) - 1, -1, -1):
            start, end, escaped = unit[index]
            opener = end - start - escaped  # an escaped first tick opens nothing
            following[index] = next_of.get(opener)
            if 0 < longest < opener:
                fallback[index] = longest_at
            if end - start >= longest:
                longest, longest_at = end - start, index
            next_of[end - start] = index
        index = 0
        while index < len(unit):
            start, end, escaped = unit[index]
            if end - start - escaped == 0:
                index += 1
                continue
            match = following[index]
            if match is not None:  # scanned up to the run of the same length
                tally.add(start, unit[match][1] - end)
            else:  # scanned to the end of the unit, then the longest shorter run, if any
                tally.add(start, unit_end - end, True)
                match = fallback[index]
            if match is None:
                index += 1
                continue
            starts.append(start + escaped)
            ends.append(unit[match][1])
            index = match + 1
    return _CodeSpans(starts, ends, tally)


def _backticks(page: _Page) -> _Estimate | None:
    tally = page.code.tally
    if not tally.seen:
        return None
    return _Estimate(tally.cost / RATE_TICK, tally.first, _(
        "runs of backticks (`) that no run of the same length closes nearby: {count} on this "
        "page, the first on this line; Markdown would take too long to read them: close each "
        "code span with as many backticks as open it, or write \\` for a plain "
        "backtick").format(count=tally.count))


@dataclasses.dataclass
class _Brackets:
    """Each '[' scanned to its ']', and the '(' after each ']' that closes one."""

    tally: _Tally
    closes: list[int]
    """Each ']' that closes a '['."""
    destinations: list[tuple[int, int]]
    """(position of a '(' that follows a closing ']', end of its unit)."""


def _pair_brackets(page: _Page) -> _Brackets:
    text = page.text
    positions = page.code.hide(page.unescaped(page.positions(BRACKET)))
    tally, closes, destinations = _Tally(), [], []
    for _start, unit_end, low, high in page.in_units(positions):
        stack = []
        for position in positions[low:high]:
            if text[position] == "[":
                stack.append(position)
            elif stack:
                opened = stack.pop()
                tally.add(opened, page.length(opened, position))
                closes.append(position)
                if text.startswith("(", position + 1):
                    destinations.append((position + 1, unit_end))
        for opened in stack:
            tally.add(opened, page.length(opened, unit_end), True)
    closes.sort()
    return _Brackets(tally, closes, destinations)


def _brackets(page: _Page) -> _Estimate | None:
    tally = page.brackets.tally
    if not tally.seen:
        return None
    return _Estimate(tally.cost / RATE_BRACKET, tally.first, _(
        "'[' without a closing ']' nearby: {count} on this page, the first on this line; "
        "Markdown would take too long to read them: remove them, or write \\[ for a plain "
        "bracket").format(count=tally.count))


def _address_ends(page: _Page) -> list[tuple[int, int, bool]]:
    """(the '(' after a ']', where getLink stops, whether at a ')') for each link address.
    getLink scans for the ')' that closes the '(' or, once it has met a quote (a title), for
    a ')' right after that quote again; else to the end of the unit."""
    destinations = page.brackets.destinations
    if not destinations:
        return []
    text, hide = page.text, page.code.hide
    quotes = hide(page.positions(QUOTE))
    after_quote: dict[str, list[int]] = {'"': [], "'": []}
    for position in hide(page.positions(QUOTE_PAREN)):
        after_quote[text[position]].append(position)
    closing = _matching_parens(page, {opened for opened, _end in destinations})
    ends = []
    for opened, unit_end in destinations:
        close = closing.get(opened, unit_end)
        index = bisect.bisect_right(quotes, opened)
        if index < len(quotes) and quotes[index] < close:
            quote = quotes[index]
            candidates = after_quote[text[quote]]
            index = bisect.bisect_right(candidates, quote)
            close = min(candidates[index] if index < len(candidates) else unit_end, unit_end)
        ends.append((opened, close, close < unit_end))
    return ends


def _destinations(page: _Page) -> _Estimate | None:
    ends = page.address_ends
    if not ends:
        return None
    tally = _Tally()
    for opened, close, closed in ends:
        tally.add(opened, page.length(opened, close), None if closed else True)
    return _Estimate(tally.cost / RATE_LINK, tally.first, _(
        "link addresses with no closing ')' nearby, after '](': {count} on this page, the "
        "first on this line; Markdown would take too long to read them: end each address with "
        "')', or write \\( for a plain parenthesis").format(count=tally.count))


def _matching_parens(page: _Page, wanted: set[int]) -> dict[int, int]:
    """The ')' that closes each '(' of `wanted`, counted as getLink counts, in its unit."""
    text = page.text
    parens = page.code.hide(page.unescaped(page.positions(PAREN)))
    closing = {}
    for _start, _end, low, high in page.in_units(parens):
        stack = []
        for position in parens[low:high]:
            if text[position] == "(":
                stack.append(position)
            elif stack:
                opened = stack.pop()
                if opened in wanted:
                    closing[opened] = position
    return closing


def _inline(page: _Page) -> _Estimate | None:
    """Every inline match rebuilds its unit's text: matches × length of the unit (code spans
    are longer by then). An escape costs three times what a link, tag or code span does; a
    run of * or _ is half a match."""
    units: dict[int, list] = {}  # unit start -> [end, weighted matches, marks, first mark]
    for positions, weight in ((page.marks, 0.35), (page.escapes, 1.1), (page.runs, 0.2)):
        for start, end, low, high in page.in_units(positions):
            unit = units.setdefault(start, [end, 0.0, 0, positions[low]])
            unit[1] += (high - low) * weight
            unit[2] += high - low
            unit[3] = min(unit[3], positions[low])
    tally, worst = _Tally(), (0.0, 0, 0)
    for start, (end, weighted, count, first) in units.items():
        cost = weighted * (end - start + (page.length(start, end) - (end - start)) // 3)
        tally.add(first, cost, cost > RATE_INLINE * KIND_LIMIT / 10)
        worst = max(worst, (cost, count, end - start))
    if not tally.seen:
        return None
    _cost, count, length = worst
    return _Estimate(tally.cost / RATE_INLINE, tally.first, _(
        "a paragraph of {length} characters with {count} links, emphasis, code spans or HTML "
        "tags; Markdown would take too long to read it: split it into shorter "
        "paragraphs").format(length=length, count=count))


def _emphasis(page: _Page) -> _Estimate | None:
    """Emphasis inside emphasis makes a tree as deep, which Markdown walks by recursion. A
    run of * or _ before a space closes, one after a space opens, one between letters closes
    what is open, else opens; only what is closed nests."""
    text, runs, deep = page.text, page.runs, _Tally()
    deepest = 0
    for _start, _end, low, high in page.in_units(runs):
        stack: list[list[int]] = []  # [position, characters left] of open runs
        events = []
        for position in runs[low:high]:
            end = RUN_END.match(text, position).end()
            left = end - position  # a run closes as many characters as it has, two a level
            if position > 0 and not text[position - 1].isspace():
                while left and stack:
                    used = min(left, stack[-1][1])
                    events += ((stack[-1][0], (used + 1) // 2), (position, -((used + 1) // 2)))
                    stack[-1][1] -= used
                    left -= used
                    if not stack[-1][1]:
                        stack.pop()
            if left and end < page.n and not text[end].isspace():
                stack.append([position, left])
        depth = 0
        for position, step in sorted(events):
            if depth <= MAX_EMPHASIS_DEPTH < depth + step:
                deep.add(position, 0, True)
            depth += step
            deepest = max(deepest, depth)
    if not deep.costly:
        return None
    return _Estimate(KIND_LIMIT * 2, deep.first, _(
        "emphasis (* or _) opened inside emphasis more than {limit} times (up to {depth}): "
        "{count} on this page, the first on this line; Markdown cannot read it: close each "
        "emphasis before opening the next").format(limit=MAX_EMPHASIS_DEPTH, depth=deepest,
                                                    count=deep.costly), 0)


# HTML --------------------------------------------------------------------------------------

class _Next:
    """The next occurrence of a string at or after positions asked in increasing order."""

    def __init__(self, text: str, needle: str):
        self.text, self.needle, self.found = text, needle, -1

    def __call__(self, position: int) -> int:
        if self.found < position:
            found = self.text.find(self.needle, position)
            self.found = len(self.text) if found < 0 else found
        return self.found


def _html(page: _Page) -> _Estimate | None:
    """html.parser scans every start tag to its '>': on to the end of the page if none."""
    text, n, tally = page.text, page.n, _Tally()
    # Where a quoted attribute value may hide a '>': from each '="' to the next '"'.
    hidden_starts: list[int] = []
    hidden_ends: list[int] = []
    for match in page.first(QUOTED_VALUE.finditer(text)):
        close = text.find(match[1], match.end())
        if close < 0:
            continue
        if hidden_ends and match.start() <= hidden_ends[-1]:
            hidden_ends[-1] = max(hidden_ends[-1], close)
        else:
            hidden_starts.append(match.start())
            hidden_ends.append(close)
    barrier, tag_cost = -1, 0
    for position in page.positions(START_TAG):
        if barrier < position:  # else the '>' found for the tag before ends this one too
            barrier = text.find(">", position)
            while barrier >= 0 and hidden_starts:
                index = bisect.bisect_left(hidden_starts, barrier) - 1
                if index < 0 or barrier >= hidden_ends[index]:
                    break
                barrier = text.find(">", hidden_ends[index])
            barrier = n if barrier < 0 else barrier
        if barrier - position > NEARBY or barrier == n:
            tally.add(position, 0)
        tag_cost += barrier - position
    gt = _Next(text, ">")
    for position in page.positions(END_TAG_START):
        tally.add(position, gt(position) - position)
    for position, closer in _declarations(page):
        tally.add(position, closer - position)
    if not tally.seen:
        return None
    return _Estimate(tag_cost / RATE_TAG + tally.cost / RATE_FIND, tally.first, _(
        "'<' starting an HTML tag with no '>' to end it nearby: {count} on this page, the "
        "first on this line; Markdown would take too long to read them: end each tag with "
        "'>', or write &lt; for a plain '<'").format(count=tally.count))


def _declarations(page: _Page):
    """(position, end) of each '<?' and '<!' that html.parser reads as such: at the start
    of a line, after an HTML block on the same line, or anywhere in a markdown element."""
    text = page.text
    anywhere = MARKDOWN_ATTRIBUTE.search(text) is not None
    ends = {"?": _Next(text, "?>"), "!": _Next(text, ">")}
    line_start, first_char, seen_gt, previous = 0, SPACES.match(text).end(), -1, 0
    for position in page.positions(DECLARATION):
        newline = text.rfind("\n", previous, position)
        if newline >= 0:
            line_start, seen_gt = newline + 1, -1
            first_char = SPACES.match(text, line_start).end()
        if seen_gt < line_start:
            seen_gt = text.rfind(">", max(previous, line_start), position)
        previous = position
        if anywhere or seen_gt >= line_start or position == first_char:
            yield position, ends[text[position + 1]](position)


def _html_blocks(page: _Page) -> _Estimate | None:
    """After each block of raw HTML, html.parser copies the rest of the page."""
    positions = page.html_blocks
    if not positions:
        return None
    return _Estimate(sum(page.n - position for position in positions) / RATE_SLICE,
                     positions[0], _(
        "blocks of raw HTML: {count} on this page, the first on this line; Markdown copies "
        "the rest of the page after each and would take too long: write them in Markdown, "
        "or split the page").format(count=len(positions)))


def _comments(page: _Page) -> _Estimate | None:
    """A comment after unclosed inline tags makes html.parser search the rest of the block
    for each tag's end tag (a regex each), and copy the rest of the page."""
    text, comments, position = page.text, [], 0
    while len(comments) < CAP:
        position = text.find("<!--", position)
        end = text.find("-->", position + 4) if position >= 0 else -1
        if end < 0:
            break  # an unclosed comment is text, searched for its end only once
        comments.append(position)
        position = end + 3
    if not comments:
        return None
    tags, tally = page.positions(START_TAG), _Tally()
    for comment in comments:
        start, end = page.block_of(comment)
        before = bisect.bisect_left(tags, comment) - bisect.bisect_left(tags, start)
        if before:
            seconds = (before * (PER_TAG_SEARCH + max(0, end - comment) / RATE_FIND)
                       + (page.n - comment) / RATE_SLICE)
            tally.add(comment, seconds, before > 100)
    if not tally.seen:
        return None
    return _Estimate(tally.cost, tally.first, _(
        "HTML comments after many unclosed HTML tags: {count} on this page, the first on "
        "this line; Markdown would take too long to read them: close the tags, or remove the "
        "comments").format(count=tally.count))


# Blocks ------------------------------------------------------------------------------------

def _splits(page: _Page) -> _Estimate | None:
    """Headings, rules and definitions split their block, and every processor tests the rest
    again. Three of them (footnote, link and abbreviation definitions) look at each line
    starting with '[' or '*[' for its ']', across lines: on every pass over the block."""
    splits, text, scans = page.splits, page.text, {}
    if "[" in text:
        closing = _Next(text, "]")
        for line in page.line_starts(BRACKET_LINE):
            start, end = page.block_of(line)
            scans[start] = scans.get(start, 0) + min(closing(line), end) - line
    tally, index = _Tally(), 0
    while index < len(splits):
        start, end = page.block_of(splits[index])
        stop = bisect.bisect_left(splits, end, index)
        if stop - index > 1 and start in page.code_blocks:
            index = stop
            continue
        cost = (stop - index) * (end - start) + (stop - index) * scans.pop(start, 0) * SCAN
        tally.add(start, cost, cost > RATE_SPLIT * KIND_LIMIT / 10)
        index = stop
    for start, scanned in scans.items():  # blocks without splits: one pass
        tally.add(start, scanned * SCAN, scanned * SCAN > RATE_SPLIT * KIND_LIMIT / 10)
    if not tally.seen:
        return None
    return _Estimate(tally.cost / RATE_SPLIT, tally.first, _(
        "blocks with many headings, rules or definitions and no blank line between them: "
        "{count} on this page, the first on this line; Markdown would take too long to read "
        "them: put a blank line before and after each").format(count=tally.count))


def _nesting(page: _Page) -> _Estimate | None:
    """Lists, quotations, definitions and admonitions nest by recursion, and each level
    reads its lines again. A definition followed by the next term without a blank line is
    read inside the one before."""
    text, lined = page.text, page.lined
    deep, cost, first_nested = _Tally(), 0.0, -1
    block_end, block_depth, deepest = -1, 0, 0
    for match in page.first(NESTED_LINE.finditer(lined)):
        prefix = match[1]
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        depth = len(prefix[:indent].expandtabs(4)) // 4 + len(MARKER.findall(prefix))
        if match.start() >= block_end:
            cost += block_depth * PER_LEVEL
            block_end, block_depth = page.block_of(match.start())[1], 0
        block_depth = max(block_depth, depth - 1)  # the first level is an item or a quote
        cost += max(0, depth - 1) * PER_LEVEL_LINE
        if depth > 3 and first_nested < 0:
            first_nested = match.start()
        if depth > MAX_DEPTH and MARKER.search(prefix):
            deep.add(match.start(), 0, True)
            deepest = max(deepest, depth)
    cost += block_depth * PER_LEVEL
    definitions = page.line_starts(DEFINITION_LINE) if ":" in text else []
    longest, longest_at, index = 0, -1, 0
    while index < len(definitions):
        end = page.block_of(definitions[index])[1]
        stop = bisect.bisect_left(definitions, end, index)
        if stop - index > max(longest, MAX_DEPTH):
            longest, longest_at = stop - index, page.block_of(definitions[index])[0]
        index = stop
    if longest and (not deep.seen or longest_at < deep.first):
        return _Estimate(max(cost, KIND_LIMIT * 2), longest_at, _(
            "{count} definitions in a row with no blank line between them, from this line "
            "on: Markdown reads each inside the one before and cannot go more than {limit} "
            "deep; put a blank line between definitions").format(count=longest, limit=MAX_DEPTH),
            cost)
    if deep.seen:
        return _Estimate(max(cost, KIND_LIMIT * 2), deep.first, _(
            "lines nested more than {limit} levels deep in lists, quotations or admonitions "
            "(up to {depth}): {count} on this page, the first on this line; Markdown cannot "
            "read them: nest them less deeply").format(limit=MAX_DEPTH, depth=deepest,
                                                        count=deep.count), cost)
    if not cost:
        return None
    return _Estimate(cost, max(first_nested, 0), _(
        "lists, quotations or admonitions nested deeply over many lines, from this line on; "
        "Markdown reads each line again at each level and would take too long: nest them "
        "less deeply, or split them"), cost)


def _tables(page: _Page) -> _Estimate | None:
    """Every row of a table gets as many cells as its header; the tables extension checks
    every '|' of a row against the row's code spans."""
    text, cells, largest = page.text, 0, (0, 0, 0, -1)
    for start, end, columns, _whole in page.tables:
        last = end
        while last > start and text[last - 1] == "\n":
            last -= 1
        rows = text.count("\n", start, last)
        cells += rows * columns
        largest = max(largest, (rows * columns, rows, columns, start))
    code = _Tally()
    code_lines = page.line_starts(PIPE_AND_TICK_LINE) if page.ticks and "|" in text else []
    for start in code_lines:
        end = text.find("\n", start)
        line = text[start:page.n if end < 0 else end]
        ticks = len(TICKS.findall(line))
        code.add(start, (line.count("|") + ticks) * ticks / RATE_TABLE_CODE, ticks > 100)
    if not cells and not code.seen:
        return None
    total = code.cost + cells * PER_CELL
    if code.cost > largest[0] * PER_CELL:
        return _Estimate(code.cost, code.first, _(
            "table rows with many '|' and backticks (`): {count} on this page, the first on "
            "this line; Markdown would take too long to read them: put less code in each "
            "row").format(count=code.count), total)
    size, rows, columns, first = largest
    return _Estimate(size * PER_CELL, first, _(
        "a table of {rows} rows and {columns} columns; Markdown would take too long to read "
        "it: split it into smaller tables or pages").format(rows=rows, columns=columns), total)


# Extensions --------------------------------------------------------------------------------

def _attributes(page: _Page) -> _Estimate | None:
    """attr_list looks for '{…}' at the end of a heading or cell from each space before a
    '{' of the line."""
    text, tally = page.text, _Tally()
    line_start, line_end, spaces = 0, -1, 0
    for brace in page.positions(BRACE_AFTER_SPACE):
        if brace > line_end:
            if spaces:
                tally.add(line_start, spaces * (line_end - line_start))
            line_start = text.rfind("\n", 0, brace) + 1
            line_end = text.find("\n", brace)
            line_end = page.n if line_end < 0 else line_end
            spaces = 0
        before = brace
        while before > line_start and text[before - 1] == " ":
            before -= 1
        spaces += brace - before
    if spaces:
        tally.add(line_start, spaces * (line_end - line_start))
    if not tally.seen:
        return None
    return _Estimate(tally.cost / RATE_ATTR, tally.first, _(
        "lines with many ' {{': {count} on this page, the first on this line; Markdown would "
        "take too long to read them: remove the braces, or write \\{{ for a plain "
        "brace").format(count=tally.count))


def _footnotes(page: _Page) -> _Estimate | None:
    """Each reference to a footnote gets a backlink id, counted up from the first."""
    text = page.text
    references = collections.Counter(name for _position, name in page.references)
    if not references:
        return None
    definitions = len(page.line_starts(FOOTNOTE_DEF_LINE))  # "[^" is on the page
    repeats = sum(count * (count - 1) // 2 for count in references.values())
    seconds = repeats / RATE_FOOTNOTE + references.total() * definitions / RATE_INDEX
    name, count = references.most_common(1)[0]
    return _Estimate(seconds, text.find(f"[^{name}]"), _(
        "footnote [^{name}] is referenced {count} times; Markdown would take too long to "
        "number the references: refer to it less often").format(name=name, count=count))


def _abbreviations(page: _Page) -> _Estimate | None:
    """Every abbreviation is one more alternative of a regex run over the page's text."""
    if "*[" not in page.text:
        return None
    found = [match.start(1) - 1 for match in page.first(ABBREVIATION_LINE.finditer(page.lined))]
    names = {page.text[position:page.text.find("]", position)] for position in found}
    if not names:
        return None
    return _Estimate(len(names) * page.n / RATE_ABBR, found[0] - 2, _(
        "{count} abbreviations are defined on this page; Markdown would take too long to find "
        "them in the text: define fewer").format(count=len(names)))


# The page as a whole -----------------------------------------------------------------------

def _elements(page: _Page, precise: bool = False) -> _Estimate:
    """Linear, but slow: microseconds for each character and line, tens for each block, list
    item, cell and inline match; the matches counted from above unless `precise`."""
    text = page.text
    # Markdown splits the page at each pair of newlines: a run of blank lines makes empty
    # blocks, as costly as any.
    blocks = max(len(page.blocks), text.count("\n\n") + len(SPACES_LINE.findall(text)) // 2)
    items = (len(page.line_starts(ANY_ITEM_LINE)) + len(page.line_starts(QUOTE_LINE))
             + len(page.splits) + len(page.html_blocks))
    page.block_count = blocks
    page.mark_count = len(page.escapes) + len(page.runs) // 2 + (
        len(page.marks) if precise else
        len(page.simple_marks) + min(text.count("["), text.count("]")) + len(page.ticks) // 2)
    attempts = text.count("<") + text.count("&") + text.count("[")
    pipes = text.count("|")
    page.block_seconds = blocks * PER_BLOCK + blocks * blocks * PER_BLOCK_SQUARED + items * PER_ITEM
    seconds = (page.n * PER_CHAR + text.count("\n") * PER_LINE + page.block_seconds
               + page.mark_count * PER_MARK + text.count("](") * PER_LINK
               + attempts * PER_ATTEMPT + pipes * PER_PIPE)
    return _Estimate(seconds, 0, None)


def _size(page: _Page, seconds: float) -> _Estimate:
    return _Estimate(seconds, 0, _(
        "this page is too large: Markdown would take about {seconds:.0f} s to "
        "read its {blocks} blocks and {marks} links, emphasis and other marks; split it into "
        "several pages").format(seconds=max(seconds, 2), blocks=page.block_count,
                                marks=page.mark_count))


KINDS: tuple[Callable[[_Page], _Estimate | None], ...] = (
    _html, _html_blocks, _comments, _brackets, _destinations, _backticks, _inline, _emphasis,
    _splits, _nesting, _tables, _attributes, _footnotes, _abbreviations)
