"""Two clean copies of a project at different paths make byte-identical sites, PDFs included."""
import hashlib
import os
import shutil
import subprocess
import sys

from conftest import FIXTURES, REPO

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2019-11-25T08:00:00Z",
           "GIT_COMMITTER_DATE": "2019-11-25T08:00:00Z", "PATH": "/usr/bin:/bin"}


def _checkout(target):
    """A fresh copy of the print fixture, committed as a clone would be."""
    shutil.copytree(FIXTURES / "print", target, ignore=shutil.ignore_patterns("site", ".cache"))
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=target, env=GIT_ENV, check=True)
    return target


def _build(root):
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    env.update({"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)})
    result = subprocess.run([sys.executable, "-m", "build_tools", "build"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def _digests(folder):
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_two_checkouts_at_different_paths_make_byte_identical_sites(tmp_path):
    short = _checkout(tmp_path / "a")
    long = _checkout(tmp_path / "một thư mục khá dài" / ("checkout-" * 8) / "bản sao")
    assert len(str(long)) > len(str(short)) + 80
    for root in (short, long):
        _build(root)
    pdfs = [_digests(root / "site/pdf") for root in (short, long)]
    assert len(pdfs[0]) == 6 and sorted(pdfs[0]) == sorted(pdfs[1])
    differing = [name for name in pdfs[0] if pdfs[0][name] != pdfs[1][name]]
    assert not differing, f"PDFs that depend on the checkout path: {differing}"
    # The cache is keyed without absolute paths, the page sources kept beside each PDF are
    # display paths and the preflight records name files without their folder: a copied
    # .cache/ stays valid.
    for cache in ("pdf", "preflight"):
        caches = [_digests(root / ".cache" / cache) for root in (short, long)]
        assert caches[0] and caches[0] == caches[1], cache
    for root in (short, long):
        pdf = (root / "site/pdf/so-tay/so-tay-vi-print.pdf").read_bytes()
        assert str(root).encode() not in pdf and b"file://" not in pdf
    # And every other file of the site: pages, search indexes, manifest, images, feeds.
    sites = [_digests(root / "site") for root in (short, long)]
    assert sorted(sites[0]) == sorted(sites[1])
    differing = [name for name in sites[0] if sites[0][name] != sites[1][name]]
    assert not differing, f"site files that depend on the checkout path: {differing}"


def test_fonts_are_subset_one_way_only_and_the_libraries_are_part_of_the_cache_key(
        monkeypatch):
    """WeasyPrint subsets fonts with HarfBuzz when libharfbuzz-subset is there and with
    fontTools otherwise, which embeds other bytes: bdpub takes the HarfBuzz path or stops."""
    import pytest
    import weasyprint.text.ffi

    from build_tools.base.exceptions import BdpubError
    from build_tools.pdf import render

    stack = render.typesetting_stack()
    assert b'"harfbuzz": "' in stack and b'"weasyprint": "' in stack
    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", None)
    with pytest.raises(BdpubError, match="apt-get install libharfbuzz-subset0"):
        render.typesetting_stack()

