"""Reading a bank's two files and reporting its problems as `file:line: message`."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rolefit.core.bank import UNREAD, Bank, Problem, build_bank
from rolefit.errors import BankError, InputFileError
from rolefit.files import paths, reading


@dataclass(frozen=True)
class BankFiles:
    """Where a bank's questions and scoring files are."""

    questions: Path
    scoring: Path

    @classmethod
    def bundled(cls) -> BankFiles:
        return cls(paths.default_questions(), paths.default_scoring())

    @classmethod
    def chosen(cls, questions: Path | None, scoring: Path | None) -> BankFiles:
        """The files named on the command line, the bundled ones for any left out."""
        return cls(questions or paths.default_questions(), scoring or paths.default_scoring())

    @property
    def is_bundled(self) -> bool:
        try:
            return (self.questions.resolve(), self.scoring.resolve()) == (
                paths.default_questions().resolve(),
                paths.default_scoring().resolve(),
            )
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
            return False

    def options(self) -> str:
        """` --questions Q --scoring S` for a command to use these files; nothing if bundled."""
        if self.is_bundled:
            return ""
        return f" --questions {shlex.quote(str(self.questions))} --scoring " + shlex.quote(
            str(self.scoring)
        )


def load_bank(files: BankFiles) -> Bank:
    """Read and check a bank; raise BankError listing every problem, or InputFileError."""
    bank, problems = check_bank(files)
    if bank is None:
        raise BankError(problems)
    return bank


def check_bank(files: BankFiles) -> tuple[Bank | None, list[str]]:
    """The bank (when it is valid) and every problem found in its files, as lines."""
    problems: list[str] = []
    documents: list[tuple[Any, str] | None] = []
    for path in (files.questions, files.scoring):
        try:
            documents.append(reading.load(path))
        except InputFileError as error:  # reported along with the other file's problems
            problems.append(str(error))
            documents.append(None)
    questions, scoring = (UNREAD if d is None else d[0] for d in documents)
    bank, found = build_bank(questions, scoring, scoring_name=str(files.scoring))
    texts = {
        "questions": (files.questions, documents[0][1] if documents[0] else ""),
        "scoring": (files.scoring, documents[1][1] if documents[1] else ""),
    }
    problems.extend(_line(problem, *texts[problem.file]) for problem in found)
    return bank, problems


def _line(problem: Problem, path: Path, text: str) -> str:
    line = reading.line_of(text, problem.location) or 1
    return f"{path}:{line}: {problem.message}"
