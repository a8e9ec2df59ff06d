"""`rolefit questions`, `validate` and `schema`: the bank and the file formats."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from rolefit.cli.app import app, fail, reports_errors
from rolefit.cli.options import (
    BankOption,
    OutputOption,
    QuestionsOption,
    ScoringOption,
    bank_files,
    format_for,
    load_bank,
)
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.errors import ExitCode


class BankFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    template = "template"


# What an output file's name says `rolefit questions` should write there.
BANK_FORMAT_OF_SUFFIX = {
    ".txt": BankFormat.text,
    ".json": BankFormat.json,
    ".md": BankFormat.markdown,
    ".markdown": BankFormat.markdown,
    ".yaml": BankFormat.template,
    ".yml": BankFormat.template,
}


class SchemaName(StrEnum):
    answers = "answers"
    result = "result"


@app.command("questions")
@reports_errors
def list_questions(
    short: Annotated[bool, typer.Option("--short", help="Only the short form.")] = False,
    format: Annotated[
        BankFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text: a table; json: for scripts; markdown: a printable handout; "
            "template: an answers file to fill in (default: from the --output file's "
            "extension: .txt, .json, .md, .yaml; else text).",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
) -> None:
    """Show the question bank.

    Examples:

    - `rolefit questions` lists every question, section by section
    - `rolefit questions --format template -o my-answers.yaml` writes a file to fill in by hand
    - `rolefit questions --bank workshop/bank --format markdown -o questions.md`
    """
    from rolefit.files.output import emit, emit_rich
    from rolefit.render import bank_views

    format = format_for(format, output, BANK_FORMAT_OF_SUFFIX, BankFormat.text)
    files = bank_files(questions, scoring, bank_dir)
    bank = load_bank(files)
    chosen = bank.form(short=short)
    if format is BankFormat.json:
        emit(bank_views.questions_json(bank, chosen), output)
    elif format is BankFormat.markdown:
        emit(bank_views.questions_markdown(bank, chosen), output)
    elif format is BankFormat.template:
        template = bank_views.answers_template(
            bank, chosen, short=short, bank_options=files.options()
        )
        emit(template, output)
    else:
        emit_rich(bank_views.questions_table(bank, chosen), output)


@app.command()
@reports_errors
def validate(
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
) -> None:
    """Check a bank: exit 0 when clean, 1 with every problem as `file:line: message`.

    Examples:

    - `rolefit validate` checks the bundled bank
    - `rolefit validate --bank workshop/bank` checks the questions.yaml and scoring.yaml there
    - `rolefit validate --questions my-bank.yaml --scoring my-weights.yaml`
    """
    from rolefit.files.banks import check_bank

    files = bank_files(questions, scoring, bank_dir)
    bank, problems = check_bank(files)
    if problems or bank is None:
        for problem in problems:  # each quotes the bank's values safely; this keeps it one line
            sys.stderr.write(shown(problem, limit=MESSAGE_LIMIT) + "\n")
        count = len(problems)
        fail(f"{count} {'problem' if count == 1 else 'problems'} found", ExitCode.PROBLEMS_FOUND)
    typer.echo(
        f"{files.questions} + {files.scoring}: ok ({len(bank.questions)} questions, "
        f"{len(bank.short_form())} in the short form, {len(bank.dimensions)} dimensions)"
    )


@app.command()
@reports_errors
def schema(
    name: Annotated[
        SchemaName, typer.Argument(metavar="NAME", help="answers or result.", show_default=False)
    ],
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of the answers file (`answers`) or of a result (`result`).

    Editors and CI can check a file against it before rolefit reads it (answers files), or
    a script can rely on it when reading `rolefit score --format json` (results).

    Examples:

    - `rolefit schema answers -o answers.schema.json`
    - `rolefit schema result -o result.schema.json`
    """
    import json

    from rolefit.core.models import AnswersFile
    from rolefit.core.result import Result
    from rolefit.files.output import emit

    model = AnswersFile if name is SchemaName.answers else Result
    document = model.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    emit(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
