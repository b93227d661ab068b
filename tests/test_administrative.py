"""A Vietnamese administrative document laid out as on paper: head, signature, recipients."""
import markdown
from lxml import html as lxml_html

from build_tools.pdf import administrative
from build_tools.content.parallel import RenderedPage

PLAN = """# Kế hoạch công tác thông tin đối ngoại

| ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc |
|---|---|
| Số: 1759/KH-UBND | Bình Dương, ngày 22 tháng 4 năm 2019 |

Thực hiện Chỉ thị số 21/CT-TTg, **Ủy ban nhân dân tỉnh** xây dựng Kế hoạch như sau:

## I. Mục đích, yêu cầu

Nội dung.

**Nơi nhận:**

- Như trên;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**

**KT. CHỦ TỊCH**

(Đã ký)

**Đặng Minh Hưng**

!!! note "Ghi chú"
    Văn bản khôi phục từ một bản quét.
"""


def _page(text: str) -> RenderedPage:
    html = markdown.markdown(text, extensions=["tables", "admonition"])
    return RenderedPage([[element] for element in
                         lxml_html.fragment_fromstring(html, create_parent="div")], [])


def _classes(page: RenderedPage) -> list[tuple[str, str]]:
    return [(element.tag, element.get("class") or "") for element in page.elements()]


def test_the_plan_gets_the_head_signature_and_recipients_of_an_administrative_document():
    page = _page(PLAN)
    assert administrative.lay_out(page)
    head = page.elements()[1]
    assert head.get("class") == "document-head"
    assert [(p.get("class"), p.text) for p in head.iter("p")] == [
        ("issuer-name", "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG"),
        ("document-number", "Số: 1759/KH-UBND"),
        ("state-name", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("motto", "Độc lập - Tự do - Hạnh phúc"),
        ("place-date", "Bình Dương, ngày 22 tháng 4 năm 2019")]
    tail = _classes(page)[-7:]
    assert tail == [("p", "recipients"), ("ul", "recipients"), ("p", "signature"),
                    ("p", "signature"), ("p", "signature signature-mark"), ("p", "signature"),
                    ("div", "admonition note")]
    # Every block is still where it was: the bilingual edition pairs them one for one.
    assert [len(block) for block in page.blocks] == [1] * len(page.blocks)
    # The paragraph with bold words inside is not part of the signature.
    assert page.elements()[2].get("class") is None


def test_an_article_is_left_as_it_is():
    article = """# Tin tức

| Năm | Sự kiện |
|---|---|
| 2019 | Horasis |

Đoạn văn.

**Bình Dương**

**Tháng 11 năm 2019**
"""
    page = _page(article)
    before = [lxml_html.tostring(element) for element in page.elements()]
    assert not administrative.lay_out(page)
    assert [lxml_html.tostring(element) for element in page.elements()] == before
