"""Reading an answers file (or standard input) and checking it against the bank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rolefit.core.answers import AnswerSheet, parse_answers
from rolefit.core.bank import Bank
from rolefit.errors import DocumentError, InputFileError
from rolefit.files import reading

STDIN_NAME = reading.STDIN_NAME


def read_answers(path: Path, bank: Bank) -> AnswerSheet:
    """Read `path` ("-" for standard input) and check it against `bank`."""
    if str(path) == "-":
        text = reading.read_stdin()
        return answers_in(reading.parse(text, STDIN_NAME), text, STDIN_NAME, bank)
    data, text = reading.load(path)
    return answers_in(data, text, str(path), bank)


def answers_in(data: Any, text: str, source: str, bank: Bank) -> AnswerSheet:
    """The sheet in a parsed document; the core's errors get the file's name and line."""
    try:
        return parse_answers(data, bank)
    except DocumentError as error:
        line = reading.line_of(text, error.location) if error.location else None
        raise InputFileError(source, error.detail, line=line) from None
