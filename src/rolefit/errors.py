"""One family of errors, each carrying the exit code the CLI turns it into.

This module is the foundation every layer may import; it imports nothing of rolefit.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS_FOUND = 1
    FAILED = 1  # the file system or the runtime refused: disk full, no permission, a device
    BAD_INPUT = 2
    INTERNAL = 70  # a bug in rolefit (sysexits' EX_SOFTWARE), never the user's input
    INTERRUPTED = 130


Location = tuple[str | int, ...]


class RolefitError(Exception):
    """A failure the user can act on: the message says what, where, and how to fix it."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class DocumentError(RolefitError):
    """What the pure core finds wrong in a parsed document, located by keys, not by line.

    The core never sees files; the edge that read the document turns `location` (the keys
    and list indices down to the value) into a line and names the file (`InputFileError`).
    """

    def __init__(self, message: str, location: Location = ()) -> None:
        self.detail = message
        self.location = location
        super().__init__(message)


class InputFileError(RolefitError):
    """A file that cannot be read or does not hold what it should."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.detail = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class FileSystemError(RolefitError):
    """The file system refused what rolefit asked of it (exit 1): disk full, no permission,
    a device or a folder where a file should be. The input was fine; the place was not."""

    exit_code = ExitCode.FAILED

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        self.detail = message
        super().__init__(f"{self.path}: {message}")

    def adding(self, more: str) -> FileSystemError:
        """The same refusal, with what it means for the caller's work after it."""
        return FileSystemError(self.path, f"{self.detail}{more}")


class BankError(RolefitError):
    """A bank that fails validation; carries every problem found, not just the first.

    Using a broken bank is bad input (exit 2); `rolefit validate` reports the same problems
    as findings (exit 1).
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        first = problems[0] if problems else "invalid bank"
        more = f" (and {len(problems) - 1} more; run `rolefit validate` to see all)"
        super().__init__(first + (more if len(problems) > 1 else ""))


class NoTerminalError(RolefitError):
    """An interactive command started without an interactive terminal."""
