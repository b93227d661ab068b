"""The imprint: a published publication names every imprint fact the rules ask for."""
from __future__ import annotations

from build_tools.base.messages import _
from build_tools.content.meta import IMPRINT_FACTS


def check(context):
    for publication in context.model.publications:
        facts = publication.facts
        if facts.status != "published":
            continue
        missing = [key for key in IMPRINT_FACTS if getattr(facts.imprint, key) is None]
        if missing:
            index = publication.index
            line = facts.lines.get("imprint", index.meta.lines.get("publication", 1))
            yield context.finding("imprint-incomplete", index.display_path, line, _(
                "the imprint lacks {keys}; add them under 'imprint:' in the publication's "
                "front matter as the province gives them (never guess them)").format(
                    keys=", ".join(missing)), index.lang)
