"""Pairing and normalisation findings."""
import unicodedata

from build_tools import completeness
from build_tools.content import gather
from build_tools.project import load_project


def findings_of(root):
    return completeness.check(gather(load_project(root / "mkdocs.yml")))


def test_a_missing_translation_is_a_warning_naming_the_file_to_create(fixture_project):
    [finding] = findings_of(fixture_project("minimal"))
    assert (finding.code, finding.severity, finding.lang) == ("missing-translation", "warning", "en")
    assert finding.path == "docs/vi/ban-tin/2019-q2/ke-hoach.md"
    assert "docs/en/ban-tin/2019-q2/ke-hoach.md" in finding.message


def test_an_orphan_translation_is_an_error(fixture_project):
    root = fixture_project("minimal")
    (root / "docs/en/old.md").write_text("# Old\n", encoding="utf-8")
    orphans = [f for f in findings_of(root) if f.code == "orphan-translation"]
    assert [(f.path, f.severity) for f in orphans] == [("docs/en/old.md", "error")]


def test_decomposed_vietnamese_is_reported_on_its_line_with_the_nfc_text(fixture_project):
    root = fixture_project("minimal")
    text = unicodedata.normalize("NFD", "# Giới thiệu\n\nSở Thông tin.\n")
    (root / "docs/vi/gioi-thieu.md").write_text(text, encoding="utf-8")
    found = [f for f in findings_of(root) if f.code == "unicode-normalization"]
    assert [f.line for f in found] == [1, 3]
    assert "Giới thiệu" in found[0].message
    assert unicodedata.is_normalized("NFC", found[0].message)
