"""Links and images: the same external links and images as the source, no link broken.

Links are resolved by the content model's one resolver (files.FileTree.resolve), the way
the site publishes them; what a link may point at is the publishing policy's (checks.safety).
"""
from __future__ import annotations

import functools
import posixpath
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from build_tools.base.messages import N_, _
from build_tools.content.pairs import page_blocks
from build_tools.text import blocks

EXTERNAL = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
LANGUAGE_LIKE = re.compile(r"[a-z]{2}(?:[-_](?:[a-z]{2}|[a-z]{4}))?", re.IGNORECASE)
ATTR_ID = re.compile(r"\{[^{}]*#([\w-]+)[^{}]*\}")


def check_pages(context):
    """Every page's links and images lead somewhere in the project."""
    anchors: dict[tuple[str, PurePosixPath], set[str]] = {}
    for pages in context.model.pages.values():
        for page in pages.values():
            yield from _page(context, page, anchors)


def check(context):
    """Each translation's external links and images against its source's (context.pairs)."""
    read: dict = {}  # each page's links and images, read once (a source faces many languages)

    def once(extract):
        def cached(context, page):
            key = (extract, page.display_path)
            if key not in read:
                read[key] = extract(context, page)
            return read[key]
        return cached

    for pair in context.pairs:
        yield from _mismatches(context, pair, once)


def _lines(page) -> list[tuple[int, str]]:
    """The page's lines outside code blocks, with their numbers."""
    code = {line for block in page_blocks(page)[0] if block.kind == "code"
            for line in range(block.line, block.line + block.text.count("\n") + 1)}
    return [(number, text) for number, text in enumerate(page.text.split("\n"), 1)
            if number >= page.body_line and number not in code]


def _links(context, page) -> list[tuple[int, list[str], list[str]]]:
    """Each line of the page that links anywhere: its number, its Markdown links and its
    HTML links (<a href>); read once per page, for the three uses below."""
    read = context.__dict__.setdefault("_links_by_page", {})
    if page.display_path not in read:
        read[page.display_path] = [
            (number, blocks.links(text), blocks.html_links(text) if "<" in text else [])
            for number, text in _lines(page) if "[" in text or "<" in text]
    return read[page.display_path]


def _page(context, page, anchors):
    for number, targets, _html in _links(context, page):
        for target in targets:
            problem = _broken(context, page, target, anchors)
            if problem:
                code, message = problem
                yield context.finding(code, page.display_path, number, message, page.lang)


def _broken(context, page, target: str, anchors) -> tuple[str, str] | None:
    """(code, message) when a link leads nowhere, or out of the project."""
    found = context.model.files.resolve(page.lang, page.rel, target)
    if found.missing:
        return "broken-link", _("the link to {target} leads nowhere: no such page or "
                                "file").format(target=target)
    if found.problem is not None:
        return "outside-project", found.problem
    if found.scheme is not None:
        return None  # another site, or mail: what is allowed is the policy's (checks.safety)
    rel, lang = (page.rel, page.lang) if found.file is None else (found.file.rel, found.file.lang)
    if found.anchor and rel.suffix == ".md" and lang is not None and \
            found.anchor not in _anchors(context, lang, rel, anchors):
        return "broken-link", _("the link to {target} names a heading that does not exist on "
                                "that page").format(target=target)
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


def _mismatches(context, pair, once=lambda extract: extract):
    for kind, extract, code in ((N_("link"), _external_links, "link-mismatch"),
                                (N_("image"), _images, "image-mismatch")):
        kind, extract = _(kind), once(extract)
        source, translated = extract(context, pair.source), extract(context, pair.translation)
        if code == "link-mismatch":  # the site's own pages, under the language's prefix
            project = context.model.project
            translated = [(line, target, _site_page(_unprefixed(key, pair.lang, project),
                                                    project))
                          for line, target, key in translated]
            source = [(line, target, _site_page(key, project)) for line, target, key in source]
        source_keys = {key for _line, _target, key in source}
        translated_keys = {key for _line, _target, key in translated}
        if code == "link-mismatch":  # the site's own page, linked relatively on one side
            source_keys |= once(_site_addresses)(context, pair.source)
            translated_keys |= once(_site_addresses)(context, pair.translation)
        for line, target, key in source:
            if key not in translated_keys:
                yield context.finding(
                    code, pair.translation.display_path, pair.translation_line_near(line),
                    _("the source's {kind} {target} is missing or different here").format(
                        kind=kind, target=target),
                    pair.lang, pair.source.rel, pair.source.display_path, line)
        for line, target, key in translated:
            if key not in source_keys:
                yield context.finding(
                    code, pair.translation.display_path, line,
                    _("the {kind} {target} is not in the source").format(kind=kind, target=target),
                    pair.lang, pair.source.rel, pair.source.display_path,
                    pair.source_line_near(line))


def _site_addresses(context, page) -> set[str]:
    """The page's relative links to pages of the site, as the absolute addresses the other
    side may write for them (under bdpub.toml's first site prefix, the language left
    out): '../api/rendering' in docs/helpers.md is 'https://hexo.io/api/rendering'."""
    prefixes = context.model.project.check.site_prefixes
    if not prefixes:
        return set()
    found = set()
    for _number, targets, html in _links(context, page):
        for target in targets + html:
            path = target.split("#", 1)[0].split("?", 1)[0]
            if not path or ":" in path or path.startswith("/"):
                continue  # an anchor of the page, another scheme, or the site's root
            resolved = posixpath.normpath(posixpath.join(page.rel.parent.as_posix(), path))
            if resolved.startswith(".."):
                continue
            found.add(_site_page(_unlocalised(prefixes[0].rstrip("/") + "/" + resolved),
                                 context.model.project))
    return found


PAGE_SUFFIX = re.compile(r"(?:(?:^|/)index)?(?:\.md|\.html?)?/?$")


def _site_page(key: str, project) -> str:
    """A link to a page of the site itself (bdpub.toml's site_prefixes) as the page, however
    it is written: without .md, .html, index or a trailing slash, and without its anchor,
    which a translation names in its own language (tag-plugins#反引号代码块)."""
    for prefix in project.check.site_prefixes:
        prefix = _unlocalised(prefix.rstrip("/"))
        if key == prefix or key.startswith(prefix + "/"):
            path = key[len(prefix):].split("#", 1)[0].strip("/")
            return f"{prefix}/{PAGE_SUFFIX.sub('', path)}".rstrip("/")
    return key


def _unprefixed(target: str, lang: str, project) -> str:
    """A link of the translation to its own language's page of the site (bdpub.toml's
    site_prefixes): the address of the same page in the source language."""
    for prefix in project.check.site_prefixes:
        prefix = prefix.rstrip("/") + "/"
        if target.startswith(prefix + lang + "/"):
            return prefix + target[len(prefix + lang + "/"):]
        if target == prefix + lang:
            return prefix
    return target


def _external_links(context, page) -> list[tuple[int, str, str]]:
    """The page's links to other sites, in Markdown or in HTML (<a href>): (line, address,
    the address with its language left out). A translation may send readers to the same
    page in their language: en.wikipedia.org and ja.wikipedia.org, docs.github.com/en/…
    and docs.github.com/ja/…"""
    return [(number, target, _unlocalised(target))
            for number, targets, html in _links(context, page)
            for target in targets + html if EXTERNAL.match(target)]


def _unlocalised(address: str) -> str:
    """An address without the host label and path segments that name a language
    ('https://ja.wikipedia.org/wiki/X' -> 'https://wikipedia.org/wiki/X',
    'https://wordpress.com/ru/support/' -> 'https://wordpress.com/support/'), over https
    and without www. (http://momentjs.com/ and https://www.momentjs.com are one page)."""
    parts = urlsplit(address)
    # The top-level domain is no language (.io).
    *labels, top = parts.netloc.lower().removeprefix("www.").split(".")
    host = ".".join([label for label in labels if not _is_language(label)] + [top])
    path = "/".join(segment for segment in parts.path.split("/") if not _is_language(segment))
    scheme = "https" if parts.scheme.lower() == "http" else parts.scheme.lower()
    return urlunsplit((scheme, host, path.rstrip("/"), parts.query, parts.fragment))


@functools.lru_cache(maxsize=None)
def _is_language(name: str) -> bool:
    """Whether a host label or path segment names a language ('ja', 'zh-cn', 'pt_BR')."""
    if not LANGUAGE_LIKE.fullmatch(name):
        return False
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _images(context, page) -> list[tuple[int, str, str]]:
    """The page's images, in Markdown or in HTML (<img src>): (line, as written, what it
    shows). An image of the project is known by its path inside its language folder (or
    the shared folder), however the page reaches it: '../assets/a.png' from a translation
    and 'assets/a.png' from the source may be the same image, and a translation's own
    copy of an image (docs/en/a.png for docs/vi/a.png) corresponds to it."""
    images = []
    for number, text in _lines(page):
        if "![" not in text and "<" not in text:
            continue  # no image on this line
        for source in blocks.images(text) + blocks.html_images(text):
            found = context.model.files.resolve(page.lang, page.rel, source)
            images.append((number, source, found.file.rel.as_posix() if found.file else source))
    return images
