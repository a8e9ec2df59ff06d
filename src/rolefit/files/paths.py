"""Where things live: the bundled bank (in a wheel or an editable checkout), per-user state."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# Where an output goes: a file's path, or STDOUT for standard output.
PathLike = Path | str
STDOUT = "-"


def is_stdout(output: PathLike | None) -> bool:
    """Whether `output` means standard output (None or `-`), which rolefit.files.output writes."""
    return output is None or os.fspath(output) == STDOUT


def data_dir() -> Path:
    """The folder holding `questions/` and `scoring/`.

    A wheel carries them in `rolefit/data/` (hatchling force-include). An editable install
    has no such copy, so fall back to the checkout's top-level folders, two levels up from
    `src/rolefit/`, which facilitators edit directly.
    """
    bundled = PACKAGE_DIR / "data"
    if (bundled / "questions").is_dir():
        return bundled
    return PACKAGE_DIR.parent.parent


def default_questions() -> Path:
    return data_dir() / "questions" / "default.yaml"


def default_scoring() -> Path:
    return data_dir() / "scoring" / "default.yaml"


def state_dir() -> Path:
    """`$XDG_STATE_HOME/rolefit`, or `~/.local/state/rolefit`: the quiz's progress and answers."""
    return _xdg_folder("XDG_STATE_HOME", ".local/state")


def user_data_dir() -> Path:
    """`$XDG_DATA_HOME/rolefit`, or `~/.local/share/rolefit`: what rolefit keeps for the user
    (their history, the workshop stores of `rolefit serve`)."""
    return _xdg_folder("XDG_DATA_HOME", ".local/share")


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/rolefit`, or `~/.cache/rolefit`: what rolefit can always make again
    (checked banks, `files.bankcache`)."""
    return _xdg_folder("XDG_CACHE_HOME", ".cache")


def _xdg_folder(variable: str, default_under_home: str) -> Path:
    """rolefit's folder in an XDG base directory: the variable's value, or the default under
    the home folder when it is unset or relative (the spec says a relative value is invalid
    and must be ignored)."""
    configured = os.environ.get(variable, "")
    base = Path(configured) if os.path.isabs(configured) else Path.home() / default_under_home
    return base / "rolefit"


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words: "a folder", "a FIFO", "a character device"…"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISREG(mode):
        return "a file"
    return "a special file"


def command_name(
    argv0: str | None = None, which: Callable[[str], str | None] = shutil.which
) -> str:
    """How to run rolefit again, as the user can type it here: what a hint should print.

    `rolefit` when that name on the PATH is the program running; otherwise the path it was
    started by (`.venv/bin/rolefit` after `make quiz`, which puts nothing on the PATH), or
    `python -m rolefit` with this interpreter. Started some other way (a test runner), the
    plain name.
    """
    import shlex

    started = sys.argv[0] if argv0 is None else argv0
    base = os.path.basename(started)
    if base == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m rolefit"
    if base not in {"rolefit", "rolefit.exe"}:
        return "rolefit"
    on_path = which("rolefit")
    try:
        if on_path is not None and os.path.samefile(on_path, started):
            return "rolefit"
    except OSError:
        pass
    if os.sep not in started and "/" not in started:
        return "rolefit"
    return shlex.quote(started)
