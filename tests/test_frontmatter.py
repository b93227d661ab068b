"""Splitting front matter from the body, with the lines editors see."""
from build_tools.text.frontmatter import line_of, split, with_entries


def test_front_matter_and_body_are_separated_with_file_lines():
    document = split("---\ntitle: Giới thiệu\norder: 1\n---\n\n# Giới thiệu\n")
    assert document.problems == []
    keys = [(key.value, line_of(key)) for key, _ in document.node.value]
    assert keys == [("title", 2), ("order", 3)]
    assert document.body == "\n# Giới thiệu\n"
    assert document.body_line == 5


def test_a_file_without_front_matter_is_all_body():
    document = split("# Tiêu đề\n\nĐoạn văn.\n")
    assert document.node is None and document.problems == []
    assert document.body.startswith("# Tiêu đề") and document.body_line == 1


def test_an_unclosed_front_matter_is_reported_on_line_1():
    document = split("---\ntitle: Giới thiệu\n\n# Giới thiệu\n")
    assert [line for line, _ in document.problems] == [1]
    assert "never closed" in document.problems[0][1]


def test_invalid_yaml_is_reported_at_its_file_line():
    document = split("---\ntitle: Giới thiệu\ndescription: a: b\n---\nText\n")
    [(line, message)] = document.problems
    assert line == 3
    assert "not valid YAML" in message and "quote" in message


def test_front_matter_that_is_not_key_value_lines_is_reported():
    document = split("---\n- a\n- b\n---\nText\n")
    assert document.node is None
    assert "key: value" in document.problems[0][1]


def test_entries_are_replaced_where_they_stand_and_new_ones_added_at_the_end():
    page = ("---\ntitle: Old\nhide:\n  - toc\ntranslation:\n  sections:\n    \"A\": 1\n"
            "order: 2\n---\n\n# Body\n")
    entries = {"title": ["title: New"], "translation": ["translation:", "  sections:"],
               "description": ["description: One sentence."]}
    assert with_entries(page, entries) == (
        "---\ntitle: New\nhide:\n  - toc\ntranslation:\n  sections:\norder: 2\n"
        "description: One sentence.\n---\n\n# Body\n")
    assert with_entries("\n# Body\n", {"title": ["title: T"]}) == "---\ntitle: T\n---\n\n# Body\n"
