"""`rolefit questions`, `validate` and `schema`: the bank and the file formats."""

from enum import StrEnum
from typing import Annotated

import typer

from rolefit.cli.options import (
    BankOption,
    LangOption,
    OutputOption,
    QuestionsOption,
    ScoringOption,
    bank_files,
    bank_speaking,
    format_for,
)
from rolefit.cli.root import app, fail, reports_errors
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.errors import ExitCode, RolefitError


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
    lang: LangOption = None,
) -> None:
    """Show the question bank.

    Examples:

    - `rolefit questions` lists every question, section by section
    - `rolefit questions --format template -o my-answers.yaml` writes a file to fill in by hand
    - `rolefit questions --bank workshop/bank --format markdown -o questions.md`
    - `rolefit questions --lang de --format markdown -o fragen.md` (the handout in German)
    """
    from rolefit.files.output import emit, emit_rich
    from rolefit.render import bank_views

    format = format_for(format, output, BANK_FORMAT_OF_SUFFIX, BankFormat.text)
    files = bank_files(questions, scoring, bank_dir)
    bank, tr = bank_speaking(lang, files)
    chosen = bank.form(short=short)
    if format is BankFormat.json:
        emit(bank_views.questions_json(bank, chosen), output)
    elif format is BankFormat.markdown:
        emit(bank_views.questions_markdown(bank, chosen, tr), output)
    elif format is BankFormat.template:
        template = bank_views.answers_template(
            bank, chosen, short=short, bank_options=files.options(), tr=tr
        )
        emit(template, output)
    else:
        emit_rich(bank_views.questions_table(bank, chosen, tr), output)


@app.command()
@reports_errors
def validate(
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="CODE",
            help="Also require every text in this language (de, es, pt-br): a missing one "
            "is a problem (exit 1), not a warning.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a bank: exit 0 when clean, 1 with every problem as `file:line: message`, 2 when
    a file cannot be read or parsed at all.

    Texts missing in a language the bank carries (`prompt::de` beside `prompt`) are listed as
    warnings; with `--lang CODE` those of that language are problems.

    Examples:

    - `rolefit validate` checks the bundled bank
    - `rolefit validate --bank workshop/bank` checks the questions.yaml and scoring.yaml there
    - `rolefit validate --questions my-bank.yaml --scoring my-weights.yaml`
    - `rolefit validate --lang de` also fails when a German text is missing
    """
    from rolefit.core.languages import BASE, language_name, normalised
    from rolefit.files.banks import inspect_bank

    # The same codes as every other --lang: de, de_AT, de-at, DE.
    wanted = None if lang is None else normalised(lang)
    if lang is not None and wanted is None:
        raise RolefitError(
            f"--lang {shown(lang, 30)!r} is no language code; use one such as de, de_AT or en"
        )
    files = bank_files(questions, scoring, bank_dir)
    check = inspect_bank(files)
    bank = check.bank
    if check.problems or bank is None:
        for problem in check.problems:
            _say(problem)
        count = len(check.problems)
        exit_code = ExitCode.BAD_INPUT if check.unreadable else ExitCode.PROBLEMS_FOUND
        fail(f"{count} {'problem' if count == 1 else 'problems'} found", exit_code)
    # Every language the bank carries is listed (what it lacks as warnings), and the one
    # --lang names is required whether the bank carries it or not.
    required = None if wanted is None else _required(wanted, bank.languages)
    said = [language_name(BASE)]
    lacking = 0
    for code in dict.fromkeys([*bank.languages, *([required] if required else [])]):
        missing = check.missing(code, warning=code != required)
        for line in missing:
            _say(line)
        lacking = len(missing) if code == required else lacking
        state = f"{_texts(len(missing))} missing" if missing else "complete"
        said.append(f"{language_name(code)} {state}")
    if required is not None and lacking:
        carried = "" if required in bank.languages else ", which the bank does not carry at all"
        fail(
            f"{_texts(lacking)} missing in {language_name(required)}{carried}",
            ExitCode.PROBLEMS_FOUND,
        )
    typer.echo(
        f"{files.questions} + {files.scoring}: ok ({len(bank.questions)} questions, "
        f"{len(bank.short_form())} in the short form, {len(bank.dimensions)} dimensions)"
    )
    typer.echo(f"languages: {', '.join(said)}")


def _say(line: str) -> None:
    """One finding on stderr; each quotes the bank's values safely, this keeps it one line."""
    from rolefit.files.output import say

    say(shown(line, limit=MESSAGE_LIMIT))


def _texts(count: int) -> str:
    return f"{count} {'text' if count == 1 else 'texts'}"


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

    from rolefit.core.answers_file import AnswersFile
    from rolefit.core.result import Result
    from rolefit.files.output import emit

    model = AnswersFile if name is SchemaName.answers else Result
    document = model.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    emit(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)


def _required(wanted: str, carried: tuple[str, ...]) -> str | None:
    """The bank language `--lang` requires, as the other commands would read it (`de_AT` ->
    `de-at` when the bank carries it, else `de`), or the code as written when the bank carries
    neither (then every text is missing); None for English."""
    from rolefit.core.languages import BASE, carried_code

    if wanted.split("_", 1)[0] == BASE:
        return None
    return carried_code(wanted, carried) or wanted.lower().replace("_", "-")
