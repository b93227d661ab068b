"""Completeness: how much of the source each translation covers, and how much is current,
per language, publication, page and section."""
from __future__ import annotations

from build_tools.checks import Context
from build_tools.checks.text import untranslated_blocks
from build_tools.content.pairs import sections_of


def figures(context: Context) -> dict:
    """The completeness figures of every translation language (see README: JSON report)."""
    model = context.model
    result = {}
    for language in model.project.translation_languages:
        pages = [_page(context, source, language.code) for source in _in_reading_order(model)]
        entry = _totals(pages)
        entry["publications"] = [
            {"slug": publication.slug, "status": publication.facts.status,
             "title": model.title(language.code, publication.index.rel),
             **_totals([page for page in pages if page["publication"] == publication.slug])}
            for publication in model.publications]
        entry["pages"] = pages
        result[language.code] = entry
    return result


def _in_reading_order(model) -> list:
    """Publications' pages in their order, then the pages outside publications."""
    ordered = [page for publication in model.publications for page in publication.source_pages]
    inside = {page.rel for page in ordered}
    return ordered + [page for page in model.source_pages() if page.rel not in inside]


def _page(context: Context, source, lang: str) -> dict:
    model = context.model
    translation = model.page(lang, source.rel)
    publication = model.publication_of(source.rel)
    sections = sections_of(source)
    source_blocks = sum(len(section.blocks) + bool(section.heading) for section in sections)
    target = model.project.relative(model.project.lang_dir(lang) / source.rel)
    if translation is None:
        translated, statuses = 0, ["missing"] * len(sections)
    else:
        pair = context.pair(lang, source.rel)
        translated = max(0, _covered(pair) - len(untranslated_blocks(context, pair)))
        changes = context.changes.get((lang, source.rel))
        outdated = set(changes.sections if changes else ())
        statuses = ["outdated" if index in outdated else "current" for index in range(len(sections))]
    current = statuses.count("current")
    return {
        "path": source.display_path, "translation_path": target, "exists": translation is not None,
        "title": model.title(lang, source.rel),
        "publication": publication.slug if publication else None,
        "blocks": {"source": source_blocks, "translated": min(translated, source_blocks)},
        "sections": {"source": len(sections), "current": current},
        "translated": _share(min(translated, source_blocks), source_blocks),
        "current": _share(current, len(sections)),
        "section_status": [{"title": section.title, "line": section.line, "status": status}
                           for section, status in zip(sections, statuses)],
    }


def _covered(pair) -> int:
    """Source blocks that have a counterpart in the translation. Within corresponding
    sections a translation may join or split paragraphs: a section with text covers its
    source; a section left empty covers nothing but its heading."""
    if not pair.sections_align:
        count = lambda sections: sum(len(s.blocks) + bool(s.heading) for s in sections)
        return min(count(pair.source_sections), count(pair.translated_sections))
    return sum((len(a.blocks) if b.blocks else 0) + bool(a.heading)
               for a, b in pair.section_pairs())


def _totals(pages: list[dict]) -> dict:
    blocks = [sum(page["blocks"][key] for page in pages) for key in ("source", "translated")]
    sections = [sum(page["sections"][key] for page in pages) for key in ("source", "current")]
    return {"translated": _share(blocks[1], blocks[0]), "current": _share(sections[1], sections[0]),
            "blocks": {"source": blocks[0], "translated": blocks[1]},
            "sections": {"source": sections[0], "current": sections[1]}}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0
