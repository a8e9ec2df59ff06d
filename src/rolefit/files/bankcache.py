"""A checked bank kept between runs, so that a command does not check the same files again.

Why. Checking a bank (pydantic validating both files, then the rules spanning them) is most of
what `rolefit score` does on its own: about 35 ms, when its goal is to stay within 10 % of a
bare typer app (`benchmarks/startup.py`). The bank is a function of the two files' text and of
rolefit's code alone, so, like Python's byte-code cache, it is kept under a key made of both:
`$XDG_CACHE_HOME/rolefit/banks/KEY.pickle` (`~/.cache/...` by default). The key hashes the
texts and the parser each is read with (by its suffix); rolefit's version; the size and
modification time of every module of the core and of the files edge that parses them
(Python's own rule for byte-code; pip gives every file it installs a new time); and the
versions of Python, pydantic and PyYAML. An edited bank, an edited parser or core, or a new
install is a new key, never a stale bank. A valid bank only: a bank with problems is checked,
and reported, every time.

Trust. A pickle runs what it names, so the cache is used only where nobody else can put a file:
the folder, and every folder above it, must belong to this user or to root and be writable by
no one else (a sticky folder such as /tmp aside, where nobody may move another's entries). The
folder is then opened once, without following a link, and checked through its descriptor;
entries are read and written relative to it, never through the path again, and an entry must
be a regular file of this user's that nobody else may write. Its unpickler builds nothing but
the core's data classes (`_CoreOnly`). So root run with a user's HOME (`sudo -E`) leaves that
user's cache alone, and a planted file or a swapped folder cannot run code or pass for a bank.

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
from rolefit.files import paths

# Entries kept: a facilitator editing a custom bank makes a new one per edit.
KEEP = 16
# A bank's pickle is about 100 kB; anything far larger is not one of ours.
_MAX_BYTES = 16 * 1024 * 1024
_SUFFIX = ".pickle"
# The code a checked bank depends on: the core builds it, the files edge parses its files.
_CODE = tuple(Path(__file__).resolve().parent.parent / name for name in ("core", "files"))
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/rolefit/banks`, or `~/.cache/rolefit/banks`."""
    return paths.cache_dir() / "banks"


def key_of(files: Sequence[tuple[str, str]]) -> str | None:
    """The cache key of a bank from its files as (parser, text) pairs, and the code that reads,
    checks and builds it; None when that code cannot be listed (run from a zip): no cache."""
    try:
        stamp = _code_stamp()
    except OSError:
        return None
    digest = hashlib.sha256(stamp)
    for parser, text in files:
        data = f"{parser}\n{text}".encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def recall(key: str) -> Bank | None:
    """The bank kept under `key`, or None when there is none that can be trusted."""
    folder = _open_folder(create=False)
    if folder is None:
        return None
    try:
        data = _read_trusted(folder, key + _SUFFIX)
        if data is None:
            return None
        bank = _CoreOnly(io.BytesIO(data)).load()
    except Exception:  # a corrupt entry can raise almost anything: it is a miss
        return None
    finally:
        os.close(folder)
    return bank if isinstance(bank, Bank) else None


def keep(key: str, bank: Bank) -> None:
    """Keep `bank` under `key` (private to the user), then drop all but the newest entries."""
    from rolefit.files.writing import replace_in_folder

    folder = _open_folder(create=True)
    if folder is None:
        return
    try:
        replace_in_folder(folder, key + _SUFFIX, pickle.dumps(bank, pickle.HIGHEST_PROTOCOL))
        _prune(folder)
    except Exception:  # a cache that cannot be written (a full disk, say) is only a slower run
        return
    finally:
        os.close(folder)


def _code_stamp() -> bytes:
    from pydantic.version import VERSION as pydantic_version
    from yaml import __version__ as yaml_version

    parts = [__version__, sys.version, pydantic_version, yaml_version]
    parts.append(str(pickle.HIGHEST_PROTOCOL))
    for package in _CODE:
        # scandir: one entry per file, each stat'ed once (a Path per module cost more).
        with os.scandir(package) as entries:
            modules = sorted((e for e in entries if e.name.endswith(".py")), key=lambda e: e.name)
        for entry in modules:
            info = entry.stat()
            parts.append(f"{package.name}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts).encode()


def _open_folder(*, create: bool) -> int | None:
    """The cache folder, open, when it and the folders above it are safe (see the module's
    Trust); None otherwise, made first with `create`."""
    try:
        folder = cache_dir()
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        real = Path(os.path.realpath(folder))
        if not all(_safe_above(os.lstat(above)) for above in real.parents):
            return None
        handle = os.open(real, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW | _CLOEXEC)
    except (OSError, RuntimeError, KeyError):  # no home folder (RuntimeError), no such user
        return None
    if _trusted(os.fstat(handle), folder=True):
        return handle
    os.close(handle)
    return None


def _read_trusted(folder: int, name: str) -> bytes | None:
    """The entry's bytes when it is a regular file of this user's alone; None otherwise."""
    try:
        # O_NOFOLLOW: a symlink is refused; O_NONBLOCK: a FIFO cannot hang the open.
        flags = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC
        handle = os.open(name, flags, dir_fd=folder)
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


def _user() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


def _trusted(info: os.stat_result, *, folder: bool) -> bool:
    """This user's own folder or regular file, which no one else may write to."""
    kind = stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)
    owned = not hasattr(os, "geteuid") or info.st_uid == _user()
    return kind and owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _safe_above(info: os.stat_result) -> bool:
    """A folder above the cache that nobody but this user or root can change: theirs, and
    writable by no one else unless it is sticky (where nobody may move another's entries)."""
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "geteuid") and info.st_uid not in (_user(), 0):
        return False
    shared = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return not shared or bool(info.st_mode & stat.S_ISVTX)


def _prune(folder: int) -> None:
    entries = []
    with os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.endswith(_SUFFIX) and entry.is_file(follow_symlinks=False):
                entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
    for _, stale in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):  # gone already: another rolefit pruned it
            os.unlink(stale, dir_fd=folder)


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
