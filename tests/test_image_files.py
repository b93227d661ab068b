"""Images as untrusted data: real files made here with Pillow (or byte by byte where Pillow
would refuse to write them) are probed, refused with a message, and stripped of metadata."""
from __future__ import annotations

import io
import json
import os
import random
import shutil
import struct
import time
import warnings
import zlib

import pytest
from PIL import Image, ImageChops, ImageCms, ImageFile, ImageSequence, PngImagePlugin

from build_tools.content import image_files
from build_tools.content.image_files import (
    ImageFacts,
    ImageProblem,
    metadata_found,
    probe,
    probe_cached,
    strip_metadata,
)

MAKE, MODEL, SOFTWARE, DATE_TIME, ARTIST = 0x010F, 0x0110, 0x0131, 0x0132, 0x013B
ORIENTATION, GPS_IFD, EXIF_IFD = 0x0112, 0x8825, 0x8769
RED, BLUE = (220, 30, 30), (30, 30, 220)
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'exif:GPSLatitude="10,58.83N" exif:GPSLongitude="106,39.12E"/>'
       b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: the camera, when, where, which way is up."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[SOFTWARE] = "Camera", "Phone 12", "Camera app 1.0"
    exif[DATE_TIME], exif[ARTIST] = "2019:06:01 10:00:00", "Nguyễn Văn A"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (10.0, 58.0, 50.0), 3: "E", 4: (106.0, 39.0, 7.0)}
    return exif


def photo(size=(120, 80), mode="RGB") -> Image.Image:
    """Left half red, right half blue, with some noise so that encoders have work to do."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    image = Image.blend(image, Image.effect_noise(size, 40).convert("RGB"), 0.1)
    return image.convert(mode)


def pixels(path, frame=0) -> Image.Image:
    with Image.open(path) as image:
        image.seek(frame)
        return image.convert("RGBA")


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_by_hand(width: int, height: int, chunks: bytes = b"", rows: int | None = None) -> bytes:
    """An 8-bit RGB PNG whose header says `width` × `height`, with `rows` rows of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress((b"\0" + b"\x80" * 3 * min(width, 64)) * (rows or 1))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + chunks
            + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b""))


def problem(path, code: str) -> ImageProblem:
    with pytest.raises(ImageProblem) as caught:
        probe(path)
    assert caught.value.code == code, caught.value.located
    assert caught.value.path == path and str(caught.value) == caught.value.message
    assert caught.value.located == f"{path}: {caught.value.message}"
    return caught.value


# -- images with metadata, per format ------------------------------------------------------

def jpeg_with_metadata(path):
    photo((160, 120)).save(path, "JPEG", quality=92, exif=camera_exif(), xmp=XMP, dpi=(300, 300),
                           comment="Chụp bởi ai đó".encode(), icc_profile=SRGB)
    iptc = b"Photoshop 3.0\0" + b"8BIM\x04\x04\0\0\0\0\0\x0c\x1c\x02\x50\0\x07Someone"
    data = path.read_bytes()
    app13 = b"\xff\xed" + (len(iptc) + 2).to_bytes(2, "big") + iptc
    path.write_bytes(data[:2] + app13 + data[2:] + b"TRAILER of a phone: Exif\0\0MM\0*")


def tiff_with_metadata(path, compression="raw"):
    exif = camera_exif()
    exif[0x010E] = "A photo taken in Thu Dau Mot"     # ImageDescription
    exif[0x8298] = "(c) People's Committee"          # Copyright
    exif[EXIF_IFD] = {0x9003: "2019:06:01 10:00:00"}  # DateTimeOriginal
    exif[700] = XMP
    exif[33723] = b"\x1c\x02\x50\x00\x07Someone"     # IPTC: by-line
    exif[34377] = b"8BIM\x04\x04\0\0\0\0\0\x0c\x1c\x02\x50\0\x07Someone"  # Photoshop
    if compression != "raw":  # libtiff writes no EXIF or GPS directories
        exif = {key: value for key, value in exif.items() if key not in (EXIF_IFD, GPS_IFD)}
        exif = _exif_of(exif)
    pages = [photo((64, 48)), photo((32, 24)).transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    pages[0].save(path, "TIFF", compression=compression, exif=exif.tobytes(), dpi=(300, 300),
                  icc_profile=SRGB, save_all=True, append_images=pages[1:])


def _exif_of(tags: dict) -> Image.Exif:
    exif = Image.Exif()
    for key, value in tags.items():
        exif[key] = value
    return exif


def webp_with_metadata(path):
    photo((120, 80)).save(path, "WEBP", quality=85, exif=camera_exif(), xmp=XMP,
                          icc_profile=SRGB)


def png_with_metadata(path):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Ảnh của Ủy ban", zip=True)
    text.add_text("Software", "Editor 2.0")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    text.add(b"tIME", struct.pack(">HBBBBB", 2019, 6, 1, 10, 0, 0))
    text.add(b"prVt", b"a private chunk")
    image = photo((120, 80), "RGBA")
    image.putpixel((5, 5), (0, 0, 0, 0))
    image.save(path, "PNG", pnginfo=text, exif=camera_exif(), dpi=(144, 144),
               icc_profile=SRGB)


def gif_with_metadata(path):
    frames = []
    for angle in (0, 180, 0):
        frame = photo((40, 30)).rotate(angle).convert("RGBA")
        frame.paste((0, 0, 0, 0), (0, 0, 8, 8))  # a transparent corner
        frames.append(frame)
    frames[0].save(path, "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300],
                   loop=0, comment=b"made by someone, somewhere", disposal=2)
    data = path.read_bytes()
    sub_blocks = b"".join(bytes((len(part),)) + part
                          for part in (XMP[i:i + 255] for i in range(0, len(XMP), 255)))
    xmp = b"\x21\xff\x0bXMP DataXMP" + sub_blocks + b"\0"
    trailer = data.rindex(b";")
    path.write_bytes(data[:trailer] + xmp + data[trailer:])


WITH_METADATA = {
    "photo.jpg": (jpeg_with_metadata, "JPEG", {"EXIF", "GPS", "XMP", "IPTC", "comment"}),
    "scan.tif": (tiff_with_metadata, "TIFF", {"EXIF", "GPS", "XMP", "TIFF Make"}),
    "photo.webp": (webp_with_metadata, "WEBP", {"EXIF", "GPS", "XMP"}),
    "diagram.png": (png_with_metadata, "PNG", {"EXIF", "GPS", "XMP", "comment"}),
    "moving.gif": (gif_with_metadata, "GIF", {"XMP", "GPS", "comment"}),
}


@pytest.mark.parametrize("name", WITH_METADATA)
def test_metadata_is_found_then_stripped_keeping_pixels_profile_and_resolution(tmp_path, name):
    write, image_format, expected = WITH_METADATA[name]
    path = tmp_path / name
    write(path)
    assert expected <= set(metadata_found(path))
    with Image.open(path) as before:
        info = {key: before.info.get(key) for key in ("icc_profile", "dpi", "transparency")}
        frames = getattr(before, "n_frames", 1)
    originals = [pixels(path, frame) for frame in range(frames)]

    assert strip_metadata(path) is True
    assert metadata_found(path) == []
    with Image.open(path) as after:
        assert after.format == image_format
        assert getattr(after, "n_frames", 1) == frames
        for key, value in info.items():
            if key == "dpi" and value:
                assert after.info[key] == pytest.approx(value)
            elif value is not None:
                assert after.info[key] == value, key
    for frame, original in enumerate(originals):
        assert same_pixels(pixels(path, frame), original), f"frame {frame}"
    stripped = path.read_bytes()
    assert strip_metadata(path) is False
    assert path.read_bytes() == stripped


def test_a_jpeg_loses_no_quality_and_keeps_its_subsampling(tmp_path):
    path = tmp_path / "photo.jpg"
    jpeg_with_metadata(path)
    with Image.open(path) as before:
        tables = before.quantization
    strip_metadata(path)
    with Image.open(path) as after:
        assert after.quantization == tables
        assert after.size == (160, 120)
    assert b"TRAILER" not in path.read_bytes()


def test_stripping_a_gif_keeps_animation_timing_loop_and_transparency(tmp_path):
    path = tmp_path / "moving.gif"
    gif_with_metadata(path)
    with Image.open(path) as image:
        transparency = image.info["transparency"]
    strip_metadata(path)
    with Image.open(path) as image:
        assert image.info["loop"] == 0 and image.info["transparency"] == transparency
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(image)]
    assert durations == [100, 200, 300]
    assert pixels(path).getpixel((2, 2))[3] == 0
    assert b"NETSCAPE2.0" in path.read_bytes()


def test_stripping_a_tiff_keeps_its_pages_compression_and_profile(tmp_path):
    path = tmp_path / "scan.tif"
    tiff_with_metadata(path, compression="tiff_lzw")
    assert {"XMP", "IPTC", "Photoshop", "TIFF Make", "TIFF Copyright"} <= set(metadata_found(path))
    strip_metadata(path)
    with Image.open(path) as image:
        assert image.info["compression"] == "tiff_lzw"
        assert image.info["icc_profile"] == SRGB
        tags = set(image.tag_v2)
        image.seek(1)
        assert image.size == (32, 24)
    assert not tags & {0x010E, MAKE, MODEL, SOFTWARE, DATE_TIME, ARTIST, 0x8298, 700, 33723,
                       34377, EXIF_IFD, GPS_IFD}


def test_animated_png_and_webp_keep_their_frames(tmp_path):
    frames = [photo((30, 20)), photo((30, 20)).rotate(180)]
    for name, options in (("moving.png", {}), ("moving.webp", {"lossless": True})):
        path = tmp_path / name
        frames[0].save(path, save_all=True, append_images=frames[1:], duration=[120, 240],
                       loop=0, exif=camera_exif(), **options)
        assert "EXIF" in metadata_found(path)
        assert strip_metadata(path)
        assert metadata_found(path) == []
        with Image.open(path) as image:
            assert image.n_frames == 2
            durations = [(frame.load(), frame.info["duration"])[1]
                         for frame in ImageSequence.Iterator(image)]
        assert durations == [120, 240]
        for index, frame in enumerate(frames):
            assert same_pixels(pixels(path, index), frame.convert("RGBA")), name


@pytest.mark.parametrize("name, image_format", [("turned.png", "PNG"), ("turned.webp", "WEBP"),
                                                 ("turned.tif", "TIFF")])
def test_the_orientation_is_turned_into_the_pixels(tmp_path, name, image_format):
    path = tmp_path / name
    options = {"lossless": True} if image_format == "WEBP" else {}
    photo((60, 40)).save(path, image_format, exif=camera_exif(orientation=6).tobytes(), **options)
    assert probe(path) == ImageFacts(image_format, 40, 60, "RGB")
    assert strip_metadata(path)
    with Image.open(path) as image:
        assert (image.format, image.size) == (image_format, (40, 60))
        rgb = image.convert("RGB")
        assert rgb.getpixel((20, 5))[0] > 150    # red on top
        assert rgb.getpixel((20, 55))[2] > 150   # blue below
    assert metadata_found(path) == []


def test_a_clean_image_of_every_format_is_left_alone(tmp_path):
    for name, image_format in (("a.jpg", "JPEG"), ("a.png", "PNG"), ("a.webp", "WEBP"),
                               ("a.gif", "GIF"), ("a.tif", "TIFF")):
        path = tmp_path / name
        photo((20, 20)).save(path, image_format)
        before = path.read_bytes()
        assert metadata_found(path) == []
        assert strip_metadata(path) is False and path.read_bytes() == before


def test_a_jfif_thumbnail_and_exif_resolution_are_handled(tmp_path):
    path = tmp_path / "scanned.jpg"
    exif = Image.Exif()
    exif[0x011A], exif[0x011B], exif[0x0128] = 300.0, 300.0, 2  # X/YResolution, inch
    exif[MAKE] = "Scanner"
    photo((40, 30)).save(path, "JPEG", exif=exif)
    data = path.read_bytes()
    assert data[6:11] == b"JFIF\0"
    thumbnail = b"JFIF\0\x01\x01\0\0\1\0\1\x02\x02" + bytes(12)  # 2×2 RGB thumbnail, no dpi
    data = data[:2] + b"\xff\xe0" + (len(thumbnail) + 2).to_bytes(2, "big") + thumbnail + \
        data[2 + 2 + int.from_bytes(data[4:6], "big"):]
    path.write_bytes(data)
    assert "JFIF thumbnail" in metadata_found(path)
    assert strip_metadata(path)
    assert metadata_found(path) == []
    with Image.open(path) as image:
        assert image.info["dpi"] == (300, 300)


def test_an_mpo_becomes_its_first_picture_without_the_others(tmp_path):
    path = tmp_path / "camera.jpg"
    first, second = photo((40, 30)), photo((40, 30)).rotate(180)
    first.save(path, "MPO", save_all=True, append_images=[second], exif=camera_exif())
    with Image.open(path) as image:
        assert (image.format, image.n_frames) == ("MPO", 2)
    assert probe(path) == ImageFacts("JPEG", 40, 30, "RGB")
    before = pixels(path)
    assert {"EXIF", "GPS", "MPF"} <= set(metadata_found(path))
    assert strip_metadata(path)
    assert metadata_found(path) == []
    with Image.open(path) as image:
        assert (image.format, getattr(image, "n_frames", 1)) == ("JPEG", 1)
    assert same_pixels(pixels(path), before)


def test_a_turned_cmyk_jpeg_stays_cmyk_with_its_quality(tmp_path):
    path = tmp_path / "print.jpg"
    photo((60, 40), "CMYK").save(path, "JPEG", quality=95, exif=camera_exif(orientation=8),
                                 icc_profile=b"fake profile", dpi=(300, 200))
    with Image.open(path) as image:
        tables = image.quantization
    assert strip_metadata(path)
    with Image.open(path) as image:
        assert (image.mode, image.size) == ("CMYK", (40, 60))
        assert image.quantization == tables
        assert image.info["icc_profile"] == b"fake profile"
        assert image.info["dpi"] == (200, 300)
    assert metadata_found(path) == []


def test_a_tiff_is_turned_once_though_pillow_turns_it_as_it_loads(tmp_path):
    path = tmp_path / "turned.tif"
    photo((60, 40)).save(path, "TIFF", exif=camera_exif(orientation=6).tobytes())
    with Image.open(path) as image:
        assert image_files.upright(image).size == (40, 60)
    with Image.open(path) as image:
        assert image_files.upright(image).size == (40, 60)


def test_strip_metadata_refuses_what_is_not_an_image_of_the_site(tmp_path):
    path = tmp_path / "old.bmp"
    photo((20, 20)).save(path, "BMP")
    with pytest.raises(ImageProblem) as caught:
        strip_metadata(path)
    assert (caught.value.code, caught.value.path) == ("image-format", path)
    assert "BMP" in str(caught.value)
    assert isinstance(caught.value, ValueError)  # what the old cards.strip_metadata raised


# -- probing -------------------------------------------------------------------------------

def test_accepted_images_are_measured(tmp_path):
    cmyk, grey16, gif = tmp_path / "print.jpg", tmp_path / "deep.png", tmp_path / "moving.gif"
    photo((50, 40), "CMYK").save(cmyk, "JPEG")
    Image.new("I;16", (30, 20), 40000).save(grey16, "PNG")
    frames = [photo((20, 10)).convert("P"), photo((20, 10)).rotate(180).convert("P")]
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=100)
    assert probe(cmyk) == ImageFacts("JPEG", 50, 40, "CMYK")
    assert probe(grey16).mode.startswith("I;16")
    assert probe(gif) == ImageFacts("GIF", 20, 10, "P", frames=2)
    upper = tmp_path / "PHOTO.JPEG"
    shutil.copy(cmyk, upper)
    assert probe(upper).format == "JPEG"


def test_a_png_claiming_ten_billion_pixels_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_by_hand(100_000, 100_000))
    filters, limit = list(warnings.filters), Image.MAX_IMAGE_PIXELS
    started = time.monotonic()
    refused = problem(path, "image-bomb")
    assert time.monotonic() - started < 1
    assert "10000" in refused.message
    assert warnings.filters == filters and Image.MAX_IMAGE_PIXELS == limit


@pytest.mark.parametrize("width, height, code", [
    (8000, 8000, "image-too-large"),   # over MAX_PIXELS, under Pillow's warning
    (10000, 9000, "image-bomb"),       # Pillow warns: the warning becomes the problem
])
def test_images_over_the_limit_are_refused_from_their_header(tmp_path, width, height, code):
    path = tmp_path / "huge.png"
    path.write_bytes(png_by_hand(width, height))
    started = time.monotonic()
    problem(path, code)
    assert time.monotonic() - started < 1


def test_a_png_text_chunk_bomb_is_refused(tmp_path):
    path = tmp_path / "text-bomb.png"
    bomb = png_chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"a" * 50 * 2**20, 9))
    path.write_bytes(png_by_hand(4, 4, chunks=bomb, rows=4))
    problem(path, "image-text-bomb")


def test_a_truncated_jpeg_is_refused_and_truncated_images_stay_refused(tmp_path):
    path = tmp_path / "cut.jpg"
    photo((200, 200)).save(path, "JPEG")
    path.write_bytes(path.read_bytes()[:-400])
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    assert "damaged" in problem(path, "image-damaged").message
    assert ImageFile.LOAD_TRUNCATED_IMAGES is before  # the process's setting is left alone


def test_a_png_with_a_bad_checksum_is_refused(tmp_path):
    path = tmp_path / "bad.png"
    photo((20, 20)).save(path, "PNG")
    data = bytearray(path.read_bytes())
    crc = data.index(b"IEND") - 4 - 1          # last byte of the IDAT chunk's CRC
    data[crc] ^= 0xFF
    path.write_bytes(bytes(data))
    problem(path, "image-damaged")


def test_text_named_like_an_image_is_not_an_image(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("Hello, this is not a picture.\n")
    problem(path, "image-unknown")


def test_png_data_named_jpg_is_told_its_right_extension(tmp_path):
    path = tmp_path / "photo.jpg"
    photo((20, 20)).save(path, "PNG")
    refused = problem(path, "image-extension")
    assert "photo.png" in refused.message and "PNG" in refused.message
    bare = tmp_path / "photo"
    shutil.copy(path, bare)
    assert "photo.png" in problem(bare, "image-extension").message


@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "logo.svgz"])
def test_svg_is_refused_with_advice_to_export_png(tmp_path, name):
    path = tmp_path / name
    path.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
                    '<script>alert(document.cookie)</script></svg>')
    assert "PNG" in problem(path, "image-svg").message
    bare = tmp_path / "bare.png"
    bare.write_text('\ufeff  <svg xmlns="http://www.w3.org/2000/svg"/>')
    problem(bare, "image-svg")


def test_empty_files_folders_and_missing_or_unreadable_paths(tmp_path):
    empty = tmp_path / "empty.jpg"
    empty.touch()
    problem(empty, "image-empty")
    folder = tmp_path / "images.png"
    folder.mkdir()
    problem(folder, "image-folder")
    problem(tmp_path / "missing.png", "image-missing")
    (tmp_path / "file").write_text("x")
    problem(tmp_path / "file" / "inside.png", "image-unreadable")
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.png"
        photo((4, 4)).save(locked)
        locked.chmod(0)
        problem(locked, "image-unreadable")


def test_a_zero_pixel_png_is_refused(tmp_path):
    path = tmp_path / "nothing.png"
    path.write_bytes(png_by_hand(0, 10))
    problem(path, "image-empty-picture")


@pytest.mark.parametrize("write, kind", [
    (lambda path: photo((8, 8)).save(path, "BMP"), "BMP"),
    (lambda path: path.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(64)), "HEIC"),
    (lambda path: path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(64)), "PDF"),
])
def test_other_formats_are_named(tmp_path, write, kind):
    path = tmp_path / "picture.jpg"
    write(path)
    assert kind in problem(path, "image-format").message


def test_an_animation_over_the_frame_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "long.gif"
    frames = [photo((10, 10)).rotate(angle).convert("P") for angle in (0, 90, 180)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    monkeypatch.setattr(image_files, "MAX_FRAMES", 2)
    problem(path, "image-animation")


def test_damaged_files_raise_only_image_problems(tmp_path):
    """Cut short and flipped bytes of every format: a problem or facts, never a traceback."""
    shuffle = random.Random(2019)
    made = {}
    for name, image_format in (("a.jpg", "JPEG"), ("a.png", "PNG"), ("a.webp", "WEBP"),
                               ("a.gif", "GIF"), ("a.tif", "TIFF")):
        buffer = io.BytesIO()
        photo((40, 30)).save(buffer, image_format, exif=camera_exif().tobytes())
        made[name] = buffer.getvalue()
    for name, data in made.items():
        variants = [data[:cut] for cut in range(1, len(data), max(1, len(data) // 40))]
        for _ in range(40):
            flipped = bytearray(data)
            for _ in range(3):
                flipped[shuffle.randrange(len(flipped))] = shuffle.randrange(256)
            variants.append(bytes(flipped))
        for number, variant in enumerate(variants):
            path = tmp_path / f"{number}-{name}"
            path.write_bytes(variant)
            try:
                probe(path)
            except ImageProblem:
                continue
            strip_metadata(path)  # what probe accepts can be stripped


# -- the probe cache -----------------------------------------------------------------------

def test_probe_cached_answers_from_its_cache_until_the_bytes_change(tmp_path):
    cache, path = tmp_path / "cache", tmp_path / "photo.jpg"
    photo((40, 30)).save(path, "JPEG")
    assert probe_cached(path, cache) == ImageFacts("JPEG", 40, 30, "RGB")
    [entry] = cache.glob("*.json")
    assert len(entry.stem) == 64
    # Not decoded again: a remembered answer is given even where it is not the truth.
    remembered = json.loads(entry.read_text())
    remembered["facts"]["width"] = 4000
    entry.write_text(json.dumps(remembered))
    assert probe_cached(path, cache).width == 4000
    # Other bytes, another digest: probed afresh.
    photo((20, 30)).save(path, "JPEG")
    assert probe_cached(path, cache) == ImageFacts("JPEG", 20, 30, "RGB")
    assert len(list(cache.glob("*.json"))) == 2


def test_probe_cached_remembers_problems_and_checks_names_every_time(tmp_path):
    cache, cut = tmp_path / "cache", tmp_path / "cut.jpg"
    photo((200, 200)).save(cut, "JPEG")
    cut.write_bytes(cut.read_bytes()[:-400])
    with pytest.raises(ImageProblem) as first:
        probe_cached(cut, cache)
    [entry] = cache.glob("*.json")
    assert json.loads(entry.read_text())["problem"]["code"] == "image-damaged"
    with pytest.raises(ImageProblem) as again:
        probe_cached(cut, cache)
    assert (again.value.code, again.value.located) == (first.value.code, first.value.located)

    good = tmp_path / "good.png"
    photo((10, 10)).save(good, "PNG")
    assert probe_cached(good, cache).format == "PNG"
    misnamed = tmp_path / "good.jpg"
    shutil.copy(good, misnamed)
    with pytest.raises(ImageProblem) as wrong:
        probe_cached(misnamed, cache)
    assert wrong.value.code == "image-extension"


def test_probe_cached_ignores_a_damaged_cache_entry(tmp_path):
    cache, path = tmp_path / "cache", tmp_path / "photo.png"
    photo((10, 12)).save(path, "PNG")
    probe_cached(path, cache)
    [entry] = cache.glob("*.json")
    entry.write_text("{not json")
    assert probe_cached(path, cache) == ImageFacts("PNG", 10, 12, "RGB")


def test_truncated_data_is_refused_even_after_weasyprint_relaxed_pillow(tmp_path):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when imported;
    the build imports it, and the probe must still refuse what is cut short."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    path = tmp_path / "text-bomb.png"
    path.write_bytes(png_by_hand(4, 4, chunks=png_chunk(
        b"zTXt", b"Comment\0\0" + zlib.compress(b"a" * 50 * 2**20, 9)), rows=4))
    problem(path, "image-text-bomb")
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as it was found
