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
