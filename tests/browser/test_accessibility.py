"""In a real browser, through the production nginx: WCAG 2.1 AA by axe-core on every kind of
page, and every page loading cleanly from the site alone."""
from __future__ import annotations

import pytest
from nginxserver import REPO, nginx_launch, page_paths  # noqa: F401  (fixture)
from pageload import LoadWatch, open_every

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = 'axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})'
UNKNOWN = "/khong-co-trang-nay/"
PAGE_KINDS = {
    "home": "/",
    "article": "/ban-tin/2019-q2/hoi-nghi-tap-huan/",
    "bulletin": "/ban-tin/2019-q4/",
    "publications": "/an-pham/",
    "status": "/tinh-trang-ban-dich/",
    "not-found": UNKNOWN,
}
LANGUAGES = {"vi": "", "en": "/en"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 375, "height": 812}}


def describe(violations: list[dict]) -> str:
    """axe's findings, one rule a paragraph: what, how bad, where."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    at {' '.join(node['target'])}" for node in violation["nodes"]]
    return "\n".join(lines)


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def axe_context(request, browser, nginx_launch):
    assert AXE.exists(), "axe-core is missing: run `npm ci` at the repository root"
    # axe is injected as an inline script, which the site's own policy forbids.
    context = nginx_launch.new_context(browser, viewport=VIEWPORTS[request.param], bypass_csp=True)
    yield context
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_page_meets_wcag_2_1_aa(axe_context, nginx_launch, kind, language):
    page = axe_context.new_page()
    page.goto(nginx_launch.origin + LANGUAGES[language] + PAGE_KINDS[kind], wait_until="load")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_RUN)["violations"]
    page.close()
    assert not violations, "\n" + describe(violations)


def test_every_page_loads_from_the_site_alone_without_an_error(browser, nginx_launch):
    """Every page of the launch site, the site's Content-Security-Policy in force."""
    context = nginx_launch.new_context(browser)
    paths = page_paths(nginx_launch.root)
    statuses, problems = open_every(context, nginx_launch.origin, paths)
    context.close()
    assert len(paths) > 50
    assert {path: status for path, status in statuses.items() if status != 200} == {}
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_address_shows_the_bilingual_page_with_the_site_around_it(
        browser, nginx_launch, language):
    context = nginx_launch.new_context(browser)
    page = context.new_page()
    watch = LoadWatch(page, nginx_launch.origin)
    path = LANGUAGES[language] + UNKNOWN
    assert watch.open(path).status == 404
    # The page's own 404 is the point (Chromium logs it too); all it loads must succeed.
    expected = {f"{path}: 404: {nginx_launch.origin}{path}",
                f"{path}: console: Failed to load resource: the server responded with a status of 404 (Not Found)"}
    assert set(watch.problems) <= expected, "\n".join(watch.problems)

    heading = page.locator("article h1")
    assert heading.locator('[lang="vi"]').inner_text() == "Không tìm thấy trang"
    assert heading.locator('[lang="en"]').inner_text() == "Page not found"
    assert page.locator("header.md-header").is_visible()
    # Pruned navigation: every top-level section and page, not the pages inside them.
    top = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link, "
                       "nav.md-nav--primary > ul > li > .md-nav__container > a.md-nav__link")
    assert top.count() >= 7
    languages = page.locator(".md-select__link")
    assert [languages.nth(i).get_attribute("href") for i in range(languages.count())] == ["/", "/en/"]

    page.locator('article a[hreflang="en"]').click()
    page.wait_for_url(nginx_launch.origin + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.go_back()
    page.locator('article a[hreflang="vi"]').click()
    page.wait_for_url(nginx_launch.origin + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    context.close()
