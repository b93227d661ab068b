"""In a real browser: the fallback notice on an untranslated page, and the status page."""
import pytest
from conftest import run_bdpub

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory):
    import shutil

    from conftest import FIXTURES
    root = tmp_path_factory.mktemp("status") / "minimal"
    shutil.copytree(FIXTURES / "minimal", root, ignore=shutil.ignore_patterns("site", ".cache"))
    result = run_bdpub("build", "--site-only", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_an_untranslated_page_says_so_in_english_and_marks_its_text_vietnamese(browser, serve, minimal_site):
    page = browser.new_page()
    page.goto(serve(minimal_site) + "/en/ban-tin/2019-q2/ke-hoach/")
    notice = page.locator(".bdpub-fallback")
    assert notice.is_visible()
    assert "This page has not been translated yet; the Vietnamese original is shown." in notice.inner_text()
    assert notice.get_attribute("lang") == "en"
    text = page.locator('article div[lang="vi"]')
    assert text.is_visible() and "Ngày 22 tháng 4 năm 2019." in text.inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


def test_the_status_page_lists_what_is_left_per_publication_and_page(browser, serve, minimal_site):
    page = browser.new_page()
    page.goto(serve(minimal_site) + "/en/tinh-trang/")
    article = page.locator("article")
    assert article.locator("h2", has_text="English translation").is_visible()
    row = article.locator("tr", has_text="Kế hoạch năm 2019")
    assert row.is_visible() and "not translated" in row.inner_text()
    assert "0%" in row.inner_text()
    done = article.locator("tr", has_text="Training conferences")
    assert "100%" in done.inner_text()
    vietnamese = browser.new_page()
    vietnamese.goto(serve(minimal_site) + "/tinh-trang/")
    assert vietnamese.locator("article tr", has_text="Kế hoạch năm 2019").inner_text().count("chưa dịch") == 1
    page.close()
    vietnamese.close()
