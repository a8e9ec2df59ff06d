"""Options and formats that several commands share, declared once."""

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from rolefit.core.bank import Bank
    from rolefit.core.i18n import Translator
    from rolefit.files.banks import BankFiles


class ResultFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"
    svg = "svg"


class TextFormat(StrEnum):
    """The formats of a command that writes no page or picture (`TextFormatOption`)."""

    text = "text"
    markdown = "markdown"
    json = "json"


F = TypeVar("F", bound=StrEnum)

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
    return format_for(format, output, FORMAT_OF_SUFFIX, ResultFormat.text)


def chosen_text_format(format: TextFormat | None, output: str | None, command: str) -> ResultFormat:
    """`chosen_format` for a command that writes no page or picture (`TextFormatOption`): an
    output file named .html or .svg is refused before any work, naming the command (typer
    refuses `--format html` itself, listing the formats the command writes)."""
    chosen = chosen_format(None if format is None else ResultFormat(format.value), output)
    if chosen in (ResultFormat.html, ResultFormat.svg):
        from rolefit.errors import RolefitError

        raise RolefitError(f"{command} writes text, markdown or json, not {chosen.value}")
    return chosen


def format_for(format: F | None, output: str | None, of_suffix: Mapping[str, F], default: F) -> F:
    """`chosen_format` for any command's formats: the one asked for, else the one the output
    file's extension names in `of_suffix`, else `default`; a disagreement is a usage error."""
    suffix = ""
    if output and output != "-":
        name = output.replace("\\", "/").rsplit("/", 1)[-1]
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
    named = of_suffix.get(suffix)
    if format is not None and named is not None and format != named:
        from rolefit.errors import RolefitError

        raise RolefitError(
            f"--format {format.value} does not match the output file {output} "
            f"(its extension means {named.value}); change one of them"
        )
    return format or named or default


QuestionsOption = Annotated[
    Path | None,
    typer.Option(
        "--questions",
        metavar="FILE",
        readable=False,
        help="A custom bank's questions file; give --scoring with it (default: the bundled bank).",
        show_default=False,
    ),
]
ScoringOption = Annotated[
    Path | None,
    typer.Option(
        "--scoring",
        metavar="FILE",
        readable=False,
        help="A custom bank's scoring file; give --questions with it.",
        show_default=False,
    ),
]
BankOption = Annotated[
    Path | None,
    typer.Option(
        "--bank",
        metavar="DIR",
        readable=False,
        help="A custom bank's folder, holding questions.yaml and scoring.yaml (instead of "
        "--questions and --scoring).",
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
# For the commands whose output is no page or picture (compare, the history list): the same
# option, saying what they write; html and svg are refused with one line when asked for.
TextFormatOption = Annotated[
    TextFormat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text, markdown or json (default: from the --output file's extension, else text).",
        show_default=False,
    ),
]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="CODE",
        help="The language of rolefit's words: en or de (default: from LANGUAGE, LC_ALL, "
        "LC_MESSAGES or LANG; English when none names a language rolefit speaks).",
        show_default=False,
    ),
]


def translator_for(lang: str | None) -> "Translator":
    """The translator for `--lang` or the environment, for a command that shows no bank."""
    return _translator(_chosen(lang, None)[0])


def bank_speaking(lang: str | None, files: "BankFiles") -> tuple["Bank", "Translator"]:
    """The bank of `files` and the translator, both in the language of `--lang` or the
    environment: the one way a command that shows a bank gets its words.

    English (the common case) reads no catalog and translates nothing. Any other language
    needs a catalog and every text of the bank in it; else it is English, with one notice.
    """
    bank = load_bank(files)
    code, bank_code = _chosen(lang, bank, files)
    if bank_code != bank.language:
        from rolefit.core.bank import bank_in_language

        bank = bank_in_language(bank, bank_code)
    return bank, _translator(code)


def bank_in(files: "BankFiles", language: str) -> "Bank":
    """The bank of `files` in `language` (a result's language); RolefitError when the bank
    lacks a text in it."""
    bank = load_bank(files)
    if language == bank.language:
        return bank
    from rolefit.core.bank import bank_in_language

    return bank_in_language(bank, language)


def _chosen(
    lang: str | None, bank: "Bank | None", files: "BankFiles | None" = None
) -> tuple[str, str]:
    """The language `core.language` decides on, as its catalog's code and the bank's; its
    notice, if any, said once on stderr. English (the common case) decides nothing more."""
    import os

    from rolefit.core.languages import BASE, english_only

    if english_only(lang, os.environ):
        return BASE, BASE
    from rolefit.core.bank import missing_texts
    from rolefit.core.language import BankLanguages, choose_language
    from rolefit.files import catalogs
    from rolefit.files.output import warn

    carried = (
        None
        if bank is None
        else BankLanguages(
            bank.id,
            {c: len(missing_texts(bank, c)) for c in bank.languages},
            "" if files is None else files.options(),
        )
    )
    choice = choose_language(lang, os.environ, catalogs.available(), carried)
    if choice.notice is not None:
        warn(choice.notice)
    return choice.code, choice.bank


def _translator(code: str) -> "Translator":
    from rolefit.core.i18n import ENGLISH
    from rolefit.core.languages import BASE

    # English needs no catalog: `rolefit score`'s start-up does not import files.catalogs.
    if code == BASE:
        return ENGLISH
    from rolefit.files import catalogs

    return catalogs.translator(code)


def bank_files(
    questions: Path | None, scoring: Path | None, folder: Path | None = None
) -> "BankFiles":
    """The bank's two files: both named, a folder holding both, or the bundled bank.

    Half a bank is refused: the bundled scoring cannot score custom questions (nor the
    other way round), and would only report errors about files the user never named.
    """
    from rolefit.errors import RolefitError
    from rolefit.files.banks import BankFiles

    if folder is not None:
        if questions is not None or scoring is not None:
            raise RolefitError(
                "--bank names both files of a bank; leave out --questions and --scoring"
            )
        return BankFiles(folder / "questions.yaml", folder / "scoring.yaml")
    if (questions is None) != (scoring is None):
        given, missing = (
            ("--questions", "--scoring") if scoring is None else ("--scoring", "--questions")
        )
        raise RolefitError(
            f"{given} needs {missing} too: a bank is a pair of files (or pass --bank DIR for a "
            "folder holding questions.yaml and scoring.yaml)"
        )
    return BankFiles.chosen(questions, scoring)


def load_bank(files: "BankFiles") -> "Bank":
    from rolefit.files.banks import load_bank as load

    return load(files)
