"""Images on web pages: WebP renditions in a srcset, width and height set, lazy loading.

The page's <img> keeps the original as the fallback; its renditions are made once
(cached) and written into the site beside it after the build.
"""
from __future__ import annotations

import hashlib
import html as html_module
import posixpath
import re
from pathlib import Path, PurePosixPath

from PIL import Image

from build_tools.content import outputs
from build_tools.content.image_files import strip_metadata
from build_tools.site import renditions
from build_tools.text import policy

IMG = re.compile(r"<img\b([^>]*)>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
RASTER = (".jpg", ".jpeg", ".png", ".webp")
SIZES = "(min-width: 76.25em) 34rem, 100vw"
CACHE = "responsive"
"""The folder of the project's cache the renditions are kept in."""


class Renditions:
    """The image renditions of one language build: their site paths and cached files."""

    def __init__(self, cache: Path):
        self.cache = cache
        self.files: dict[str, Path] = {}

    def rewrite(self, content: str, page_url: str, locate, used: dict | None = None) -> str:
        """Every local raster <img> of a page's HTML as a <picture> with WebP renditions.
        `locate(site_path)` gives the file a site path comes from, or None; `used` gains
        the renditions the page shows (site path: cached file)."""
        used = {} if used is None else used
        return IMG.sub(lambda match: self._picture(match, page_url, locate, used), content)

    def _picture(self, match: re.Match, page_url: str, locate, used: dict) -> str:
        attributes = dict(ATTRIBUTE.findall(match[1]))
        src = html_module.unescape(attributes.get("src", ""))
        if not policy.is_local(src) or not src.lower().endswith(outputs.WEB_RENDITION_TYPES):
            return match[0]
        site_path = posixpath.normpath(posixpath.join(page_url, src))
        source = locate(site_path)
        if source is None:
            return match[0]
        made = renditions.responsive(source, self.cache / _key(source), Path(src).stem)
        srcset = []
        for rendition in made:
            target = posixpath.join(posixpath.dirname(site_path), outputs.rendition_name(
                PurePosixPath(site_path).stem, rendition["width"]))
            self.files[target] = used[target] = rendition["path"]
            name = posixpath.relpath(target, page_url.rstrip("/") or ".")
            srcset.append(f"{name} {rendition['width']}w")
        with Image.open(source) as image:
            width, height = image.size
        attributes.setdefault("alt", "")
        attributes.update(width=str(width), height=str(height), decoding="async")
        if "bdpub-cover" not in attributes.get("class", ""):
            attributes["loading"] = "lazy"  # the cover is the first thing seen: load it now
        img = "<img " + " ".join(f'{name}="{value}"' for name, value in attributes.items()) + ">"
        return (f'<picture><source type="image/webp" srcset="{", ".join(srcset)}" '
                f'sizes="{SIZES}">{img}</picture>')

    def write(self, site_dir: Path) -> None:
        for rel, source in self.files.items():
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())


def rendition_jobs(sources: list[Path], cache: Path) -> list[tuple]:
    """What making the renditions the cache lacks takes, as (function, *arguments) for a
    pool: the renditions of each raster image, once however many pages show it."""
    jobs = []
    for source in dict.fromkeys(sources):
        if source.suffix.lower() in outputs.WEB_RENDITION_TYPES:
            folder = cache / _key(source)
            if not renditions.responsive_made(source, folder, source.stem):
                jobs.append((renditions.responsive, source, folder, source.stem))
    return jobs


def _key(source: Path) -> str:
    """A cache folder per source image, named after its content and how its renditions
    are made."""
    return f"{hashlib.sha256(source.read_bytes()).hexdigest()[:16]}-{renditions.RECIPE}"


def strip_site(site_dir: Path, made: frozenset[str] = frozenset()) -> int:
    """Remove EXIF, GPS and other metadata from every published image but those at the
    site paths `made` (written without any); return how many changed."""
    from build_tools.content.image_files import FORMATS
    published = {extension for extensions in FORMATS.values() for extension in extensions}
    changed = 0
    for path in site_dir.rglob("*"):
        if (path.suffix.lower() in published and path.is_file()
                and path.relative_to(site_dir).as_posix() not in made):
            changed += strip_metadata(path)
    return changed
