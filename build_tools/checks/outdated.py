"""Outdated translations: source sections that changed after the translation was made.

With a stamp (`bdpub stamp`) the translation records a hash of every source section, and
works without git. Without one, the moment of translation is the last commit that touched
the translation file, and the source as it was then is read back from git.
"""
from __future__ import annotations

import datetime
import difflib

from build_tools.base.messages import _, current
from build_tools.content.localize import format_date
from build_tools.text import blocks, frontmatter

DIFF_LINES = 6


def check(context):
    for pair in context.pairs:
        found = changed_sections(context, pair)
        if found is None:
            continue
        changed, old_sections, since = found
        if changed:
            context.outdated[pair.lang, pair.source.rel] = [index for index, section in changed]
        for index, section in changed:
            yield _finding(context, pair, index, section, old_sections.get(_key_of(pair, index)), since)


def section_keys(sections: list[blocks.Section]) -> list[str]:
    """A name for every section: its heading, numbered when a heading repeats."""
    seen: dict[str, int] = {}
    keys = []
    for section in sections:
        seen[section.title] = seen.get(section.title, 0) + 1
        keys.append(section.title if seen[section.title] == 1 else f"{section.title} ({seen[section.title]})")
    return keys


def _key_of(pair, index: int) -> str:
    return section_keys(pair.source_sections)[index]


def changed_sections(context, pair):
    """(changed [(index, section)], old sections by key, when the source changed) or None."""
    stamp = getattr(pair.translation.meta, "translation", None)
    keys = section_keys(pair.source_sections)
    history = context.history
    source_path = pair.source.display_path
    if stamp is not None:
        recorded = stamp.sections
        old_text = (history.text_at(stamp.source_commit, source_path)
                    if history.available and stamp.source_commit else None)
        changed = [(index, section) for index, (key, section) in
                   enumerate(zip(keys, pair.source_sections)) if recorded.get(key) != section.digest]
        return changed, _sections_by_key(old_text), _when_changed(history, source_path)
    if not history.available:
        return None
    translated = history.last.get(pair.translation.display_path)
    source = history.last.get(source_path)
    if translated is None:
        return None  # a translation not yet committed is as new as it gets
    if source_path not in history.dirty and (source is None or source.age >= translated.age):
        return None
    old_text = history.text_at(translated.sha, source_path)
    old = _sections_by_key(old_text)
    changed = [(index, section) for index, (key, section) in
               enumerate(zip(keys, pair.source_sections))
               if old_text is None or key not in old or old[key].digest != section.digest]
    return changed, old, _when_changed(history, source_path)


def _sections_by_key(text: str | None) -> dict[str, blocks.Section]:
    if text is None:
        return {}
    document = frontmatter.split(text.replace("\r\n", "\n"))
    sections = blocks.sections(blocks.parse(document.body, document.body_line))
    return dict(zip(section_keys(sections), sections))


def _when_changed(history, source_path: str) -> str:
    if source_path in history.dirty:
        return _("in changes not yet committed")
    commit = history.last.get(source_path)
    if commit is None:
        return ""
    day = datetime.datetime.fromtimestamp(commit.time, datetime.timezone.utc).date()
    return _("on {date} (commit {sha})").format(date=format_date(day, current()), sha=commit.sha[:7])


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
