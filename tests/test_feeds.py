"""Atom feeds: parsed back with ElementTree, as a feed reader would."""
from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from build_tools.site.feeds import Entry, atom

NS = {"a": "http://www.w3.org/2005/Atom"}
SITE = "https://thongtindoingoai.binhduong.example/"
FEED = SITE + "feed.xml"
RFC3339_MIDNIGHT = re.compile(r"^\d{4}-\d{2}-\d{2}T00:00:00Z$")

Q2 = Entry("Bản tin thông tin đối ngoại Quý II/2019", SITE + "ban-tin/2019-q2/",
           datetime.date(2019, 6, 30), "Hội nghị tập huấn & kế hoạch năm 2019 <tóm tắt>",
           "tag:thongtindoingoai.binhduong.example,2019:ban-tin/2019-q2")
Q4 = Entry("Bản tin thông tin đối ngoại Quý IV/2019", SITE + "ban-tin/2019-q4/",
           datetime.date(2019, 12, 31), "Ủy ban nhân dân tỉnh; Horasis 2019",
           SITE + "ban-tin/2019-q4/")
HORASIS = Entry("Bình Dương - Horasis 2019", SITE + "horasis-2019/?lang=vi&print=1",
                datetime.date(2019, 11, 25), "Diễn đàn Horasis châu Á 2019 tại Bình Dương",
                "tag:thongtindoingoai.binhduong.example,2019:horasis-2019")


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def make(entries=(Q2, Q4, HORASIS), **changes) -> str:
    arguments = {"feed_title": "Ấn phẩm thông tin đối ngoại tỉnh Bình Dương", "feed_url": FEED,
                 "site_url": SITE, "lang": "vi",
                 "author": "Sở Thông tin và Truyền thông tỉnh Bình Dương",
                 "entries": list(entries)} | changes
    return atom(**arguments)


def test_feed_has_the_required_atom_elements():
    feed = parse(make())
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert feed.findtext("a:id", namespaces=NS) == FEED
    assert feed.findtext("a:title", namespaces=NS) == "Ấn phẩm thông tin đối ngoại tỉnh Bình Dương"
    assert feed.findtext("a:author/a:name", namespaces=NS) == (
        "Sở Thông tin và Truyền thông tỉnh Bình Dương")
    links = {link.get("rel"): link.get("href") for link in feed.findall("a:link", NS)}
    assert links == {"self": FEED, "alternate": SITE}


def test_feed_updated_is_the_newest_entry():
    feed = parse(make())
    assert feed.findtext("a:updated", namespaces=NS) == "2019-12-31T00:00:00Z"


def test_entries_come_newest_first_with_every_element():
    entries = parse(make(entries=[Q2, HORASIS, Q4])).findall("a:entry", NS)
    assert [entry.findtext("a:updated", namespaces=NS) for entry in entries] == [
        "2019-12-31T00:00:00Z", "2019-11-25T00:00:00Z", "2019-06-30T00:00:00Z"]
    for entry, source in zip(entries, [Q4, HORASIS, Q2]):
        assert entry.findtext("a:id", namespaces=NS) == source.entry_id
        assert entry.findtext("a:title", namespaces=NS) == source.title
        assert entry.findtext("a:summary", namespaces=NS) == source.summary
        assert entry.find("a:link", NS).get("href") == source.url
        assert RFC3339_MIDNIGHT.match(entry.findtext("a:updated", namespaces=NS))


def test_vietnamese_and_markup_characters_survive_escaping():
    text = make()
    q2 = parse(text).findall("a:entry", NS)[-1]
    assert q2.findtext("a:summary", namespaces=NS) == "Hội nghị tập huấn & kế hoạch năm 2019 <tóm tắt>"
    assert "&lt;tóm tắt&gt;" in text and "Quý II/2019" in text
    horasis = parse(text).findall("a:entry", NS)[1]
    assert horasis.find("a:link", NS).get("href") == SITE + "horasis-2019/?lang=vi&print=1"


def test_decomposed_vietnamese_is_composed_and_control_characters_dropped():
    pasted = Entry(unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh"), SITE + "x/",
                   datetime.date(2019, 1, 1), "Dòng một\x0bdòng hai\x00", SITE + "x/")
    entry = parse(make(entries=[pasted])).find("a:entry", NS)
    assert entry.findtext("a:title", namespaces=NS) == unicodedata.normalize("NFC", "Ủy ban nhân dân tỉnh")
    assert entry.findtext("a:summary", namespaces=NS) == "Dòng mộtdòng hai"


def test_every_link_is_absolute():
    feed = parse(make())
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert len(hrefs) == 5
    assert all(href.startswith("https://") for href in hrefs)


@pytest.mark.parametrize("changes", [
    {"feed_url": "/feed.xml"},
    {"site_url": "thongtindoingoai.binhduong.example"},
    {"entries": [Entry("Trang", "/ban-tin/", datetime.date(2019, 1, 1), "", SITE + "a/")]},
    {"entries": [Entry("Trang", SITE + "a/", datetime.date(2019, 1, 1), "", "ban-tin/2019")]},
    {"entries": []},
])
def test_relative_addresses_and_empty_feeds_are_refused(changes):
    with pytest.raises(ValueError):
        make(**changes)


def test_output_is_deterministic_and_declares_utf8():
    text = make()
    assert text == make(entries=[HORASIS, Q4, Q2])
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n')


def test_a_datetime_counts_as_its_day_at_midnight_utc():
    late = dataclasses.replace(Q4, updated=datetime.datetime(2019, 12, 31, 23, 30))
    entry = parse(make(entries=[late, Q2])).find("a:entry", NS)
    assert entry.findtext("a:updated", namespaces=NS) == "2019-12-31T00:00:00Z"

