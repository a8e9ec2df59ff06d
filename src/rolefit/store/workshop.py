"""The workshop store of `rolefit serve`: participants' progress and their submitted answers.

One SQLite file (see `database`). Each response keeps the answers document as submitted (the
same shape as an answers file, so `rolefit report workshop.db` and `rolefit export` treat it
exactly as a file) and the result JSON it was acknowledged with (for the dashboard and the
participant's own page). All queries of the workshop live here.

A `WorkshopStore` is shared by the web server's threads: one connection, one lock. SQLite
writes one transaction at a time anyway, and each of ours is a single short statement or two.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from rolefit.core.bank import Bank
from rolefit.core.records import record
from rolefit.errors import InputFileError
from rolefit.store.database import open_database, refusal, write
from rolefit.store.migrations import WORKSHOP


@record
class StoredResponse:
    id: int
    received: str  # ISO 8601, UTC
    respondent: str | None
    form: str  # "full" or "short"
    via: str  # "web" or "api"
    document: str  # the answers document, JSON
    result: str  # the result, JSON as `rolefit score --format json` prints it


@record
class Participant:
    progress: str  # JSON, as the web app saved it
    response_id: int | None


def participant_key(secret: str) -> str:
    """What the store keeps of a participant's cookie: a hash, so the file holds no secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class WorkshopStore:
    """A workshop's responses and participants, in one SQLite file."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> WorkshopStore:
        return cls(path, open_database(path, WORKSHOP, create=create))

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> WorkshopStore:
        return self

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        self.close()
        # A store whose tables were dropped or damaged fails only when read: one line, exit 2.
        if isinstance(error, sqlite3.DatabaseError):
            raise refusal(self.path, error) from None

    # --- the bank ----------------------------------------------------------------------

    def claim_bank(self, bank: Bank) -> None:
        """Record the bank of a new store; refuse another bank's store (its answers differ)."""
        with self._lock:
            held = dict(self._connection.execute("SELECT key, value FROM meta").fetchall())
            if "bank_id" not in held:
                values = {"bank_id": bank.id, "bank_version": bank.version, "created": _now()}
                write(
                    self._connection,
                    lambda: self._connection.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)", values.items()
                    ),
                )
                return
        if held["bank_id"] != bank.id:
            raise InputFileError(
                self.path,
                f"holds answers to bank '{held['bank_id']}', not '{bank.id}'; pass that bank's "
                "--questions and --scoring, or another --store",
            )

    def bank_id(self) -> str | None:
        with self._lock:
            row = self._connection.execute("SELECT value FROM meta WHERE key = 'bank_id'")
            found = row.fetchone()
        return None if found is None else str(found[0])

    # --- participants ------------------------------------------------------------------

    def participant(self, key: str) -> Participant | None:
        with self._lock:
            row = self._connection.execute(
                "SELECT progress, response_id FROM participants WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else Participant(row[0], row[1])

    def save_progress(self, key: str, progress: str) -> None:
        """Keep a participant's progress (creating them on first call); on disk on return."""
        now = _now()
        with self._lock:
            write(
                self._connection,
                lambda: self._connection.execute(
                    """INSERT INTO participants (key, created, updated, progress)
                       VALUES (?, ?, ?, ?)
                       ON CONFLICT (key) DO UPDATE SET updated = ?, progress = ?""",
                    (key, now, now, progress, now, progress),
                ),
            )

    # --- responses ---------------------------------------------------------------------

    def add_response(
        self,
        *,
        document: str,
        result: str,
        respondent: str | None,
        form: str,
        via: str,
        participant: str | None = None,
    ) -> tuple[int, bool]:
        """Store one response; (its id, whether it is new). On disk when this returns.

        A participant submits once: a second submission (a double tap, a resent form) returns
        the response already stored instead of adding another.
        """
        stored: list[tuple[int, bool]] = []

        def statements() -> None:
            if participant is not None:
                row = self._connection.execute(
                    "SELECT response_id FROM participants WHERE key = ?", (participant,)
                ).fetchone()
                if row is not None and row[0] is not None:
                    stored.append((int(row[0]), False))
                    return
            cursor = self._connection.execute(
                """INSERT INTO responses (received, respondent, form, via, document, result)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (_now(), respondent, form, via, document, result),
            )
            response_id = int(cursor.lastrowid or 0)
            if participant is not None:
                self._connection.execute(
                    "UPDATE participants SET response_id = ?, updated = ? WHERE key = ?",
                    (response_id, _now(), participant),
                )
            stored.append((response_id, True))

        with self._lock:
            write(self._connection, statements)
        return stored[0]

    def response(self, response_id: int) -> StoredResponse | None:
        with self._lock:
            row = self._connection.execute(
                f"SELECT {_COLUMNS} FROM responses WHERE id = ?", (response_id,)
            ).fetchone()
        return None if row is None else _stored(row)

    def responses(self) -> list[StoredResponse]:
        """Every response, oldest first."""
        with self._lock:
            rows = self._connection.execute(
                f"SELECT {_COLUMNS} FROM responses ORDER BY id"
            ).fetchall()
        return [_stored(row) for row in rows]

    def __iter__(self) -> Iterator[StoredResponse]:
        return iter(self.responses())

    def count(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT count(*) FROM responses").fetchone()[0])


_COLUMNS = "id, received, respondent, form, via, document, result"


def _stored(row: tuple[object, ...]) -> StoredResponse:
    number, received, respondent, form, via, document, result = row
    return StoredResponse(
        int(number),  # type: ignore[call-overload]  # INTEGER PRIMARY KEY: always an integer
        _text(received),
        None if respondent is None else _text(respondent),
        _text(form),
        _text(via),
        _text(document),
        _text(result),
    )


def _text(value: object) -> str:
    """A column that holds text, as text even in a damaged file (a BLOB, a number, NULL), so
    that the response is reported as invalid by the reader (exit 1) instead of crashing."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)
