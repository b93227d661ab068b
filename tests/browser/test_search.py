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


@pytest.fixture
def opened(browser, serve, cjk_site):
    pages = []

    def open_page(path: str):
        page = browser.new_page()
        page.goto(serve(cjk_site) + path)
        page.wait_for_load_state("networkidle")
        pages.append(page)
        return page
    yield open_page
    for page in pages:
        page.close()


def found(page, query: str) -> list[str]:
    """Every page a query finds (not only those shown), without the section."""
    return sorted({url.split("#")[0] for url in page.evaluate(
        "q => window.bdpubSearch.find(q)", query)})


def test_a_two_character_chinese_query_finds_its_pages(opened):
    page = opened("/zh/")
    assert results(page, "平阳") and all(path.startswith("/zh/") for path in results(page, "平阳"))
    assert found(page, "平阳") == ["", "gioi-thieu/"]  # the home page and the about page
    # A run of characters is searched as its pairs, each anywhere in the text.
    assert results(page, "智慧城市") == ["/zh/gioi-thieu/"]
    assert found(page, "会议") and "gioi-thieu/" not in found(page, "会议")
    assert found(page, "城会") == []  # both characters are there, never side by side
    marks = page.locator(".md-search-result__link mark").all_inner_texts()
    assert "智慧城市" in "".join(marks)  # the overlapping pairs make one mark


def test_a_japanese_query_leaves_out_its_particles(opened):
    page = opened("/ja/")
    assert results(page, "会議") and all(path.startswith("/ja/") for path in results(page, "会議"))
    assert "gioi-thieu/" not in found(page, "会議")
    assert found(page, "ビンズオン省の会議") == found(page, "会議")  # の is a particle
    assert results(page, "スマートシティ") == ["/ja/gioi-thieu/"]
    assert page.evaluate("window.bdpubSearch.fold('が')") == "が"  # not か


def test_a_korean_query_finds_words_with_their_particles(opened):
    page = opened("/ko/")
    home = found(page, "빈즈엉성")
    assert home and "gioi-thieu/" not in home
    assert found(page, "빈즈엉성은") == home  # 은, the topic particle, is left out
    assert results(page, "스마트시티") == ["/ko/gioi-thieu/"]
    assert found(page, "반") == []  # a Hangul syllable is never folded to its first consonant
    assert page.evaluate("window.bdpubSearch.fold('빈')") == "빈"


def test_cjk_results_lead_to_the_page_and_highlight_the_query(opened):
    page = opened("/zh/")
    results(page, "智慧城市")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0].endswith("/zh/gioi-thieu/")
    assert "智慧城市" in "".join(page.locator("article mark").all_inner_texts())
