"""Per-page work remembered by content: a value computed from a text is kept under the
digest of everything it was computed from, so that a later run reads it back instead of
computing it again (issue 12: a rebuild redoes only what changed).

One file per kind of work under the project's .cache, JSON, written whole at the end of a
run with only the entries that run used: a page removed or edited leaves no stale entry
behind. The digest covers bdpub's own code and the versions of the libraries that shape
the result, so that an upgrade of either starts afresh. It is bdpub's cache, never editor
input: a file that does not read as one is ignored, and rewritten.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
from pathlib import Path

from build_tools.base.resources import PACKAGE_DIR

LIBRARIES = ("Markdown", "pymdown-extensions", "lxml", "nh3", "mkdocs-material", "Pygments",
             "Babel", "lingua-language-detector")
"""The distributions whose version shapes what is remembered."""


class Memo:
    """Values by key, read from `path` once and written back by `save()`."""

    def __init__(self, path: Path, *context: str):
        self.path = path
        self.base = hashlib.sha256((code_digest() + "\0" + "\0".join(context)).encode("utf-8"))
        self.loaded = _read(path)
        self.used: dict[str, object] = {}
        self.computed = 0

    def key(self, *parts: str) -> str:
        digest = self.base.copy()
        for part in parts:
            digest.update(b"\0")
            digest.update(part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str, compute):
        """The value remembered under `key`, else `compute()`'s (JSON-able) value."""
        if key in self.used:
            return self.used[key]
        if key in self.loaded:
            value = self.loaded[key]
        else:
            value = compute()
            self.computed += 1
        self.used[key] = value
        return value

    def save(self) -> None:
        """Write the entries this run used (nothing when it read them all back unchanged)."""
        if not self.computed and len(self.used) == len(self.loaded):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps(self.used, ensure_ascii=False, sort_keys=True),
                               encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            pass  # a read-only checkout: the next run computes again


def described(value) -> str:
    """A value as the same text in every run (JSON, a function by its name)."""
    return json.dumps(value, sort_keys=True, default=named, ensure_ascii=False)


def named(value) -> str:
    """A value JSON cannot write (mkdocs.yml's !!python/name slugify, a class) by its name,
    which, unlike its repr (its address in memory), is the same in every process."""
    name = getattr(value, "__qualname__", None)
    return f"{getattr(value, '__module__', '')}.{name}" if name else type(value).__name__


def _read(path: Path) -> dict:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """bdpub's code and catalogs, and the versions of LIBRARIES."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".po") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}".encode("utf-8"))
        except importlib.metadata.PackageNotFoundError:
            digest.update(name.encode("utf-8"))
    return digest.hexdigest()
