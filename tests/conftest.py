"""Shared fixtures: copies of fixture projects, the bdpub command, a served site, a browser."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def fixture_project(tmp_path):
    """Copy a fixture project (tests/fixtures/NAME) to a temporary folder and return it."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns("site"))
        return target
    return copy


def run_bdpub(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real command line, as an editor would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.environ.get("TEST_SHIM", "") + str(REPO)}
    return subprocess.run([sys.executable, "-m", "build_tools", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def launch_build(tmp_path_factory) -> subprocess.CompletedProcess:
    """`bdpub build` of the repository's own launch content (site and every PDF), run once
    into a temporary folder; the PDF cache under .cache/ makes later runs quick."""
    site = tmp_path_factory.mktemp("launch") / "site"
    result = run_bdpub("build", "--site-dir", str(site), cwd=REPO)
    assert result.returncode == 0, result.stderr
    result.site = site
    return result


@pytest.fixture(scope="session")
def cjk_site(tmp_path_factory) -> Path:
    """The cjk fixture project built once: Vietnamese, English, Chinese, Korean, Japanese."""
    root = tmp_path_factory.mktemp("cjk") / "cjk"
    shutil.copytree(FIXTURES / "cjk", root, ignore=shutil.ignore_patterns("site", ".cache"))
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def launch_site(launch_build) -> Path:
    return launch_build.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """Serve a folder on 127.0.0.1 and return its base URL; servers stop with the session."""
    servers = []

    def start(root: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is missing: run `make system` (apt-get install chromium)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()
