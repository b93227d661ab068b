"""A private nginx, run as the tests' own process, serving a built site with nginx/bdpub.conf."""
from __future__ import annotations

import contextlib
import os
import pwd
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITE_CONF = REPO / "nginx" / "bdpub.conf"
NGINX = "/usr/sbin/nginx"
START_TIMEOUT = 10.0

# The frame around the site's server block: everything nginx would otherwise write under
# /var goes to the temporary folder, so no root and no system nginx are needed.
MAIN_CONF = """\
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/bdpub.conf;
}}
"""


@dataclass(frozen=True)
class NginxSite:
    """A built site served by nginx.

    `base` is nginx's own address, for plain HTTP requests. `origin` is the address the
    site was built for (mkdocs.yml's site_url): its pages name it in their absolute links,
    and Material's JavaScript fetches sitemap.xml from there. A browser context from
    `new_context` asks for `origin` and nginx answers, as in production, where the site is
    served at its site_url; nothing listens on the origin's port itself."""

    base: str
    origin: str
    root: Path

    def new_context(self, browser, **options):
        """A Playwright browser context whose every request goes to this nginx."""
        assert self.origin.startswith("http://"), (
            f"the site was built for {self.origin}: build it with an http:// BDPUB_SITE_URL "
            "to test it through nginx")
        # <-loopback> stops Chromium from bypassing the proxy for 127.0.0.1.
        return browser.new_context(proxy={"server": self.base, "bypass": "<-loopback>"}, **options)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def built_origin(site: Path) -> str:
    """The scheme, host and port the site was built for, read from its sitemap."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    url = urllib.parse.urlsplit(re.search(r"<loc>\s*([^<\s]+)", sitemap).group(1))
    return f"{url.scheme}://{url.netloc}"


def page_paths(site: Path) -> list[str]:
    """The address of every page of a built site: /, /en/, /ban-tin/2019-q4/, …"""
    folders = (page.parent.relative_to(site).as_posix() for page in site.rglob("index.html"))
    return sorted("/" if folder == "." else f"/{folder}/" for folder in folders)


def site_conf(root: Path, listen: str) -> str:
    """nginx/bdpub.conf with its placeholders filled in, as a deployment's `sed` would."""
    text = SITE_CONF.read_text(encoding="utf-8")
    return text.replace("@ROOT@", f'"{root.resolve()}"').replace("@PORT@", listen)


def _wait_until_answering(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped at start:\n{log.read_text(errors='replace')}")
        try:
            urllib.request.urlopen(base + "/", timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not answer {base} within {START_TIMEOUT}s")


@contextlib.contextmanager
def nginx_serving(site: Path) -> Iterator[NginxSite]:
    """Serve `site` with the production configuration on 127.0.0.1 until the block ends."""
    assert Path(NGINX).exists(), "nginx is missing: run `make system` (apt-get install nginx)"
    with tempfile.TemporaryDirectory(prefix="bdpub-nginx-") as tmp:
        port = free_port()
        # Run as root (CI), the master would hand the workers to `nobody`, who cannot read
        # pytest's private temporary folders; as anyone else, nginx keeps the current user.
        user = f"user {pwd.getpwuid(0).pw_name};" if os.geteuid() == 0 else ""
        Path(tmp, "bdpub.conf").write_text(site_conf(site, f"127.0.0.1:{port}"), encoding="utf-8")
        Path(tmp, "nginx.conf").write_text(MAIN_CONF.format(user=user, tmp=tmp), encoding="utf-8")
        log = Path(tmp, "error.log")
        process = subprocess.Popen(
            [NGINX, "-p", tmp, "-c", f"{tmp}/nginx.conf", "-e", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_answering(base, process, log)
            yield NginxSite(base=base, origin=built_origin(site), root=site)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def nginx_launch(launch_site) -> Iterator[NginxSite]:
    """The repository's own launch site served by nginx with nginx/bdpub.conf."""
    with nginx_serving(launch_site) as served:
        yield served
