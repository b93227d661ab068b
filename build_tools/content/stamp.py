"""Stamps: record in a translation which source sections it is up to date with."""
from __future__ import annotations

import json
from pathlib import Path

from build_tools.base.exceptions import BdpubError
from build_tools.base.messages import _
from build_tools.content.history import History
from build_tools.content.model import ContentModel, Page
from build_tools.content.pairs import section_keys, sections_of
from build_tools.text import frontmatter

KEY = "translation"


def targets(model: ContentModel, paths: list[Path]) -> list[Page]:
    """The translation pages meant by paths: a translation, a source page (all its
    translations) or a folder of either."""
    project = model.project
    chosen = []
    for path in paths:
        absolute = path.resolve()
        found = [page for lang in project.codes[1:] for page in model.pages[lang].values()
                 if _meant(page, absolute, model)]
        if not found:
            raise BdpubError(_("{path}: no translation page there to stamp").format(path=path))
        chosen += [page for page in found if page not in chosen]
    return chosen


def _meant(page: Page, absolute: Path, model: ContentModel) -> bool:
    source = model.project.lang_dir(model.source_lang) / page.rel
    return any(candidate == absolute or absolute in candidate.parents
               for candidate in (page.path.resolve(), source.resolve()))


def stamp(model: ContentModel, history: History, page: Page) -> None:
    """Write the stamp into the translation's front matter; the rest of the file is kept."""
    source = model.page(model.source_lang, page.rel)
    if source is None:
        raise BdpubError(_("{path}: there is no source page to stamp from").format(path=page.display_path))
    sections = sections_of(source)
    commit = history.last.get(source.display_path) if history.available else None
    keys = section_keys(sections)
    block = entry([(key, section.digest) for key, section in zip(keys, sections)],
                  commit.sha[:12] if commit else None)
    page.path.write_text(frontmatter.with_entry(page.text, KEY, block), encoding="utf-8")


def entry(sections: list[tuple[str, str]], commit: str | None) -> list[str]:
    """The stamp's front-matter lines: the source's commit, and each source section's key
    with the digest the translation is up to date with."""
    block = [f"{KEY}:"]
    if commit:
        block.append(f"  source_commit: {commit}")
    block.append("  sections:")
    block += [f"    {json.dumps(key, ensure_ascii=False)}: {digest}" for key, digest in sections]
    return block
