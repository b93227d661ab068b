"""The books' URL space for WeasyPrint: what a book may read, and nothing else.

Imported by the render workers only, so that importing the PDF stage does not import
WeasyPrint.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class ProjectFetcher(URLFetcher):
    """WeasyPrint's fetcher, limited to the books' URL space: each (URL prefix, folder) of
    `roots` reads the files inside that folder (and inline data: URLs are read as usual).
    Anything else, a real file: address included, stops the render.

    The responses keep the book URL, so that relative references in stylesheets (fonts,
    the ICC profile) resolve inside the same space and WeasyPrint's image names, taken
    from the URL, do not depend on where the repository lives."""

    def __init__(self, roots: tuple[tuple[str, Path], ...]):
        super().__init__(allowed_protocols=("data",))
        self.roots = tuple((prefix, Path(folder).resolve()) for prefix, folder in roots)
        self.refused = ""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        file = self.file_of(url)
        if file is None:
            self.refused = url
            raise FatalURLFetchingError(f"refused {url}: only files inside the project")
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return _FileResponse(url, file, content_type)

    def file_of(self, url: str) -> Path | None:
        """The file a book URL names, when it is a file inside its folder."""
        address = url.split("?")[0].split("#")[0]
        for prefix, folder in self.roots:
            if address.startswith(prefix):
                file = (folder / unquote(address[len(prefix):])).resolve()
                if file.is_file() and file.is_relative_to(folder):
                    return file
        return None


class _FileResponse(URLFetcherResponse):
    """A file of the URL space, read lazily from its real path under its book URL."""

    def __init__(self, url: str, file: Path, content_type: str):
        super().__init__(url, file.open("rb"), {"Content-Type": content_type})
        self._file = file

    @property
    def path(self) -> str:
        # WeasyPrint re-reads big images from here instead of keeping them in memory.
        return str(self._file)
