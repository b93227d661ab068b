"""In a real browser: the publications library filters by kind and year."""
import pytest

pytestmark = pytest.mark.browser


def visible_titles(page) -> list[str]:
    return page.locator(".bdpub-card:visible .bdpub-card__title").all_inner_texts()


def test_filters_by_kind_and_year(browser, serve, launch_site):
    page = browser.new_page()
    page.goto(serve(launch_site) + "/en/an-pham/")
    assert page.locator(".bdpub-filters").is_visible()
    assert len(visible_titles(page)) == 6
    page.select_option(".bdpub-filters select[name=kind]", "booklet")
    assert sorted(visible_titles(page)) == ["Binh Duong - Horasis 2019", "Binh Duong Towards a Smart City"]
    assert page.locator(".bdpub-count").inner_text() == "2 publication(s)"
    page.select_option(".bdpub-filters select[name=kind]", "bulletin")
    assert len(visible_titles(page)) == 3
    page.select_option(".bdpub-filters select[name=year]", "2019")
    assert len(visible_titles(page)) == 3
    page.select_option(".bdpub-filters select[name=kind]", "")
    assert len(visible_titles(page)) == 6 and not page.locator(".bdpub-empty").is_visible()
    page.close()


def test_without_javascript_every_publication_is_listed(browser, serve, launch_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(serve(launch_site) + "/an-pham/")
    assert page.locator(".bdpub-card").count() == 6
    assert not page.locator(".bdpub-filters").is_visible()
    context.close()
