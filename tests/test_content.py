"""The content model: discovery, pairing by path, publications and their order."""
from pathlib import PurePosixPath as P

from build_tools.content.model import gather
from build_tools.content.project import load_project


def model_of(root):
    return gather(load_project(root / "mkdocs.yml"))


def test_languages_come_from_mkdocs_yml(fixture_project):
    project = load_project(fixture_project("minimal") / "mkdocs.yml")
    assert project.codes == ("vi", "en")
    assert project.source_language.code == "vi"
    assert project.site_url == "https://example.org/"


def test_every_page_is_found_and_paired_by_relative_path(fixture_project):
    model = model_of(fixture_project("minimal"))
    assert model.findings == []
    assert len(model.pages["vi"]) == 9 and len(model.pages["en"]) == 8
    source = model.page("vi", P("ban-tin/2019-q2/hoi-nghi.md"))
    translation = model.counterpart(source, "en")
    assert (source.title, translation.title) == ("Hội nghị tập huấn", "Training conferences")
    assert model.counterpart(model.page("vi", P("ban-tin/2019-q2/ke-hoach.md")), "en") is None


def test_publications_carry_their_facts_once_and_their_pages_in_order(fixture_project):
    model = model_of(fixture_project("minimal"))
    bulletin, booklet = model.publications  # newest first: 2019-Q2 before 2019
    assert (bulletin.slug, bulletin.facts.kind, str(bulletin.facts.issue)) == (
        "ban-tin-2019-q2", "bulletin", "2019-Q2")
    assert [page.rel.name for page in bulletin.source_pages] == [
        "index.md", "ke-hoach.md", "hoi-nghi.md"]
    assert booklet.facts.print.trim_size.name == "A4" and booklet.facts.status == "draft"
    assert model.publication_of(P("ban-tin/2019-q2/hoi-nghi.md")) is bulletin
    assert model.publication_of(P("gioi-thieu.md")) is None


def test_untranslated_titles_fall_back_to_the_source(fixture_project):
    model = model_of(fixture_project("minimal"))
    assert model.title("en", P("ban-tin/2019-q2/index.md")) == "Bulletin, Q2 2019"
    assert model.title("en", P("ban-tin/2019-q2/ke-hoach.md")) == "Kế hoạch năm 2019"


def test_a_title_may_come_from_the_first_heading(fixture_project):
    root = fixture_project("minimal")
    (root / "docs/en/gioi-thieu.md").write_text("# About us\n\nText.\n", encoding="utf-8")
    assert model_of(root).page("en", P("gioi-thieu.md")).title == "About us"


def test_a_new_language_is_configuration_not_code(fixture_project):
    root = fixture_project("minimal")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "        - {locale: en, name: English, site_name: Sample project}",
        "        - {locale: en, name: English, site_name: Sample project}\n"
        "        - {locale: zh, name: 中文}"), encoding="utf-8")
    (root / "docs/zh").mkdir()
    (root / "docs/zh/index.md").write_text("---\ntitle: 首页\n---\n# 首页\n", encoding="utf-8")
    model = model_of(root)
    assert model.project.codes == ("vi", "en", "zh")
    assert model.page("zh", P("index.md")).title == "首页"


def test_problems_in_several_files_are_all_collected(fixture_project):
    root = fixture_project("minimal")
    (root / "docs/vi/gioi-thieu.md").write_text("---\norder: one\n---\n# A\n", encoding="utf-8")
    (root / "docs/en/an-pham.md").write_text("---\nlisting: publications\n---\n# A\n",
                                             encoding="utf-8")
    (root / "docs/en/index.md").write_bytes("---\ntitle: Trang chú\n---\n".encode("latin-1"))
    model = model_of(root)
    assert sorted((f.path, f.line, f.code) for f in model.findings) == [
        ("docs/en/an-pham.md", 2, "front-matter"),
        ("docs/en/index.md", 2, "legacy-encoding"),
        ("docs/vi/gioi-thieu.md", 2, "front-matter"),
    ]
    assert ("en", P("index.md")) in model.unreadable


def test_only_an_index_page_declares_a_publication(fixture_project):
    root = fixture_project("minimal")
    (root / "docs/vi/gioi-thieu.md").write_text(
        "---\ntitle: A\npublication:\n  kind: plan\n  date: 2019\n---\n", encoding="utf-8")
    [finding] = model_of(root).findings
    assert (finding.line, "index.md" in finding.message) == (3, True)
