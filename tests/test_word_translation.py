"""The translator's round trip: a page out to Word as a table, a row per block, filled in
Word (python-docx here, as a translator's Word would), and back as the translation page
with the source's structure, stamped."""
import copy
import json
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from conftest import REPO, run_bdpub
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from build_tools.text import blocks, frontmatter

PAGE = "docs/vi/so-tay/mo-hinh.md"
ENGLISH_PAGE = "docs/en/so-tay/mo-hinh.md"
SHEET = "mo-hinh-en-translation.docx"
STRUCTURE_AND_LINKS = {"structure-mismatch", "link-mismatch", "image-mismatch", "broken-link",
                       "outside-project"}
# The words a translator writes for each row of mo-hinh.md, by the row's hidden id; a tuple
# holds plain words and (words, address) links.
ENGLISH = {
    "title": "The Triple Helix model",
    "b0": "The Triple Helix model",
    "b1": "The model ties together government, business, and universities and institutes.",
    "b2": "Diagram of the Triple Helix model",
    "b3.1": "Helix", "b3.2": "Role", "b3.3": "Government", "b3.4": "Direction",
    "b3.5": "Business", "b3.6": "Investment",
    "b4.1": "Government", "b4.2": "Business", "b4.3": "Universities and institutes",
    "b5": ("See also the ", ("strategy", "https://example.org/whatever-the-translator-typed"),
           "."),
}


@pytest.fixture
def project(fixture_project):
    return fixture_project("print")


@pytest.fixture
def launch(tmp_path):
    """The repository's own launch content, copied: the pages, the glossary, mkdocs.yml and
    bdpub.toml."""
    root = tmp_path / "launch"
    root.mkdir()
    for name in ("docs", "data"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "bdpub.toml"):
        shutil.copy(REPO / name, root)
    return root


def _rows(document) -> dict[str, tuple]:
    """The sheet's rows by hidden id: (number as shown, source cell, translation cell)."""
    rows = {}
    for row in document.tables[0].rows[1:]:
        left, right = row.cells
        marks = left.paragraphs[0].runs
        identity = "".join(run.text for run in marks if run.style.name == "Bdpub Id").split()
        number = "".join(run.text for run in marks if run.style.name == "Bdpub Row")
        rows[identity[0]] = (int(number), left, right)
    return rows


def _write(cell, *parts) -> None:
    """Type into a cell, as a translator would: words, and (words, address) as a link."""
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for part in parts:
        if isinstance(part, str):
            paragraph.add_run(part)
            continue
        words, address = part
        relation = paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK,
                                            is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relation)
        run, text = OxmlElement("w:r"), OxmlElement("w:t")
        text.text = words
        run.append(text)
        link.append(run)
        paragraph._p.append(link)


def _fill(path, words: dict, leave=()) -> None:
    document = docx.Document(path)
    for identity, (_number, _left, right) in _rows(document).items():
        if identity not in leave:
            said = words[identity]
            _write(right, *(said if isinstance(said, tuple) else (said,)))
        else:
            _write(right)
    document.save(path)


def _shapes(path) -> list[tuple]:
    """What must correspond between a page and its translation, block by block."""
    page = frontmatter.split(path.read_text(encoding="utf-8"))
    return [(block.shape, blocks.links(block.text), blocks.images(block.text))
            for block in blocks.parse(page.body, page.body_line)]


def _findings(root, path) -> list[dict]:
    result = run_bdpub("check", "--format", "json", "--fail-on", "never", path, cwd=root)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["findings"]


def test_a_page_goes_out_as_a_table_of_rows_beside_its_present_translation(project):
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {SHEET}: 14 row(s) for translation into en"
    document = docx.Document(project / SHEET)
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["Tiếng Việt", "English"]
    rows = _rows(document)
    assert list(rows) == list(ENGLISH)  # the title, then a row per block, item and cell
    assert [number for number, _left, _right in rows.values()] == list(range(1, 15))
    number, left, right = rows["b5"]
    # The source as the site renders it (its link a link), the translation beside it.
    assert left.paragraphs[1].text == "Xem thêm chiến lược."
    assert left.paragraphs[1].hyperlinks[0].address == "chien-luoc.md"
    assert right.text == "See also the strategy."
    assert rows["b3.3"][2].text == "Government"
    # What each row is, said to the translator, beside its number; the identity is hidden.
    visible = "".join(run.text for run in rows["b2"][1].paragraphs[0].runs
                      if run.style.name != "Bdpub Id")
    assert visible == "4 · Chữ thay cho ảnh so-do.png"
    with zipfile.ZipFile(project / SHEET) as archive:
        styles = archive.read("word/styles.xml").decode()
        body = archive.read("word/document.xml").decode()
        properties = archive.read("docProps/custom.xml").decode()
    hidden = re.search(r'<w:style [^>]*w:styleId="BdpubId"[^>]*>.*?</w:style>', styles)
    assert re.search(r"<w:vanish ?/>", hidden.group(0))
    assert 'w:orient="landscape"' in body
    assert '<vt:lpwstr>so-tay/mo-hinh.md</vt:lpwstr>' in properties


def test_the_filled_cells_come_back_as_the_english_page_with_the_source_structure(project):
    (project / ENGLISH_PAGE).unlink()  # a first translation: every right-hand cell is empty
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not any(right.text for _n, _l, right in _rows(docx.Document(project / SHEET)).values())
    _fill(project / SHEET, ENGLISH)
    result = run_bdpub("import", "--translation", SHEET, cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote {ENGLISH_PAGE}",
                                          f"next: bdpub check {ENGLISH_PAGE}"]
    english = project / ENGLISH_PAGE
    assert _shapes(english) == _shapes(project / PAGE)
    text = english.read_text(encoding="utf-8")
    assert "\n# The Triple Helix model\n" in text
    assert "![Diagram of the Triple Helix model](so-do.png)" in text  # the source's path
    assert "| Helix | Role |\n|---|---|\n| Government | Direction |" in text
    assert "- Universities and institutes\n" in text
    assert "See also the [strategy](chien-luoc.md)." in text  # the source's target
    meta = frontmatter.split(text)
    assert text.startswith("---\ntitle: The Triple Helix model\ntranslation:\n  sections:\n"
                           '    "Mô hình ba nhà": ')
    assert meta.body.startswith("\n# The Triple Helix model")
    assert _findings(project, ENGLISH_PAGE) == []  # no structure, link or outdated finding


def test_a_sheet_saved_again_by_libreoffice_comes_back_the_same(project, tmp_path):
    assert shutil.which("soffice"), \
        "LibreOffice is missing: apt-get install libreoffice-writer-nogui"
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    _fill(project / SHEET, ENGLISH)
    result = run_bdpub("import", "--translation", SHEET, cwd=project)
    assert result.returncode == 0, result.stderr
    from_word = (project / ENGLISH_PAGE).read_text(encoding="utf-8")
    (project / ENGLISH_PAGE).unlink()
    saved = tmp_path / "saved"
    office = subprocess.run(
        ["soffice", "--headless", "--norestore",
         f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(saved), str(project / SHEET)],
        capture_output=True, text=True, timeout=180)
    assert office.returncode == 0 and (saved / SHEET).is_file(), office.stdout + office.stderr
    result = run_bdpub("import", "--translation", str(saved / SHEET), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / ENGLISH_PAGE).read_text(encoding="utf-8") == from_word


def test_a_translators_words_are_escaped_so_the_structure_holds(project):
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    words = {**ENGLISH, "b1": "2019. A year of *stars* and [brackets] <b>bold</b>",
             "b3.2": "Role | part", "b4.1": "- Government"}
    _fill(project / SHEET, words)
    result = run_bdpub("import", "--translation", SHEET, cwd=project)
    assert result.returncode == 0, result.stderr
    text = (project / ENGLISH_PAGE).read_text(encoding="utf-8")
    assert "\n2019\\. A year of \\*stars\\* and \\[brackets\\] &lt;b>bold&lt;/b>\n" in text
    assert "| Helix | Role &#124; part |" in text
    assert "\n- \\- Government\n" in text
    assert _shapes(project / ENGLISH_PAGE) == _shapes(project / PAGE)


def test_a_stale_export_is_refused_at_its_rows_and_taken_with_force(project):
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    _fill(project / SHEET, ENGLISH)
    before = (project / ENGLISH_PAGE).read_text(encoding="utf-8")
    source = project / PAGE
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Mô hình gắn kết", "Mô hình ba nhà gắn kết"), encoding="utf-8")
    result = run_bdpub("import", "--translation", SHEET, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{SHEET}:3: error: the source of this row ({PAGE}:8) changed after the export; "
            "export the page again, or import with --force to take the file as it is "
            "[source-changed]") in result.stderr
    assert result.stderr.count("[source-changed]") == 1  # only the row whose source changed
    assert (project / ENGLISH_PAGE).read_text(encoding="utf-8") == before
    result = run_bdpub("import", "--translation", SHEET, "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"{SHEET}:3: warning: the source of this row ({PAGE}:8) changed" in result.stdout
    assert _shapes(project / ENGLISH_PAGE) == _shapes(source)
    # Taken as it is, the page still says that its section is behind the source.
    codes = [finding["code"] for finding in _findings(project, ENGLISH_PAGE)]
    assert codes == ["outdated-translation"]


def test_a_block_added_needs_a_new_export_and_a_block_removed_is_left_out_with_force(project):
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    _fill(project / SHEET, ENGLISH)
    source = project / PAGE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("- Viện, trường\n", "- Viện, trường\n\nĐoạn mới.\n"),
                      encoding="utf-8")
    for force in ((), ("--force",)):  # the new paragraph has no translation; the rest moved
        result = run_bdpub("import", "--translation", SHEET, *force, cwd=project)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.count(" error: ") == 1  # the moved rows found their blocks
        assert (f"{SHEET}:14: error: {PAGE}:21 has no row in this file; export the page "
                "again [missing-row]") in result.stderr
    source.write_text(text.replace("- Viện, trường\n", ""), encoding="utf-8")
    result = run_bdpub("import", "--translation", SHEET, cwd=project)
    assert result.returncode == 1
    assert (f"{SHEET}:13: error: this row's block is no longer in {PAGE}; export the page "
            "again [unknown-row]") in result.stderr
    result = run_bdpub("import", "--translation", SHEET, "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"{SHEET}:13: warning: this row's block is no longer in {PAGE}" in result.stdout
    assert "- Business\n\nSee also" in (project / ENGLISH_PAGE).read_text(encoding="utf-8")
    assert _shapes(project / ENGLISH_PAGE) == _shapes(source)


def test_the_rows_whose_source_changed_since_the_present_translation_say_so(project):
    result = run_bdpub("stamp", ENGLISH_PAGE, cwd=project)
    assert result.returncode == 0, result.stderr
    source = project / PAGE
    source.write_text(source.read_text(encoding="utf-8").replace("- Viện, trường", "- Trường"),
                      encoding="utf-8")
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    rows = _rows(docx.Document(project / SHEET))
    marks = {identity: left.paragraphs[0].text for identity, (_n, left, _r) in rows.items()}
    assert marks["b4.3"].endswith("Mục trong danh sách · bản gốc đã thay đổi sau bản dịch "
                                  "hiện có")
    assert rows["b4.3"][2].text == "Research and education"  # still there, to be revised
    assert "thay đổi" not in marks["title"]  # the front matter is not a section


def test_a_dropped_link_and_empty_rows_are_refused_with_their_row_numbers(project):
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    before = (project / ENGLISH_PAGE).read_text(encoding="utf-8")
    _fill(project / SHEET, {**ENGLISH, "b5": "See also the strategy."}, leave=("b4.2", "title"))
    result = run_bdpub("import", "--translation", SHEET, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        f"{SHEET}:1: error: this row is not translated: its right-hand cell is empty "
        "[untranslated-row]",
        f"{SHEET}:12: error: this row is not translated: its right-hand cell is empty "
        "[untranslated-row]",
        f"{SHEET}:14: error: the source has 1 link(s) in this row, the translation 0; keep "
        "each one [row-structure]"]
    assert (project / ENGLISH_PAGE).read_text(encoding="utf-8") == before  # never the source


EVERY_BLOCK = """---
title: Trang có mọi loại khối
description: Một trang có đủ các loại khối.
order: 9
---

# Trang có mọi loại khối

Đoạn có chữ **đậm**, chữ *nghiêng*, `mã | lệnh`, [liên kết](mo-hinh.md "Mô hình") và
một [liên kết tham chiếu][chien-luoc], rồi ảnh nhỏ ![biểu tượng](bia.png){width=20} giữa câu.[^ghi]

Đề mục gạch dưới
----------------

1. Mục một có [liên kết](https://example.org/mot).
2. Mục hai
   tiếp tục ở dòng sau.
    - Mục con
3. Mục ba

!!! note "Lưu ý quan trọng"
    Nội dung khung ghi chú.

    - Một mục trong khung.

> Một câu trích dẫn
> trên hai dòng.
>
> Đoạn thứ hai của trích dẫn.

```python
print("không dịch | giữ nguyên")
```

| Cột A | Cột B |
|:---|---:|
| ô *một* | `a|b` |
|  | ô bốn |

---

[chien-luoc]: chien-luoc.md

[^ghi]: Chú thích cuối trang,
    dòng thứ hai.
"""


def test_every_kind_of_block_keeps_its_markdown_frame(project):
    page = project / "docs/vi/so-tay/moi-khoi.md"
    page.write_text(EVERY_BLOCK, encoding="utf-8")
    result = run_bdpub("export", "--for-translation", str(page.relative_to(project)),
                       "--lang", "en", "-o", "out/moi-khoi.docx", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wrote out/moi-khoi.docx: 20 row(s) for translation into en"
    # The translator copies each source cell across, formatting and links included, and
    # writes over its words.
    document = docx.Document(project / "out/moi-khoi.docx")
    for _number, left, right in _rows(document).values():
        right._tc.remove(right.paragraphs[0]._p)
        for paragraph in left.paragraphs[1:]:
            right._tc.append(copy.deepcopy(paragraph._p))
        first = next(run for run in right.paragraphs[0].runs if run.text.strip())
        first.text = "EN " + first.text
    document.save(project / "out/moi-khoi.docx")
    result = run_bdpub("import", "--translation", "out/moi-khoi.docx", cwd=project)
    assert result.returncode == 0, result.stderr
    english = project / "docs/en/so-tay/moi-khoi.md"
    assert _shapes(english) == _shapes(page)
    text = english.read_text(encoding="utf-8")
    for kept in ("EN Đoạn có chữ **đậm**, chữ *nghiêng*, `mã | lệnh`, "
                 '[liên kết](mo-hinh.md "Mô hình") và một [liên kết tham chiếu][chien-luoc], '
                 "rồi ảnh nhỏ ![biểu tượng](bia.png){width=20} giữa câu.[^ghi]\n",
                 "\nEN Đề mục gạch dưới\n----------------\n",
                 "\n2. EN Mục hai tiếp tục ở dòng sau.\n    - EN Mục con\n3. EN Mục ba\n",
                 '\n!!! note "EN Lưu ý quan trọng"\n    EN Nội dung khung ghi chú.\n\n'
                 "    - EN Một mục trong khung.\n",
                 "\n> EN Một câu trích dẫn trên hai dòng.\n>\n> EN Đoạn thứ hai của trích dẫn.\n",
                 '\n```python\nprint("không dịch | giữ nguyên")\n```\n',
                 "\n| EN Cột A | EN Cột B |\n|:---|---:|\n| EN ô *một* | `EN a|b` |\n"
                 "|  | EN ô bốn |\n",
                 "\n---\n\n[chien-luoc]: chien-luoc.md\n\n[^ghi]: EN Chú thích cuối trang, "
                 "dòng thứ hai.\n"):
        assert kept in text, kept
    codes = {finding["code"] for finding in _findings(project, "docs/en/so-tay/moi-khoi.md")}
    assert not codes & STRUCTURE_AND_LINKS


def _retyped(cell) -> tuple:
    """A cell's words as a translator types them again: its links as links, to wherever
    the translator's Word takes them."""
    parts = []
    for child in cell.paragraphs[0]._p:
        words = "".join(text.text or "" for text in child.iter(qn("w:t")))
        if child.tag == qn("w:hyperlink"):
            parts.append((words, "https://example.org/retyped"))
        elif child.tag == qn("w:r"):
            parts.append(words)
    return tuple(parts)


def test_a_launch_page_comes_back_from_word_as_its_english_page(launch):
    page = "docs/vi/thanh-pho-thong-minh/dien-dan-horasis.md"
    english = launch / "docs/en/thanh-pho-thong-minh/dien-dan-horasis.md"
    published = english.read_text(encoding="utf-8")
    result = run_bdpub("export", "--for-translation", page, "--lang", "en", cwd=launch)
    assert result.returncode == 0, result.stderr
    sheet = launch / "dien-dan-horasis-en-translation.docx"
    document = docx.Document(sheet)
    rows = _rows(document)
    assert len(rows) == 6 and all(right.text for _n, _l, right in rows.values())
    # The translator types every row again, the link included.
    words = {identity: _retyped(right) for identity, (_n, _l, right) in rows.items()}
    assert any(isinstance(part, tuple) for said in words.values() for part in said)
    _fill(sheet, words)
    result = run_bdpub("import", "--translation", sheet.name, cwd=launch)
    assert result.returncode == 0, result.stderr
    text = english.read_text(encoding="utf-8")
    assert frontmatter.split(text).body == frontmatter.split(published).body
    assert _shapes(english) == _shapes(launch / page)
    assert "[Binh Duong - Horasis 2019](../horasis-2019/index.md)" in text
    assert "\ntranslation:\n  sections:\n" in text
    assert _findings(launch, "docs/en/thanh-pho-thong-minh/dien-dan-horasis.md") == []
    # Exported and brought back as it is, every launch translation keeps its body.
    for page in sorted((launch / "docs/vi/thanh-pho-thong-minh").glob("*.md")):
        english = launch / "docs/en" / page.relative_to(launch / "docs/vi")
        body = frontmatter.split(english.read_text(encoding="utf-8")).body
        result = run_bdpub("export", "--for-translation", str(page.relative_to(launch)),
                           "-o", "again.docx", "--lang", "en", cwd=launch)
        assert result.returncode == 0, result.stderr
        result = run_bdpub("import", "--translation", "again.docx", cwd=launch)
        assert result.returncode == 0, result.stderr
        assert frontmatter.split(english.read_text(encoding="utf-8")).body == body, page.name


def test_what_is_not_a_translators_copy_is_refused_without_a_traceback(project):
    result = run_bdpub("export", "so-tay", cwd=project)
    assert result.returncode == 0, result.stderr
    result = run_bdpub("import", "--translation", "so-tay-vi.docx", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ("so-tay-vi.docx: not a translator's copy from bdpub export --for-translation"
            in result.stderr)
    result = run_bdpub("export", "--for-translation", ENGLISH_PAGE, "--lang", "en", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{ENGLISH_PAGE}: this is a translation; export its source page, {PAGE}" \
        in result.stderr
    result = run_bdpub("export", "--for-translation", PAGE, "--lang", "fr", cwd=project)
    assert result.returncode != 0 and "--lang fr: the project translates into en" \
        in result.stderr
    assert not list(project.glob("*-translation.docx"))
