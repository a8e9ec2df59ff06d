"""A checked bank kept between runs, so that a command does not check the same files again.

Why. Checking a bank (pydantic validating both files, then the rules spanning them) is most of
what `rolefit score` does on its own: about 35 ms, when its goal is to stay within 10 % of a
bare typer app (`benchmarks/startup.py`). The bank is a function of the two files' text and of
rolefit's code alone, so, like Python's byte-code cache, it is kept under a key made of both:
`$XDG_CACHE_HOME/rolefit/banks/KEY.pickle` (`~/.cache/...` by default). The key hashes the
texts, rolefit's version, the size and modification time of every module of the core and of
the files edge that parses them (Python's own rule for byte-code; pip gives every file it
installs a new time), and the versions of Python and pydantic: an edited bank, an edited
parser or core, or a new install is a new key, never a stale bank. A valid bank only: a bank
with problems is checked, and reported, every time.

Trust. A pickle runs what it names, so a cache file is read only when it and its folder belong
to this user and nobody else may write to them, and its unpickler builds nothing but the core's
data classes (`_CoreOnly`): a planted file cannot run code.

Failure. A cache that cannot be read, written or trusted is as if there were none: the bank is
checked from its files, which is always right, only slower. It never becomes an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pickle
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rolefit import __version__
from rolefit.core.bank import Bank
from rolefit.errors import RolefitError
from rolefit.files import paths

# Entries kept: a facilitator editing a custom bank makes a new one per edit.
KEEP = 16
# A bank's pickle is about 100 kB; anything far larger is not one of ours.
_MAX_BYTES = 16 * 1024 * 1024
_SUFFIX = ".pickle"
# The code a checked bank depends on: the core builds it, the files edge parses its files.
_CODE = tuple(Path(__file__).resolve().parent.parent / name for name in ("core", "files"))


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/rolefit/banks`, or `~/.cache/rolefit/banks`."""
    return paths.cache_dir() / "banks"


def key_of(texts: Sequence[str]) -> str:
    """The cache key of a bank: its files' texts and the code that checks and builds it."""
    digest = hashlib.sha256(_code_stamp())
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def recall(key: str) -> Bank | None:
    """The bank kept under `key`, or None when there is none that can be trusted."""
    path = cache_dir() / (key + _SUFFIX)
    try:
        data = _read_trusted(path)
        if data is None:
            return None
        bank = _CoreOnly(io.BytesIO(data)).load()
    except Exception:  # a corrupt entry can raise almost anything: it is a miss
        return None
    return bank if isinstance(bank, Bank) else None


def keep(key: str, bank: Bank) -> None:
    """Keep `bank` under `key` (private to the user), then drop all but the newest entries."""
    from rolefit.files import writing

    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.lstat(folder), folder=True):
            return
        data = pickle.dumps(bank, protocol=pickle.HIGHEST_PROTOCOL)
        writing.write_atomic(folder / (key + _SUFFIX), data, private=True)
        _prune(folder)
    except (OSError, RolefitError, pickle.PicklingError):
        return


def _code_stamp() -> bytes:
    parts = [__version__, sys.version, _pydantic_version(), str(pickle.HIGHEST_PROTOCOL)]
    for package in _CODE:
        for module in sorted(os.listdir(package)):
            if module.endswith(".py"):
                info = os.stat(package / module)
                parts.append(f"{package.name}/{module}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode()


def _pydantic_version() -> str:
    from pydantic.version import VERSION

    return VERSION


def _read_trusted(path: Path) -> bytes | None:
    """The file's bytes when it and its folder are this user's alone; None otherwise."""
    try:
        if not _trusted(os.lstat(path.parent), folder=True):
            return None
        # O_NOFOLLOW: a symlink is refused; O_NONBLOCK: a FIFO cannot hang the open.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        handle = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not (_trusted(info, folder=False) and info.st_size <= _MAX_BYTES):
            return None
        os.set_blocking(handle, True)
        with os.fdopen(handle, "rb", closefd=False) as file:
            return file.read(_MAX_BYTES + 1)
    finally:
        os.close(handle)


def _trusted(info: os.stat_result, *, folder: bool) -> bool:
    """This user's own folder or regular file, which no one else may write to."""
    kind = stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return kind and owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _prune(folder: Path) -> None:
    entries = []
    for entry in os.scandir(folder):
        if entry.name.endswith(_SUFFIX) and entry.is_file(follow_symlinks=False):
            entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    for _, stale in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):  # gone already: another rolefit pruned it
            os.unlink(stale)


class _CoreOnly(pickle.Unpickler):
    """An unpickler that builds only the core's data classes: its pydantic models and frozen
    dataclasses. Anything else a file names (a function to call, another module) is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("rolefit.core.") and "." not in name:
            found = getattr(sys.modules.get(module), name, None)
            if found is None:
                found = super().find_class(module, name)
            if (
                isinstance(found, type)
                and found.__module__.startswith("rolefit.core.")
                and _is_data_class(found)
            ):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a data class of rolefit's core")


def _is_data_class(cls: type) -> bool:
    from pydantic import BaseModel

    return issubclass(cls, BaseModel) or dataclasses.is_dataclass(cls)
