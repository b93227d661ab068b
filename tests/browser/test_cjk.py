"""In a real browser: Chinese, Korean and Japanese pages in their own language and fonts."""
import pytest

pytestmark = pytest.mark.browser

CJK_FONTS = {"zh": "Noto Sans CJK SC", "ko": "Noto Sans CJK KR", "ja": "Noto Sans CJK JP"}


@pytest.mark.parametrize("lang", ["zh", "ko", "ja"])
def test_each_language_sets_its_lang_and_its_own_cjk_fonts_first(browser, serve, cjk_site, lang):
    page = browser.new_page()
    page.goto(f"{serve(cjk_site)}/{lang}/gioi-thieu/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == lang
    families = [name.strip().strip('"') for name in page.evaluate(
        "getComputedStyle(document.querySelector('article')).fontFamily").split(",")]
    assert families[0] == "Noto Sans"  # Latin letters and figures in the site's own face
    cjk = [name for name in families if name in CJK_FONTS.values()]
    assert cjk[:1] == [CJK_FONTS[lang]]  # the language's glyph forms first
    # No CJK web font: only the site's Noto Sans files are fetched.
    fonts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                          ".filter(n => /\\.(woff2?|otf|ttf)$/.test(n))")
    assert fonts and all("/fonts/NotoSans-" in name for name in fonts)
    page.close()


def test_an_untranslated_page_says_so_in_chinese(browser, serve, cjk_site):
    page = browser.new_page()
    page.goto(serve(cjk_site) + "/zh/ke-hoach/")
    page.wait_for_load_state("networkidle")
    notice = page.locator(".bdpub-fallback")
    assert "本页尚未翻译，以下为越南语原文。" in notice.inner_text()
    assert notice.get_attribute("lang") == "zh"
    assert "Kế hoạch số 1759/KH-UBND" in page.locator('article div[lang="vi"]').inner_text()
    page.close()


def test_the_language_switch_goes_round_all_five_languages_on_the_same_page(
        browser, serve, cjk_site):
    base = serve(cjk_site)
    page = browser.new_page()
    page.goto(base + "/zh/gioi-thieu/")
    page.wait_for_load_state("networkidle")
    for name, prefix, lang, heading in (("한국어", "/ko", "ko", "소개"), ("日本語", "/ja", "ja", "概要"),
                                        ("English", "/en", "en", "About"),
                                        ("Tiếng Việt", "", "vi", "Giới thiệu"),
                                        ("中文", "/zh", "zh", "简介")):
        page.locator(".md-header__option .md-select > button").click()
        page.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"{base}{prefix}/gioi-thieu/")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("article h1").inner_text().strip() == heading
    page.close()
