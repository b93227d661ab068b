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


def test_serve_previews_both_languages(fixture_project):
    root = fixture_project("minimal")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
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
    finally:
        server.terminate()
        server.wait(timeout=20)


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
