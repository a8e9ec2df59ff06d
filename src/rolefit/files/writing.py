"""The one way out to files: written atomically (standard output: `rolefit.files.output`).

Every byte rolefit writes to a file passes here, so the rules hold for every command:

- **Regular files only.** A device (`/dev/null`, `/dev/full`), a FIFO, a socket or a folder is
  refused, and so is a name ending in `/`; `-` means standard output (see `output.emit`).
- **Symbolic links are followed, never replaced.** A link whose final target is a regular
  file, or does not exist yet in an existing folder, stays a link: its target is replaced
  atomically in the target's own folder. A link to anything else is refused like that thing;
  a link into a missing folder, or a loop of links, is refused in one line; so is a link
  another user made in a shared folder such as /tmp (the kernel's `protected_symlinks` rule).
- **Nothing half-written.** The content goes to a temporary file in the target's folder, is
  synced, and is renamed over the target; the folder is synced after. On any failure the
  target keeps its old content. The temporary file is unnamed where Linux allows it
  (`O_TMPFILE`: a `kill -9` leaves nothing on disk); elsewhere it is named
  `.NAME.rolefit-PID.tmp`, and every write first removes such files of its target whose
  process is gone.
- **Modes kept.** A replaced file keeps its permission bits (and, where allowed, its owner); a
  new file gets what the umask allows; `private` makes it 600 either way.
- **Inputs are never replaced.** A file this command read (`files.inputs`) is refused as a
  target (exit 2), however it is named: `score me.yaml -o me.yaml` keeps the answers. Only a
  file rolefit reads and rewrites as its own state (the quiz's progress) says so.
- **New files never replace.** `write_new` gives the content the first free name of a list
  (a hard link, which fails rather than replace), so two writers that pick the same name in
  the same second both keep their file; the content is complete before it has any name.
- **One line for every failure** (`FileSystemError`, exit 1): a missing folder, no permission,
  a full disk, a read-only file system.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from rolefit.files.locks import process_running
from rolefit.files.paths import PathLike, is_stdout
from rolefit.files.targets import folder_of, name_of, place_of, refusal, write_failure

_CHUNK = 1 << 20
_TMPFILE_FAILS = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT}


def check_target(path: PathLike) -> None:
    """Refuse `path` as an output for every reason `write_atomic` would, without writing.

    Also checks that its folder lets rolefit create files, so that a command which writes
    at the end (the quiz) can refuse before the first question.
    """
    if is_stdout(path):
        return
    place = place_of(path)
    folder = folder_of(place.file)
    effective = os.access in os.supports_effective_ids
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=effective):
        raise refusal(path, f"permission denied in folder {name_of(folder)}")


# --- the write ----------------------------------------------------------------------------


def write_atomic(
    path: PathLike, content: str | bytes, *, private: bool = False, rewrites_input: bool = False
) -> None:
    """Replace `path` with `content` atomically (see the module's rules).

    `private` makes the file readable by its owner only (600), new or not. `rewrites_input`
    allows replacing a file this process read (rolefit's own state, never a user's output).
    A str is written as UTF-8; what UTF-8 cannot hold (a lone surrogate) is written as a
    backslash escape. `-` is standard output, which is `rolefit.files.output.emit`'s to
    write, not this function's.
    """
    if is_stdout(path):
        raise ValueError("write_atomic writes files; standard output goes through output.emit")
    data = content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content
    place = place_of(path, rewrites_input=rewrites_input)
    if place.existing is None:
        mode = 0o600 if private else 0o666 & ~_umask()
    else:
        mode = 0o600 if private else stat.S_IMODE(place.existing.st_mode) & 0o777
    folder = folder_of(place.file)
    try:
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise write_failure(path, error, folder, existed=place.existing is not None) from None
    try:
        _sweep(directory, place.file.name)
        _replace(directory, place.file.name, data, mode, place.existing)
        _sync_folder(directory)
    except OSError as error:
        raise write_failure(path, error, folder, existed=place.existing is not None) from None
    finally:
        os.close(directory)


def write_new(folder: Path, names: Iterable[str], content: str, *, private: bool = False) -> Path:
    """Write `content` under the first of `names` not yet taken in `folder`; the path written.

    The file is complete and synced before it gets its name, and the name is given by a hard
    link, which never replaces a file: when another writer takes a name first, the next one is
    tried. FileSystemError (exit 1) when the folder refuses, or when every name is taken.
    """
    data = content.encode("utf-8", "backslashreplace")
    candidates = iter(names)
    first = next(candidates, None)
    if first is None:
        raise ValueError("write_new needs at least one name")
    try:
        directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise write_failure(folder / first, error, folder) from None
    try:
        _sweep(directory, first)
        handle, temporary = _open_temporary(directory, first)
        try:
            _write_all(handle, data)
            os.fchmod(handle, 0o600 if private else 0o666 & ~_umask())
            os.fsync(handle)
            for name in (first, *candidates):
                if _link_new(handle, directory, temporary, name):
                    _sync_folder(directory)
                    return folder / name
        finally:
            os.close(handle)
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=directory)
    except OSError as error:
        raise write_failure(folder / first, error, folder) from None
    finally:
        os.close(directory)
    raise refusal(folder / first, f"every name like {first} in {name_of(folder)} is taken")


def _link_new(handle: int, directory: int, temporary: str | None, name: str) -> bool:
    """Give the written file `name` unless that name exists; whether it was given."""
    try:
        if temporary is None:  # an unnamed file: linked straight from its descriptor
            os.link(f"/proc/self/fd/{handle}", name, dst_dir_fd=directory, follow_symlinks=True)
        else:
            os.link(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except FileExistsError:
        return False
    return True


def replace_in_folder(directory: int, name: str, data: bytes) -> None:
    """Replace `name` in the open folder `directory` with `data`, private (600), atomically.

    For rolefit's own files in a folder the caller opened and checked (the bank cache): the
    folder's path is not looked up again, and whatever is at `name` (a symlink included) is
    replaced, never followed. OSError on failure; the caller decides what it means.
    """
    _replace(directory, name, data, 0o600, None)


def _replace(
    directory: int, name: str, data: bytes, mode: int, existing: os.stat_result | None
) -> None:
    """Write `data` to a temporary file in `directory` and rename it over `name`; a replaced
    file's owner (`existing`) is kept where rolefit may keep it."""
    handle, temporary = _open_temporary(directory, name)
    try:
        _write_all(handle, data)
        if existing is not None:
            _keep_owner(handle, existing)
        os.fchmod(handle, mode)
        os.fsync(handle)
        if temporary is None:
            temporary = _temporary_name(name)
            _link_unnamed(handle, directory, temporary)
        os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
        temporary = None
    finally:
        os.close(handle)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=directory)


def _open_temporary(directory: int, name: str) -> tuple[int, str | None]:
    """An unnamed file in the folder where the system has them (name None), else a named one.

    Opened relative to the folder's descriptor, so that the folder is the one checked."""
    if _unnamed_files():
        try:
            flags = os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC
            return os.open(".", flags, 0o600, dir_fd=directory), None
        except OSError as error:
            if error.errno not in _TMPFILE_FAILS:
                raise
    temporary = _temporary_name(name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(temporary, flags, 0o600, dir_fd=directory), temporary
    except FileExistsError:
        # Our own process id: a leftover of an earlier process that had it and was killed.
        os.unlink(temporary, dir_fd=directory)
        return os.open(temporary, flags, 0o600, dir_fd=directory), temporary


def _unnamed_files() -> bool:
    return hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")


def _link_unnamed(handle: int, directory: int, temporary: str) -> None:
    """Give the unnamed file a (recognisable) name, so that it can be renamed into place."""
    source = f"/proc/self/fd/{handle}"
    try:
        os.link(source, temporary, dst_dir_fd=directory, follow_symlinks=True)
    except FileExistsError:
        os.unlink(temporary, dir_fd=directory)
        os.link(source, temporary, dst_dir_fd=directory, follow_symlinks=True)


def _temporary_name(name: str) -> str:
    return f".{name}.rolefit-{os.getpid()}.tmp"


def _sweep(directory: int, name: str) -> None:
    """Remove the temporary files of `name` that processes no longer running left behind."""
    pattern = re.compile(rf"\.{re.escape(name)}\.rolefit-([0-9]+)\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.listdir(directory):
            match = pattern.fullmatch(entry)
            if match is None:
                continue
            pid = int(match.group(1))
            # Our own pid counts as running: the caller replaces its own name itself.
            if pid != os.getpid() and not process_running(pid):
                with contextlib.suppress(OSError):
                    os.unlink(entry, dir_fd=directory)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view[:_CHUNK])
        view = view[written:]


def _keep_owner(handle: int, existing: os.stat_result) -> None:
    """The replaced file's owner and group, where rolefit may give them (as root)."""
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.fchown(handle, existing.st_uid, existing.st_gid)


def _sync_folder(directory: int) -> None:
    """Make the rename durable; some file systems cannot sync a folder, which is no failure."""
    try:
        os.fsync(directory)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise


def _umask() -> int:
    current = os.umask(0)  # the only portable way to read it is to set it: put it straight back
    os.umask(current)
    return current
