"""Outdated translations from git history, stamps, and their notices."""
import json
import shutil
import subprocess

import pytest
from conftest import FIXTURES, run_bdpub

SOURCE = "docs/vi/so-tay/chien-luoc.md"
TRANSLATION = "docs/en/so-tay/chien-luoc.md"


def git(root, *args, when="2019-11-25T08:00:00Z"):
    env = {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.org",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.org",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "print"
    shutil.copytree(FIXTURES / "print", root, ignore=shutil.ignore_patterns("site", ".cache"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Ấn phẩm đầu tiên")
    return root


def outdated(root, *extra):
    result = run_bdpub("check", "--format", "json", *extra, cwd=root)
    return [f for f in json.loads(result.stdout)["findings"] if f["code"] == "outdated-translation"]


def edit_source(root):
    page = root / SOURCE
    page.write_text(page.read_text(encoding="utf-8").replace(
        "Con người, công nghệ, doanh nghiệp và các điều kiện nền tảng.",
        "Con người, công nghệ, doanh nghiệp, và hạ tầng, môi trường, chất lượng sống."),
        encoding="utf-8")


def test_a_committed_source_edit_names_the_section_and_shows_the_diff(project):
    assert outdated(project) == []
    edit_source(project)
    git(project, "commit", "-qam", "Sửa bản gốc", when="2019-12-02T08:00:00Z")
    [finding] = outdated(project)
    assert finding["path"] == TRANSLATION and finding["severity"] == "error"  # published
    assert finding["line"] == 9  # "## Four areas" in the translation
    assert (finding["source_path"], finding["source_line"]) == (SOURCE, 10)
    assert "'Bốn lĩnh vực'" in finding["message"] and "2 December 2019" in finding["message"]
    assert "-Con người, công nghệ, doanh nghiệp và các điều kiện nền tảng." in finding["message"]
    assert "+Con người, công nghệ, doanh nghiệp, và hạ tầng" in finding["message"]


def test_an_edit_not_yet_committed_counts_too(project):
    edit_source(project)
    [finding] = outdated(project)
    assert "not yet committed" in finding["message"]


def test_stamping_makes_it_current_and_keeps_the_rest_of_the_file(project):
    edit_source(project)
    git(project, "commit", "-qam", "Sửa bản gốc", when="2019-12-02T08:00:00Z")
    before = (project / TRANSLATION).read_text(encoding="utf-8")
    result = run_bdpub("stamp", TRANSLATION, cwd=project)
    assert result.returncode == 0 and f"stamped {TRANSLATION}" in result.stdout
    after = (project / TRANSLATION).read_text(encoding="utf-8")
    assert after.startswith("---\ntitle: The Navigator 2021 strategy\ntranslation:\n")
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]
    assert outdated(project) == []
    assert run_bdpub("stamp", TRANSLATION, cwd=project).returncode == 0  # stamping again replaces
    assert (project / TRANSLATION).read_text(encoding="utf-8").count("translation:") == 1


def test_stamps_work_without_git_history(project):
    assert run_bdpub("stamp", "docs/vi/so-tay", cwd=project).returncode == 0
    shutil.rmtree(project / ".git")  # as in a tarball
    assert outdated(project) == []
    edit_source(project)
    [finding] = outdated(project)
    assert "'Bốn lĩnh vực'" in finding["message"] and finding["line"] == 15


def test_changed_since_reports_only_what_a_pull_request_touches(project):
    git(project, "checkout", "-qb", "feature")
    numbers = project / "docs/en/so-tay/mo-hinh.md"
    numbers.write_text(numbers.read_text(encoding="utf-8").replace("Business", "Business 2020"),
                       encoding="utf-8")
    other = project / "docs/en/index.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nIn 2030.\n", encoding="utf-8")
    git(project, "commit", "-qam", "Dịch")
    everything = json.loads(run_bdpub("check", "--format", "json", cwd=project).stdout)
    assert {f["path"] for f in everything["findings"]} >= {"docs/en/so-tay/mo-hinh.md", "docs/en/index.md"}
    git(project, "checkout", "-q", "-")
    git(project, "checkout", "-q", "feature")
    only = run_bdpub("check", "--format", "json", "--changed-since", "HEAD~1", "docs/en/so-tay", cwd=project)
    assert {f["path"] for f in json.loads(only.stdout)["findings"]} == {"docs/en/so-tay/mo-hinh.md"}
    bad = run_bdpub("check", "--changed-since", "no-such-branch", cwd=project)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "--changed-since" in bad.stderr


def test_the_site_says_when_the_original_of_an_outdated_translation_changed(project):
    # A published publication must be current (the build would stop); a draft shows notices.
    index = project / "docs/vi/so-tay/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("status: published",
                                                               "status: draft"), encoding="utf-8")
    edit_source(project)
    git(project, "commit", "-qam", "Sửa bản gốc", when="2019-12-02T08:00:00Z")
    assert run_bdpub("build", "--site-only", cwd=project).returncode == 0
    english = (project / "site/en/so-tay/chien-luoc/index.html").read_text(encoding="utf-8")
    assert "bdpub-outdated" in english and "changed on 2 December 2019" in english
    assert "bdpub-outdated" not in (project / "site/en/so-tay/mo-hinh/index.html").read_text(encoding="utf-8")
    assert "bdpub-outdated" not in (project / "site/so-tay/chien-luoc/index.html").read_text(encoding="utf-8")


def rewrap(root, path, old, new):
    page = root / path
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")


def test_an_id_given_to_a_source_heading_outdates_nothing(project):
    rewrap(project, SOURCE, "## Bốn lĩnh vực", "## Bốn lĩnh vực { #bon-linh-vuc }")
    git(project, "commit", "-qam", "Mã cho đề mục", when="2019-12-02T08:00:00Z")
    assert outdated(project) == []


def test_a_bulk_commit_over_source_and_translations_leaves_a_stale_section_stale(project):
    edit_source(project)
    git(project, "commit", "-qam", "Sửa bản gốc", when="2019-12-02T08:00:00Z")
    # Later, one commit rewraps lines across the site, the source and its translations
    # included: what the translation says does not change, so it is no update.
    rewrap(project, TRANSLATION, "The note, translated as a single paragraph.",
           "The note, translated as a\nsingle paragraph.")
    rewrap(project, "docs/en/so-tay/mo-hinh.md", "\n\n", "\n\n\n")
    rewrap(project, SOURCE, "\n\n", "\n\n\n")
    git(project, "commit", "-qam", "Reflow every page", when="2019-12-09T08:00:00Z")
    [finding] = outdated(project)
    assert (finding["path"], finding["line"]) == (TRANSLATION, 9)
    # A translator's real update after it: current again.
    rewrap(project, TRANSLATION, "People, technology, business and basic conditions.",
           "People, technology, business, and infrastructure, environment, quality of life.")
    git(project, "commit", "-qam", "Update the translation", when="2019-12-10T08:00:00Z")
    assert outdated(project) == []


def test_a_commit_listed_in_the_ignore_revs_file_dates_no_translation(project):
    edit_source(project)
    git(project, "commit", "-qam", "Sửa bản gốc", when="2019-12-02T08:00:00Z")
    rewrap(project, TRANSLATION, "The note, translated as a single paragraph.",
           "The note, translated as a\nsingle paragraph.")
    git(project, "commit", "-qam", "Reformat the translation", when="2019-12-09T08:00:00Z")
    assert outdated(project) == []  # the translator's own commit: taken as an update
    sha = git(project, "rev-parse", "HEAD").stdout.strip()
    (project / ".git-blame-ignore-revs").write_text(f"# reformatting\n{sha}\n", encoding="utf-8")
    [finding] = outdated(project)
    assert (finding["path"], finding["line"]) == (TRANSLATION, 9)


def test_old_texts_are_read_by_one_git_process_and_a_stamp_names_no_option(tmp_path):
    from build_tools.content.history import History

    (tmp_path / "docs/vi").mkdir(parents=True)
    page = tmp_path / "docs/vi/a.md"
    page.write_text("# Một\r\n\r\nĐoạn một.\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    page.write_text("# Hai\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "second")
    history = History(tmp_path, tmp_path / "docs")
    first = subprocess.run(["git", "rev-parse", "HEAD~1"], cwd=tmp_path, capture_output=True,
                           text=True).stdout.strip()
    assert history.text_at(first, "docs/vi/a.md") == "# Một\n\nĐoạn một.\n"  # as git show reads it
    assert history.text_at("HEAD", "docs/vi/a.md") == "# Hai\n"
    assert history.text_at(first, "docs/vi/b.md") is None
    # A stamp's source_commit is front matter: never an option of git, never two names.
    written = tmp_path / "written"
    assert history.text_at(f"--output={written}", "docs/vi/a.md") is None
    assert history.text_at("HEAD\nHEAD", "docs/vi/a.md") is None
    assert not written.exists()
    assert history.text_at("HEAD", "docs/vi/a.md") == "# Hai\n"  # still reading
    history.close()
