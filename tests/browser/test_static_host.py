"""Any static host: the launch site served by a plain file server (no rewrite, no header, as
GitHub Pages or a CDN would) loads every page without an error, and its own policy, written
into each page, still refuses what the site did not write."""
from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse

import pytest
from nginxserver import built_origin, page_paths
from pageload import open_every

pytestmark = pytest.mark.browser


class PlainFiles(http.server.SimpleHTTPRequestHandler):
    """A plain file server, reached by the browser as a proxy for the site's own address."""

    def translate_path(self, path: str) -> str:
        return super().translate_path(urllib.parse.urlsplit(path).path)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def plain_host(launch_site):
    handler = functools.partial(PlainFiles, directory=str(launch_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", built_origin(launch_site)
    server.shutdown()


def test_every_page_loads_from_a_plain_file_server_without_an_error(browser, launch_site,
                                                                      plain_host):
    proxy, origin = plain_host
    context = browser.new_context(proxy={"server": proxy, "bypass": "<-loopback>"})
    paths = page_paths(launch_site)
    statuses, problems = open_every(context, origin, paths)
    context.close()
    assert len(paths) > 50
    assert {path: status for path, status in statuses.items() if status != 200} == {}
    assert not problems, "\n".join(problems)


def test_the_policy_in_the_page_refuses_a_script_the_site_did_not_write(browser, plain_host):
    proxy, origin = plain_host
    context = browser.new_context(proxy={"server": proxy, "bypass": "<-loopback>"})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and refused.append(message.text))
    page.goto(origin + "/en/", wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.injected = true';
                             document.head.appendChild(s); }""")
    page.wait_for_timeout(50)
    assert page.evaluate("window.injected === undefined")
    assert refused, "the browser did not report the refused script"
    context.close()
