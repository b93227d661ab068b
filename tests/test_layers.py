"""The dependency rule between stages (pyproject.toml, [tool.importlinter]) holds, and
lint-imports really catches an import that breaks it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_package_keeps_its_layers():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 4 kept, 0 broken." in result.stdout


@pytest.mark.parametrize("module, forbidden, contract", [
    ("pdf/book.py", "from build_tools.site import plugin", "The PDF stage never imports the site"),
    ("site/listing.py", "from build_tools.pdf import render", "The site never imports the PDF stage"),
    ("checks/links.py", "from build_tools.site import seo", "The checks never import a writer"),
    ("content/model.py", "from build_tools.checks import report", "Stages import only downwards"),
    ("text/slugs.py", "from build_tools.content import project", "Stages import only downwards"),
    ("base/findings.py", "from build_tools import build", "Stages import only downwards"),
])
def test_an_import_against_the_rule_fails_the_lint(tmp_path, module, forbidden, contract):
    shutil.copytree(REPO / "build_tools", tmp_path / "build_tools",
                    ignore=shutil.ignore_patterns("__pycache__", "assets", "locale"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "build_tools" / module
    path.write_text(path.read_text() + f"\n{forbidden}  # breaks the rule\n")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
    assert f"build_tools.{module[:-3].replace('/', '.')}" in result.stdout, result.stdout
