"""The front matter schemas: valid values load, every mistake is reported with its line."""
import pytest

from build_tools.content import meta
from build_tools.content.schema import IssueLabel, PartialDate
from build_tools.text.frontmatter import split


def load(text: str, schema=meta.SourcePage, **hints):
    problems = []
    document = split(text)
    instance = schema.load(document.node, lambda line, message: problems.append((line, message)),
                           **hints)
    return instance, problems


PUBLICATION = """---
title: Bản tin quý II/2019
publication:
  kind: bulletin
  issue: 2019-Q2
  editions: [vi, en]
  print:
    trim_size: 210x280
    binding: perfect
---
"""


def test_a_publication_loads_with_typed_values():
    page, problems = load(PUBLICATION)
    assert problems == []
    facts = page.publication
    assert facts.kind == "bulletin" and facts.issue == IssueLabel(2019, 2)
    assert facts.editions == ["vi", "en"] and facts.status == "draft"
    assert (facts.print.trim_size.width_mm, facts.print.trim_size.height_mm) == (210, 280)
    assert facts.print.binding == "perfect"


def test_defaults_fill_what_is_not_written():
    page, problems = load("---\ntitle: T\npublication:\n  kind: booklet\n  date: 2019\n---\n")
    assert problems == []
    assert page.publication.date == PartialDate(2019)
    assert page.publication.editions is None  # the project's own, when the model is gathered
    assert page.publication.print.trim_size.name == "A5"
    assert page.publication.print.binding == "saddle-stitch"


@pytest.mark.parametrize("text, precision", [("2019-04-22", "day"), ("2019-11", "month"),
                                             ("2019", "year")])
def test_dates_may_be_as_precise_as_is_known(text, precision):
    page, problems = load(f"---\npublication:\n  kind: plan\n  date: {text}\n---\n")
    assert problems == [] and page.publication.date.precision == precision
    assert str(page.publication.date) == text


def test_an_impossible_date_names_its_line_and_the_expected_form():
    page, problems = load("---\ntitle: T\npublication:\n  kind: plan\n  date: 2019-13-45\n---\n")
    assert page is None
    [(line, message)] = problems
    assert line == 5
    assert "publication.date" in message and "YYYY-MM-DD" in message and "'2019-13-45'" in message


def test_every_problem_is_reported_in_one_run():
    text = ("---\ntitle: T\nordr: 2\npublication:\n  kind: leaflet\n  date: 22/4/2019\n"
            "  print:\n    trim_size: A9\n---\n")
    page, problems = load(text)
    assert page is None
    assert [line for line, _ in problems] == [3, 5, 6, 8]
    assert "unknown key" in problems[0][1] and "order" in problems[0][1]
    assert "one of bulletin, booklet, special, plan" in problems[1][1]
    assert "publication.print.trim_size" in problems[3][1] and "A4" in problems[3][1]


def test_wrong_types_say_what_was_expected():
    _, problems = load("---\norder: first\nhide: navigation\n---\n")
    assert "whole number" in problems[0][1]
    assert "a list of" in problems[1][1]


@pytest.mark.parametrize("block, field, words", [
    ("  kind: bulletin\n", "kind", "needs 'issue"),
    ("  kind: plan\n", "kind", "needs 'date:'"),
    ("  kind: plan\n  date: 2019\n  issue: 2019-Q1\n", "issue", "only bulletins"),
    ("  kind: bulletin\n  issue: 2019-Q2\n  date: 2019-08\n", "date", "not in the quarter"),
])
def test_cross_field_rules(block, field, words):
    page, problems = load(f"---\npublication:\n{block}---\n")
    assert page is None
    assert any(f"publication.{field}" in message and words in message for _, message in problems)


def test_language_neutral_keys_are_refused_in_a_translation_with_the_place_to_write_them():
    text = "---\ntitle: Bulletin\norder: 2\npublication:\n  kind: bulletin\n---\n"
    page, problems = load(text, meta.TranslatedPage, source="docs/vi/ban-tin/index.md")
    assert page is None
    assert [line for line, _ in problems] == [3, 4]
    assert all("language-neutral" in message and "docs/vi/ban-tin/index.md" in message
               for _, message in problems)


def test_a_key_given_twice_is_reported():
    _, problems = load("---\ntitle: A\ntitle: B\n---\n")
    assert problems == [(3, "title: given twice (first on line 2); keep one")]
