"""In a real browser: English and Vietnamese pages fetch only the core cuts of Noto Sans, and a
character outside them brings the whole face."""
import pytest
from pageload import fonts_drawing

pytestmark = pytest.mark.browser

FONTS = ("performance.getEntriesByType('resource').map(e => e.name)"
         ".filter(n => /\\.woff2$/.test(n)).map(n => n.split('/').pop())")


@pytest.mark.parametrize("path", ["/gioi-thieu/", "/en/gioi-thieu/"])
def test_a_page_in_vietnamese_or_english_fetches_the_core_cuts_alone(browser, serve, cjk_site,
                                                                       path):
    page = browser.new_page()
    page.goto(serve(cjk_site) + path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    fetched = page.evaluate(FONTS)
    assert {"NotoSans-Regular-core.woff2", "NotoSans-Bold-core.woff2"} <= set(fetched)
    assert all(name.endswith("-core.woff2") for name in fetched), fetched
    # Read again, the cuts at hand (font-display: optional draws a page whose fonts come
    # late in the reader's own, as a busy machine may): the article is drawn in the
    # site's face alone, which only the cuts give it.
    page.reload()
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert fonts_drawing(page, "article p") == [("Noto Sans", True)]
    page.close()


def test_a_character_outside_the_core_cuts_brings_the_whole_face(browser, serve, cjk_site):
    page = browser.new_page()
    page.goto(serve(cjk_site) + "/gioi-thieu/")
    page.wait_for_load_state("networkidle")
    assert "NotoSans-Regular.woff2" not in page.evaluate(FONTS)
    page.evaluate("""async () => {
        const line = document.createElement('p');
        line.textContent = 'Łódź, Kraków';  // Ł: Latin Extended-A, outside the core cut
        document.querySelector('article').append(line);
        await document.fonts.load('16px "Noto Sans"', 'Ł');
    }""")
    page.wait_for_load_state("networkidle")
    # Asked for once a page shows such a character (drawn from it from then on: with
    # font-display optional, a face that comes late is used by the next page).
    assert "NotoSans-Regular.woff2" in page.evaluate(FONTS)
    page.close()
