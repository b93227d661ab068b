"""Splitting front matter from the body, with the lines editors see."""
from build_tools.text.frontmatter import line_of, split


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
