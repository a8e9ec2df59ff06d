"""What the process was started with and cannot trust: standard streams the shell closed, and
terminal widths no terminal has. `root.main` sets these right before any command runs.
"""

import contextlib
import errno
import io
import os
import sys
from collections.abc import MutableMapping

from rolefit.core.text import NARROWEST_TERMINAL, WIDEST_TERMINAL


def drop_unusable_widths(environ: MutableMapping[str, str]) -> None:
    """Forget a terminal width that is no number from NARROWEST_TERMINAL to WIDEST_TERMINAL
    (`COLUMNS=0`, `COLUMNS=3000000`).

    Rich prints nothing at width 0, and typer fails on a TERMINAL_WIDTH that is no number;
    without the variable both ask the terminal, or use 80 columns.
    """
    for name in ("COLUMNS", "TERMINAL_WIDTH"):
        value = environ.get(name)
        if value is not None and not (
            value.isascii()
            and value.isdigit()
            and NARROWEST_TERMINAL <= int(value) <= WIDEST_TERMINAL
        ):
            del environ[name]


class ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it: a write fails as one to a closed file would.

    Python sets `sys.stdout` to None then, and Rich and typer silently print nothing into
    None; with this in its place the loss is an error (exit 1), as for a full disk.
    """

    name = "<stdout>"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def isatty(self) -> bool:
        return False


class LostMessages(io.TextIOBase):
    """Standard error when the shell closed it: what would be said there goes nowhere.

    Python sets `sys.stderr` to None then, and a write to None fails: a warning would turn
    into an internal error (exit 70) instead of keeping the command's own exit code.
    """

    name = "<stderr>"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)

    def isatty(self) -> bool:
        return False


def discard_stdout() -> None:
    """Point standard output at the null device, so Python's last flush at exit cannot fail
    (it would print "Exception ignored" and a traceback after our one line)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        descriptor = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, descriptor)
        finally:
            os.close(null)
