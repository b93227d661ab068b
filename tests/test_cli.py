"""The bdpub command line, run for real."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO, run_bdpub


def test_help_lists_the_commands(tmp_path):
    result = run_bdpub("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert all(name in result.stdout for name in ("build", "serve", "check"))


def test_a_missing_configuration_is_a_message_not_a_traceback(tmp_path):
    result = run_bdpub("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "mkdocs.yml: not found" in result.stderr and "Traceback" not in result.stderr


def test_check_lists_every_problem_then_fails(fixture_project):
    root = fixture_project("minimal")
    (root / "docs/vi/gioi-thieu.md").write_text("---\norder: one\n---\n# A\n", encoding="utf-8")
    (root / "docs/en/extra.md").write_text("# Extra\n", encoding="utf-8")
    result = run_bdpub("check", cwd=root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("docs/vi/gioi-thieu.md:2: error: order:") for line in lines)
    assert any(line.startswith("docs/en/extra.md:1: error:") and "orphan-translation" in line
               for line in lines)
    assert "2 error(s)" in result.stdout


def test_check_passes_with_warnings_only(fixture_project):
    result = run_bdpub("check", cwd=fixture_project("minimal"))
    assert result.returncode == 0
    assert "[missing-translation]" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_previews_both_languages_and_leaves_no_folder_when_stopped(fixture_project):
    root = fixture_project("minimal")
    port = _free_port()
    scratch = root.parent / "tmp"
    scratch.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO),
           "TMPDIR": str(scratch)}
    server = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/gioi-thieu/") as answer:
                    english = answer.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "serve did not start"
                time.sleep(0.3)
        assert "<h1" in english and "About" in english
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as answer:
            assert 'lang="vi"' in answer.read().decode("utf-8")
        assert list(scratch.iterdir())  # the preview's folder
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode == 0
    assert not list(scratch.iterdir())


def test_a_build_says_where_links_point_and_a_release_refuses_this_computer(fixture_project):
    root = fixture_project("minimal")  # site_url: https://example.org/
    built = run_bdpub("build", "--site-only", "--release", cwd=root)
    assert built.returncode == 0, built.stderr
    assert "links in the site and the PDFs point to https://example.org/" in built.stderr
    before = (root / "site/index.html").read_bytes()

    config = root / "mkdocs.yml"
    for local in ("http://127.0.0.1:8000/", "http://localhost:8000/", "/"):
        config.write_text(config.read_text(encoding="utf-8").replace(
            "site_url: https://example.org/", f"site_url: {local}"), encoding="utf-8")
        refused = run_bdpub("build", "--site-only", "--release", cwd=root)
        assert refused.returncode == 1, refused.stderr
        assert f"mkdocs.yml: site_url is '{local}', which readers cannot reach" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert (root / "site/index.html").read_bytes() == before
        config.write_text(config.read_text(encoding="utf-8").replace(
            f"site_url: {local}", "site_url: https://example.org/"), encoding="utf-8")
    plain = run_bdpub("build", "--site-only", cwd=root)
    assert plain.returncode == 0 and plain.stderr.count("links in the site and the PDFs") == 1


MARKS = ("<!-- bdpub:content -->", "<!-- /bdpub:content -->")


def _content(port: int, path: str) -> str:
    """The content of a served page, between the marks the preview renders it into."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as answer:
        page = answer.read().decode("utf-8")
    return page[page.index(MARKS[0]):page.rindex(MARKS[1])]


def _wait(condition, what: str, server, log, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while not condition():
        assert server.poll() is None, log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"{what}:\n{log.read_text(encoding='utf-8')}"
        time.sleep(0.05)


def test_serve_shows_a_saved_text_at_once_then_builds_the_whole_site(fixture_project,
                                                                      tmp_path):
    root = fixture_project("minimal")
    port, log = _free_port(), tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--dev-addr",
                                   f"127.0.0.1:{port}"], cwd=root, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    said = lambda: log.read_text(encoding="utf-8")
    builds = lambda: said().count(" 0 PDFs) in ")
    try:
        _wait(lambda: "Serving on" in said(), "serve did not start", server, log)
        time.sleep(1)  # the watcher has settled

        # A sentence added to a page the English site shows in Vietnamese (no translation):
        # both languages' pages show it before the whole build has run, and exactly as
        # that build then renders them.
        page = root / "docs/vi/ban-tin/2019-q2/ke-hoach.md"
        before = builds()
        page.write_text(page.read_text(encoding="utf-8") + "\nCâu mới [giới thiệu]"
                        "(../../gioi-thieu.md).\n", encoding="utf-8")
        _wait(lambda: "ke-hoach/index.html shown again" in said(), "no quick path", server, log)
        quick = {path: _content(port, path) for path in ("/ban-tin/2019-q2/ke-hoach/",
                                                          "/en/ban-tin/2019-q2/ke-hoach/")}
        assert all("Câu mới" in text and 'href="../../../gioi-thieu/"' in text
                   for text in quick.values()), quick
        assert "en/ban-tin/2019-q2/ke-hoach/index.html" in said()
        _wait(lambda: builds() > before, "no whole build after the quick path", server, log)
        assert {path: _content(port, path) for path in quick} == quick

        # What a page may not hold stays out of the quick path's page too; the build that
        # follows reports it.
        page.write_text(page.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n",
                        encoding="utf-8")
        _wait(lambda: said().count("ke-hoach/index.html shown again") == 2, "no quick path",
              server, log)
        assert "alert(1)" not in _content(port, "/ban-tin/2019-q2/ke-hoach/")
        _wait(lambda: "[unsafe-html]" in said(), "the build did not report the script",
              server, log)

        # A new heading changes the page's table of contents: the whole build, at once.
        page.write_text(page.read_text(encoding="utf-8").replace("<script>alert(1)</script>",
                                                                 "## Mục mới\n\nĐoạn."),
                        encoding="utf-8")
        before = builds()
        _wait(lambda: builds() > before, "no build after a new heading", server, log)
        assert said().count("shown again") == 2
        assert 'id="muc-moi"' in _content(port, "/ban-tin/2019-q2/ke-hoach/")

        # A page saved as a link to a file outside the repository is never read: the whole
        # build runs and refuses it.
        outside = tmp_path / "secret.md"
        outside.write_text(page.read_text(encoding="utf-8") + "\nBÍ MẬT\n", encoding="utf-8")
        page.unlink()
        page.symlink_to(outside)
        _wait(lambda: "[outside-project]" in said() or "symbolic link" in said(),
              "the link was not refused", server, log)
        assert said().count("shown again") == 2
        assert "BÍ MẬT" not in _content(port, "/ban-tin/2019-q2/ke-hoach/")
    finally:
        server.terminate()
        server.wait(timeout=20)
