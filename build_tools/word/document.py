"""A contribution's own XML, read for what pandoc's reading of it does not say (see
word.facts): a .docx through word.wordml, an .odt through word.opendocument."""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from build_tools.base.exceptions import BdpubError
from build_tools.base.messages import _
from build_tools.word import opendocument, wordml
from build_tools.word.facts import Facts, check_package


def readable_copy(path: Path, kind: str, folder: Path) -> Path:
    """The document as pandoc should read it: a copy with its text boxes' paragraphs put
    after the paragraphs that anchor them (see wordml and opendocument), or itself."""
    with zipfile.ZipFile(path) as package:
        replaced = (wordml if kind == "docx" else opendocument).boxes_moved(package)
        if not replaced:
            return path
        copy = folder / f"document.{kind}"
        with zipfile.ZipFile(copy, "w") as rewritten:
            for item in package.infolist():  # in order, the mimetype first and stored
                rewritten.writestr(item, replaced.get(item.filename) or package.read(item))
    return copy


def read(path: Path) -> Facts:
    """The facts of a .docx or .odt file; BdpubError when it is neither."""
    try:
        with zipfile.ZipFile(path) as package:
            check_package(package)
            names = set(package.namelist())
            if "word/document.xml" in names:
                return wordml.read(package)
            if "content.xml" in names:
                return opendocument.read(package)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, etree.XMLSyntaxError):
        pass
    raise BdpubError(_("{path}: not a Word (.docx) or OpenDocument (.odt) file; open it in "
                       "Word or LibreOffice and save it as .docx").format(path=path))
