"""Reading a bank's two files and reporting its problems as `file:line: message`."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolefit.core.bank import UNREAD, Bank, Problem, bank_in_language, build_bank, missing_texts
from rolefit.core.languages import BASE
from rolefit.errors import BankError, InputFileError
from rolefit.files import paths, reading

if TYPE_CHECKING:
    from rolefit.core.translations import MissingText


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


def load_bank(files: BankFiles, language: str = BASE) -> Bank:
    """Read and check a bank; raise BankError listing every problem, or InputFileError.

    `language`: the bank with every text in that language (core.bank.bank_in_language), which
    must be complete, else IncompleteLanguageError (exit 2). A caller that falls back to
    English instead checks `missing_texts(bank, code)` on the English bank first.
    """
    bank, problems = check_bank(files)
    if bank is None:
        raise BankError(problems)
    return bank if language == BASE else bank_in_language(bank, language)


@dataclass(frozen=True)
class BankCheck:
    """A bank's files, read once and checked: the bank when it is valid, every problem as
    `file:line: message`, and what each language lacks, located the same way."""

    files: BankFiles
    bank: Bank | None
    problems: list[str]
    # The text of each file as read, to put lines on what the core locates by keys.
    texts: Mapping[str, tuple[Path, str]]

    def missing(self, code: str, *, warning: bool = False) -> list[str]:
        """Every text the bank does not give in language `code`, as `file:line: message`
        (`file:line: warning: message` with `warning`), in the order of the files; nothing
        when the bank has problems (it has no texts to speak of yet)."""
        if self.bank is None:
            return []
        return [self.line(gap, warning=warning) for gap in missing_texts(self.bank, code)]

    def line(self, finding: Problem | MissingText, *, warning: bool = False) -> str:
        """A finding of the core as `file:line: message`."""
        path, text = self.texts[finding.file]
        line = reading.line_of(text, finding.location) or 1
        return f"{path}:{line}: {'warning: ' if warning else ''}{finding.message}"


def check_bank(files: BankFiles) -> tuple[Bank | None, list[str]]:
    """The bank (when it is valid) and every problem found in its files, as lines."""
    check = inspect_bank(files)
    return check.bank, check.problems


def inspect_bank(files: BankFiles) -> BankCheck:
    """Read both files once and check them: what `rolefit validate` reports."""
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
    check = BankCheck(files, bank, problems, texts)
    problems.extend(check.line(problem) for problem in found)
    return check
