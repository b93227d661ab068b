"""Text escaped for the context it lands in: HTML, Markdown, a code span, a review comment.

Editors' words (titles, descriptions, file names, link targets quoted in messages) are
text everywhere; each context has one function here, and nothing else escapes by hand.
"""
from __future__ import annotations

import html
import re

# Python-Markdown's escapable characters (with `|` from the tables extension).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
# GitHub Markdown escapes any ASCII punctuation with a backslash.
GFM_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:=\"'$%^,;?/])")
MENTION = "@\u2060"  # a word joiner after @ stops GitHub's mentions (@everyone, @team)


def html_text(value: str) -> str:
    """Text in HTML: element content and quoted attribute values alike."""
    return html.escape(str(value), quote=True)


def markdown_text(value: str) -> str:
    """Text that Python-Markdown shows exactly as written: no emphasis, no link, no HTML."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def code_span(value: str) -> str:
    """A Markdown code span holding any text, backticks included."""
    value = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{padding}{value}{padding}{fence}"


def review_text(value: str) -> str:
    """Text in a comment on a pull request (GitHub Markdown) that formats nothing, links
    nothing, loads nothing and mentions nobody: one line, punctuation escaped."""
    value = " ".join(str(value).split())
    value = GFM_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))
    return value.replace("@", MENTION)
