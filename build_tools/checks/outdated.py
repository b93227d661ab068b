"""Outdated translations: a finding for each source section changed since the translation
(the changes themselves are content data: content.pairs.source_changes)."""
from __future__ import annotations

import difflib

from build_tools.base.messages import _, current
from build_tools.content.localize import format_date
from build_tools.content.pairs import SourceChanges
from build_tools.text import blocks

DIFF_LINES = 6


def check(context):
    for pair in context.pairs:
        changes = context.changes.get((pair.lang, pair.source.rel))
        if changes is None:
            continue
        since = _when_changed(changes)
        for index in changes.sections:
            section = pair.source_sections[index]
            yield _finding(context, pair, index, section,
                           changes.old.get(pair.section_keys[index]), since)


def _when_changed(changes: SourceChanges) -> str:
    if changes.uncommitted:
        return _("in changes not yet committed")
    if changes.commit is None:
        return ""
    return _("on {date} (commit {sha})").format(date=format_date(changes.commit.day, current()),
                                                sha=changes.commit.sha[:7])


def _finding(context, pair, index, section, old_section, since):
    title = section.title or _("(opening)")
    if since:
        changed = _("the source section '{title}' ({path}:{line}) changed {when}, after this "
                    "translation").format(title=title, path=pair.source.display_path,
                                          line=section.line, when=since)
    else:
        changed = _("the source section '{title}' ({path}:{line}) changed after this "
                    "translation").format(title=title, path=pair.source.display_path,
                                          line=section.line)
    message = _("{changed}; bring this section up to date, then run `bdpub stamp {target}`"
                ).format(changed=changed, target=pair.translation.display_path)
    diff = _short_diff(old_section, section)
    if diff:
        message += "\n" + "\n".join(f"    {line}" for line in diff)
    return context.finding("outdated-translation", pair.translation.display_path,
                           pair.translated_line(index), message, pair.lang, pair.source.rel,
                           pair.source.display_path, section.line)


def _short_diff(old: blocks.Section | None, new: blocks.Section) -> list[str]:
    if old is None:
        return []
    lines = [line for line in difflib.unified_diff(
        old.text.splitlines(), new.text.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    shown = [line if len(line) <= 110 else line[:107] + "..." for line in lines[:DIFF_LINES]]
    if len(lines) > DIFF_LINES:
        shown.append(_("… and {count} more changed lines").format(count=len(lines) - DIFF_LINES))
    return shown
