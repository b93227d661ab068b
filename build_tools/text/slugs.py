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
    """The toc extension's slugify, for Vietnamese and English headings alike."""
    plain = fold(value).encode("ascii", "ignore").decode("ascii").lower()
    plain = re.sub(r"[^\w\s-]", "", plain).strip()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, plain)
