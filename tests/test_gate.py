"""The build is the gate, tried from the attacker's side: every hostile, careless or broken
input gives a non-zero exit with `path:line: message`, no traceback, the same finding from
`bdpub check`, and the previous site/ untouched."""
from __future__ import annotations

import hashlib
import io
import os
import re
import resource
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_bdpub
from PIL import Image

PAGE = "---\ntitle: Trang thử\n---\n\n"  # the body starts on line 5
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}


def page(body: str, front: str = "title: Trang thử") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


def png(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 30, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_bomb() -> bytes:
    """A PNG whose header claims 100 000 × 100 000 pixels, in a few hundred bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b""))


def site_digest(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The minimal fixture, built once: each case starts from a copy of it, site/ included."""
    root = tmp_path_factory.mktemp("gate") / "built"
    shutil.copytree(FIXTURES / "minimal", root)
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def symlink(root: Path, name: str, target: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / name)


# Each case: files to write (or a function that prepares the project), then the findings
# expected, as (the start of a line of output, the code that line ends with).
CASES = {
    "script in a title": (
        {"docs/vi/gioi-thieu.md": "---\ntitle: <script>alert(1)</script>\norder: 1\n---\n\n# A\n"},
        [("docs/vi/gioi-thieu.md:2: error:", "unsafe-html")]),
    "script in a description": (
        {"docs/en/gioi-thieu.md": page("# About", "title: About\ndescription: <img src=x "
                                                 "onerror=alert(1)>")},
        [("docs/en/gioi-thieu.md:3: error:", "unsafe-html")]),
    "script element": (
        {"docs/vi/thu.md": page("Đoạn văn.\n\n<script>alert(1)</script>")},
        [("docs/vi/thu.md:7: error:", "unsafe-html")]),
    "event attribute": (
        {"docs/vi/thu.md": page("Ảnh:\n\n<p onmouseover=\"alert(1)\">chữ</p>")},
        [("docs/vi/thu.md:7: error:", "unsafe-html")]),
    "event attribute split across lines": (
        {"docs/vi/thu.md": page("<a href=\"#a\"\n   onclick=\"alert(1)\">x</a>")},
        [("docs/vi/thu.md:6: error:", "unsafe-html")]),
    "event attribute through attr_list": (
        {"docs/vi/thu.md": page("Đoạn một.\n\nĐoạn hai.\n{ onclick=\"alert(1)\" }")},
        [("docs/vi/thu.md:8: error:", "unsafe-html")]),
    "javascript link": (
        {"docs/vi/thu.md": page("Đoạn.\n\n[bấm vào](javascript:alert(1))")},
        [("docs/vi/thu.md:7: error:", "unsafe-html")]),
    "javascript link hidden in a character reference": (
        {"docs/vi/thu.md": page("Đoạn.\n\n[bấm vào](&#106;avascript:alert(1))")},
        [("docs/vi/thu.md:7: error:", "unsafe-html")]),
    "meta refresh": (
        {"docs/vi/thu.md": page("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">")},
        [("docs/vi/thu.md:5: error:", "unsafe-html")]),
    "form posting elsewhere": (
        {"docs/vi/thu.md": page("<form action=\"https://evil.example/\"><input name=\"q\"></form>")},
        [("docs/vi/thu.md:5: error:", "unsafe-html")]),
    "base element": (
        {"docs/vi/thu.md": page("Đoạn.\n\n<base href=\"https://evil.example/\">")},
        [("docs/vi/thu.md:7: error:", "unsafe-html")]),
    "unquoted iframe": (
        {"docs/vi/thu.md": page("<iframe src=https://evil.example/></iframe>")},
        [("docs/vi/thu.md:5: error:", "unsafe-html")]),
    "stylesheet from elsewhere": (
        {"docs/vi/thu.md": page("<link rel=stylesheet href=https://evil.example/x.css>")},
        [("docs/vi/thu.md:5: error:", "unsafe-html")]),
    "inline svg with a script": (
        {"docs/vi/thu.md": page("<svg><script>alert(1)</script></svg>")},
        [("docs/vi/thu.md:5: error:", "unsafe-html")]),
    "iframe in a publication": (
        {"docs/vi/so-tay/khung.md": page("Đoạn.\n\n<iframe src=\"bia.png\"></iframe>")},
        [("docs/vi/so-tay/khung.md:7: error:", "unsafe-html")]),
    "symlink to a system file": (
        lambda root: symlink(root, "docs/vi/x.txt", "/etc/passwd"),
        [("docs/vi/x.txt:1: error:", "outside-project")]),
    "symlinked system folder": (
        lambda root: symlink(root, "docs/vi/he-thong", "/etc"),
        [("docs/vi/he-thong:1: error:", "outside-project")]),
    "symlink loop": (
        lambda root: symlink(root, "docs/vi/vong", "."),
        [("docs/vi/vong:1: error:", "outside-project")]),
    "dangling symlink": (
        lambda root: symlink(root, "docs/vi/mat.png", "khong-co.png"),
        [("docs/vi/mat.png:1: error:", "outside-project")]),
    "cover outside the project": (
        {"docs/vi/so-tay/index.md": "---\ntitle: Sổ tay\npublication:\n  kind: booklet\n"
                                    "  date: 2019\n  cover: /etc/passwd\n---\n\n# Sổ tay\n"},
        [("docs/vi/so-tay/index.md:6: error:", "outside-project")]),
    "absolute image path": (
        {"docs/vi/thu.md": page("![](/etc/passwd)")},
        [("docs/vi/thu.md:5: error:", "outside-project")]),
    "file URL image": (
        {"docs/vi/thu.md": page("Đoạn.\n\n![ảnh](file:///etc/passwd)")},
        [("docs/vi/thu.md:7: error:", "outside-project")]),
    "image from another host": (
        {"docs/vi/thu.md": page("![ảnh](https://evil.example/x.png)")},
        [("docs/vi/thu.md:5: error:", "external-image")]),
    "image from another host in HTML": (
        {"docs/vi/thu.md": page("Đoạn.\n\n<img src=\"//evil.example/x.png\" alt=\"x\">")},
        [("docs/vi/thu.md:7: error:", "external-image")]),
    "page beside a folder of the same name": (
        {"docs/vi/ban-tin.md": page("Trang trùng tên.")},
        [("docs/vi/ban-tin.md:1: error:", "output-collision")]),
    "source page over the English home": (
        {"docs/vi/en.md": page("Trang trùng địa chỉ.")},
        [("docs/vi/en.md:1: error:", "output-collision"),
         ("docs/en/index.md:1: error:", "output-collision")]),
    "two publications with one slug": (
        {"docs/vi/ban-tin-2019-q2/index.md": "---\ntitle: Trùng\npublication:\n  kind: "
                                             "bulletin\n  issue: 2019-Q2\n---\n\n# Trùng\n"},
        [("docs/vi/ban-tin-2019-q2/index.md:1: error:", "output-collision"),
         ("docs/vi/ban-tin/2019-q2/index.md:1: error:", "output-collision")]),
    "jpg and png of one name": (
        {"docs/vi/anh.jpg": jpeg(600, 400), "docs/vi/thu.md": page("![a](anh.jpg)\n\n![b](anh.png)"),
         "docs/vi/anh.png": png(600, 400)},
        [("docs/vi/anh.png:1: error:", "output-collision"),
         ("docs/vi/anh.jpg:1: error:", "output-collision")]),
    "name with diacritics beside its plain twin": (
        {"docs/vi/Giới-thiệu.md": page("Trùng.")},
        [("docs/vi/Giới-thiệu.md:1: error:", "file-name")]),
    "impossible date in front matter": (
        {"docs/en/gioi-thieu.md": page("# About", "title: About\nsubtitle: 2019-02-30")},
        [("docs/en/gioi-thieu.md:3: error:", "front-matter")]),
    "front matter closed at the end of the file": (
        {"docs/vi/thu.md": "---\ntitle: Thử\n---"},
        [("docs/vi/thu.md:3: error:", "front-matter")]),
    "cover that is not an image": (
        {"docs/vi/so-tay/bia.jpg": "không phải ảnh\n",
         "docs/vi/so-tay/index.md": "---\ntitle: Sổ tay\npublication:\n  kind: booklet\n"
                                    "  date: 2019\n  cover: bia.jpg\n---\n\n# Sổ tay\n"},
        [("docs/vi/so-tay/bia.jpg:1: error:", "bad-image"),
         ("docs/vi/so-tay/index.md:6: error:", "bad-image")]),
    "png decompression bomb": (
        {"docs/vi/bom.png": png_bomb(), "docs/vi/thu.md": page("![bom](bom.png)")},
        [("docs/vi/bom.png:1: error:", "bad-image"), ("docs/vi/thu.md:5: error:", "bad-image")]),
    "truncated image": (
        {"docs/vi/cat.png": png(300, 300)[:200], "docs/vi/thu.md": page("![cắt](cat.png)")},
        [("docs/vi/cat.png:1: error:", "bad-image")]),
    "damaged images among enough to be read on every core": (
        {**{f"docs/vi/anh/{number:02}.png": png(8 + number, 8) for number in range(20)},
         "docs/vi/anh/cat.png": png(300, 300)[:200], "docs/vi/anh/bom.png": png_bomb(),
         "docs/vi/anh/gia.jpg": "không phải ảnh\n"},
        [("docs/vi/anh/cat.png:1: error:", "bad-image"),
         ("docs/vi/anh/bom.png:1: error:", "bad-image"),
         ("docs/vi/anh/gia.jpg:1: error:", "bad-image")]),
    "svg in a publication": (
        {"docs/vi/so-tay/so-do.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>'
                                     'alert(1)</script></svg>',
         "docs/vi/so-tay/hinh.md": page("![sơ đồ](so-do.svg)")},
        [("docs/vi/so-tay/so-do.svg:1: error:", "file-type")]),
    "hostile svg with an external entity": (
        {"docs/vi/xxe.svg": '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM '
                            '"file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">'
                            '<text>&x;</text></svg>'},
        [("docs/vi/xxe.svg:1: error:", "file-type")]),
    "html file in docs": (
        {"docs/vi/trang.html": "<script>alert(1)</script>"},
        [("docs/vi/trang.html:1: error:", "file-type")]),
    "javascript file in docs": (
        {"docs/en/app.js": "alert(1)"},
        [("docs/en/app.js:1: error:", "file-type")]),
    "page outside a language folder": (
        {"docs/README.md": "# Đọc tôi\n"},
        [("docs/README.md:1: error:", "file-type")]),
    "file over the theme's own": (
        {"docs/assets/images/favicon.png": png()},
        [("docs/assets/images/favicon.png:1: error:", "output-collision")]),
    "not a regular file": (
        lambda root: os.mkfifo(root / "docs/vi/ong.txt"),
        [("docs/vi/ong.txt:1: error:", "unreadable-file")]),
    "a page of unclosed brackets": (
        {"docs/vi/thu.md": page("Đoạn.\n\n" + "[" * 60_000)},
        [("docs/vi/thu.md:7: error:", "markup-too-complex")]),
    "a page of unclosed tags": (
        {"docs/vi/thu.md": page("<a " * 20_000)},
        [("docs/vi/thu.md:5: error:", "markup-too-complex")]),
}


def prepare(root: Path, setup) -> None:
    if callable(setup):
        setup(root)
    else:
        write(root, setup)


@pytest.mark.parametrize("case", CASES)
def test_hostile_input_stops_the_build_and_the_check_at_its_place(project, case):
    setup, expected = CASES[case]
    before = site_digest(project / "site")
    prepare(project, setup)
    build = run_bdpub("build", cwd=project)
    check = run_bdpub("check", cwd=project)
    for result in (build, check):
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert "Traceback" not in output, output
        for start, code in expected:
            assert any(line.startswith(start) and line.rstrip().endswith(f"[{code}]")
                       for line in output.splitlines()), f"{start} … [{code}] not in:\n{output}"
    assert "nothing was written" in build.stderr
    assert site_digest(project / "site") == before


def test_a_byte_order_mark_does_not_hide_the_front_matter(project):
    write(project, {"docs/en/gioi-thieu.md": "\ufeff" + page("# About us\n\nText.",
                                                               "title: About us")})
    result = run_bdpub("build", "--site-only", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / "site/en/gioi-thieu/index.html").read_text(encoding="utf-8")
    assert "<title>About us - " in html and "title: About us" not in html


def test_a_page_with_an_empty_body_builds(project):
    write(project, {"docs/vi/trong.md": "---\ntitle: Trang trống\n---\n",
                    "docs/en/trong.md": "---\ntitle: Empty page\n---\n"})
    result = run_bdpub("build", "--site-only", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/en/trong/index.html").is_file()


def test_a_link_inside_the_repository_is_published(project):
    write(project, {"shared/anh.png": png(40, 30)})
    symlink(project, "docs/vi/anh.png", "../../shared/anh.png")
    write(project, {"docs/vi/thu.md": page("![ảnh](anh.png)")})
    result = run_bdpub("build", "--site-only", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/anh.png").read_bytes().startswith(b"\x89PNG")


def test_a_shared_assets_folder_is_found_from_every_language(project):
    write(project, {"docs/assets/logo.png": png(40, 30),
                    "docs/vi/thu.md": page("![logo](../assets/logo.png)"),
                    "docs/en/thu.md": page("![logo](../assets/logo.png)", "title: Test")})
    check = run_bdpub("check", cwd=project)
    assert "missing-image" not in check.stdout, check.stdout
    result = run_bdpub("build", "--site-only", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/assets/logo.png").is_file()


def test_docs_dir_outside_the_repository_is_refused(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "docs_dir: /etc\n", encoding="utf-8")
    result = run_bdpub("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs_dir must be a folder inside the repository" in result.stderr


def _limited_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_is_a_message_and_the_site_stays(project):
    """RLIMIT_FSIZE makes every write past 4 KB fail as a full disk would."""
    before = site_digest(project / "site")
    shutil.rmtree(project / ".cache")
    result = subprocess.run([sys.executable, "-m", "build_tools", "build", "--site-only"],
                            cwd=project, env=ENV, capture_output=True, text=True, timeout=300,
                            preexec_fn=_limited_file_size)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "File too large" in result.stderr or "No space" in result.stderr, result.stderr
    assert site_digest(project / "site") == before


def test_a_site_folder_that_cannot_be_replaced_is_a_message(project, tmp_path):
    """A file where the site's parent folder should be: nothing can be written there."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    result = run_bdpub("build", "--site-only", "--site-dir", str(blocker / "site"), cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "Not a directory" in result.stderr, result.stderr


def test_a_read_only_site_folder_is_a_message(project):
    """The project folder (site/'s parent) read-only. Root ignores permissions, so as root
    the build runs in a user namespace of its own, without the power to override them."""
    before = site_digest(project / "site")
    command = [sys.executable, "-m", "build_tools", "build", "--site-only"]
    if os.geteuid() == 0:
        command = ["unshare", "--user", *command]
    project.chmod(0o555)
    try:
        result = subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True,
                                timeout=300)
    finally:
        project.chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "Permission denied" in result.stderr, result.stderr
    assert site_digest(project / "site") == before


HOSTILE = {
    "docs/vi/gioi-thieu.md": "---\ntitle: <script>alert(1)</script>\"><b>\ndescription: x\" "
                             "onmouseover=\"alert(1)\" a=\"\norder: 1\n---\n\n# Giới thiệu\n",
    "docs/vi/thu.md": page("\n\n".join([
        "<script>alert(1)</script>", "<img src=\"x.png\" onerror=\"alert(1)\">",
        "<a href=\"#a\"\n   onclick=\"alert(1)\">x</a>", "[bấm](javascript:alert(1))",
        "[bấm](&#106;avascript:alert(1))", "<meta http-equiv=\"refresh\" content=\"0;url="
        "https://evil.example/\">", "<form action=\"https://evil.example/\"><input name=\"q\">"
        "</form>", "<base href=\"https://evil.example/\">",
        "<iframe src=https://evil.example/></iframe>",
        "<link rel=stylesheet href=https://evil.example/x.css>", "Đoạn.\n{ onclick=\"alert(1)\" }",
        "<svg><script>alert(1)</script></svg>", "![ảnh](https://evil.example/x.png)",
        "<object data=\"https://evil.example/x.swf\"></object>",
        "<p style=\"background:url(https://evil.example/t.png)\">chữ</p>"])),
    "docs/vi/x.png": png(20, 20),
}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "srcset", "poster", "content",
                  "xlink:href", "background", "cite")


def test_the_site_stage_alone_publishes_nothing_hostile(tmp_path):
    """Defence in depth: the site stage is made to write content the gate refused, and
    still nothing of the attack reaches any file of the site."""
    from lxml import html as lxml_html

    from build_tools.build import check
    from build_tools.content.project import load_project
    from build_tools.site import publish as site

    root = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "minimal", root)
    write(root, HOSTILE)
    project = load_project(root / "mkdocs.yml")
    model, results = check(project)
    assert {finding.code for finding in results.errors} >= {"unsafe-html", "external-image"}
    site.build_site(project, model, results, tmp_path / "site")  # the gate skipped on purpose

    published = tmp_path / "site"
    assert (published / "thu/index.html").is_file()
    for path in published.rglob("*.html"):
        document = lxml_html.parse(str(path)).getroot()
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("iframe", "object", "embed", "base"), (path, element.tag)
            if element.tag == "meta":
                assert (element.get("http-equiv") or "").lower() != "refresh", path
            if element.tag == "script":
                assert "alert(" not in (element.text or ""), path
                assert not re.match(r"(https?:)?//", element.get("src") or ""), path
            if element.tag == "form":
                assert (element.get("action") or "#").startswith("#"), (path, element.get("action"))
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (path, element.tag, name)
                assert "evil.example" not in value or name not in URL_ATTRIBUTES, (path, name)
                assert "javascript:" not in value.replace("\t", "").lower(), (path, name, value)
                if name == "style":
                    assert "url(" not in value, (path, value)
    for path in published.rglob("*"):
        if path.suffix in (".css", ".js", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "evil.example" not in text or path.suffix == ".json", path


def test_the_pdf_stage_alone_makes_no_link_that_runs_code(tmp_path):
    """Defence in depth for the PDFs: a publication the gate refused, rendered anyway, has
    no javascript: link and no script in any PDF (screen PDFs keep live links)."""
    import pikepdf

    from build_tools.build import check
    from build_tools.content.project import load_project
    from build_tools.pdf import render as pdf

    root = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "minimal", root)
    write(root, {"docs/vi/so-tay/thu.md": page("\n\n".join([
        "[bấm](javascript:alert(1))", "[bấm](&#106;avascript:alert(1))",
        "<a href=\"JaVaScRiPt:alert(1)\" onclick=\"alert(1)\">x</a>",
        "<svg><script>alert(1)</script></svg>", "<form action=\"https://evil.example/\">"
        "<input name=\"q\"></form>", "[trang](https://example.org/)"]))})
    project = load_project(root / "mkdocs.yml")
    model, results = check(project)
    assert "unsafe-html" in {finding.code for finding in results.errors}
    renditions, _findings = pdf.render_all(model, results.history, project.cache_dir, 1,
                                            drafts=True)
    screens = [r for r in renditions if r.profile == "screen" and r.publication.slug == "so-tay"]
    assert screens
    for rendition in screens:
        data = rendition.file.read_bytes()
        assert b"/JavaScript" not in data and b"/JS " not in data and b"/JS(" not in data
        with pikepdf.open(rendition.file) as document:
            uris = [str(annotation.A.URI) for page_ in document.pages
                    for annotation in page_.get("/Annots", [])
                    if "/A" in annotation and "/URI" in annotation.A]
        assert "https://example.org/" in uris
        assert not [uri for uri in uris if "javascript" in uri.lower()], uris


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.3, 1.8, 2.3, 2.8, 3.3])
def test_a_build_killed_at_any_moment_leaves_the_site_whole(project, delay):
    """kill -9 in the middle of a build: site/ is the previous one, whole, and the next
    build succeeds (the content did not change, so every build makes the same site)."""
    import signal
    import time

    before = site_digest(project / "site")
    build = subprocess.Popen([sys.executable, "-m", "build_tools", "build", "--site-only"],
                             cwd=project, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(delay)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    assert site_digest(project / "site") == before
    again = run_bdpub("build", "--site-only", cwd=project)
    assert again.returncode == 0, again.stderr
    assert site_digest(project / "site") == before
    assert not (project / ".site.staging").exists() and not (project / ".site.old").exists()


GPS = {0x8825: {1: "N", 2: (10.0, 58.0, 12.0), 3: "E", 4: (106.0, 39.0, 5.0)}}


def photo_with_gps(image_format: str) -> bytes:
    """A picture carrying a camera make, GPS coordinates and a comment, in one format."""
    image = Image.new("RGB", (640, 400), (20, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"      # Make
    exif[0x0110] = "Model X"          # Model
    exif[0x8825] = GPS[0x8825]
    buffer = io.BytesIO()
    options = {"exif": exif.tobytes()}
    if image_format == "PNG":
        from PIL import PngImagePlugin
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "chụp tại nhà riêng")
        options["pnginfo"] = info
    if image_format == "GIF":
        options = {"comment": b"taken at home"}
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def test_no_published_image_keeps_its_metadata_in_any_format(project):
    from build_tools.content.image_files import metadata_found

    files = {f"docs/vi/anh/{name}": photo_with_gps(kind) for name, kind in (
        ("mot.jpg", "JPEG"), ("hai.png", "PNG"), ("ba.webp", "WEBP"),
        ("bon.gif", "GIF"), ("nam.tif", "TIFF"))}
    assert all(metadata_found(_written_to(project, name, data)) for name, data in files.items())
    write(project, {"docs/vi/anh/index.md": page(
        "\n\n".join(f"![ảnh]({name.rsplit('/', 1)[1]})" for name in files))})
    result = run_bdpub("build", "--site-only", cwd=project)
    assert result.returncode == 0, result.stderr
    published = [path for path in (project / "site").rglob("*")
                 if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif",
                                            ".tiff")]
    assert {path.name for path in published} >= {"mot.jpg", "hai.png", "ba.webp", "bon.gif",
                                                   "nam.tif", "mot-480.webp", "hai-640.webp"}
    for path in published:
        assert metadata_found(path) == [], path


def _written_to(root: Path, name: str, data: bytes) -> Path:
    write(root, {name: data})
    return root / name


def test_the_pull_request_comment_formats_loads_and_mentions_nothing():
    from build_tools.base.findings import Finding
    from build_tools.checks import report

    hostile = Finding("docs/vi/a`b|c.md", 3, "broken-link",
                      "the link to ![x](https://evil.example/t.png) <img src=x> **Approved** "
                      "@everyone | [click](javascript:x)\nsecond line", "error")
    text = report.as_markdown([hostile], {}, "vi")
    row = next(line for line in text.splitlines() if "broken" in line)
    cells = row.split(" | ")
    assert len(cells) == 4, row  # the message's pipe does not open a cell
    assert "![" not in row and "<img" not in row and "**" not in row and "](" not in row
    assert "@everyone" not in row and "second line" not in text
    assert "``docs/vi/a`b|c.md:3``" in row
