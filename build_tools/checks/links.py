"""Links and images: the same external links and images as the source, none broken, no
unsafe HTML."""
from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath


from build_tools import blocks
from build_tools.checks.pairs import page_blocks
from build_tools.messages import N_, _

EXTERNAL = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
UNSAFE = (
    (re.compile(r"<\s*script\b", re.IGNORECASE), N_("a <script> element")),
    (re.compile(r"<\s*iframe\b", re.IGNORECASE), N_("an <iframe> element")),
    (re.compile(r"<[^>]*\son\w+\s*=", re.IGNORECASE), N_("an on…= event attribute")),
    (re.compile(r"javascript\s*:", re.IGNORECASE), N_("a javascript: URL")),
)
ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")


def check(context):
    anchors: dict[tuple[str, PurePosixPath], set[str]] = {}
    for pages in context.model.pages.values():
        for page in pages.values():
            yield from _page(context, page, anchors)
    for pair in context.pairs:
        yield from _mismatches(context, pair)


def _lines(page) -> list[tuple[int, str]]:
    """The page's lines outside code blocks, with their numbers."""
    code = {line for block in page_blocks(page)[0] if block.kind == "code"
            for line in range(block.line, block.line + block.text.count("\n") + 1)}
    return [(number, text) for number, text in enumerate(page.text.split("\n"), 1)
            if number >= page.body_line and number not in code]


def _page(context, page, anchors):
    for number, text in _lines(page):
        if "<" not in text and ":" not in text and "[" not in text:
            continue  # no tag, no link, no image, no javascript: on this line
        for pattern, what in UNSAFE:
            if pattern.search(text):
                yield context.finding("unsafe-html", page.display_path, number,
                                      _("{what} is not allowed in a page; remove it (the site "
                                        "does not run scripts from pages)").format(what=_(what)),
                                      page.lang)
        for source in blocks.images(text):
            if not SCHEME.match(source) and _file(context, page, source) is None:
                yield context.finding("missing-image", page.display_path, number,
                                      _("image {src} not found; put the file next to the page "
                                        "or correct the name").format(src=source), page.lang)
        for target in blocks.links(text):
            problem = _broken(context, page, target, anchors)
            if problem:
                yield context.finding("broken-link", page.display_path, number, problem, page.lang)


def _file(context, page, target: str):
    """The file a relative link or image points to: in the page's language, else the source's."""
    model = context.model
    path = target.split("#")[0].split("?")[0]
    rel = PurePosixPath(posixpath.normpath((page.rel.parent / path).as_posix()))
    if rel.as_posix().startswith(".."):
        return None
    for lang in dict.fromkeys((page.lang, model.source_lang)):
        candidate = model.project.lang_dir(lang) / rel
        if candidate.is_file():
            return rel, lang
    return None


def _broken(context, page, target: str, anchors) -> str | None:
    if SCHEME.match(target) or target.startswith("//"):
        return None
    path, _sep, anchor = target.partition("#")
    if not path:
        rel, lang = page.rel, page.lang
    else:
        found = _file(context, page, target)
        if found is None:
            return _("the link to {target} leads nowhere: no such page or file").format(target=target)
        rel, lang = found
    if anchor and rel.suffix == ".md" and anchor not in _anchors(context, lang, rel, anchors):
        return _("the link to {target} names a heading that does not exist on that page").format(
            target=target)
    return None


def _anchors(context, lang: str, rel: PurePosixPath, cache) -> set[str]:
    if (lang, rel) not in cache:
        page = context.model.page(lang, rel)
        ids = set()
        if page is not None:
            for block in page_blocks(page)[0]:
                if block.kind == "heading":
                    ids.add(context.slugify(block.detail, "-"))
                ids.update(ATTR_ID.findall(block.text))
        cache[lang, rel] = ids
    return cache[lang, rel]


def _mismatches(context, pair):
    for kind, extract, code in ((N_("link"), _external_links, "link-mismatch"),
                                (N_("image"), _images, "image-mismatch")):
        kind = _(kind)
        source, translated = extract(pair.source), extract(pair.translation)
        source_targets = [target for _line, target in source]
        translated_targets = [target for _line, target in translated]
        for line, target in source:
            if target not in translated_targets:
                yield context.finding(
                    code, pair.translation.display_path, pair.translation.body_line,
                    _("the source's {kind} {target} is missing or different here").format(
                        kind=kind, target=target),
                    pair.lang, pair.source.rel, pair.source.display_path, line)
        for line, target in translated:
            if target not in source_targets:
                yield context.finding(
                    code, pair.translation.display_path, line,
                    _("the {kind} {target} is not in the source").format(kind=kind, target=target),
                    pair.lang, pair.source.rel, pair.source.display_path, pair.source.body_line)


def _external_links(page) -> list[tuple[int, str]]:
    return [(number, target) for number, text in _lines(page)
            for target in blocks.links(text) if EXTERNAL.match(target)]


def _images(page) -> list[tuple[int, str]]:
    return [(number, source) for number, text in _lines(page) for source in blocks.images(text)]
