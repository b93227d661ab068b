"""Completeness figures from the checks' context."""
from build_tools import checks
from build_tools.content.model import gather
from build_tools.content.project import load_project


def figures_of(root):
    return checks.run(gather(load_project(root / "mkdocs.yml"))).completeness["en"].as_data()


def test_a_complete_project_is_at_100_percent(fixture_project):
    english = figures_of(fixture_project("print"))
    assert (english["translated"], english["current"]) == (1.0, 1.0)
    [handbook] = english["publications"]
    assert handbook["slug"] == "so-tay" and handbook["blocks"]["source"] == handbook["blocks"]["translated"]


def test_a_missing_page_counts_as_untranslated_in_its_publication(fixture_project):
    english = figures_of(fixture_project("minimal"))
    bulletin = next(p for p in english["publications"] if p["slug"] == "ban-tin-2019-q2")
    assert 0 < bulletin["translated"] < 1
    pages = {page["path"]: page for page in english["pages"]}
    missing = pages["docs/vi/ban-tin/2019-q2/ke-hoach.md"]
    assert (missing["exists"], missing["translated"], missing["current"]) == (False, 0.0, 0.0)
    assert [section["status"] for section in missing["section_status"]] == ["missing"]
    assert missing["translation_path"] == "docs/en/ban-tin/2019-q2/ke-hoach.md"


def test_an_untranslated_paragraph_lowers_the_share(fixture_project):
    root = fixture_project("print")
    page = root / "docs/en/so-tay/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "The Provincial People's Committee adopted the strategy in December 2016.",
        "Ủy ban nhân dân tỉnh thông qua chiến lược vào tháng 12 năm 2016."), encoding="utf-8")
    english = figures_of(root)
    assert english["translated"] < 1 and english["current"] == 1
