"""The two ways a command stops on a user's mistake."""
from __future__ import annotations

from typing import Iterable

from build_tools.base.findings import Finding, errors


class BdpubError(Exception):
    """A mistake the user can fix; the CLI prints it without a traceback."""


class ContentError(BdpubError):
    """The content has problems; all of them are carried, sorted by place."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings)
        super().__init__("\n".join(str(finding) for finding in self.findings))


def stop_on_errors(findings: Iterable[Finding]) -> None:
    """The one stop of every stage: when any finding is an error, raise with all of them."""
    findings = list(findings)
    if errors(findings):
        raise ContentError(findings)
