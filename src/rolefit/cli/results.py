"""`rolefit score` and `compare`: one person's result, and two results side by side (`report`,
for a whole cohort, is cli.report)."""

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
    from rolefit.core.i18n import Translator
    from rolefit.core.result import Result


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
