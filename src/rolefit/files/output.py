"""The one way out to the screen: standard output, the result card, warnings on stderr.

- **`-` (or no file) is standard output**; any other name goes to `writing.write_atomic`.
- **Every stream gets what it can show.** Text its encoding cannot hold becomes backslash
  escapes, JSON gets `\\u` escapes (still JSON), a drawn card gets ASCII look-alikes that
  keep its columns.
- **One line for every failure** (`FileSystemError`, exit 1): a closed or broken standard
  output, a full device.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

from rolefit.core.text import MESSAGE_LIMIT, NARROWEST_TERMINAL, WIDEST_TERMINAL, shown
from rolefit.errors import FileSystemError, RolefitError
from rolefit.files.paths import PathLike, is_stdout

if TYPE_CHECKING:
    from rich.console import RenderableType

STDOUT_NAME = "standard output"
# A terminal width outside core.text's bounds is a misreading (COLUMNS=0): the card is drawn
# FALLBACK_WIDTH wide, what Rich itself assumes when it cannot tell.
FALLBACK_WIDTH = 80
FILE_WIDTH = 100  # a text card written to a file
# Compiled (by `re`) when first needed: only output that an encoding cannot hold goes through it.
_NOT_ASCII = r"[^\x00-\x7f]"


def emit(
    text: str,
    output: PathLike | None,
    *,
    unencodable: Callable[[str, str], str] | None = None,
    private: bool = False,
) -> None:
    """Send `text` to `output` (atomically), or to stdout when it is None or "-".

    On a stdout whose encoding cannot hold `text`, `unencodable(text, encoding)` makes it fit
    (default: backslash escapes). A stdout that is closed or refuses the write ends the
    command with one line (`FileSystemError`, exit 1). `private` is `write_atomic`'s (a file
    only its owner may read).
    """
    if output is None or is_stdout(output):
        _to_stdout(text, unencodable)
        return
    # Imported here: a command printing to standard output (most runs) never writes a file.
    from rolefit.files.writing import write_atomic

    write_atomic(output, text, private=private)


def json_escaped(text: str, encoding: str) -> str:
    """JSON `text` with every character `encoding` cannot hold as a `\\u` escape (still JSON).

    Outside strings JSON is ASCII, so escaping the characters it cannot encode keeps it valid.
    """

    def escape(match: re.Match[str]) -> str:
        character = match.group()
        if _encodable(character, encoding):
            return character
        code = ord(character)
        if code > 0xFFFF:
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"

    return re.sub(_NOT_ASCII, escape, text)


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _backslashed(text: str, encoding: str) -> str:
    return text.encode(encoding, "backslashreplace").decode(encoding, "replace")


# What a drawn card's characters become on a stream that cannot show them: one column each, so
# that the boxes Rich measured stay aligned.
_PLAIN_CHARACTERS = str.maketrans(
    {
        "─": "-",
        "━": "=",
        "│": "|",
        "┃": "|",
        "┼": "+",
        "●": "o",
        "■": "#",
        "□": "o",
        "█": "#",
        "▉": "#",
        "▊": "#",
        "▋": "#",
        "▌": "#",
        "▍": "#",
        "▎": "#",
        "▏": "#",
        "◀": "<",
        "▶": ">",
        "→": ">",
        "✓": "v",
        "–": "-",
        "—": "-",
        "·": ".",
        "±": "~",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "…": ".",
        "\xa0": " ",
        "\u202f": " ",
    }
)


def _plain_card(text: str, encoding: str) -> str:
    """A drawn card for a stream that cannot show some of its characters, columns kept."""
    import unicodedata

    def plain(match: re.Match[str]) -> str:
        character = match.group()
        if _encodable(character, encoding):
            return character
        replaced = character.translate(_PLAIN_CHARACTERS)
        if replaced != character and _encodable(replaced, encoding):
            return replaced
        return "??" if unicodedata.east_asian_width(character) in "WF" else "?"

    return re.sub(_NOT_ASCII, plain, text)


def _to_stdout(text: str, unencodable: Callable[[str, str], str] | None = None) -> None:
    stream = sys.stdout
    if stream is None:
        _stdout_failed(None)
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            # The stream encodes the whole text before it buffers any, so nothing was written.
            encoding = getattr(stream, "encoding", None) or "utf-8"
            stream.write((unencodable or _backslashed)(text, encoding))
        stream.flush()
    except (OSError, ValueError) as error:  # ValueError: the stream was closed
        _stdout_failed(error)


def _stdout_failed(error: OSError | ValueError | None) -> NoReturn:
    """End with one line; first point stdout at /dev/null so that the exit flushes quietly."""
    if error is None or isinstance(error, ValueError) or error.errno == errno.EBADF:
        reason = "it is closed"
    elif error.errno == errno.EPIPE:
        reason = "the reader stopped reading (broken pipe)"
    elif error.errno == errno.ENOSPC:
        reason = "no space left on the device"
    else:
        reason = error.strerror or type(error).__name__
    if sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
            descriptor = sys.stdout.fileno()
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, descriptor)
            os.close(quiet)
    raise FileSystemError(STDOUT_NAME, f"cannot write: {reason}") from None


class _Capture(io.StringIO):
    """Rich's output kept as text, with the encoding of the stream it will go to, so that Rich
    draws ASCII boxes for a stream that cannot show others."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


def emit_rich(renderable: RenderableType, output: PathLike | None) -> None:
    """Print a Rich renderable: styled on a terminal, plain text into a file (100 wide).

    On stdout the card is drawn first and printed through `emit`'s rules; a width below 20
    columns (`COLUMNS=0`) or over 1,000 is taken as unknown, and the card is drawn 80 wide.
    """
    from rich.console import Console

    if not is_stdout(output):
        console = Console(record=True, width=FILE_WIDTH, file=io.StringIO(), color_system=None)
        console.print(renderable)
        emit(console.export_text(), output)
        return
    stream = sys.stdout
    if stream is None:
        _stdout_failed(None)
    probe = Console(file=stream)
    usable = NARROWEST_TERMINAL <= probe.width <= WIDEST_TERMINAL
    width = probe.width if usable else FALLBACK_WIDTH
    encoding = getattr(stream, "encoding", None) or "utf-8"
    capture = _Capture(encoding)
    console = Console(
        file=capture,
        width=width,
        force_terminal=probe.is_terminal,
        color_system=probe.color_system,  # type: ignore[arg-type]
        legacy_windows=probe.legacy_windows,
    )
    console.print(renderable)
    _to_stdout(capture.getvalue(), _plain_card)


def emit_as(
    format: str,
    output: PathLike | None,
    *,
    json: Callable[[], str],
    markdown: Callable[[], str],
    text: Callable[[], RenderableType],
    html: Callable[[], str] | None = None,
    svg: Callable[[], str] | None = None,
) -> None:
    """Render in `format` (json, markdown, html, svg, or text: Rich) and send it to `output`.

    The renderers are callables so that only the one asked for runs (and imports).
    """
    documents = {"markdown": markdown, "html": html, "svg": svg}
    if format == "json":
        emit(json(), output, unencodable=json_escaped)
    elif format in documents:
        document = documents[format]
        if document is None:  # never the text card under a name that says html or svg
            raise RolefitError(f"this command writes text, markdown or json, not {format}")
        emit(document(), output)
    else:
        emit_rich(text(), output)


def warn(message: str) -> None:
    """`rolefit: warning: ...` on stderr, made safe to show; a stderr that is gone is let be."""
    say(f"rolefit: warning: {shown(message, limit=MESSAGE_LIMIT)}")


def say(line: str) -> None:
    """One line on stderr (the caller makes it safe to show). A stderr that is closed or full
    loses the line, never the exit code: the command goes on as if it had been said."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()
