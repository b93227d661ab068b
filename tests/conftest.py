"""Shared fixtures: copies of fixture projects, the bdpub command, a served site, a browser."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import types
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


def run_bdpub(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as an editor would (`env`: variables to add)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.environ.get("TEST_SHIM", "") + str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "build_tools", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def shared(tmp_path_factory, name: str, make) -> tuple[dict, Path]:
    """What `make(folder)` returns (JSON data) and its folder, made once for all the
    session's workers (pytest-xdist): the first to ask makes it in a folder they share,
    under a lock, and the others wait for it and take it."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    common = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = common / name, common / f"{name}.json"
    with FileLock(str(common / f"{name}.lock")):
        if not done.is_file():
            folder.mkdir(exist_ok=True)
            done.write_text(json.dumps(make(folder)), encoding="utf-8")
        return json.loads(done.read_text(encoding="utf-8")), folder


@pytest.fixture(scope="session")
def launch_build(tmp_path_factory) -> types.SimpleNamespace:
    """`bdpub build` of the repository's own launch content (site and every PDF), run once
    into a temporary folder; the PDF cache under .cache/ makes later runs quick."""
    def build(folder: Path) -> dict:
        result = run_bdpub("build", "--site-dir", str(folder / "site"), cwd=REPO)
        return {"returncode": result.returncode, "stdout": result.stdout,
                "stderr": result.stderr}
    result, folder = shared(tmp_path_factory, "launch", build)
    assert result["returncode"] == 0, result["stderr"]
    return types.SimpleNamespace(**result, site=folder / "site")


@pytest.fixture(scope="session")
def cjk_site(tmp_path_factory) -> Path:
    """The cjk fixture project built once: Vietnamese, English, Chinese, Korean, Japanese."""
    def build(folder: Path) -> dict:
        shutil.copytree(FIXTURES / "cjk", folder / "cjk",
                        ignore=shutil.ignore_patterns("site", ".cache"))
        result = run_bdpub("build", "--site-only", cwd=folder / "cjk")
        return {"returncode": result.returncode, "stderr": result.stderr}
    result, folder = shared(tmp_path_factory, "cjk", build)
    assert result["returncode"] == 0, result["stderr"]
    return folder / "cjk" / "site"


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
