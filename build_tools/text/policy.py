"""The publishing policy for HTML: which elements, attributes and addresses a page may carry.

The tables below are the whole policy. `violations()` names everything an editor's HTML
would lose to it (the checks report each one at its line, so nothing is dropped silently);
`clean()` enforces it with nh3 on every page the site publishes and every chapter of a PDF,
whatever reached them. The Content-Security-Policy of the site is declared here too.
"""
from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import re
from typing import Iterator

import nh3
from lxml import html as lxml_html

# What editors write (and what Python-Markdown and its extensions make of Markdown).
EDITOR_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
TAG_ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
}
# Markdown tables align columns with exactly these style attributes, and no other style is
# allowed (the site's Content-Security-Policy allows them by hash).
ALIGNMENTS = frozenset(f"text-align: {side};" for side in ("left", "center", "right"))
STYLED_TAGS = ("th", "td")
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# What the site itself adds to pages: the publications library and its filters, responsive
# pictures, download links, notices. Never accepted from an editor.
GENERATED_TAGS = frozenset({"form", "label", "select", "option", "output", "picture",
                            "source", "nav", "section", "article", "header", "footer"})
GENERATED_ATTRIBUTES = {
    "*": {"hidden", "role", "tabindex"},
    "a": {"download"},
    "img": {"decoding"},
    "source": {"type", "srcset", "sizes"},
    "select": {"name"},
    "option": {"value"},
}
GENERATED_PREFIXES = frozenset({"data-", "aria-"})

SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop these from URLs before reading the scheme ("java\tscript:" is javascript:).
URL_NOISE = re.compile(r"[\t\n\r]")


@dataclasses.dataclass(frozen=True)
class Violation:
    """One thing the policy removes: an element, an attribute, or an address."""

    kind: str
    """"element", "attribute", "link" or "image"."""
    tag: str
    name: str = ""
    """The attribute's name."""
    value: str = ""
    """The attribute's value, or the address."""

    @property
    def needles(self) -> tuple[str, ...]:
        """Text to look for in the Markdown source to find the line it came from."""
        if self.kind == "element":
            return (f"<{self.tag}",)
        if self.kind == "attribute":
            return (f"{self.name}=", self.name)
        # The address as written, else its end (the start may be written as a character
        # reference: &#106;avascript:), else its scheme.
        return (self.value, self.value[-10:], self.value.split(":")[0] + ":", self.name)


def scheme_of(url: str) -> str | None:
    """The scheme of an address as a browser reads it, lower case; None for a relative one."""
    match = SCHEME.match(URL_NOISE.sub("", url).strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08"
                                                       "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
                                                       "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                                                       "\x1e\x1f"))
    return match[1].lower() if match else None


def is_local(url: str) -> bool:
    """A relative address of the site: no scheme, no host, no absolute path."""
    plain = URL_NOISE.sub("", url).strip()
    return scheme_of(plain) is None and not plain.startswith(("/", "\\"))


def violations(fragment: str) -> list[Violation]:
    """Everything in an editor's HTML fragment that the policy would remove."""
    if "<" not in fragment:
        return []
    return list(violations_in(lxml_html.fragment_fromstring(fragment, create_parent="div")))


def violations_in(root) -> Iterator[Violation]:
    """The violations of an HTML fragment already parsed (lxml) under `root`."""
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions are dropped without harm
        tag = element.tag.lower()
        if tag not in EDITOR_TAGS:
            yield Violation("element", tag)
            continue
        allowed = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())
        for name, value in element.attrib.items():
            name = name.lower()
            if name == "style" and tag in STYLED_TAGS and value in ALIGNMENTS:
                continue
            if name not in allowed:
                yield Violation("attribute", tag, name, value)
            elif tag == "a" and name == "href" and not _link_allowed(value):
                yield Violation("link", tag, name, value)
            elif tag == "img" and name == "src" and not is_local(value):
                yield Violation("image", tag, name, value)


def _link_allowed(url: str) -> bool:
    scheme = scheme_of(url)
    return scheme is None or scheme in LINK_SCHEMES


def clean(fragment: str, generated: bool = False) -> str:
    """The fragment with everything outside the policy removed (nh3). `generated` also
    keeps the markup the site adds to pages itself."""
    return nh3.clean(fragment, **_cleaner(generated))


@functools.cache
def _cleaner(generated: bool) -> dict:
    tags = EDITOR_TAGS | (GENERATED_TAGS if generated else frozenset())
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    if generated:
        for tag, names in GENERATED_ATTRIBUTES.items():
            attributes.setdefault(tag, set()).update(names)
    return {
        "tags": set(tags),
        "attributes": attributes,
        "tag_attribute_values": {tag: {"style": set(ALIGNMENTS)} for tag in STYLED_TAGS},
        "url_schemes": set(LINK_SCHEMES),
        "link_rel": None,
        "strip_comments": True,
        "attribute_filter": _local_images,
        "generic_attribute_prefixes": set(GENERATED_PREFIXES) if generated else None,
    }


def _local_images(tag: str, name: str, value: str) -> str | None:
    """Images (and their WebP sources) come from the site itself, never from elsewhere."""
    if (tag, name) in (("img", "src"), ("source", "srcset")) and not all(
            is_local(part.strip().split(" ")[0]) for part in value.split(",") if part.strip()):
        return None
    return value


# The Content-Security-Policy of every page: sent by nginx/bdpub.conf as a header, and
# written into every page as <meta http-equiv> for hosts that cannot set headers.
# Material's inline scripts are allowed by their hashes: its storage helpers (the same on
# every page because the plugin sets `extra: scope: /` unless mkdocs.yml chooses one), the
# tab anchor script, and the palette script of a site without a palette in mkdocs.yml.
# Markdown tables' three alignments are the only inline styles ('unsafe-hashes' with
# exactly those hashes). After upgrading Material, the site build names any inline script
# the policy does not cover.
SCRIPT_HASHES = ("sha256-exqRXrW/0laiImCrTE8a70vxyyY10FJVIppytLf/dbY=",
                 "sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8=",
                 "sha256-DrEMJJ29sL7vIloQzly+VUGMxKcBTMII+OfW7Y8AkG4=")


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script or style: 'sha256-…'."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


STYLE_HASHES = tuple(source_hash(style) for style in sorted(ALIGNMENTS))
CSP = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", *(f"'{digest}'" for digest in SCRIPT_HASHES))),
    ("style-src", ("'self'", "'unsafe-hashes'", *(f"'{digest}'" for digest in STYLE_HASHES))),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("manifest-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
    ("form-action", ("'self'",)),
)
# Browsers ignore these in a <meta> policy (and say so on the console).
HEADER_ONLY = ("frame-ancestors",)


def content_security_policy(meta: bool = False) -> str:
    """The policy as a header value, or (meta=True) for a <meta http-equiv> element."""
    return "; ".join(f"{name} {' '.join(values)}" for name, values in CSP
                     if not (meta and name in HEADER_ONLY))
