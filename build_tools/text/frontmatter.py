"""Front matter: the YAML block at the top of a Markdown file, kept with its line numbers.

It is found and read exactly as MkDocs finds and reads it (mkdocs/utils/meta.py: the same
pattern, a byte-order mark dropped, universal newlines, PyYAML's safe loader), so a block
MkDocs would ignore, or publish as text, is an error here first.
"""
from __future__ import annotations

import dataclasses
import re

import yaml

from build_tools.base.messages import _

FENCE = "---"
BOM = "\ufeff"
# MkDocs' own pattern: an opening '---' line, at least one line, a closing '---' or '...'
# line that ends with a line break.
BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# Without such a block MkDocs reads MultiMarkdown metadata: leading 'Key: value' lines,
# which it removes from the page.
MULTIMARKDOWN_META = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")
# libyaml's loader when PyYAML has it (MkDocs uses the same): the same nodes and marks,
# several times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@dataclasses.dataclass
class Document:
    """A Markdown file split into its front matter (as YAML nodes) and its body."""

    node: yaml.MappingNode | None
    body: str
    body_line: int
    problems: list[tuple[int, str]]
    unconstructable: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    """Values that compose but that YAML cannot construct: MkDocs would drop the block
    (reported where the schema has not already said what is wrong at that line)."""


def normalise(text: str) -> str:
    """The text as MkDocs reads a page: without a byte-order mark, with universal newlines."""
    text = text[1:] if text.startswith(BOM) else text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Document:
    """Separate the front matter from the body; problems are (line, message) pairs.
    `text` is normalised (see normalise())."""
    match = BLOCK.match(text)
    if not match:
        return Document(None, text, 1, _unread_block(text))
    source = match[1]
    body_line = source.count("\n") + 3
    body = text[match.end():]
    try:
        node = yaml.compose(source, Loader=LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        return Document(None, body, body_line,
                        [(line, _("the front matter is not valid YAML ({problem}); check the "
                                  "indentation and quote values that contain ': '").format(
                            problem=problem))])
    if node is None:  # only blank lines or comments: MkDocs would publish the block as text
        return Document(None, body, body_line, [(1, _(
            "the front matter is empty; remove the two '---' lines or write 'title: ...' "
            "between them"))])
    if not isinstance(node, yaml.MappingNode):
        return Document(None, body, body_line,
                        [(2, _("the front matter must be 'key: value' lines, "
                               "for example 'title: Giới thiệu'"))])
    return Document(node, body, body_line, [], _unreadable_values(node))


def with_entry(text: str, key: str, entry: list[str]) -> str:
    """The page with the front-matter entry `key` replaced by `entry` (its 'key:' line and
    the indented lines under it), or added; a page without front matter gets a block. The
    block is found as split() finds it; the body is kept as it is. `text` is normalised."""
    match = BLOCK.match(text)
    if match is None:
        return "\n".join(["---", *entry, "---", text])
    front = _without_entry(match[1].rstrip("\n").split("\n"), key) if match[1].strip() else []
    return "\n".join(["---", *front, *entry]) + "\n" + text[match.end(1):]


def with_entries(text: str, entries: dict[str, list[str]]) -> str:
    """The page with each front-matter entry of `entries` put where the page has that key
    (its 'key:' line and the indented lines under it), the others added at the end, in
    their order; a page without front matter gets a block. `text` is normalised."""
    match = BLOCK.match(text)
    lines = match[1].rstrip("\n").split("\n") if match and match[1].strip() else []
    front, placed, skipping = [], set(), False
    for line in lines:
        key = next((key for key in entries if re.match(rf"^{re.escape(key)}\s*:", line)), None)
        if key is not None:
            front += [] if key in placed else entries[key]
            placed.add(key)
            skipping = True
        elif not (skipping and (line.startswith((" ", "\t")) or not line.strip())):
            skipping = False
            front.append(line)
    front += [line for key, entry in entries.items() if key not in placed for line in entry]
    if match is None:
        return "\n".join(["---", *front, "---", text])
    return "\n".join(["---", *front]) + "\n" + text[match.end(1):]


def _without_entry(lines: list[str], key: str) -> list[str]:
    kept, skipping = [], False
    for line in lines:
        if re.match(rf"^{re.escape(key)}\s*:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    return kept


def _unread_block(text: str) -> list[tuple[int, str]]:
    """Why a file that opens with '---' has no front matter MkDocs would read."""
    lines = text.split("\n")
    if MULTIMARKDOWN_META.match(lines[0]):
        return [(1, _("MkDocs would read this first line as page metadata and not show it; "
                      "begin the page with a front matter block between two '---' lines, or "
                      "with a '# Title' heading"))]
    if lines[0].rstrip() != FENCE:
        return []
    closing = next((index for index, line in enumerate(lines[1:], 1)
                    if line.rstrip() in (FENCE, "...")), None)
    if closing is None:
        return [(1, _("the front matter opened here with '---' is never closed; add a line "
                      "'---' after it"))]
    if closing == 1:
        return [(1, _("the front matter is empty; remove the two '---' lines or write "
                      "'title: ...' between them"))]
    return [(closing + 1, _("the closing '---' of the front matter must be followed by a "
                            "line break; add an empty line after it"))]


def _unreadable_values(node: yaml.MappingNode) -> list[tuple[int, str]]:
    """Values YAML composes but cannot construct (MkDocs would then drop the whole block and
    publish it as text), such as a date that does not exist or a list used as a key."""
    try:
        LOADER("").construct_document(node)
        return []
    except Exception as error:  # noqa: BLE001 - any failure means MkDocs drops the block
        failure = error
    loader = LOADER("")
    for key, value in node.value:
        for part in (key, value):
            try:
                loader.construct_object(part, deep=True)
            except Exception as error:  # noqa: BLE001
                return [(line_of(part), _describe(part, error))]
    return [(line_of(node), _describe(node, failure))]


def _describe(node: yaml.Node, error: Exception) -> str:
    shown = node.value if isinstance(node, yaml.ScalarNode) else ""
    if node.tag == TIMESTAMP_TAG:
        return _("'{value}' is read as a date, but there is no such date; write a real date "
                 "(YYYY-MM-DD) or put the value in quotes").format(value=shown)
    problem = getattr(error, "problem", None) or str(error).split("\n")[0]
    return _("this value cannot be read ({problem}); put it in quotes").format(problem=problem)


def line_of(node: yaml.Node) -> int:
    """The file line of a node composed from front matter that starts on line 2."""
    return node.start_mark.line + 2
