"""The one way in: every file rolefit reads, read safely, parsed within limits, located by line.

Reading. Only regular files are read. A path is opened without blocking (a FIFO with no
writer cannot hang the open) and the open descriptor, not the path, is checked: a folder, a
FIFO, a socket or a device is refused, whether named directly or through a symlink (symlinks
are followed; what they lead to must be a regular file). A look at the path before opening
it means that a device is not even opened, unless it is swapped in at that very moment. The
size cap is checked on the descriptor before a byte is read, and no more than the cap plus
one byte is read anyway, in case the file grows. Standard input is read with the same cap.

Parsing. `parse` picks the parser by the file's suffix: JSON (`jsonio`) for a .json file,
YAML (`yaml12`, the YAML 1.2 core schema of `yamlcore`) otherwise. Both build documents
within the limits of `limits` (size, depth, values), refuse duplicate keys, numbers that are
not finite and lone surrogates, and never build an object or run anything a file names.
`line_of` finds the line of a value in a document's text. Other modules import all of this
from here.

Every refusal is an InputFileError (exit 2) naming `file:line` and what to change, except the
system's own failures (no permission, an I/O error), which are FileSystemError (exit 1).

Every file read here is noted as an input (`files.inputs`), which no output may replace.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any, Literal

from rolefit.core.text import shown
from rolefit.errors import FileSystemError, InputFileError
from rolefit.files.inputs import note_input
from rolefit.files.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from rolefit.files.paths import kind_of
from rolefit.files.yaml12 import line_of, parse_yaml

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "STDIN_NAME",
    "decode",
    "kind_of",
    "line_of",
    "load",
    "parse",
    "parser_of",
    "read_bytes",
    "read_stdin",
    "read_text",
]

STDIN_NAME = "<stdin>"

# --- Reading bytes -----------------------------------------------------------------------

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# After the first read (the whole of a file that is as large as fstat said), reads this big.
_CHUNK = 64 * 1024
# What the system refused because of the path or the file itself: bad input, exit 2.
_UNUSABLE = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.ELOOP,
    errno.ENAMETOOLONG,
    errno.EISDIR,
    errno.ENXIO,
    errno.ENODEV,
    errno.EOVERFLOW,
    errno.EFBIG,
}


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, or an error that says why it cannot be read."""
    if str(path) == "-":
        raise InputFileError(path, "standard input cannot be read here; give a file path")
    return decode(read_bytes(path, max_bytes=max_bytes), path, max_bytes=max_bytes)


def read_bytes(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """At most `max_bytes` of a regular file (symlinks followed), or an error saying why not."""
    try:
        # A look before opening, so that a device is never even opened (opening some has
        # effects); the open descriptor's own fstat below is what decides.
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise InputFileError(path, f"{_what_it_is(path, mode)}, not a file; {_GIVE}")
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _refusal(path, error) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(path, f"{_what_it_is(path, info.st_mode)}, not a file; {_GIVE}")
        note_input(info)
        if info.st_size > max_bytes:
            raise _too_big(path, f"is {info.st_size:,} bytes", max_bytes)
        if _NONBLOCK:  # a regular file: reads may block on the disk like any other read
            os.set_blocking(handle, True)
        return _read_capped(handle, info.st_size, max_bytes)
    except OSError as error:
        raise _refusal(path, error) from None
    finally:
        os.close(handle)


_GIVE = "give the path of a YAML or JSON file"


def _read_capped(handle: int, size: int, max_bytes: int) -> bytes:
    """Read to the end, but never more than `max_bytes + 1` bytes (the file may have grown)."""
    wanted = max_bytes + 1
    chunks: list[bytes] = []
    total = 0
    request = min(size + 1, wanted)  # the whole file and the end of it, in one read
    while total < wanted:
        chunk = os.read(handle, request)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        request = min(_CHUNK, wanted - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _refusal(path: Path | str, error: OSError) -> InputFileError | FileSystemError:
    """One line for what the system refused: the input's fault (exit 2) or the system's (1)."""
    code = error.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return InputFileError(path, f"is a symlink to a missing file ({_target(path)})")
        return InputFileError(path, "no such file; check the path")
    if code == errno.ENOTDIR:
        return InputFileError(path, "no such file (a part of the path is not a folder)")
    if code == errno.ELOOP:
        return InputFileError(path, f"is a symlink loop, not a file; {_GIVE}")
    if code == errno.ENAMETOOLONG:
        return InputFileError(path, "the path is too long for the file system; check it")
    if code in (errno.EOVERFLOW, errno.EFBIG):
        return _too_big(path, "is too large", MAX_FILE_BYTES)
    if code in _UNUSABLE:  # EISDIR, ENXIO (a socket), ENODEV: not something to read
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if mode and not stat.S_ISREG(mode):
            return InputFileError(path, f"{_what_it_is(path, mode)}, not a file; {_GIVE}")
    reason = error.strerror or type(error).__name__
    if code in (errno.EACCES, errno.EPERM):
        return FileSystemError(path, f"cannot be read ({reason}); check its permissions")
    return FileSystemError(path, f"cannot be read ({reason})")


def _too_big(path: Path | str, size: str, max_bytes: int) -> InputFileError:
    return InputFileError(path, f"{size}; files over {max_bytes:,} bytes are refused")


def _what_it_is(path: Path | str, mode: int) -> str:
    if os.path.islink(path):
        return f"is a symlink to {kind_of(mode)} ({_target(path)})"
    return f"is {kind_of(mode)}"


def _target(path: Path | str) -> str:
    try:
        return shown(os.readlink(path))
    except OSError:
        return "unreadable"


def read_stdin(*, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Standard input's text, read with the same cap as a file (never more than cap + 1)."""
    stream = sys.stdin
    if stream is None or not hasattr(stream, "buffer"):
        raise InputFileError(STDIN_NAME, "standard input is closed; give a file path instead")
    # `< me.yaml`: an input no output may replace. No descriptor (a test's stream): no file.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        info = os.fstat(stream.fileno())
        if stat.S_ISREG(info.st_mode):
            note_input(info)
    with contextlib.suppress(OSError, ValueError):
        if stream.isatty():  # `score -` typed at a prompt: it waits for the person, so say so
            from rolefit.files.output import say

            say(
                "rolefit: reading the answers from the terminal: paste or type them, then "
                "press Ctrl-D (or give a file instead of -)"
            )
    try:
        raw = stream.buffer.read(max_bytes + 1)
    except OSError as error:
        raise FileSystemError(STDIN_NAME, f"cannot be read ({error.strerror})") from None
    if raw is None:  # a non-blocking standard input with nothing in it yet
        raise InputFileError(STDIN_NAME, "has nothing to read yet; give a file path instead")
    return decode(raw, STDIN_NAME, max_bytes=max_bytes)


def decode(raw: bytes, path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    if len(raw) > max_bytes:
        raise _too_big(path, "is too large", max_bytes)
    if b"\x00" in raw:
        raise InputFileError(path, "is a binary file (it holds a NUL byte); expected YAML or JSON")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputFileError(
            path,
            f"is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8",
            line=line,
        ) from None


def load(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, str]:
    """Parsed data and the text it came from (kept for line look-ups on error)."""
    text = read_text(path, max_bytes=max_bytes)
    return parse(text, path), text


def parse(text: str, path: Path | str) -> Any:
    """The document in `text`: JSON for a .json file, YAML (1.2 core schema) otherwise."""
    if parser_of(path) == "json":
        # Imported here: YAML files, most of them, never need the json module, whose import
        # (with the patterns of jsonio) would otherwise be part of every start-up.
        from rolefit.files.jsonio import parse_json

        return parse_json(text, path)
    return parse_yaml(text, path)


def parser_of(path: Path | str) -> Literal["json", "yaml"]:
    """Which parser `parse` reads the file at `path` with: its suffix decides."""
    return "json" if str(path).endswith(".json") else "yaml"
