"""The translator's sheet: a page as a Word table, a row per segment, the source rendered as
the site renders it beside its present translation, and the rows read back from pandoc.

The words addressed to the translator (instructions, what each row is) are data here, in
the languages a sheet may be written for; a sheet shows those of its two languages."""
from __future__ import annotations

import dataclasses
from html import escape

from lxml import etree
from lxml import html as lxml_html

from build_tools.content import render
from build_tools.content.history import History
from build_tools.content.model import ContentModel, Page
from build_tools.content.pairs import PagePair, page_blocks, parallel_rows, source_changes
from build_tools.text import policy
from build_tools.word import inlines, segments

ID_STYLE, ROW_STYLE, NOTE_STYLE = "Bdpub Id", "Bdpub Row", "Bdpub Note"
ZERO_WIDTH = "&#8203;"
"""Put before a segment rendered alone, so that '1. …' or '# …' stays a sentence."""

INSTRUCTIONS = {
    "en": ("How to translate: write the translation in the right-hand column ({target}), one "
           "row per block of the page: a heading, a paragraph, a list item, a table cell, an "
           "image's text. Change nothing in the left-hand column, and do not add, remove, "
           "split or merge rows: the page is put back together from them. Keep bold and "
           "italics where they help, and keep every link: select the translated words and "
           "insert the link again (Ctrl+K); where it leads is taken from the source. Copy "
           "footnote markers such as [^1] as they are. Code and the other fixed parts of the "
           "page are not in the table; they stay as they are. When you are done, save the "
           "file as a Word document (.docx) and send it back."),
    "vi": ("Cách dịch: viết bản dịch vào cột bên phải ({target}), mỗi hàng là một khối của "
           "trang: một đề mục, một đoạn văn, một mục danh sách, một ô bảng, phần chữ thay "
           "cho một ảnh. Không sửa gì ở cột bên trái, không thêm, xóa, tách hay gộp hàng: "
           "trang sẽ được ghép lại từ chính các hàng này. Giữ chữ đậm, chữ nghiêng khi cần và "
           "giữ đủ mọi liên kết: bôi đen phần chữ đã dịch rồi chèn lại liên kết (Ctrl+K); "
           "địa chỉ của liên kết được lấy theo bản gốc. Chép nguyên các dấu chú thích như "
           "[^1]. Mã lệnh và các phần cố định khác của trang không có trong bảng và được giữ "
           "nguyên. Dịch xong, lưu tệp ở định dạng Word (.docx) rồi gửi lại."),
}
NOTES = {
    "en": {"title": "Page title", "subtitle": "Subtitle",
           "description": "Description, for search engines and link previews",
           "heading": "Heading, level {level}", "paragraph": "Paragraph",
           "image": "Text in place of the image {detail}", "item": "List item",
           "cell": "Table, row {row}, column {column}",
           "header": "Table, heading row, column {column}", "admonition": "Title of a box",
           "footnote": "in a footnote", "quote": "in a quotation", "in-box": "in a box",
           "changed": "the source changed after the present translation"},
    "vi": {"title": "Tiêu đề trang", "subtitle": "Tiêu đề phụ",
           "description": "Mô tả, cho công cụ tìm kiếm và bản xem trước của liên kết",
           "heading": "Đề mục cấp {level}", "paragraph": "Đoạn văn",
           "image": "Chữ thay cho ảnh {detail}", "item": "Mục trong danh sách",
           "cell": "Bảng, hàng {row}, cột {column}",
           "header": "Bảng, hàng tiêu đề, cột {column}", "admonition": "Tiêu đề khung ghi chú",
           "footnote": "trong chú thích", "quote": "trong trích dẫn",
           "in-box": "trong khung ghi chú",
           "changed": "bản gốc đã thay đổi sau bản dịch hiện có"},
}
WITHIN = {"footnote": "footnote", "quote": "quote", "admonition": "in-box"}


@dataclasses.dataclass(frozen=True)
class Row:
    """A segment as the sheet shows it, with the digests that mark its source."""

    segment: segments.Segment
    digest: str
    """Its source words' digest."""
    section: str
    """Its source section's digest ('-' for the front matter)."""
    section_index: int = -1


@dataclasses.dataclass(frozen=True)
class TableRow:
    """A row as read back: its number as shown, its hidden marks, its right-hand cell."""

    number: int
    id: str
    digest: str
    section: str
    cell: list
    """Pandoc's blocks (JSON) of the translation."""

    def inlines(self) -> list[dict]:
        """The cell's words as one run of inlines (paragraphs joined by a space)."""
        joined: list[dict] = []
        for paragraph in _paragraphs(self.cell):
            joined += ([{"t": "Space"}] if joined else []) + paragraph
        return joined


def html(model: ContentModel, history: History, source: Page, language, rows: list[Row]) -> str:
    """The sheet as HTML for pandoc: where the page goes, the instructions, the table (the
    page's title is the document's own, pandoc's Title)."""
    project = model.project
    ours = project.source_language
    body = lxml_html.Element("body")
    target = project.relative(project.lang_dir(language.code) / source.rel)
    _note(etree.SubElement(body, "p"), f"{source.display_path} → {target}")
    for code in dict.fromkeys((ours.code, language.code)):
        if code in INSTRUCTIONS:
            etree.SubElement(body, "p").text = INSTRUCTIONS[code].format(
                target=language.name or language.code)
    body.append(_table(model, history, source, language, rows))
    return (f'<!DOCTYPE html><html lang="{escape(ours.code)}"><head><meta charset="utf-8">'
            f"<title>{escape(source.title)}</title></head>"
            + lxml_html.tostring(body, encoding="unicode") + "</html>")


def _table(model: ContentModel, history: History, source: Page, language, rows: list[Row]):
    """Two columns of the same width under the languages' names, a row per segment."""
    project = model.project
    current, changed = _present(model, history, source, language.code)
    notes = NOTES.get(project.source_language.code, NOTES["en"])
    table = lxml_html.Element("table")
    columns = etree.SubElement(table, "colgroup")
    head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
    for side in (project.source_language, language):
        etree.SubElement(columns, "col", style="width: 50%")
        etree.SubElement(etree.SubElement(head, "th"), "strong").text = side.name or side.code
    lines = etree.SubElement(table, "tbody")
    mine = _Renderer(project, source)
    theirs = _Renderer(project, model.page(language.code, source.rel) or source)
    for number, row in enumerate(rows, 1):
        line = etree.SubElement(lines, "tr")
        left, right = etree.SubElement(line, "td"), etree.SubElement(line, "td")
        left.append(_mark(row, number, notes, row.segment.block in changed))
        left.extend(mine(row.segment.text, row.segment.plain))
        if row.segment.id in current:
            right.extend(theirs(current[row.segment.id], row.segment.plain))
    return table


def _mark(row: Row, number: int, notes: dict[str, str], changed: bool):
    """The first line of a row's source cell: its hidden identity, its number, what it is."""
    line = lxml_html.Element("p")
    hidden = etree.SubElement(line, "span", {"data-custom-style": ID_STYLE})
    hidden.text = f"{row.segment.id} {row.digest} {row.section}"
    etree.SubElement(line, "span", {"data-custom-style": ROW_STYLE}).text = str(number)
    _note(line, " · " + describe(row.segment, notes) + (f" · {notes['changed']}" if changed
                                                         else ""))
    return line


def describe(segment: segments.Segment, notes: dict[str, str]) -> str:
    """What a segment is, in the translator's words."""
    kind = segment.kind
    row, _comma, column = segment.detail.partition(",")
    if kind == "cell" and row == "0":
        kind = "header"
    said = notes[kind].format(level=segment.level, detail=segment.detail, row=row,
                              column=column)
    within = WITHIN.get(segment.within)
    return f"{said}, {notes[within]}" if within else said


def _note(parent, text: str) -> None:
    etree.SubElement(parent, "span", {"data-custom-style": NOTE_STYLE}).text = text


class _Renderer:
    """A page's segments as the site renders them, one at a time, for a cell."""

    def __init__(self, project, page: Page):
        self.converter = render.converter(project)
        # Reference links are defined once per page: each segment rendered alone needs them.
        self.definitions = "\n".join(line for line in page.body.split("\n")
                                     if segments.REFERENCE_DEFINITION.match(line))

    def __call__(self, text: str, plain: bool) -> list:
        if plain:
            paragraph = lxml_html.Element("p")
            paragraph.text = text
            return [paragraph]
        self.converter.reset()
        rendered = policy.clean(self.converter.convert(
            f"{ZERO_WIDTH}{text}\n\n{self.definitions}"))
        tree = lxml_html.fragment_fromstring(rendered, create_parent="div")
        _drop_first_zero_width(tree)
        for image in list(tree.iter("img")):
            shown = lxml_html.Element("span", {"data-custom-style": inlines.IMAGE_STYLE})
            shown.text, shown.tail = image.get("alt") or image.get("src", ""), image.tail
            image.getparent().replace(image, shown)
        return list(tree)


def _drop_first_zero_width(tree) -> None:
    for element in tree.iter():
        if element.text and "\u200b" in element.text:
            element.text = element.text.replace("\u200b", "", 1)
            return


def _present(model: ContentModel, history: History, source: Page,
             lang: str) -> tuple[dict[str, str], set[int]]:
    """The present translation of each segment, where the translation lines up with the
    source block for block (content.pairs' alignment), and the source blocks changed since
    it was made."""
    translation = model.page(lang, source.rel)
    if translation is None:
        return {}, set()
    texts = {segment.id: segment.text for segment in segments.front(translation)}
    pair = PagePair(source, translation, lang)
    mine, theirs = _by_block(source), _by_block(translation)
    rows, _fallbacks = parallel_rows(pair)
    for row in rows:
        if not row.aligned:
            continue
        ours, their = mine.get(row.source[0], []), theirs.get(row.translation[0], [])
        if [(s.kind, s.level) for s in ours] == [(t.kind, t.level) for t in their]:
            texts.update((a.id, b.text) for a, b in zip(ours, their))
    changes = source_changes(pair, history)
    return texts, _blocks_of(source, changes.sections if changes else ())


def _by_block(page: Page) -> dict[int, list[segments.Segment]]:
    found: dict[int, list[segments.Segment]] = {}
    for segment in segments.cut(page).segments:
        found.setdefault(segment.block, []).append(segment)
    return found


def _blocks_of(page: Page, sections: tuple[int, ...]) -> set[int]:
    """The top-level blocks of some sections of a page."""
    chosen, index = set(), 0
    for number, section in enumerate(page_blocks(page)[1]):
        count = len(section.blocks) + (section.heading is not None)
        if number in sections:
            chosen.update(range(index, index + count))
        index += count
    return chosen


def table_rows(read: dict) -> list[TableRow]:
    """The rows of the sheet's table in pandoc's reading (JSON) of the document."""
    found = []
    for table in _tables(read["blocks"]):
        for body in table["c"][4]:
            for row in body[3]:
                cells = row[1]
                identity = _styled(cells[0][4], ID_STYLE).split() if cells else []
                if len(identity) != 3:
                    continue  # not a row of ours (a heading row, a table of the translator's)
                number = _styled(cells[0][4], ROW_STYLE).strip()
                found.append(TableRow(int(number) if number.isdigit() else len(found) + 1,
                                      *identity, cells[1][4] if len(cells) > 1 else []))
    return found


def _tables(blocks: list[dict]):
    for block in blocks:
        if block["t"] == "Table":
            yield block
        elif block["t"] == "Div":
            yield from _tables(block["c"][1])


def _styled(node, style: str) -> str:
    """The words of the runs in a character style, anywhere under a node."""
    if isinstance(node, list):
        return "".join(_styled(item, style) for item in node)
    if not isinstance(node, dict):
        return ""
    if node.get("t") == "Span" and dict(node["c"][0][2]).get("custom-style") == style:
        return inlines.plain_text(node["c"][1]) + " "
    return _styled(node.get("c"), style)


def _paragraphs(blocks: list[dict]):
    """Every paragraph under some blocks, whatever holds it (a list, a quote, a table)."""
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            yield content
        elif kind == "Header":
            yield content[2]
        elif kind == "LineBlock":
            yield [item for line in content for item in [{"t": "Space"}, *line]][1:]
        elif kind == "CodeBlock":
            yield [{"t": "Code", "c": content}]
        elif kind == "DefinitionList":
            for term, definitions in content:
                yield term
                yield from _paragraphs([block for blocks in definitions for block in blocks])
        elif kind in NESTING:
            yield from _paragraphs(NESTING[kind](content))


def _cells(table: list) -> list[dict]:
    """The blocks of every cell of a table (its head, bodies and foot)."""
    rows = table[3][1] + [row for body in table[4] for row in body[2] + body[3]] + table[5][1]
    return [block for row in rows for cell in row[1] for block in cell[4]]


NESTING = {
    # Where each kind of block keeps its blocks in pandoc's JSON.
    "Div": lambda content: content[1],
    "BlockQuote": lambda content: content,
    "BulletList": lambda content: [block for item in content for block in item],
    "OrderedList": lambda content: [block for item in content[1] for block in item],
    "Figure": lambda content: content[2],
    "Table": _cells,
}
