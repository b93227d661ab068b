"""Worker processes that leave nothing behind: a pool's temporary files, a forked call's
memory.

A worker of a process pool ends without running the finalizers of what it still holds,
so a temporary folder a library deletes in one (WeasyPrint's fonts, 1.5 MB each book)
would stay in the machine's temporary folder after every build. Each pool here gives its
workers one temporary folder of their own, removed when the pool has ended.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Generic, TypeVar

from build_tools.base import messages
from build_tools.base.exceptions import BdpubError, ContentError
from build_tools.base.messages import _

T = TypeVar("T")


@contextlib.contextmanager
def pool(workers: int | None = None, fresh: bool = False) -> Iterator[ProcessPoolExecutor]:
    """A process pool of `workers` (one per core by default) whose temporary files are
    removed when it ends, whatever its workers leave. `fresh` workers start from a new
    process, not from a copy of this one: what they do takes a photograph's memory, and a
    copy of this process (the content model of a large site) would come on top of it."""
    with tempfile.TemporaryDirectory(prefix="bdpub-workers-") as scratch:
        with ProcessPoolExecutor(max_workers=workers or cores(),
                                 mp_context=_fresh_start() if fresh else None,
                                 initializer=_start, initargs=(scratch, messages.current())
                                 ) as executor:
            yield executor


def start_fresh(*modules: str) -> None:
    """Start now, while this process goes on, the process that fresh workers are forked
    from, with `modules` imported in it: a pool of them asked for later starts at once, its
    workers ready (a first build's images at launch size: 0.36 s sooner). Nothing where
    there is no such process, or it runs already."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.set_forkserver_preload(["__main__", *modules])  # __main__: the default
        _fresh_start()


def _fresh_start():
    """The start method of fresh workers (forkserver), or None (copies of this process)
    where it cannot start: not on this system, or a temporary folder whose path is too
    long for the socket it listens on."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    from multiprocessing import forkserver

    try:
        forkserver.ensure_running()
    except OSError:  # "AF_UNIX path too long": TMPDIR deep in a folder tree
        return None
    return multiprocessing.get_context("forkserver")


def _start(folder: str, lang: str) -> None:
    """A worker's temporary folder, and its messages in the language this build writes
    them in (a fresh worker would take the environment's, not `--lang`'s)."""
    tempfile.tempdir = folder
    messages.use(lang)


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def forked(function: Callable[..., T], *args) -> T:
    """function(*args) in a process forked from this one, its result pickled back through a
    pipe: what the call allocates on the way (the checks of a large site render every page)
    leaves with that process, and this one grows by the result alone. What the call raises
    is raised here (with the forked process's traceback as a note); a process that ends
    without a word (killed) is a BdpubError. Called in place where
    there is no fork, or where other threads run (a fork would copy the locks they hold,
    not the threads)."""
    return Forked(function, *args).result()


class Forked(Generic[T]):
    """function(*args) started in a process forked from this one, while this one goes on;
    result() waits for it and gives what forked() would. Where no fork can be made (see
    forked()), the call is made in place when its result is asked for."""

    def __init__(self, function: Callable[..., T], *args):
        self.function, self.args, self.pid, self.reading = function, args, None, None
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the forked process: it never returns to the caller
            code = 1
            try:
                os.close(reading)
                with open(writing, "wb") as channel:
                    channel.write(_outcome(function, args))
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(writing)
        self.pid, self.reading = pid, reading

    def stop(self) -> None:
        """End the process unheard (this one stops before asking for its result)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.reading)
            self.pid = None

    def result(self) -> T:
        if self.pid is None:
            return self.function(*self.args)
        with open(self.reading, "rb") as channel:
            data = channel.read()  # before waiting: a full pipe would block the process
        _pid, status = os.waitpid(self.pid, 0)
        try:
            kind, value = pickle.loads(data)  # written by this call's own fork
        except (EOFError, pickle.UnpicklingError, ValueError):  # killed: out of memory, a signal
            raise BdpubError(_("a process of the build stopped before it finished (exit "
                               "status {status}); if the computer ran out of memory, close "
                               "other programs and run again").format(
                                   status=os.waitstatus_to_exitcode(status))) from None
        if kind == "findings":
            raise ContentError(value)
        if kind == "raised":
            raise value
        return value


def _outcome(function: Callable, args: tuple) -> bytes:
    """The pickled result of the call, or what it raised."""
    try:
        outcome = "result", function(*args)
    except ContentError as error:  # its findings: pickling its message would lose them
        outcome = "findings", error.findings
    except BaseException as error:  # noqa: BLE001 - raised again in the caller's process
        error.add_note(traceback.format_exc())
        outcome = "raised", error
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - what cannot be handed over, said as it is
        return pickle.dumps(("raised", RuntimeError(traceback.format_exc())))
