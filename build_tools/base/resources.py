"""Where bdpub's own files live inside the installed package: catalogs, theme, PDF styles."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
"""The message catalogs: bdpub.pot and <lang>/LC_MESSAGES/bdpub.po."""
ASSETS_DIR = PACKAGE_DIR / "assets"
THEME_DIR = ASSETS_DIR / "theme"
"""The overrides of mkdocs-material, put before it in the theme's folders by the plugin."""
FONTS_DIR = THEME_DIR / "fonts"
PDF_STYLES_DIR = ASSETS_DIR / "pdf"
ICC_PROFILE = ASSETS_DIR / "icc" / "ArtifexCMYK-SWOP.icc"
CJK_FONTS_DIR = Path("/usr/share/fonts/opentype/noto")
"""Where Debian's fonts-noto-cjk (installed by the Makefile) puts Noto Sans CJK and Noto Serif
CJK: collections such as NotoSansCJK-Regular.ttc, one face per language in each."""
CJK_REGIONS = {"zh": "SC", "ko": "KR", "ja": "JP"}
"""Each language's face of the collections (Noto Sans CJK SC, ...): the same Han character
takes that language's form (直 and 骨 differ between Chinese and Japanese)."""
