"""`rolefit score`, `report` and `compare`: results from answers files, one or many."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from rolefit.cli.options import (
    BankOption,
    FormatOption,
    LangOption,
    OutputOption,
    QuestionsOption,
    ScoringOption,
    TextFormatOption,
    bank_files,
    bank_speaking,
    chosen_format,
    chosen_text_format,
)
from rolefit.cli.root import app, reports_errors
from rolefit.core.text import shown
from rolefit.errors import InputFileError

if TYPE_CHECKING:
    from rolefit.core.bank import Bank
    from rolefit.core.cohort import CohortReport, ItemPlan, Outcome
    from rolefit.core.i18n import Translator
    from rolefit.core.result import Result

# The progress bar only appears for cohorts that take a noticeable while.
PROGRESS_FROM = 200


@app.command()
@reports_errors
def score(
    answers: Annotated[
        Path,
        typer.Argument(
            metavar="ANSWERS", readable=False, help="An answers file (YAML or JSON), or -."
        ),
    ],
    format: FormatOption = None,
    output: OutputOption = None,
    brief: Annotated[
        bool,
        typer.Option("--brief", help="Text only: the first screen of the card, no reasons."),
    ] = False,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    norms: Annotated[
        Path | None,
        typer.Option(
            metavar="NORMS",
            readable=False,
            help="A norms file (`rolefit norms build`): add a percentile against its group.",
        ),
    ] = None,
    bank_dir: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Score an answers file: a result card, or markdown, JSON, an HTML page or an SVG card.

    The output file's extension picks the format (.txt, .md, .json, .html, .svg) unless
    `--format` does; the two must agree.

    Examples:

    - `rolefit score answers.yaml` (the card in the terminal)
    - `rolefit score answers.yaml -o result.html` (a page to open, print or share)
    - `rolefit score answers.yaml --format json | jq .verdict`
    """
    from rolefit.core.scoring import score as score_sheet
    from rolefit.files.answers import read_answers
    from rolefit.files.output import emit_as, warn
    from rolefit.render import result_renderers

    chosen = chosen_format(format, output)
    bank, tr = bank_speaking(lang, bank_files(questions, scoring, bank_dir))
    sheet = read_answers(answers, bank)
    source = "<stdin>" if str(answers) == "-" else str(answers)
    for warning in sheet.warnings:
        warn(f"{source}: {warning}")
    result = score_sheet(bank, sheet, tr)
    if norms is not None:
        result = _with_standing(result, norms)
    emit_as(chosen.value, output, **result_renderers(result, brief=brief, tr=tr))


def _with_standing(result: "Result", path: Path) -> "Result":
    """`result` placed in the group of the norms file at `path` (same bank only)."""
    from rolefit.core.norms import standing
    from rolefit.files.norms import read_norms

    norms = read_norms(path)
    if norms.bank_id != result.bank_id:
        raise InputFileError(
            path,
            f"norms of bank '{shown(norms.bank_id)}', but the answers were scored with bank "
            f"'{shown(result.bank_id)}'; build norms with the same bank",
        )
    if norms.bank_version != result.bank_version:
        from rolefit.files.output import warn

        # Another version may ask or weigh differently: placed, but not silently.
        warn(
            f"{path}: norms of version {shown(norms.bank_version)} of the bank, the answers "
            f"scored with version {shown(result.bank_version)}; the percentile compares across "
            "versions (build norms with this one to compare like with like)"
        )
    return result.model_copy(update={"standing": standing(norms, result)})


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
    from rolefit.render import cohort as render
    from rolefit.render.cohort_page import cohort_page, cohort_svg

    chosen = chosen_format(format, output)
    bank, tr = bank_speaking(lang, bank_files(questions, scoring, bank_dir))
    plan = ItemPlan.of(bank)
    outcomes, skipped = gather_outcomes(paths, bank, plan)
    cohort = summarise(bank, plan, outcomes, anonymous=anonymous)
    emit_as(
        chosen.value,
        output,
        json=lambda: render.cohort_json(cohort),
        markdown=lambda: render.cohort_markdown(cohort, tr),
        text=lambda: render.cohort_view(cohort, tr),
        html=lambda: cohort_page(cohort, tr),
        svg=lambda: cohort_svg(cohort, tr),
    )
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


@app.command()
@reports_errors
def compare(
    # Taken as typed, not as a Path: Path("./@1") is "@1", which would read history entry 1
    # instead of the file a user named with "./" to say it is a file.
    before: Annotated[
        str,
        typer.Argument(
            metavar="A",
            readable=False,
            help="Earlier answers or result JSON, or a result of your history (@2).",
        ),
    ],
    after: Annotated[
        str,
        typer.Argument(
            metavar="B",
            readable=False,
            help="Later answers or result JSON, or a result of your history (@last).",
        ),
    ],
    format: TextFormatOption = None,
    output: OutputOption = None,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Compare two results of one person: the change in fit and per dimension, against the margins.

    Examples:

    - `rolefit compare before.yaml after.yaml`
    - `rolefit compare january.json june.json --format markdown -o change.md`
    - `rolefit compare @1 @last` (two results of your history, see `rolefit history`)
    """
    from rolefit.core.compare import compare as compare_results
    from rolefit.core.compare import side
    from rolefit.files.output import emit_as, warn
    from rolefit.render import compare as render

    chosen = chosen_text_format(format, output, "compare")
    bank, tr = bank_speaking(lang, bank_files(questions, scoring, bank_dir))
    first, first_kind = _one_side(before, bank, tr)
    second, second_kind = _one_side(after, bank, tr)
    if first.bank_id != second.bank_id:
        raise InputFileError(
            Path(after),
            f"scored with bank '{second.bank_id}', but {before} with bank '{first.bank_id}'; "
            "compare two results of one bank (pass the matching --questions and --scoring "
            "for answers files)",
        )
    if first.bank_version != second.bank_version:
        warn(
            f"{before} is from version {first.bank_version} of bank '{first.bank_id}' and "
            f"{after} from version {second.bank_version}; changed questions may explain changes"
        )
    if first.respondent and second.respondent and first.respondent != second.respondent:
        warn(
            f"{before} is '{shown(first.respondent)}' and {after} is "
            f"'{shown(second.respondent)}'; compare is meant for two results of one person"
        )
    comparison = compare_results(
        first,
        second,
        side(first, str(before), first_kind),
        side(second, str(after), second_kind),
    )
    emit_as(
        chosen.value,
        output,
        json=lambda: render.comparison_json(comparison),
        markdown=lambda: render.comparison_markdown(comparison, tr),
        text=lambda: render.comparison_view(comparison, tr),
    )


def _one_side(
    named: str, bank: "Bank", tr: "Translator"
) -> tuple["Result", Literal["answers", "result"]]:
    """One side of compare, as typed: a result of the user's history (`@3`, `@last`), or a
    file (`./@3` is the file named @3)."""
    if named.startswith("@"):
        from rolefit.cli.history import result_of
        from rolefit.store.history import History

        with History.open() as opened:
            entry = opened.get(named)
        return result_of(entry, lambda: bank, tr), "result"
    from rolefit.core.i18n import language_tag
    from rolefit.files.output import warn
    from rolefit.files.results import load_result

    path = Path(named)
    result, kind = load_result(path, bank, tr)
    if result.language != language_tag(tr):
        warn(
            f"{path} is a result written in '{result.language}': its own sentences stay in "
            "that language; compare the answers files to have every word in one"
        )
    return result, kind
