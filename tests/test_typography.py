"""Print typography: curly quotes, dashes, and runs kept on one line."""
import pytest

from build_tools.text.typography import NAME, NOBR, name_words, refine, runs, unbreakable_runs


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
    # Chinese and Japanese write against the number: the run ends with its Latin letters.
    ("第1759/KH-UBND号计划提出了平阳省2019年对外信息工作的各项目的", ["1759/KH-UBND"]),
    ("計画第72/2015/NĐ-CP号に基づき", ["72/2015/NĐ-CP"]),
])
def test_runs_that_must_stay_on_one_line(text, runs):
    assert [text[start:end] for start, end in unbreakable_runs(text)] == runs


def test_proper_names_are_exceptions_to_hyphenation_as_written_and_without_diacritics():
    names = name_words(("Bình Dương", "Becamex IDC", "Horasis", "VSIP", "Frank-Jürgen Richter"))
    text = "Binh Duong and Becamex hosted Horasis; Bình Dương, VSIP, Frank-Jürgen Richter."
    found = [(text[start:end], kind) for start, end, kind in runs(text, names)]
    assert found == [("Duong", NAME), ("Becamex", NAME), ("Horasis", NAME),
                     ("Dương", NAME), ("Frank-Jürgen", NAME), ("Richter", NAME)]
    # Words under five letters are left alone (too short to hyphenate) and a name never
    # splits a run.
    assert runs("Bình Dương ngày 22/4/2019", names) == [(5, 10, NAME), (11, 25, NOBR)]
    assert name_words(()) is None


def test_a_name_in_an_english_book_is_not_hyphenated(tmp_path):
    """The same column, narrow enough that WeasyPrint must hyphenate: "Horasis" and
    "Eindhoven" break when they are plain words and stay whole as names."""
    import pdfplumber
    import weasyprint

    from build_tools.pdf.book import _typeset
    from lxml import html as lxml_html

    sentence = "The Horasis meeting and the Eindhoven office " * 6
    def laid_out(names):
        element = lxml_html.fragment_fromstring(f"<p>{sentence}</p>")
        _typeset(element, names)
        css = ("p { width: 19mm; hyphens: auto; text-align: justify; font-size: 10pt }"
               ".name { hyphens: manual }")
        body = lxml_html.tostring(element, encoding="unicode")
        target = tmp_path / f"{names is not None}.pdf"
        weasyprint.HTML(string=f'<html lang="en"><style>{css}</style>{body}</html>').write_pdf(target)
        with pdfplumber.open(target) as pdf:
            return [line["text"] for page in pdf.pages for line in page.extract_text_lines()]
    plain = laid_out(None)
    assert any(line.endswith("\u2010") for line in plain)
    kept = laid_out(name_words(("Horasis", "Eindhoven")))
    assert not any(line.endswith(("Hora\u2010", "Ho\u2010", "Eind\u2010", "Eindho\u2010"))
                   for line in kept)
    assert sum(line.count("Horasis") for line in kept) == 6
