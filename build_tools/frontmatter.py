"""Front matter: the YAML block at the top of a Markdown file, kept with its line numbers."""
from __future__ import annotations

import dataclasses

import yaml
from build_tools.messages import _

FENCE = "---"
# libyaml's loader when PyYAML has it: the same nodes and marks, several times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclasses.dataclass
class Document:
    """A Markdown file split into its front matter (as YAML nodes) and its body."""

    node: yaml.MappingNode | None
    body: str
    body_line: int
    problems: list[tuple[int, str]]

    @property
    def first_line(self) -> int:
        """The file line of the first front matter line (node marks count from it)."""
        return 2


def split(text: str) -> Document:
    """Separate the front matter from the body; problems are (line, message) pairs."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return Document(None, text, 1, [])
    end = next((index for index, line in enumerate(lines[1:], 1)
                if line.rstrip() in (FENCE, "...")), None)
    if end is None:
        return Document(None, text, 1, [(1, _("the front matter opened here with '---' is "
                                              "never closed; add a line '---' after it"))])
    body = "\n".join(lines[end + 1:])
    source = "\n".join(lines[1:end])
    try:
        node = yaml.compose(source, Loader=LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        return Document(None, body, end + 2,
                        [(line, _("the front matter is not valid YAML ({problem}); check the "
                                  "indentation and quote values that contain ': '").format(
                            problem=problem))])
    if node is None:
        return Document(None, body, end + 2, [])
    if not isinstance(node, yaml.MappingNode):
        return Document(None, body, end + 2,
                        [(2, _("the front matter must be 'key: value' lines, "
                               "for example 'title: Giới thiệu'"))])
    return Document(node, body, end + 2, [])


def line_of(node: yaml.Node) -> int:
    """The file line of a node composed from front matter that starts on line 2."""
    return node.start_mark.line + 2
