"""Contributions in Word: a .docx or .odt made by LibreOffice from the fixtures in
tests/fixtures/word/ becomes a page of the project through the real `bdpub import`."""
import base64
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, run_bdpub
from lxml import html as lxml_html
from PIL import Image

from build_tools.content import image_files, render
from build_tools.content.project import load_project
from build_tools.text import legacy

WORD = FIXTURES / "word"
PAGE = "docs/vi/bao-cao-hop-tac-doi-ngoai-quy-i.md"
TCVN3_TEXT = ("Kinh tế của tỉnh tiếp tục tăng trưởng khá, thu hút đầu tư nước ngoài đạt kết "
              "quả tốt.")
BOXED = "Tỉnh tiếp tục chuẩn bị cho các hội nghị quốc tế.\n\nKhung ghi nhớ\n"
"""A paragraph and the text box it anchors: both kept, the box's text after it."""
TCVN3_CAPITALS = "phương hướng quý ii"  # typed in .VnTimeH, which draws it in capitals
EXTENSIONS = "[abbr, admonition, attr_list, def_list, footnotes, md_in_html, tables, toc]"
HEADINGS = [(1, "Báo cáo hợp tác đối ngoại quý I"), (2, "I. KẾT QUẢ ĐẠT ĐƯỢC"),
            (3, "1. Đón tiếp đoàn khách quốc tế"), (4, "a) Đoàn khách châu Âu"),
            (4, "b) Đoàn khách châu Á"), (3, "2. Hội nghị xúc tiến đầu tư"),
            (2, "II. PHƯƠNG HƯỚNG QUÝ II"), (3, "Kiến nghị chung"), (2, "Phụ lục"),
            (3, "Nguồn số liệu")]
SITE_TAGS = {"div", "h1", "h2", "h3", "h4", "p", "a", "em", "strong", "ul", "ol", "li", "img",
             "table", "thead", "tbody", "tr", "th", "td", "sup", "hr"}
"""What the site's Markdown makes of an imported page: no tag written as raw HTML."""


def _tcvn3(text: str) -> str:
    """Unicode text as TCVN3 bytes shown as cp1252, the reverse of build_tools.text.legacy."""
    encoding = {letter: byte for byte, letter in legacy.TCVN3_DECODING.items()}
    return "".join(encoding.get(char, char) for char in text)


def _photo() -> bytes:
    """A JPEG as a camera writes it, with the GPS position of where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    exif[0x8825] = {1: "N", 2: (10.0, 58.0, 0.0), 3: "E", 4: (106.0, 39.0, 0.0)}
    stream = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(stream, "JPEG", exif=exif)
    return stream.getvalue()


def _chart() -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", (30, 20), (0, 90, 160)).save(stream, "PNG")
    return stream.getvalue()


def _soffice(target: str, sources: list[Path], folder: Path) -> subprocess.Popen:
    profile = folder / f"profile-{target}"
    return subprocess.Popen(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", target, "--outdir", str(folder), *map(str, sources)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.fixture(scope="session")
def documents(tmp_path_factory) -> dict[str, Path]:
    """The fixtures as LibreOffice saves them: .docx for both, .odt for the contribution.
    One soffice run per format, side by side (a run converts to one format only)."""
    assert shutil.which("soffice"), \
        "LibreOffice is missing: apt-get install libreoffice-writer-nogui"
    folder = tmp_path_factory.mktemp("word")
    contribution = (WORD / "contribution.fodt").read_text(encoding="utf-8")
    for placeholder, value in (("@PHOTO@", base64.b64encode(_photo()).decode()),
                               ("@CHART@", base64.b64encode(_chart()).decode()),
                               ("@TCVN3@", _tcvn3(TCVN3_TEXT)),
                               ("@TCVN3H@", "II. " + _tcvn3(TCVN3_CAPITALS))):
        contribution = contribution.replace(placeholder, value)
    (folder / "contribution.fodt").write_text(contribution, encoding="utf-8")
    shutil.copy(WORD / "changes.fodt", folder / "changes.fodt")
    runs = [_soffice("docx", [folder / "contribution.fodt", folder / "changes.fodt"], folder),
            _soffice("odt", [folder / "contribution.fodt"], folder)]
    for run in runs:
        output, _ = run.communicate(timeout=120)
        assert run.returncode == 0, output.decode(errors="replace")
    found = {name: folder / name for name in ("contribution.docx", "contribution.odt",
                                              "changes.docx")}
    assert all(path.is_file() for path in found.values()), list(folder.iterdir())
    return found


@pytest.fixture
def project(fixture_project):
    """The print fixture with the site's Markdown extensions (footnotes among them)."""
    root = fixture_project("print")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions: [attr_list, tables, admonition, toc]",
        f"markdown_extensions: {EXTENSIONS}"), encoding="utf-8")
    return root


def _split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _headings(body: str) -> list[tuple[int, str]]:
    return [(len(m[1]), m[2]) for m in re.finditer(r"^(#+) (.*)$", body, re.MULTILINE)]


def _rows(body: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in body.splitlines() if line.startswith("|") and "---" not in line]


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_word_contribution_becomes_a_page_of_the_site(project, documents):
    source = documents["contribution.docx"]
    with zipfile.ZipFile(source) as package:  # the photo travels with its position…
        photo = next(name for name in package.namelist() if name.endswith((".jpg", ".jpeg")))
        assert Image.open(io.BytesIO(package.read(photo))).getexif().get_ifd(0x8825)
    result = run_bdpub("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    stem = PAGE[:-3]
    assert result.stdout.splitlines()[-4:] == [
        f"wrote {PAGE}", f"wrote {stem}-1.jpg", f"wrote {stem}-2.png", f"next: bdpub check {PAGE}"]
    text = (project / PAGE).read_text(encoding="utf-8")
    meta, body = _split(text)
    assert meta["title"] == "Báo cáo hợp tác đối ngoại quý I"
    assert meta["description"].startswith("Sở Ngoại vụ báo cáo các hoạt động đối ngoại")
    assert meta["description"].endswith("…") and len(meta["description"]) <= 161
    assert str(meta["date"]) == "2019-03-15"
    assert _headings(body) == HEADINGS
    assert "-   Đoàn Hà Lan\n    -   Thăm khu công nghiệp\n    -   Làm việc với" in body
    assert "1.  Đoàn Nhật Bản\n2.  Đoàn Hàn Quốc" in body
    assert _rows(body) == [["Hoạt động", "Tháng 1", "Tháng 2"], ["Đoàn khách", "5", "7"],
                           ["", "Tăng đều", ""], ["Hội nghị", "2 (một trực tuyến)", "3"]]
    assert "theo [kế hoạch năm 2019](https://example.org/ke-hoach) của tỉnh.[^1]" in body
    assert "\n[^1]: Số liệu do các sở, ngành gửi đến ngày 10 tháng 3." in body
    assert "tỉnh đón mười hai đoàn khách của các tổ chức quốc tế." in body  # underline, small caps
    assert f"\n{TCVN3_TEXT}\n" in body
    assert f"![Đoàn khách thăm khu công nghiệp]({Path(stem).name}-1.jpg)" in body
    # …and arrives without it.
    image = project / f"{stem}-1.jpg"
    assert image_files.metadata_found(image) == []
    assert not Image.open(image).getexif().get_ifd(0x8825)
    assert image_files.probe(project / f"{stem}-2.png").format == "PNG"
    output = result.stdout
    assert f"{PAGE}:{_line(text, TCVN3_TEXT)}: note: converted from TCVN3" in output
    assert f"{PAGE}:{_line(text, 'PHƯƠNG HƯỚNG')}: note: converted from TCVN3" in output
    assert (f'{PAGE}:{_line(text, "| Hoạt động")}: warning: table 1 (after "2. Hội nghị xúc '
            'tiến đầu tư"): merged cells were split') in output
    assert f"{PAGE}:{_line(text, '-2.png')}: warning: the image {Path(stem).name}-2.png" in output
    assert re.search(r'contribution\.docx:33: warning: paragraph 33 \("Tỉnh tiếp tục.*holds a '
                     r"text box; its text is now a paragraph near there", output)
    assert BOXED in body and "[import-lost-text]" not in output
    _assert_site_markdown(project, body)
    checked = run_bdpub("check", PAGE, cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_bdpub("build", "--site-only", cwd=project)
    assert built.returncode == 0, built.stderr
    published = (project / f"site/{Path(stem).name}/index.html").read_text(encoding="utf-8")
    assert "Kinh tế của tỉnh" in published and f"{Path(stem).name}-1.jpg" in published


def _assert_site_markdown(project: Path, body: str) -> None:
    """The page says everything in the site's dialect: rendered by the site's own Markdown,
    nothing is left as raw HTML, attributes or pandoc's syntax."""
    converter = render.converter(load_project(project / "mkdocs.yml"))
    rendered = converter.convert(body)
    tags = {element.tag for element in
            lxml_html.fragment_fromstring(rendered, create_parent="div").iter()}
    assert tags <= SITE_TAGS, tags - SITE_TAGS
    assert not re.search(r"\{[.#]|<span|\\$", body, re.MULTILINE)


def test_an_opendocument_contribution_goes_where_it_is_told(project, documents):
    result = run_bdpub("import", str(documents["contribution.odt"]), "--to",
                       "docs/vi/hop-tac/bao-cao-quy-1.md", cwd=project)
    assert result.returncode == 0, result.stderr
    text = (project / "docs/vi/hop-tac/bao-cao-quy-1.md").read_text(encoding="utf-8")
    meta, body = _split(text)
    assert meta["title"] == "Báo cáo hợp tác đối ngoại quý I" and str(meta["date"]) == "2019-03-15"
    assert _headings(body) == HEADINGS  # LibreOffice's bold paragraph style makes headings too
    assert f"\n{TCVN3_TEXT}\n" in body and "[^1]: Số liệu" in body
    assert ["", "Tăng đều", ""] in _rows(body) and BOXED in body
    image = project / "docs/vi/hop-tac/bao-cao-quy-1-1.jpg"
    assert "![Đoàn khách thăm khu công nghiệp](bao-cao-quy-1-1.jpg)" in body
    assert image_files.metadata_found(image) == []
    _assert_site_markdown(project, body)
    checked = run_bdpub("check", "docs/vi/hop-tac/bao-cao-quy-1.md", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_tracked_changes_and_comments_stop_the_import_until_accepted(project, documents):
    source = documents["changes.docx"]
    refused = run_bdpub("import", str(source), cwd=project)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert re.search(r'changes\.docx:3: error: paragraph 3 \("Số liệu được cập nhật hằng quý\."; '
                     r"paragraphs are counted from the top of the document, table cells "
                     r"included\): 2 of the document's 2 tracked change\(s\); .*"
                     r"--accept-changes \[import-tracked-change\]", refused.stderr)
    assert re.search(r"changes\.docx:4: error: paragraph 4 .*1 of the document's 1 comment\(s\)",
                     refused.stderr)
    assert "nothing was written" in refused.stderr
    assert not list((project / "docs/vi").glob("gop-y*"))
    accepted = run_bdpub("import", str(source), "--accept-changes", cwd=project)
    assert accepted.returncode == 0, accepted.stderr
    assert "2 tracked change(s) accepted, 1 comment(s) left out" in accepted.stdout
    body = (project / "docs/vi/gop-y-du-thao-ke-hoach.md").read_text(encoding="utf-8")
    assert "Số liệu được cập nhật hằng quý." in body
    assert "chậm" not in body and "Kiểm tra lại" not in body


def test_an_existing_page_is_replaced_only_with_force(project, documents):
    source, page = str(documents["changes.docx"]), project / "docs/vi/gop-y.md"
    page.write_text("---\ntitle: Góp ý\n---\n\nBản cũ.\n", encoding="utf-8")
    refused = run_bdpub("import", source, "--accept-changes", "--to", "docs/vi/gop-y.md",
                        cwd=project)
    assert refused.returncode == 1
    assert "docs/vi/gop-y.md exists already; import with --force to replace it" in refused.stderr
    assert "Bản cũ." in page.read_text(encoding="utf-8")
    forced = run_bdpub("import", source, "--accept-changes", "--force", "--to",
                       str(page), cwd=project)  # an absolute path does as well
    assert forced.returncode == 0, forced.stderr
    assert "Số liệu được cập nhật hằng quý." in page.read_text(encoding="utf-8")
    assert not list(page.parent.glob(".*.partial"))


@pytest.mark.parametrize("target, said", [
    ("../ngoai.md", "the page must be a .md file inside a language folder (docs/vi/, docs/en/)"),
    ("docs/ngoai.md", "the page must be a .md file inside a language folder"),
    ("docs/vi/Bao_Cao.md", "for example bao-cao.md"),
    ("docs/vi/lien-ket.md", "the page must be a .md file inside a language folder"),
])
def test_a_page_outside_the_language_folders_is_refused(project, documents, target, said):
    outside = project.parent / "ngoai"
    outside.mkdir(exist_ok=True)
    (project / "docs/vi/lien-ket.md").symlink_to(outside / "trang.md")
    result = run_bdpub("import", str(documents["changes.docx"]), "--accept-changes", "--to",
                       target, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert said in result.stderr
    assert not list(outside.iterdir()) and not (project.parent / "ngoai.md").exists()


def test_pictures_in_other_formats_become_png_and_drawings_are_refused():
    from build_tools.word import pictures

    stream = io.BytesIO()
    Image.new("RGB", (10, 10), (1, 2, 3)).save(stream, "BMP")
    data, suffix = pictures._web_format(stream.getvalue())
    assert suffix == ".png" and Image.open(io.BytesIO(data)).format == "PNG"
    with pytest.raises(pictures._Refused):
        pictures._web_format(b"\xd7\xcd\xc6\x9a" + bytes(40))  # a Windows metafile's header


@pytest.mark.parametrize("option", [(), ("--translation",)])
def test_a_package_that_unpacks_into_more_than_a_document_is_refused(project, option):
    bomb = project / "bomb.docx"
    with zipfile.ZipFile(bomb, "w") as package:
        package.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.'
                         'openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')
        # A translator's sheet by its properties, naming a page the project has.
        names = {"translation": "1", "page": "so-tay/index.md",
                 "source": "docs/vi/so-tay/index.md", "lang": "en"}
        package.writestr("docProps/custom.xml", "<Properties>" + "".join(
            f'<property name="bdpub-{key}"><v>{value}</v></property>'
            for key, value in names.items()) + "</Properties>")
        for number in range(10_001):  # more parts than any document has
            package.writestr(f"word/media/image{number}.png", b"")
    result = run_bdpub("import", *option, "bomb.docx", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bomb.docx: not a" in result.stderr
    assert not list((project / "docs/vi").glob("bomb*"))
