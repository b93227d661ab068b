"""Regenerate build_tools/assets/theme/fonts/: Noto Sans and Noto Serif cut to Latin and Vietnamese.

Run once by a maintainer (needs Debian's fonts-noto-core and fonttools[woff]);
the build itself only reads the committed WOFF2 files. Each file is a whole font
for one family, weight and style, so browsers and WeasyPrint never mix subsets.

    .venv/bin/python tools/subset_fonts.py          # both cuts, from Debian's fonts
    .venv/bin/python tools/subset_fonts.py --web    # the web cuts only, from the files above

The site also serves a smaller cut of each Noto Sans face (`-core`): the characters of
English and Vietnamese pages (Google Fonts' "latin" and "vietnamese" ranges) without
TrueType hinting, a quarter of the whole file. bdpub.css declares it after the whole face
with that `unicode-range`, so a browser fetches the whole face only for a page that has a
character outside it; the pages preload the core cuts (a Lighthouse run on the home page:
its largest paint 2.3 s with the whole fonts, 1.7 s with the cuts).
"""
import pathlib
import sys

from fontTools import subset

SOURCE = pathlib.Path("/usr/share/fonts/truetype/noto")
TARGET = pathlib.Path(__file__).resolve().parent.parent / "build_tools" / "assets" / "theme" / "fonts"
FAMILIES = ("NotoSans", "NotoSerif")
STYLES = ("Regular", "Italic", "Bold", "BoldItalic")
# Basic Latin, Latin-1, Latin Extended-A/B, IPA-free spacing modifiers, combining
# marks (decomposed Vietnamese), Latin Extended Additional (precomposed Vietnamese),
# general punctuation, currency signs (₫ is U+20AB), letterlike symbols, arrows.
UNICODES = ("U+0000-024F,U+02B0-02FF,U+0300-036F,U+1E00-1EFF,"
            "U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+FEFF,U+FFFD")
"""Also bdpub.css's `unicode-range` for the whole Noto Sans faces."""


WEB_FAMILY = "NotoSans"
WEB_UNICODES = ("U+0000-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0131,U+0152-0153,"
                "U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+02BB-02BC,U+02C6,U+02DA,U+02DC,"
                "U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+2000-206F,"
                "U+20AB-20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD")
"""The core cut's characters: also bdpub.css's `unicode-range` for it, character for character."""


def web_cuts() -> None:
    for style in STYLES:
        source = TARGET / f"{WEB_FAMILY}-{style}.woff2"
        target = TARGET / f"{WEB_FAMILY}-{style}-core.woff2"
        subset.main([str(source), f"--unicodes={WEB_UNICODES}", "--flavor=woff2",
                     "--layout-features=*", "--no-hinting",
                     f"--output-file={target}"])
        print(f"{target.name}: {target.stat().st_size // 1024} KiB")


def main() -> int:
    if sys.argv[1:] == ["--web"]:
        web_cuts()
        return 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for family in FAMILIES:
        for style in STYLES:
            source = SOURCE / f"{family}-{style}.ttf"
            target = TARGET / f"{family}-{style}.woff2"
            subset.main([str(source), f"--unicodes={UNICODES}", "--flavor=woff2",
                         "--layout-features=*", "--name-IDs=*", "--name-languages=*",
                         f"--output-file={target}"])
            print(f"{target.name}: {target.stat().st_size // 1024} KiB")
    web_cuts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
