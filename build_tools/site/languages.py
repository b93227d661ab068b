"""MkDocs' build of every language, on every core.

mkdocs-static-i18n builds the languages one after the other in one process: the source
language, then each translation from its `on_post_build`. A language's pages depend only on
the content model, the checks and the configuration, all in memory before MkDocs starts,
so when there are cores to spare the languages are shared out among processes forked at
that point (they start with the model and the checks already made): this process builds
the first share (the source language first), each other process its own share into a
folder of its own, which then joins the staging folder. What each process gathered for
the next build (reuse.Pages' records, the renditions written) comes back with it.

Only a site whose plugins are bdpub's and mkdocs-static-i18n's is built so: another plugin
(MkDocs' search, a blog…) may gather from every language build in turn.
"""
from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import signal
import sys
from pathlib import Path

from build_tools.base.exceptions import BdpubError
from build_tools.base.messages import _
from build_tools.base.workers import cores
from build_tools.site import reuse


def build_all(config, plugin, pages: reuse.Pages, staging: Path,
              workers: int | None = None) -> None:
    """Build every language of `config` into `staging`, on up to `workers` processes
    (default: one per core this process may use)."""
    from mkdocs.commands.build import build

    shares = _shares(config, workers)
    if len(shares) < 2:
        build(config)  # mkdocs-static-i18n builds the languages in turn
        return
    logging.getLogger("mkdocs").info(_("the languages are built at once, one share per "
                                       "process: {shares}").format(
        shares=" | ".join(", ".join(share) for share in shares)))
    sys.stdout.flush()
    sys.stderr.flush()
    gc.collect()
    gc.freeze()  # the model stays shared with the forks: the collector does not touch it
    forks = []
    try:
        forks = [_Fork.start(config, plugin, pages, staging, share) for share in shares[1:]]
        _build_share(config, shares[0])
        for fork in forks:
            fork.join(plugin, pages, staging)
    finally:
        for fork in forks:
            fork.stop()
        gc.unfreeze()


def _shares(config, workers: int | None) -> list[list[str]]:
    """The languages each process builds: the source language first, in the first share."""
    i18n = config.plugins.get("i18n")
    if i18n is None or not set(config.plugins) <= reuse.PAGE_BLIND or not hasattr(os, "fork"):
        return []
    languages = [i18n.default_language] + [code for code in i18n.build_languages
                                           if code != i18n.default_language]
    count = min(len(languages), workers or cores())
    return [languages[start::count] for start in range(count)] if count > 1 else []


def _build_share(config, share: list[str]) -> None:
    """The languages of one share, one after the other, as mkdocs-static-i18n builds them
    (with its own loop turned off: it would build every language again)."""
    from mkdocs import utils
    from mkdocs.commands.build import build

    i18n = config.plugins["i18n"]
    i18n.building = True
    clean_directory = utils.clean_directory
    try:
        for code in share:
            i18n.current_language = code
            build(config)
            utils.clean_directory = lambda folder: None  # the next language adds to it
    finally:
        utils.clean_directory = clean_directory
        i18n.building = False


class _Fork:
    """A process that builds a share of the languages into a folder of its own."""

    def __init__(self, pid: int, folder: Path, result: Path, share: list[str]):
        self.pid, self.folder, self.result, self.share = pid, folder, result, share

    @classmethod
    def start(cls, config, plugin, pages: reuse.Pages, staging: Path,
              share: list[str]) -> _Fork:
        folder = staging.with_name(f"{staging.name}.{share[0]}")
        result = folder.with_name(folder.name + ".result")
        shutil.rmtree(folder, ignore_errors=True)
        result.unlink(missing_ok=True)
        pid = os.fork()
        if pid:
            return cls(pid, folder, result, share)
        code = 1
        try:  # the forked process: it never returns to the caller
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            config["site_dir"] = str(folder)
            pages.made, pages.taken, pages.rendered = {}, set(), 0
            plugin.made_images = set()
            try:
                _build_share(config, share)
                outcome = {"made": pages.made, "taken": pages.taken,
                           "rendered": pages.rendered, "images": plugin.made_images}
            except BaseException as error:  # noqa: BLE001 - reported by the parent
                outcome = {"error": _reason(error)}
            partial = result.with_name(result.name + ".partial")
            with open(partial, "wb") as out:
                pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(result)
            code = 0
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def join(self, plugin, pages: reuse.Pages, staging: Path) -> None:
        """Wait for the process; add what it built to `staging` and what it gathered to
        `plugin` and `pages`; raise BdpubError if it failed."""
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = 0
        try:
            with open(self.result, "rb") as found:
                outcome = pickle.load(found)  # written by this build's own fork
        except (OSError, pickle.UnpicklingError, EOFError):
            raise BdpubError(_("the build of the pages in {languages} stopped (exit status "
                               "{status})").format(languages=", ".join(self.share),
                                                   status=os.waitstatus_to_exitcode(status))
                             ) from None
        if "error" in outcome:
            raise BdpubError(outcome["error"])
        pages.made.update(outcome["made"])
        pages.taken |= outcome["taken"]
        pages.rendered += outcome["rendered"]
        plugin.made_images |= outcome["images"]
        _merge(self.folder, staging)

    def stop(self) -> None:
        """End the process if it still runs; remove what it left."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0
        shutil.rmtree(self.folder, ignore_errors=True)
        self.result.unlink(missing_ok=True)
        self.result.with_name(self.result.name + ".partial").unlink(missing_ok=True)


def _merge(folder: Path, staging: Path) -> None:
    """Move what a fork built into the staging folder. A language's own folder moves whole;
    a file both builds wrote (the theme's assets, a shared image's renditions) is
    kept as the later language wrote it, as one process building them in turn would."""
    for entry in os.scandir(folder):
        target = staging / entry.name
        if entry.is_dir(follow_symlinks=False) and target.is_dir():
            _merge(Path(entry.path), target)
        else:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            os.replace(entry.path, target)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror}"
    return str(error) or type(error).__name__
