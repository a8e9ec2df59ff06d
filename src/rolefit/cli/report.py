"""`rolefit report`: a whole cohort's answers scored and summed up, from answers files,
folders of them and workshop stores."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rolefit.cli.options import (
    BankOption,
    FormatOption,
    LangOption,
    OutputOption,
    QuestionsOption,
    ScoringOption,
    bank_files,
    bank_speaking,
    chosen_format,
)
from rolefit.cli.root import app, reports_errors
from rolefit.errors import InputFileError

if TYPE_CHECKING:
    from rolefit.core.bank import Bank
    from rolefit.core.cohort import ItemPlan, Outcome
    from rolefit.core.cohort_report import CohortReport
    from rolefit.core.i18n import Translator

# The progress bar only appears for cohorts that take a noticeable while.
PROGRESS_FROM = 200


@app.command()
@reports_errors
def report(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            readable=False,
            help=(
                "Answers files, folders searched for .yaml, .yml and .json files, or workshop "
                "stores of `rolefit serve` (.db)."
            ),
        ),
    ],
    format: FormatOption = None,
    output: OutputOption = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="Leave respondents' names out.")
    ] = False,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Score a whole cohort and report on it.

    Exit 0 when every file was scored; 1 when some file is invalid or something in a folder
    was skipped (a FIFO, a device, a broken symlink, a symlink loop, an unreadable folder:
    each named in a warning on stderr); 2 when no file could be scored.

    An empty or missing answers folder is a report of "no submissions yet" (exit 0).
    `--anonymous` names each person by a code made from their file's name.

    Examples:

    - `rolefit report answers/` (the cohort in the terminal)
    - `rolefit report answers/ --bank bank -o cohort.html` (a page for the facilitator)
    - `rolefit report answers/ --anonymous -o cohort.md`
    - `rolefit report answers/ --lang de -o kohorte.html` (the report in German)
    """
    from rolefit.core.cohort import ItemPlan, summarise
    from rolefit.errors import ExitCode
    from rolefit.files.output import emit_as, say
    from rolefit.render import cohort_renderers

    chosen = chosen_format(format, output)
    bank, tr = bank_speaking(lang, bank_files(questions, scoring, bank_dir))
    plan = ItemPlan.of(bank)
    outcomes, skipped = gather_outcomes(paths, bank, plan)
    cohort = summarise(bank, plan, outcomes, anonymous=anonymous)
    emit_as(chosen.value, output, **cohort_renderers(cohort, tr))
    if cohort.invalid:
        say(f"rolefit: {_invalid_problem(cohort, tr)}")
    code = cohort.exit_code
    if skipped:
        said = tr.ngettext(
            "{count} entry was skipped; the warnings above name each",
            "{count} entries were skipped; the warnings above name each",
            skipped,
        ).format(count=skipped)
        say(f"rolefit: {said}")
        if code == ExitCode.OK:
            code = ExitCode.PROBLEMS_FOUND
    raise typer.Exit(int(code))


def _invalid_problem(cohort: "CohortReport", tr: "Translator") -> str:
    """What went wrong with a cohort's invalid files, in a line for stderr."""
    invalid = len(cohort.invalid)
    if cohort.count == 0 and cohort.files == 1:
        return tr.gettext("the one file could not be scored; the report lists each with its error")
    if cohort.count == 0:
        return tr.gettext(
            "none of the {files} files could be scored; the report lists each with its error"
        ).format(files=cohort.files)
    return tr.ngettext(
        "{invalid} of {files} files is invalid; the report lists each with its error",
        "{invalid} of {files} files are invalid; the report lists each with its error",
        invalid,
    ).format(invalid=invalid, files=cohort.files)


def gather_outcomes(
    paths: Sequence[Path], bank: "Bank", plan: "ItemPlan"
) -> tuple[list["Outcome"], int]:
    """Every answers file under `paths` and every response of a workshop store among them,
    scored (a progress bar on stderr for many); and how many folder entries were skipped, each
    named in a warning. The one way `report` and `norms build` find a cohort.

    A missing folder counts as no submissions yet (a workshop repository has no answers folder
    until someone submits: git keeps no empty folder); a missing file is still a typo.
    InputFileError when nothing usable was found and something was skipped.
    """
    from rolefit.files.output import warn
    from rolefit.files.submissions import find_submissions
    from rolefit.store.database import is_store_path

    waiting = [p for p in paths if not p.exists() and not p.is_symlink() and not p.suffix]
    for path in waiting:
        warn(f"{path}: no such folder yet; counted as no submissions")
    present = [p for p in paths if p not in waiting]
    # A workshop store (`rolefit serve --store workshop.db`) counts as a folder of its answers.
    stores = [path for path in present if is_store_path(path) and not path.is_dir()]
    found = find_submissions([path for path in present if path not in stores])
    for skipped in found.skipped:
        warn(str(skipped))
    stored = _stored_outcomes(stores, bank, plan)
    if not found.files and not stored and found.skipped:
        where = ", ".join(str(path) for path in paths)
        raise InputFileError(where, "no answers files (.yaml, .yml, .json) found")
    return _score_with_progress(bank, plan, found.files) + stored, len(found.skipped)


def _stored_outcomes(stores: Sequence[Path], bank: "Bank", plan: "ItemPlan") -> list["Outcome"]:
    if not stores:
        return []
    from rolefit.store.cohort import store_outcomes

    return [outcome for store in stores for outcome in store_outcomes(store, bank, plan)]


def _score_with_progress(bank: "Bank", plan: "ItemPlan", files: Sequence[Path]) -> list["Outcome"]:
    """Score the files, with a progress bar on stderr when it is a terminal and they are many."""
    from rolefit.files.submissions import default_workers, score_files

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
