"""Writing files so that a failed run never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rolefit.errors import InputFileError

if TYPE_CHECKING:
    from rich.console import RenderableType


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


def emit_rich(renderable: RenderableType, output: Path | None) -> None:
    """Print a Rich renderable: styled on a terminal, plain text into a file."""
    import io

    from rich.console import Console

    if output is None or str(output) == "-":
        Console().print(renderable)
        return
    console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
    console.print(renderable)
    emit(console.export_text(), output)


def emit_as(
    format: str,
    output: Path | None,
    *,
    json: Callable[[], str],
    markdown: Callable[[], str],
    text: Callable[[], RenderableType],
) -> None:
    """Render in `format` (json, markdown, or text: Rich) and send it to `output`.

    The renderers are callables so that only the one asked for runs (and imports).
    """
    if format == "json":
        emit(json(), output)
    elif format == "markdown":
        emit(markdown(), output)
    else:
        emit_rich(text(), output)


def warn(message: str) -> None:
    sys.stderr.write(f"rolefit: warning: {message}\n")
