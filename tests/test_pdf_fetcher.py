"""WeasyPrint may read files inside the project only."""
import pytest

from build_tools.pdf import Job, RefusedURL, render_job

HTML = '<!DOCTYPE html><html lang="vi"><body><p>Bình Dương</p><img src="{src}"></body></html>'


def job(tmp_path, src):
    return Job(HTML.format(src=src), tmp_path.as_uri() + "/", (str(tmp_path),), "pdf/ua-1", 1,
               str(tmp_path / "out.pdf"))


def test_a_file_outside_the_project_stops_the_render(tmp_path):
    with pytest.raises(RefusedURL) as refused:
        render_job(job(tmp_path, "file:///etc/hostname"))
    assert refused.value.url == "file:///etc/hostname"
    assert not (tmp_path / "out.pdf").exists()


def test_a_web_address_stops_the_render(tmp_path):
    with pytest.raises(RefusedURL) as refused:
        render_job(job(tmp_path, "http://127.0.0.1:9/x.png"))
    assert refused.value.url == "http://127.0.0.1:9/x.png"


def test_a_file_inside_the_project_is_used(tmp_path):
    from PIL import Image
    Image.new("RGB", (20, 20), (11, 79, 121)).save(tmp_path / "inside.png")
    assert render_job(job(tmp_path, (tmp_path / "inside.png").as_uri())) == 1
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
