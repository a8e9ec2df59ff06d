"""A workshop's submissions: find every answers file, read and score each as `rolefit score`.

Each file is read and checked exactly as `rolefit score` does it; a file it would refuse
becomes an `Invalid` record instead of stopping the report. A large cohort is scored over the
machine's cores (fork only, so the bank is shared rather than pickled); `imap` keeps the
results in file order, so the report is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.cohort import Invalid, ItemPlan, Outcome, Scored
from rolefit.core.scoring import score_many
from rolefit.errors import InputFileError
from rolefit.files.answers import read_answers

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# Files scored together: their margins are computed in one numpy pass.
BATCH_SIZE = 256


def find_answers_files(paths: Sequence[Path]) -> list[Path]:
    """Every answers file under `paths`, each once, in a stable order.

    A file named on the command line is read whatever its extension; folders are searched
    recursively for .yaml, .yml and .json files, skipping hidden files and folders (such as
    `.git` or `.github`, which hold YAML that is not anyone's answers).
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates = list(_walk(path))
        elif path.exists():
            candidates = [path]
        else:
            raise InputFileError(path, "no such file or folder; check the path")
        for candidate in candidates:
            identity = candidate.resolve()
            if identity not in seen:
                seen.add(identity)
                found.append(candidate)
    return found


def _walk(folder: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(ANSWER_SUFFIXES):
                yield Path(root, name)


def score_batch(paths: Sequence[Path], bank: Bank, plan: ItemPlan) -> list[Outcome]:
    """Score files as `rolefit score` would, in order, their margins computed together."""
    sheets: list[AnswerSheet | Invalid] = []
    for path in paths:
        try:
            sheets.append(read_answers(path, bank))
        except InputFileError as error:
            sheets.append(Invalid(str(path), error.line, error.detail))
        except RecursionError:
            sheets.append(Invalid(str(path), None, "is nested too deeply to read"))
    valid = [sheet for sheet in sheets if isinstance(sheet, AnswerSheet)]
    results = iter(score_many(bank, valid, explain=False))
    return [
        sheet
        if isinstance(sheet, Invalid)
        else Scored.of(str(path), sheet, next(results), bank, plan)
        for path, sheet in zip(paths, sheets, strict=True)
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
    with context.Pool(workers, initializer=_start_worker, initargs=(bank, plan)) as pool:
        return collect(pool.imap(_score_in_worker, batches))


# Each worker process's bank and plan, set once as the process starts. Under fork they are
# inherited from the parent, not pickled; the parent process never sets this.
_worker_state: tuple[Bank, ItemPlan] | None = None


def _start_worker(bank: Bank, plan: ItemPlan) -> None:
    global _worker_state
    _worker_state = (bank, plan)
    # Ctrl-C is the parent's to handle (it stops the pool and exits 130); workers that also
    # caught it would each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _score_in_worker(paths: Sequence[Path]) -> list[Outcome]:
    assert _worker_state is not None, "the pool initializer sets the bank"
    return score_batch(paths, *_worker_state)
