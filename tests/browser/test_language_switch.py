"""In a real browser, through nginx at the site's own address: the language switch lands on
the same page in the other language, and pages load from the site alone."""
import pytest
from nginxserver import nginx_launch  # noqa: F401  (fixture)
from pageload import fonts_drawing

pytestmark = pytest.mark.browser

DEEP_PAGE = "/ban-tin/2019-q2/hoi-nghi-tap-huan/"


def switch_language(page, name: str) -> None:
    """What a reader does: open the language menu in the header, pick a language."""
    page.locator(".md-header__option .md-select > button").click()
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state("load")


def test_switching_from_a_deep_vietnamese_page_lands_on_its_english_counterpart(
        browser, nginx_launch):
    base = nginx_launch.origin
    context = nginx_launch.new_context(browser)
    page = context.new_page()
    page.goto(base + DEEP_PAGE)
    assert page.locator("html").get_attribute("lang") == "vi"
    vietnamese_title = page.locator("article h1").inner_text()

    switch_language(page, "English")
    assert page.url == base + "/en" + DEEP_PAGE
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().startswith("Training Conferences on External Information Work - ")

    switch_language(page, "Tiếng Việt")
    assert page.url == base + DEEP_PAGE
    assert page.locator("article h1").inner_text() == vietnamese_title
    context.close()


def test_pages_load_only_from_the_site_with_its_own_fonts(browser, nginx_launch):
    base = nginx_launch.origin
    context = nginx_launch.new_context(browser)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "/en" + DEEP_PAGE)
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(base) for url in requested), requested
    font = page.evaluate("getComputedStyle(document.querySelector('article p')).fontFamily")
    assert font.startswith('"Noto Sans"')
    page.reload()  # the fonts at hand: font-display optional draws late ones the next time
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert fonts_drawing(page, "article p") == [("Noto Sans", True)]  # the site's, not the system's
    context.close()
