"""The fonts of the PDFs: the site's Noto faces, given to WeasyPrint as TrueType, and
Debian's Noto Serif/Sans CJK for Chinese, Korean and Japanese.

The site serves its fonts as WOFF2; WeasyPrint reads a WOFF2 face by decompressing it in
pure Python (fontTools) in every render, which was two thirds of a PDF's render time.
The PDFs use the same faces decompressed once into the project's cache, named by their
content, so every render loads plain TrueType and every machine embeds the same bytes.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
from pathlib import Path

from build_tools.base.messages import _
from build_tools.base.resources import CJK_FONTS_DIR, CJK_REGIONS, FONTS_DIR


@dataclasses.dataclass(frozen=True)
class Face:
    family: str
    weight: int
    style: str
    file: str
    """The WOFF2 file in FONTS_DIR."""


FACES = (
    Face("Noto Serif", 400, "normal", "NotoSerif-Regular.woff2"),
    Face("Noto Serif", 400, "italic", "NotoSerif-Italic.woff2"),
    Face("Noto Serif", 700, "normal", "NotoSerif-Bold.woff2"),
    Face("Noto Serif", 700, "italic", "NotoSerif-BoldItalic.woff2"),
    Face("Noto Sans", 400, "normal", "NotoSans-Regular.woff2"),
    Face("Noto Sans", 700, "normal", "NotoSans-Bold.woff2"),
)
"""The faces the books use (book.css sets text in these families)."""


def truetype(cache: Path) -> dict[Face, Path]:
    """Each face as a TrueType file in `cache`, decompressed when not there yet."""
    stamps = tuple((face.file, (FONTS_DIR / face.file).stat().st_mtime_ns) for face in FACES)
    files = _truetype(cache, stamps)
    if all(path.is_file() for path in files.values()):
        return files
    _truetype.cache_clear()  # the cache folder was emptied meanwhile
    return _truetype(cache, stamps)


@functools.lru_cache(maxsize=4)
def _truetype(cache: Path, stamps: tuple) -> dict[Face, Path]:
    """truetype(), once per cache folder and state of the WOFF2 files in a process: every
    book of a build asks for the same fonts."""
    return {face: _decompressed(FONTS_DIR / face.file, cache) for face in FACES}


def _decompressed(source: Path, cache: Path) -> Path:
    data = source.read_bytes()
    target = cache / f"{source.stem}-{hashlib.sha256(data).hexdigest()[:16]}.ttf"
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont

    # recalcTimestamp=False keeps head.modified as the font has it: the same bytes on
    # every machine, whenever they are made.
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = None
    output = io.BytesIO()
    font.save(output, reorderTables=True)
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    partial.write_bytes(output.getvalue())
    os.replace(partial, target)
    return target


def font_faces(files: dict[Face, Path], url_of) -> str:
    """The @font-face rules naming each face's TrueType file by its book URL."""
    return "".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: {face.style}; src: url("{url_of(path)}"); }}'
        for face, path in files.items())


CJK_COLLECTIONS = ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc",
                   "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")
"""The collections a Chinese, Korean or Japanese book sets its text in (fonts-noto-cjk)."""


class CjkFontsMissing(Exception):
    """A book in Chinese, Korean or Japanese, and no fonts-noto-cjk on this machine."""


def stacks(langs: tuple[str, ...]) -> tuple[str, list[Path]]:
    """The book's two font stacks as CSS custom properties (--serif, --sans: book.css sets
    every text in one of them), and the font files they add.

    Latin and Vietnamese stay in Noto Serif and Noto Sans, which come first; the characters
    they lack (Han, kana, Hangul, full-width punctuation) fall to the face of Noto CJK of the
    book's CJK language, so that a Han character takes that language's form. A book holds at
    most one CJK language: the source and one translation."""
    regions = [CJK_REGIONS[lang] for lang in langs if lang in CJK_REGIONS]
    if not regions:
        return "", []
    files = [CJK_FONTS_DIR / name for name in CJK_COLLECTIONS]
    absent = [path for path in files if not path.is_file()]
    if absent:
        raise CjkFontsMissing(_("{path}: Noto CJK is missing; a book in {langs} needs it: "
                                "install Debian's fonts-noto-cjk (make system)").format(
            path=absent[0], langs=", ".join(lang for lang in langs if lang in CJK_REGIONS)))
    region = regions[0]
    return (f':root {{ --serif: "Noto Serif", "Noto Serif CJK {region}"; '
            f'--sans: "Noto Sans", "Noto Sans CJK {region}"; }}'), files
