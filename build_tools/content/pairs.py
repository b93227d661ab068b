"""Pairs: a source page and its translation, aligned section by section and block by block,
and which source sections changed since the translation was made.

With a stamp (`bdpub stamp`) the translation records a hash of every source section, and
works without git. Without one, the moment of translation is the last commit that touched
the translation file, and the source as it was then is read back from git.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import re

from build_tools.content.history import Commit, History
from build_tools.content.model import ContentModel, Page
from build_tools.text import blocks, frontmatter


@dataclasses.dataclass
class PagePair:
    """A source page and its translation into one language."""

    source: Page
    translation: Page
    lang: str

    @functools.cached_property
    def source_sections(self) -> list[blocks.Section]:
        return sections_of(self.source)

    @functools.cached_property
    def translated_sections(self) -> list[blocks.Section]:
        return sections_of(self.translation)

    @functools.cached_property
    def sections_align(self) -> bool:
        """Sections correspond one for one when their headings have the same levels."""
        return ([section.level for section in self.source_sections]
                == [section.level for section in self.translated_sections])

    def section_pairs(self) -> list[tuple[blocks.Section, blocks.Section]]:
        return list(zip(self.source_sections, self.translated_sections)) if self.sections_align else []

    @staticmethod
    def block_pairs(source: blocks.Section, translation: blocks.Section
                    ) -> list[tuple[blocks.Block, blocks.Block]] | None:
        """Blocks one for one, or None when their kinds and shapes differ."""
        if [block.shape for block in source.blocks] != [block.shape for block in translation.blocks]:
            return None
        return list(zip(source.blocks, translation.blocks))

    @functools.cached_property
    def section_keys(self) -> list[str]:
        """The key of each source section, as stamps record them."""
        return section_keys(self.source_sections)

    def source_line_of(self, block: blocks.Block) -> int:
        """The line of the source that a block of the translation stands for: its
        counterpart block where the section's blocks line up, else the section's heading,
        else (headings that differ) the source section at the same place."""
        for number, section in enumerate(self.translated_sections):
            if any(candidate is block for candidate in section.blocks):
                break
        else:
            return self.source.body_line
        sources = self.source_sections
        if not sources:
            return self.source.body_line
        source = sources[min(number, len(sources) - 1)]
        pairs = self.block_pairs(source, section) if self.sections_align else None
        for original, translated in pairs or ():
            if translated is block:
                return original.line
        return source.line

    def translation_line_near(self, source_line: int) -> int:
        """The translation's line for something at `source_line` of the source: the line of
        the block that stands for its block where blocks line up (the same line of it when
        both have as many lines: a table's row, a list's item), else the heading of the
        counterpart section (when headings differ, the section at the same place)."""
        return self._near(source_line, 0, self.translation.body_line)

    def source_line_near(self, line: int) -> int:
        """The source's line for something at `line` of the translation (as above)."""
        return self._near(line, 1, self.source.body_line)

    def _near(self, line: int, side: int, default: int) -> int:
        spans, sections = self._correspondence[side]
        at = bisect.bisect_right(spans, (line, float("inf"))) - 1
        if at >= 0 and spans[at][0] <= line <= spans[at][1]:
            first, last, their_first, their_last = spans[at]
            if their_last - their_first == last - first:  # row for row: a table, a list
                return their_first + line - first
            return their_first
        theirs = (self.translated_sections, self.source_sections)[side]
        index = max(bisect.bisect_right(sections, line) - 1, 0)
        return theirs[min(index, len(theirs) - 1)].line if theirs else default

    @functools.cached_property
    def _correspondence(self) -> tuple[tuple[list, list], tuple[list, list]]:
        """For each side (0 the source, 1 the translation): its blocks that have a
        counterpart, as (first line, last line, the counterpart's first and last lines) in
        order, and its sections' lines; read once, looked up by bisection."""
        spans: tuple[list, list] = ([], [])
        for sections in self.section_pairs():
            for pair in self.block_pairs(*sections) or ():
                ends = [block.line + block.text.count("\n") for block in pair]
                for side in (0, 1):
                    spans[side].append((pair[side].line, ends[side], pair[1 - side].line,
                                        ends[1 - side]))
        return ((sorted(spans[0]), [section.line for section in self.source_sections]),
                (sorted(spans[1]), [section.line for section in self.translated_sections]))

    def translated_line(self, index: int) -> int:
        """The line of the translation's section that corresponds to source section `index`."""
        sections = self.translated_sections
        if self.sections_align and index < len(sections):
            return sections[index].line
        return self.translation.body_line


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of a page's parallel text: source blocks beside translation blocks, by their
    index in each page's blocks (page_blocks)."""

    source: tuple[int, ...]
    translation: tuple[int, ...]
    aligned: bool
    """One block beside its counterpart; otherwise a section printed one after the other."""


@dataclasses.dataclass(frozen=True)
class Fallback:
    """A section whose blocks do not line up one for one (None: the whole page)."""

    source: blocks.Section | None
    translation: blocks.Section | None


def parallel_rows(pair: PagePair) -> tuple[list[Row], list[Fallback]]:
    """The one alignment of a source page and its translation, for the bilingual edition
    (and anything else that sets them side by side): sections that correspond, and within
    them blocks of the same kind and shape, one beside the other; a section whose blocks
    differ is one row, source then translation; pages whose headings differ, one row."""
    source_index, translation_index = _indexes(pair.source_sections), _indexes(pair.translated_sections)
    if not pair.sections_align:
        return ([Row(tuple(range(len(source_index))), tuple(range(len(translation_index))),
                     False)], [Fallback(None, None)])
    rows, fallbacks = [], []
    for number, (source, translation) in enumerate(pair.section_pairs()):
        mine, theirs = source_index[number], translation_index[number]
        if source.heading is not None:
            rows.append(Row((mine[0],), (theirs[0],), True))
            mine, theirs = mine[1:], theirs[1:]
        if pair.block_pairs(source, translation) is not None:
            rows.extend(Row((a,), (b,), True) for a, b in zip(mine, theirs))
        else:
            rows.append(Row(mine, theirs, False))
            fallbacks.append(Fallback(source, translation))
    return rows, fallbacks


def _indexes(sections: list[blocks.Section]) -> list[tuple[int, ...]]:
    """Each section's blocks (its heading first) as indexes into the page's blocks."""
    found, start = [], 0
    for section in sections:
        count = len(section.blocks) + (section.heading is not None)
        found.append(tuple(range(start, start + count)))
        start += count
    return found


@dataclasses.dataclass(frozen=True)
class SourceChanges:
    """The source sections changed since a translation was made."""

    sections: tuple[int, ...]
    """Indexes of the changed source sections."""
    old: dict[str, blocks.Section]
    """The source's sections as they were when translated, by key (empty when unknown)."""
    commit: Commit | None
    """The source's last commit; None when it has none."""
    uncommitted: bool
    """The source has changes not yet committed."""


def pairs_of(model: ContentModel) -> list[PagePair]:
    """Every source page with each of its translations, in the source's order."""
    found = []
    for language in model.project.translation_languages:
        for rel, source in model.pages[model.source_lang].items():
            translation = model.page(language.code, rel)
            if translation is not None and not model.project.check.excludes(rel):
                found.append(PagePair(source, translation, language.code))
    return found


def source_changes(pair: PagePair, history: History) -> SourceChanges | None:
    """What changed in the source since the translation, or None when it cannot be known
    (no stamp and no git) or the translation is newer than any change."""
    stamp = getattr(pair.translation.meta, "translation", None)
    keys, source_path = pair.section_keys, pair.source.display_path
    if stamp is not None:
        changed = [index for index, (key, section) in enumerate(zip(keys, pair.source_sections))
                   if stamp.sections.get(key) != section.digest]
        old_text = (history.text_at(stamp.source_commit, source_path)
                    if changed and history.available and stamp.source_commit else None)
        return _changes(changed, _sections_by_key(old_text), history, source_path)
    if not history.available:
        return None
    translated = translated_at(pair, history)
    source = history.last.get(source_path)
    if translated is None:
        return None  # a translation not yet committed is as new as it gets
    if source_path not in history.dirty and (source is None or source.age >= translated.age):
        return None
    old_text = history.text_at(translated.sha, source_path)
    old = _sections_by_key(old_text)
    changed = [index for index, (key, section) in enumerate(zip(keys, pair.source_sections))
               if old_text is None or key not in old
               or _readable(old[key].text) != _readable(section.text)]
    return _changes(changed, old, history, source_path)


def translated_at(pair: PagePair, history: History) -> Commit | None:
    """The last commit that updated the translation: a commit that changed the source and
    other pages with it (a renamed address, a reformatting, across the site) updated it
    only if what the translation says changed in it; a commit of the ignore-revs file
    never did (History leaves those out)."""
    path, source = pair.translation.display_path, pair.source.display_path
    for commit in history.commits.get(path, []):
        files = history.files.get(commit.sha, frozenset())
        pages = [name for name in files if name != source and name.endswith(".md")]
        if source not in files or len(pages) < 2:
            return commit  # the translator's own commit
        before = history.text_at(f"{commit.sha}^", path)
        if before is None or _readable(before) != _readable(history.text_at(commit.sha, path)
                                                             or ""):
            return commit
    return None


NOT_READ = re.compile(r"(\])\([^)\]]*\)|\{[^{}]*\}")


def _readable(text: str) -> str:
    """What a reader reads of a text: without link addresses and attribute lists, with
    spacing and line wrapping evened out."""
    return " ".join(NOT_READ.sub(lambda match: match[1] or " ", text).split())


def _changes(changed: list[int], old: dict[str, blocks.Section], history: History,
             source_path: str) -> SourceChanges:
    commit = history.last.get(source_path) if history.available else None
    return SourceChanges(tuple(changed), old, commit, source_path in history.dirty)


def _sections_by_key(text: str | None) -> dict[str, blocks.Section]:
    if text is None:
        return {}
    document = frontmatter.split(text.replace("\r\n", "\n"))
    sections = blocks.sections(blocks.parse(document.body, document.body_line))
    return dict(zip(section_keys(sections), sections))


def section_keys(sections: list[blocks.Section]) -> list[str]:
    """A name for every section: its heading, numbered when a heading repeats."""
    seen: dict[str, int] = {}
    keys = []
    for section in sections:
        seen[section.title] = seen.get(section.title, 0) + 1
        keys.append(section.title if seen[section.title] == 1
                    else f"{section.title} ({seen[section.title]})")
    return keys


def sections_of(page: Page) -> list[blocks.Section]:
    return page_blocks(page)[1]


@functools.lru_cache(maxsize=None)
def _parsed(body: str, first_line: int) -> tuple[tuple[blocks.Block, ...], tuple[blocks.Section, ...]]:
    parsed = blocks.parse(body, first_line)
    return tuple(parsed), tuple(blocks.sections(parsed))


def forget_parsed() -> None:
    """Let go of every page's blocks (megabytes at a thousand pages) once the checks,
    which read them all, are done; a later stage that asks parses its pages again."""
    _parsed.cache_clear()


def page_blocks(page: Page) -> tuple[list[blocks.Block], list[blocks.Section]]:
    """A page's blocks and sections, read once however many checks ask."""
    parsed, sections = _parsed(page.body, page.body_line)
    return list(parsed), list(sections)
