"""Lighthouse (mobile) on the launch site served by nginx (Vietnamese, English, Chinese and
Japanese pages), beside a plain mkdocs-material +
mkdocs-static-i18n build of the same content, in one run; prints the four scores per page
and the ratios.

    .venv/bin/python bench/lighthouse.py

Needs Debian's chromium and nginx (make system) and npm; Lighthouse itself is installed
from npm into .cache/lighthouse the first time (it is not a test dependency).
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
from check_1000 import PLAIN_CONFIG  # noqa: E402
from nginxserver import free_port, nginx_serving  # noqa: E402

LIGHTHOUSE = REPO / ".cache" / "lighthouse"
PAGES = {"Vietnamese home": "/", "English bulletin article": "/en/ban-tin/2019-q4/horasis-chau-a-2019/",
         "publications page": "/an-pham/", "Chinese home": "/zh/",
         "Chinese booklet page": "/zh/horasis-2019/dien-dan-2019/",
         "Japanese booklet page": "/ja/horasis-2019/dien-dan-2019/"}
# The plain stack builds the same five languages (item 6.4's fall back to Vietnamese).
ITEM_6_4 = """        - {locale: zh, name: 中文}
        - {locale: ko, name: 한국어}
        - {locale: ja, name: 日本語}
"""
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync --no-first-run"


def lighthouse() -> Path:
    binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE), "--no-audit", "--no-fund",
                        "--silent", "lighthouse@12"], check=True)
    return binary


def scores(url: str, extra_flags: str = "") -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([str(lighthouse()), url, "--quiet", "--output=json",
                        f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
                        f"--chrome-flags={CHROME_FLAGS} {extra_flags}"],
                       env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True,
                       capture_output=True, timeout=300)
        data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}


def build_ours(folder: Path) -> Path:
    site = folder / "ours"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(REPO / ".venv/bin/bdpub"), "build", "--site-dir", str(site)],
                   cwd=REPO, env=env, check=True, capture_output=True)
    return site


def build_plain(folder: Path, origin: str) -> Path:
    """The same content with the plain stack: Material's search, Google-hosted fonts off."""
    project = folder / "plain-project"
    shutil.copytree(REPO / "docs", project / "docs")
    config = PLAIN_CONFIG.replace("http://127.0.0.1:8000/", origin + "/").replace(
        "        - {locale: en, name: English}\n",
        "        - {locale: en, name: English}\n" + ITEM_6_4)
    assert ITEM_6_4 in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    subprocess.run([str(REPO / ".venv/bin/mkdocs"), "build", "-q"], cwd=project, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return project / "site"


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bdpub-lighthouse-") as tmp:
        folder = Path(tmp)
        site = build_ours(folder)
        port = free_port()
        plain = build_plain(folder, f"http://127.0.0.1:{port}")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(plain))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with nginx_serving(site) as nginx:
            proxy = f"--proxy-server={nginx.base} --proxy-bypass-list=<-loopback>"
            for name, path in PAGES.items():
                ours = scores(nginx.origin + path, proxy)
                theirs = scores(f"http://127.0.0.1:{port}{path}")
                rows.append((name, ours, theirs))
        server.shutdown()
    print(f"{'page':<26} {'':>6} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for name, ours, theirs in rows:
        print(f"{name:<26} {'bdpub':>6} " + " ".join(f"{ours[c]:>15}" for c in CATEGORIES))
        print(f"{'':<26} {'plain':>6} " + " ".join(f"{theirs[c]:>15}" for c in CATEGORIES))
        print(f"{'':<26} {'ratio':>6} " + " ".join(f"{ours[c] / max(theirs[c], 1):>15.2f}" for c in CATEGORIES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
