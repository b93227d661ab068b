"""`bdpub check` on a project with one page per defect, and clean pages around them."""
import json
import shutil

import pytest
from conftest import FIXTURES, run_bdpub
from PIL import Image

EXPECTED = {
    ("missing-translation", "docs/vi/missing.md", "warning"),
    ("missing-translation", "docs/vi/so-tay/chuong-mot.md", "error"),  # published publication
    ("orphan-translation", "docs/en/orphan.md", "error"),
    ("structure-mismatch", "docs/en/structure.md", "error"),
    ("untranslated-text", "docs/en/untranslated.md", "error"),
    ("identical-text", "docs/en/identical.md", "error"),
    ("number-mismatch", "docs/en/numbers.md", "error"),
    ("link-mismatch", "docs/en/links.md", "error"),
    ("image-mismatch", "docs/en/images.md", "error"),
    ("glossary-term", "docs/en/glossary.md", "error"),
    ("unicode-normalization", "docs/en/nfc.md", "error"),
    ("legacy-encoding", "docs/vi/legacy.md", "error"),
    ("broken-link", "docs/vi/broken.md", "error"),
    ("broken-link", "docs/en/broken.md", "error"),
    ("missing-image", "docs/vi/no-image.md", "error"),
    ("missing-image", "docs/en/no-image.md", "error"),
    ("unsafe-html", "docs/vi/unsafe.md", "error"),
    ("front-matter", "docs/vi/front-matter.md", "error"),
    ("imprint-incomplete", "docs/vi/so-tay/index.md", "warning"),  # published, no imprint
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("defects") / "defects"
    shutil.copytree(FIXTURES / "defects", root)
    result = run_bdpub("check", "--format", "json", cwd=root)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    data["root"] = root
    return data


def test_every_defect_is_reported_with_its_code_and_nothing_else(report):
    found = {(f["code"], f["path"], f["severity"]) for f in report["findings"]}
    assert found == EXPECTED


def test_findings_carry_lines_languages_and_their_source(report):
    by_code = {f["code"]: f for f in report["findings"]}
    numbers = by_code["number-mismatch"]
    assert (numbers["line"], numbers["lang"]) == (7, "en")
    assert (numbers["source_path"], numbers["source_line"]) == ("docs/vi/numbers.md", 7)
    messages = " ".join(f["message"] for f in report["findings"] if f["code"] == "number-mismatch")
    assert "250" in messages and "205" in messages
    glossary = [f for f in report["findings"] if f["code"] == "glossary-term"]
    assert any("Department of Information and Communications" in f["message"] for f in glossary)
    assert by_code["legacy-encoding"]["line"] == 7
    assert "Bình Dương" in by_code["legacy-encoding"]["message"]
    assert by_code["unsafe-html"]["line"] == 7
    assert by_code["front-matter"]["line"] == 3


def test_correctly_localised_figures_raise_nothing(report):
    clean = [f for f in report["findings"] if f["path"] in ("docs/en/index.md", "docs/vi/index.md")]
    assert clean == []


def test_completeness_figures_per_language_publication_and_page(report):
    english = report["completeness"]["en"]
    [handbook] = english["publications"]
    assert handbook["slug"] == "so-tay" and handbook["translated"] < 1
    pages = {page["path"]: page for page in english["pages"]}
    assert pages["docs/vi/missing.md"]["exists"] is False and pages["docs/vi/missing.md"]["translated"] == 0
    assert pages["docs/vi/index.md"]["translated"] == 1 and pages["docs/vi/index.md"]["current"] == 1
    assert 0 < english["translated"] < 1


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("never", 0)])
def test_fail_on(report, fail_on, code):
    assert run_bdpub("check", "--fail-on", fail_on, cwd=report["root"]).returncode == code


def test_warnings_alone_pass_unless_asked(fixture_project):
    root = fixture_project("minimal")  # one untranslated page, in no published publication
    assert run_bdpub("check", cwd=root).returncode == 0
    assert run_bdpub("check", "--fail-on", "warning", cwd=root).returncode == 1


def test_paths_limit_the_report(report):
    result = run_bdpub("check", "--format", "json", "docs/en/numbers.md", cwd=report["root"])
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {"docs/en/numbers.md"}


def test_text_markdown_and_sarif_reports(report):
    root = report["root"]
    text = run_bdpub("check", cwd=root).stdout
    assert "docs/en/numbers.md:7: error:" in text and "[number-mismatch]" in text
    markdown = run_bdpub("check", "--format", "markdown", cwd=root).stdout
    assert markdown.startswith("## Translation check") and "| `docs/en/numbers.md:7` |" in markdown
    sarif = json.loads(run_bdpub("check", "--format", "sarif", cwd=root).stdout)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {code for code, _, _ in EXPECTED}
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"].startswith("docs/") and first["region"]["startLine"] >= 1


def test_messages_in_vietnamese(report):
    result = run_bdpub("--lang", "vi", "check", "docs/en/orphan.md", cwd=report["root"])
    assert "không có trang nguồn" in result.stdout.lower() or "bản gốc" in result.stdout.lower()
    assert "lỗi" in result.stdout


def test_another_docs_folder(report, tmp_path):
    other = tmp_path / "docs"
    shutil.copytree(report["root"] / "docs", other)
    (other / "en/orphan.md").unlink()
    result = run_bdpub("check", "--docs-dir", str(other), "--format", "json", cwd=report["root"])
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "orphan-translation" not in codes and "number-mismatch" in codes


def test_a_docs_folder_without_mkdocs_yml_is_checked_by_its_language_folders(report, tmp_path):
    shutil.copytree(report["root"] / "docs", tmp_path / "docs")
    shutil.copytree(report["root"] / "data", tmp_path / "data")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "vi", "--format", "json",
                       cwd=tmp_path)
    found = {(f["code"], f["path"], f["severity"]) for f in json.loads(result.stdout)["findings"]}
    assert found == EXPECTED
    # Named in bdpub.toml instead: the same findings.
    (tmp_path / "bdpub.toml").write_text('[check]\nsource = "vi"\n', encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--format", "json", cwd=tmp_path)
    assert {(f["code"], f["path"], f["severity"])
            for f in json.loads(result.stdout)["findings"]} == EXPECTED


def test_the_source_language_is_never_guessed(report, tmp_path):
    shutil.copytree(report["root"] / "docs", tmp_path / "docs")
    result = run_bdpub("check", "--docs-dir", "docs", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "--source-lang CODE" in result.stderr and "source = " in result.stderr
    assert "folders found: en, vi" in result.stderr
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "de", cwd=tmp_path)
    assert result.returncode != 0 and "no folder de/" in result.stderr
    (tmp_path / "bdpub.toml").write_text('[check]\nsorce = "vi"\n', encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "bdpub.toml:2: unknown setting check.sorce" in result.stderr
    # With mkdocs.yml: one of its languages, or an error.
    result = run_bdpub("check", "--source-lang", "fr", cwd=report["root"])
    assert result.returncode != 0 and "--source-lang fr: not one of the languages" in result.stderr


def test_an_english_source_with_several_translations(tmp_path):
    docs = tmp_path / "docs"
    text = {"en": ("Getting started", "Install the tool, then run it on your folder."),
            "de": ("Erste Schritte", "Installieren Sie das Werkzeug und starten Sie es."),
            "es": ("Primeros pasos", "Instale la herramienta y ejecútela en su carpeta.")}
    for lang, (title, body) in text.items():
        (docs / lang).mkdir(parents=True)
        (docs / lang / "index.md").write_text(f"---\ntitle: {title}\n---\n\n# {title}\n\n"
                                              f"{body}\n", encoding="utf-8")
    (docs / "en/guide.md").write_text("---\ntitle: Guide\n---\n\n# Guide\n\nRead it.\n",
                                      encoding="utf-8")
    (docs / "de/guide.md").write_text("---\ntitle: Anleitung\n---\n\n# Anleitung\n\n"
                                      "Lesen Sie sie.\n", encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    report = json.loads(result.stdout)
    missing = {(f["code"], f["path"], f["lang"]) for f in report["findings"]
               if f["code"] == "missing-translation"}
    # Each translation is checked against the English source: Spanish lacks the guide.
    assert missing == {("missing-translation", "docs/en/guide.md", "es")}
    assert set(report["completeness"]) == {"de", "es"}


PAGES = {  # an English source; its translations, each leaving one paragraph as it was
    "en": ("Getting started", "Install the tool with the package manager of your system.",
           "The configuration file lives beside the content folder and lists the languages."),
    "vi": ("Bắt đầu", "Cài đặt công cụ bằng trình quản lý gói của hệ điều hành.",
           "The configuration file sits beside the content folder and lists every language."),
    "zh": ("入门", "使用系统的软件包管理器安装该工具。",
           "The configuration file sits beside the content folder and lists every language."),
    "es": ("Primeros pasos", "Instale la herramienta con el gestor de paquetes de su sistema.",
           "El archivo de configuración está junto a la carpeta de contenido y enumera los "
           "idiomas en los que se publicará el sitio."),
}


def test_a_paragraph_left_in_the_source_language_is_found_whatever_the_languages(tmp_path):
    for lang, (title, first, second) in PAGES.items():
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(
            f"---\ntitle: {title}\n---\n\n# {title}\n\n{first}\n\n{second}\n", encoding="utf-8")
    # A Spanish page with a paragraph left in French: a third language, kept apart.
    (tmp_path / "docs/en/next.md").write_text(
        "---\ntitle: Next steps\n---\n\n# Next steps\n\nRead the guide for editors before you "
        "publish anything on the site.\n", encoding="utf-8")
    for lang in ("vi", "zh"):
        (tmp_path / "docs" / lang / "next.md").write_text(
            (tmp_path / "docs/en/next.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "docs/es/next.md").write_text(
        "---\ntitle: Próximos pasos\n---\n\n# Próximos pasos\n\nLisez le guide des rédacteurs "
        "avant de publier quoi que ce soit sur le site.\n", encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = {(f["code"], f["path"], f["line"], f.get("source_line"))
             for f in json.loads(result.stdout)["findings"]
             if f["code"] in ("untranslated-text", "identical-text", "other-language")}
    assert found == {
        ("untranslated-text", "docs/vi/index.md", 9, 9),
        ("untranslated-text", "docs/zh/index.md", 9, 9),
        ("identical-text", "docs/vi/next.md", 7, 7),
        ("identical-text", "docs/zh/next.md", 7, 7),
        ("other-language", "docs/es/next.md", 7, 7),
    }
    messages = {f["path"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    assert "still in English" in messages["docs/vi/index.md"]
    assert "reads as French, neither Spanish nor the source's English" in messages["docs/es/next.md"]


def test_a_project_of_other_conventions_is_checked_by_its_bdpub_toml(tmp_path):
    docs = tmp_path / "docs"
    for lang in ("en", "es"):
        (docs / lang).mkdir(parents=True)
    (docs / "en/index.md").write_text(
        "---\ntitle: Welcome\nsocial_image: card.png\n---\n\n# Welcome\n\nStart with the "
        "[tutorial](https://docs.example.org/tutorial/) and read it from the top.\n",
        encoding="utf-8")
    (docs / "es/index.md").write_text(
        "---\ntitle: Bienvenida\nsocial_image: card.png\n---\n\n# Bienvenida\n\nEmpiece por el "
        "[tutorial](https://docs.example.org/es/tutorial/) y léalo desde el principio.\n",
        encoding="utf-8")
    (docs / "en/release-notes.md").write_text(
        "---\ntitle: Release notes\n---\n\n# Release notes\n\nVersion 2 adds a command.\n",
        encoding="utf-8")
    (docs / "en/reference").mkdir()
    (docs / "en/reference/api.md").write_text(
        "---\ntitle: API\n---\n\n# API\n\nEvery function, by module.\n", encoding="utf-8")
    # The site's own pages, linked by their address on one side and relatively on the other.
    for lang, name, title, text in (
            ("en", "tutorial", "Tutorial", "Read the [guide](https://docs.example.org/guide.html)"
                                           " first, with [Moment.js](http://momentjs.com/)."),
            ("es", "tutorial", "Tutorial", "Lea primero la [guía](guide.md), con "
                                           "[Moment.js](https://www.momentjs.com/)."),
            ("en", "guide", "Guide", "Then the [tutorial](tutorial.md)."),
            ("es", "guide", "Guía", "Después, el [tutorial](https://docs.example.org/es/tutorial/).")):
        (docs / lang / f"{name}.md").write_text(
            f"---\ntitle: {title}\n---\n\n# {title}\n\n{text}\n", encoding="utf-8")
    settings = ('[check]\nsource = "en"\nexclude = ["release-notes.md", "reference/**"]\n'
                'unknown_keys = "warn"\nsite_prefixes = ["https://docs.example.org/"]\n')
    (tmp_path / "bdpub.toml").write_text(settings, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert {(f["code"], f["path"], f["line"], f["severity"]) for f in report["findings"]} == {
        ("front-matter", "docs/en/index.md", 3, "warning"),
        ("front-matter", "docs/es/index.md", 3, "warning")}  # and both pages checked
    assert report["completeness"]["es"]["translated"] == 1.0  # the notes, the reference: never
    # A relative link to another page than the source's is still one.
    (docs / "es/tutorial.md").write_text(
        "---\ntitle: Tutorial\n---\n\n# Tutorial\n\nLea primero la [portada](index.md).\n",
        encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--format", "json", cwd=tmp_path)
    assert {(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]
            if f["code"] == "link-mismatch"} == {("link-mismatch", "docs/es/tutorial.md", 7)}
    # This project's own rules without those settings: the key stops the page, the notes
    # are missing, the link to the Spanish tutorial differs.
    (tmp_path / "bdpub.toml").write_text('[check]\nsource = "en"\n', encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--format", "json", cwd=tmp_path)
    codes = {(f["code"], f["severity"]) for f in json.loads(result.stdout)["findings"]}
    assert ("front-matter", "error") in codes and ("missing-translation", "warning") in codes
    (tmp_path / "bdpub.toml").write_text(settings.replace('"warn"', '"never"'), encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", cwd=tmp_path)
    assert result.returncode != 0 and "bdpub.toml:4: check.unknown_keys: expected one of" in result.stderr


def test_a_figure_in_sections_that_do_not_line_up_is_placed_where_it_is_written(tmp_path):
    docs = tmp_path / "docs"
    (docs / "vi").mkdir(parents=True)
    (docs / "en").mkdir(parents=True)
    (docs / "vi/index.md").write_text(
        "---\ntitle: Kế hoạch\n---\n\n# Kế hoạch\n\n## Mục tiêu\n\nBa mục tiêu chính.\n\n"
        "## Kinh phí\n\nTổng kinh phí 250 triệu đồng.\n", encoding="utf-8")
    (docs / "en/index.md").write_text(
        "---\ntitle: Plan\n---\n\n# Plan\n\n### Goals\n\nThree main goals.\n\n"
        "## Funding\n\nThe total funding is 205 million dong.\n", encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "vi", "--format", "json",
                       cwd=tmp_path)
    [figure] = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "number-mismatch"]
    assert (figure["line"], figure["source_line"]) == (13, 13)  # the figure, on each side
    assert "250 triệu in the source is 205 million in the translation" in figure["message"]


def test_findings_of_pages_whose_sections_differ_sit_where_the_figure_or_link_is(tmp_path):
    docs = tmp_path / "docs"
    (docs / "vi").mkdir(parents=True)
    (docs / "en").mkdir(parents=True)
    (docs / "vi/index.md").write_text(
        "---\ntitle: Kế hoạch\n---\n\n# Kế hoạch\n\nMở đầu.\n\n## Mục tiêu\n\nBa mục tiêu.\n\n"
        "## Kinh phí\n\nTổng kinh phí 250 triệu đồng.\n\n## Liên hệ\n\n"
        "Xem [cổng thông tin](https://www.binhduong.gov.vn/) trong 3 ngày.\n", encoding="utf-8")
    (docs / "en/index.md").write_text(  # the goals' section is left out
        "---\ntitle: Plan\n---\n\n# Plan\n\nOpening.\n\n## Funding\n\n"
        "The total funding is 250 million dong.\n\n## Contact\n\nSee the portal within 4 days "
        "(https://example.com/).\n", encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "vi", "--format", "json",
                       cwd=tmp_path)
    found = {(f["code"], f["line"], f["source_line"], f["message"][:14])
             for f in json.loads(result.stdout)["findings"]
             if f["code"] in ("number-mismatch", "link-mismatch")}
    # Each at its own line on the side that has it, and on the other side at the section
    # in the same place (the sections no longer correspond one for one), never at line 1.
    assert found == {
        ("number-mismatch", 15, 19, "3 in the sourc"),  # "3 … is 4", each where it is
        ("link-mismatch", 13, 19, "the source's l"),  # at "## Contact", for "## Liên hệ"
    }


def test_markup_of_real_projects_is_compared_as_structure(tmp_path):
    source = """---
title: Install
---

# Install { #install }

<abbr title="Command line interface">CLI</abbr> users install the tool with one command.

/// warning

Use a virtual environment.

///

=== "Windows"

    Run the installer.

=== "Linux"

    Use the package manager.

--8<-- "includes/requirements.md"

{* ../../docs_src/first_steps/tutorial001.py hl[3] *}

## Check the version { #check-the-version }

Print the version to check the installation.
"""
    translation = """---
title: Instalación
---

# Instalación { #install }

<abbr title="Interfaz de línea de comandos">CLI</abbr>: los usuarios instalan la herramienta con una sola orden.

=== "Windows"

    Ejecute el instalador.

=== "Linux"

    Use el gestor de paquetes.

--8<-- "includes/requirements.md"

{* ../../docs_src/first_steps/tutorial001.py hl[5] *}

## Comprobar la versión { #comprobar-la-version }

Imprima la versión para comprobar la instalación.
"""
    for lang, text in (("en", source), ("es", translation)):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "install.md").write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = [(f["line"], f["source_line"], f["message"]) for f in json.loads(result.stdout)["findings"]
             if f["code"] == "structure-mismatch"]
    assert found == [
        # The warning block dropped: reported as missing, where it would go.
        (9, 9, "the translation lacks the source's admonition at line 9"),
        (21, 27, "the heading's id differs from the source (#check-the-version there, "
                 "#comprobar-la-version here); links to it from other pages and languages "
                 "need the same id")], found
    # An include whose options changed; the paragraph that opens with <abbr> is a
    # paragraph (its text checked), not an HTML block.
    for lang, lines in (("en", "hl[3]"), ("es", "hl[5]")):
        (tmp_path / "docs" / lang / "first.md").write_text(
            f"---\ntitle: First\n---\n\n# First\n\n{{* ../../docs_src/app.py {lines} *}}\n\n"
            "<abbr>API</abbr> means an application programming interface for programs.\n",
            encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = {(f["code"], f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]
             if f["path"] == "docs/es/first.md"}
    assert found == {
        ("structure-mismatch", 7, "the included file differs from the source ({* "
         "../../docs_src/app.py hl[3] *} there, {* ../../docs_src/app.py hl[5] *} here)"),
        ("untranslated-text", 9, "this paragraph is still in English; translate it (names "
         "from the glossary may stay as they are)")}


def test_links_and_images_written_as_html_are_compared(tmp_path):
    for lang, (title, text, address, picture) in {
            "en": ("Links", "Read the guide", "https://example.org/guide", "a.png"),
            "es": ("Enlaces", "Lea la guía", "https://example.org/other", "b.png")}.items():
        folder = tmp_path / "docs" / lang
        folder.mkdir(parents=True)
        Image.new("RGB", (40, 30)).save(folder / picture)
        (folder / "index.md").write_text(
            f'---\ntitle: {title}\n---\n\n# {title}\n\n<a href="{address}">{text}</a> '
            f'antes de empezar, por favor.\n\n<img src="{picture}" alt="x">\n',
            encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = sorted((f["code"], f["line"], f["source_line"], f["message"].split()[1])
                   for f in json.loads(result.stdout)["findings"]
                   if f["code"] in ("link-mismatch", "image-mismatch"))
    # The source's address missing, another one in its place: both at the paragraph (or
    # image) that stands for the source's, on each side.
    assert found == [("image-mismatch", 9, 9, "image"), ("image-mismatch", 9, 9, "source's"),
                     ("link-mismatch", 7, 7, "link"), ("link-mismatch", 7, 7, "source's")]


def test_items_of_nested_lists_are_counted(tmp_path):
    for lang, (title, items) in {"en": ("Steps", ("Install", "Python", "pip", "Run")),
                                 "es": ("Pasos", ("Instale", "Python", None, "Ejecute"))}.items():
        nested = "".join(f"    - {item}\n" for item in items[1:3] if item)
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(
            f"---\ntitle: {title}\n---\n\n# {title}\n\n- {items[0]}\n{nested}- {items[3]}\n",
            encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert [(f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]
            if f["code"] == "structure-mismatch"] == [
        (7, "the list's items hold 2 items of lists inside them in the source and 1 here")]


def test_a_source_at_the_top_of_the_content_folder_beside_its_translations(tmp_path):
    """English at docs/, Japanese and Korean in docs/ja/ and docs/ko/ (as
    mkdocs-static-i18n allows for the default language), an image folder shared by all."""
    docs = tmp_path / "docs"
    for folder in ("assets", "ja", "ko", "ref", "guide"):
        (docs / folder).mkdir(parents=True)
    Image.new("RGB", (40, 30), "navy").save(docs / "assets/graph.png")
    (docs / "index.md").write_text(
        "---\ntitle: Agents\n---\n\n# Agents\n\n![The graph](assets/graph.png)\n\n"
        "An agent is a model with instructions and tools. Read the [guide](guide/run.md).\n\n"
        "## Running agents\n\nRun an agent with the runner; it loops until a final output.\n",
        encoding="utf-8")
    (docs / "guide/run.md").write_text(
        "---\ntitle: Run\n---\n\n# Run\n\nThe runner calls the model in a loop.\n",
        encoding="utf-8")
    (docs / "ref/api.md").write_text("---\ntitle: API\n---\n\n# API\n\nEvery class.\n",
                                     encoding="utf-8")
    (docs / "Notes_2.md").write_text("---\ntitle: Notes\n---\n\n# Notes\n\nA page.\n",
                                     encoding="utf-8")
    (docs / "ja/index.md").write_text(
        "---\ntitle: エージェント\n---\n\n# エージェント\n\n![グラフ](../assets/graph.png)\n\n"
        "エージェントは、指示とツールを備えたモデルです。[ガイド](guide/run.md)をお読みください。\n\n"
        "## エージェントの実行 { #running-agents }\n\n"
        "ランナーでエージェントを実行します。最終出力が得られるまでループします。\n",
        encoding="utf-8")
    (docs / "ko/index.md").write_text(
        "---\ntitle: 에이전트\n---\n\n# 에이전트\n\n![그래프](../assets/graph.png)\n\n"
        "에이전트는 지시와 도구를 갖춘 모델입니다. [가이드](guide/run.md)를 읽어 보세요.\n\n"
        "## 에이전트 실행\n\n"
        "Run an agent with the runner; it loops until a final output is produced by the model.\n",
        encoding="utf-8")
    settings = ('[check]\nsource = "en"\nlayout = "source-at-root"\ntranslations = ["ja", "ko"]\n'
                'exclude = ["ref/**", "Notes_2.md"]\nignore = ["file-name"]\n')
    (tmp_path / "bdpub.toml").write_text(settings, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    found = {(f["code"], f["path"], f["line"], f.get("source_path"), f.get("source_line"))
             for f in report["findings"]}
    # The images are the same file however each page reaches it; the Japanese heading
    # pins the id the site derives from the English one; the guide falls back to English
    # in both languages (missing, not broken); the reference is never translated; the
    # file name outside the naming rule is left out of the report as asked.
    assert found == {
        ("missing-translation", "docs/guide/run.md", 1, None, None),
        ("untranslated-text", "docs/ko/index.md", 13, "docs/index.md", 13)}, found
    assert [(page["path"], page["translation_path"], page["translated"])
            for page in report["completeness"]["ja"]["pages"]] == [
        ("docs/guide/run.md", "docs/ja/guide/run.md", 0.0),
        ("docs/index.md", "docs/ja/index.md", 1.0)]
    # Without the ignore setting, the name is reported at its real place.
    (tmp_path / "bdpub.toml").write_text(settings.replace('ignore = ["file-name"]\n', ""),
                                         encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--format", "json", cwd=tmp_path)
    assert ("file-name", "docs/Notes_2.md") in {
        (f["code"], f["path"]) for f in json.loads(result.stdout)["findings"]}
    # The layout needs the translations named; the codes ignored must be codes.
    for bad, message in (
            (settings.replace('translations = ["ja", "ko"]\n', ""),
             'bdpub.toml:3: check.layout = "source-at-root": name the translations\' folders'),
            (settings.replace('"file-name"', '"file-names"'),
             "bdpub.toml:6: check.ignore: file-names is not a finding code"),
            (settings.replace('"source-at-root"', '"flat"'),
             'bdpub.toml:3: check.layout: expected one of "folders", "source-at-root"'),
            (settings.replace('["ja", "ko"]', '["ja", "zh"]'),
             "bdpub.toml:4: check.translations: no folder zh/")):
        (tmp_path / "bdpub.toml").write_text(bad, encoding="utf-8")
        result = run_bdpub("check", "--docs-dir", "docs", cwd=tmp_path)
        assert result.returncode == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_headings_ids_are_compared_as_the_site_gives_them(tmp_path):
    source = ("---\ntitle: Concepts\n---\n\n# Concepts\n\nWhat the tool is made of.\n\n"
              "## Concepts\n\nThe second heading of that name gets the id concepts_1.\n\n"
              "## Sessions { #sessions }\n\nA session keeps the history of a conversation.\n")
    translation = ("---\ntitle: 概念\n---\n\n# 概念\n\nツールを構成する要素です。\n\n"
                   "## 概念 { #concepts_1 }\n\n同じ名前の二つ目の見出しの ID です。\n\n"
                   "## セッション { #sessions }\n\nセッションは会話の履歴を保持します。\n")
    for lang, text in (("en", source), ("ja", translation)):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "concepts.md").write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    # A pinned id that is not the one the source's heading gets is reported.
    (tmp_path / "docs/ja/concepts.md").write_text(
        translation.replace("#concepts_1", "#concepts"), encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert [(f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]] == [
        (9, "the heading's id differs from the source (none there, #concepts here); links to "
            "it from other pages and languages need the same id")]


def test_link_definitions_and_copied_figures_are_not_translation_problems(tmp_path):
    source = ("---\ntitle: Help\n---\n\n# Help\n\nAsk on the [issue tracker][issues] when the "
              "guide does not answer.\n\nOn 15 Aug 2016 the team promised a fix for version "
              "3.3, which needs 0.12 or later.\n\n[issues]: https://github.com/example/tool/issues\n"
              "[site]: https://github.com/example/site\n")
    translation = ("---\ntitle: Ajuda\n---\n\n# Ajuda\n\nPergunte no [rastreador de problemas]"
                   "[issues] quando o guia não responder.\n\nEm 15 Aug 2016 a equipe prometeu "
                   "uma correção para a versão 3.3, que exige 0.12 ou posterior.\n\n"
                   "[issues]: https://github.com/example/tool/issues\n"
                   "[site]: https://github.com/example/site\n")
    for lang, text in (("en", source), ("pt-br", translation)):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "help.md").write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    # A figure that did change is still one finding.
    (tmp_path / "docs/pt-br/help.md").write_text(translation.replace("0.12", "0.13"),
                                                 encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert [f["message"] for f in json.loads(result.stdout)["findings"]] == [
        "0.12 in the source is 0.13 in the translation; check the figure against the source"]


def test_close_languages_and_other_alphabets_are_not_taken_for_a_third_language(tmp_path):
    """Spanish that the quick models read as Portuguese, a Russian table over example
    values copied from the source, a Russian page mostly in Cyrillic with English terms:
    all translated. A Spanish page with a paragraph in Portuguese is still reported."""
    pages = {
        "en": ("This way, the image will appear both inside the post and on index and archive "
               "pages.", "| Setting | Result |\n| --- | --- |\n| `:year/:title/` | "
               "2013/hello-world/ |\n| `:category/:title/` | foo/bar/hello-world/ |",
               "Use the deployer plugin to publish the generated site with one command."),
        "es": ("De este modo, la imagen aparecerá correctamente tanto en el artículo como en los "
               "históricos y la página inicial.", "| Ajuste | Resultado |\n| --- | --- |\n| "
               "`:year/:title/` | 2013/hello-world/ |\n| `:category/:title/` | "
               "foo/bar/hello-world/ |",
               "Para o Hexo, você pode usar o comando abaixo para instalar e publicar o site "
               "gerado com um único comando."),
        "ru": ("Таким образом, изображение появится и внутри поста, и на главной странице, и в "
               "архиве.", "| Настройка | Результат |\n| --- | --- |\n| `:year/:title/` | "
               "2013/hello-world/ |\n| `:category/:title/` | foo/bar/hello-world/ |",
               "Используйте плагин deployer, чтобы опубликовать сгенерированный сайт одной "
               "командой."),
    }
    for lang, blocks in pages.items():
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(
            "---\ntitle: Images\n---\n\n# Images\n\n" + "\n\n".join(blocks) + "\n",
            encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert [(f["code"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [
        ("other-language", "docs/es/index.md", 14)], result.stdout


def test_blocks_are_read_where_python_markdown_reads_them(tmp_path):
    """A quotation right under a paragraph, a heading right under a quotation, a table ruled
    with two dashes: the same blocks as the source written with blank lines between."""
    source = ("---\ntitle: Highlighting\n---\n\n# Highlighting\n\nThe third syntax is the "
              "fenced code block of Markdown.\n\n> Tip: any renderer plugin keeps the three "
              "syntaxes available.\n\n## Options\n\n| Option | Default |\n| ------ | ------- |\n"
              "| `wrap` | true |\n")
    translation = ("---\ntitle: ハイライト\n---\n\n# ハイライト\n\n3番目の構文はMarkdownの囲みコード"
                   "ブロックです。\n> ヒント: どのレンダラープラグインでも三つの構文が使えます。\n"
                   "## オプション\n\n| オプション | 既定値 |\n| -- | -- |\n| `wrap` | true |\n")
    for lang, text in (("en", source), ("ja", translation)):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "highlighting.md").write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    # Without the quotation, the translation lacks it.
    (tmp_path / "docs/ja/highlighting.md").write_text(
        translation.replace("> ヒント: どのレンダラープラグインでも三つの構文が使えます。\n", ""),
        encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    assert [(f["code"], f["source_line"]) for f in json.loads(result.stdout)["findings"]] == [
        ("structure-mismatch", 9)], result.stdout


def test_a_second_run_reads_back_what_did_not_change_and_rereads_what_did(fixture_project):
    root = fixture_project("defects")
    config = root / "mkdocs.yml"  # a function in the settings, as the launch site's slugify
    config.write_text(config.read_text(encoding="utf-8").replace(
            "markdown_extensions: [attr_list, tables, admonition, footnotes, toc]",
            "markdown_extensions:\n  - attr_list\n  - tables\n  - admonition\n  - footnotes\n"
            "  - toc:\n      slugify: !!python/name:build_tools.text.slugs.slugify"),
        encoding="utf-8")
    first = run_bdpub("check", "--format", "json", cwd=root)
    memo = root / ".cache/checks/memo.json"
    written = memo.read_text(encoding="utf-8")
    remembered = json.loads(written)
    assert remembered  # each page's HTML reading and each block's language
    second = run_bdpub("check", "--format", "json", cwd=root)
    assert second.stdout == first.stdout and second.returncode == first.returncode == 1
    # Read back, not computed again under other keys (and so not written again).
    assert memo.read_text(encoding="utf-8") == written
    # What a page says now is what is checked: a frame added after the first runs is found.
    page = root / "docs/vi/unsafe.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<iframe src=\"https://example.com\">"
                    "</iframe>\n", encoding="utf-8")
    third = json.loads(run_bdpub("check", "--format", "json", cwd=root).stdout)
    unsafe = sorted((f["line"], f["message"][:9]) for f in third["findings"]
                    if f["path"] == "docs/vi/unsafe.md" and f["code"] == "unsafe-html")
    assert unsafe == [(7, "the link "), (9, "<iframe> ")]
    # Messages are remembered in the language they were written in.
    vietnamese = run_bdpub("--lang", "vi", "check", "--format", "json", cwd=root).stdout
    assert "không được dùng <iframe> trong trang" in vietnamese
    assert "is not allowed in a page" not in vietnamese
    # Only the entries of the last run are kept: nothing of the page as it was.
    assert len(json.loads(memo.read_text(encoding="utf-8"))) == len(remembered)


def test_a_cheat_sheet_translation_missing_an_example_and_figures_written_otherwise(tmp_path):
    # Patterns of tldr-pages (English source, Chinese and Japanese translations).
    english = ("# tar\n\n> Archiving utility.\n\n- Create an archive from files:\n\n"
               "`tar cf {{target.tar}} {{file1 file2}}`\n\n- Play it at 2x speed under "
               "directory2, for file1:\n\n`tar xf {{source.tar}}`\n\n- Route a `/24` subnet and "
               "wait 10 seconds:\n\n`tar tvf {{source.tar}}`\n")
    chinese = ("# tar\n\n> 归档工具。\n\n- 以 2 倍速在目录2下为文件1播放：\n\n"  # the first example left out
               "`tar xf {{源文件.tar}}`\n\n- 路由子网 / 24 并等待 5 秒：\n\n`tar tvf {{源文件.tar}}`\n")
    japanese = ("# tar\n\n> アーカイブユーティリティ。\n\n- 1つのファイルからアーカイブを作成する:\n\n"
                "`tar cf {{target.tar}} {{file1 file2}}`\n\n- 2 倍速で再生する:\n\n"
                "`tar xf {{source.tar}}`\n\n- サブネット /24 をルーティングし 10 秒待つ:\n\n"
                "`tar tvf {{source.tar}}`\n")
    for lang, text in (("en", english), ("zh", chinese), ("ja", japanese)):
        (tmp_path / "docs" / lang / "common").mkdir(parents=True)
        (tmp_path / "docs" / lang / "common/tar.md").write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = sorted((f["code"], f["path"], f["line"], f["source_line"], f["message"])
                   for f in json.loads(result.stdout)["findings"]
                   if f["code"] in ("structure-mismatch", "number-mismatch"))
    assert found == [
        # The missing example is the first, named where the next one now stands.
        ("number-mismatch", "docs/zh/common/tar.md", 9, 13,
         "10 in the source is 5 in the translation; check the figure against the source"),
        ("structure-mismatch", "docs/zh/common/tar.md", 5, 5,
         "the translation lacks the source's list at line 5"),
    ]


def test_abbreviations_and_definition_lists_are_compared(tmp_path):
    source = ("---\ntitle: Terms\n---\n\n# Terms\n\nThe CLI reads HTML.\n\n"
              "*[CLI]: Command-line interface\n*[HTML]: HyperText Markup Language\n\n"
              "## Glossary\n\nSource\n:   The language the pages are written in first.\n\n"
              "Translation\n:   The same pages in another language, kept in step.\n\n"
              "## Roles\n\nEditor\n:   Writes and corrects the pages before they are published.\n")
    translation = ("---\ntitle: Términos\n---\n\n# Términos\n\nLa CLI lee HTML.\n\n"
                   "*[CLI]: Interfaz de línea de comandos\n\n"  # one abbreviation left out
                   "## Glosario\n\nOrigen\n:   La lengua en la que se escriben primero las "
                   "páginas.\n\n"  # one term left out
                   "## Funciones\n\nEditor\n:   Writes and corrects the pages before they are "
                   "published.\n")  # left in English
    for lang, text in (("en", source), ("es", translation)):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "terms.md").write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = sorted((f["code"], f["line"], f.get("source_line"), f["message"])
                   for f in json.loads(result.stdout)["findings"]
                   if f["code"] in ("structure-mismatch", "untranslated-text", "identical-text"))
    assert found == [
        ("identical-text", 18, 22, "this definition list is identical to its source; translate "
                                   "it (or, if it must stay as it is, put its names in the "
                                   "glossary)"),
        ("structure-mismatch", 9, 9, "the source defines 2 abbreviations here, the translation 1"),
        ("structure-mismatch", 13, 14, "the definition list has 2 terms and 2 definitions in the "
                                       "source, 1 and 1 here"),
    ]


def test_links_to_the_same_page_in_the_readers_language_correspond(tmp_path):
    links = {"en": ("Install it with [pnpm](https://pnpm.io); see [Wikipedia]"
                    "(https://en.wikipedia.org/wiki/Npm) and [the guide](https://example.io/a)."),
             "zh-tw": ("使用 [pnpm](https://pnpm.io/zh-TW/) 安裝；參見 [維基百科]"
                       "(https://zh.wikipedia.org/wiki/Npm) 與 [指南](https://example.io/b)。")}
    for lang, text in links.items():
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text(
            f"---\ntitle: Start\n---\n\n# Start\n\n{text}\n", encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = sorted(f["message"] for f in json.loads(result.stdout)["findings"]
                   if f["code"] == "link-mismatch")
    # The language of a path segment or host label is left out (not the top-level domain:
    # .io is no language here); the guide's other page is still a mismatch.
    assert found == ["the link https://example.io/b is not in the source",
                     "the source's link https://example.io/a is missing or different here"]


def test_a_page_of_many_changed_figures_places_the_first_hundred_and_the_rest_at_the_page(
        tmp_path):
    # Placing a figure searches its page: beyond a hundred findings of one unit, they sit at
    # the unit's lines, so that a page of thousands of figures stays quick to check.
    count = 150
    (tmp_path / "docs/vi").mkdir(parents=True)
    (tmp_path / "docs/en").mkdir(parents=True)
    (tmp_path / "docs/vi/index.md").write_text(
        "---\ntitle: Số liệu\n---\n\n# Số liệu\n\n## Năm\n\n"
        + "\n\n".join(f"Năm {1000 + i} có người." for i in range(count)) + "\n", encoding="utf-8")
    (tmp_path / "docs/en/index.md").write_text(  # no second heading: sections do not align
        "---\ntitle: Figures\n---\n\n# Figures\n\n"
        + "\n\n".join(f"Year {3000 + i} had people." for i in range(count)) + "\n",
        encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "vi", "--format", "json",
                       cwd=tmp_path)
    lines = [(f["source_line"], f["line"]) for f in json.loads(result.stdout)["findings"]
             if f["code"] == "number-mismatch"]
    assert len(lines) == count
    assert sorted(lines)[:3] == [(4, 4), (4, 4), (4, 4)]  # the rest, where the bodies start
    placed = sorted(line for line in lines if line != (4, 4))
    assert len(placed) == 100 and placed[0] == (9, 7)  # "Năm 1000", "Year 3000"


def test_a_link_missing_from_a_row_of_a_table_is_found_at_its_row(tmp_path):
    docs = tmp_path / "docs"
    rows = [("Hà Nội", "https://hanoi.gov.vn/"), ("Huế", "https://hue.gov.vn/"),
            ("Bình Dương", "https://binhduong.gov.vn/")]
    source = "# Tỉnh\n\n| Tỉnh | Cổng |\n|---|---|\n" + "".join(
        f"| {name} | [cổng]({url}) |\n" for name, url in rows)
    translation = source.replace("# Tỉnh", "# Provinces").replace("Tỉnh |", "Province |") \
        .replace("Cổng", "Portal").replace("[cổng](https://hue.gov.vn/)", "portal")
    for lang, text in (("vi", source), ("en", translation.replace("cổng", "portal"))):
        (docs / lang).mkdir(parents=True)
        (docs / lang / "index.md").write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "vi", "--format", "json",
                       cwd=tmp_path)
    found = [(f["path"], f["line"], f.get("source_line")) for f in json.loads(result.stdout)["findings"]
             if f["code"] == "link-mismatch"]
    assert found == [("docs/en/index.md", 6, 6)]  # Huế's row on both sides, not the table's top


def test_links_to_chinese_korean_and_japanese_headings_are_checked(fixture_project):
    root = fixture_project("cjk")
    result = run_bdpub("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "broken-link" not in result.stderr + result.stdout
    page = root / "docs/zh/gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8").replace("#简介", "#不存在"), encoding="utf-8")
    result = run_bdpub("check", cwd=root)
    assert result.returncode == 1
    assert ("docs/zh/gioi-thieu.md:12: error: the link to #不存在 names a heading that does not "
            "exist on that page [broken-link]") in result.stderr + result.stdout


SELECTIVE_CONFIG = """site_name: Bình Dương
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {locale: vi, default: true, name: Tiếng Việt}
        - {locale: en, name: English}
        - {locale: zh, name: 中文}
"""


def _page(root, path, title, body, front=""):
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(f"---\ntitle: {title}\n{front}---\n\n# {title}\n\n{body}\n",
                             encoding="utf-8")


def test_a_selective_language_is_missing_only_where_a_publication_prints_it(tmp_path):
    """zh translates chosen pages (bdpub.toml: selective): the others fall back without a
    finding, except in a published publication with a Chinese edition, which must be whole;
    the pages it has are checked as English is (a paragraph left in Vietnamese)."""
    (tmp_path / "mkdocs.yml").write_text(SELECTIVE_CONFIG, encoding="utf-8")
    (tmp_path / "bdpub.toml").write_text('[check]\nselective = ["zh"]\n', encoding="utf-8")
    vi = "Tỉnh Bình Dương giới thiệu tiềm năng và cơ hội đầu tư với bạn bè quốc tế."
    en = "Binh Duong province presents its potential and investment opportunities abroad."
    zh = "平阳省向国际友人介绍本省的发展潜力和投资机会。"
    for lang, title, body in (("vi", "Trang chủ", vi), ("en", "Home", en), ("zh", "首页", zh)):
        _page(tmp_path, f"docs/{lang}/index.md", title, body)
    for lang, title, body in (("vi", "Ghi chú", vi), ("en", "Notes", en)):
        _page(tmp_path, f"docs/{lang}/ghi-chu.md", title, body)
    for slug, editions in (("so-tay", "[vi, en, zh, bilingual-zh]"), ("tap-gap", "[vi, en, bilingual]")):
        facts = (f"publication:\n  kind: booklet\n  date: 2019\n  status: published\n"
                 f"  editions: {editions}\n")
        _page(tmp_path, f"docs/vi/{slug}/index.md", "Sổ tay", vi, facts)
        _page(tmp_path, f"docs/en/{slug}/index.md", "Handbook", en)
        _page(tmp_path, f"docs/vi/{slug}/chuong.md", "Chương", vi)
        _page(tmp_path, f"docs/en/{slug}/chuong.md", "Chapter", en)
    _page(tmp_path, "docs/zh/so-tay/index.md", "手册", zh)
    _page(tmp_path, "docs/zh/tap-gap/index.md", "小册子",  # left in Vietnamese
          "Bình Dương là nơi các nhà đầu tư nước ngoài tìm thấy nhiều cơ hội hợp tác lâu dài.")
    result = run_bdpub("check", "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)
    found = {(f["code"], f["path"], f["lang"], f["severity"]) for f in report["findings"]
             if f["code"] != "imprint-incomplete"}
    assert found == {
        ("missing-translation", "docs/vi/so-tay/chuong.md", "zh", "error"),
        ("untranslated-text", "docs/zh/tap-gap/index.md", "zh", "error"),
    }
    assert report["completeness"]["zh"]["translated"] < report["completeness"]["en"]["translated"]
    assert result.returncode == 1


def test_selective_names_a_translation_and_an_edition_a_language_of_the_project(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(SELECTIVE_CONFIG, encoding="utf-8")
    (tmp_path / "bdpub.toml").write_text('[check]\n\nselective = ["zh", "fr"]\n', encoding="utf-8")
    _page(tmp_path, "docs/vi/index.md", "Trang chủ", "Văn bản.")
    result = run_bdpub("check", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bdpub.toml:3: check.selective: fr is not a translation of mkdocs.yml" in result.stderr
    (tmp_path / "bdpub.toml").write_text('[check]\nselective = ["zh"]\n', encoding="utf-8")
    _page(tmp_path, "docs/vi/so-tay/index.md", "Sổ tay", "Văn bản.",
          "publication:\n  kind: booklet\n  date: 2019\n  editions: [vi, fr, bilingual-zh]\n")
    result = run_bdpub("check", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("docs/vi/so-tay/index.md:6: error: publication.editions: fr: no such edition in "
            "this project's languages; expected some of vi, en, zh, bilingual, bilingual-en, "
            "bilingual-zh") in result.stdout + result.stderr


def _editions(root) -> list[str]:
    """The editions the one publication of a project prints, as the model resolves them."""
    from build_tools.content.model import gather
    from build_tools.content.project import load_project

    [publication] = gather(load_project(root / "mkdocs.yml")).publications
    return [edition.name for edition in publication.editions]


def test_a_publication_without_editions_prints_the_source_and_the_whole_translations(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(SELECTIVE_CONFIG, encoding="utf-8")
    _page(tmp_path, "docs/vi/so-tay/index.md", "Sổ tay", "Văn bản.",
          "publication:\n  kind: booklet\n  date: 2019\n")
    assert _editions(tmp_path) == ["vi", "en", "zh", "bilingual"]
    (tmp_path / "bdpub.toml").write_text('[check]\nselective = ["zh"]\n', encoding="utf-8")
    assert _editions(tmp_path) == ["vi", "en", "bilingual"]


def test_a_glossary_term_is_checked_in_the_languages_it_gives_a_rendering_for(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(SELECTIVE_CONFIG.replace(
        "        - {locale: zh, name: 中文}\n",
        "        - {locale: zh, name: 中文}\n        - {locale: ko, name: 한국어}\n"),
        encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data/glossary.yml").write_text(
        "terms:\n  - vi: Sở Thông tin và Truyền thông\n"
        "    en: Department of Information and Communications\n    zh: 信息传媒厅\n"
        "    forbidden: [Department of Information and Media]\n", encoding="utf-8")
    vi = "Sở Thông tin và Truyền thông chủ trì xây dựng các ấn phẩm thông tin đối ngoại."
    pages = {"vi": ("Trang chủ", vi),
             "en": ("Home", "The Department of Information and Media leads the external-information publications."),
             "zh": ("首页", "信息通信厅牵头编制各类对外信息出版物，并负责组织实施。"),
             "ko": ("홈", "정보통신국은 대외 정보 간행물의 제작을 주관합니다.")}
    for lang, (title, body) in pages.items():
        _page(tmp_path, f"docs/{lang}/index.md", title, body)
    result = run_bdpub("check", "--format", "json", cwd=tmp_path)
    found = sorted((f["path"], f["message"]) for f in json.loads(result.stdout)["findings"]
                   if f["code"] == "glossary-term")
    assert [path for path, _message in found] == [
        "docs/en/index.md", "docs/en/index.md", "docs/zh/index.md"]
    assert "信息传媒厅" in found[2][1]  # Korean has no rendering: not checked


def test_languages_in_folders_not_named_by_their_code(tmp_path):
    """tldr-pages keeps English in pages/ and each translation in pages.<lang>/: bdpub.toml's
    [check.folders] names them, and only they are read (not the README beside them)."""
    (tmp_path / "bdpub.toml").write_text(
        '[check]\nsource = "en"\n\n[check.folders]\nen = "pages"\nja = "pages.ja"\n',
        encoding="utf-8")
    tldr = tmp_path / "tldr"
    pages = {
        "pages/common/tar.md": "# tar\n\n> Archiving utility.\n\n- Create an archive of 3 files:\n\n"
                               "`tar cf {{target.tar}} {{file1 file2 file3}}`\n",
        "pages.ja/common/tar.md": "# tar\n\n> アーカイブユーティリティ。\n\n- 4つのファイルからアーカイブを作成する:\n\n"
                                  "`tar cf {{target.tar}} {{file1 file2 file3}}`\n",
        "pages/common/exrex.md": "# exrex\n\n> Generate strings from a regex.\n\n- Print eyes:\n\n"
                                 "`exrex '{{[oO0](_)[oO0]}}'`\n",
        "README.md": "# tldr\n\nSee [the guide](missing.md).\n",
    }
    for path, text in pages.items():
        (tldr / path).parent.mkdir(parents=True, exist_ok=True)
        (tldr / path).write_text(text, encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "tldr", "--format", "json", cwd=tmp_path)
    found = {(f["code"], f["path"], f["line"], f["lang"])
             for f in json.loads(result.stdout)["findings"] if f["code"] != "front-matter"}
    assert found == {
        ("missing-translation", "tldr/pages/common/exrex.md", 1, "ja"),
        ("number-mismatch", "tldr/pages.ja/common/tar.md", 5, "ja"),
    }, result.stderr
    assert "create tldr/pages.ja/common/exrex.md" in result.stdout
    for line, expected in (('ja = "pages.jp"', "check.folders: no folder pages.jp/ in"),
                           ('"../ja" = "../pages.ja"',
                            "check.folders: expected a table of language codes")):
        (tmp_path / "bdpub.toml").write_text(
            f'[check]\nsource = "en"\n\n[check.folders]\nen = "pages"\n{line}\n',
            encoding="utf-8")
        result = run_bdpub("check", "--docs-dir", "tldr", cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"bdpub.toml:4: {expected}" in result.stderr


def test_the_rendered_example_of_a_code_block_may_stay_as_the_code_it_repeats(tmp_path):
    """Hexo's docs write a tag in a code block, then the same tag for the site to render:
    that copy stays identical in every language; other copied text is still reported."""
    example = ("{% blockquote David Levithan, Wide Awake %}\nDo not just seek happiness for "
               "yourself. Seek happiness for all.\n{% endblockquote %}")
    copied = "Use this tag to add a quotation from a book or a person to your post."
    pages = {"en": ("Tag plugins", "Quotes a book.", copied),
             "es": ("Plugins de etiquetas", "Cita un libro.", copied)}
    for lang, (title, intro, last) in pages.items():
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "tags.md").write_text(
            f"---\ntitle: {title}\n---\n\n# {title}\n\n{intro}\n\n```\n{example}\n```\n\n"
            f"{example}\n\n{last}\n", encoding="utf-8")
    result = run_bdpub("check", "--docs-dir", "docs", "--source-lang", "en", "--format", "json",
                       cwd=tmp_path)
    found = {(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("identical-text", 19)}, result.stdout


SHARED_OUT = """
import json, os, sys
from build_tools.base import workers
from build_tools import checks
from build_tools.checks import report
from build_tools.content.model import gather
from build_tools.content.project import load_project

workers.cores = lambda: int(sys.argv[1])
share = checks._share

def noted(context, pairs, found):  # which process checks which languages, in a file
    with open(sys.argv[2], "a", encoding="utf-8") as shares:
        shares.write(json.dumps([os.getpid(), sorted({pair.lang for pair in pairs})]) + "\\n")
    return share(context, pairs, found)

checks._share = noted
model = gather(load_project("mkdocs.yml"))
results = checks.run(model)
print(json.dumps({"pid": os.getpid(), "report": json.loads(report.as_json(
    results.findings, results.completeness, model.source_lang))}))
"""


def test_the_languages_checked_in_processes_of_their_own_find_what_one_process_finds(
        fixture_project, tmp_path):
    """The comparisons with the source run per translation language, the languages shared
    out among the cores; the report is the same as one process's, findings, figures and
    all. Run in a new Python: a pytest-xdist worker has threads, and makes no fork."""
    import os
    import subprocess
    import sys

    from conftest import REPO
    root = fixture_project("cjk")
    for lang, old, new in (("en", "Since 2015", "Since 2016"), ("zh", "自2015年", "自2017年"),
                           ("ja", "2015年から", "2018年から"), ("ko", "2015년부터", "2019년부터")):
        page = root / "docs" / lang / "gioi-thieu.md"
        page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def run(cores: int) -> tuple[dict, dict]:
        noted = tmp_path / f"shares-{cores}.jsonl"
        done = subprocess.run([sys.executable, "-c", SHARED_OUT, str(cores), str(noted)],
                              cwd=root, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
        assert done.returncode == 0, done.stderr
        printed = json.loads(done.stdout.splitlines()[-1])
        shares = [json.loads(line) for line in noted.read_text(encoding="utf-8").splitlines()]
        return printed, {pid: langs for pid, langs in shares}

    (alone, one), (shared, three) = run(1), run(3)
    assert alone["report"] == shared["report"]
    changed = [finding for finding in alone["report"]["findings"]
               if finding["code"] == "number-mismatch"]
    assert {finding["lang"] for finding in changed} == {"en", "zh", "ja", "ko"}
    assert one == {alone["pid"]: ["en", "ja", "ko", "zh"]}
    assert len(three) == 3 and shared["pid"] in three  # the first share here, two forked
    assert sorted(lang for langs in three.values() for lang in langs) == ["en", "ja", "ko", "zh"]
