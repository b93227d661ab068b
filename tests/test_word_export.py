"""Review copies in Word: a page or a publication through pandoc, read back with pandoc."""
import json
import re
import zipfile

import pypandoc
import pytest
from conftest import run_bdpub


def _blocks(path):
    """The document as pandoc reads it back: its blocks, flattened one level into lists."""
    return json.loads(pypandoc.convert_file(str(path), "json"))["blocks"]


def _text(inlines) -> str:
    return "".join(item["c"] if item["t"] == "Str" else " " if item["t"] == "Space" else
                   _text(item["c"][1]) if item["t"] in ("Link", "Emph", "Strong") else ""
                   for item in inlines)


@pytest.fixture
def project(fixture_project):
    return fixture_project("print")


def test_a_publication_becomes_one_word_file_with_headings_a_table_and_its_image(project):
    result = run_bdpub("export", "so-tay", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wrote so-tay-vi.docx: 3 page(s) in vi"
    path = project / "so-tay-vi.docx"
    blocks = _blocks(path)
    headings = [(block["c"][0], _text(block["c"][2])) for block in blocks
                if block["t"] == "Header"]
    # Real Word headings, the pages in reading order, each page's title at level 1.
    assert headings == [(1, "Sổ tay thành phố thông minh"), (1, "Mô hình ba nhà"),
                        (1, "Chiến lược Navigator 2021"), (2, "Bốn lĩnh vực"),
                        (2, "Ghi chú")]
    assert sum(block["t"] == "Table" for block in blocks) == 1
    with zipfile.ZipFile(path) as document:
        names = document.namelist()
        styles = document.read("word/styles.xml").decode()
        body = document.read("word/document.xml").decode()
    assert [name for name in names if name.startswith("word/media/")]  # embedded, not linked
    assert '<w:sz w:val="26" />' in styles and 'w:ascii="Times New Roman"' in styles
    page = re.search(r"<w:pgSz [^>]*/>", body).group(0)
    assert 'w:w="11906"' in page and 'w:h="16838"' in page  # A4
    assert 'w:left="1701"' in body and 'w:right="851"' in body  # 30 and 15 mm
    # A link to another page leads to that page on the site.
    assert "https://example.org/so-tay/chien-luoc/" in pypandoc.convert_file(str(path), "html")


def test_the_english_copy_of_a_page_and_an_opendocument_file(project, tmp_path):
    target = tmp_path / "review" / "mo-hinh.odt"
    result = run_bdpub("export", "docs/vi/so-tay/mo-hinh.md", "--lang", "en", "--format",
                       "odt", "-o", str(target), cwd=project)
    assert result.returncode == 0, result.stderr
    text = pypandoc.convert_file(str(target), "plain")
    assert "The Triple Helix model" in text and "Mô hình" not in text
    # The diagram is 1400 px wide: it spans the text width, not 1400 points.
    sizes = re.findall(r'svg:width="([\d.]+)(\w+)"', zipfile.ZipFile(target).read(
        "content.xml").decode())
    assert sizes and all(unit != "pt" or float(width) < 500 for width, unit in sizes)


def test_an_unknown_target_or_language_is_refused_with_what_there_is(project):
    result = run_bdpub("export", "khong-co", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "khong-co: neither a page under docs nor a publication (so-tay)" in result.stderr
    result = run_bdpub("export", "so-tay", "--lang", "fr", cwd=project)
    assert result.returncode != 0 and "the project's languages are vi, en" in result.stderr
    assert not list(project.glob("*.docx"))


def test_footnotes_become_word_footnotes(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions: [attr_list, tables, admonition, toc]",
        "markdown_extensions: [attr_list, tables, admonition, toc, footnotes]"), encoding="utf-8")
    page = project / "docs/vi/so-tay/mo-hinh.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\nMô hình được mô tả trong một tài liệu.[^1]\n\n"
                      "[^1]: Theo tài liệu của Văn phòng Dự án quốc tế Eindhoven.\n",
                    encoding="utf-8")
    result = run_bdpub("export", "so-tay", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "so-tay-vi.docx"
    with zipfile.ZipFile(path) as document:
        notes = document.read("word/footnotes.xml").decode()
        body = document.read("word/document.xml").decode()
    assert "Theo tài liệu của Văn phòng Dự án quốc tế Eindhoven." in notes
    assert "<w:footnoteReference" in body and "Theo tài liệu" not in body
    assert "Eindhoven.</w:t>" in notes  # no backlink, no trailing space


def _rows(table) -> list[tuple[str, ...]]:
    """The rows of a pandoc table, each cell as its text (paragraphs joined by a space)."""
    def text(block) -> str:
        return _text(block["c"][2] if block["t"] == "Header" else block["c"])
    return [tuple(" ".join(text(block) for block in cell[4]
                           if block["t"] in ("Para", "Plain", "Header"))
                  for cell in row[1])
            for body in table["c"][4] for row in body[3]]


def test_the_bilingual_copy_pairs_the_blocks_the_bilingual_pdf_pairs(project):
    result = run_bdpub("export", "so-tay", "--lang", "bilingual", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wrote so-tay-bilingual.docx: 3 page(s) in bilingual"
    tables = [block for block in _blocks(project / "so-tay-bilingual.docx")
              if block["t"] == "Table"]
    rows = [row for table in tables for row in _rows(table)]
    assert ("Mô hình gắn kết chính quyền, doanh nghiệp và các viện, trường.",
            "The model brings government, business and research institutions together.") in rows
    assert ("Chiến lược Navigator 2021", "The Navigator 2021 strategy") in rows
    # The section that does not line up block for block is one row: all of it on each side.
    assert ("Đoạn thứ nhất của ghi chú. Đoạn thứ hai của ghi chú.",
            "The note, translated as a single paragraph.") in rows


def _photo_with_gps(path):
    from PIL import Image
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (10.0, 58.0, 0.0), 3: "E", 4: (106.0, 39.0, 0.0)}
    Image.new("RGB", (640, 400), (11, 79, 121)).save(path, exif=exif.tobytes())


def test_images_travel_without_their_metadata_and_a_broken_one_stops_the_export(project):
    from build_tools.content.image_files import metadata_found

    _photo_with_gps(project / "docs/vi/so-tay/anh.jpg")
    assert "GPS" in metadata_found(project / "docs/vi/so-tay/anh.jpg")  # the premise
    page = project / "docs/vi/so-tay/mo-hinh.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![Ảnh chụp](anh.jpg)\n",
                    encoding="utf-8")
    result = run_bdpub("export", "so-tay", cwd=project)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(project / "so-tay-vi.docx") as document:
        media = [name for name in document.namelist() if name.startswith("word/media/")]
        assert len(media) == 2
        for name in media:
            extracted = project / "out" / name
            extracted.parent.mkdir(parents=True, exist_ok=True)
            extracted.write_bytes(document.read(name))
            assert metadata_found(extracted) == [], name
    (project / "docs/vi/so-tay/anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a photo")
    result = run_bdpub("export", "so-tay", "-o", "hong.docx", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/vi/so-tay/mo-hinh.md:1: anh.jpg: " in result.stderr
    assert not (project / "hong.docx").exists()


def test_the_language_of_messages_and_the_language_of_the_copy_are_two_options(project):
    result = run_bdpub("--lang", "vi", "export", "so-tay", "--lang", "en", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "đã ghi so-tay-en.docx: 3 trang, ngôn ngữ en"
    assert "The Triple Helix model" in pypandoc.convert_file(str(project / "so-tay-en.docx"),
                                                             "plain")
