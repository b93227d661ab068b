"""Image renditions for PDFs: CMYK at full resolution for print, downsampled RGB for screens."""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps

MM_PER_INCH = 25.4


class UnreadableImage(Exception):
    """An image file Pillow cannot decode (damaged, truncated, or not a raster image)."""


def rendition(source: Path, colour: str, ppi: int, placed_width_mm: float, icc: Path,
              cache_dir: Path) -> tuple[Path, float]:
    """A copy of the image ready for one profile, and the widest it may be placed (mm)
    at `ppi`. Metadata (EXIF, GPS) is dropped; the copy is cached by content. Raises
    UnreadableImage when the file cannot be decoded."""
    data = source.read_bytes()
    key = hashlib.sha256(data + f"{colour}:{ppi}:{placed_width_mm}".encode()
                         + (icc.read_bytes() if colour == "cmyk" else b"")).hexdigest()[:24]
    target = cache_dir / f"{key}.jpg"
    if (made := _made_already(target)) is not None:  # decoded and converted before
        return target, made / ppi * MM_PER_INCH
    try:
        with _strict_decoding(), Image.open(io.BytesIO(data)) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
            if colour == "cmyk":
                image = _to_cmyk(image, icc)
            else:
                flat = (_flatten(image) if image.mode in ("RGBA", "LA", "P")
                        else image.convert("RGB"))
                image = _downsampled(flat, ppi, placed_width_mm)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            ImageCms.PyCMSError) as error:
        raise UnreadableImage(_reason(error)) from None
    widest_mm = image.width / ppi * MM_PER_INCH
    if not target.exists():
        _save_atomically(image, target, quality=92 if colour == "cmyk" else 82, ppi=ppi)
    return target, widest_mm


def _made_already(target: Path) -> int | None:
    """The pixel width of a rendition made by an earlier call or build (its name is the
    hash of everything it is made of), or None when there is none to trust."""
    try:
        with Image.open(target) as made:
            return made.width
    except (OSError, ValueError, SyntaxError):
        return None


@contextlib.contextmanager
def _strict_decoding():
    """A truncated file is an error, not a picture with a grey band: WeasyPrint, once
    imported, tells Pillow to load truncated images for the whole process."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _reason(error: Exception) -> str:
    # Pillow names the in-memory stream in its message, which says nothing to an editor.
    message = re.sub(r"\s*<_io\.BytesIO object at 0x[0-9a-fA-F]+>", "", str(error)).strip()
    return message or type(error).__name__


def _save_atomically(image: Image.Image, target: Path, quality: int, ppi: int) -> None:
    """Write the JPEG under a temporary name and rename it: a build stopped mid-write, or
    another build writing the same rendition, never leaves half a file in the cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        image.save(partial, "JPEG", quality=quality, optimize=True, dpi=(ppi, ppi))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _to_cmyk(image: Image.Image, icc: Path) -> Image.Image:
    if image.mode == "CMYK":
        return image
    if image.mode in ("RGBA", "LA", "P"):
        image = _flatten(image)
    image = image.convert("RGB")
    source = ImageCms.createProfile("sRGB")
    return ImageCms.profileToProfile(image, source, str(icc), outputMode="CMYK",
                                     renderingIntent=ImageCms.Intent.PERCEPTUAL)


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent areas become paper white: print has no transparency to show through."""
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba).convert("RGB")


def _downsampled(image: Image.Image, ppi: int, placed_width_mm: float) -> Image.Image:
    widest = round(placed_width_mm / MM_PER_INCH * ppi)
    if image.width <= widest:
        return image
    height = round(image.height * widest / image.width)
    return image.resize((widest, height), Image.Resampling.LANCZOS)
