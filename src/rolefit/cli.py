"""The command line: parse options, call the core, pick a renderer, map errors to exit codes.

Heavy modules (pydantic models, Rich renderers, questionary) are imported inside the commands
that need them, so `rolefit --version` and `--help` start as fast as typer itself.
"""

from __future__ import annotations

import functools
import shlex
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TypeVar

import typer

from rolefit import __version__
from rolefit.errors import ExitCode, RolefitError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from rolefit.bank import Bank

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 problems found (validate, report); 2 bad input or usage; "
    "70 internal error (a bug); 130 interrupted."
)

app = typer.Typer(
    name="rolefit",
    help=(
        "Product management or program management? Answer a questionnaire and see which fits "
        f"you, and why.\n\n{EXIT_CODES_HELP}"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


class ResultFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class BankFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    template = "template"


class SchemaName(StrEnum):
    answers = "answers"
    result = "result"


QuestionsOption = Annotated[
    Path | None,
    typer.Option(
        "--questions",
        metavar="FILE",
        help="A custom questions file (default: the bundled bank).",
        show_default=False,
    ),
]
ScoringOption = Annotated[
    Path | None,
    typer.Option(
        "--scoring",
        metavar="FILE",
        help="A custom scoring file (default: the bundled weights).",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write here instead of stdout (written atomically); - for stdout.",
        show_default=False,
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a RolefitError into one line on stderr and its exit code (a traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except RolefitError as error:
            if _debug():
                raise
            fail(str(error), error.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", ExitCode.INTERRUPTED)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            if _debug():
                raise
            fail(
                f"internal error ({type(error).__name__}: {error}); this is a bug in rolefit, "
                "please report it with the output of `rolefit --debug ...`",
                ExitCode.INTERNAL,
            )

    return wrapper


def fail(message: str, code: ExitCode) -> NoReturn:
    sys.stderr.write(f"rolefit: {message}\n")
    sys.stderr.flush()
    raise typer.Exit(int(code))


class _Settings:
    """Options of the root command that every subcommand's error handling reads."""

    debug = False


def _debug() -> bool:
    return _Settings.debug


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rolefit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for errors (for bug reports).")
    ] = False,
) -> None:
    """Product management or program management? See which fits you, and why."""
    _Settings.debug = debug


def load_bank(questions: Path | None, scoring: Path | None) -> Bank:
    from rolefit import paths
    from rolefit.bank import load_bank as load

    return load(questions or paths.default_questions(), scoring or paths.default_scoring())


@app.command()
@reports_errors
def quiz(
    short: Annotated[
        bool, typer.Option("--short", help="The short form (about 4 minutes).")
    ] = False,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="Your name, for the report.")
    ] = None,
    shuffle: Annotated[
        bool, typer.Option("--shuffle", help="Shuffle the questions within each section.")
    ] = False,
    seed: Annotated[
        int | None, typer.Option("--seed", metavar="N", help="Seed for --shuffle (reproducible).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue saved progress without asking.")
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Discard saved progress and start over.")
    ] = False,
    export: Annotated[
        list[Path] | None,
        typer.Option(
            "--export",
            metavar="FILE",
            help="Also write the result here; the extension picks the format: .md, .json, "
            ".svg, .html. Repeatable.",
            show_default=False,
        ),
    ] = None,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            metavar="FILE",
            help="Keep the finished answers here too (score them again with `rolefit score`).",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Refuse to prompt (for scripts); exits 2.")
    ] = False,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
) -> None:
    """Answer the questionnaire in the terminal and see your result card.

    Progress is saved after every answer; Ctrl-C and `rolefit quiz --resume` lose nothing.

    Example: `rolefit quiz --short --name Sam --export result.md`
    """
    from rolefit.quiz import QuizOptions, run_quiz

    options = QuizOptions(
        short=short,
        name=name,
        shuffle=shuffle,
        seed=seed,
        resume=resume,
        restart=restart,
        exports=tuple(export or ()),
        save_answers=save_answers,
        no_input=no_input,
    )
    raise typer.Exit(int(run_quiz(load_bank(questions, scoring), options)))


@app.command()
@reports_errors
def score(
    answers: Annotated[
        Path, typer.Argument(metavar="ANSWERS", help="An answers file (YAML or JSON), or -.")
    ],
    format: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="How to print the result.")
    ] = ResultFormat.text,
    output: OutputOption = None,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
) -> None:
    """Score an answers file without a terminal: a result card, markdown or JSON.

    Example: `rolefit score examples/answers.yaml --format markdown -o result.md`
    """
    from rolefit.answers import read_answers
    from rolefit.output import emit_as, warn
    from rolefit.scoring import score_sheet

    bank = load_bank(questions, scoring)
    sheet = read_answers(answers, bank)
    for warning in sheet.warnings:
        warn(warning)
    result = score_sheet(bank, sheet)

    # Each renderer imports only when it is the one asked for (the card pulls in more of Rich).
    def as_json() -> str:
        from rolefit.render.json import result_json

        return result_json(result)

    def as_markdown() -> str:
        from rolefit.render.markdown import result_markdown

        return result_markdown(result)

    def as_card() -> RenderableType:
        from rolefit.render.card import result_card

        return result_card(result)

    emit_as(format.value, output, json=as_json, markdown=as_markdown, text=as_card)


@app.command()
@reports_errors
def report(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Answers files, or folders searched for .yaml, .yml and .json files.",
        ),
    ],
    format: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="How to print the report.")
    ] = ResultFormat.text,
    output: OutputOption = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="Leave respondents' names out.")
    ] = False,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
) -> None:
    """Score a whole cohort and report on it (exit 1 if any file is invalid, 2 if none is usable).

    Example: `rolefit report submissions/ --format markdown -o cohort.md`
    """
    from rolefit.cohort import run_report

    bank = load_bank(questions, scoring)
    raise typer.Exit(int(run_report(bank, paths, format.value, output, anonymous=anonymous)))


@app.command()
@reports_errors
def compare(
    before: Annotated[Path, typer.Argument(metavar="A", help="Earlier answers or result JSON.")],
    after: Annotated[Path, typer.Argument(metavar="B", help="Later answers or result JSON.")],
    format: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="How to print the comparison.")
    ] = ResultFormat.text,
    output: OutputOption = None,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
) -> None:
    """Compare two results of one person: the change in fit and per dimension, against the margins.

    Example: `rolefit compare before.yaml after.yaml`
    """
    from rolefit.compare import run_compare

    bank = load_bank(questions, scoring)
    raise typer.Exit(int(run_compare(bank, before, after, format.value, output)))


@app.command("questions")
@reports_errors
def list_questions(
    short: Annotated[bool, typer.Option("--short", help="Only the short form.")] = False,
    format: Annotated[
        BankFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a table; json: for scripts; markdown: a printable handout; "
            "template: an answers file to fill in.",
        ),
    ] = BankFormat.text,
    output: OutputOption = None,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
) -> None:
    """Show the question bank.

    Example: `rolefit questions --format template -o my-answers.yaml`
    """
    from rolefit.output import emit, emit_rich
    from rolefit.render import bank_views

    bank = load_bank(questions, scoring)
    chosen = bank.short_form() if short else bank.questions
    if format is BankFormat.json:
        emit(bank_views.questions_json(bank, chosen), output)
    elif format is BankFormat.markdown:
        emit(bank_views.questions_markdown(bank, chosen), output)
    elif format is BankFormat.template:
        custom = "".join(
            f" --{flag} {shlex.quote(str(path))}"
            for flag, path in (("questions", questions), ("scoring", scoring))
            if path is not None
        )
        emit(bank_views.answers_template(bank, chosen, short=short, bank_options=custom), output)
    else:
        emit_rich(bank_views.questions_table(bank, chosen), output)


@app.command()
@reports_errors
def validate(questions: QuestionsOption = None, scoring: ScoringOption = None) -> None:
    """Check a bank: exit 0 when clean, 1 with every problem as `file:line: message`.

    Example: `rolefit validate --questions my-bank.yaml --scoring my-weights.yaml`
    """
    from rolefit import paths
    from rolefit.bank import check_bank

    questions_path = questions or paths.default_questions()
    scoring_path = scoring or paths.default_scoring()
    bank, problems = check_bank(questions_path, scoring_path)
    if problems:
        for problem in problems:
            sys.stderr.write(problem + "\n")
        fail(f"{len(problems)} problem(s) found", ExitCode.PROBLEMS_FOUND)
    assert bank is not None
    typer.echo(
        f"{questions_path} + {scoring_path}: ok ({len(bank.questions)} questions, "
        f"{len(bank.short_form())} in the short form, {len(bank.dimensions)} dimensions)"
    )


@app.command()
@reports_errors
def schema(
    name: Annotated[SchemaName, typer.Argument(help="answers or result.")],
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of the answers file or of the result.

    Example: `rolefit schema answers -o answers.schema.json`
    """
    import json

    from rolefit.models import AnswersFile, Result
    from rolefit.output import emit

    model = AnswersFile if name is SchemaName.answers else Result
    document = model.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    emit(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)


def main() -> None:
    """The console script. Usage errors, too, are one line on stderr (typer draws a box)."""
    try:
        code = app(prog_name="rolefit", standalone_mode=False)
    except typer.TyperException as error:
        # Without arguments typer has already printed the help; it only needs the exit code.
        # (typer, too, tells this error by its name: the class is not public.)
        if type(error).__name__ != "NoArgsIsHelpError":
            sys.stderr.write(f"rolefit: {usage_line(error, sys.argv[1:])}\n")
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.stderr.write("rolefit: interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    sys.exit(code if isinstance(code, int) else 0)


def usage_line(error: typer.TyperException, args: list[str]) -> str:
    """typer's message for a usage error, and where to read the command's usage."""
    message = " ".join(error.format_message().split()).replace("Value error, ", "")
    context = getattr(error, "ctx", None)
    command = getattr(context, "command_path", None)
    if command is None:
        # An option's missing value is reported before typer knows the command: find it.
        commands = getattr(typer.main.get_command(app), "commands", {})
        command = next((f"rolefit {arg}" for arg in args if arg in commands), "rolefit")
    message = message[:1].lower() + message[1:].rstrip(".")
    hint = f"`{command} --help`"
    # typer may end with a question ("Did you mean 'score'?"); a new sentence follows it.
    return f"{message} See {hint}" if message.endswith("?") else f"{message}; see {hint}"
