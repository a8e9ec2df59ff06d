"""A cohort report: score every answers file of a workshop and describe the group.

Data flows one way, as everywhere in rolefit: paths → answers files (found in sorted order)
→ one `Scored` record or one `Invalid` entry per file → `CohortReport` (pure aggregation)
→ the renderers in `rolefit.render.cohort`. Each file is read and scored exactly as
`rolefit score` does it (`read_answers`, then `scoring.score`); a bad file becomes an entry in
the invalid list instead of stopping the report.

A large cohort is scored over the machine's cores (fork only, so the bank is shared rather
than pickled); `imap` keeps the results in file order, so the report is the same either way.
"""

from __future__ import annotations

import math
import multiprocessing
import operator
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from statistics import median
from typing import Literal

from rolefit.answers import AnswerSheet, read_answers
from rolefit.bank import Bank
from rolefit.errors import ExitCode, InputFileError
from rolefit.models import Answer, Frozen, Role, Verdict
from rolefit.scoring import Person, contribution, score_many

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
VERDICTS: tuple[Verdict, ...] = ("product", "program", "balanced", "undetermined")
ROLES: tuple[Role, ...] = ("product", "program")
HISTOGRAM_BINS = 10
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# The progress bar only appears for cohorts that take a noticeable while.
PROGRESS_FROM = 200


# --- One file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """What the report keeps of one valid answers file (small, so workers send it cheaply)."""

    source: str
    respondent: str | None
    verdict: Verdict
    product_pct: float
    margin: float
    dimensions: tuple[float | None, ...]  # product_pct per bank dimension; None: left out
    readiness: tuple[float | None, ...]  # mean self-rating per role in ROLES order
    flags: frozenset[str]
    items: tuple[float | None, ...]  # per ItemPlan column; None: not answered
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Invalid:
    source: str
    line: int | None
    error: str


Outcome = Scored | Invalid


@dataclass(frozen=True)
class ItemPlan:
    """The items of each dimension, for Cronbach's alpha.

    An item is one preference question's contribution to one dimension it reaches (the
    value `scoring.contribution(...).leans[dimension]`), so a question reaching two dimensions
    is an item of each (`contribution` is memoised per bank, so this costs little per file).
    """

    columns: tuple[tuple[str, str], ...]
    by_dimension: Mapping[str, tuple[int, ...]]

    @classmethod
    def of(cls, bank: Bank) -> ItemPlan:
        columns: list[tuple[str, str]] = []
        for question in bank.questions:
            if question.kind != "preference":
                continue
            reached = bank.key(question.id).reaches()
            columns.extend((question.id, dimension) for dimension in reached)
        by_dimension = {
            d.id: tuple(i for i, (_, dim) in enumerate(columns) if dim == d.id)
            for d in bank.scoring.dimensions
        }
        return cls(tuple(columns), by_dimension)

    def values(self, bank: Bank, answers: Mapping[str, Answer]) -> tuple[float | None, ...]:
        """One respondent's value per column; None where the question was not answered."""
        values: list[float | None] = []
        for question_id, dimensions in self._by_question:
            answer = answers.get(question_id)
            if answer is None:
                values.extend([None] * len(dimensions))
                continue
            leans = contribution(bank, bank.by_id[question_id], answer).leans
            values.extend([leans[dimension] for dimension in dimensions])
        return tuple(values)

    @cached_property
    def _by_question(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        # The columns grouped by question (they are adjacent), so each answer is looked up once.
        grouped: dict[str, list[str]] = {}
        for question_id, dimension in self.columns:
            grouped.setdefault(question_id, []).append(dimension)
        return tuple((question_id, tuple(dims)) for question_id, dims in grouped.items())


def score_file(path: Path, bank: Bank, plan: ItemPlan) -> Outcome:
    """Score one file as `rolefit score` would; a file it would refuse becomes `Invalid`."""
    return score_batch([path], bank, plan)[0]


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
    people = [Person.of(sheet) for sheet in valid]
    results = iter(score_many(bank, people, explain=False))
    outcomes: list[Outcome] = []
    for sheet in sheets:
        if isinstance(sheet, Invalid):
            outcomes.append(sheet)
            continue
        result = next(results)
        prefix = f"{sheet.source}: "
        outcomes.append(
            Scored(
                source=sheet.source,
                respondent=sheet.respondent,
                verdict=result.verdict,
                product_pct=result.product_pct,
                margin=result.margin,
                dimensions=tuple(d.product_pct for d in result.dimensions),
                readiness=tuple(r.score for r in result.readiness),
                flags=frozenset(f.code for f in result.flags),
                items=plan.values(bank, sheet.answers),
                notes=tuple(w.removeprefix(prefix) for w in sheet.warnings),
            )
        )
    return outcomes


# --- Many files --------------------------------------------------------------------------


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


BATCH_SIZE = 256


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

    Files go in batches so that the margins of a batch are computed in one numpy pass;
    several batches per worker keep both cores busy to the end.
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
    from rolefit.bootstrap import load_numpy

    load_numpy()

    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(bank, plan)) as pool:
        return collect(pool.imap(_score_in_worker, batches))


# --- The report --------------------------------------------------------------------------


class RespondentRow(Frozen):
    source: str
    respondent: str | None
    verdict: Verdict
    product_pct: float
    margin: float


class InvalidFile(Frozen):
    source: str
    line: int | None
    error: str


class Note(Frozen):
    source: str
    message: str


class Spread(Frozen):
    n: int
    mean: float | None
    sd: float | None = None
    median: float | None = None


class HistogramBin(Frozen):
    low: int
    high: int
    count: int


class ItemEffect(Frozen):
    question_id: str
    alpha_if_deleted: float


class DimensionSummary(Frozen):
    id: str
    label: str
    shared: bool
    n: int = 0
    mean: float | None = None
    sd: float | None = None
    alpha: float | None = None
    items: int = 0
    alpha_respondents: int = 0
    lowered_by: tuple[ItemEffect, ...] = ()


class ReadinessSummary(Frozen):
    role: Role
    n: int
    mean: float | None
    skills: int


class FlagCount(Frozen):
    code: str
    count: int


class CohortReport(Frozen):
    bank_id: str
    bank_title: str
    bank_version: str
    files: int
    count: int
    anonymous: bool
    verdicts: dict[str, int]
    product_pct: Spread
    histogram: tuple[HistogramBin, ...]
    dimensions: tuple[DimensionSummary, ...]
    readiness: tuple[ReadinessSummary, ...]
    flags: tuple[FlagCount, ...]
    respondents: tuple[RespondentRow, ...]
    invalid: tuple[InvalidFile, ...]
    notes: tuple[Note, ...]

    @property
    def exit_code(self) -> ExitCode:
        if not self.invalid:
            return ExitCode.OK
        return ExitCode.BAD_INPUT if self.count == 0 else ExitCode.PROBLEMS_FOUND


def summarise(
    bank: Bank, plan: ItemPlan, outcomes: Sequence[Outcome], *, anonymous: bool = False
) -> CohortReport:
    """The cohort report: pure arithmetic over the per-file outcomes."""
    scored = [o for o in outcomes if isinstance(o, Scored)]
    failed = [o for o in outcomes if isinstance(o, Invalid)]
    # File names are often people's names, so anonymous reports number the files instead.
    shown = [f"respondent {n}" if anonymous else o.source for n, o in enumerate(scored, 1)]
    respondents = tuple(
        RespondentRow(
            source=source,
            respondent=None if anonymous else o.respondent,
            verdict=o.verdict,
            product_pct=o.product_pct,
            margin=o.margin,
        )
        for source, o in zip(shown, scored, strict=True)
    )
    invalid = tuple(
        InvalidFile(
            source=f"invalid file {n}" if anonymous else o.source, line=o.line, error=o.error
        )
        for n, o in enumerate(failed, 1)
    )
    notes = tuple(
        Note(source=source, message=message)
        for source, o in zip(shown, scored, strict=True)
        for message in o.notes
    )
    verdicts = Counter(o.verdict for o in scored)
    # Without a verdict, product_pct rests on too few (or flat) answers to place anyone.
    pcts = [o.product_pct for o in scored if o.verdict != "undetermined"]
    flags = Counter(code for o in scored for code in o.flags)
    return CohortReport(
        bank_id=bank.id,
        bank_title=bank.title,
        bank_version=bank.version,
        files=len(outcomes),
        count=len(scored),
        anonymous=anonymous,
        verdicts={verdict: verdicts[verdict] for verdict in VERDICTS},
        product_pct=_spread(pcts, with_median=True),
        histogram=histogram(pcts),
        dimensions=tuple(
            _dimension_summary(bank, plan, scored, index)
            for index in range(len(bank.scoring.dimensions))
        ),
        readiness=tuple(_readiness_summary(bank, scored, k) for k in range(len(ROLES))),
        flags=tuple(
            FlagCount(code=code, count=count)
            for code, count in sorted(flags.items(), key=lambda item: (-item[1], item[0]))
        ),
        respondents=respondents,
        invalid=invalid,
        notes=notes,
    )


def histogram(pcts: Sequence[float]) -> tuple[HistogramBin, ...]:
    """Counts of product_pct in 10-point bins; the last bin also holds 100."""
    width = 100 // HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for pct in pcts:
        counts[min(int(pct // width), HISTOGRAM_BINS - 1)] += 1
    return tuple(
        HistogramBin(low=k * width, high=(k + 1) * width, count=count)
        for k, count in enumerate(counts)
    )


def _readiness_summary(bank: Bank, scored: Sequence[Scored], index: int) -> ReadinessSummary:
    role = ROLES[index]
    spread = _spread([o.readiness[index] for o in scored])
    return ReadinessSummary(
        role=role,
        n=spread.n,
        mean=spread.mean,
        skills=sum(1 for skill in bank.scoring.skills.values() if role in skill.roles),
    )


def _dimension_summary(
    bank: Bank, plan: ItemPlan, scored: Sequence[Scored], index: int
) -> DimensionSummary:
    dimension = bank.scoring.dimensions[index]
    spread = _spread([o.dimensions[index] for o in scored])
    columns = plan.by_dimension[dimension.id]
    # Alpha needs a full table: only respondents who answered every item of the dimension.
    complete: list[Sequence[float]] = []
    if len(columns) >= 2:  # itemgetter of one index returns the value, not a tuple
        pick = operator.itemgetter(*columns)
        complete = [row for o in scored if None not in (row := pick(o.items))]
    alpha = cronbach_alpha(complete)
    lowered: list[ItemEffect] = []
    if alpha is not None:
        for column, without in zip(columns, alpha_if_deleted(complete), strict=True):
            if without is not None and without > alpha:
                lowered.append(
                    ItemEffect(question_id=plan.columns[column][0], alpha_if_deleted=without)
                )
        lowered.sort(key=lambda effect: -effect.alpha_if_deleted)
    return DimensionSummary(
        id=dimension.id,
        label=dimension.label,
        shared=dimension.shared,
        n=spread.n,
        mean=spread.mean,
        sd=spread.sd,
        alpha=_round(alpha, 3),
        items=len(columns),
        alpha_respondents=len(complete),
        lowered_by=tuple(
            ItemEffect(question_id=e.question_id, alpha_if_deleted=round(e.alpha_if_deleted, 3))
            for e in lowered
        ),
    )


def _spread(values: Iterable[float | None], *, with_median: bool = False) -> Spread:
    present = [v for v in values if v is not None]
    if not present:
        return Spread(n=0, mean=None)
    sd = math.sqrt(_variance(present)) if len(present) >= 2 else None
    return Spread(
        n=len(present),
        mean=round(math.fsum(present) / len(present), 1),
        sd=_round(sd, 1),
        median=round(median(present), 1) if with_median else None,
    )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# --- Cronbach's alpha --------------------------------------------------------------------

# A total variance below this is zero up to rounding: every respondent scored the same.
_ZERO_VARIANCE = 1e-12


def _variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1), two-pass with fsum so 10,000 small terms stay exact enough."""
    mean = math.fsum(values) / len(values)
    deviations = [v - mean for v in values]
    return math.fsum(map(operator.mul, deviations, deviations)) / (len(values) - 1)


def _alpha(items: int, item_variance: float, total_variance: float) -> float | None:
    if items < 2 or total_variance < _ZERO_VARIANCE:
        return None
    return items / (items - 1) * (1 - item_variance / total_variance)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a respondents × items table: k/(k-1) · (1 - Σ var(item) / var(total)).

    None when it is undefined: fewer than 2 items or 2 respondents, or no spread in the totals.
    Sample variances (n - 1) throughout; the ratio is the same with population variances.
    """
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    columns = list(zip(*rows, strict=True))
    item_variance = math.fsum(_variance(column) for column in columns)
    return _alpha(len(columns), item_variance, _variance(list(map(math.fsum, rows))))


def alpha_if_deleted(rows: Sequence[Sequence[float]]) -> list[float | None]:
    """For each item, alpha of the same respondents without it (None when undefined).

    Shares the work: item variances once, and each reduced total as the full total minus the
    item, so the cost is items × respondents rather than items² × respondents.
    """
    if len(rows) < 2:
        return [None] * (len(rows[0]) if rows else 0)
    columns = list(zip(*rows, strict=True))
    variances = [_variance(column) for column in columns]
    totals = list(map(math.fsum, rows))
    return [
        _alpha(
            len(columns) - 1,
            math.fsum(v for j, v in enumerate(variances) if j != dropped),
            _variance([total - value for total, value in zip(totals, column, strict=True)]),
        )
        for dropped, column in enumerate(columns)
    ]


# --- The command -------------------------------------------------------------------------

ReportFormat = Literal["text", "markdown", "json"]


def run_report(
    bank: Bank, paths: list[Path], format: str, output: Path | None, *, anonymous: bool
) -> ExitCode:
    """`rolefit report`: score, summarise, render; 0 all valid, 1 some invalid, 2 none usable."""
    files = find_answers_files(paths)
    if not files:
        where = ", ".join(str(path) for path in paths)
        raise InputFileError(where, "no answers files (.yaml, .yml, .json) found")
    plan = ItemPlan.of(bank)
    outcomes = _score_with_progress(bank, plan, files)
    report = summarise(bank, plan, outcomes, anonymous=anonymous)
    _emit(report, format, output)
    if report.invalid:
        problem = (
            f"none of the {report.files} files could be scored"
            if report.count == 0
            else f"{len(report.invalid)} of {report.files} files are invalid"
        )
        sys.stderr.write(f"rolefit: {problem}; the report lists each with its error\n")
    return report.exit_code


def _score_with_progress(bank: Bank, plan: ItemPlan, files: Sequence[Path]) -> list[Outcome]:
    workers = default_workers(len(files))
    if len(files) <= PROGRESS_FROM or not sys.stderr.isatty():
        return score_files(bank, plan, files, workers=workers)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "Scoring",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("scoring", total=len(files))
    started = False

    def advance(done: int) -> None:
        nonlocal started
        # Rich starts a refresh thread; starting it only once results arrive means the
        # worker processes were forked before any thread existed.
        if not started:
            progress.start()
            started = True
        progress.update(task, completed=done)

    try:
        return score_files(bank, plan, files, workers=workers, on_progress=advance)
    finally:
        progress.stop()


def _emit(report: CohortReport, format: str, output: Path | None) -> None:
    from rolefit.output import emit_as
    from rolefit.render import cohort as render

    emit_as(
        format,
        output,
        json=lambda: render.cohort_json(report),
        markdown=lambda: render.cohort_markdown(report),
        text=lambda: render.cohort_view(report),
    )
