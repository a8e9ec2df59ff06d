"""A workshop's submissions: find every answers file, read and score each as `rolefit score`.

Each file is read and checked exactly as `rolefit score` does it; a file it would refuse
becomes an `Invalid` record instead of stopping the report. A large cohort is scored over the
machine's cores (fork only, so the bank is shared rather than pickled); `imap` keeps the
results in file order, so the report is the same either way.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import multiprocessing
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.cohort import Invalid, ItemPlan, Outcome, Scored
from rolefit.core.records import record
from rolefit.core.scoring import score_many
from rolefit.core.text import shown
from rolefit.errors import FileSystemError, InputFileError
from rolefit.files import reading
from rolefit.files.answers import read_answers
from rolefit.files.inputs import note_input

if TYPE_CHECKING:
    import multiprocessing.context
    import multiprocessing.pool

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# Files scored together: their margins are computed in one numpy pass.
BATCH_SIZE = 256


@record
class Skipped:
    """Something a folder walk met and could not read as an answers file, and why."""

    path: Path
    reason: str  # "a FIFO, not a file", "a symlink loop", "cannot be read (Permission denied)"

    def __str__(self) -> str:
        return f"{shown(str(self.path))}: skipped: {self.reason}"


@record
class Submissions:
    """The answers files found under the paths given, and what was skipped on the way."""

    files: tuple[Path, ...]
    skipped: tuple[Skipped, ...] = ()


def find_answers_files(paths: Sequence[Path]) -> list[Path]:
    """The answers files under `paths` (see `find_submissions`, which says what it skipped)."""
    return list(find_submissions(paths).files)


def find_submissions(paths: Sequence[Path]) -> Submissions:
    """Every answers file under `paths`, each once, in a stable order, and what was skipped.

    A path named on the command line is read whatever it is: a FIFO, a device or a broken
    symlink there becomes an invalid file of the report, with the reader's error (it is never
    opened in a way that could hang). Folders are searched recursively for .yaml, .yml and
    .json files, skipping hidden files and folders (such as `.git` or `.github`, which hold
    YAML that is not anyone's answers). A symlink inside a folder is followed only where it
    stays inside the folder named: participants' files in CI are not to make a report read,
    count and quote what lies elsewhere on the machine (`/etc/shadow`, a key, all of `/`).
    Each folder is searched once: a symlink back to a folder above it (a loop) or to a folder
    already searched is skipped. Also skipped, each named in `skipped`: symlinks leading out
    of the folder, FIFOs, sockets and devices with an answers file's name, broken symlinks (to
    nothing, or in a loop) whatever their name, and folders that cannot be read.
    """
    walk = _Walk()
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            if not os.path.islink(path):
                raise InputFileError(path, "no such file or folder; check the path") from None
            walk.add_file(path, None)  # a broken symlink: the reader says what it is
            continue
        except OSError:
            walk.add_file(path, None)  # a loop, no permission: the reader says which
            continue
        if stat.S_ISDIR(info.st_mode):
            walk.search(path, info)
        else:
            walk.add_file(path, info)
    return Submissions(tuple(walk.files), tuple(walk.skipped))


_Identity = tuple[int, int]  # (st_dev, st_ino): the same file or folder by whatever path


class _Walk:
    """One walk over the paths of a report: the files found, each once, and what was skipped."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.skipped: list[Skipped] = []
        self._seen_files: set[_Identity | str] = set()
        self._searched: set[_Identity] = set()

    def add_file(self, path: Path, info: os.stat_result | None) -> None:
        identity: _Identity | str = (
            (info.st_dev, info.st_ino) if info is not None else os.path.abspath(path)
        )
        if identity not in self._seen_files:
            self._seen_files.add(identity)
            self.files.append(path)
            if info is not None:  # read by worker processes: noted here, where -o is written
                note_input(info)

    def search(self, folder: Path, info: os.stat_result) -> None:
        """Every answers file under `folder`, depth first, each folder's own files first.

        The same order as os.walk's, without recursion; each pending folder carries the
        folders above it, so that a symlink back to one of them is told apart from a folder
        that was merely searched already.
        """
        identity = (info.st_dev, info.st_ino)
        if identity in self._searched:
            return  # named twice on the command line, or inside a folder named before
        self._searched.add(identity)
        inside = _Inside(folder)
        pending: list[tuple[Path, frozenset[_Identity]]] = [(folder, frozenset({identity}))]
        while pending:
            current, above = pending.pop()
            subfolders = self._search_one(current, above, inside)
            pending.extend(reversed(subfolders))

    def _search_one(
        self, folder: Path, above: frozenset[_Identity], inside: _Inside
    ) -> list[tuple[Path, frozenset[_Identity]]]:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            self._skip(folder, f"cannot be read ({error.strerror})")
            return []
        subfolders: list[tuple[Path, frozenset[_Identity]]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                info: os.stat_result | None = None
                if entry.is_symlink():
                    info = entry.stat()  # what it leads to; a broken link raises here
                    is_folder = stat.S_ISDIR(info.st_mode)
                    if not inside.holds(path):
                        if is_folder or entry.name.lower().endswith(ANSWER_SUFFIXES):
                            self._skip(path, inside.outside)
                        continue
                else:
                    is_folder = entry.is_dir(follow_symlinks=False)
                if is_folder:
                    info = info or entry.stat()
                    identity = (info.st_dev, info.st_ino)
                    if identity in above:
                        self._skip(path, "a symlink loop (it leads back to a folder above it)")
                    elif identity in self._searched:
                        if entry.is_symlink():
                            self._skip(path, "a symlink to a folder already searched")
                    else:
                        self._searched.add(identity)
                        subfolders.append((path, above | {identity}))
                    continue
                if not entry.name.lower().endswith(ANSWER_SUFFIXES):
                    continue
                info = info or entry.stat()
                if stat.S_ISREG(info.st_mode):
                    self.add_file(path, info)
                else:
                    link = "a symlink to " if entry.is_symlink() else ""
                    self._skip(path, f"{link}{reading.kind_of(info.st_mode)}, not a file")
            except FileNotFoundError:  # a broken symlink, whatever its name (a folder, once?)
                self._skip(path, "a broken symlink (what it points to does not exist)")
            except OSError as error:
                if error.errno == errno.ELOOP:
                    self._skip(path, "a symlink loop")
                else:
                    self._skip(path, f"cannot be read ({error.strerror})")
        return subfolders

    def _skip(self, path: Path, reason: str) -> None:
        self.skipped.append(Skipped(path, reason))


class _Inside:
    """Whether a path, its symlinks resolved, lies inside a folder named on the command line."""

    def __init__(self, folder: Path) -> None:
        self.root = os.path.realpath(folder)
        self.outside = (
            f"a symlink leading out of {shown(str(folder))} (not followed: a report reads only "
            "what is inside the folders it is given; name the file itself to include it)"
        )

    def holds(self, path: Path) -> bool:
        real = os.path.realpath(path)
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)


def score_batch(paths: Sequence[Path], bank: Bank, plan: ItemPlan) -> list[Outcome]:
    """Score files as `rolefit score` would, in order, their margins computed together."""
    sheets: list[AnswerSheet | Invalid] = []
    for path in paths:
        try:
            sheets.append(read_answers(path, bank))
        except InputFileError as error:
            sheets.append(Invalid(str(path), error.line, error.detail))
        except FileSystemError as error:  # no permission, an I/O error: this file only
            sheets.append(Invalid(str(path), None, error.detail))
    return score_sheets([str(path) for path in paths], sheets, bank, plan)


def score_sheets(
    sources: Sequence[str], sheets: Sequence[AnswerSheet | Invalid], bank: Bank, plan: ItemPlan
) -> list[Outcome]:
    """The outcome of each sheet read from `sources` (files, or a store's responses), in order."""
    valid = [sheet for sheet in sheets if isinstance(sheet, AnswerSheet)]
    results = iter(score_many(bank, valid, explain=False))
    return [
        sheet if isinstance(sheet, Invalid) else Scored.of(source, sheet, next(results), bank, plan)
        for source, sheet in zip(sources, sheets, strict=True)
    ]


def default_workers(files: int) -> int:
    """Worker processes for `files` files: 1 (no pool) unless the cohort is large.

    Only where `fork` is the safe default (Linux): workers then share the loaded bank, and
    no platform re-imports the command-line entry point in a child.
    """
    if files < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - sched_getaffinity is Linux-only
        cores = os.cpu_count() or 1
    return max(1, min(cores, files // (PARALLEL_FROM // 2)))


def score_files(
    bank: Bank,
    plan: ItemPlan,
    files: Sequence[Path],
    *,
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Score every file, in order; `on_progress(done)` after each batch.

    Several batches per worker keep every core busy to the end.
    """
    size = max(1, min(BATCH_SIZE, len(files) // (workers * 8) or 1))
    batches = [files[start : start + size] for start in range(0, len(files), size)]
    outcomes: list[Outcome] = []

    def collect(stream: Iterable[list[Outcome]]) -> list[Outcome]:
        for batch in stream:
            outcomes.extend(batch)
            if on_progress is not None:
                on_progress(len(outcomes))
        return outcomes

    if workers <= 1:
        return collect(score_batch(batch, bank, plan) for batch in batches)
    # Load numpy before forking, so that the workers share it instead of each loading it.
    import numpy  # noqa: F401

    context = multiprocessing.get_context("fork")
    # What the workers inherit (modules, numpy, the bank) lives until they exit: frozen (the
    # recipe of Python's gc.freeze documentation for fork), the collector's full passes skip
    # it, in the workers and here: 2-3 % of the CPU time of a 10,000-file report. A caller
    # that froze nothing gets it unfrozen afterwards, so that a long-lived one goes on
    # collecting its own objects; one that froze what it loaded (the command line, in
    # cli.root) keeps this frozen too, as it would have.
    unfreeze = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        with (
            _stopping_as_ctrl_c(),
            _quiet_pool(context, workers, bank, plan) as pool,
        ):
            return collect(pool.imap(_score_in_worker, batches))
    finally:
        if unfreeze:
            gc.unfreeze()


# A plain `kill`, a CI runner cancelling a job, a closed terminal: to rolefit alone.
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _quiet_pool(
    context: multiprocessing.context.ForkContext, workers: int, bank: Bank, plan: ItemPlan
) -> multiprocessing.pool.Pool:
    """A pool whose workers are forked with the stop signals blocked until their initializer
    has given them the default action: else a stop in the instant after a fork would run the
    parent's handler in the worker, and print its traceback. (The pool's own thread, which
    forks replacements, is started here too, and keeps this mask.)"""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        return context.Pool(workers, initializer=_start_worker, initargs=(bank, plan))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a stop that came meanwhile runs now


@contextlib.contextmanager
def _stopping_as_ctrl_c() -> Iterator[None]:
    """While workers run, SIGTERM or SIGHUP stops the parent as Ctrl-C does: the pool is shut
    down, and the command says "interrupted" (exit 130) and writes nothing. By default they
    would kill the parent at once and leave each worker a traceback on a broken pipe."""

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread: nothing to change here
        return
    previous = [(number, signal.signal(number, interrupted)) for number in _STOP_SIGNALS]
    try:
        yield
    finally:
        for number, handler in previous:
            signal.signal(number, handler)


# Each worker process's bank and plan, set once as the process starts. Under fork they are
# inherited from the parent, not pickled; the parent process never sets this.
_worker_state: tuple[Bank, ItemPlan] | None = None


def _start_worker(bank: Bank, plan: ItemPlan) -> None:
    global _worker_state
    _worker_state = (bank, plan)
    # Ctrl-C is the parent's to handle (it stops the pool and exits 130); workers that also
    # caught it would each print a traceback. The pool ends its workers with SIGTERM: they
    # end at once, not with the parent's handler (`_stopping_as_ctrl_c`) they were forked with.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in _STOP_SIGNALS:
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by `_quiet_pool`


def _score_in_worker(paths: Sequence[Path]) -> list[Outcome]:
    assert _worker_state is not None, "the pool initializer sets the bank"
    return score_batch(paths, *_worker_state)
