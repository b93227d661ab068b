"""Check reports: text for editors, JSON for machines, Markdown for pull requests, SARIF
for code-scanning annotations. Each format is one function in FORMATS."""
from __future__ import annotations

import json

from build_tools import __version__
from build_tools.base.findings import Finding
from build_tools.base.messages import N_, _
from build_tools.checks import CODES, completeness
from build_tools.checks.completeness import Completeness
from build_tools.content.localize import format_percent
from build_tools.text import escape

SCHEMA_VERSION = 1
# Words shown from data: severities and publication states.
N_("error"), N_("warning"), N_("note"), N_("draft"), N_("published")


def as_json(findings: list[Finding], languages: Completeness, source_lang: str) -> str:
    errors = sum(finding.severity == "error" for finding in findings)
    data = {"version": SCHEMA_VERSION, "source_language": source_lang,
            "summary": {"errors": errors, "warnings": len(findings) - errors},
            "findings": [finding.as_dict() for finding in findings],
            "completeness": completeness.as_data(languages)}
    # One finding a line, each written by json's C encoder: an indented dump is written in
    # pure Python, a second for a large project's report.
    lines = [f"  {_dump(key)}: {_dump(data[key])}," for key in ("version", "source_language",
                                                               "summary")]
    lines += ['  "findings": [', ",\n".join(f"    {_dump(item)}" for item in data["findings"]),
              "  ],"] if findings else ['  "findings": [],']
    lines.append(f'  "completeness": {_dump(data["completeness"])}')
    return "{\n" + "\n".join(lines) + "\n}"


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def as_text(findings: list[Finding], languages: Completeness, source_lang: str) -> str:
    lines = []
    for finding in findings:
        first, *rest = finding.message.split("\n")
        lines.append(f"{finding.path}:{finding.line}: {_(finding.severity)}: {first} [{finding.code}]")
        lines += rest
    lines.append("")
    lines.append(_table([_("language"), _("publication"), _("translated"), _("up to date")],
                        _completeness_rows(languages)))
    lines.append(_summary(findings))
    return "\n".join(lines)


def as_markdown(findings: list[Finding], languages: Completeness, source_lang: str) -> str:
    heading = _("Translation check")
    lines = [f"## {heading}", "", _summary(findings), ""]
    if findings:
        columns = [_("place"), _("severity"), _("code"), _("message")]
        lines += ["| " + " | ".join(columns) + " |", "|---|---|---|---|"]
        for finding in findings:
            # Editors' words reach the pull request here: escaped so that they format,
            # link, load and mention nothing.
            message = escape.review_text(finding.message.split("\n")[0])
            lines.append(f"| {escape.code_span(f'{finding.path}:{finding.line}')} | "
                         f"{_(finding.severity)} | {escape.code_span(finding.code)} | {message} |")
        lines.append("")
    header = [_("language"), _("publication"), _("translated"), _("up to date")]
    lines += ["| " + " | ".join(header) + " |", "|---|---|---:|---:|"]
    lines += ["| " + " | ".join(escape.review_text(cell) for cell in row) + " |"
              for row in _completeness_rows(languages)]
    return "\n".join(lines) + "\n"


def as_sarif(findings: list[Finding], languages: Completeness, source_lang: str) -> str:
    rules = [{"id": code, "shortDescription": {"text": entry.summary},
              "defaultConfiguration": {"level": entry.severity}} for code, entry in CODES.items()]
    results = [_sarif_result(finding) for finding in findings]
    data = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "bdpub", "version": __version__,
                                          "rules": rules}},
                      "results": results}]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def _sarif_result(finding: Finding) -> dict:
    result = {"ruleId": finding.code, "level": finding.severity,
              "message": {"text": finding.message},
              "locations": [_location(finding.path, finding.line)]}
    if finding.source_path:
        result["relatedLocations"] = [{"id": 1, **_location(finding.source_path, finding.source_line or 1),
                                       "message": {"text": _("source")}}]
    return result


def _location(path: str, line: int) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": path},
                                 "region": {"startLine": max(1, line)}}}


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown, "sarif": as_sarif}


def _completeness_rows(languages: Completeness) -> list[list[str]]:
    rows = []
    for lang, entry in languages.items():
        rows.append([lang, _("(all pages)"), format_percent(entry.share.translated),
                     format_percent(entry.share.current)])
        rows += [[lang, f"{publication.slug} ({_(publication.status)})",
                  format_percent(publication.share.translated),
                  format_percent(publication.share.current)]
                 for publication in entry.publications]
    return rows


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    render = lambda cells: "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
    return "\n".join([render(header), render(["-" * width for width in widths])] + [render(row) for row in rows])


def _summary(findings: list[Finding]) -> str:
    errors = sum(finding.severity == "error" for finding in findings)
    return _("{errors} error(s), {warnings} warning(s)").format(
        errors=errors, warnings=len(findings) - errors)
