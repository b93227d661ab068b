"""The PDFs' fonts: the site's WOFF2 faces as TrueType, made once, the same bytes each time."""
import io

import pytest

from fontTools.ttLib import TTFont

from build_tools.base.resources import FONTS_DIR
from build_tools.pdf import fonts


def test_each_face_is_decompressed_once_to_the_same_truetype_bytes(tmp_path):
    first = fonts.truetype(tmp_path / "a")
    second = fonts.truetype(tmp_path / "b")
    assert len(first) == len(fonts.FACES) == 6
    for face, path in first.items():
        assert path.read_bytes()[:4] == b"\0\1\0\0"  # TrueType, not WOFF2
        assert path.read_bytes() == second[face].read_bytes()
        original = TTFont(FONTS_DIR / face.file)
        made = TTFont(io.BytesIO(path.read_bytes()))
        # The font as the site serves it: same glyphs, same timestamps (never "now").
        assert made.getGlyphOrder() == original.getGlyphOrder()
        assert made["head"].modified == original["head"].modified
    stamp = {path: path.stat().st_mtime_ns for path in first.values()}
    assert fonts.truetype(tmp_path / "a") == first  # already there: not made again
    assert {path: path.stat().st_mtime_ns for path in first.values()} == stamp


def test_the_font_faces_name_every_face_by_its_book_url(tmp_path):
    rules = fonts.font_faces(fonts.truetype(tmp_path), lambda path: "file:///bdpub/" + path.name)
    assert rules.count("@font-face") == 6
    assert 'font-family: "Noto Serif"; font-weight: 700; font-style: italic; ' \
           'src: url("file:///bdpub/NotoSerif-BoldItalic-' in rules


def test_a_cjk_book_adds_its_languages_face_of_noto_cjk_after_the_latin_faces():
    assert fonts.stacks(("vi", "en")) == ("", [])
    rules, files = fonts.stacks(("vi", "ja"))
    assert '--serif: "Noto Serif", "Noto Serif CJK JP"' in rules
    assert '--sans: "Noto Sans", "Noto Sans CJK JP"' in rules
    assert all(path.is_file() for path in files) and len(files) == 4


def test_a_cjk_book_without_fonts_noto_cjk_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "CJK_FONTS_DIR", tmp_path)  # a machine without the package
    with pytest.raises(fonts.CjkFontsMissing, match="install Debian's fonts-noto-cjk"):
        fonts.stacks(("vi", "zh"))
