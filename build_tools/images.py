"""Image renditions for PDFs: CMYK at full resolution for print, downsampled RGB for screens."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

MM_PER_INCH = 25.4


def rendition(source: Path, colour: str, ppi: int, placed_width_mm: float, icc: Path,
              cache_dir: Path) -> tuple[Path, float]:
    """A copy of the image ready for one profile, and the widest it may be placed (mm)
    at `ppi`. Metadata (EXIF, GPS) is dropped; the copy is cached by content."""
    data = source.read_bytes()
    key = hashlib.sha256(data + f"{colour}:{ppi}:{placed_width_mm}".encode()
                         + (icc.read_bytes() if colour == "cmyk" else b"")).hexdigest()[:24]
    target = cache_dir / f"{key}.jpg"
    with Image.open(io.BytesIO(data)) as original:
        image = ImageOps.exif_transpose(original)
        if colour == "cmyk":
            image = _to_cmyk(image, icc)
        else:
            flat = _flatten(image) if image.mode in ("RGBA", "LA", "P") else image.convert("RGB")
            image = _downsampled(flat, ppi, placed_width_mm)
        widest_mm = image.width / ppi * MM_PER_INCH
        if not target.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            image.save(target, "JPEG", quality=92 if colour == "cmyk" else 82,
                       optimize=True, dpi=(ppi, ppi))
    return target, widest_mm


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
