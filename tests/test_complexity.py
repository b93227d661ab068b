"""The guard against Markdown on which Python-Markdown would take super-linear time:
every pathological construct is found once per page, at its first line; ordinary Markdown
and the launch content are not."""
from pathlib import Path

import pytest

from build_tools.text.complexity import MAX_DEPTH, costly_constructs

REPO = Path(__file__).resolve().parent.parent
FIRST_LINE = 5
"""The body's first line in its file, as if a front matter of four lines came before."""
INTRO = "An ordinary paragraph with a [link](https://example.org) and *emphasis*.\n\n"
CONSTRUCT_LINE = FIRST_LINE + 2
"""Where a construct placed after INTRO starts."""


def guard(construct: str) -> list[tuple[int, str]]:
    return costly_constructs(INTRO + construct, FIRST_LINE)


def ticks_growing(count: int) -> str:
    """Runs of 1, 2, 3… backticks: none has a run of the same length after it."""
    return " ".join("`" * length + "a" for length in range(1, count + 1))


PATHOLOGICAL = {
    "start tags without '>'": ("<a " * 30000, "'<' starting an HTML tag with no '>'"),
    "start tags on lines": ("<a\n" * 30000, "'<' starting an HTML tag with no '>'"),
    "quoted attributes": ('<a b="' * 20000, "'<' starting an HTML tag with no '>'"),
    "autolink-like tags": ("<http://a" * 15000, "'<' starting an HTML tag with no '>'"),
    "end tags without '>'": ("</a " * 40000, "'<' starting an HTML tag with no '>'"),
    "processing instructions": ("<?a\n" * 40000, "'<' starting an HTML tag with no '>'"),
    "image openers": ("![" * 10000, "'[' without a closing ']' nearby"),
    "brackets": ("[" * 10000, "'[' without a closing ']' nearby"),
    "footnote openers": ("[^" * 10000, "'[' without a closing ']' nearby"),
    "nested brackets": ("[" * 5000 + "]" * 5000, "'[' without a closing ']' nearby"),
    "brackets closed in code": ("[`]`" * 5000, "'[' without a closing ']' nearby"),
    "CDATA openers": ("<![CDATA[\n" * 3000, "'[' without a closing ']' nearby"),
    "link addresses": ("[a](" * 10000, "link addresses with no closing ')'"),
    "link addresses with '<'": ("[a](<b" * 8000, "link addresses with no closing ')'"),
    "backticks": (ticks_growing(800), "runs of backticks (`)"),
    "emphasis": ("*a* " * 50000, "a paragraph of"),
    "mixed delimiters": ("*_" * 40000, "a paragraph of"),
    "escapes": ("\\* " * 40000, "a paragraph of"),
    "line breaks": ("a  \n" * 30000, "a paragraph of"),
    "nested emphasis": ("*a " * 1500 + "b*" * 1500, "emphasis (* or _) opened inside emphasis"),
    "long emphasis runs": ("*" * 3000 + "a" + "*" * 3000, "emphasis (* or _) opened inside emphasis"),
    "headings without blank lines": ("# a\n" * 5000, "blocks with many headings, rules"),
    "setext headings": ("a\n=\n" * 5000, "blocks with many headings, rules"),
    "rules": ("a\n***\n" * 5000, "blocks with many headings, rules"),
    "abbreviation lines": ("*[a]: b\n" * 5000, "blocks with many headings, rules"),
    "admonitions in one": ("!!! note\n    " * 5000, "blocks with many headings, rules"),
    "quotations": ("> " * 200 + "a", "nested more than"),
    "list markers": ("- " * 200 + "a", "nested more than"),
    "indented lists": ("\n".join(" " * (4 * depth) + "- a" for depth in range(40)),
                       "nested more than"),
    "definitions": ("term\n: definition\n" * 100, "definitions in a row"),
    "footnote references": ("[^1] " * 2000 + "\n\n[^1]: A note.", "footnote [^1] is referenced"),
    "abbreviations": ("".join(f"*[A{n}]: an abbreviation\n\n" for n in range(3000))
                      + "the text " * 30000, "abbreviations are defined"),
    "heading attributes": ("# a {" * 10000, "lines with many ' {'"),
    "table columns": ("|" + "a|" * 2000 + "\n|" + "-|" * 2000 + "\n" + "a\n" * 200,
                      "a table of 201 rows and 2000 columns"),
    "table code": ("a|b\n-|-\n" + ("`a`|" * 3000 + "\n") * 6, "table rows with many '|' and backticks"),
    "comments in open tags": ("<span>" * 3000 + "<!---->" * 3000, "HTML comments after"),
    "blocks of raw HTML": ("<div></div>\n" * 30000, "blocks of raw HTML"),
    "many blocks": ("a\n\n" * 40000, "this page is too large"),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_construct_is_found_once_at_its_first_line(name):
    construct, message = PATHOLOGICAL[name]
    findings = guard(construct)
    assert findings, f"{name}: not found"
    matching = [(line, text) for line, text in findings if message in text]
    assert len(matching) == 1, findings
    line, _text = matching[0]
    assert line == LINES.get(name, CONSTRUCT_LINE), findings


LINES = {
    "indented lists": CONSTRUCT_LINE + MAX_DEPTH,  # the first line nested too deeply
    "table code": CONSTRUCT_LINE + 2,  # the first row with code, after the header and rule
    "many blocks": FIRST_LINE,  # the page as a whole
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_one_finding_per_kind(name):
    """However often a construct occurs, each kind of problem is reported once a page."""
    findings = guard(PATHOLOGICAL[name][0] + "\n\n" + PATHOLOGICAL[name][0])
    kinds = [text.split(":")[0].split(";")[0] for _line, text in findings]
    assert len(kinds) == len(set(kinds)), findings


def test_message_says_how_many_and_how_to_fix():
    findings = guard("[" * 5000)
    assert findings == [(CONSTRUCT_LINE, "'[' without a closing ']' nearby: 5000 on this page, "
                                         "the first on this line; Markdown would take too long "
                                         "to read them: remove them, or write \\[ for a plain "
                                         "bracket")]


def test_escaped_brackets_are_no_openers():
    assert guard("\\[" * 2000) == []


def test_markdown_element_joins_blocks_into_one_paragraph():
    """md_in_html reads an element with markdown="1" as one paragraph across blank lines."""
    brackets = "[x\n\n" * 3000
    assert guard(brackets) == []
    found = guard('<p markdown="1">\n' + brackets + "</p>\n")
    assert any("'[' without a closing ']'" in text for _line, text in found)


def test_code_blocks_may_hold_many_comment_lines():
    assert guard("    # a shell comment\n" * 5000) == []


ORDINARY = """# Kế hoạch năm 2019 {#ke-hoach}

Ủy ban nhân dân tỉnh ban hành [Kế hoạch số 15/KH-UBND](../ke-hoach/index.md "Kế hoạch") ngày
22/4/2019, xem [trang chủ](https://example.org/a_(b)) và ![Ảnh bìa](bia.jpg){ .bdpub-cover }.
Chi tiết tại <https://example.org/chi-tiet> hoặc `mã 2019`[^1].

## Bảng số liệu

| Chỉ tiêu | Năm 2018 | Năm 2019 |
|----------|---------:|:--------:|
| GRDP     | 6,5%     | 7,0%     |
| Thu ngân sách | 1.234 tỷ | 1.500 tỷ |

!!! note "Ghi chú"
    Nội dung của ghi chú, với **chữ đậm** và *chữ nghiêng*.

    - mục một
    - mục hai
        - mục con

<div class="bdpub-box" markdown="1">
Một khối HTML có *Markdown* bên trong.
</div>

> Trích dẫn với [liên kết](https://example.org).

Thuật ngữ
:   Định nghĩa của thuật ngữ.

*[GRDP]: Tổng sản phẩm trên địa bàn

[^1]: Chú thích cuối trang.
"""


def test_ordinary_markdown_is_not_flagged():
    assert costly_constructs(ORDINARY, FIRST_LINE) == []


def test_long_paragraphs_with_many_proper_links_are_not_flagged():
    paragraph = " ".join(f"xem [mục {n}](muc-{n}.md) và *điểm {n}*" for n in range(1500))
    assert costly_constructs("\n\n".join([paragraph] * 3), FIRST_LINE) == []


def test_large_ordinary_page_is_not_flagged():
    page = "\n\n".join([ORDINARY.replace("# Kế hoạch", "## Kế hoạch")] * 200)
    assert len(page) > 150_000
    assert costly_constructs(page, FIRST_LINE) == []


def test_empty_and_blank_bodies():
    assert costly_constructs("", 1) == []
    assert costly_constructs("\n\n   \n\t\n", 1) == []


def _bodies():
    """Every Markdown body of the launch content and of the test fixtures."""
    paths = sorted(REPO.glob("docs/**/*.md")) + sorted(REPO.glob("tests/fixtures/*/docs/**/*.md"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        first_line = 1
        if text.startswith("---"):
            front, _rule, body = text[3:].partition("\n---")
            body = body.split("\n", 1)[1] if "\n" in body else ""
            first_line = text.count("\n", 0, len(text) - len(body)) + 1
            text = body
        yield path, text, first_line


def test_launch_content_and_fixtures_are_not_flagged():
    bodies = list(_bodies())
    assert len(bodies) > 50
    flagged = {str(path.relative_to(REPO)): found for path, body, first_line in bodies
               if (found := costly_constructs(body, first_line))}
    assert flagged == {}
