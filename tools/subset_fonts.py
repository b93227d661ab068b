"""Regenerate build_tools/assets/theme/fonts/: Noto Sans and Noto Serif cut to Latin and Vietnamese.

Run once by a maintainer (needs Debian's fonts-noto-core and fonttools[woff]);
the build itself only reads the committed WOFF2 files. Each file is a whole font
for one family, weight and style, so browsers and WeasyPrint never mix subsets.
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


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    for family in FAMILIES:
        for style in STYLES:
            source = SOURCE / f"{family}-{style}.ttf"
            target = TARGET / f"{family}-{style}.woff2"
            subset.main([str(source), f"--unicodes={UNICODES}", "--flavor=woff2",
                         "--layout-features=*", "--name-IDs=*", "--name-languages=*",
                         f"--output-file={target}"])
            print(f"{target.name}: {target.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
