"""Findings: every problem the tools report, located as `path:line: message`."""
from __future__ import annotations

import dataclasses
from typing import Iterable

from build_tools.base.messages import _

ERROR = "error"
WARNING = "warning"
NOTE = "note"
"""What the editor should look at, though nothing is wrong (a converted paragraph)."""


@dataclasses.dataclass(frozen=True, order=True)
class Finding:
    """One problem in one place of the content, with a stable code."""

    path: str
    line: int
    code: str
    message: str
    severity: str = ERROR
    lang: str | None = None
    source_path: str | None = None
    source_line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {_(self.severity)}: {self.message} [{self.code}]"

    def as_dict(self) -> dict:
        return {field.name: value for field in FIELDS
                if (value := getattr(self, field.name)) is not None}


FIELDS = dataclasses.fields(Finding)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that stop a build."""
    return [finding for finding in findings if finding.severity == ERROR]
