"""Dates, issue labels, numbers and fixed labels in each language, with Babel."""
from __future__ import annotations

import datetime

from babel.dates import format_date as babel_format_date, format_skeleton
from babel.numbers import format_decimal

from build_tools.schema import IssueLabel, PartialDate

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


def label(key: str, lang: str, **values: object) -> str:
    """A fixed label of the site or the PDFs; untranslated labels fall back to English."""
    texts = LABELS[key]
    return texts.get(lang, texts["en"]).format(**values)


def when(facts, lang: str) -> str:
    """How a publication is dated for readers: its issue label, else its date."""
    return format_issue(facts.issue, lang) if facts.issue else format_date(facts.date, lang)
