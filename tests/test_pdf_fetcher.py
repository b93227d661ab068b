"""WeasyPrint may read files inside the project only, through the books' URL space."""
import json

import pytest

from build_tools.pdf import book
from build_tools.pdf.fetcher import ProjectFetcher
from build_tools.pdf.render import (RefusedURL, RenderJob, RenderProblem, page_sources,
                                    render_job, sidecar)

HTML = '<!DOCTYPE html><html lang="vi"><body><p>Bình Dương</p><img src="{src}"></body></html>'
PROJECT = book.PROJECT_URL


def job(tmp_path, src, html=HTML, **fields):
    return RenderJob(html.format(src=src), PROJECT, ((PROJECT, str(tmp_path)),), "pdf/ua-1", 1,
               str(tmp_path / "out.pdf"), **fields)


@pytest.fixture
def inside(tmp_path):
    from PIL import Image
    Image.new("RGB", (20, 20), (11, 79, 121)).save(tmp_path / "inside.png")
    return tmp_path / "inside.png"


def test_a_file_outside_the_project_stops_the_render(tmp_path):
    with pytest.raises(RefusedURL) as refused:
        render_job(job(tmp_path, "file:///etc/hostname"))
    assert refused.value.url == "file:///etc/hostname"
    assert not (tmp_path / "out.pdf").exists()


def test_a_web_address_stops_the_render(tmp_path):
    with pytest.raises(RefusedURL) as refused:
        render_job(job(tmp_path, "http://127.0.0.1:9/x.png"))
    assert refused.value.url == "http://127.0.0.1:9/x.png"


def test_a_file_inside_the_project_is_used_by_its_book_url(tmp_path, inside):
    rendered = render_job(job(tmp_path, PROJECT + "inside.png"))
    assert rendered.pages == 1
    pdf = (tmp_path / "out.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and str(tmp_path).encode() not in pdf


def test_a_relative_reference_resolves_inside_the_url_space(tmp_path, inside):
    assert render_job(job(tmp_path, "inside.png")).pages == 1


def test_the_real_address_of_a_project_file_is_refused(tmp_path, inside):
    # Only book URLs are read: a real path would make the PDF depend on the checkout.
    with pytest.raises(RefusedURL):
        render_job(job(tmp_path, inside.as_uri()))


@pytest.mark.parametrize("src", ["../../etc/hostname", PROJECT + "../../../etc/hostname",
                                 PROJECT + "%2E%2E/%2E%2E/%2E%2E/etc/hostname",
                                 PROJECT + "missing.png", "file:///bdpub/elsewhere/inside.png"])
def test_escapes_and_missing_files_of_the_url_space_are_refused(tmp_path, inside, src):
    with pytest.raises(RefusedURL):
        render_job(job(tmp_path, src))
    assert not (tmp_path / "out.pdf").exists()


def test_a_symbolic_link_out_of_the_project_is_refused(tmp_path):
    (tmp_path / "link.png").symlink_to("/etc/hostname")
    with pytest.raises(RefusedURL):
        render_job(job(tmp_path, PROJECT + "link.png"))


def test_the_fetcher_maps_each_prefix_to_its_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x y.css").write_text("p {}")
    fetcher = ProjectFetcher((("file:///bdpub/project/", tmp_path / "a"),
                              ("file:///bdpub/assets/", tmp_path / "b")))
    assert fetcher.file_of("file:///bdpub/assets/x%20y.css") == tmp_path / "b" / "x y.css"
    assert fetcher.file_of("file:///bdpub/project/x%20y.css") is None
    response = fetcher.fetch("file:///bdpub/assets/x%20y.css")
    assert (response.url, response.content_type, response.read()) == (
        "file:///bdpub/assets/x%20y.css", "text/css", b"p {}")
    response.close()


def test_an_unreadable_image_is_a_render_problem_not_a_silent_gap(tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    with pytest.raises(RenderProblem, match="Failed to load image"):
        render_job(job(tmp_path, PROJECT + "broken.png"))
    assert not (tmp_path / "out.pdf").exists()
    assert not list(tmp_path.glob("*.partial"))


def test_the_sidecar_gives_the_source_of_every_page(tmp_path):
    html = ('<!DOCTYPE html><html lang="vi"><head><style>.blank { break-before: page }'
            '</style></head><body><p>Bìa</p>'
            '<section class="chapter" id="c1" style="break-before: page">Một</section>'
            '<section class="chapter" id="c2" style="break-before: page">Hai'
            '<p style="break-before: page">Hai, tiếp</p></section></body></html>')
    rendered = render_job(RenderJob(html, PROJECT, ((PROJECT, str(tmp_path)),), "pdf/ua-1", 3,
                              str(tmp_path / "out.pdf"), "docs/vi/x/index.md",
                              (("c1", "docs/vi/x/index.md"), ("c2", "docs/vi/x/b.md"))))
    expected = ("docs/vi/x/index.md", "docs/vi/x/index.md", "docs/vi/x/b.md",
                "docs/vi/x/b.md", "docs/vi/x/b.md", "docs/vi/x/b.md")  # 4 pages padded to 6
    assert rendered.page_sources == expected and rendered.pages == 6
    data = json.loads(sidecar(tmp_path / "out.pdf").read_text(encoding="utf-8"))
    # Chapter c2 ends with a page of one line: the sidecar keeps it for the short-page warning.
    assert data == {"pages": 6, "page_sources": list(expected), "short_pages": [[4, 1]]}


def test_page_sources_follow_the_chapter_that_starts_on_each_page():
    chapters = (("c1", "a.md"), ("c2", "b.md"), ("c3", "c.md"))
    anchors = [set(), {"x"}, {"c1", "c1-title"}, set(), {"c3", "c2"}, set()]
    assert page_sources(anchors, "index.md", chapters) == (
        "index.md", "index.md", "a.md", "a.md", "b.md", "c.md")
    assert page_sources([set(), set()], "index.md", ()) == ("index.md", "index.md")
