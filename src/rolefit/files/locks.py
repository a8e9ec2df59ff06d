"""Lock files, and whether a process still runs.

A lock is an exclusive, non-blocking `flock` on a regular file (created 0600, never followed
through a link): the system releases it when the holder ends, however it ends, so a lock is
never left stale, and the file itself is never deleted (deleting a lock file that someone may
be opening would let two processes hold two different locks). The holder writes its pid and
start time into the file, for the message whoever is refused shows.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from rolefit.errors import FileSystemError


def process_running(pid: int) -> bool:
    """Whether a process `pid` exists (another user's counts; a number no process has too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # it exists, it is just not ours to signal; or no pid can be that large
    return True


@contextlib.contextmanager
def held(path: Path, *, purpose: str, busy: Callable[[int], Exception]) -> Iterator[None]:
    """Hold the lock file `path` while the block runs.

    If another process holds it, `busy(descriptor)` is raised: it may read `holder(descriptor)`
    to say who. `FileSystemError` if the file cannot be opened or locked (`cannot lock the
    {purpose} (...)`).
    """
    descriptor = _open(path)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy(descriptor) from None
        except OSError as error:
            raise FileSystemError(path, f"cannot lock the {purpose} ({error.strerror})") from None
        _record_holder(descriptor)
        yield
    finally:
        os.close(descriptor)


def holder(descriptor: int) -> tuple[int, datetime] | None:
    """(pid, start) from a lock file; None while the new holder has not written it yet."""
    try:
        record = json.loads(os.pread(descriptor, 4096, 0))
        pid, started = record["pid"], datetime.fromisoformat(record["started"])
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0 or started.tzinfo is None:
        return None
    if not process_running(pid):
        return None  # an earlier holder's record, about to be replaced by the new holder's
    return pid, started


def _open(path: Path) -> int:
    """The lock file, opened for reading and writing (created 0600); never a link or a device."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        raise FileSystemError(path, f"cannot open the lock file ({error.strerror})") from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise FileSystemError(path, "cannot use the lock file: it is not a regular file")
    return descriptor


def _record_holder(descriptor: int) -> None:
    """Who holds the lock, for the message a refused process shows; written once it is ours."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    record = json.dumps({"pid": os.getpid(), "started": started}) + "\n"
    with contextlib.suppress(OSError):
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, record.encode(), 0)
