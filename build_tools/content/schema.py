"""Schema classes: declared fields that load YAML nodes and say what they expected."""
from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any, Callable

import yaml

from build_tools.base.messages import N_, _
from build_tools.text.frontmatter import line_of

REQUIRED = object()
NULL_TAG = "tag:yaml.org,2002:null"
Report = Callable[[int, str], None]


class Invalid(Exception):
    """A value that does not fit its field; the message says what was expected."""


class Field:
    """One key of a schema; `expected` is shown to the editor when a value is wrong."""

    expected = N_("a value")

    def __init__(self, default: Any = REQUIRED):
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def describe(self) -> str:
        """What the field expects, in the editor's language."""
        return _(self.expected)

    def load(self, node: yaml.Node, report: Report, prefix: str = "") -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.tag == NULL_TAG or node.value == "":
            raise Invalid(_expected(self, _shown(node)))
        return self.parse(node.value)

    def parse(self, text: str) -> Any:
        return text


class Text(Field):
    expected = N_("text")

    def parse(self, text: str) -> str:
        return text.strip()


class Integer(Field):
    expected = N_("a whole number, for example 3")

    def parse(self, text: str) -> int:
        if not re.fullmatch(r"[+-]?\d+", text.strip()):
            raise Invalid(_expected(self, f"'{text}'"))
        return int(text)


class Choice(Field):
    def __init__(self, choices: tuple[str, ...], default: Any = REQUIRED):
        super().__init__(default)
        self.choices = choices

    def describe(self) -> str:
        return _("one of {choices}").format(choices=", ".join(self.choices))

    def parse(self, text: str) -> str:
        if text not in self.choices:
            raise Invalid(_expected(self, f"'{text}'"))
        return text


class ListOf(Field):
    def __init__(self, item: Field, default: Any = REQUIRED):
        super().__init__(default)
        self.item = item

    def describe(self) -> str:
        return _("a list of {item} between [ ], separated by commas").format(
            item=self.item.describe())

    def load(self, node: yaml.Node, report: Report, prefix: str = "") -> list:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise Invalid(_expected(self, _shown(node)))
        values = [self.item.load(child, report) for child in node.value]
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise Invalid(_("lists {values} more than once").format(
                values=", ".join(map(str, repeated))))
        return values


class MappingOf(Field):
    """A block of `name: value` lines whose names are free (for example section titles)."""

    def __init__(self, value: Field, default: Any = REQUIRED):
        super().__init__(default)
        self.value = value

    def describe(self) -> str:
        return _("a block of 'name: value' lines, each value {value}").format(
            value=self.value.describe())

    def load(self, node: yaml.Node, report: Report, prefix: str = "") -> dict:
        if not isinstance(node, yaml.MappingNode):
            raise Invalid(_expected(self, _shown(node)))
        return {str(key.value): self.value.load(value, report, prefix)
                for key, value in node.value}


class Nested(Field):
    def __init__(self, schema: type[Schema], default: Any = REQUIRED):
        super().__init__(default)
        self.schema = schema

    def describe(self) -> str:
        return _("a block of {keys} (indented under the key)").format(
            keys=", ".join(self.schema.fields()))

    def load(self, node: yaml.Node, report: Report, prefix: str = "") -> Schema | None:
        if not isinstance(node, yaml.MappingNode):
            raise Invalid(_expected(self, _shown(node)))
        return self.schema.load(node, report, prefix=f"{prefix}{self.name}.")


class Schema:
    """A set of declared fields. Subclasses declare Field attributes with a docstring each;
    `misplaced` maps keys that belong elsewhere to the advice shown for them."""

    misplaced: dict[str, str] = {}

    def __init__(self, values: dict[str, Any], lines: dict[str, int]):
        self.__dict__.update(values)
        self.lines = lines

    @classmethod
    def fields(cls) -> dict[str, Field]:
        """The declared fields, base classes first; a subclass may drop one by setting it
        to None."""
        found: dict[str, Field] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Field):
                    found[name] = value
                elif value is None and name in found:
                    del found[name]
        return found

    @classmethod
    def load(cls, node: yaml.MappingNode, report: Report, prefix: str = "",
             unknown: Report | None = None, **hints: str) -> Schema | None:
        """Load a mapping node; report every problem and return None if there was one.
        `hints` fill the placeholders of the `misplaced` advice; with `unknown`, a key of
        no field is told to it and left out instead (a project of other conventions)."""
        fields, values, lines, failed = cls.fields(), {}, {}, False
        for key_node, value_node in node.value:
            key, line = str(key_node.value), line_of(key_node)
            field = fields.get(key)
            if key in lines:
                failed = _fail(report, line, f"{prefix}{key}: " + _(
                    "given twice (first on line {line}); keep one").format(line=lines[key]))
            elif field is None and unknown is not None and key not in cls.misplaced:
                unknown(line, f"{prefix}{key}: " + _("a key bdpub does not know; left out "
                                                     "(bdpub.toml: unknown_keys = \"warn\")"))
            elif field is None:
                advice = _(cls.misplaced[key]).format(**hints) if key in cls.misplaced else _(
                    "unknown key; expected one of: {keys}").format(keys=", ".join(fields))
                failed = _fail(report, line, f"{prefix}{key}: {advice}")
            else:
                lines[key] = line
                try:
                    values[key] = field.load(value_node, report, prefix)
                    failed = failed or values[key] is None and isinstance(field, Nested)
                except Invalid as error:
                    failed = _fail(report, line_of(value_node), f"{prefix}{key}: {error}")
        for name, field in fields.items():
            if name not in lines:
                if field.required:
                    failed = _fail(report, line_of(node) if node.value else 2,
                                   f"{prefix}{name}: " + _("missing; expected {expected}").format(
                                       expected=field.describe()))
                values[name] = None if field.required else field.default
        if failed:
            return None
        instance = cls(values, lines)
        for name, message in instance.validate():
            failed = _fail(report, lines.get(name, line_of(node)), f"{prefix}{name}: {message}")
        return None if failed else instance

    @classmethod
    def defaults(cls) -> Schema:
        return cls({name: field.default for name, field in cls.fields().items()}, {})

    def validate(self) -> list[tuple[str, str]]:
        """Rules across fields, as (field, message) pairs."""
        return []


def _fail(report: Report, line: int, message: str) -> bool:
    report(line, message)
    return True


def _shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return _("nothing") if node.tag == NULL_TAG or node.value == "" else f"'{node.value}'"
    return _("a list") if isinstance(node, yaml.SequenceNode) else _("a block of keys")


def _expected(field: Field, found: str) -> str:
    return _("expected {expected}, found {found}").format(expected=field.describe(), found=found)


@dataclasses.dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{part:02d}" for part in (self.month, self.day) if part]
        return "-".join(parts)


class DateField(Field):
    expected = N_("a date as YYYY-MM-DD, YYYY-MM or YYYY (for example 2019-04-22)")

    def parse(self, text: str) -> PartialDate:
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
        if not match:
            raise Invalid(_expected(self, f"'{text}'"))
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            datetime.date(year, month or 1, day or 1)
        except ValueError:
            raise Invalid(_expected(self, f"'{text}'") + " " + _("(no such month or day)")) from None
        return PartialDate(year, month, day)


@dataclasses.dataclass(frozen=True, order=True)
class IssueLabel:
    """A bulletin's issue: a year and a quarter, written 2019-Q2."""

    year: int
    quarter: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"


class IssueField(Field):
    expected = N_("a year and quarter as YYYY-QN (for example 2019-Q2)")

    def parse(self, text: str) -> IssueLabel:
        match = re.fullmatch(r"(\d{4})-Q([1-4])", text.strip())
        if not match:
            raise Invalid(_expected(self, f"'{text}'"))
        return IssueLabel(int(match[1]), int(match[2]))


@dataclasses.dataclass(frozen=True)
class TrimSize:
    """The trimmed page size of a printed publication, in millimetres."""

    name: str
    width_mm: float
    height_mm: float


class TrimSizeField(Field):
    SIZES = {"A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "B5": (176, 250)}
    expected = N_("A4, A5, A6, B5 or WIDTHxHEIGHT in millimetres (for example 210x280)")

    def parse(self, text: str) -> TrimSize:
        text = text.strip()
        if text.upper() in self.SIZES:
            return TrimSize(text.upper(), *self.SIZES[text.upper()])
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)", text)
        if not match or not all(50 <= float(side) <= 1000 for side in match.groups()):
            raise Invalid(_expected(self, f"'{text}'") + " " + _("(each side 50 to 1000 mm)"))
        return TrimSize(text, float(match[1]), float(match[2]))
