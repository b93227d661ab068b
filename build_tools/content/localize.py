"""Dates, issue labels, numbers and fixed labels in each language, with Babel."""
from __future__ import annotations

import datetime
import math

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal

from build_tools.content.schema import IssueLabel, PartialDate

# Babel patterns by language and precision; other languages use Babel's own long forms.
DATE_PATTERNS = {
    "vi": {"day": "'ngày' d 'tháng' M 'năm' y", "month": "'tháng' M 'năm' y", "year": "'năm' y"},
    "en": {"day": "d MMMM y", "month": "MMMM y", "year": "y"},
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ISSUE_FORMATS = {
    "vi": lambda issue: f"Quý {ROMAN[issue.quarter]}/{issue.year}",
    "en": lambda issue: f"Q{issue.quarter} {issue.year}",
}
LABELS = {
    "kind.plan": {"vi": "Kế hoạch", "en": "Plan"},
    "kind.bulletin": {"vi": "Bản tin", "en": "Bulletin"},
    "kind.booklet": {"vi": "Ấn phẩm song ngữ", "en": "Bilingual publication"},
    "kind.booklet.one-language": {"vi": "Ấn phẩm", "en": "Publication"},
    "kind.special": {"vi": "Đặc san", "en": "Special edition"},
    "kinds.plan": {"vi": "Kế hoạch", "en": "Plans"},
    "kinds.bulletin": {"vi": "Bản tin thông tin đối ngoại", "en": "External information bulletins"},
    "kinds.booklet": {"vi": "Ấn phẩm song ngữ Việt - Anh", "en": "Vietnamese-English publications"},
    "kinds.special": {"vi": "Đặc san thông tin đối ngoại", "en": "Special editions"},
    "status.draft": {"vi": "Bản thảo", "en": "Draft"},
    "publisher": {"vi": "Sở Thông tin và Truyền thông tỉnh Bình Dương",
                  "en": "Department of Information and Communications of Binh Duong Province"},
    "pages": {"vi": "{count} trang", "en": "{count} pages"},
    "no-publications": {"vi": "Chưa có ấn phẩm nào.", "en": "No publications yet."},
    "contents": {"vi": "Mục lục", "en": "Contents"},
    "page": {"vi": "Trang", "en": "Page"},
    "edition.vi": {"vi": "Ấn bản tiếng Việt", "en": "Vietnamese edition"},
    "edition.en": {"vi": "Ấn bản tiếng Anh", "en": "English edition"},
    "edition.bilingual": {"vi": "Ấn bản song ngữ Việt - Anh", "en": "Vietnamese-English edition"},
    "profile.print": {"vi": "Bản in", "en": "Print version"},
    "profile.screen": {"vi": "Bản đọc trên màn hình", "en": "Screen version"},
    "imprint.publisher": {"vi": "Đơn vị xuất bản", "en": "Publisher"},
    "imprint.date": {"vi": "Thời gian phát hành", "en": "Published"},
    "imprint.edition": {"vi": "Ấn bản", "en": "Edition"},
    "imprint.licence": {"vi": "Giấy phép xuất bản", "en": "Publishing licence"},
    "imprint.licence_date": {"vi": "Ngày cấp phép", "en": "Licensed on"},
    "imprint.responsible": {"vi": "Chịu trách nhiệm xuất bản", "en": "Responsible for publication"},
    "imprint.print_run": {"vi": "Số lượng in", "en": "Print run"},
    "imprint.size": {"vi": "Khổ", "en": "Size"},
    "imprint.printer": {"vi": "In tại", "en": "Printed by"},
    "imprint.printer_address": {"vi": "Địa chỉ nhà in", "en": "Printer's address"},
    "imprint.legal_deposit": {"vi": "Nộp lưu chiểu", "en": "Legal deposit"},
    "imprint.print_run.copies": {"vi": "{count} bản", "en": "{count} copies"},
    "imprint.not_for_sale": {"vi": "Tài liệu không bán", "en": "Not for sale"},
    "downloads": {"vi": "Tải về", "en": "Download"},
    "downloads.intro": {"vi": "Bản PDF để đọc trên màn hình:", "en": "PDF versions for reading on screen:"},
    "printers": {"vi": "Dành cho nhà in", "en": "For printers"},
    "printers.intro": {
        "vi": "Bản PDF/X-4 để in: hệ màu CMYK, chừa xén 3 mm mỗi cạnh, nhúng đủ phông chữ.",
        "en": "PDF/X-4 files for printing: CMYK, 3 mm bleed on every side, all fonts embedded."},
    "pdf.pages": {"vi": "{count} trang", "en": "{count} pages"},
    "pdf.bleed": {"vi": "chừa xén {mm} mm", "en": "bleed {mm} mm"},
    "draft": {"vi": "BẢN NHÁP", "en": "DRAFT"},
    "back.line": {"vi": "Thông tin đối ngoại tỉnh Bình Dương",
                  "en": "Binh Duong External Information"},
    "notes": {"vi": "Ghi chú", "en": "Notes"},
    "fallback.title": {"vi": "Chưa có bản dịch", "en": "Not translated yet"},
    "fallback.text": {
        "vi": "Trang này chưa được dịch; dưới đây là bản gốc tiếng Việt.",
        "en": "This page has not been translated yet; the Vietnamese original is shown."},
    "outdated.title": {"vi": "Bản dịch chưa cập nhật", "en": "Translation being updated"},
    "outdated.text": {
        "vi": "Bản gốc tiếng Việt của trang này đã thay đổi {when}; bản dịch có thể chưa phản ánh các thay đổi đó.",
        "en": "The Vietnamese original of this page changed {when}; this translation may not reflect those changes yet."},
    "outdated.when": {"vi": "ngày {date}", "en": "on {date}"},
    "status.language": {"vi": "Bản dịch {language}", "en": "{language} translation"},
    "status.summary": {
        "vi": "Đã dịch {translated} nội dung; {current} các mục đã cập nhật theo bản gốc.",
        "en": "{translated} of the content is translated; {current} of the sections are up to date with the original."},
    "library.all": {"vi": "Tất cả", "en": "All"},
    "library.filters": {"vi": "Lọc ấn phẩm", "en": "Filter publications"},
    "library.kind": {"vi": "Loại", "en": "Kind"},
    "library.year": {"vi": "Năm", "en": "Year"},
    "library.none": {"vi": "Không có ấn phẩm nào phù hợp.", "en": "No publication matches."},
    "library.count": {"vi": "{count} ấn phẩm", "en": "{count} publication(s)"},
    "status.headline": {"vi": "đã dịch {translated}, cập nhật {current}",
                        "en": "{translated} translated, {current} up to date"},
    "status.page": {"vi": "Trang", "en": "Page"},
    "status.translated": {"vi": "Đã dịch", "en": "Translated"},
    "status.current": {"vi": "Cập nhật", "en": "Up to date"},
    "status.sections": {"vi": "Mục cần xử lý", "en": "Sections to do"},
    "status.other": {"vi": "Các trang khác", "en": "Other pages"},
    "status.report": {
        "vi": "Lần build này có {count} cảnh báo; kết quả kiểm tra đầy đủ (dạng JSON): {report}.",
        "en": "This build has {count} warning(s); the full check report (JSON): {report}."},
    "status.none": {"vi": "—", "en": "—"},
    "status.missing": {"vi": "chưa dịch", "en": "not translated"},
    "status.outdated": {"vi": "cần cập nhật", "en": "needs updating"},
    "status.opening": {"vi": "phần mở đầu", "en": "opening"},
}


def format_date(value: PartialDate | datetime.date, lang: str) -> str:
    """A date in words, as precise as it is known: 'ngày 22 tháng 4 năm 2019', '22 April 2019'."""
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    patterns = DATE_PATTERNS.get(lang)
    if patterns:
        return babel_format_date(value.first_day, patterns[value.precision], locale=lang)
    skeleton = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}[value.precision]
    return format_skeleton(skeleton, value.first_day, locale=lang)


def format_issue(issue: IssueLabel, lang: str) -> str:
    """A bulletin's issue label: 'Quý II/2019', 'Q2 2019'."""
    formatter = ISSUE_FORMATS.get(lang)
    if formatter:
        return formatter(issue)
    return format_skeleton("yQQQ", issue.first_day, locale=lang)


def format_number(number: float, lang: str) -> str:
    """A number with the language's separators: 1.234,5 in Vietnamese, 1,234.5 in English."""
    return format_decimal(number, locale=lang)


def format_size(size: int, lang: str) -> str:
    """A file size for readers: '1,2 MB' in Vietnamese, '1.2 MB' in English."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            return f"{format_decimal(round(size / scale, 1), locale=lang)} {unit}"
    return f"{format_decimal(size, locale=lang)} B"


def format_percent(share: float) -> str:
    """A share as a whole percent, rounded down: 99.6 % is not yet "100%"."""
    return f"{math.floor(share * 100 + 1e-9)}%"


def label(key: str, lang: str, **values: object) -> str:
    """A fixed label of the site or the PDFs; untranslated labels fall back to English."""
    texts = LABELS[key]
    return texts.get(lang, texts["en"]).format(**values)


def when(facts, lang: str) -> str:
    """How a publication is dated for readers: its issue label, else its date."""
    return format_issue(facts.issue, lang) if facts.issue else format_date(facts.date, lang)
