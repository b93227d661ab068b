"""Property-based fuzzing (hypothesis, fixed seed, bounded budget): the front-matter reader
agrees with MkDocs' on every text, and the checks never crash, whatever a page contains."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from build_tools.build import check
from build_tools.content.project import load_project
from build_tools.text import frontmatter

SETTINGS = settings(derandomize=True, deadline=None, database=None, max_examples=200,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
MARKUP = "[]()<>!*_`#|{}&;:/\\\"'=-.~^@ \t\n"
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịAĐÊ0123456789"
VALUES = st.one_of(
    st.sampled_from(["Giới thiệu", "2019-02-30", "2019-04-22", "yes", "null", "~", "'quoted'",
                     '"a: b"', "a: b", "[1, 2", "{x", "!!python/name:os.system", "&a *a",
                     "<script>x</script>", "12:30", "0x1F", ".inf", "- item", "|", ">"]),
    st.text(alphabet=LETTERS + MARKUP, max_size=30))
LINE = st.one_of(
    st.builds(lambda key, value: f"{key}: {value}",
              st.sampled_from(["title", "description", "subtitle", "order", "hide", "x"]),
              VALUES),
    st.sampled_from(["---", "...", "", "  nested: 1", "- a", "# comment", "\t", "title:"]),
    st.text(alphabet=LETTERS + MARKUP, max_size=20))
DOCUMENT = st.builds(
    lambda bom, opening, lines, closing, end, body, newline:
        (bom + opening + "\n" + "\n".join(lines) + "\n" + closing + end + body).replace("\n", newline),
    st.sampled_from(["", "\ufeff"]), st.sampled_from(["---", "--- ", "----", "", "Note: x"]),
    st.lists(LINE, max_size=6), st.sampled_from(["---", "...", "--- ", ""]),
    st.sampled_from(["\n", "", "\n\n"]), st.text(alphabet=LETTERS + MARKUP, max_size=40),
    st.sampled_from(["\n", "\r\n"]))


@SETTINGS
@given(DOCUMENT)
def test_the_front_matter_is_read_as_mkdocs_reads_it(raw):
    text = frontmatter.normalise(raw)
    document = frontmatter.split(text)  # never raises
    mkdocs_body, mkdocs_meta = get_data(raw.removeprefix("\ufeff").replace("\r\n", "\n"))
    if document.node is not None and not document.problems:
        loader = frontmatter.LOADER("")
        assert set(mkdocs_meta) == {loader.construct_object(key) for key, _ in document.node.value}
        assert mkdocs_body == document.body.lstrip("\n")
    elif not document.problems:
        assert mkdocs_meta == {} and mkdocs_body == text.lstrip("\n")  # none, for both


BODY = st.lists(st.one_of(
    st.text(alphabet=LETTERS + MARKUP, max_size=60),
    st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "![a](b.png)",
                     "[a](javascript:x)", "!!! note", "    indented", "| a | b |", "|---|---|",
                     "- item", "1. item", "> quote", "```", "[^1]: note", "*[HTML]: text",
                     "# Tiêu đề", "## Mục { #id }", "<div markdown>", "</div>", "{ .x }",
                     "&#106;", "<!--", "-->", "Q2/2019", "1759/KH-UBND", "22/4/2019"])),
    max_size=12).map("\n".join)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


@SETTINGS
@given(source=BODY, translation=BODY, front=st.lists(LINE, max_size=3))
def test_the_checks_never_crash_whatever_a_page_holds(fuzz_project, source, translation, front):
    head = "---\n" + "\n".join(["title: Trang thử", *front]) + "\n---\n\n"
    (fuzz_project / "docs/vi/thu.md").write_text(head + source, encoding="utf-8")
    (fuzz_project / "docs/en/thu.md").write_text("---\ntitle: Test\n---\n\n" + translation,
                                                 encoding="utf-8")
    model, results = check(load_project(fuzz_project / "mkdocs.yml"))
    for finding in results.findings:
        assert finding.line >= 1 and finding.path and finding.message
