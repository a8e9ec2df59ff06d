"""Options and formats that several commands share, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rolefit.core.bank import Bank
    from rolefit.files.banks import BankFiles


class ResultFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


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
# The name as typed, not a Path: Path("newdir/") drops the slash that says "a folder", and
# the writer (rolefit.files.writing) refuses such a name only if it sees the slash.
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write here instead of stdout (written atomically); - for stdout.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    ResultFormat, typer.Option("--format", "-f", help="How to print it: text, markdown or json.")
]


def bank_files(questions: Path | None, scoring: Path | None) -> BankFiles:
    from rolefit.files.banks import BankFiles

    return BankFiles.chosen(questions, scoring)


def load_bank(files: BankFiles) -> Bank:
    from rolefit.files.banks import load_bank as load

    return load(files)
