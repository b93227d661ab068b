"""Smaller copies of images for the site: cover thumbnails for the library, and the WebP
renditions of a page's images for srcset; upright, never enlarged, metadata stripped.

The callers name the files after the source's content and RECIPE (site.images, site.library),
and each file is written whole: a file that is there was made from these bytes this way, so
no time is compared, and a cache restored into another checkout (whose sources are all newer
than it) is taken as it is."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import PIL
from PIL import Image, features

from build_tools.content import image_files
from build_tools.content.image_files import upright

WHITE = (255, 255, 255)
THUMBNAIL_JPEG = {"quality": 84, "optimize": True, "progressive": True}
THUMBNAIL_WEBP = {"quality": 80, "method": 2}
RENDITION_WEBP = {"quality": 82, "method": 2}
"""libwebp's effort 2 of 6: the default (4) took 2.7 times as long for files 6 % smaller
(the launch photos at 1440 and 480 px); a first build of a large library draws hundreds."""
WIDTHS = (480, 960, 1440)
RESAMPLING = Image.Resampling.BICUBIC
"""How the site's copies are narrowed (the print's keep Lanczos: pdf.images). Lanczos took
half as long again for the widest rendition of a launch cover (2600 px: 73 against 49 ms,
the most of what a cover costs), for a copy 56 dB PSNR from bicubic's; a first build of a
large library narrows hundreds."""
RECIPE = hashlib.sha256(
    repr((THUMBNAIL_JPEG, THUMBNAIL_WEBP, RENDITION_WEBP, WIDTHS, RESAMPLING, PIL.__version__,
          features.version("webp"))).encode()
    + Path(__file__).read_bytes() + Path(image_files.__file__).read_bytes()).hexdigest()[:8]
"""How the files are made: part of their place in the cache, so that files made another
way (other settings, another Pillow or libwebp, this module or the one that turns images
upright changed) are never taken for this build's."""


def thumbnail(cover: Path, target_dir: Path, stem: str, width: int = 480) -> dict:
    """A cover thumbnail as WebP plus a JPEG fallback, `width` px wide, metadata stripped.
    Returns {"webp": Path, "jpeg": Path, "width": int, "height": int}. Skips work when both
    files are there at that width (the build calls it on every run; `stem` names the
    cover's content)."""
    webp, jpeg = target_dir / f"{stem}.webp", target_dir / f"{stem}.jpg"
    if thumbnail_made(cover, target_dir, stem, width):
        with Image.open(jpeg) as made:
            return {"webp": webp, "jpeg": jpeg, "width": made.width, "height": made.height}
    with Image.open(cover) as original:
        image = _narrowed(upright(original, (width, 1)), width)
    target_dir.mkdir(parents=True, exist_ok=True)
    _save(image, webp, "WEBP", **THUMBNAIL_WEBP, **_colour_profile(image))
    _save(_flattened(image), jpeg, "JPEG", **THUMBNAIL_JPEG, **_colour_profile(image))
    return {"webp": webp, "jpeg": jpeg, "width": image.width, "height": image.height}


def thumbnail_made(cover: Path, target_dir: Path, stem: str, width: int = 480) -> bool:
    """Whether thumbnail() would find its files made already."""
    jpeg = target_dir / f"{stem}.jpg"
    return (_made([target_dir / f"{stem}.webp", jpeg])
            and _width_of(jpeg) == min(width, _upright_width(cover)))


def responsive(source: Path, target_dir: Path, stem: str, widths=WIDTHS) -> list[dict]:
    """WebP renditions of an image for srcset, never wider than the original, metadata
    stripped; [{"path": Path, "width": int, "height": int}, ...] narrowest first. Each is
    narrowed from the next wider one (a fraction of the pixels to read, the same look).
    Their sizes are worked out from the original's, as they are made: a build that finds
    them made opens none of them (WebP's decoder takes a frame's memory to be opened)."""
    sizes = _rendition_sizes(_upright_size(source), widths)
    paths = {width: target_dir / f"{stem}-{width}.webp" for width in sizes}
    if not _made(list(paths.values())):
        target_dir.mkdir(parents=True, exist_ok=True)
        ordered = sorted(paths.items(), reverse=True)
        with Image.open(source) as original:  # the widest is made before the file closes
            image = _narrowed(upright(original, copied=False), ordered[0][0])
        for number, (width, path) in enumerate(ordered):
            image = _narrowed(image, width) if number else image
            _save(image, path, "WEBP", **RENDITION_WEBP, **_colour_profile(image))
    return [{"path": path, "width": sizes[width][0], "height": sizes[width][1]}
            for width, path in paths.items()]


def responsive_made(source: Path, target_dir: Path, stem: str, widths=WIDTHS) -> bool:
    """Whether responsive() would find its renditions made already."""
    sizes = _rendition_sizes(_upright_size(source), widths)
    return _made([target_dir / f"{stem}-{width}.webp" for width in sizes])


def _rendition_sizes(size: tuple[int, int], widths) -> dict[int, tuple[int, int]]:
    """The (width, height) of each rendition of an image of `size`, narrowest first: each
    narrowed from the next wider one, as _narrowed() makes them."""
    sizes, current = {}, size
    for width in sorted({min(width, size[0]) for width in widths}, reverse=True):
        current = _narrowed_size(current, width)
        sizes[width] = current
    return dict(sorted(sizes.items()))


def _made(targets: list[Path]) -> bool:
    """Whether every file is there (see the module's docstring: no time is compared)."""
    return all(target.is_file() for target in targets)


def _save(image: Image.Image, path: Path, image_format: str, **settings) -> None:
    """The image written whole at `path`, or not at all (a build stopped halfway leaves no
    part of a file that a later one would take for made)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        image.save(partial, image_format, **settings)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _width_of(path: Path) -> int:
    with Image.open(path) as image:
        return image.width


def _upright_width(path: Path) -> int:
    return _upright_size(path)[0]


def _upright_size(path: Path) -> tuple[int, int]:
    """The size an image shows at once its EXIF orientation is applied (headers only)."""
    with Image.open(path) as image:
        turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
        return (image.height, image.width) if turned else image.size


def _narrowed_size(size: tuple[int, int], width: int) -> tuple[int, int]:
    """The size of an image of `size` narrowed to `width` px (never enlarged)."""
    if size[0] <= width:
        return size
    return width, max(1, round(size[1] * width / size[0]))


def _narrowed(image: Image.Image, width: int) -> Image.Image:
    """The image at `width` px wide (never enlarged), in a mode WebP and JPEG can hold."""
    image = _web_mode(image)
    if image.width <= width:
        return image.copy()
    narrowed = image.resize(_narrowed_size(image.size, width), RESAMPLING,
                            reducing_gap=2.0)
    narrowed.info = dict(image.info)
    return narrowed


def _web_mode(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = image.mode in ("LA", "PA", "RGBa", "La") or "transparency" in image.info
    converted = image.convert("RGBA" if has_alpha else "RGB")
    # A CMYK or grey profile no longer describes RGB pixels.
    converted.info = {key: value for key, value in image.info.items() if key != "icc_profile"}
    converted.info.pop("transparency", None)
    return converted


def _flattened(image: Image.Image) -> Image.Image:
    """Transparent areas become white: JPEG has no transparency to show through."""
    if image.mode != "RGBA":
        return image
    paper = Image.new("RGBA", image.size, WHITE + (255,))
    flat = Image.alpha_composite(paper, image).convert("RGB")
    flat.info = dict(image.info)
    return flat


def _colour_profile(image: Image.Image) -> dict:
    profile = image.info.get("icc_profile")
    return {"icc_profile": profile} if profile else {}
