"""Worker processes that leave nothing behind.

A worker of a process pool ends without running the finalizers of what it still holds,
so a temporary folder a library deletes in one (WeasyPrint's fonts, 1.5 MB each book)
would stay in the machine's temporary folder after every build. Each pool here gives its
workers one temporary folder of their own, removed when the pool has ended.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor


@contextlib.contextmanager
def pool(workers: int | None = None) -> Iterator[ProcessPoolExecutor]:
    """A process pool of `workers` (one per core by default) whose temporary files are
    removed when it ends, whatever its workers leave."""
    with tempfile.TemporaryDirectory(prefix="bdpub-workers-") as scratch:
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1,
                                 initializer=_scratch, initargs=(scratch,)) as executor:
            yield executor


def _scratch(folder: str) -> None:
    tempfile.tempdir = folder
