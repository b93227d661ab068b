"""Messages in the editor's language: Babel reads the gettext catalogs in build_tools/locale.

Code marks every message with `_()`; `pybabel extract` collects them into
locale/bdpub.pot, translators fill locale/<lang>/LC_MESSAGES/bdpub.po, and the catalogs are
read as they are (no compiled .mo files to keep in step).
"""
from __future__ import annotations

import functools
import locale
import os

from build_tools.base.resources import LOCALE_DIR

DOMAIN = "bdpub"
_current = {"lang": None}


@functools.lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation for one language; empty for English, the language of the code."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po  # here: English messages need no catalog

    with open(path, "rb") as stream:
        parsed = read_po(stream, locale=lang)
    return {message.id: message.string for message in parsed
            if message.id and message.string and not message.fuzzy}


def use(lang: str | None) -> str:
    """Choose the language of messages: the given one, else the environment's locale."""
    chosen = lang or _from_environment()
    _current["lang"] = chosen if (LOCALE_DIR / chosen).is_dir() or chosen == "en" else "en"
    return _current["lang"]


def _from_environment() -> str:
    for variable in ("BDPUB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return value.split("_")[0].split(".")[0]
    language = (locale.getlocale()[0] or "en").split("_")[0]
    return language


def current() -> str:
    return _current["lang"] or use(None)


def N_(message: str) -> str:
    """Marks a message for the catalogs; it is translated where it is shown."""
    return message


def _(message: str) -> str:
    """The message in the chosen language (English when no translation exists)."""
    return catalog(current()).get(message, message)
