"""bdpub as another repository gets it: a wheel installed into a fresh environment, and the
pre-commit hook run from another repository with pre-commit's try-repo. Both install from
the locked wheels that `make test` downloads (BDPUB_WHEELHOUSE), never from the network."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "build_tools")
HOSTILE = "---\ntitle: Thử\n---\n\n# Thử\n\n<script>alert(1)</script>\n"


@pytest.fixture(scope="module")
def wheelhouse() -> Path:
    folder = Path(os.environ.get("BDPUB_WHEELHOUSE", REPO / ".venv" / "wheelhouse"))
    assert (folder / ".ready").is_file(), (
        f"no locked wheels in {folder}: run `make test`, which downloads them first")
    return folder


def _run(command: list, cwd: Path, env: dict | None = None, timeout: int = 600):
    clean = {key: value for key, value in os.environ.items()
             if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(part) for part in command], cwd=cwd, env={**clean, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def _source_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, target / name)
    return target


def _offline(wheelhouse: Path) -> dict:
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_MKDOCS_2_WARNING": "1",
            "PIP_NO_COMPILE": "1"}  # no bytecode written ahead: Python compiles what it runs


def _project(target: Path) -> Path:
    shutil.copytree(FIXTURES / "minimal", target, ignore=shutil.ignore_patterns("site"))
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    source = _source_copy(folder / "src")
    result = _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                   "--no-build-isolation", "--wheel-dir", folder / "dist", source], cwd=folder)
    assert result.returncode == 0, result.stderr
    return next((folder / "dist").glob("bdpub-*.whl"))


def test_the_wheel_holds_every_stage_the_catalog_and_the_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for stage in ("base", "text", "content", "checks", "pdf", "site"):
        assert f"build_tools/{stage}/__init__.py" in names, stage
    for data in ("build_tools/locale/vi/LC_MESSAGES/bdpub.po", "build_tools/locale/bdpub.pot",
                 "build_tools/assets/theme/main.html", "build_tools/assets/pdf/book.css",
                 "build_tools/assets/icc/ArtifexCMYK-SWOP.icc",
                 "build_tools/assets/theme/fonts/NotoSans-Regular.woff2"):
        assert data in names, data
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "bdpub = build_tools.cli:main" in text
    assert "bdpub = build_tools.site.plugin:BdpubPlugin" in text


def test_an_installed_wheel_checks_and_builds_a_project_outside_the_repository(
        wheel, wheelhouse, tmp_path):
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", venv], cwd=tmp_path).returncode == 0
    result = _run([venv / "bin/python", "-m", "pip", "install", "--quiet", wheel], cwd=tmp_path,
                  env=_offline(wheelhouse))
    assert result.returncode == 0, result.stderr
    where = _run([venv / "bin/python", "-c", "import build_tools; print(build_tools.__file__)"],
                 cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr

    project = _project(tmp_path / "project")
    checked = _run([venv / "bin/bdpub", "check"], cwd=project, env={"BDPUB_LANG": "vi"})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "cảnh báo" in checked.stdout + checked.stderr  # the catalog came with the wheel
    built = _run([venv / "bin/bdpub", "build", "--site-only"], cwd=project)
    assert built.returncode == 0, built.stderr
    page = (project / "site/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in page  # bdpub's theme, from the package
    assert (project / "site/stylesheets/bdpub.css").is_file()

    (project / "docs/vi/thu.md").write_text(HOSTILE, encoding="utf-8")
    refused = _run([venv / "bin/bdpub", "build", "--site-only"], cwd=project)
    assert refused.returncode != 0 and "docs/vi/thu.md:7:" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr


def test_the_pre_commit_hook_works_from_another_repository(wheelhouse, tmp_path):
    hooks = _source_copy(tmp_path / "bdpub")
    _git(hooks, "init", "-q")
    _git(hooks, "add", ".")
    _git(hooks, "commit", "-q", "-m", "bdpub")

    content = _project(tmp_path / "content")
    _git(content, "init", "-q")
    _git(content, "add", ".")
    _git(content, "commit", "-q", "-m", "content")
    env = {**_offline(wheelhouse), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    pre_commit = Path(sys.executable).with_name("pre-commit")

    passed = _run([pre_commit, "try-repo", hooks, "bdpub-check", "--all-files"], cwd=content,
                  env=env, timeout=900)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "bdpub check" in passed.stdout and "Passed" in passed.stdout

    (content / "docs/vi/thu.md").write_text(HOSTILE, encoding="utf-8")
    _git(content, "add", ".")
    failed = _run([pre_commit, "try-repo", hooks, "bdpub-check", "--all-files"], cwd=content,
                  env=env, timeout=900)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "docs/vi/thu.md:7:" in failed.stdout and "unsafe-html" in failed.stdout
    assert "Traceback" not in failed.stdout


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
                   cwd=folder, check=True, capture_output=True)
