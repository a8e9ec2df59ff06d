"""Reading a bank's two files and reporting its problems as `file:line: message`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rolefit.core.bank import UNREAD, Bank, bank_in_language, build_bank, missing_texts
from rolefit.core.languages import BASE
from rolefit.core.records import record
from rolefit.errors import BankError, InputFileError
from rolefit.files import paths, reading

if TYPE_CHECKING:
    from rolefit.core.checker import Problem
    from rolefit.core.translations import MissingText


@record
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
        import shlex

        if self.is_bundled:
            return ""
        return f" --questions {shlex.quote(str(self.questions))} --scoring " + shlex.quote(
            str(self.scoring)
        )


def load_bank(files: BankFiles, language: str = BASE) -> Bank:
    """Read and check a bank; raise BankError listing every problem, or InputFileError.

    A bank checked before, with the same texts and the same code, comes from the cache
    (`files.bankcache`) instead: the same bank, without the 35 ms of checking it.

    `language`: the bank with every text in that language (core.bank.bank_in_language), which
    must be complete, else IncompleteLanguageError (exit 2). A caller that falls back to
    English instead checks `missing_texts(bank, code)` on the English bank first.
    """
    from rolefit.files import bankcache

    texts = _read(files)
    read = [
        (reading.parser_of(path), text)
        for path, text in zip((files.questions, files.scoring), texts, strict=True)
        if isinstance(text, str)
    ]
    key = bankcache.key_of(read) if len(read) == len(texts) else None
    bank = None if key is None else bankcache.recall(key)
    if bank is None:
        check = _checked(files, texts)
        if check.bank is None:
            raise BankError(check.problems)
        bank = check.bank
        if key is not None:
            bankcache.keep(key, bank)
    return bank if language == BASE else bank_in_language(bank, language)


@record
class BankCheck:
    """A bank's files, read once and checked: the bank when it is valid, every problem as
    `file:line: message`, and what each language lacks, located the same way."""

    files: BankFiles
    bank: Bank | None
    problems: list[str]
    # The text of each file as read, to put lines on what the core locates by keys.
    texts: Mapping[str, tuple[Path, str]]
    # A file could not be read or parsed at all: bad input (exit 2), not a bank's problems.
    unreadable: bool = False

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
    return _checked(files, _read(files))


def _read(files: BankFiles) -> list[str | InputFileError]:
    """Each file's text, or why it cannot be read (reported along with the other's problems)."""
    texts: list[str | InputFileError] = []
    for path in (files.questions, files.scoring):
        try:
            texts.append(reading.read_text(path))
        except InputFileError as error:
            texts.append(error)
    return texts


def _checked(files: BankFiles, texts: list[str | InputFileError]) -> BankCheck:
    """Parse and check the texts `_read` gave: every problem, in the order of the files."""
    problems: list[str] = []
    documents: list[Any] = []
    for path, text in zip((files.questions, files.scoring), texts, strict=True):
        if isinstance(text, InputFileError):
            problems.append(str(text))
            documents.append(UNREAD)
            continue
        try:
            documents.append(reading.parse(text, path))
        except InputFileError as error:
            problems.append(str(error))
            documents.append(UNREAD)
    bank, found = build_bank(*documents, scoring_name=str(files.scoring))
    located = {
        "questions": (files.questions, texts[0] if isinstance(texts[0], str) else ""),
        "scoring": (files.scoring, texts[1] if isinstance(texts[1], str) else ""),
    }
    check = BankCheck(
        files, bank, problems, located, unreadable=any(d is UNREAD for d in documents)
    )
    problems.extend(check.line(problem) for problem in found)
    return check
