"""Where a write may go: a target followed through its symbolic links to the regular file it
replaces or creates, every refusal on the way, and one line for what the system refused.

`files.writing` asks `place_of` before it writes a byte (the rules are in its docstring):
devices, FIFOs, sockets and folders are refused, links are followed (never replaced) unless
another user planted them in a shared folder, a link that loops or leads into a missing folder
is refused in one line, and a file this command reads is never a target.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from rolefit.core.records import record
from rolefit.core.text import shown
from rolefit.errors import FileSystemError, InputFileError
from rolefit.files.inputs import is_input
from rolefit.files.paths import PathLike, kind_of

ONLY_REGULAR = "not a file; rolefit writes only regular files"
_MAX_LINKS = 40  # as many as Linux follows before it says ELOOP


@record
class Place:
    """Where the bytes of a target really go, after its links are followed."""

    file: Path  # the regular file to replace, or to create
    existing: os.stat_result | None  # the file's state before the write, None if new


def place_of(path: PathLike, *, rewrites_input: bool = False) -> Place:
    """The file `path` writes to, once its links are followed; refused (FileSystemError,
    InputFileError) where rolefit may not write."""
    raw = os.fspath(path)
    given = Path(raw)
    if raw.endswith(("/", os.sep)) or given.name in ("", ".", ".."):
        if raw and os.path.isdir(raw):
            raise refusal(path, "it is a folder; give a file name")
        if not raw:
            # Said as the shell took it: `-o ''`, an empty name, would show as nothing.
            raise FileSystemError("''", "cannot write: the file name is empty; give one")
        raise refusal(path, "it names a folder (it ends in /); give a file name")
    file = _follow(path, given)
    linked = file != given
    try:
        existing = os.lstat(file)
    except FileNotFoundError:
        _check_folder(path, file, linked)
        return Place(file, None)
    except OSError as error:
        raise write_failure(path, error, folder_of(file)) from None
    if stat.S_ISREG(existing.st_mode):
        if is_input(existing) and not rewrites_input:
            raise InputFileError(
                name_of(path),
                "cannot write: rolefit reads this file in this command, and writing would "
                "replace it; give the output another name",
            )
        return Place(file, existing)
    kind = _kind(existing.st_mode)
    if linked:
        raise refusal(path, f"it is a symbolic link to {kind} ({name_of(file)}), {ONLY_REGULAR}")
    if stat.S_ISDIR(existing.st_mode):
        raise refusal(path, "it is a folder; give a file name")
    raise refusal(path, f"it is {kind}, {ONLY_REGULAR}")


def _follow(path: PathLike, given: Path) -> Path:
    """The file that `given` names once its symbolic links are followed (itself if none).

    Links are followed one by one, relative to the folder of each, so that the temporary file
    is made beside the file that is finally replaced; folders on the way are left to the system.
    Following them by hand skips the kernel's guard against links planted in a shared folder
    such as /tmp (`fs.protected_symlinks`), so the same rule is applied here.
    """
    current = given
    for _ in range(_MAX_LINKS):
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            if current != given:
                _refuse_what_the_system_reaches(path, given)
            return current
        except OSError as error:
            raise write_failure(path, error, folder_of(current)) from None
        if not stat.S_ISLNK(info.st_mode):
            return current
        if _planted(current, info):
            raise refusal(
                path,
                "it is a symbolic link another user made in a shared folder; rolefit does not "
                "follow it (give the file it points to, if that is meant)",
            )
        try:
            target = os.readlink(current)
        except OSError as error:
            raise write_failure(path, error, folder_of(current)) from None
        if target.endswith(("/", os.sep)):
            raise refusal(path, f"it is a symbolic link to a folder ({shown(target)})")
        # Not normalised: `..` after a linked folder must mean what the system makes of it.
        current = Path(os.path.join(folder_of(current), target))
    raise refusal(path, "it is a symbolic link that loops (too many levels of links)")


def _refuse_what_the_system_reaches(path: PathLike, given: Path) -> None:
    """A link that leads nowhere by its names may still reach something through the system:
    /dev/stdout is /proc/self/fd/1, whose target `pipe:[1234]` names no file but is the pipe
    (or terminal) standard output is. Refuse that for what it is, not as a missing folder."""
    try:
        info = os.stat(given)
    except OSError:
        return  # a link to nothing indeed: the caller says so
    if not stat.S_ISREG(info.st_mode):
        raise refusal(
            path,
            f"it leads to {_kind(info.st_mode)}, {ONLY_REGULAR} (for standard output leave "
            "out -o, or give -)",
        )


def _planted(link: Path, info: os.stat_result) -> bool:
    """Whether `link` sits in a sticky folder anyone may write (/tmp), and belongs neither to
    this user nor to the folder's owner: the links the kernel itself will not follow."""
    try:
        folder = os.stat(folder_of(link))
    except OSError:
        return False
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    return bool(shared) and info.st_uid not in (os.geteuid(), folder.st_uid)


def _check_folder(path: PathLike, file: Path, linked: bool) -> None:
    folder = folder_of(file)
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        if linked:
            raise refusal(
                path,
                f"it is a symbolic link to {name_of(file)}, whose folder {name_of(folder)} "
                "does not exist",
            ) from None
        raise refusal(path, f"folder {name_of(folder)} does not exist; create it first") from None
    except OSError as error:
        raise write_failure(path, error, folder) from None
    if not stat.S_ISDIR(info.st_mode):
        raise refusal(path, f"{name_of(folder)} is not a folder")


def _kind(mode: int) -> str:
    # One word for both kinds of device: the reader's distinction means nothing to a writer.
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else kind_of(mode)


def folder_of(file: Path) -> Path:
    return file.parent if str(file.parent) else Path(".")


def refusal(path: PathLike, reason: str) -> FileSystemError:
    """The error that refuses to write `path`, saying why (`reason`)."""
    return FileSystemError(name_of(path), f"cannot write: {reason}")


def write_failure(
    path: PathLike, error: OSError, folder: Path, *, existed: bool = False
) -> FileSystemError:
    """One line for what the system refused; the old file, if any, is unchanged."""
    kept = "the file is unchanged" if existed else "nothing was written"
    folder_name = name_of(folder)
    denied = f"permission denied in folder {folder_name}"
    missing = f"folder {folder_name} does not exist; create it first"
    if error.errno == errno.ENOENT and os.path.isdir(folder):
        # The folder exists, yet no file can be made in it: a file system of the kernel's own
        missing = f"folder {folder_name} takes no new files (a system folder); write elsewhere"
    reasons: dict[int | None, str] = {
        errno.ENOSPC: f"no space left on the device; {kept}",
        errno.EDQUOT: f"disk quota exceeded; {kept}",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: denied,
        errno.EPERM: denied,
        errno.ENOENT: missing,
        errno.ENOTDIR: f"a part of {folder_name} is not a folder",
        errno.ELOOP: "a symbolic link on the way loops (too many levels of links)",
        errno.ENAMETOOLONG: "the name is too long",
    }
    reason = reasons.get(error.errno, f"{error.strerror or type(error).__name__}; {kept}")
    return refusal(path, reason)


def name_of(path: PathLike) -> str:
    return shown(os.fspath(path))
