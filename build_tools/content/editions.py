"""PDF profiles and editions, declared as tables: what print and screen PDFs are made of."""
from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Profile:
    """How one kind of PDF is made."""

    name: str
    pdf_variant: str
    """WeasyPrint's PDF variant: PDF/X-4 for printers, PDF/UA-1 (tagged) for readers."""
    colour: str
    """cmyk: text, vectors and images in CMYK under the output intent; rgb for screens."""
    bleed_mm: float
    """Bleed on every side of the trimmed page."""
    image_ppi: int
    """Print: the least resolution an image may be placed at. Screen: images are
    downsampled to about this resolution at their placed size."""
    pad_pages: bool
    """Pad with blank pages to a multiple of 4 when the binding is saddle-stitch."""
    stylesheet: str
    """The profile's stylesheet under assets/pdf/, after the shared book.css."""
    links: bool
    """Link annotations: screen PDFs are read with a pointer; printers want none."""


PROFILES = {profile.name: profile for profile in (
    Profile("print", "pdf/x-4", "cmyk", 3.0, 300, True, "print.css", links=False),
    Profile("screen", "pdf/ua-1", "rgb", 0.0, 150, False, "screen.css", links=True),
)}


@dataclasses.dataclass(frozen=True)
class Edition:
    """A language edition of a publication."""

    name: str
    languages: tuple[str, ...]
    """The languages it prints; two means parallel text, source beside translation."""


BILINGUAL = "bilingual"
"""The source beside the first translation; `bilingual-<code>` names the translation."""


def editions_for(source: str, translations: tuple[str, ...]) -> dict[str, Edition]:
    """vi, en, zh, ...; bilingual-en, bilingual-zh, ... (the source beside that translation),
    and 'bilingual' (the source beside the first translation)."""
    table = {lang: Edition(lang, (lang,)) for lang in (source, *translations)}
    if translations:
        table[BILINGUAL] = Edition(BILINGUAL, (source, translations[0]))
    for lang in translations:
        table[f"{BILINGUAL}-{lang}"] = Edition(f"{BILINGUAL}-{lang}", (source, lang))
    return table


def default_editions(source: str, translations: tuple[str, ...]) -> list[str]:
    """A publication's editions when it names none: the source, each translation that
    covers every page (not a selective one), and the source beside the first of them."""
    return [source, *translations, BILINGUAL] if translations else [source]


# Pages a binding needs the page count to be a multiple of.
BINDING_PAGE_MULTIPLE = {"saddle-stitch": 4, "perfect": 2, "none": 1}
