"""Site images: thumbnails, renditions, metadata stripping and link-preview cards, read back."""
from __future__ import annotations

import io
import os
import unicodedata

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont, PngImagePlugin

from build_tools.content import image_files
from build_tools.site import cards, renditions

VIETNAMESE_TITLE = "Bình Dương hướng đến xây dựng thành phố thông minh"
CAMERA_MAKE, ORIENTATION, GPS_IFD = 0x010F, 0x0112, 0x8825
RED, BLUE = (220, 30, 30), (30, 30, 220)


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: the camera, where the photo was taken, which way is up."""
    exif = Image.Exif()
    exif[CAMERA_MAKE] = "Camera"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (10.0, 58.0, 50.0), 3: "E", 4: (106.0, 39.0, 7.0)}
    return exif


def photo(size=(1300, 866)) -> Image.Image:
    """A cover-like picture: left half red, right half blue, so turns can be seen."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def assert_no_metadata(path):
    with Image.open(path) as image:
        assert not image.getexif()
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"} & set(image.info)
        assert not getattr(image, "text", None)


def close(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


# -- thumbnails ---------------------------------------------------------------------------

@pytest.fixture
def cover(tmp_path):
    path = tmp_path / "cover.jpg"
    photo().save(path, "JPEG", quality=90, exif=camera_exif(), comment="Chụp bởi ai đó".encode())
    return path


def test_thumbnail_is_webp_and_jpeg_of_the_width_without_metadata(cover, tmp_path):
    made = renditions.thumbnail(cover, tmp_path / "out", "horasis-2019")
    assert made == {"webp": tmp_path / "out" / "horasis-2019.webp",
                    "jpeg": tmp_path / "out" / "horasis-2019.jpg", "width": 480, "height": 320}
    for key, image_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
        with Image.open(made[key]) as image:
            assert (image.format, image.size) == (image_format, (480, 320))
        assert_no_metadata(made[key])


def test_thumbnails_and_renditions_made_are_taken_whatever_their_times(cover, tmp_path):
    """Their files are named after the cover's content by the build: a checkout whose files
    are all newer than a cache restored into it (CI) takes that cache as it is."""
    first = renditions.thumbnail(cover, tmp_path, "thumb", width=240)
    made = renditions.responsive(cover, tmp_path, "photo")
    files = [first["webp"], first["jpeg"], *(rendition["path"] for rendition in made)]
    stamps = {path: path.stat().st_mtime_ns for path in files}
    later = max(stamps.values()) + 10**9
    os.utime(cover, ns=(later, later))
    assert renditions.thumbnail_made(cover, tmp_path, "thumb", width=240)
    assert renditions.responsive_made(cover, tmp_path, "photo")
    assert renditions.thumbnail(cover, tmp_path, "thumb", width=240) == first
    assert renditions.responsive(cover, tmp_path, "photo") == made
    assert {path: path.stat().st_mtime_ns for path in files} == stamps
    files[-1].unlink()  # one missing: made again
    assert not renditions.responsive_made(cover, tmp_path, "photo")
    assert renditions.responsive(cover, tmp_path, "photo") == made and files[-1].is_file()


def test_a_file_that_cannot_be_written_whole_is_not_there_at_all(tmp_path):
    target = tmp_path / "anh.jpg"
    with pytest.raises(ValueError):
        renditions._save(Image.new("RGB", (40, 30)), target, "JPEG", quality="cao")
    assert list(tmp_path.iterdir()) == []


def test_thumbnail_is_remade_when_the_width_changes(cover, tmp_path):
    renditions.thumbnail(cover, tmp_path, "thumb", width=240)
    made = renditions.thumbnail(cover, tmp_path, "thumb", width=320)
    with Image.open(made["webp"]) as image:
        assert image.width == made["width"] == 320


# -- stripping metadata -------------------------------------------------------------------

def test_strip_metadata_removes_exif_gps_and_comments_from_a_jpeg(cover):
    with Image.open(cover) as before:
        assert before.getexif().get_ifd(GPS_IFD) and "comment" in before.info
    assert image_files.strip_metadata(cover) is True
    with Image.open(cover) as after:
        assert (after.format, after.size) == ("JPEG", (1300, 866))
    assert_no_metadata(cover)
    stripped = cover.read_bytes()
    assert image_files.strip_metadata(cover) is False
    assert cover.read_bytes() == stripped


def test_strip_metadata_turns_the_pixels_as_the_orientation_said(tmp_path):
    path = tmp_path / "phone.jpg"
    # Orientation 6: the camera was turned; the picture is shown turned 90° clockwise.
    photo((300, 200)).save(path, "JPEG", quality=95, exif=camera_exif(orientation=6))
    assert image_files.strip_metadata(path)
    with Image.open(path) as image:
        assert image.size == (200, 300)
        rgb = image.convert("RGB")
        assert close(rgb.getpixel((100, 40)), RED) and close(rgb.getpixel((100, 260)), BLUE)
    assert_no_metadata(path)


def png_with_metadata(path):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Ảnh của Ủy ban")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    photo((120, 80)).save(path, "PNG", pnginfo=text, exif=camera_exif())


def webp_with_metadata(path):
    photo((120, 80)).save(path, "WEBP", exif=camera_exif(),
                          xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")


@pytest.mark.parametrize("name, write, image_format", [
    ("diagram.png", png_with_metadata, "PNG"),
    ("photo.webp", webp_with_metadata, "WEBP"),
])
def test_strip_metadata_keeps_png_as_png_and_webp_as_webp(tmp_path, name, write, image_format):
    path = tmp_path / name
    write(path)
    with Image.open(path) as before:
        assert before.getexif()
    assert image_files.strip_metadata(path)
    with Image.open(path) as after:
        assert (after.format, after.size) == (image_format, (120, 80))
        assert close(after.convert("RGB").getpixel((10, 40)), RED)
    assert_no_metadata(path)


def test_strip_metadata_keeps_a_lossless_webp_lossless(tmp_path):
    path = tmp_path / "chart.webp"
    original = photo((64, 48))
    original.paste((250, 250, 10), (10, 10, 13, 13))
    original.save(path, "WEBP", lossless=True, exif=camera_exif(),
                  icc_profile=b"\0" * 300)  # a long chunk before the image data
    assert image_files.strip_metadata(path)
    with Image.open(path) as after:
        assert ImageChops.difference(after.convert("RGB"), original).getbbox() is None
    assert_no_metadata(path)


def test_strip_metadata_refuses_formats_it_does_not_know(tmp_path):
    path = tmp_path / "old.bmp"
    photo((20, 20)).save(path, "BMP")
    with pytest.raises(ValueError, match="BMP") as caught:
        image_files.strip_metadata(path)
    assert caught.value.path == path


def test_strip_metadata_leaves_a_clean_image_untouched(tmp_path):
    path = tmp_path / "clean.png"
    photo((50, 40)).save(path, "PNG")
    before = path.read_bytes()
    assert image_files.strip_metadata(path) is False
    assert path.read_bytes() == before


# -- responsive renditions ----------------------------------------------------------------

def test_responsive_renditions_are_webp_narrowest_first_and_never_enlarged(tmp_path):
    source = tmp_path / "map.jpg"
    photo((1000, 500)).save(source, "JPEG", exif=camera_exif())
    made = renditions.responsive(source, tmp_path / "out", "map")
    assert [(item["width"], item["height"]) for item in made] == [(480, 240), (960, 480),
                                                                 (1000, 500)]
    for item in made:
        with Image.open(item["path"]) as image:
            assert (image.format, image.size) == ("WEBP", (item["width"], item["height"]))
        assert_no_metadata(item["path"])


def test_renditions_made_already_are_not_opened_and_their_sizes_are_the_files(tmp_path):
    """Each rendition is narrowed from the next wider one, its height rounded each time;
    a build that finds them made works their sizes out without opening them."""
    source = tmp_path / "odd.jpg"
    photo((1999, 1333)).save(source, "JPEG")
    made = renditions.responsive(source, tmp_path / "out", "odd")
    for item in made:
        with Image.open(item["path"]) as image:
            assert image.size == (item["width"], item["height"])
    assert [(item["width"], item["height"]) for item in made] == [(480, 320), (960, 640),
                                                                 (1440, 960)]
    for item in made:
        item["path"].write_bytes(b"not an image: never read")
    assert renditions.responsive(source, tmp_path / "out", "odd") == made


def test_responsive_applies_orientation_and_keeps_transparency(tmp_path):
    source = tmp_path / "logo.png"
    image = photo((300, 200)).convert("RGBA")
    image.paste((0, 0, 0, 0), (0, 0, 20, 20))
    image.save(source, "PNG", exif=camera_exif(orientation=6))
    [made] = renditions.responsive(source, tmp_path, "logo", widths=(480,))
    assert (made["width"], made["height"]) == (200, 300)
    with Image.open(made["path"]) as rendition:
        assert rendition.mode == "RGBA"
        assert rendition.getpixel((190, 5))[3] == 0  # the transparent corner, turned
        assert close(rendition.getpixel((100, 40))[:3], RED)
    assert_no_metadata(made["path"])


# -- social cards -------------------------------------------------------------------------

def card(tmp_path, title=VIETNAMESE_TITLE, name="card.jpg", **changes):
    arguments = {"subtitle": "Ấn phẩm song ngữ Việt - Anh", "kicker": "ẤN PHẨM · QUÝ IV/2019",
                 "when": "Tháng 11 năm 2019", "cover": None} | changes
    path = cards.social_card(title, arguments["subtitle"], arguments["kicker"],
                             arguments["when"], tmp_path / name, arguments["cover"],
                             changes.get("lang", "vi"))
    with Image.open(path) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))
        return path, image.convert("RGB")


def region_differs(first, second, box) -> bool:
    return ImageChops.difference(first.crop(box), second.crop(box)).getbbox() is not None


TITLE_BOX = (cards.MARGIN, 150, cards.MARGIN + cards.TEXT_WIDTH, 400)
FOOT_BOX = (0, cards.RULE_Y - 4, 1200, 630)  # the rule and the date


def test_social_card_is_deterministic_jpeg_without_metadata(tmp_path, cover):
    first, _ = card(tmp_path, name="one.jpg", cover=cover)
    second, _ = card(tmp_path, name="two.jpg", cover=cover)
    assert first.read_bytes() == second.read_bytes()
    assert_no_metadata(first)


def test_social_card_draws_the_title(tmp_path):
    _, titled = card(tmp_path, name="titled.jpg")
    _, untitled = card(tmp_path, title="", name="untitled.jpg")
    assert region_differs(titled, untitled, TITLE_BOX)
    # Ink in the title area is white text on the blue, not a stray mark.
    white = titled.crop(TITLE_BOX).convert("L").point(lambda value: 255 if value > 240 else 0)
    assert white.histogram()[255] > 5000


def test_social_card_shows_the_cover_art(tmp_path, cover):
    _, with_art = card(tmp_path, name="art.jpg", cover=cover)
    _, without = card(tmp_path, name="plain.jpg")
    assert close(with_art.getpixel((1150, 300)), BLUE, tolerance=10)
    assert region_differs(with_art, without, (cards.ART_LEFT, 0, 1200, 630))


def test_vietnamese_title_has_every_character_in_the_fonts():
    bold = TTFont(cards.font_path("NotoSans-Bold")).getBestCmap()
    regular = TTFont(cards.font_path("NotoSans-Regular")).getBestCmap()
    text = VIETNAMESE_TITLE + "Ủy ban ỦY BAN Quý IV/2019 KẾ HOẠCH ỗ Ẫ Đ đ · …"
    assert [char for char in set(text) if ord(char) not in bold or ord(char) not in regular] == []


def test_social_card_refuses_text_the_fonts_cannot_draw(tmp_path):
    with pytest.raises(ValueError, match="平"):
        card(tmp_path, title="Bình Dương 平阳")


def test_stacked_marks_rise_above_the_capital():
    title_font = cards.font("NotoSans-Bold", 64)
    assert title_font.getbbox("Ủ")[1] < title_font.getbbox("U")[1] - 10
    assert title_font.getbbox("Ế")[1] < title_font.getbbox("E")[1] - 10
    assert title_font.getbbox("ỗ")[1] < title_font.getbbox("ô")[1] - 5


def ink_rows(image, box) -> list[bool]:
    white = image.crop(box).convert("L").point(lambda value: 255 if value > 200 else 0)
    return [white.crop((0, row, white.width, row + 1)).getbbox() is not None
            for row in range(white.height)]


def test_lines_are_far_enough_apart_for_a_stacked_capital_under_a_descender(tmp_path):
    # Two words too wide to share a line: two bands of capitals, one line pitch apart.
    _, image = card(tmp_path, title="H" * 12 + " " + "H" * 12, subtitle=None, name="lines.jpg")
    rows = ink_rows(image, TITLE_BOX)
    starts = [row for row in range(1, len(rows)) if rows[row] and not rows[row - 1]]
    assert len(starts) == 2
    title_font = cards.font(cards.TITLE_FONT, cards.TITLE_SIZES[0])
    hanging = max(title_font.getbbox(letter, anchor="ls")[3] for letter in "gjpqyỵ")
    rising = max(-title_font.getbbox(letter, anchor="ls")[1] for letter in "ẤẦẨẪẬỦỶỖỄẴ")
    assert starts[1] - starts[0] > hanging + rising


def ink_top(image, box) -> int:
    """The first row in `box` with white text on it."""
    white = image.crop(box).convert("L").point(lambda value: 255 if value > 200 else 0)
    return white.getbbox()[1] + box[1]


def test_stacked_marks_are_drawn_whole(tmp_path):
    _, marked = card(tmp_path, title="Ủy ban", name="marked.jpg")
    _, plain = card(tmp_path, title="Uy ban", name="plain.jpg")
    below_kicker = (cards.MARGIN, 140, cards.MARGIN + cards.TEXT_WIDTH, 400)
    mark_top, capital_top = ink_top(marked, below_kicker), ink_top(plain, below_kicker)
    # The hook and the horn of "Ủ" stand as far above the "b" of a plain "Uy ban" as the
    # font says (so nothing cut them off), and clear of the kicker above.
    title_font = cards.font(cards.TITLE_FONT, cards.TITLE_SIZES[0])
    expected = title_font.getbbox("Uy ban")[1] - title_font.getbbox("Ủy ban")[1]
    assert expected > 10
    assert abs((capital_top - mark_top) - expected) <= 2
    assert mark_top > below_kicker[1] + 5


def test_decomposed_vietnamese_draws_like_composed(tmp_path):
    composed, _ = card(tmp_path, name="nfc.jpg")
    decomposed, _ = card(tmp_path, title=unicodedata.normalize("NFD", VIETNAMESE_TITLE),
                         name="nfd.jpg")
    assert composed.read_bytes() == decomposed.read_bytes()


def test_long_text_never_reaches_the_date_or_the_art(tmp_path):
    words = "Ủy ban nhân dân tỉnh Bình Dương ban hành kế hoạch công tác thông tin đối ngoại " * 4
    _, crowded = card(tmp_path, title=words, subtitle=words, name="crowded.jpg")
    _, bare = card(tmp_path, title="", subtitle=None, name="bare.jpg")
    assert region_differs(crowded, bare, TITLE_BOX)
    assert not region_differs(crowded, bare, FOOT_BOX)
    assert not region_differs(crowded, bare, (cards.MARGIN + cards.TEXT_WIDTH + 4, 0, 1200, 630))


def test_fonts_are_read_from_the_committed_woff2_files():
    assert cards.font_path("NotoSans-Bold").read_bytes()[:4] == b"wOF2"
    assert cards.font("NotoSans-Bold", 30).getname() == ("Noto Sans", "Bold")
    assert cards.font("NotoSans-Regular", 30).getname() == ("Noto Sans", "Regular")
    assert cards.font("NotoSans-Bold", 30) is cards.font("NotoSans-Bold", 30)


@pytest.mark.parametrize("name", ["NotoSans-Bold", "NotoSans-Regular"])
def test_the_truetype_made_for_a_freetype_without_woff2_draws_what_the_woff2_draws(name):
    """Pillow's FreeType reads the WOFF2 files itself; one built without Brotli is given
    them rebuilt as TrueType, which must set the same glyphs in the same places."""
    woff2 = cards.font(name, 44)
    truetype = ImageFont.truetype(io.BytesIO(cards._truetype(name)), 44)
    assert truetype.getname() == woff2.getname()
    for text in (VIETNAMESE_TITLE, "KẾ HOẠCH Ủy ban Quý IV/2019 · …"):
        drawn = [Image.new("L", (1400, 80)) for _ in range(2)]
        for image, face in zip(drawn, (woff2, truetype)):
            ImageDraw.Draw(image).text((4, 4), text, font=face, fill=255)
        assert drawn[0].getbbox() is not None
        assert ImageChops.difference(*drawn).getbbox() is None


def test_the_characters_the_fonts_have_are_read_from_their_cmap_alone():
    for name in ("NotoSans-Bold", "NotoSans-Regular"):
        assert cards._characters(name) == frozenset(TTFont(cards.font_path(name)).getBestCmap())


# -- Chinese, Korean and Japanese cards (Debian's fonts-noto-cjk) --------------------------

CJK_TITLES = {"zh": "平阳省：面向外国投资者的智慧城市与投资机会介绍",
              "ko": "빈즈엉성: 외국인 투자자를 위한 스마트시티 소개",
              "ja": "ビンズオン省：外国人投資家のためのスマートシティ紹介"}


def cjk_card(tmp_path, lang, title, name):
    path = cards.social_card(title, None, "2019", "2019", tmp_path / name, None, lang)
    with Image.open(path) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))
        return image.convert("RGB")


@pytest.mark.parametrize("lang", ["zh", "ko", "ja"])
def test_a_cjk_card_draws_its_title_within_the_text_column(tmp_path, lang):
    titled = cjk_card(tmp_path, lang, CJK_TITLES[lang], "titled.jpg")
    untitled = cjk_card(tmp_path, lang, "", "untitled.jpg")
    assert region_differs(titled, untitled, TITLE_BOX)
    white = titled.crop(TITLE_BOX).convert("L").point(lambda value: 255 if value > 240 else 0)
    assert white.histogram()[255] > 5000
    # Wrapped between characters, never past the column (Chinese has no spaces to wrap at).
    ink = titled.crop((0, 140, 1200, 400)).convert("L").point(
        lambda value: 255 if value > 200 else 0).crop((0, 0, cards.ART_LEFT + 100, 260))
    assert ink.getbbox()[2] <= cards.MARGIN + cards.TEXT_WIDTH + 2


def test_the_same_character_takes_each_languages_own_form(tmp_path):
    # 直 and 骨 are drawn differently in Chinese and Japanese: the face follows the language.
    chinese = cjk_card(tmp_path, "zh", "直骨", "zh.jpg")
    japanese = cjk_card(tmp_path, "ja", "直骨", "ja.jpg")
    assert region_differs(chinese, japanese, TITLE_BOX)


def test_a_cjk_line_never_starts_with_closing_punctuation():
    title_font = cards.face("zh", cards.TITLE_FONT, cards.TITLE_SIZES[-1])
    for text in ("平阳省智慧城市项目自二〇一五年起推进，政府、企业与科研教育机构携手合作。",
                 "政府企业与科研教育机构携手合作推进平阳省智慧城市项目（二〇一五年起）。"):
        lines = cards._lines(text, title_font, 5)
        assert len(lines) > 1 and "".join(lines) == text
        assert not any(line[0] in cards.CLOSING for line in lines[1:])
        assert not any(line[-1] in cards.OPENING for line in lines)


def test_an_untranslated_title_on_a_cjk_card_is_drawn_as_in_vietnamese(tmp_path):
    chinese, _ = card(tmp_path, name="zh.jpg", lang="zh")
    vietnamese, _ = card(tmp_path, name="vi.jpg")
    assert chinese.read_bytes() == vietnamese.read_bytes()


def test_a_cjk_card_refuses_what_its_font_cannot_draw(tmp_path):
    with pytest.raises(ValueError, match="🙂"):
        cjk_card(tmp_path, "ja", "ビンズオン省 🙂", "smile.jpg")


@pytest.mark.parametrize("text", ["x" * 5000, "平阳" * 3000, "Bình Dương " * 800])
def test_a_line_too_long_is_cut_to_the_longest_that_fits_before_the_ellipsis(text):
    title_font = cards.font(cards.TITLE_FONT, cards.TITLE_SIZES[-1])
    if "平" in text:
        title_font = cards.face("zh", cards.TITLE_FONT, cards.TITLE_SIZES[-1])
    line = cards._ellipsized(text, title_font, cards.TEXT_WIDTH)
    assert line.endswith("…") and title_font.getlength(line) <= cards.TEXT_WIDTH
    kept = line[:-1]
    assert text.startswith(kept)
    if " " not in text:  # cut between characters: one more would not have fitted
        assert title_font.getlength(text[:len(kept) + 1] + "…") > cards.TEXT_WIDTH
