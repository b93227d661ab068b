"""Watching a page load in the browser: console errors, failed and foreign requests, and
waiting until the page and every request it made have settled before judging it."""
from __future__ import annotations


class LoadWatch:
    """What a page does while loading: console errors, failed requests, foreign requests."""

    def __init__(self, page, origin: str):
        self.page, self.origin, self.problems, self.path = page, origin, [], ""
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.report(f"script error: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.report(f"{r.status}: {r.url}"))

    def open(self, path: str):
        """Load a page, then wait until the network has been idle for half a second: the
        requests a page makes after `load` (Material's sitemap lookups, the favicon) end
        before the next page is opened, which would abort them."""
        self.path = path
        response = self.page.goto(self.origin + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        return response

    def report(self, problem: str) -> None:
        self.problems.append(f"{self.path}: {problem}")

    def _console(self, message) -> None:
        if message.type == "error":
            self.report(f"console: {message.text}")

    def _request(self, request) -> None:
        if not request.url.startswith(self.origin + "/"):
            self.report(f"request to another origin: {request.url}")

    def _failed(self, request) -> None:
        self.report(f"failed: {request.url} ({request.failure})")


def open_every(context, origin: str, paths: list[str], tabs: int = 4
               ) -> tuple[dict[str, int], list[str]]:
    """Every path loaded in `tabs` tabs at once: each tab opens its page, then every tab
    waits until its page and its requests have settled (LoadWatch.open's network idle)
    before it opens the next. The waits overlap, which the pages' half second of idle
    network makes most of the time. Returns each path's status and every problem seen."""
    watches = [LoadWatch(context.new_page(), origin) for _ in range(tabs)]
    statuses = {}
    for start in range(0, len(paths), tabs):
        batch = list(zip(watches, paths[start:start + tabs]))
        for watch, path in batch:
            watch.path = path
            statuses[path] = watch.page.goto(origin + path, wait_until="load").status
        for watch, _path in batch:
            watch.page.wait_for_load_state("networkidle")
    return statuses, [problem for watch in watches for problem in watch.problems]


def fonts_drawing(page, selector: str) -> list[tuple[str, bool]]:
    """The fonts chromium drew the text of the first element matching `selector` with, as
    (family, whether a web font): what the reader sees, not what the style sheet asks."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return sorted({(font["familyName"], font["isCustomFont"]) for font in fonts})
