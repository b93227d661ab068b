"""The fonts of the PDFs: the site's Noto faces, given to WeasyPrint as TrueType.

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

from build_tools.base.resources import FONTS_DIR


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
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(output.getvalue())
    os.replace(partial, target)
    return target


def font_faces(files: dict[Face, Path], url_of) -> str:
    """The @font-face rules naming each face's TrueType file by its book URL."""
    return "".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: {face.style}; src: url("{url_of(path)}"); }}'
        for face, path in files.items())
