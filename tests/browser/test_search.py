"""In a real browser: search each language, with and without Vietnamese diacritics."""
import pytest

pytestmark = pytest.mark.browser


def results(page, query: str) -> list[str]:
    """What a reader sees after typing a query in the header's search box."""
    button = page.locator('label[for="__search"].md-header__button')
    if button.is_visible():  # small screens open the search from a button
        button.click()
    box = page.locator(".bdpub-search input[name=query]")
    box.click()
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('.bdpub-search input').value === q && "
        "document.querySelector('.md-search-result__meta').textContent.trim() !== ''", arg=query)
    page.wait_for_timeout(300)
    return page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.pathname)")


@pytest.fixture
def vietnamese(browser, serve, launch_site):
    page = browser.new_page()
    page.goto(serve(launch_site) + "/gioi-thieu/")
    yield page
    page.close()


@pytest.fixture
def english(browser, serve, launch_site):
    page = browser.new_page()
    page.goto(serve(launch_site) + "/en/gioi-thieu/")
    yield page
    page.close()


@pytest.mark.parametrize("plain, accented", [("binh duong", "Bình Dương"),
                                             ("nuoc ngoai", "nước ngoài"),
                                             ("thanh pho thong minh", "thành phố thông minh")])
def test_vietnamese_queries_find_the_same_pages_with_or_without_diacritics(vietnamese, plain, accented):
    shown = results(vietnamese, plain)
    assert shown and not any(path.startswith("/en/") for path in shown)
    everything = "q => window.bdpubSearch.find(q).then(urls => urls.map(u => u.split('#')[0]))"
    found = vietnamese.evaluate(everything, plain)
    assert found and sorted(set(found)) == sorted(set(vietnamese.evaluate(everything, accented)))
    assert results(vietnamese, accented)[:1]  # and the accented query shows them too


def test_words_are_never_cut_at_an_accented_letter(vietnamese):
    search = "window.bdpubSearch"
    assert vietnamese.evaluate(f"{search}.words('phở bò, Bình Dương')") == ["phở", "bò", "Bình", "Dương"]
    assert vietnamese.evaluate(f"{search}.positions('phở', 'Phone', {search}.fold('Phone'))") == []
    assert vietnamese.evaluate(f"{search}.positions('phở', 'Phở Hà Nội', {search}.fold('Phở Hà Nội'))") == [[0, 3]]
    marks = set()
    results(vietnamese, "phố")
    marks.update(vietnamese.locator(".md-search-result__link mark").all_inner_texts())
    assert marks and all(vietnamese.evaluate(f"{search}.fold({mark!r})") == "pho" for mark in marks)


def test_english_pages_search_the_english_index_only(english):
    found = results(english, "smart city")
    assert found and all(path.startswith("/en/") for path in found)
    assert results(english, "Horasis")
    assert all(path.startswith("/en/") for path in results(english, "Binh Duong"))


def test_results_lead_to_the_section_and_highlight_the_terms(vietnamese):
    results(vietnamese, "nhiem vu")
    first = vietnamese.locator(".md-search-result__link").first
    first.click()
    vietnamese.wait_for_load_state("load")
    assert "h=nhiem+vu" in vietnamese.url or "h=nhiem%20vu" in vietnamese.url
    marks = vietnamese.locator("article mark").all_inner_texts()
    assert marks and {mark.lower() for mark in marks} <= {"nhiệm", "vụ", "nhiem", "vu"}
