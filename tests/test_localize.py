"""Localised dates, issue labels and numbers, with Babel."""
import datetime

import pytest

from build_tools.content.localize import format_date, format_issue, format_number, label
from build_tools.content.schema import IssueLabel, PartialDate


@pytest.mark.parametrize("value, lang, expected", [
    (PartialDate(2019, 4, 22), "vi", "ngày 22 tháng 4 năm 2019"),
    (PartialDate(2019, 4, 22), "en", "22 April 2019"),
    (datetime.date(2019, 11, 20), "vi", "ngày 20 tháng 11 năm 2019"),
    (PartialDate(2019, 11), "vi", "tháng 11 năm 2019"),
    (PartialDate(2019, 11), "en", "November 2019"),
    (PartialDate(2019), "vi", "năm 2019"),
    (PartialDate(2019), "en", "2019"),
    (PartialDate(2019, 4, 22), "zh", "2019年4月22日"),
])
def test_dates(value, lang, expected):
    assert format_date(value, lang) == expected


@pytest.mark.parametrize("lang, expected", [("vi", "Quý II/2019"), ("en", "Q2 2019"),
                                            ("ko", "2019년 2분기")])
def test_issue_labels(lang, expected):
    assert format_issue(IssueLabel(2019, 2), lang) == expected


def test_numbers_use_each_locales_separators():
    assert format_number(1234.5, "vi") == "1.234,5"
    assert format_number(1234.5, "en") == "1,234.5"


def test_labels_fall_back_to_english_for_a_new_language():
    assert label("kind.bulletin", "vi") == "Bản tin"
    assert label("kind.bulletin", "ja") == "Bulletin"
