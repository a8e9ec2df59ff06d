"""Opening a rolefit SQLite file: created private, in WAL mode, at a schema this rolefit knows.

Every store (the workshop's responses today, a person's history later) opens its file through
`open_database`, which

- creates the file with mode 600 (its folder 700) before SQLite touches it, so that answers
  are never readable by other users, not even for a moment;
- tells a rolefit database from any other file by SQLite's `application_id`, and a store of
  one kind from another by `Schema.kind`;
- runs the schema's migration steps in order inside one transaction each, recording the step
  reached in `PRAGMA user_version`, and refuses a file written by a newer rolefit (a higher
  version) with one line that says to upgrade, instead of misreading it;
- sets WAL mode with `synchronous=FULL`: a transaction is on disk (the WAL fsynced) when
  COMMIT returns, so an acknowledged write survives `kill -9` and a power cut. NORMAL would
  survive `kill -9` as well but may lose the last commits on power loss; a workshop writes a
  few hundred small rows, so the fsync per commit is cheap and worth it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from rolefit.core.records import record
from rolefit.errors import FileSystemError, InputFileError
from rolefit.files.inputs import note_input

# "RoLF" in ASCII: marks a SQLite file as rolefit's (`PRAGMA application_id`).
APPLICATION_ID = 0x526F4C46
# How long a writer waits for another connection's lock before giving up, in milliseconds.
BUSY_TIMEOUT_MS = 10_000
STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")

Migration = Callable[[sqlite3.Connection], None]


@record
class Schema:
    """The tables of one kind of store, as numbered steps: step k brings version k-1 to k.

    Steps are only ever appended: a released step never changes, so every file can be brought
    up to date from whatever version it holds.
    """

    kind: str  # "workshop", "history": kept in the file, checked on every open
    steps: Sequence[Migration]

    @property
    def version(self) -> int:
        return len(self.steps)


def is_store_path(path: Path | str) -> bool:
    """Whether `path` names a store by its suffix (`.db`, `.sqlite`, `.sqlite3`)."""
    return str(path).lower().endswith(STORE_SUFFIXES)


def open_database(path: Path, schema: Schema, *, create: bool) -> sqlite3.Connection:
    """A connection to the store at `path`, created (when `create`) and migrated to `schema`.

    Raises InputFileError (exit 2) for a file that is not a rolefit store of this kind, is
    damaged, or was written by a newer rolefit; FileSystemError (exit 1) when the system
    refuses to create or open it.
    """
    exists = path.exists()
    if not exists and path.is_symlink():
        raise InputFileError(
            path, "a symbolic link that loops or leads nowhere; give the store's own path"
        )
    if not exists and not create:
        raise InputFileError(path, "no such store; check the path")
    if exists and not path.is_file():
        raise InputFileError(path, "not a file; a store is one SQLite file (e.g. workshop.db)")
    if exists and not create and is_empty_file(path):
        raise InputFileError(path, _EMPTY)  # before WAL mode writes its header into it
    if not exists:
        _create_private(path)
    try:
        connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise FileSystemError(path, f"cannot open the store ({error})") from None
    with contextlib.suppress(OSError):  # gone already: then there is nothing to protect
        note_input(os.stat(path))  # `-o` naming the store must not replace it
    try:
        _configure(connection, path)
        _migrate(connection, path, schema, create=create)
    except BaseException:
        connection.close()
        raise
    return connection


_EMPTY = "an empty file, not a rolefit store (a copy cut short?); pass the store rolefit wrote"


def is_empty_file(path: Path) -> bool:
    """Whether `path` is a file of 0 bytes: a store cut short, or made and never written."""
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def _create_private(path: Path) -> None:
    """An empty file readable by its owner only (SQLite fills it on first write)."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first: open that one
    except OSError as error:
        raise FileSystemError(path, f"cannot create the store ({error.strerror})") from None
    os.close(descriptor)


def _configure(connection: sqlite3.Connection, path: Path) -> None:
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        raise refusal(path, error) from None
    if str(mode).lower() != "wal":
        raise FileSystemError(path, f"the store cannot use WAL mode here (got {mode})")


def _migrate(connection: sqlite3.Connection, path: Path, schema: Schema, *, create: bool) -> None:
    """Bring the file to `schema.version`, one transaction per step; refuse what is not ours.

    An empty file becomes a store only for a command that makes one (`create`): for one that
    reads a store (`report`, `export`), it is a truncated or wrong file, refused, not filled in.
    """
    try:
        connection.execute("BEGIN IMMEDIATE")  # one process migrates; others wait, then see it
        try:
            application, version, kind = _identity(connection)
            if application == 0 and version == 0 and not _has_tables(connection):
                if not create:
                    raise InputFileError(path, _EMPTY)
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute("CREATE TABLE rolefit_store (kind TEXT NOT NULL)")
                connection.execute("INSERT INTO rolefit_store (kind) VALUES (?)", (schema.kind,))
                kind = schema.kind
            elif application != APPLICATION_ID:
                raise InputFileError(
                    path, "an SQLite database, but not a rolefit store; pass a store rolefit made"
                )
            if kind is None:
                raise InputFileError(
                    path, "a rolefit store whose kind is missing or damaged; is it damaged?"
                )
            if kind != schema.kind:
                raise InputFileError(
                    path, f"a rolefit {kind} store, not a {schema.kind} store; pass the right file"
                )
            if version > schema.version:
                raise InputFileError(
                    path,
                    f"written by a newer rolefit (store version {version}; this rolefit reads up "
                    f"to {schema.version}); upgrade rolefit to open it",
                )
            for number in range(version + 1, schema.version + 1):
                schema.steps[number - 1](connection)
                connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as error:
        raise refusal(path, error) from None


def _identity(connection: sqlite3.Connection) -> tuple[int, int, str | None]:
    application = int(connection.execute("PRAGMA application_id").fetchone()[0])
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if application != APPLICATION_ID:
        return application, version, None
    row = connection.execute("SELECT kind FROM rolefit_store").fetchone()
    kind = None if row is None else row[0]
    return application, version, kind if isinstance(kind, str) and kind else None


def _has_tables(connection: sqlite3.Connection) -> bool:
    return int(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]) > 0


def refusal(path: Path, error: sqlite3.DatabaseError) -> FileSystemError | InputFileError:
    """What SQLite's `error` on the store at `path` means for the user, in one line.

    SQLite writes even to read a store (the WAL's index beside it; the migration check takes
    a write lock), so a store, or its folder, that may not be written is the system refusing
    (exit 1, fix the permissions), never a damaged file to move aside.
    """
    said = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and ("locked" in said or "busy" in said):
        return FileSystemError(
            path,
            f"is in use by another program for over {BUSY_TIMEOUT_MS // 1000} s ({error}); try "
            "again once it is done with the store",
        )
    if isinstance(error, sqlite3.OperationalError) and any(
        words in said for words in ("readonly", "read-only", "unable to open", "disk i/o")
    ):
        return FileSystemError(
            path,
            f"cannot be used ({error}): rolefit writes to a store and beside it even to read "
            f"it; check that you may write to it and to folder {path.parent}",
        )
    return _not_a_store(path, error)


def _not_a_store(path: Path, error: sqlite3.DatabaseError) -> InputFileError:
    return InputFileError(
        path, f"not a readable rolefit store ({error}); is it damaged, or another kind of file?"
    )


def write(connection: sqlite3.Connection, statements: Callable[[], object]) -> None:
    """Run `statements` in one IMMEDIATE transaction: all of them are on disk, or none."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        statements()
        connection.execute("COMMIT")
    except BaseException:
        # A COMMIT that failed (SQLite busy, a full disk) leaves the transaction open: end it,
        # or the connection's next BEGIN fails too. The original error is the one to report.
        if connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
        raise
