"""base.workers: process pools that leave no temporary files, calls in a forked process."""
import errno
import os
import resource
import tempfile
import threading
from pathlib import Path

import pytest

from build_tools.base import workers
from build_tools.base.exceptions import BdpubError, ContentError
from build_tools.base.findings import Finding

GATHERED: list[bytes] = []


def _gather(size: int) -> tuple[int, int]:
    """Allocates `size` bytes it keeps in this module, as the checks keep their parses."""
    GATHERED.append(bytes(size))
    return os.getpid(), len(GATHERED)


def _folder_left(_: int) -> str:
    return tempfile.mkdtemp(prefix="weasyprint-")  # as WeasyPrint's fonts, never removed


def test_a_pools_workers_leave_nothing_in_the_temporary_folder():
    with workers.pool(2) as pool:
        left = list(pool.map(_folder_left, range(4)))
    assert len(set(left)) == 4 and not any(Path(folder).exists() for folder in left)
    assert not any(Path(folder).parent.exists() for folder in left)


def _peak_mb(_: int) -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def test_fresh_workers_do_not_start_as_a_copy_of_this_process():
    """A library's images are drawn by fresh workers: a worker forked from a build holding
    a large model would hold it too, and its peak would be the model's and a photograph's."""
    held = b"m" * (300 * 2**20)  # written: resident in this process
    with workers.pool(2, fresh=True) as pool:
        peaks = list(pool.map(_peak_mb, range(2)))
    with workers.pool(2) as pool:
        copies = list(pool.map(_peak_mb, range(2)))
    assert len(held) and max(peaks) < 150 <= 300 <= min(copies)


def test_a_forked_call_returns_its_result_and_takes_its_memory_with_it():
    pid, count = workers.forked(_gather, 50_000_000)
    assert pid != os.getpid() and count == len(GATHERED) + 1
    assert not GATHERED  # what it kept went with its process


def test_with_other_threads_running_the_call_runs_here():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pid, _count = workers.forked(_gather, 10)
    finally:
        stop.set()
        thread.join()
        GATHERED.clear()
    assert pid == os.getpid()


def _raise(error: BaseException):
    raise error


def test_what_a_forked_call_raises_is_raised_here():
    finding = Finding("docs/vi/a.md", 3, "front-matter", "no title", severity="error")
    with pytest.raises(ContentError) as raised:
        workers.forked(_raise, ContentError([finding]))
    assert raised.value.findings == [finding]
    with pytest.raises(BdpubError) as mistake:
        workers.forked(_raise, BdpubError("a mistake the user can fix"))
    assert str(mistake.value) == "a mistake the user can fix"  # what the command line prints
    with pytest.raises(OSError) as full:  # the command line says it as a full disk
        workers.forked(_raise, OSError(errno.EFBIG, "File too large", "site/x.html"))
    assert (full.value.errno, full.value.filename) == (errno.EFBIG, "site/x.html")
    assert "Traceback" in "".join(full.value.__notes__)  # where the forked process was


def _unpicklable():
    return threading.Lock()


def test_a_result_that_cannot_be_handed_over_is_said():
    with pytest.raises(RuntimeError, match="cannot pickle"):
        workers.forked(_unpicklable)


def _exit_at_once():
    os._exit(3)


def test_a_forked_process_that_dies_is_said_with_its_status():
    with pytest.raises(BdpubError, match=r"stopped before it finished \(exit status 3\)"):
        workers.forked(_exit_at_once)
