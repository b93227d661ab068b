"""Heading anchors that read well in Vietnamese: 'Đối tượng tham dự' -> 'doi-tuong-tham-du'.

Python-Markdown's default drops letters it cannot decompose, so 'đối ngoại' became
'oi-ngoai'. This folds Vietnamese letters to their base letter first (đ -> d).
"""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Text without tone or shape marks, đ as d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(ch))


def slugify(value: str, separator: str) -> str:
    """The toc extension's slugify, for Vietnamese and English headings alike, and for
    Chinese, Korean and Japanese ones, whose characters stay as they are ('平阳省概况',
    '빈즈엉성-소개'): folding them to ASCII would leave nothing ('_1', '_2')."""
    plain = "".join(map(_slug_char, unicodedata.normalize("NFC", value))).lower()
    plain = re.sub(r"[^\w\s-]", "", plain).strip()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, plain)


def _slug_char(char: str) -> str:
    """A Latin letter as its base letter ('ế' -> 'e', 'đ' -> 'd'; one with no ASCII base,
    such as 'ø', dropped as before); a letter of another script as it is."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    if base.isascii():
        return base
    return "" if unicodedata.name(char, "").startswith("LATIN") else char
