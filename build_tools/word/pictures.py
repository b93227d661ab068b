"""A contribution's images: web formats named after the page, checked and without metadata."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import unicodedata
from pathlib import Path

from PIL import Image

from build_tools.base.findings import WARNING, Finding
from build_tools.base.messages import N_, _
from build_tools.content import image_files
from build_tools.word import body
from build_tools.word.facts import Facts

KEPT = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
"""Formats a browser shows, kept as they are; any other image Pillow reads becomes PNG."""
WINDOWS_DRAWINGS = (".emf", ".wmf", ".emz", ".wmz")
DRAWING, UNREADABLE, LINKED = (
    N_("a Windows drawing (EMF or WMF)"), N_("not an image a page can show"),
    N_("linked to a file outside the document, not embedded"))


@dataclasses.dataclass
class Staged:
    """The images to write beside the page, and what the editor should know of them."""

    files: list[tuple[Path, bytes]] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)
    without_alt: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    """(file name, which paragraph of the document) of each image with no description."""


class _Refused(Exception):
    """An image the page cannot take; the message says what it is."""


def take(blocks: list, facts: Facts, shown: str, page: Path, staging: Path) -> Staged:
    """Point every image of the blocks at its file beside the page (<page>-1.jpg, -2.png…)
    and stage those files; an image that cannot be shown is left out, with a finding."""
    staged, named, dropped = Staged(), {}, set()
    staging.mkdir(parents=True, exist_ok=True)
    for image in list(body.nodes(blocks, "Image")):
        source = image["c"][2][0]
        data = _bytes(source, staging.parent)
        picture = facts.pictures.get(hashlib.sha1(data).hexdigest()) if data else None
        place = facts.where(picture.paragraph) if picture else _("a paragraph of the document")
        if source not in named:
            try:
                named[source] = _stage(data, source, page, len(staged.files) + 1, staging)
            except _Refused as refused:
                named[source] = None
                staged.findings.append(Finding(shown, picture.paragraph if picture else 1,
                                               "import-image", _(
                    "{where}: the picture {name} is {what}; it was left out: save it as PNG or "
                    "JPEG and add it to the page").format(
                        where=place, name=Path(source).name, what=_(str(refused))), WARNING))
            else:
                staged.files.append(named[source])
                if not _describe(image, picture):
                    staged.without_alt.append((named[source][0].name, place))
        if named[source] is None:
            dropped.add(id(image))
        else:
            _describe(image, picture)
            image["c"][2] = [named[source][0].name, ""]
    _drop(blocks, dropped)
    return staged


def _bytes(source: str, folder: Path) -> bytes | None:
    """An extracted image's bytes; None for a link to anything outside what pandoc extracted."""
    path = Path(source)
    if not path.is_absolute() or not path.resolve().is_relative_to(folder.resolve()):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _stage(data: bytes | None, source: str, page: Path, number: int,
           staging: Path) -> tuple[Path, bytes]:
    """(the image's path beside the page, its bytes): a web format, checked as the site
    checks images, without its metadata (EXIF, GPS, XMP…)."""
    if data is None:
        raise _Refused(LINKED)
    if source.lower().endswith(WINDOWS_DRAWINGS):
        raise _Refused(DRAWING)
    data, suffix = _web_format(data)
    target = page.with_name(f"{page.stem}-{number}{suffix}")
    copy = staging / target.name
    copy.write_bytes(data)
    try:
        image_files.probe(copy)
        image_files.strip_metadata(copy)
    except image_files.ImageProblem as problem:
        raise _Refused(problem.message) from None
    return target, copy.read_bytes()


def _web_format(data: bytes) -> tuple[bytes, str]:
    """The image as a browser takes it: JPEG, PNG, GIF and WebP as they are, anything else
    Pillow can read (TIFF, BMP…) as PNG."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format in KEPT:
                return data, KEPT[image.format]
            if image.format in ("WMF", "EMF"):
                raise _Refused(DRAWING)
            if image.width * image.height > image_files.MAX_PIXELS:
                raise _Refused(UNREADABLE)
            image.load()
            if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            converted = io.BytesIO()
            image.save(converted, "PNG", optimize=True)
            return converted.getvalue(), ".png"
    except _Refused:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _Refused(UNREADABLE) from None


def _describe(image: dict, picture) -> bool:
    """Give the image the document's description of it; whether it has one."""
    alt = picture.alt if picture and picture.alt else " ".join(body.plain(image["c"][1]).split())
    if not alt or alt == (picture.name if picture else None):
        image["c"][1] = []
        return False
    words = unicodedata.normalize("NFC", alt).split()
    image["c"][1] = [item for word in words for item in ({"t": "Space"}, body.Str(word))][1:]
    return True


def _drop(tree, ids: set[int]) -> None:
    if isinstance(tree, dict):
        _drop(tree.get("c"), ids)
    elif isinstance(tree, list):
        tree[:] = [item for item in tree if id(item) not in ids]
        for item in tree:
            _drop(item, ids)
