"""Safety: nothing unsafe, from elsewhere or unreadable reaches a page, a PDF or the site.

Each page is rendered with the site's Markdown (what it publishes is what is checked) and
its HTML held against the publishing policy; every image it shows, every cover and every
file under docs/ is resolved inside the repository and read as untrusted data.
"""
from __future__ import annotations

import dataclasses
import re

from lxml import html as lxml_html

from build_tools.base.messages import _
from build_tools.content import render
from build_tools.content.files import ACTIVE_TYPES, SourceFile
from build_tools.text import complexity, policy

TAG = re.compile(r"<[A-Za-z!/?]")
FRONT_MATTER_TEXT = ("title", "subtitle", "description")
# Elements that act rather than show: named with what they would do.
ACTIVE_ELEMENTS = frozenset({"script", "style", "iframe", "frame", "frameset", "object",
                             "embed", "applet", "form", "input", "button", "textarea", "select",
                             "meta", "link", "base", "svg", "math", "template", "portal"})


@dataclasses.dataclass(frozen=True)
class ImageUse:
    """An image a page shows: where the page names it, and the file it is."""

    page_path: str
    line: int
    site_path: str
    """Where the page's language build publishes it (relative to the site's root)."""
    file: SourceFile


def check(context):
    """Every page's front matter and HTML, its images, the covers, and every file's type."""
    yield from _files(context)
    for pages in context.model.pages.values():
        for page in pages.values():
            yield from _front_matter(context, page)
            yield from _body(context, page)
    yield from _covers(context)


def _files(context):
    """Types the site does not publish, pages outside a language folder, unreadable images."""
    context.read_images([file for file in context.model.files.files.values()
                         if file.kind == "image" and file.docs_path.suffix.lower()
                         not in ACTIVE_TYPES])
    for file in context.model.files.files.values():
        suffix = file.docs_path.suffix.lower()
        if suffix in ACTIVE_TYPES:
            yield context.finding("file-type", file.display_path, 1, _(
                "{suffix} files are not published: a browser would run what they contain; "
                "remove it (for a picture, export PNG or JPEG)").format(suffix=suffix), file.lang)
        elif file.kind is None:
            yield context.finding("file-type", file.display_path, 1, _(
                "files of this type are not published (pages, images in JPEG, PNG, WebP, GIF "
                "or TIFF, and documents in PDF, Office, OpenDocument, CSV, text or ZIP are); "
                "remove it or convert it"), file.lang)
        elif file.is_page and file.lang is None:
            yield context.finding("file-type", file.display_path, 1, _(
                "pages belong in a language folder (docs/{lang}/...); move it there").format(
                    lang=context.model.source_lang), None)
        elif file.kind == "image":
            yield from _probe(context, file)


def _probe(context, file: SourceFile):
    facts = context.image_facts(file)
    if isinstance(facts, str):
        yield context.finding("bad-image", file.display_path, 1, facts, file.lang)


def _front_matter(context, page):
    """Front-matter values are plain text, shown as written: markup in them is a mistake."""
    for key in FRONT_MATTER_TEXT:
        value = getattr(page.meta, key, None)
        if value and TAG.search(value):
            yield context.finding("unsafe-html", page.display_path,
                                  page.meta.lines.get(key, 1), _(
                                      "{key}: front-matter values are plain text, and '{value}' "
                                      "would be shown with its HTML as typed; remove the "
                                      "markup").format(key=key, value=_shorten(value)), page.lang)


def _body(context, page):
    scan = context.memo.get(context.memo.key("page", page.text, str(page.body_line)),
                             lambda: _scan(context, page))
    for line, message in scan["costly"]:
        yield context.finding("markup-too-complex", page.display_path, line, message, page.lang)
    for kind, tag, name, value, line in scan["violations"]:
        yield _violation(context, page, policy.Violation(kind, tag, name, value), line)
    for src, line in scan["images"]:
        yield from _image(context, page, src, line)


def _scan(context, page) -> dict:
    """What the policy finds in a page's HTML, by line: a function of the page's text and
    the site's Markdown alone, remembered by content (Context.memo)."""
    scan = {"costly": complexity.costly_constructs(page.body, page.body_line),
            "violations": [], "images": []}
    if scan["costly"]:
        return scan  # Markdown would take minutes over this page: nothing more is read of it
    html = render.page_html(context.model.project, page.body, highlight=False)
    if "<" not in html:
        return scan
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    lines = _Lines(page)
    for violation in policy.violations_in(root):
        scan["violations"].append((violation.kind, violation.tag, violation.name,
                                   violation.value, lines.find(violation.needles)))
    for image in root.iter("img"):
        src = image.get("src")
        if src and policy.is_local(src):
            scan["images"].append((src, lines.find((src,))))
    return scan


def _violation(context, page, violation: policy.Violation, line: int):
    if violation.kind == "image":
        scheme = policy.scheme_of(violation.value)
        if violation.value.strip().startswith("//"):
            scheme = "https"  # a protocol-relative address: another host
        if scheme == "file" or scheme is None:
            code, message = "outside-project", _(
                "the image {src} is outside the project; put the file next to the page and "
                "name it there (for example anh.jpg)")
        elif scheme in ("http", "https"):
            code, message = "external-image", _(
                "the image {src} is on another site; pages show only files of the project: "
                "save it next to the page and name it there (for example anh.jpg)")
        else:
            code, message = "unsafe-html", _(
                "the image {src} is not a file; save the picture next to the page and name it "
                "there (for example anh.jpg)")
        return context.finding(code, page.display_path, line,
                               message.format(src=_shorten(violation.value)), page.lang)
    return context.finding("unsafe-html", page.display_path, line, _describe(violation),
                           page.lang)


def _describe(violation: policy.Violation) -> str:
    if violation.kind == "element" and violation.tag in ACTIVE_ELEMENTS:
        return _("<{tag}> is not allowed in a page: it would run code, load another site or "
                 "change how the page works; remove it").format(tag=violation.tag)
    if violation.kind == "element":
        return _("<{tag}> is not among the elements a page may use; remove it, or write the "
                 "text in Markdown").format(tag=violation.tag)
    if violation.kind == "attribute" and violation.name.startswith("on"):
        return _("the {name}= attribute on <{tag}> runs a script; remove it").format(
            name=violation.name, tag=violation.tag)
    if violation.kind == "attribute":
        return _("the {name}= attribute is not allowed on <{tag}>; remove it (the site's "
                 "styles set the look of pages)").format(name=violation.name, tag=violation.tag)
    return _("the link {url} is not allowed: links lead to http(s), mailto: or tel: "
             "addresses, or to pages and files of the site").format(url=_shorten(violation.value))


def _image(context, page, src: str, line: int):
    found = context.model.files.resolve(page.lang, page.rel, src)
    if found.missing:
        yield context.finding("missing-image", page.display_path, line, _(
            "image {problem}; put the file next to the page or correct the name").format(
                problem=found.problem), page.lang)
        return
    if found.problem is not None:
        yield context.finding("outside-project", page.display_path, line, found.problem,
                              page.lang)
        return
    file = found.file
    if file.kind != "image":
        yield context.finding("bad-image", page.display_path, line, _(
            "{src} is not an image the site publishes (JPEG, PNG, WebP, GIF or TIFF)").format(
                src=src), page.lang)
        return
    facts = context.image_facts(file)
    if isinstance(facts, str):
        yield context.finding("bad-image", page.display_path, line, _(
            "the image {src} cannot be published: {problem}").format(src=src, problem=facts),
            page.lang)
        return
    site_path = context.model.project.site_path(page.lang, file.rel) if file.lang else \
        file.rel.as_posix()
    context.image_uses.append(ImageUse(page.display_path, line, site_path, file))


def _covers(context):
    model = context.model
    for publication in model.publications:
        found = model.cover_of(publication)
        if found is None:
            continue
        cover, index = publication.facts.cover, publication.index
        line = publication.facts.lines.get("cover", index.meta.lines.get("publication", 1))
        if found.missing or found.scheme is not None or found.problem is not None:
            code = "bad-image" if found.missing else "outside-project"
            problem = found.problem or _("{target} is not a file of the project").format(
                target=cover)
            yield context.finding(code, index.display_path, line, _(
                "cover: {problem}; put the cover image in the publication's folder and name it "
                "there (for example cover.jpg)").format(problem=problem), index.lang)
            continue
        facts = context.image_facts(found.file) if found.file.kind == "image" else _(
            "not an image the site publishes (JPEG, PNG, WebP, GIF or TIFF)")
        if isinstance(facts, str):
            yield context.finding("bad-image", index.display_path, line, _(
                "cover: {file} cannot be used: {problem}").format(
                    file=found.file.display_path, problem=facts), index.lang)
        else:
            context.covers[publication.slug] = found.file


class _Lines:
    """Finds the line a piece of rendered HTML came from, in order of appearance."""

    def __init__(self, page):
        self.text = page.text
        self.start = sum(len(line) + 1 for line in page.text.split("\n")[:page.body_line - 1])
        self.body_line = page.body_line
        self.after: dict[str, int] = {}

    def find(self, needles: tuple[str, ...]) -> int:
        for needle in filter(None, needles):
            match = re.compile(re.escape(needle), re.IGNORECASE).search(
                self.text, self.after.get(needle, self.start))
            if match:
                self.after[needle] = match.end()
                return self.text.count("\n", 0, match.start()) + 1
        return self.body_line


def _shorten(text: str, most: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1] + "…"

