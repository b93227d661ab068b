"""Image files as untrusted data: decoded under limits before use, stripped of metadata."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import warnings
from pathlib import Path

import PIL
from PIL import Image, ImageFile, ImageSequence, JpegImagePlugin, TiffTags

from build_tools.base.messages import N_, _

# The raster formats the site publishes (Pillow's names) and the extensions that may carry
# them; the first extension is the one suggested when a file is misnamed. Anything else
# (SVG, BMP, HEIC, PDF, camera raw…) is refused.
FORMATS = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "GIF": (".gif",),
    "TIFF": (".tif", ".tiff"),
}
# The largest image accepted. A print cover at 300 ppi with bleed is about 10 MP (A4 plus
# 3 mm bleed: 2551 × 3579 px), a double-page spread about 20 MP, a 45 MP camera's photo
# straight from the card 46 MP: 50 MP lets all of them through, while decoding one image
# costs at most 200 MB (RGBA) and a header claiming more is refused before any decoding.
# (Pillow's own alarm, Image.MAX_IMAGE_PIXELS, rings only at 89 MP.)
MAX_PIXELS = 50_000_000
# Every frame of an animation (or page of a TIFF) is decoded to check it: their pixels
# together are bounded too (about 6 s of decoding), and so is their number, since tiny
# frames cost time each.
MAX_ANIMATION_PIXELS = 10 * MAX_PIXELS
MAX_FRAMES = 3000
# Files are read whole: the largest accepted image stored uncompressed (50 MP of 8-bit
# RGBA) is 200 MB.
MAX_FILE_BYTES = 256 * 2**20

# How an image is saved again when its pixels must change (orientation) or its container
# cannot be edited in place (TIFF), by the format it was read as.
RESAVE = {
    "JPEG": ("JPEG", {"quality": 90, "optimize": True}),
    "MPO": ("JPEG", {"quality": 90, "optimize": True}),
    "PNG": ("PNG", {"optimize": True}),
    "WEBP": ("WEBP", {"quality": 90, "method": 5}),
    "GIF": ("GIF", {}),
    "TIFF": ("TIFF", {}),
}
# Metadata as Pillow shows it in `Image.info`, by the name metadata_found() gives it.
METADATA_KEYS = {"exif": "EXIF", "xmp": "XMP", "XML:com.adobe.xmp": "XMP", "comment": "comment",
                 "photoshop": "IPTC"}
# What a re-saved image keeps: colour profile, transparency and resolution are not metadata.
KEPT_INFO = ("icc_profile", "transparency", "dpi")

ORIENTATION, GPS_IFD = 0x0112, 0x8825
TURNS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
         4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
         6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
         8: Image.Transpose.ROTATE_90}
SIDEWAYS = (5, 6, 7, 8)  # orientations that swap width and height
RAW_EXTENSIONS = (".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2",
                  ".orf", ".rw2", ".raf", ".pef", ".srw", ".x3f", ".3fr", ".iiq", ".erf")

PROBLEMS = {
    "image-missing": N_("there is no such file: check the image's name and folder"),
    "image-folder": N_("this is a folder, not an image file"),
    "image-unreadable": N_("the file cannot be read ({reason}); check that it may be read, "
                           "then add it again"),
    "image-empty": N_("the file is empty (0 bytes): it was not copied or uploaded "
                      "completely; add the image again"),
    "image-file-too-big": N_("the file is {size} MB, more than the {limit} MB the site "
                             "accepts; export it again, compressed (JPEG for photos, PNG "
                             "for drawings) and no larger than it is shown"),
    "image-svg": N_("SVG images are not accepted: an SVG can carry scripts and links to "
                    "other files; export the drawing as PNG (or JPEG for a photo) and use "
                    "that file instead"),
    "image-format": N_("this is not an image the site publishes ({kind}); export it as JPEG "
                       "(photos) or PNG (drawings, screenshots)"),
    "image-unknown": N_("this is not an image the site can read: it may be damaged, or another "
                        "kind of file given an image's name; open it in an image editor and "
                        "export it again as JPEG (photos) or PNG (drawings, screenshots)"),
    "image-damaged": N_("the image data is damaged or cut short ({detail}); the file was "
                        "probably not copied completely: export or download it again"),
    "image-empty-picture": N_("the image is {width} × {height} pixels: there is nothing to "
                              "show; export it again"),
    "image-too-large": N_("the image is {width} × {height} pixels ({megapixels} megapixels), "
                          "more than the {limit} megapixels the site accepts; scale it down "
                          "and export it again (a web image seldom needs more than 4000 "
                          "pixels on its long side, a print cover at 300 ppi is about 10 "
                          "megapixels)"),
    "image-bomb": N_("the image claims to be {megapixels} megapixels, far more than the "
                     "{limit} megapixels the site accepts: the file is damaged or made to "
                     "exhaust memory (a decompression bomb); export the image again at the "
                     "size it is used"),
    "image-animation": N_("the animation is too long: the site accepts at most {frames} "
                          "frames and {limit} megapixels in all its frames together; shorten "
                          "it or make it smaller, or publish it as a video"),
    "image-text-bomb": N_("the PNG file carries compressed text or a colour profile that "
                          "expands beyond the safe limit: the file is damaged or made to "
                          "exhaust memory; open it in an image editor and export it again as "
                          "PNG"),
    "image-extension": N_("the file holds a {format} image but is named {name}; rename it to "
                          "{suggestion} so that its extension says what it is"),
}
# Kinds of file named in "image-format" that need translating (the others are format names).
CAMERA_RAW, VIDEO, WEB_PAGE = N_("camera raw"), N_("video"), N_("web page")
ZIP, OLD_OFFICE, GZIP = N_("ZIP, perhaps an Office document"), N_("Office 97–2003 document"), \
    N_("gzip-compressed")


@dataclasses.dataclass(frozen=True)
class ImageFacts:
    """What a decoded image is: its format (a key of FORMATS), its size as shown (after the
    EXIF orientation is applied), its Pillow mode and how many frames (pages) it has."""

    format: str
    width: int
    height: int
    mode: str
    frames: int = 1


class ImageProblem(ValueError):
    """An image file the site cannot take, with a message for the editor saying what is
    wrong and how to fix it. `code` is stable ("image-svg", "image-bomb", …); `message`
    (also str()) is translated when read and does not name the file, which is `path`:
    a Finding places it, `located` is "path: message". A ValueError, as the strip_metadata
    of cards.py raised for files it could not take."""

    def __init__(self, path: Path | str, code: str, **params):
        self.path, self.code, self.params = Path(path), code, params
        super().__init__(self.located)

    @property
    def message(self) -> str:
        params = dict(self.params)
        if "kind" in params:
            params["kind"] = _(params["kind"])
        return _(PROBLEMS[self.code]).format(**params)

    @property
    def located(self) -> str:
        return f"{self.path}: {self.message}"

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return _rebuild_problem, (self.path, self.code, self.params)


def _rebuild_problem(path, code, params) -> ImageProblem:
    return ImageProblem(path, code, **params)


# -- reading an image safely --------------------------------------------------------------

def probe(path: Path) -> ImageFacts:
    """Open and fully decode an image file; raise ImageProblem — and nothing else — when it
    is not an image the site publishes: unreadable or empty, SVG, another format, damaged or
    cut short, a decompression bomb (header over MAX_PIXELS, checked before decoding), a PNG
    text-chunk bomb, zero pixels, too long an animation, or named with the wrong extension."""
    path = Path(path)
    data = _read(path)
    facts, _orientation = _examine(data, path)
    _check_name(path, facts)
    return facts


def probe_cached(path: Path, cache_dir: Path) -> ImageFacts:
    """probe(), remembered in `cache_dir` by the sha256 of the file's bytes (one small JSON
    file per content), so that an unchanged image is decoded once; a problem found in the
    content is remembered too and raised again as the same ImageProblem."""
    path, cache_dir = Path(path), Path(cache_dir)
    data = _read(path)
    digest = hashlib.sha256(data).hexdigest()
    entry = cache_dir / f"{digest}.json"
    verdict = _cached(entry)
    if verdict is None:
        try:
            facts, _orientation = _examine(data, path)
            verdict = {"facts": dataclasses.asdict(facts)}
        except ImageProblem as problem:
            verdict = {"problem": {"code": problem.code, "params": problem.params}}
        _remember(entry, verdict)
    if "problem" in verdict:
        raise ImageProblem(path, verdict["problem"]["code"], **verdict["problem"]["params"])
    facts = ImageFacts(**verdict["facts"])
    _check_name(path, facts)
    return facts


def upright(image: Image.Image, at_least: tuple[int, int] | None = None, *,
            copied: bool = True) -> Image.Image:
    """The pixels turned as the EXIF orientation says, with no metadata left in `info`
    (only KEPT_INFO, the resolution swapped when the image is turned sideways). With
    `at_least` (width, height, upright), a JPEG is decoded at the smallest of 1/2, 1/4 or
    1/8 of its size that still covers it: a card or a thumbnail needs a fraction of a
    photograph's pixels, and decoding all of them was most of its cost. With `copied`
    False, an image that needs no turn is given back itself, for a caller done with it
    before its file closes (a photograph's copy is tens of megabytes)."""
    if at_least is not None and image.format == "JPEG":
        wanted = at_least[::-1] if _orientation(image) in SIDEWAYS else at_least
        image.draft(image.mode, (max(1, wanted[0]), max(1, wanted[1])))
    return _upright(image, copied)


def _upright(image: Image.Image, copied: bool = True) -> Image.Image:
    image.load()  # first: Pillow turns a TIFF upright as it loads it
    orientation = _orientation(image)
    if orientation in TURNS:
        turned = image.transpose(TURNS[orientation])
    else:
        turned = image.copy() if copied else image
    turned.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    if orientation in SIDEWAYS and "dpi" in turned.info:
        turned.info["dpi"] = tuple(reversed(turned.info["dpi"]))
    return turned


def _read(path: Path) -> bytes:
    if path.suffix.lower() in (".svg", ".svgz"):
        raise ImageProblem(path, "image-svg")
    try:
        if path.is_dir():
            raise ImageProblem(path, "image-folder")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImageProblem(path, "image-file-too-big", size=round(size / 2**20),
                               limit=MAX_FILE_BYTES // 2**20)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImageProblem(path, "image-missing") from None
    except IsADirectoryError:
        raise ImageProblem(path, "image-folder") from None
    except ImageProblem:
        raise
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise ImageProblem(path, "image-unreadable",
                           reason=getattr(error, "strerror", None) or str(error)) from None
    if not data:
        raise ImageProblem(path, "image-empty")
    return data


def _examine(data: bytes, path: Path) -> tuple[ImageFacts, int]:
    """The facts of an image's content and its EXIF orientation, every frame decoded."""
    if _looks_like_svg(data):
        raise ImageProblem(path, "image-svg")
    try:
        with _bomb_guard(), _opened(data, path) as image:
            return _decoded(image, data, path)
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _bomb(path, error) from None
    except MemoryError:
        raise ImageProblem(path, "image-bomb", megapixels="?",
                           limit=MAX_PIXELS // 1_000_000) from None
    except ValueError as error:
        if re.search(r"decompressed data too large|too much memory used in text chunks",
                     str(error), re.IGNORECASE):
            raise ImageProblem(path, "image-text-bomb") from None
        raise _damaged(path, error) from None
    except Exception as error:  # noqa: BLE001 — untrusted data: any failure is the file's
        raise _damaged(path, error) from None


class _bomb_guard(warnings.catch_warnings):
    """Pillow's DecompressionBombWarning raised as an error, and its other complaints about
    a file (corrupt EXIF, tags past the end…) kept quiet, for this block only (Pillow's
    MAX_IMAGE_PIXELS is left as it is). Like all of `warnings`, not thread-safe."""

    def __enter__(self):
        entered = super().__enter__()
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # WeasyPrint, once imported, tells Pillow to load truncated files for the whole
        # process; here a truncated file (or a text-chunk bomb) is an error again.
        self._truncated = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        return entered

    def __exit__(self, *exc_info):
        ImageFile.LOAD_TRUNCATED_IMAGES = self._truncated
        return super().__exit__(*exc_info)


def _opened(data: bytes, path: Path) -> Image.Image:
    """The image opened (header only) from its bytes by the plugins of FORMATS alone."""
    try:
        return Image.open(io.BytesIO(data), formats=list(FORMATS))
    except Image.UnidentifiedImageError:
        kind = _other_kind(data)
        if kind in FORMATS:  # one of ours by its signature, but Pillow cannot read the header
            size = _png_size(data) if kind == "PNG" else None
            if size is not None and 0 in size:
                raise ImageProblem(path, "image-empty-picture", width=size[0],
                                   height=size[1]) from None
            raise ImageProblem(path, "image-damaged", detail=f"{kind} header unreadable") from None
        if kind:
            raise ImageProblem(path, "image-format", kind=kind) from None
        raise ImageProblem(path, "image-unknown") from None


def _decoded(image: Image.Image, data: bytes, path: Path) -> tuple[ImageFacts, int]:
    image_format = "JPEG" if image.format == "MPO" else image.format
    if image_format not in FORMATS:  # cannot happen with formats= above; kept as a guard
        raise ImageProblem(path, "image-format", kind=str(image.format))
    if image_format == "TIFF" and _is_camera_raw(image, data):
        raise ImageProblem(path, "image-format", kind=CAMERA_RAW)
    _check_size(path, *image.size)
    mode = image.mode
    # An MPO's other pictures (a camera's preview, the second eye) are never published.
    frames, (width, height), orientation = _decode_frames(image, path,
                                                          only_first=image.format == "MPO")
    if image_format == "PNG":  # CRCs, which decoding does not check
        with Image.open(io.BytesIO(data), formats=["PNG"]) as again:
            again.verify()
    if orientation in SIDEWAYS:
        width, height = height, width
    return ImageFacts(image_format, width, height, mode, frames), orientation


def _check_size(path: Path, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageProblem(path, "image-empty-picture", width=width, height=height)
    if width * height > MAX_PIXELS:
        raise ImageProblem(path, "image-too-large", width=width, height=height,
                           megapixels=_megapixels(width * height),
                           limit=MAX_PIXELS // 1_000_000)


def _decode_frames(image: Image.Image, path: Path,
                   only_first: bool = False) -> tuple[int, tuple[int, int], int]:
    """Decode every frame (page) under the limits; how many there are, and the first one's
    size and orientation once decoded (Pillow turns a TIFF upright as it decodes it)."""
    frames = total = 0
    while True:
        _check_size(path, *image.size)
        total += image.width * image.height
        frames += 1
        if frames > MAX_FRAMES or total > MAX_ANIMATION_PIXELS:
            raise ImageProblem(path, "image-animation", frames=MAX_FRAMES,
                               limit=MAX_ANIMATION_PIXELS // 1_000_000)
        image.load()
        if frames == 1:
            first = image.size, _orientation(image)
        if only_first:
            return frames, *first
        try:
            image.seek(frames)
        except EOFError:
            return frames, *first


def _orientation(image: Image.Image) -> int:
    """The EXIF (or XMP) orientation, 1 when there is none or it cannot be read."""
    try:
        orientation = image.getexif().get(ORIENTATION, 1)
    except Exception:  # noqa: BLE001 — broken EXIF is dropped, not obeyed
        return 1
    return orientation if orientation in TURNS else 1


def _check_name(path: Path, facts: ImageFacts) -> None:
    suffix = path.suffix.lower()
    if facts.format == "TIFF" and suffix in RAW_EXTENSIONS:
        raise ImageProblem(path, "image-format", kind=CAMERA_RAW)
    extensions = FORMATS[facts.format]
    if suffix not in extensions:
        raise ImageProblem(path, "image-extension", format=facts.format, name=path.name,
                           suggestion=(path.stem if suffix else path.name) + extensions[0])


def _is_camera_raw(image: Image.Image, data: bytes) -> bool:
    tags = getattr(image, "tag_v2", {})
    return 50706 in tags or data[8:10] == b"CR"  # DNGVersion; Canon CR2


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096]
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(codec, "ignore").encode("utf-8", "ignore")
            break
    head = head.lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or (
        head.startswith(b"<!--") and b"<svg" in head)


def _other_kind(data: bytes) -> str | None:
    """What a file Pillow did not identify (with the formats of FORMATS) seems to be."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WEBP"
    if data.startswith((b"II*\0", b"MM\0*", b"II+\0", b"MM\0+")):
        return "TIFF"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
        return CAMERA_RAW if brand == b"crx " else VIDEO
    signatures = (
        (b"BM", "BMP"), (b"%PDF", "PDF"), (b"8BPS", "Photoshop (PSD)"), (b"%!PS", "PostScript"),
        (b"\xc5\xd0\xd3\xc6", "EPS"), (b"\0\0\1\0", "ICO"), (b"\xff\x0a", "JPEG XL"),
        (b"\0\0\0\x0cJXL ", "JPEG XL"), (b"\0\0\0\x0cjP  ", "JPEG 2000"),
        (b"\xff\x4f\xff\x51", "JPEG 2000"), (b"PK\x03\x04", ZIP), (b"\xd0\xcf\x11\xe0", OLD_OFFICE),
        (b"\x1f\x8b", GZIP),
        (b"{\\rtf", "RTF"), (b"qoif", "QOI"), (b"DDS ", "DDS"),
    )
    for signature, kind in signatures:
        if data.startswith(signature):
            return kind
    if re.match(rb"\s*<(!doctype html|html)", data[:1024], re.IGNORECASE):
        return WEB_PAGE
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _bomb(path: Path, error: Exception) -> ImageProblem:
    claimed = re.search(r"\((\d+) pixels\)", str(error))
    megapixels = _megapixels(int(claimed[1])) if claimed else "?"
    return ImageProblem(path, "image-bomb", megapixels=megapixels,
                        limit=MAX_PIXELS // 1_000_000)


def _damaged(path: Path, error: Exception) -> ImageProblem:
    detail = str(error).replace(str(path), path.name) or type(error).__name__
    detail = re.sub(r"<_io\.BytesIO object at 0x[0-9a-f]+>", "", detail).strip(" :")
    return ImageProblem(path, "image-damaged", detail=detail[:200] or type(error).__name__)


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}" if pixels < 10_000_000 else str(round(pixels / 1e6))


# -- the probe cache ----------------------------------------------------------------------

_CACHE_TAG = f"1 {MAX_PIXELS} {MAX_ANIMATION_PIXELS} {MAX_FRAMES} {PIL.__version__}"


def _cached(entry: Path) -> dict | None:
    try:
        verdict = json.loads(entry.read_text(encoding="utf-8"))
        if verdict.get("tag") != _CACHE_TAG:
            return None
        if "facts" in verdict:
            ImageFacts(**verdict["facts"])
        elif verdict["problem"]["code"] not in PROBLEMS:
            return None
        return verdict
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _remember(entry: Path, verdict: dict) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"tag": _CACHE_TAG, **verdict}, ensure_ascii=False),
                             encoding="utf-8")
        os.replace(temporary, entry)
    except OSError:
        pass  # a cache that cannot be written only costs time


# -- metadata -----------------------------------------------------------------------------

class _Unparsable(Exception):
    """The container is not laid out as expected: Pillow re-saves the image instead."""


def strip_metadata(path: Path) -> bool:
    """Remove metadata from an image in place; return whether the file changed.

    Removed: EXIF (with its GPS IFD), XMP, IPTC/Photoshop data, comments, text chunks, JFIF
    thumbnails, MPO side pictures, private chunks and segments, data after the image, and in
    TIFF every descriptive tag. Kept: the pixels, colour profile (ICC; PNG gAMA, cHRM, sRGB
    too when edited in place), transparency, resolution (dpi) and animation frames.
    JPEG stays JPEG, PNG stays PNG, and so on; JPEG, PNG, WebP and GIF are edited without
    decoding (no loss) unless an EXIF orientation must be turned into the pixels, which
    re-saves them (TIFF is always re-saved).
    Raises ImageProblem for a file that is not an image of FORMATS or cannot be decoded."""
    path = Path(path)
    data = _read(path)
    image_format = _identify(data, path)
    if image_format == "TIFF":
        clean, found = None, _tiff_found(data)
    else:
        clean, found = _walk(data, image_format)
    if not found:
        return False
    facts, orientation = _examine(data, path)  # decoded under the limits before any change
    if clean is not None and orientation == 1:
        if image_format in ("JPEG", "MPO"):
            clean = _dpi_kept(data, clean)
        if not _sound(clean, facts):
            clean = None
    if clean is None or orientation != 1:
        clean = _resaved(data, image_format)
    if clean == data:
        return False
    path.write_bytes(clean)
    return True


def metadata_found(path: Path) -> list[str]:
    """Names of the metadata still in an image file ("EXIF", "GPS", "XMP", "IPTC",
    "comment", "PNG text: Software", "TIFF Make", …), from its structure as Pillow and this
    module read it and from a raw scan of its bytes; [] for a clean file."""
    data = Path(path).read_bytes()
    found = []
    try:
        image_format = _identify(data, Path(path))
    except ImageProblem:
        image_format = None
    if image_format:
        found += _walk(data, image_format)[1]
        found += _pillow_found(data, image_format)
    found += _raw_found(data)
    return list(dict.fromkeys(found))


def _identify(data: bytes, path: Path) -> str:
    """The format of FORMATS an image's header says (MPO as is), without decoding it."""
    if _looks_like_svg(data):
        raise ImageProblem(path, "image-svg")
    try:
        with _bomb_guard(), _opened(data, path) as image:
            return image.format
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _bomb(path, error) from None
    except Exception as error:  # noqa: BLE001
        raise _damaged(path, error) from None


def _walk(data: bytes, image_format: str) -> tuple[bytes | None, list[str]]:
    """The file without its metadata (None when its layout is not understood) and the
    names of the metadata found, read from the container's own structure."""
    walker = {"JPEG": _jpeg, "MPO": _jpeg, "PNG": _png, "WEBP": _webp, "GIF": _gif}.get(
        image_format)
    if walker is None:
        return None, []
    try:
        return walker(data)
    except (_Unparsable, IndexError, ValueError):
        return None, [f"unreadable {image_format} structure"]


def _sound(clean: bytes, facts: ImageFacts) -> bool:
    """Whether a file edited in place still decodes to an image of the same size."""
    try:
        with _bomb_guard(), Image.open(io.BytesIO(clean), formats=list(FORMATS)) as image:
            image.load()
            shown = image.size[::-1] if _orientation(image) in SIDEWAYS else image.size
            return shown == (facts.width, facts.height) and not _walk(
                clean, image.format)[1] and not _raw_found(clean)
    except Exception:  # noqa: BLE001
        return False


# JPEG: segments are kept or dropped by marker and identifier; the entropy-coded data is
# copied as it is, up to the first EOI (what follows — an MPO's other pictures, a phone's
# trailer — is dropped).
JPEG_KEPT_APP = {0xE0: (b"JFIF\0",), 0xE2: (b"ICC_PROFILE\0",), 0xEE: (b"Adobe",)}
JPEG_NAMES = ((0xE1, b"Exif\0", "EXIF"), (0xE1, b"http://ns.adobe.com/xap/1.0/\0", "XMP"),
              (0xE1, b"http://ns.adobe.com/xmp/extension/\0", "XMP"),
              (0xED, b"Photoshop 3.0\0", "IPTC"), (0xE2, b"MPF\0", "MPF"),
              (0xE0, b"JFXX\0", "JFIF thumbnail"), (0xEB, b"JP", "JUMBF (C2PA)"))


def _jpeg(data: bytes) -> tuple[bytes, list[str]]:
    if not data.startswith(b"\xff\xd8"):
        raise _Unparsable
    out, found, position, scanning = [b"\xff\xd8"], [], 2, False
    while True:
        if scanning:  # entropy-coded data runs to the next marker that is not RSTn or 0xFF00
            start = position
            while True:
                position = data.index(b"\xff", position)
                following = data[position + 1]
                if following == 0 or 0xD0 <= following <= 0xD7:
                    position += 2
                elif following == 0xFF:
                    position += 1
                else:
                    break
            out.append(data[start:position])
        if data[position] != 0xFF:
            raise _Unparsable
        while data[position] == 0xFF:
            position += 1
        marker = data[position]
        position += 1
        if marker == 0xD9:
            out.append(b"\xff\xd9")
            if data[position:].strip(b"\0\xff"):
                found.append("data after the image")
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(bytes((0xFF, marker)))
            continue
        length = int.from_bytes(data[position:position + 2], "big")
        if length < 2 or position + length > len(data):
            raise _Unparsable
        body = data[position + 2:position + length]
        segment = bytes((0xFF, marker)) + data[position:position + length]
        position += length
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            kept = any(body.startswith(prefix) for prefix in JPEG_KEPT_APP.get(marker, ()))
            if kept and marker == 0xE0 and len(body) >= 14 and body[12:14] != b"\0\0":
                found.append("JFIF thumbnail")
                segment = b"\xff\xe0\x00\x10" + body[:12] + b"\0\0"
            if not kept:
                found += _jpeg_names(marker, body)
            else:
                out.append(segment)
        elif 0xC0 <= marker <= 0xCF or 0xDB <= marker <= 0xDF or marker == 0xDA:
            out.append(segment)
            scanning = scanning or marker == 0xDA
        else:
            raise _Unparsable
    return b"".join(out), found


def _jpeg_names(marker: int, body: bytes) -> list[str]:
    if marker == 0xFE:
        return ["comment"]
    for named_marker, prefix, name in JPEG_NAMES:
        if marker == named_marker and body.startswith(prefix):
            if name == "EXIF":
                return ["EXIF"] + _gps_in_tiff(body[6:])
            return [name]
    label = re.match(rb"[\x20-\x7e]{2,24}", body)
    return [f"APP{marker - 0xE0} segment" + (f" ({label[0].decode()})" if label else "")]


# PNG: chunks are kept by type; everything else (text, eXIf, tIME, private chunks) goes.
PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT",
            b"sRGB", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi", b"bKGD", b"pHYs", b"acTL",
            b"fcTL", b"fdAT"}
PNG_TEXT_NAMES = {"xml:com.adobe.xmp": "XMP", "raw profile type exif": "EXIF",
                  "raw profile type app1": "EXIF", "raw profile type xmp": "XMP",
                  "raw profile type iptc": "IPTC", "raw profile type 8bim": "IPTC",
                  "comment": "comment"}


def _png(data: bytes) -> tuple[bytes, list[str]]:
    signature = b"\x89PNG\r\n\x1a\n"
    if not data.startswith(signature):
        raise _Unparsable
    out, found, position = [signature], [], len(signature)
    while True:
        if position + 12 > len(data):
            raise _Unparsable
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data):
            raise _Unparsable
        if kind in PNG_KEPT:
            out.append(data[position:end])
        else:
            found += _png_names(kind, data[position + 8:position + 8 + length])
        position = end
        if kind == b"IEND":
            break
    if data[position:]:
        found.append("data after the image")
    return b"".join(out), found


def _png_names(kind: bytes, body: bytes) -> list[str]:
    if kind == b"eXIf":
        return ["EXIF"] + _gps_in_tiff(body)
    if kind in (b"tEXt", b"zTXt", b"iTXt"):
        keyword = body.split(b"\0", 1)[0][:79].decode("latin-1")
        return [PNG_TEXT_NAMES.get(keyword.lower(), f"PNG text: {keyword}")]
    if kind == b"tIME":
        return ["PNG time"]
    return [f"PNG {kind.decode('latin-1')} chunk"]


# WebP: RIFF chunks are kept by FourCC; the VP8X flags that announce EXIF and XMP are cleared.
WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
VP8X_EXIF, VP8X_XMP = 0x08, 0x04


def _webp(data: bytes) -> tuple[bytes, list[str]]:
    if not (data.startswith(b"RIFF") and data[8:12] == b"WEBP"):
        raise _Unparsable
    end = 8 + int.from_bytes(data[4:8], "little")
    if end > len(data):
        raise _Unparsable
    chunks, found, position = [], [], 12
    while position + 8 <= end:
        kind = data[position:position + 4]
        size = int.from_bytes(data[position + 4:position + 8], "little")
        body = data[position + 8:position + 8 + size]
        if len(body) != size:
            raise _Unparsable
        if kind == b"VP8X":
            flags = body[0] & ~(VP8X_EXIF | VP8X_XMP)
            body = bytes((flags,)) + body[1:]
        if kind in WEBP_KEPT:
            chunks.append(kind + size.to_bytes(4, "little") + body + b"\0" * (size & 1))
        elif kind == b"EXIF":
            found += ["EXIF"] + _gps_in_tiff(body[6:] if body.startswith(b"Exif\0") else body)
        elif kind == b"XMP ":
            found.append("XMP")
        else:
            found.append(f"WebP {kind.decode('latin-1')} chunk")
        position += 8 + size + (size & 1)
    if data[end:]:
        found.append("data after the image")
    riff = b"".join(chunks)
    return b"RIFF" + (4 + len(riff)).to_bytes(4, "little") + b"WEBP" + riff, found


# GIF: image blocks, graphic control and the looping and colour-profile application
# extensions are kept; comments, plain text and other application extensions (XMP…) go.
GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")


def _gif(data: bytes) -> tuple[bytes, list[str]]:
    if not data.startswith((b"GIF87a", b"GIF89a")):
        raise _Unparsable
    flags = data[10]
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    out, found = [data[:position]], []
    while True:
        if position >= len(data):  # no trailer: end the file properly
            out.append(b";")
            break
        block = data[position]
        if block == 0x3B:
            out.append(b";")
            if data[position + 1:]:
                found.append("data after the image")
            break
        if block == 0x21:
            label, end = data[position + 1], _after_sub_blocks(data, position + 2)
            if label == 0xF9:
                out.append(data[position:end])
            elif label == 0xFF:
                application = data[position + 3:position + 3 + data[position + 2]]
                if application in GIF_KEPT_APPLICATIONS:
                    out.append(data[position:end])
                elif application == b"XMP DataXMP":
                    found.append("XMP")
                else:
                    found.append(f"GIF {application.decode('latin-1')} extension")
            elif label == 0xFE:
                found.append("comment")
            elif label == 0x01:
                found.append("GIF plain text")
            else:
                found.append(f"GIF extension {label:#04x}")
        elif block == 0x2C:
            local = data[position + 9]
            start = position + 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            end = _after_sub_blocks(data, start + 1)  # after the LZW minimum code size
            out.append(data[position:end])
        else:
            raise _Unparsable
        position = end
    return b"".join(out), found


def _after_sub_blocks(data: bytes, position: int) -> int:
    while True:
        size = data[position]
        position += 1 + size
        if size == 0:
            return position
        if position > len(data):
            raise _Unparsable


# TIFF: tags that describe how to decode the pixels, their colour and resolution; any
# other tag is metadata (ImageDescription, Make, Model, Software, DateTime, Artist,
# Copyright, XMP, IPTC, Photoshop, EXIF and GPS IFDs…).
TIFF_KEPT = {254, 255, 256, 257, 258, 259, 262, 263, 266, 273, 274, 277, 278, 279, 280, 281,
             282, 283, 284, 290, 291, 292, 293, 296, 301, 317, 318, 319, 320, 321, 322, 323,
             324, 325, 332, 334, 338, 339, 340, 341, 347, 512, 513, 514, 515, 517, 518, 519,
             520, 521, 529, 530, 531, 532, 34675}
TIFF_NAMES = {700: "XMP", 33723: "IPTC", 34377: "Photoshop", 34665: "EXIF", 34853: "GPS",
              37724: "Photoshop layers", 40965: "EXIF interoperability"}


def _tiff_found(data: bytes) -> list[str]:
    found = []
    try:
        with _bomb_guard(), Image.open(io.BytesIO(data), formats=["TIFF"]) as image:
            for page in range(MAX_FRAMES):
                if page:
                    image.seek(page)
                for tag in image.tag_v2:
                    if tag not in TIFF_KEPT:
                        found.append(TIFF_NAMES.get(tag) or _tiff_tag_name(tag))
    except EOFError:
        pass
    except Exception:  # noqa: BLE001
        found.append("unreadable TIFF structure")
    return list(dict.fromkeys(found))


def _tiff_tag_name(tag: int) -> str:
    name = TiffTags.lookup(tag).name
    return f"TIFF {name}" if name != "unknown" else f"TIFF tag {tag}"


def _pillow_found(data: bytes, image_format: str) -> list[str]:
    """Metadata as Pillow reads it from the header (nothing is decoded)."""
    if image_format == "TIFF":
        return _tiff_found(data)
    found = []
    try:
        with _bomb_guard(), Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            found += [name for key, name in METADATA_KEYS.items() if image.info.get(key)]
            if image_format != "PNG":  # a PNG's EXIF may follow the pixels: read by _png
                exif = image.getexif()
                if exif:
                    found.append("EXIF")
                if exif.get(GPS_IFD) or exif.get_ifd(GPS_IFD):
                    found.append("GPS")
    except Exception:  # noqa: BLE001 — the raw scan still looks at the bytes
        pass
    return found


RAW_SIGNS = ((b"Exif\0\0", "EXIF"), (b"<x:xmpmeta", "XMP"), (b"http://ns.adobe.com/xap", "XMP"),
             (b"adobe:ns:meta/", "XMP"), (b"Photoshop 3.0\0", "IPTC"), (b"exif:GPS", "GPS"))


def _raw_found(data: bytes) -> list[str]:
    """Metadata recognised in the bytes wherever it is, whatever the container says."""
    found = [name for sign, name in RAW_SIGNS if sign in data]
    start = data.find(b"Exif\0\0")
    while start >= 0:
        found += _gps_in_tiff(data[start + 6:start + 6 + 2**16])
        start = data.find(b"Exif\0\0", start + 6)
    return found


def _gps_in_tiff(tiff: bytes) -> list[str]:
    """["GPS"] when the EXIF (a TIFF structure) has a GPS IFD in its first directory."""
    order = {b"II": "little", b"MM": "big"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return []
    offset = int.from_bytes(tiff[4:8], order)
    if offset + 2 > len(tiff):
        return []
    count = int.from_bytes(tiff[offset:offset + 2], order)
    for entry in range(offset + 2, min(offset + 2 + 12 * count, len(tiff) - 11), 12):
        if int.from_bytes(tiff[entry:entry + 2], order) == GPS_IFD:
            return ["GPS"]
    return []


def _resaved(data: bytes, image_format: str) -> bytes:
    """The image saved again by Pillow from its pixels: turned upright, with only KEPT_INFO,
    every frame of an animation or page of a TIFF kept."""
    target, options = RESAVE[image_format]
    buffer = io.BytesIO()
    with _bomb_guard(), Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
        if target == "JPEG":  # the first picture of an MPO only
            turned = upright(image)
            turned.save(buffer, "JPEG", **_jpeg_options(image), **turned.info)
            return buffer.getvalue()
        frames, durations = [], []
        for frame in ImageSequence.Iterator(image):
            frames.append(upright(frame))  # decodes the frame, which sets its duration
            durations.append(int(frame.info.get("duration") or 0))
        image.seek(0)
        if target == "TIFF":
            return _tiff_saved(image, frames)
        if target == "WEBP" and _is_lossless_webp(data):
            options = {"lossless": True}
        kept = dict(frames[0].info)
        if len(frames) > 1:
            kept.update(save_all=True, append_images=frames[1:], loop=image.info.get("loop", 0),
                        duration=durations)
            if target == "GIF":
                kept["disposal"] = 2  # Pillow gives whole pictures, not changes
        frames[0].save(buffer, target, **options, **kept)
    return buffer.getvalue()


def _jpeg_options(image: Image.Image) -> dict:
    """Save options that keep a JPEG's quality: its own quantization tables and chroma
    subsampling (4:2:2 turned sideways becomes 4:2:0); progressive stays progressive."""
    options = dict(RESAVE["JPEG"][1])
    tables = getattr(image, "quantization", None)
    if tables:
        del options["quality"]
        options["qtables"] = tables
    sampling = JpegImagePlugin.get_sampling(image)  # -1 unless YCbCr 4:4:4, 4:2:2 or 4:2:0
    if sampling >= 0:
        options["subsampling"] = 2 if sampling == 1 and _orientation(image) in SIDEWAYS \
            else sampling
    if image.info.get("progressive") or image.info.get("progression"):
        options["progressive"] = True
    return options


def _dpi_kept(original: bytes, jpeg: bytes) -> bytes:
    """A stripped JPEG given back the resolution its EXIF held, in a JFIF segment (not in a
    CMYK JPEG: JFIF means YCbCr or grey)."""
    try:
        with _bomb_guard(), Image.open(io.BytesIO(original), formats=["JPEG"]) as image:
            dpi, mode = image.info.get("dpi"), image.mode
        with _bomb_guard(), Image.open(io.BytesIO(jpeg), formats=["JPEG"]) as image:
            if not dpi or image.info.get("dpi") or mode == "CMYK":
                return jpeg
    except Exception:  # noqa: BLE001 — _sound() then judges the file
        return jpeg
    density = [round(value) for value in dpi]
    if not all(0 < value < 2**16 for value in density):
        return jpeg
    fields = b"\x01" + density[0].to_bytes(2, "big") + density[1].to_bytes(2, "big")
    if jpeg[2:4] == b"\xff\xe0" and jpeg[6:11] == b"JFIF\0":
        return jpeg[:13] + fields + jpeg[18:]
    return jpeg[:2] + b"\xff\xe0\x00\x10JFIF\x00\x01\x01" + fields + b"\0\0" + jpeg[2:]


def _tiff_saved(image: Image.Image, pages: list[Image.Image]) -> bytes:
    """A TIFF written from plain copies of its pages (never from the TiffImageFile itself:
    Pillow would copy its XMP, IPTC and Photoshop tags), with its compression and its
    resolution tags."""
    tags = image.tag_v2
    options = {key: tags[tag] for key, tag in (("x_resolution", 282), ("y_resolution", 283),
                                                ("resolution_unit", 296)) if tag in tags}
    if "icc_profile" in image.info:
        options["icc_profile"] = image.info["icc_profile"]
    if len(pages) > 1:
        options.update(save_all=True, append_images=pages[1:])
    compression = image.info.get("compression", "raw")
    compression = {"tiff_jpeg": "jpeg", "tiff_deflate": "tiff_adobe_deflate"}.get(
        compression, compression)
    attempts = [compression, "tiff_adobe_deflate", "raw"]
    for attempt in dict.fromkeys(attempts):
        buffer = io.BytesIO()
        extra = {"quality": 90} if attempt == "jpeg" else {}
        try:
            pages[0].save(buffer, "TIFF", compression=attempt, **extra, **options)
            return buffer.getvalue()
        except (OSError, ValueError, KeyError, TypeError):
            continue
    raise OSError("cannot write the TIFF again")


def _is_lossless_webp(data: bytes) -> bool:
    """Whether the WebP's (first) image chunk is VP8L (lossless) rather than VP8 (lossy)."""
    position = 12  # after "RIFF", the size and "WEBP"
    while position + 8 <= len(data):
        kind, size = data[position:position + 4], int.from_bytes(data[position + 4:position + 8],
                                                                 "little")
        if kind in (b"VP8 ", b"VP8L"):
            return kind == b"VP8L"
        if kind == b"ANMF":  # an animation: look at the first frame's image chunk
            position += 8 + 16
            continue
        position += 8 + size + (size & 1)
    return False

