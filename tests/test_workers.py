"""base.workers: process pools that leave no temporary files, calls in a forked process."""
import errno
import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

from conftest import REPO

from build_tools.base import messages, workers


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
    assert len(held) == 300 * 2**20
    assert max(peaks) < 150 and min(copies) >= 300


def _message(_: int) -> str:
    return messages._("error")


def test_fresh_workers_write_messages_in_the_language_the_build_was_asked_for():
    """`--lang vi` chooses the messages of the build; a fresh worker starts from the
    environment, which here asks for English."""
    chosen = messages.current()
    try:
        messages.use("vi")
        with workers.pool(2, fresh=True) as pool:
            said = list(pool.map(_message, range(2)))
    finally:
        messages.use(chosen)
    assert os.environ.get("BDPUB_LANG", "en") == "en"
    assert said == ["lỗi", "lỗi"]


def test_fresh_workers_under_a_temporary_folder_too_deep_for_their_socket_are_copies():
    """The fresh workers' server listens on a socket in the temporary folder, whose path
    may be too long for one (a deep TMPDIR): the pool is then made of copies, and works."""
    deep = Path(tempfile.mkdtemp()) / ("d" * 100)
    deep.mkdir()
    found = _fresh("""
        import json
        from build_tools.base import workers
        with workers.pool(2, fresh=True) as pool:
            print(json.dumps(list(pool.map(abs, [-1, -2]))))
        """, TMPDIR=str(deep))
    assert found == [1, 2]


def test_fresh_workers_started_early_come_with_the_modules_they_were_started_with(tmp_path):
    """start_fresh() starts the process fresh workers are forked from, with the modules the
    build's workers use already imported in it: they are imported once, not in each."""
    (tmp_path / "imported_here.py").write_text(
        "import sys\n\n\ndef imported(name):\n    return name in sys.modules\n")
    code = """
        import json
        import imported_here
        from build_tools.base import workers
        {start}
        with workers.pool(1, fresh=True) as pool:
            print(json.dumps(pool.submit(imported_here.imported, "colorsys").result()))
        """
    path = f"{REPO}{os.pathsep}{tmp_path}"
    assert _fresh(code.format(start='workers.start_fresh("colorsys")'), PYTHONPATH=path) is True
    assert _fresh(code.format(start=""), PYTHONPATH=path) is False


def _fresh(code: str, **env: str):
    """Run `code` in a new Python and give back what its last line prints, as JSON: a
    pytest-xdist worker runs threads of its own, and where threads run a forked call runs
    in place."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO), **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_forked_call_returns_its_result_and_takes_its_memory_with_it():
    found = _fresh("""
        import json, os
        from build_tools.base import workers
        GATHERED = []

        def gather(size):  # keeps what it allocates, as the checks keep their parses
            GATHERED.append(bytes(size))
            return os.getpid(), len(GATHERED)

        pid, count = workers.forked(gather, 50_000_000)
        print(json.dumps([pid != os.getpid(), count, len(GATHERED)]))
        """)
    assert found == [True, 1, 0]  # in another process, and what it kept went with it


def test_with_other_threads_running_the_call_runs_here():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        pid = workers.forked(os.getpid)
    finally:
        stop.set()
        thread.join()
    assert pid == os.getpid()


def test_what_a_forked_call_raises_is_raised_here():
    found = _fresh("""
        import errno, json
        from build_tools.base import workers
        from build_tools.base.exceptions import BdpubError, ContentError
        from build_tools.base.findings import Finding

        def fail(error):
            raise error

        said = []
        finding = Finding("docs/vi/a.md", 3, "front-matter", "no title", severity="error")
        try:
            workers.forked(fail, ContentError([finding]))
        except ContentError as error:
            said.append([str(found) for found in error.findings])
        try:
            workers.forked(fail, BdpubError("a mistake the user can fix"))
        except BdpubError as error:
            said.append(str(error))  # what the command line prints
        try:
            workers.forked(fail, OSError(errno.EFBIG, "File too large", "site/x.html"))
        except OSError as error:  # the command line says it as a full disk
            said.append([error.errno, error.filename, "Traceback" in "".join(error.__notes__)])
        print(json.dumps(said))
        """)
    assert found == [["docs/vi/a.md:3: error: no title [front-matter]"],
                     "a mistake the user can fix", [errno.EFBIG, "site/x.html", True]]


def test_a_result_that_cannot_be_handed_over_and_a_killed_process_are_said():
    found = _fresh("""
        import json, os, threading
        from build_tools.base import workers
        from build_tools.base.exceptions import BdpubError

        said = []
        try:
            workers.forked(threading.Lock)
        except RuntimeError as error:
            said.append("cannot pickle" in str(error))
        try:
            workers.forked(os._exit, 3)
        except BdpubError as error:
            said.append(str(error))
        print(json.dumps(said))
        """)
    assert found[0] is True
    assert found[1].startswith("a process of the build stopped before it finished (exit "
                               "status 3)")


def test_a_forked_call_goes_on_beside_this_process_and_can_be_stopped_unheard(tmp_path):
    found = _fresh(f"""
        import json, os, pathlib, time
        from build_tools.base import workers
        mark = pathlib.Path({str(tmp_path / "mark")!r})
        fork = workers.Forked(mark.write_text, "written")
        for _ in range(1000):  # written by the other process before its result is asked for
            if mark.exists():
                break
            time.sleep(0.01)
        beside = mark.exists()
        fork.result()
        stopped = workers.Forked(time.sleep, 60)
        pid = stopped.pid
        stopped.stop()
        try:
            os.kill(pid, 0)
            gone = False
        except ProcessLookupError:
            gone = True
        print(json.dumps([beside, pid != os.getpid(), gone, stopped.pid is None]))
        """)
    assert found == [True, True, True, True]
