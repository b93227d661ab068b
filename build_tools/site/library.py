"""The publications library's files: cover thumbnails, link-preview cards and the feeds.

Made once per build outside MkDocs, cached in .cache/library/, and added to the site with
the PDFs; the manifest tells the pages where they are.
"""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from build_tools.base.exceptions import BdpubError
from build_tools.base.messages import _
from build_tools.base.workers import cores
from build_tools.base.workers import pool as workers_pool
from build_tools.content import outputs
from build_tools.content.localize import label, when
from build_tools.content.model import INDEX, ContentModel, Publication
from build_tools.content.outputs import PublicationImages, Thumbnail
from build_tools.site import cards, feeds, renditions
from build_tools.site import images as webimages


def prepare(model: ContentModel, results, cache: Path
            ) -> tuple[dict[str, PublicationImages], dict[str, Path]]:
    """(each publication's images by slug, files by site path). Covers come from the checks
    (resolved inside the project and read once); every file made here is cached under a
    name taken from its content, so nothing stale survives a change. What a cold cache
    lacks (thumbnails, cards, and the renditions of every image the pages show, which
    the site build then finds made) is drawn first, on every core."""
    files: dict[str, Path] = {}
    made_for: dict[str, PublicationImages] = {}
    covers = {slug: found.path for slug, found in results.covers.items()}
    digests = {cover: _digest(cover.read_bytes()) for cover in set(covers.values())}
    # A new drawing (or another Pillow) makes new cards.
    drawing = _digest(Path(cards.__file__).read_bytes() + renditions.RECIPE.encode())
    to_draw: dict[Path | None, dict[Path, tuple]] = {}  # by cover: drawn together
    card_files: dict[tuple[str, str], Path] = {}
    for publication in model.publications:
        cover = covers.get(publication.slug)
        for lang in model.project.codes:
            target, job = _card_file(model, publication, lang, cover,
                                     digests.get(cover, "") + drawing, cache / "cards")
            card_files[publication.slug, lang] = target
            if job is not None:  # one drawing per card, however many ask for it
                to_draw.setdefault(cover, {})[target] = (_titled_at(model, publication, lang),
                                                         job)
    thumbnails = cache / "thumbnails" / renditions.RECIPE
    drawings = [(_draw_cards, list(jobs.values())) for jobs in to_draw.values()]
    drawings += [(renditions.thumbnail, cover, thumbnails, digest)
                 for cover, digest in digests.items()
                 if not renditions.thumbnail_made(cover, thumbnails, digest)]
    drawings += webimages.rendition_jobs(
        [use.file.path for use in results.image_uses] + list(covers.values()),
        model.project.cache_dir / webimages.CACHE)
    problems = [problem for drawn in _in_parallel(drawings)[:len(to_draw)]
                for problem in drawn]
    if problems:
        raise BdpubError("\n".join(problems))
    for publication in model.publications:
        cover, thumbnail = covers.get(publication.slug), None
        if cover is not None:
            made = renditions.thumbnail(cover, thumbnails, digests[cover])
            webp, jpeg = outputs.cover_paths(publication.slug)
            thumbnail = Thumbnail(webp, jpeg, made["width"], made["height"])
            files[webp] = made["webp"]
            files[jpeg] = made["jpeg"]
        paths = {}
        for lang in model.project.codes:
            paths[lang] = outputs.card_path(publication.slug, lang)
            files[paths[lang]] = card_files[publication.slug, lang]
        made_for[publication.slug] = PublicationImages(paths, thumbnail)
    files.update(_feeds(model, cache / "feeds"))
    return made_for, files


def _in_parallel(calls: list[tuple]) -> list:
    """What each (function, *arguments) returns, called on every core when there are
    several (each takes a good part of a second: a first build of a large library draws
    hundreds)."""
    if len(calls) < 2:
        return [_call(call) for call in calls]
    workers = min(len(calls), cores())
    with workers_pool(workers, fresh=True) as pool:
        return list(pool.map(_call, calls, chunksize=max(1, len(calls) // (workers * 8))))


def _call(call: tuple):
    return call[0](*call[1:])


def _draw_cards(jobs: list[tuple[str, tuple]]) -> list[str]:
    """The cards of one cover (a publication's, in each language): its art is made once.
    Each job is (where its title is, what to draw); returns what stops a card being
    drawn, as `path:line: message`. Here, in the worker: the fonts' character sets are
    read by the processes that draw with them."""
    problems = []
    for where, job in jobs:
        problem = _undrawable(where, job)
        if problem:
            problems.append(problem)
        else:
            cards.social_card(*job)
    return problems


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def _card_file(model: ContentModel, publication: Publication, lang: str, cover: Path | None,
               made_from: str, folder: Path) -> tuple[Path, tuple | None]:
    """Where the card is cached, and what drawing it takes when it is not there yet;
    `made_from`: the digests of the cover and of the drawing code."""
    facts = publication.facts
    title = model.title(lang, publication.index.rel)
    page = model.shown_page(lang, publication.index.rel)
    subtitle = getattr(page.meta, "subtitle", None)
    kicker = label("kind." + facts.kind, lang).upper()
    moment = when(facts, lang)
    key = hashlib.sha256("\0".join([title, subtitle or "", kicker, moment, lang, made_from])
                         .encode()).hexdigest()[:20]
    target = folder / f"{key}.jpg"
    if target.exists():
        return target, None
    folder.mkdir(parents=True, exist_ok=True)
    return target, (title, subtitle, kicker, moment, target, cover, lang)


def _titled_at(model: ContentModel, publication: Publication, lang: str) -> str:
    """`path:line: error: ` of the line that titles a publication's card in `lang`."""
    page = model.shown_page(lang, publication.index.rel)
    lines = page.text.split("\n", page.body_line - 1)[:-1]
    line = next((number for number, text in enumerate(lines, 1)
                 if text.startswith(("title:", "subtitle:"))), 1)
    return f"{page.display_path}:{line}: {_('error')}: "


def _undrawable(where: str, job: tuple) -> str | None:
    """What stops a card being drawn, at `where` (the page that titles it): characters its
    fonts do not have, or fonts not installed."""
    lang = job[-1]
    try:
        missing = cards.missing_glyphs(" ".join(filter(None, job[:4])), lang)
    except cards.FontMissing as error:
        return where + _("the link-preview card cannot be drawn: {reason}").format(
            reason=error)
    if not missing:
        return None
    return where + _(
        "the link-preview card's fonts have no glyph for {characters}; write the "
        "title and subtitle without them (Noto Sans draws Latin and Vietnamese, Noto Sans "
        "CJK Chinese, Korean and Japanese)").format(characters=" ".join(missing))


def _feeds(model: ContentModel, folder: Path) -> dict[str, Path]:
    """An Atom feed of the bulletins per language: feed.xml, en/feed.xml, ..."""
    project = model.project
    bulletins = feeds.bulletins(model)
    files = {}
    folder.mkdir(parents=True, exist_ok=True)
    for lang in project.codes:
        entries = [feeds.Entry(model.title(lang, p.index.rel), project.url_of(lang, p.index.rel),
                               p.sort_date, _summary(model, p, lang),
                               project.url_of(lang, p.index.rel),
                               None if model.page(lang, p.index.rel) else model.source_lang)
                   for p in bulletins]
        if not entries:
            continue
        home = model.page(lang, PurePosixPath(INDEX))
        feed_path = project.url_of(lang, PurePosixPath("feed.xml"))
        text = feeds.atom(f"{home.title if home else ''} — {label('kinds.bulletin', lang)}",
                          feed_path, project.url_of(lang, PurePosixPath(INDEX)), lang,
                          label("publisher", lang), entries)
        target = folder / f"{lang}.xml"
        target.write_text(text, encoding="utf-8")
        files[feed_path.removeprefix(project.site_url)] = target
    return files


def _summary(model: ContentModel, publication: Publication, lang: str) -> str:
    page = model.shown_page(lang, publication.index.rel)
    return page.meta.description or when(publication.facts, lang)
