"""The glossary holds the launch content to one English term per concept: `bdpub check`
passes on the content as it is and reports a rejected variant where a translator uses one."""
import json
import shutil

import pytest
import yaml
from conftest import REPO, run_bdpub

BULLETIN = "docs/en/ban-tin"
# Each case puts one rejected variant into a copy of the launch content: the page, the text
# replaced, its replacement, and where the check must report it: at the line of the variant
# itself (a forbidden variant) or at the heading of the section that lost the approved
# rendering of a term its source uses.
CASES = {
    "press briefing for họp báo": (
        f"{BULLETIN}/2019-q3/quang-ba-qua-bao-chi.md",
        "## Press conferences and cooperation with the press\n\n"
        "Under item 6.1, the province holds press conferences",
        "## Press briefings and cooperation with the press\n\n"
        "Under item 6.1, the province holds press briefings",
        "## Press briefings and cooperation with the press", "'press conference'"),
    "press conference for giao ban báo chí": (
        f"{BULLETIN}/2019-q3/quang-ba-qua-bao-chi.md",
        "## Quarterly press briefings\n\nItem 6.7 tasks the Department of Information and "
        "Communications with holding press briefings on external information, combined with the "
        "regular quarterly press briefings.",
        "## Quarterly press conferences\n\nItem 6.7 tasks the Department of Information and "
        "Communications with holding press conferences on external information, combined with the "
        "regular quarterly press conferences.",
        "## Quarterly press conferences", "'press briefing'"),
    "press meetings": (
        f"{BULLETIN}/2019-q3/index.md",
        "and quarterly press briefings,", "and quarterly press meetings,",
        "and quarterly press meetings,", "'press meetings' is not the approved rendering"),
    "Steering Committee, rejected form": (
        f"{BULLETIN}/2019-q2/phan-cong-va-bao-cao.md",
        "the Steering Committee for External Information is made up of",
        "the External Information Steering Committee is made up of",
        "the External Information Steering Committee is made up of",
        "'External Information Steering Committee' is not the approved rendering"),
    "review pair, rejected form": (
        f"{BULLETIN}/2019-q4/tong-ket-nam-2019.md",
        "with leading the interim and year-end reviews of",
        "with leading the preliminary and final reviews of",
        "with leading the preliminary and final reviews of",
        "'preliminary and final reviews' is not the approved rendering"),
    "company name, rejected spelling": (
        f"{BULLETIN}/2019-q3/tu-lieu-quang-ba-du-lich.md",
        "the Thanh Le Import-Export Trading Corporation",
        "the Thanh Le Trading Import-Export Corporation",
        "the Thanh Le Trading Import-Export Corporation",
        "'Thanh Le Trading Import-Export Corporation' is not the approved rendering"),
}


def _line_of(text: str, fragment: str) -> int:
    assert text.count(fragment) == 1, fragment
    return text[:text.index(fragment)].count("\n") + 1


@pytest.fixture(scope="module")
def rejected(tmp_path_factory):
    """The launch content with every case's variant in its English page, checked once."""
    root = tmp_path_factory.mktemp("editorial") / "launch"
    root.mkdir()
    for name in ("mkdocs.yml", "bdpub.toml"):
        shutil.copy(REPO / name, root / name)
    for folder in ("docs", "data"):
        shutil.copytree(REPO / folder, root / folder)
    expected = {}
    for name, (page, old, new, at, message) in CASES.items():
        path = root / page
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        expected[name] = (page, at, message)
    lines = {name: (page, _line_of((root / page).read_text(encoding="utf-8"), at), message)
             for name, (page, at, message) in expected.items()}
    result = run_bdpub("check", "--format", "json", cwd=root)
    return result, json.loads(result.stdout), lines


def test_a_rejected_variant_fails_the_check(rejected):
    result, report, _lines = rejected
    assert result.returncode == 1, result.stderr
    codes = {finding["code"] for finding in report["findings"]}
    assert codes == {"glossary-term", "imprint-incomplete"}


@pytest.mark.parametrize("name", CASES)
def test_each_variant_is_reported_at_its_file_and_line(rejected, name):
    _result, report, lines = rejected
    page, line, message = lines[name]
    found = [(finding["line"], finding["message"]) for finding in report["findings"]
             if finding["code"] == "glossary-term" and finding["path"] == page]
    assert any(at == line and message in text for at, text in found), (line, found)


def test_the_launch_content_uses_only_approved_terms():
    result = run_bdpub("check", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert [f for f in report["findings"] if f["code"] == "glossary-term"] == []
    english = report["completeness"]["en"]
    assert english["translated"] == 1 and english["current"] == 1


def test_the_glossary_settles_each_concept_once():
    glossary = yaml.safe_load((REPO / "data/glossary.yml").read_text(encoding="utf-8"))
    terms = {term["vi"]: term for term in glossary["terms"]}
    settled = {"họp báo": "press conference", "giao ban báo chí": "press briefing",
               "sơ kết, tổng kết": "interim and year-end reviews",
               "Ban Chỉ đạo thông tin đối ngoại":
                   "Steering Committee for External Information",
               "Tổng Công ty Becamex IDC": "Becamex IDC",
               "Tổng Công ty Thương mại Xuất nhập khẩu Thanh Lễ":
                   "Thanh Le Import-Export Trading Corporation"}
    assert {vi: terms[vi]["en"] for vi in settled} == settled
    approved = {term["en"].lower() for term in terms.values()}
    assert not any(variant.lower() in approved
                   for term in terms.values() for variant in term.get("forbidden", []))
