"""Localised dates, issue labels and numbers, with Babel."""
import datetime
import unicodedata

import pytest

from build_tools.content.localize import (edition_label, format_date, format_issue,
                                          format_number, label)
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
    assert label("kind.bulletin", "th") == "Bulletin"


def test_every_label_is_in_the_five_languages_with_the_same_placeholders():
    import string

    from build_tools.content.localize import LABELS

    def names(text: str) -> set[str]:
        return {field for _text, field, _spec, _conversion in string.Formatter().parse(text)
                if field}

    for key, texts in LABELS.items():
        assert set(texts) == {"vi", "en", "zh", "ko", "ja"}, key
        assert all(names(text) == names(texts["en"]) for text in texts.values()), key
        assert all(text == unicodedata.normalize("NFC", text) for text in texts.values()), key


PLAN_DAY = datetime.date(2019, 4, 22)  # Plan 1759/KH-UBND


@pytest.mark.parametrize("lang", ["zh", "ko", "ja"])
def test_dates_quarters_and_numbers_in_chinese_korean_and_japanese_are_babels(lang):
    from babel.dates import format_skeleton
    from babel.numbers import format_decimal

    assert format_date(PartialDate(2019, 4, 22), lang) == format_skeleton("yMMMMd", PLAN_DAY,
                                                                          locale=lang)
    assert format_date(PartialDate(2019, 4), lang) == format_skeleton("yMMMM", PLAN_DAY,
                                                                      locale=lang)
    assert format_date(PLAN_DAY, lang) == format_date(PartialDate(2019, 4, 22), lang)
    quarter = format_issue(IssueLabel(2019, 2), lang)
    assert quarter in {format_skeleton(skeleton, datetime.date(2019, 4, 1), locale=lang)
                       for skeleton in ("yQQQ", "yQQQQ")}
    assert "2019" in quarter and "2" in quarter.replace("2019", "") and "Q" not in quarter
    assert format_number(1234.5, lang) == format_decimal(1234.5, locale=lang)


@pytest.mark.parametrize("edition, lang, expected", [
    ("zh", "vi", "Ấn bản tiếng Trung"),
    ("bilingual-zh", "en", "Vietnamese-Chinese edition"),
    ("bilingual-en", "ja", "ベトナム語・英語版"),
    ("ko", "ko", "한국어판"),
])
def test_editions_are_named_in_each_language(edition, lang, expected):
    assert edition_label(edition, lang) == expected


def test_an_edition_in_a_language_the_labels_lack_is_named_from_babels_names():
    from babel import Locale

    french = Locale.parse("fr")
    assert edition_label("fr", "en") == f"{french.get_display_name('en')} edition"
    in_vietnamese = french.get_display_name("vi")  # "Tiếng Pháp": lower case in a sentence
    assert edition_label("bilingual-fr", "vi") == (
        f"Ấn bản song ngữ tiếng Việt - {in_vietnamese[0].lower()}{in_vietnamese[1:]}")
