"""bdpub: the bilingual publishing system of Binh Duong's external-information work."""

__version__ = "0.1.0"
