"""Every message the build can show an editor exists in Vietnamese, NFC, with the same
placeholders as the English; the catalog template is the one the code gives today."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from build_tools.base import messages
from build_tools.base.resources import PACKAGE_DIR

PACKAGE = PACKAGE_DIR
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _in_code() -> set[str]:
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")],
                             keywords={"_": None, "N_": None})
    return {message for _file, _line, message, _comments, _context in found}


def _catalog(path: Path):
    with open(path, "rb") as stream:
        return read_po(stream)


def test_every_message_in_the_code_has_a_vietnamese_translation():
    catalog = _catalog(messages.LOCALE_DIR / "vi" / "LC_MESSAGES" / "bdpub.po")
    translated = {entry.id: entry for entry in catalog if entry.id}
    missing = sorted(message for message in _in_code()
                     if message not in translated or not translated[message].string
                     or translated[message].fuzzy)
    assert missing == [], "run pybabel extract/update (see babel.cfg) and translate:\n" + \
        "\n".join(missing)


def test_translations_keep_the_placeholders_and_are_nfc():
    catalog = _catalog(messages.LOCALE_DIR / "vi" / "LC_MESSAGES" / "bdpub.po")
    wrong = []
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        if sorted(PLACEHOLDER.findall(entry.id)) != sorted(PLACEHOLDER.findall(entry.string)):
            wrong.append(f"placeholders differ: {entry.id}")
        if unicodedata.normalize("NFC", entry.string) != entry.string:
            wrong.append(f"not NFC: {entry.string}")
        entry.string.format(**{name: 1 for name in re.findall(r"\{(\w+)", entry.id)})
    assert wrong == []


def test_the_template_lists_exactly_the_messages_in_the_code():
    template = {entry.id for entry in _catalog(messages.LOCALE_DIR / "bdpub.pot") if entry.id}
    assert template == _in_code()


def test_a_message_is_shown_in_the_chosen_language():
    previous = messages.current()
    try:
        messages.use("vi")
        assert messages._("PDFs could not be made:") == "Không tạo được các tệp PDF:"
        messages.use("en")
        assert messages._("PDFs could not be made:") == "PDFs could not be made:"
    finally:
        messages.use(previous)
