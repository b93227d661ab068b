"""Text the site generates from the content model: publication lists and publication details."""
from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

from build_tools.content import ContentModel, Publication
from build_tools.localize import label, when
from build_tools.meta import KINDS

KIND_ORDER = ("bulletin", "booklet", "special", "plan")
assert set(KIND_ORDER) == set(KINDS)
H1_LINE = re.compile(r"^#\s+.+$", re.MULTILINE)


def decorate(markdown: str, model: ContentModel, lang: str, rel: PurePosixPath) -> str:
    """Add what the model knows to a page's Markdown: the publication line under the title
    of a publication's index page, and a generated listing where the page asks for one."""
    source = model.page(model.source_lang, rel)
    if source is None:
        return markdown
    publication = getattr(source.meta, "publication", None)
    if publication:
        markdown = _after_title(markdown, _publication_line(publication, lang))
    listing = getattr(source.meta, "listing", None)
    if listing:
        kinds = KIND_ORDER if listing == "publications" else ("bulletin",)
        markdown = markdown.rstrip("\n") + "\n\n" + listing_markdown(model, lang, rel, kinds)
    return markdown


def listing_markdown(model: ContentModel, lang: str, rel: PurePosixPath,
                     kinds: tuple[str, ...]) -> str:
    """Publications grouped by kind, newest first, linked relative to the page at `rel`."""
    blocks = []
    for kind in kinds:
        publications = [p for p in model.publications if p.facts.kind == kind]
        if not publications:
            continue
        if len(kinds) > 1:
            blocks.append(f"## {label('kinds.' + kind, lang)}")
        blocks.append("\n".join(_entry(model, publication, lang, rel)
                                for publication in publications))
    return "\n\n".join(blocks or [label("no-publications", lang)]) + "\n"


def _entry(model: ContentModel, publication: Publication, lang: str, rel: PurePosixPath) -> str:
    title = _escape(model.title(lang, publication.index.rel))
    link = posixpath.relpath(publication.index.rel.as_posix(), rel.parent.as_posix() or ".")
    dated = when(publication.facts, lang)
    details = [dated] if dated not in title else []
    if publication.facts.status == "draft":
        details.append(label("status.draft", lang))
    return f"- [{title}]({link})" + (f" — {', '.join(details)}" if details else "")


def _publication_line(facts, lang: str) -> str:
    parts = [label("kind." + facts.kind, lang), when(facts, lang), label("publisher", lang)]
    return " · ".join(parts) + "\n{ .bdpub-publication-line }"


def _after_title(markdown: str, text: str) -> str:
    match = H1_LINE.search(markdown)
    if not match:
        return text + "\n\n" + markdown
    return markdown[:match.end()] + "\n\n" + text + "\n" + markdown[match.end():]


def _escape(text: str) -> str:
    return re.sub(r"([\[\]|*_`\\])", r"\\\1", text)
