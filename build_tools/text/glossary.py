"""The glossary of official names: approved renderings per language, forbidden variants, names."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

GLOSSARY_FILE = Path("data") / "glossary.yml"
TERM_KEYS = ("vi", "also", "forbidden")
"""A term's keys that are not a language's rendering."""


@dataclasses.dataclass(frozen=True)
class Term:
    """A Vietnamese term and how the translation must (and must not) render it."""

    vi: tuple[str, ...]
    renderings: dict[str, str]
    """The approved rendering in each translation language the glossary gives one for
    (`en:`, `zh:`...); a language without one is not checked for this term."""
    forbidden: tuple[str, ...]
    """English renderings not to use."""

    @property
    def en(self) -> str | None:
        return self.renderings.get("en")


@dataclasses.dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def source_pattern(self) -> re.Pattern | None:
        """All Vietnamese forms in one pattern; group names index the terms. A form matches
        as written, except that its first letter may be capitalised (start of a sentence)."""
        alternatives = [f"(?P<t{index}>{'|'.join(_form(form) for form in term.vi)})"
                        for index, term in enumerate(self.terms)]
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if alternatives else None


def _form(text: str) -> str:
    head, rest = text[0], re.escape(text[1:])
    return f"[{re.escape(head.lower())}{re.escape(head.upper())}]{rest}"


def folded(text: str) -> str:
    """English text for comparison: lower case, hyphens and spacing ignored, curly quotes straight."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    return " ".join(re.sub(r"[-‐–]", " ", text).split())


def load(root: Path) -> Glossary:
    """The project's glossary, or an empty one if it has none."""
    path = root / GLOSSARY_FILE
    if not path.is_file():
        return Glossary()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = tuple(Term((entry["vi"], *entry.get("also", [])),
                       {key: str(value) for key, value in entry.items()
                        if key not in TERM_KEYS and value},
                       tuple(entry.get("forbidden", [])))
                  for entry in data.get("terms", []))
    return Glossary(terms, tuple(data.get("names", [])))
