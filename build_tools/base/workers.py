"""Worker processes that leave nothing behind: a pool's temporary files, a forked call's
memory.

A worker of a process pool ends without running the finalizers of what it still holds,
so a temporary folder a library deletes in one (WeasyPrint's fonts, 1.5 MB each book)
would stay in the machine's temporary folder after every build. Each pool here gives its
workers one temporary folder of their own, removed when the pool has ended.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from build_tools.base.exceptions import BdpubError, ContentError

T = TypeVar("T")


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


def forked(function: Callable[..., T], *args) -> T:
    """function(*args) in a process forked from this one, its result pickled back: what
    the call allocates on the way (the checks of a large site render every page) leaves
    with that process, and this one grows by the result alone. A BdpubError it raises is
    raised here; any other failure becomes a RuntimeError with the process's traceback.
    Called in place where there is no fork, or where other threads run (a fork would copy
    the locks they hold, not the threads)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return function(*args)
    with tempfile.TemporaryFile() as channel:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the forked process: it never returns to the caller
            code = 1
            try:
                pickle.dump(_outcome(function, args), channel, protocol=pickle.HIGHEST_PROTOCOL)
                channel.flush()
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)
        channel.seek(0)
        try:
            kind, value = pickle.load(channel)  # written by this call's own fork
        except (EOFError, pickle.UnpicklingError):
            raise RuntimeError(f"{getattr(function, '__qualname__', function)} stopped (exit "
                               f"status {os.waitstatus_to_exitcode(status)})") from None
    if kind == "findings":
        raise ContentError(value)
    if kind == "error":
        raise value
    if kind == "crash":
        raise RuntimeError(value)
    return value


def _outcome(function: Callable, args: tuple) -> tuple[str, object]:
    try:
        return "result", function(*args)
    except ContentError as error:  # its findings, as pickling its message would lose them
        return "findings", error.findings
    except BdpubError as error:
        return "error", error
    except BaseException:  # noqa: BLE001 - raised again in the caller's process
        return "crash", traceback.format_exc()
