"""Atom 1.0 feeds (RFC 4287) of the publications, one per language."""
from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot hold at all; they arrive in text pasted from Word.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def bulletins(model) -> list:
    """The publications the feeds list (the bulletins): a site without any has no feed."""
    return [publication for publication in model.publications
            if publication.facts.kind == "bulletin"]


@dataclasses.dataclass(frozen=True)
class Entry:
    """One item of a feed: a publication or an issue, as readers see it."""

    title: str
    url: str
    """Absolute address of the page."""
    updated: datetime.date
    summary: str
    entry_id: str
    """Stable for the life of the item, e.g. a tag: URI or the absolute URL."""
    lang: str | None = None
    """The entry's language where it is not the feed's (an issue not translated yet)."""


def atom(feed_title: str, feed_url: str, site_url: str, lang: str, author: str,
         entries: list[Entry]) -> str:
    """An Atom feed (RFC 4287) as UTF-8 XML text: feed id, title, updated (newest entry),
    link rel=self and rel=alternate, author, xml:lang; entries newest first with id, title,
    link, updated (RFC 3339, midnight UTC), summary. Escape correctly (use xml.etree or
    proper escaping). Deterministic."""
    _check_absolute("feed_url", feed_url)
    _check_absolute("site_url", site_url)
    if not entries:
        # `updated` would have to come from the clock, and the feed would differ every build.
        raise ValueError(f"{feed_url}: a feed needs at least one entry; found none")
    newest_first = sorted(entries, key=lambda entry: _day(entry.updated), reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    _add(feed, "id", feed_url)
    _add(feed, "title", feed_title)
    _add(feed, "updated", _rfc3339(newest_first[0].updated))
    _add_link(feed, "self", feed_url, "application/atom+xml")
    _add_link(feed, "alternate", site_url, "text/html")
    _add(ET.SubElement(feed, "author"), "name", author)
    for entry in newest_first:
        feed.append(_entry(entry))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _entry(entry: Entry) -> ET.Element:
    _check_absolute(f"entry {entry.title!r}: url", entry.url)
    if not urlsplit(entry.entry_id).scheme:
        raise ValueError(f"entry {entry.title!r}: entry_id must be a URI such as "
                         f"'tag:example.org,2019:bulletin/2019-q4'; found {entry.entry_id!r}")
    element = ET.Element("entry", {XML_LANG: entry.lang} if entry.lang else {})
    _add(element, "id", entry.entry_id)
    _add(element, "title", entry.title)
    _add_link(element, "alternate", entry.url, "text/html")
    _add(element, "updated", _rfc3339(entry.updated))
    _add(element, "summary", entry.summary)
    return element


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = NOT_XML.sub("", unicodedata.normalize("NFC", text))
    return element


def _add_link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": href})


def _day(value: datetime.date) -> datetime.date:
    """The calendar day alone: a datetime's time of day is dropped, as the field says date."""
    return datetime.date(value.year, value.month, value.day)


def _rfc3339(value: datetime.date) -> str:
    return f"{_day(value).isoformat()}T00:00:00Z"


def _check_absolute(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be an absolute http(s) address such as "
                         f"'https://example.org/en/'; found {url!r}")
