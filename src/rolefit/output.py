"""Writing files so that a failed run never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from rolefit.errors import InputFileError


def write_atomic(path: Path, content: str | bytes, *, private: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    The temporary file is created readable by its owner only; unless `private`, it is opened
    up to what the user's umask allows before the rename, like any file the user writes.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputFileError(path, f"cannot write: folder {folder} does not exist")
    if path.is_dir():
        raise InputFileError(path, "cannot write: it is a folder; give a file name")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise InputFileError(path, f"cannot write ({error.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not private:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise InputFileError(path, f"cannot write ({error.strerror})") from None
        raise


def _umask() -> int:
    current = os.umask(0)  # the only way to read it is to set it, so put it straight back
    os.umask(current)
    return current


def emit(text: str, output: Path | None) -> None:
    """Send `text` to `output` (atomically), or to stdout when it is None or "-"."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(output, text)
