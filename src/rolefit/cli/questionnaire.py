"""`rolefit quiz`: the questionnaire in the terminal (the walk itself is `rolefit.quiz`)."""

import os
from pathlib import Path
from typing import Annotated

import typer

from rolefit.cli.options import (
    BankOption,
    LangOption,
    QuestionsOption,
    ScoringOption,
    bank_files,
    bank_speaking,
)
from rolefit.cli.root import app, reports_errors


@app.command()
@reports_errors
def quiz(
    short: Annotated[
        bool, typer.Option("--short", help="The short form (about 4 minutes).")
    ] = False,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="NAME",
            help='Your name, for the report (asked for when not given; --name "" for none).',
        ),
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
            readable=False,
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
            readable=False,
            help="Keep the finished answers here too (score them again with `rolefit score`).",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Refuse to prompt (for scripts); exits 2.")
    ] = False,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            metavar="NAME",
            help="Keep separate progress and answers files under this name (letters, digits, "
            "'-' and '_', up to 40), so that two people on one computer each take their own "
            "quiz; --resume and --restart then apply to this session only.",
            show_default=False,
        ),
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Line by line: numbered options, answers typed (b back, s skip, ? help), "
            "nothing redrawn; for screen readers and scripts, which may pipe the answers in "
            "one per line. Also chosen by TERM=dumb or ROLEFIT_PLAIN=1.",
        ),
    ] = False,
    no_history: Annotated[
        bool,
        typer.Option(
            "--no-history",
            help="Do not add this result to your history (see `rolefit history`).",
        ),
    ] = False,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Answer the questionnaire in the terminal and see your result card.

    Progress is saved after every answer; Ctrl-C and `rolefit quiz --resume` lose nothing.
    Every finished quiz keeps its own answers file (the time and your name in its name) in
    `$XDG_STATE_HOME/rolefit/` (default `~/.local/state/rolefit/`); the quiz prints its path.

    One quiz at a time per bank: a second one on the same bank (and session) exits 1 while the
    first runs. Someone else on the same computer can take theirs with `--session NAME`.

    Keys: ↑/↓ (or the number shown) to move, Enter to choose, Space to tick in questions with
    several answers; Skip and Back are choices of their own below the options; Ctrl-C saves
    and stops.

    Where progress is kept: `$XDG_STATE_HOME/rolefit/` (default `~/.local/state/rolefit/`),
    one progress file per bank (and per `--session`).

    Examples:

    - `rolefit quiz` (the full questionnaire)
    - `rolefit quiz --short --name Sam --export result.html`
    - `rolefit quiz --resume` (carry on after Ctrl-C)
    - `rolefit quiz --plain` (line by line, for screen readers; answers may be piped in)
    - `rolefit quiz --bank workshop/bank --save-answers answers/sam.yaml`
    """
    from rolefit.quiz.options import QuizOptions
    from rolefit.quiz.session import run_quiz

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
        session=session,
        plain=plain,
        no_history=no_history,
        lang=lang,
    )
    files = bank_files(questions, scoring, bank_dir)
    bank, tr = bank_speaking(lang, files)
    raise typer.Exit(int(run_quiz(bank, files, options, os.environ, tr)))
