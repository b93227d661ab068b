"""Print typography: curly quotes, dashes, and runs kept on one line."""
import pytest

from build_tools.text.typography import refine, unbreakable_runs


@pytest.mark.parametrize("text, expected", [
    ('the "Smart City" project', "the \u201cSmart City\u201d project"),
    ("the Committee's plan", "the Committee\u2019s plan"),
    ("(\"a\")", "(\u201ca\u201d)"),
    ('" after an element', "\u201d after an element"),
    ("Việt - Anh", "Việt \u2013 Anh"),
    ("pages 5-7, 24-26/11/2019", "pages 5\u20137, 24\u201326/11/2019"),
    ("1759/KH-UBND", "1759/KH-UBND"),        # a document number keeps its hyphen
    ("Becamex-IDC, well-known", "Becamex-IDC, well-known"),
])
def test_quotes_and_dashes(text, expected):
    assert refine(text) == expected


@pytest.mark.parametrize("text, runs", [
    ("Kế hoạch số 1759/KH-UBND ngày 22/4/2019", ["1759/KH-UBND", "ngày 22/4/2019"]),
    ("Nghị định 72/2015/NĐ-CP", ["72/2015/NĐ-CP"]),
    ("Bản tin quý II/2019 (Q2 2019)", ["quý II/2019", "Q2 2019"]),
    ("on 22 April 2019 and 25–27 November 2018", ["22 April 2019", "25–27 November 2018"]),
    ("phát hành tháng 11 năm 2019", ["tháng 11 năm 2019"]),
    ("no numbers here", []),
])
def test_runs_that_must_stay_on_one_line(text, runs):
    assert [text[start:end] for start, end in unbreakable_runs(text)] == runs
