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
    html = "html"
    svg = "svg"


# What an output file's name says it holds.
FORMAT_OF_SUFFIX = {
    ".txt": ResultFormat.text,
    ".text": ResultFormat.text,
    ".md": ResultFormat.markdown,
    ".markdown": ResultFormat.markdown,
    ".json": ResultFormat.json,
    ".html": ResultFormat.html,
    ".htm": ResultFormat.html,
    ".svg": ResultFormat.svg,
}


def chosen_format(format: ResultFormat | None, output: str | None) -> ResultFormat:
    """The format asked for, or the one the output file's extension names (text otherwise).

    Both given and disagreeing is refused: `-o a.html --format markdown` would leave a file
    whose name lies about what it holds.
    """
    suffix = ""
    if output and output != "-":
        name = output.replace("\\", "/").rsplit("/", 1)[-1]
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
    named = FORMAT_OF_SUFFIX.get(suffix)
    if format is not None and named is not None and format != named:
        from rolefit.errors import RolefitError

        raise RolefitError(
            f"--format {format.value} does not match the output file {output} "
            f"(its extension means {named.value}); change one of them"
        )
    return format or named or ResultFormat.text


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
    ResultFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text, markdown, json, html or svg (default: from the --output file's "
        "extension, else text).",
        show_default=False,
    ),
]


def bank_files(questions: Path | None, scoring: Path | None) -> BankFiles:
    from rolefit.files.banks import BankFiles

    return BankFiles.chosen(questions, scoring)


def load_bank(files: BankFiles) -> Bank:
    from rolefit.files.banks import load_bank as load

    return load(files)
