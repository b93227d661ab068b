"""A Vietnamese administrative document set as such: the page of a plan, a decision or a
letter restored into Markdown keeps the usual shape of its source, and the book gives it
the layout such documents have on paper (Decree 30/2020/NĐ-CP on administrative
documents):

- the document head, written as a two-column table right after the title (issuing body
  and number on the left; the state heading, the motto and the place and date on the
  right), becomes two centred columns without rules;
- the signature block at the end (bold lines such as "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ
  TỊCH", the mark "(Đã ký)" and the signatory's name) is centred in the right half;
- the recipients ("Nơi nhận:" and the list after it) sit at the left.

Only the elements' classes and the head's markup change; every block stays where it is,
so the bilingual edition still sets each block beside its translation.
"""
from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from build_tools.content.parallel import RenderedPage

STATE_MOTTO = re.compile(r"\s+[—–]\s+")
"""Between the state heading and the motto in the head's right cell."""
RECIPIENTS = re.compile(r"^(Nơi nhận|Recipients?|To)\s*:", re.IGNORECASE)
MARK = re.compile(r"^\([^()]{1,40}\)$")
"""A mark in the signature block: "(Đã ký)", "(Signed)", "(đã ký và đóng dấu)"."""


def lay_out(page: RenderedPage) -> bool:
    """Give an administrative document its layout, in place; False (and nothing changed)
    when the page does not open with a document head."""
    found = _head(page)
    if found is None:
        return False
    block, position, table = found
    page.blocks[block][position] = _head_markup(table)
    _closing(page)
    return True


def _head(page: RenderedPage):
    """(block, position, table) of a two-by-two table before the first section heading
    whose first cell, the issuing body, is written in capitals."""
    for block, elements in enumerate(page.blocks):
        for position, element in enumerate(elements):
            if element.tag in ("h2", "h3"):
                return None
            if element.tag != "table":
                continue
            rows = [row.findall("th") + row.findall("td") for row in element.iter("tr")]
            if [len(row) for row in rows] != [2, 2]:
                return None
            issuer = _text(rows[0][0])
            if issuer and issuer == issuer.upper() and any(char.isalpha() for char in issuer):
                return block, position, element
            return None
    return None


def _head_markup(table):
    (issuer, state), (number, place_date) = [
        [_text(cell) for cell in row.findall("th") + row.findall("td")]
        for row in table.iter("tr")]
    match = STATE_MOTTO.search(state)
    state_name, motto = (state[:match.start()], state[match.end():]) if match else (state, "")
    head = lxml_html.Element("div", {"class": "document-head"})
    left = etree.SubElement(head, "div", {"class": "document-issuer"})
    right = etree.SubElement(head, "div", {"class": "document-state"})
    for parent, kind, text in ((left, "issuer-name", issuer), (left, "document-number", number),
                               (right, "state-name", state_name), (right, "motto", motto),
                               (right, "place-date", place_date)):
        if text:
            etree.SubElement(parent, "p", {"class": kind}).text = text
    return head


def _closing(page: RenderedPage) -> None:
    """Mark the signature block and the recipients at the end of the page (admonitions
    after them, such as an editor's note, are passed over)."""
    elements = [element for block in page.blocks for element in block]
    end = len(elements)
    while end and elements[end - 1].tag == "div":
        end -= 1
    start = end
    while start and _signature_line(elements[start - 1]):
        start -= 1
    if end - start >= 2:
        for element in elements[start:end]:
            _add_class(element, "signature")
            if MARK.match(_text(element)):  # where the signature goes
                _add_class(element, "signature-mark")
    for index, element in enumerate(elements[:end]):
        if element.tag == "p" and RECIPIENTS.match(_text(element)):
            _add_class(element, "recipients")
            following = elements[index + 1] if index + 1 < end else None
            if following is not None and following.tag in ("ul", "ol"):
                _add_class(following, "recipients")


def _signature_line(element) -> bool:
    """A paragraph that is all bold (a title, the signatory) or a short mark in brackets."""
    if element.tag != "p":
        return False
    text = _text(element)
    if MARK.match(text):
        return True
    bold = element.findall("strong") + element.findall("b")
    return (len(bold) == 1 and len(element) == 1 and not (element.text or "").strip()
            and not (bold[0].tail or "").strip() and _text(bold[0]) == text != "")


def _add_class(element, name: str) -> None:
    element.set("class", " ".join(filter(None, [element.get("class"), name])))


def _text(element) -> str:
    return " ".join(element.text_content().split())
