"""`rolefit norms build`: a named group's product % distribution, for `score --norms`."""

from pathlib import Path
from typing import Annotated

import typer

from rolefit.cli.options import (
    BankOption,
    QuestionsOption,
    ScoringOption,
    bank_files,
    load_bank,
)
from rolefit.cli.root import app, reports_errors
from rolefit.core.text import has_unsafe, shown
from rolefit.errors import InputFileError, RolefitError

norms_app = typer.Typer(
    help="Norms: percentiles against a named group (see `rolefit score --norms`).",
    no_args_is_help=True,
)
app.add_typer(norms_app, name="norms")


@norms_app.command("build")
@reports_errors
def build(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            readable=False,
            help="Answers files, folders searched for them, or workshop stores of "
            "`rolefit serve` (.db).",
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", readable=False, help="The norms file to write (YAML).")
    ],
    group: Annotated[
        str | None,
        typer.Option(
            help="The group's name as the percentile line says it (default: 'the group in PATH')."
        ),
    ] = None,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
) -> None:
    """Score a group's answers files and save the spread of their product % as norms.

    Only people with a verdict count; a group needs at least 20 of them (exit 2 otherwise).
    Invalid files are skipped with a warning.

    Examples:

    - `rolefit norms build submissions/ --group "the Spring 2026 cohort" -o norms.yaml`
    - `rolefit norms build workshop.db --bank workshop/bank -o norms.yaml` (a `rolefit serve`
      store)
    """
    from rolefit.cli.report import gather_outcomes
    from rolefit.core.cohort import ItemPlan, Scored
    from rolefit.core.norms import build as build_norms
    from rolefit.errors import DocumentError
    from rolefit.files.norms import write_norms
    from rolefit.files.output import warn

    bank = load_bank(bank_files(questions, scoring, bank_dir))
    outcomes, _ = gather_outcomes(paths, bank, ItemPlan.of(bank))
    where = ", ".join(str(path) for path in paths)
    values: list[float | None] = []
    for outcome in outcomes:
        if isinstance(outcome, Scored):
            values.append(outcome.row.product_pct)
        else:
            warn(f"{outcome.source}: skipped: {outcome.error}")
    name = _default_name(where) if group is None else _group_name(group)
    try:
        norms = build_norms(name, bank.id, bank.version, values)
    except DocumentError as error:
        raise InputFileError(where, error.detail) from None
    write_norms(output, norms)


def _default_name(where: str) -> str:
    """`the group in FOLDER`, shown safely, and no longer than a group's name may be: a long
    path keeps its end, where the folder's own name is."""
    from rolefit.core.norms import GROUP_NAME_LIMIT  # (the models: not for --help)

    opening = "the group in "
    safe = shown(where, limit=max(len(where), 1))
    room = GROUP_NAME_LIMIT - len(opening)
    return opening + (safe if len(safe) <= room else "…" + safe[-(room - 1) :])


def _group_name(group: str) -> str:
    """`--group` as the norms file keeps it: one line of plain text, not empty."""
    if has_unsafe(group):
        raise RolefitError(
            "--group: holds control or invisible formatting characters; give the group's name "
            "as plain text"
        )
    from rolefit.core.norms import GROUP_NAME_LIMIT  # (the models: not for --help)

    name = group.strip()
    if not name:
        raise RolefitError('--group: is empty; give the group\'s name, e.g. --group "Spring 2026"')
    if len(name) > GROUP_NAME_LIMIT:
        raise RolefitError(
            f"--group: is {len(name):,} characters long; give a name of at most "
            f"{GROUP_NAME_LIMIT} (it is shown in one line of every result placed in the group)"
        )
    return name
