"""Heading anchors: Vietnamese folded to ASCII, Chinese, Korean and Japanese kept."""
import pytest
from markdown import Markdown

from build_tools.text.slugs import slugify


@pytest.mark.parametrize("heading, anchor", [
    ("Đối tượng tham dự", "doi-tuong-tham-du"),
    ("Ủy ban nhân dân tỉnh", "uy-ban-nhan-dan-tinh"),
    ("Kế hoạch (số 1759/KH-UBND)", "ke-hoach-so-1759kh-ubnd"),
    ("Smart City 2019", "smart-city-2019"),
    ("平阳省概况", "平阳省概况"),
    ("빈즈엉성 소개", "빈즈엉성-소개"),
    ("ビンズオン・スマートシティ", "ビンズオンスマートシティ"),
    ("Horasis 亚洲会议 2019", "horasis-亚洲会议-2019"),
])
def test_anchors(heading, anchor):
    assert slugify(heading, "-") == anchor


def test_two_cjk_headings_get_anchors_of_their_own_through_markdown():
    markdown = Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": slugify}})
    html = markdown.convert("## 平阳省概况\n\n## 智慧城市\n\n## 智慧城市\n")
    assert 'id="平阳省概况"' in html and 'id="智慧城市"' in html and 'id="智慧城市_1"' in html
