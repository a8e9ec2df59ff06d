"""A person's own results over time: every finished quiz, in one SQLite file of their own.

`$XDG_DATA_HOME/rolefit/history.db` (default `~/.local/share/rolefit/history.db`), opened
through `database.open_database` like the workshop store: created with mode 600, WAL with
synchronous FULL (a result recorded is on disk, and a crash mid-write leaves the file as it
was before that write), refused in one line when a newer rolefit wrote it.

Entries are numbered by their row id, which never changes: `forget 3` removes entry 3 and no
other, however often it is typed. A handle names an entry on the command line: `3` or `@3`,
`@last` (the latest), `@first`, and `@last-1` (the one before the latest).

The history is rolefit's own state, not a file the user hands in, so a history that cannot be
read (damaged, or from a newer rolefit) is a refusal of the system, exit 1, with the fix.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from rolefit.core.history import PastResult
from rolefit.core.records import record
from rolefit.core.result import RESULT_SCHEMA_VERSION, Result
from rolefit.errors import FileSystemError, InputFileError, RolefitError
from rolefit.files import paths
from rolefit.store.database import is_empty_file, open_database, refusal, write
from rolefit.store.migrations import HISTORY

_T = TypeVar("_T")
FILE_NAME = "history.db"
HANDLE = re.compile(r"@?(?:(?P<number>[0-9]{1,18})|(?P<end>first|last)(?:-(?P<back>[0-9]{1,9}))?)")
HANDLE_HELP = "3, @3, @last, @last-1 or @first"


def history_path() -> Path:
    return paths.user_data_dir() / FILE_NAME


@record
class Entry:
    """One finished quiz as the history keeps it: its row in the list, and the whole result."""

    past: PastResult
    result_json: str
    answers: str  # the answers document, as the quiz kept it

    @property
    def number(self) -> int:
        return self.past.number

    def result(self) -> Result | None:
        """The result as recorded; None when it was written in a result schema this rolefit
        does not read (the caller scores `answers` again instead)."""
        try:
            result = Result.model_validate_json(self.result_json)
        except ValidationError:
            return None
        return result if result.schema_version == RESULT_SCHEMA_VERSION else None


class History:
    """The history file, open. Use `History.open()` in a `with` block."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection

    @classmethod
    def open(cls, path: Path | None = None, *, create: bool = False) -> History:
        """The history at `path` (default: the user's); FileSystemError (exit 1) if it cannot
        be opened. Without `create`, a missing file is an empty history (nothing is made)."""
        where = path or history_path()
        # Missing, or left empty by a first quiz stopped as the file was made: no results yet.
        # A link that loops or leads nowhere is not a missing history: opening it says so.
        missing = not where.exists() and not where.is_symlink()
        if not create and (missing or is_empty_file(where)):
            return cls(where, sqlite3.connect(":memory:"))._empty()
        if where.exists() and not where.is_file():
            raise FileSystemError(
                where, f"your history should be a file, but this is not one; {_ASIDE.format(where)}"
            )
        try:
            return cls(where, open_database(where, HISTORY, create=create))
        except InputFileError as error:  # (a FileSystemError, no permission, goes as it is)
            # A newer rolefit's history is fine as it is: the fix is to upgrade, said already.
            fix = "" if "newer rolefit" in error.detail else f"; {_ASIDE.format(where)}"
            detail = f"your history cannot be read: {error.detail}{fix}"
            raise FileSystemError(where, detail) from None

    def _empty(self) -> History:
        HISTORY.steps[0](self._connection)
        return self

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, result: Result, result_json: str, answers: str) -> int:
        """Record one result; its entry number. On disk when this returns."""
        numbers: list[int] = []
        undetermined = result.verdict == "undetermined"

        def statements() -> None:
            cursor = self._connection.execute(
                """INSERT INTO results (taken, bank_id, bank_version, form, respondent, verdict,
                       product_pct, headline, result, answers)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    result.bank_id,
                    result.bank_version,
                    result.form,
                    result.respondent,
                    result.verdict,
                    None if undetermined else result.product_pct,
                    result.headline,
                    result_json,
                    answers,
                ),
            )
            numbers.append(int(cursor.lastrowid or 0))

        self._guarded(lambda: write(self._connection, statements))
        return numbers[0]

    def entries(self) -> list[Entry]:
        """Every entry, oldest first."""
        rows = self._guarded(
            lambda: self._connection.execute(f"SELECT {_COLUMNS} FROM results ORDER BY id")
        ).fetchall()
        return [self._entry(row) for row in rows]

    def get(self, handle: str) -> Entry:
        """The entry a handle names; a usage error (exit 2) naming the handles if none."""
        number = self.number_of(handle)
        row = self._guarded(
            lambda: self._connection.execute(
                f"SELECT {_COLUMNS} FROM results WHERE id = ?", (number,)
            )
        ).fetchone()
        if row is None:
            raise RolefitError(f"{handle}: no such entry in your history; {_LIST_HINT}")
        return self._entry(row)

    def _entry(self, row: tuple[Any, ...]) -> Entry:
        try:
            return _entry(row)
        except (TypeError, ValueError) as error:  # a row changed by hand, or by a broken disk
            raise FileSystemError(
                self.path,
                f"entry @{row[0]} of your history is damaged ({error}); delete it with "
                f"`rolefit history forget @{row[0]}`",
            ) from None

    def number_of(self, handle: str) -> int:
        """The entry number a handle stands for (it may not exist)."""
        match = HANDLE.fullmatch(handle.strip().lower())
        if match is None:
            raise RolefitError(f"{handle}: not a history entry; use {HANDLE_HELP} ({_LIST_HINT})")
        if match["number"] is not None:
            return int(match["number"])
        numbers = [
            row[0]
            for row in self._guarded(
                lambda: self._connection.execute("SELECT id FROM results ORDER BY id")
            ).fetchall()
        ]
        back = int(match["back"] or 0)
        if not numbers or back >= len(numbers) or (match["end"] == "first" and back):
            raise RolefitError(f"{handle}: no such entry in your history; {_LIST_HINT}")
        return int(numbers[0] if match["end"] == "first" else numbers[-1 - back])

    def forget(self, handle: str | None) -> int:
        """Delete one entry (by handle), or every entry (None); how many were deleted."""
        if handle is None:
            cursor = self._guarded(
                lambda: _in_transaction(self._connection, "DELETE FROM results", ())
            )
        else:
            entry = self.get(handle)
            cursor = self._guarded(
                lambda: _in_transaction(
                    self._connection, "DELETE FROM results WHERE id = ?", (entry.number,)
                )
            )
        return int(cursor.rowcount)

    def _guarded(self, action: Callable[[], _T]) -> _T:
        """`action`, with SQLite's errors (a file damaged after opening, a full disk) turned
        into one line."""
        try:
            return action()
        except sqlite3.DatabaseError as error:
            refused = refusal(self.path, error)
            if isinstance(refused, FileSystemError):  # permissions, not damage: keep the file
                raise FileSystemError(self.path, f"your history {refused.detail}") from None
            raise FileSystemError(
                self.path, f"your history cannot be used ({error}); {_ASIDE.format(self.path)}"
            ) from None


_COLUMNS = (
    "id, taken, bank_id, bank_version, form, respondent, verdict, product_pct, headline, "
    "result, answers"
)
_LIST_HINT = "`rolefit history` lists them"
_ASIDE = "move {} aside (rolefit then starts a new history)"


def _entry(row: tuple[Any, ...]) -> Entry:
    taken = datetime.fromisoformat(str(row[1]))
    past = PastResult(
        number=int(row[0]),
        taken=taken if taken.tzinfo else taken.replace(tzinfo=UTC),
        bank_id=str(row[2]),
        bank_version=str(row[3]),
        form=str(row[4]),
        respondent=None if row[5] is None else str(row[5]),
        verdict=str(row[6]),
        product_pct=None if row[7] is None else _percent(row[7]),
        headline=str(row[8]),
    )
    return Entry(past=past, result_json=str(row[9]), answers=str(row[10]))


def _percent(value: object) -> float:
    """A stored product % as a number from 0 to 100; ValueError (a damaged entry) otherwise."""
    number = float(value)  # type: ignore[arg-type]  # TypeError for a BLOB: damaged too
    if not 0 <= number <= 100:  # NaN fails this too
        raise ValueError(f"product % {number} is not from 0 to 100")
    return number


def _in_transaction(
    connection: sqlite3.Connection, statement: str, parameters: tuple[Any, ...]
) -> sqlite3.Cursor:
    cursors: list[sqlite3.Cursor] = []
    write(connection, lambda: cursors.append(connection.execute(statement, parameters)))
    return cursors[0]
