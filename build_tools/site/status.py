"""Translation status on the site: the status page, and notices on pages shown untranslated
or translated from an older source."""
from __future__ import annotations

import datetime
import html
import posixpath
from pathlib import PurePosixPath

from build_tools.checks.completeness import Completeness, PageCompleteness
from build_tools.content import outputs
from build_tools.site import markup
from build_tools.content.localize import format_date, format_percent, label
from build_tools.text import escape


def status_markdown(languages: Completeness, language_names: dict[str, str], lang: str,
                    rel: PurePosixPath, title_of=None, warnings: int = 0,
                    page_url: str = "") -> str:
    """Per translation language: the totals, then a table per publication of its pages;
    last, the build's warnings and where its whole report is (report.json, from the checks)."""
    blocks = []
    for code, entry in languages.items():
        blocks.append(f"## {label('status.language', lang, language=language_names[code])}")
        blocks.append(label("status.summary", lang, translated=format_percent(entry.share.translated),
                            current=format_percent(entry.share.current)))
        for publication in entry.publications:
            pages = entry.pages_of(publication.slug)
            title = title_of(pages[0].rel) if title_of and pages else publication.title
            blocks.append(f"### {escape.markdown_text(title)} — " + label(
                "status.headline", lang, translated=format_percent(publication.share.translated),
                current=format_percent(publication.share.current)))
            blocks.append(_table(pages, lang, rel, title_of))
        others = entry.pages_of(None)
        if others:
            blocks.append(f"### {label('status.other', lang)}")
            blocks.append(_table(others, lang, rel, title_of))
    # Raw HTML: report.json is added to the site after MkDocs, which would not find it.
    href = posixpath.relpath(outputs.REPORT, page_url.rstrip("/") or ".")
    blocks.append(label("status.report", lang, count=warnings,
                        report=f'<a href="{html.escape(href)}">{outputs.REPORT}</a>'))
    return "\n\n".join(blocks) + "\n"


def _table(pages: list[PageCompleteness], lang: str, rel: PurePosixPath, title_of=None) -> str:
    header = [label(key, lang) for key in ("status.page", "status.translated", "status.current",
                                            "status.sections")]
    rows = ["| " + " | ".join(header) + " |", "|---|---:|---:|---|"]
    for page in pages:
        link = posixpath.relpath(page.rel.as_posix(), rel.parent.as_posix() or ".")
        title = title_of(page.rel) if title_of else page.title
        rows.append(f"| [{escape.markdown_text(title)}]({link}) | "
                    f"{format_percent(page.share.translated)} | "
                    f"{format_percent(page.share.current)} | {_todo(page, lang)} |")
    return "\n".join(rows)


def _todo(page: PageCompleteness, lang: str) -> str:
    if not page.exists:
        return label("status.missing", lang)
    todo = [f"{escape.markdown_text(section.title or label('status.opening', lang))} "
            f"({label('status.' + section.status, lang)})"
            for section in page.sections if section.status != "current"]
    return "; ".join(todo) or label("status.none", lang)


def _notice(kind: str, lang: str, text: str) -> str:
    return markup.render("notice.html", kind=kind, lang=lang, title=label(kind + ".title", lang), text=text)


def fallback_html(content: str, lang: str, shown_lang: str) -> str:
    """A page shown in the source language: say so in the reader's language, and mark the
    text with its real language (mkdocs-static-i18n marks it as the reader's)."""
    return (_notice("fallback", lang, label("fallback.text", lang))
            + f'<div lang="{shown_lang}">{content}</div>')


def outdated_html(content: str, lang: str, changed: datetime.date) -> str:
    """A translation whose source changed since: say when."""
    when = label("outdated.when", lang, date=format_date(changed, lang))
    return _notice("outdated", lang, label("outdated.text", lang, when=when)) + content
