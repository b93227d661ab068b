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
ISSUE_SKELETONS = {"ja": "yQQQQ"}
"""CLDR skeletons for a quarter where the short one reads as a code ("2019/Q2" in Japanese,
"2019年第2四半期" in full); every other language takes "yQQQ" ("2019年第2季度", "2019년 2분기")."""
LABELS = {
    "kind.plan": {"vi": "Kế hoạch", "en": "Plan", "zh": "计划", "ko": "계획", "ja": "計画"},
    "kind.bulletin": {"vi": "Bản tin", "en": "Bulletin", "zh": "简报", "ko": "소식지", "ja": "広報誌"},
    "kind.booklet": {
        "vi": "Ấn phẩm song ngữ",
        "en": "Bilingual publication",
        "zh": "双语出版物",
        "ko": "2개 국어 간행물",
        "ja": "2か国語刊行物",
    },
    "kind.booklet.one-language": {
        "vi": "Ấn phẩm",
        "en": "Publication",
        "zh": "出版物",
        "ko": "간행물",
        "ja": "刊行物",
    },
    "kind.special": {
        "vi": "Đặc san",
        "en": "Special edition",
        "zh": "特刊",
        "ko": "특별호",
        "ja": "特別号",
    },
    "kinds.plan": {"vi": "Kế hoạch", "en": "Plans", "zh": "计划", "ko": "계획", "ja": "計画"},
    "kinds.bulletin": {
        "vi": "Bản tin thông tin đối ngoại",
        "en": "External information bulletins",
        "zh": "对外信息简报",
        "ko": "대외 정보 소식지",
        "ja": "対外情報広報誌",
    },
    "kinds.booklet": {
        "vi": "Ấn phẩm song ngữ Việt - Anh",
        "en": "Vietnamese-English publications",
        "zh": "越英双语出版物",
        "ko": "베트남어·영어 간행물",
        "ja": "ベトナム語・英語刊行物",
    },
    "kinds.special": {
        "vi": "Đặc san thông tin đối ngoại",
        "en": "Special editions",
        "zh": "对外信息特刊",
        "ko": "대외 정보 특별호",
        "ja": "対外情報特別号",
    },
    "status.draft": {"vi": "Bản thảo", "en": "Draft", "zh": "草稿", "ko": "초안", "ja": "草稿"},
    "publisher": {
        "vi": "Sở Thông tin và Truyền thông tỉnh Bình Dương",
        "en": "Department of Information and Communications of Binh Duong Province",
        "zh": "平阳省信息传媒厅",
        "ko": "빈즈엉성 정보통신국",
        "ja": "ビンズオン省情報通信局",
    },
    "pages": {
        "vi": "{count} trang",
        "en": "{count} pages",
        "zh": "{count} 页",
        "ko": "{count}쪽",
        "ja": "{count} ページ",
    },
    "no-publications": {
        "vi": "Chưa có ấn phẩm nào.",
        "en": "No publications yet.",
        "zh": "暂无出版物。",
        "ko": "아직 간행물이 없습니다.",
        "ja": "刊行物はまだありません。",
    },
    "contents": {"vi": "Mục lục", "en": "Contents", "zh": "目录", "ko": "목차", "ja": "目次"},
    "page": {"vi": "Trang", "en": "Page", "zh": "页", "ko": "쪽", "ja": "ページ"},
    "edition.vi": {
        "vi": "Ấn bản tiếng Việt",
        "en": "Vietnamese edition",
        "zh": "越南语版",
        "ko": "베트남어판",
        "ja": "ベトナム語版",
    },
    "edition.en": {
        "vi": "Ấn bản tiếng Anh",
        "en": "English edition",
        "zh": "英语版",
        "ko": "영어판",
        "ja": "英語版",
    },
    "edition.bilingual": {
        "vi": "Ấn bản song ngữ Việt - Anh",
        "en": "Vietnamese-English edition",
        "zh": "越英双语版",
        "ko": "베트남어·영어판",
        "ja": "ベトナム語・英語版",
    },
    "edition.zh": {"vi": "Ấn bản tiếng Trung", "en": "Chinese edition", "zh": "中文版",
                   "ko": "중국어판", "ja": "中国語版"},
    "edition.ko": {"vi": "Ấn bản tiếng Hàn", "en": "Korean edition", "zh": "韩语版",
                   "ko": "한국어판", "ja": "韓国語版"},
    "edition.ja": {"vi": "Ấn bản tiếng Nhật", "en": "Japanese edition", "zh": "日语版",
                   "ko": "일본어판", "ja": "日本語版"},
    "edition.bilingual-zh": {"vi": "Ấn bản song ngữ Việt - Trung", "en": "Vietnamese-Chinese edition",
                             "zh": "越中双语版", "ko": "베트남어·중국어판", "ja": "ベトナム語・中国語版"},
    "edition.bilingual-ko": {"vi": "Ấn bản song ngữ Việt - Hàn", "en": "Vietnamese-Korean edition",
                             "zh": "越韩双语版", "ko": "베트남어·한국어판", "ja": "ベトナム語・韓国語版"},
    "edition.bilingual-ja": {"vi": "Ấn bản song ngữ Việt - Nhật", "en": "Vietnamese-Japanese edition",
                             "zh": "越日双语版", "ko": "베트남어·일본어판", "ja": "ベトナム語・日本語版"},
    # An edition in a language the table above does not name, with Babel's name of it.
    "edition.other": {"vi": "Ấn bản {language}", "en": "{language} edition", "zh": "{language}版",
                      "ko": "{language}판", "ja": "{language}版"},
    "edition.bilingual-other": {"vi": "Ấn bản song ngữ {source} - {translation}",
                                "en": "{source}-{translation} edition",
                                "zh": "{source}・{translation}双语版",
                                "ko": "{source}·{translation}판", "ja": "{source}・{translation}版"},
    "profile.print": {"vi": "Bản in", "en": "Print version", "zh": "印刷版", "ko": "인쇄용", "ja": "印刷用"},
    "profile.screen": {
        "vi": "Bản đọc trên màn hình",
        "en": "Screen version",
        "zh": "屏幕阅读版",
        "ko": "화면용",
        "ja": "画面閲覧用",
    },
    "imprint.publisher": {
        "vi": "Đơn vị xuất bản",
        "en": "Publisher",
        "zh": "出版单位",
        "ko": "발행처",
        "ja": "発行者",
    },
    "imprint.date": {
        "vi": "Thời gian phát hành",
        "en": "Published",
        "zh": "发行时间",
        "ko": "발행일",
        "ja": "発行日",
    },
    "imprint.edition": {"vi": "Ấn bản", "en": "Edition", "zh": "版本", "ko": "판", "ja": "版"},
    "imprint.licence": {
        "vi": "Giấy phép xuất bản",
        "en": "Publishing licence",
        "zh": "出版许可证",
        "ko": "출판 허가",
        "ja": "出版許可",
    },
    "imprint.licence_date": {
        "vi": "Ngày cấp phép",
        "en": "Licensed on",
        "zh": "许可日期",
        "ko": "허가일",
        "ja": "許可日",
    },
    "imprint.responsible": {
        "vi": "Chịu trách nhiệm xuất bản",
        "en": "Responsible for publication",
        "zh": "出版负责人",
        "ko": "출판 책임자",
        "ja": "出版責任者",
    },
    "imprint.print_run": {
        "vi": "Số lượng in",
        "en": "Print run",
        "zh": "印数",
        "ko": "인쇄 부수",
        "ja": "印刷部数",
    },
    "imprint.size": {"vi": "Khổ", "en": "Size", "zh": "开本", "ko": "판형", "ja": "判型"},
    "imprint.printer": {"vi": "In tại", "en": "Printed by", "zh": "印刷单位", "ko": "인쇄소", "ja": "印刷所"},
    "imprint.printer_address": {
        "vi": "Địa chỉ nhà in",
        "en": "Printer's address",
        "zh": "印刷单位地址",
        "ko": "인쇄소 주소",
        "ja": "印刷所所在地",
    },
    "imprint.legal_deposit": {
        "vi": "Nộp lưu chiểu",
        "en": "Legal deposit",
        "zh": "呈缴",
        "ko": "납본",
        "ja": "納本",
    },
    "imprint.print_run.copies": {
        "vi": "{count} bản",
        "en": "{count} copies",
        "zh": "{count} 册",
        "ko": "{count}부",
        "ja": "{count} 部",
    },
    "imprint.not_for_sale": {
        "vi": "Tài liệu không bán",
        "en": "Not for sale",
        "zh": "非卖品",
        "ko": "비매품",
        "ja": "非売品",
    },
    "downloads": {"vi": "Tải về", "en": "Download", "zh": "下载", "ko": "다운로드", "ja": "ダウンロード"},
    "downloads.intro": {
        "vi": "Bản PDF để đọc trên màn hình:",
        "en": "PDF versions for reading on screen:",
        "zh": "供屏幕阅读的 PDF 版本：",
        "ko": "화면에서 읽는 PDF 파일:",
        "ja": "画面で読むための PDF 版：",
    },
    "printers": {
        "vi": "Dành cho nhà in",
        "en": "For printers",
        "zh": "供印刷厂使用",
        "ko": "인쇄소용",
        "ja": "印刷所向け",
    },
    "printers.intro": {
        "vi": "Bản PDF/X-4 để in: hệ màu CMYK, chừa xén 3 mm mỗi cạnh, nhúng đủ phông chữ.",
        "en": "PDF/X-4 files for printing: CMYK, 3 mm bleed on every side, all fonts embedded.",
        "zh": "供印刷用的 PDF/X-4 文件：CMYK 色彩，每边出血 3 毫米，嵌入全部字体。",
        "ko": "인쇄용 PDF/X-4 파일: CMYK 색상, 각 변 재단 여유 3 mm, 모든 글꼴 포함.",
        "ja": "印刷用の PDF/X-4 ファイル：CMYK、各辺 3 mm の塗り足し、全フォント埋め込み。",
    },
    "pdf.pages": {
        "vi": "{count} trang",
        "en": "{count} pages",
        "zh": "{count} 页",
        "ko": "{count}쪽",
        "ja": "{count} ページ",
    },
    "pdf.bleed": {
        "vi": "chừa xén {mm} mm",
        "en": "bleed {mm} mm",
        "zh": "出血 {mm} 毫米",
        "ko": "재단 여유 {mm} mm",
        "ja": "塗り足し {mm} mm",
    },
    "draft": {"vi": "BẢN NHÁP", "en": "DRAFT", "zh": "草稿", "ko": "초안", "ja": "草稿"},
    "back.line": {
        "vi": "Thông tin đối ngoại tỉnh Bình Dương",
        "en": "Binh Duong External Information",
        "zh": "平阳省对外信息",
        "ko": "빈즈엉성 대외 정보",
        "ja": "ビンズオン省 対外情報",
    },
    "notes": {"vi": "Ghi chú", "en": "Notes", "zh": "注释", "ko": "메모", "ja": "メモ"},
    "fallback.title": {
        "vi": "Chưa có bản dịch",
        "en": "Not translated yet",
        "zh": "尚无译文",
        "ko": "아직 번역되지 않음",
        "ja": "未翻訳",
    },
    "fallback.text": {
        "vi": "Trang này chưa được dịch; dưới đây là bản gốc tiếng Việt.",
        "en": "This page has not been translated yet; the Vietnamese original is shown.",
        "zh": "本页尚未翻译，以下为越南语原文。",
        "ko": "이 페이지는 아직 번역되지 않아 베트남어 원문을 보여 드립니다.",
        "ja": "このページはまだ翻訳されていないため、ベトナム語の原文を表示しています。",
    },
    "outdated.title": {
        "vi": "Bản dịch chưa cập nhật",
        "en": "Translation being updated",
        "zh": "译文正在更新",
        "ko": "번역 업데이트 중",
        "ja": "翻訳を更新中",
    },
    "outdated.text": {
        "vi": "Bản gốc tiếng Việt của trang này đã thay đổi {when}; bản dịch có thể chưa phản ánh các thay đổi đó.",
        "en": "The Vietnamese original of this page changed {when}; this translation may not reflect those changes yet.",
        "zh": "本页的越南语原文已于{when}修改；译文可能尚未反映这些修改。",
        "ko": "이 페이지의 베트남어 원문이 {when} 변경되었습니다. 번역에는 아직 그 변경 사항이 반영되지 않았을 수 있습니다.",
        "ja": "このページのベトナム語の原文は{when}に変更されました。翻訳にはまだその変更が反映されていない可能性があります。",
    },
    "outdated.when": {
        "vi": "ngày {date}",
        "en": "on {date}",
        "zh": "{date}",
        "ko": "{date}에",
        "ja": "{date}",
    },
    "status.language": {
        "vi": "Bản dịch {language}",
        "en": "{language} translation",
        "zh": "{language}译文",
        "ko": "{language} 번역",
        "ja": "{language}訳",
    },
    "status.summary": {
        "vi": "Đã dịch {translated} nội dung; {current} các mục đã cập nhật theo bản gốc.",
        "en": "{translated} of the content is translated; {current} of the sections are up to date with the original.",
        "zh": "已翻译 {translated} 的内容；{current} 的章节与原文同步。",
        "ko": "내용의 {translated}가 번역되었고, 섹션의 {current}가 원문과 일치합니다.",
        "ja": "内容の {translated} が翻訳済みで、セクションの {current} が原文に沿って更新されています。",
    },
    "library.all": {"vi": "Tất cả", "en": "All", "zh": "全部", "ko": "전체", "ja": "すべて"},
    "library.filters": {
        "vi": "Lọc ấn phẩm",
        "en": "Filter publications",
        "zh": "筛选出版物",
        "ko": "간행물 필터",
        "ja": "刊行物の絞り込み",
    },
    "library.kind": {"vi": "Loại", "en": "Kind", "zh": "类别", "ko": "종류", "ja": "種類"},
    "library.year": {"vi": "Năm", "en": "Year", "zh": "年份", "ko": "연도", "ja": "年"},
    "library.none": {
        "vi": "Không có ấn phẩm nào phù hợp.",
        "en": "No publication matches.",
        "zh": "没有符合条件的出版物。",
        "ko": "조건에 맞는 간행물이 없습니다.",
        "ja": "該当する刊行物はありません。",
    },
    "library.count": {
        "vi": "{count} ấn phẩm",
        "en": "{count} publication(s)",
        "zh": "{count} 种出版物",
        "ko": "간행물 {count}개",
        "ja": "刊行物 {count} 点",
    },
    "status.headline": {
        "vi": "đã dịch {translated}, cập nhật {current}",
        "en": "{translated} translated, {current} up to date",
        "zh": "已翻译 {translated}，已更新 {current}",
        "ko": "번역 {translated}, 최신 {current}",
        "ja": "翻訳済み {translated}、更新済み {current}",
    },
    "status.page": {"vi": "Trang", "en": "Page", "zh": "页面", "ko": "페이지", "ja": "ページ"},
    "status.translated": {
        "vi": "Đã dịch",
        "en": "Translated",
        "zh": "已翻译",
        "ko": "번역됨",
        "ja": "翻訳済み",
    },
    "status.current": {"vi": "Cập nhật", "en": "Up to date", "zh": "已更新", "ko": "최신", "ja": "更新済み"},
    "status.sections": {
        "vi": "Mục cần xử lý",
        "en": "Sections to do",
        "zh": "待处理章节",
        "ko": "처리할 섹션",
        "ja": "対応が必要なセクション",
    },
    "status.other": {
        "vi": "Các trang khác",
        "en": "Other pages",
        "zh": "其他页面",
        "ko": "기타 페이지",
        "ja": "その他のページ",
    },
    "status.report": {
        "vi": "Lần build này có {count} cảnh báo; kết quả kiểm tra đầy đủ (dạng JSON): {report}.",
        "en": "This build has {count} warning(s); the full check report (JSON): {report}.",
        "zh": "本次构建有 {count} 条警告；完整检查报告（JSON）：{report}。",
        "ko": "이번 빌드에는 경고가 {count}개 있습니다. 전체 점검 보고서(JSON): {report}.",
        "ja": "今回のビルドには警告が {count} 件あります。全チェック結果（JSON）：{report}。",
    },
    "status.none": {"vi": "—", "en": "—", "zh": "—", "ko": "—", "ja": "—"},
    "status.missing": {
        "vi": "chưa dịch",
        "en": "not translated",
        "zh": "未翻译",
        "ko": "번역 안 됨",
        "ja": "未翻訳",
    },
    "status.outdated": {
        "vi": "cần cập nhật",
        "en": "needs updating",
        "zh": "需更新",
        "ko": "업데이트 필요",
        "ja": "要更新",
    },
    "status.opening": {
        "vi": "phần mở đầu",
        "en": "opening",
        "zh": "开头部分",
        "ko": "도입부",
        "ja": "冒頭部分",
    },
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
    return format_skeleton(ISSUE_SKELETONS.get(lang, "yQQQ"), issue.first_day, locale=lang)


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
    """A fixed label of the site or the PDFs (in Vietnamese, English, Chinese, Korean and
    Japanese); a language the table does not have falls back to English."""
    texts = LABELS[key]
    return texts.get(lang, texts["en"]).format(**values)


def edition_label(name: str, lang: str, source: str = "vi") -> str:
    """What an edition is called in a language: "English edition", "Ấn bản song ngữ Việt -
    Trung"; from Babel's language names for a language the labels do not name."""
    if name == "bilingual-en" or f"edition.{name}" in LABELS:
        return label("edition.bilingual" if name == "bilingual-en" else f"edition.{name}", lang)
    if name.startswith("bilingual-"):
        return label("edition.bilingual-other", lang, source=language_name(source, lang),
                     translation=language_name(name.removeprefix("bilingual-"), lang))
    return label("edition.other", lang, language=language_name(name, lang))


def language_name(code: str, lang: str) -> str:
    """A language's name in another language (Babel's locale data): "tiếng Pháp", "French"."""
    from babel import Locale

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(lang.replace("-", "_"))
    except (ValueError, LookupError):
        return code
    return (name[0].lower() + name[1:]) if name and lang == "vi" else (name or code)


def when(facts, lang: str) -> str:
    """How a publication is dated for readers: its issue label, else its date."""
    return format_issue(facts.issue, lang) if facts.issue else format_date(facts.date, lang)
