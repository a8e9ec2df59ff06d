"""Run rolefit as a stranger would, and check what every run must satisfy.

`run_cli` starts `python -m rolefit` in a session of its own under a memory limit
(RLIMIT_AS, 1 GiB) and a CPU limit (RLIMIT_CPU, 15 s), and records its exit code, both
streams as bytes, its wall time and its peak memory (the child's own `ru_maxrss`, from
`os.wait4`, which also covers the worker processes it waited for). `snapshot` records a
folder, so that a test can say that nothing changed but the intended output, and
`assert_clean` checks the invariants of issue 10 that hold for every run, whatever the input.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import json
import os
import re
import resource
import select
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

MEMORY_LIMIT = 1 << 30  # RLIMIT_AS: address space, so it also stops a runaway read
CPU_LIMIT = 15  # seconds of CPU; SIGXCPU then SIGKILL a second later
DEFAULT_TIMEOUT = 20.0  # seconds of wall time, for a child that waits rather than works
MAX_STDERR_LINES = 4  # an error is one line; a warning or two may come before it
MAX_STDERR_LINE = 2_500  # characters; a cut value is about 200, a path may be long
OUTPUT_CAP = 32 << 20  # bytes kept of each stream, so that a runaway child cannot fill ours

# Bytes that must never reach a terminal raw: C0 controls but tab and newline, DEL, and the
# UTF-8 of the C1 controls (U+0080-U+009F), the bidirectional embeddings and overrides
# (U+202A-U+202E) and isolates (U+2066-U+2069).
UNSAFE_BYTES = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)

# What would make Rich colour a pipe, or change encodings, widths or warnings behind a case's
# back; a case that wants one of them sets it.
_UNSET = (
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "PY_COLORS",
    "NO_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "PYTHONWARNINGS",
    "PYTHONSTARTUP",
    "PYTHONINSPECT",
    "PYTHONBREAKPOINT",
    "PYTHONDEVMODE",
    "PYTHONFAULTHANDLER",
)

Output = Literal["text", "markdown", "json"]
# Where the child's stdout goes: captured, closed before rolefit starts, or a file opened for
# writing (for example /dev/full).
StdoutTarget = Literal["pipe", "closed"] | Path

# prctl(PR_CAPBSET_DROP, cap): taken from the bounding set before exec, a capability is gone
# from root's effective set after it.
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2
_prctl: Any = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError, AttributeError):
        _prctl = ctypes.CDLL(None, use_errno=True).prctl


@dataclass(frozen=True)
class Outcome:
    """What one run of the CLI did."""

    args: tuple[str, ...]
    exit_code: int  # negative: the signal that ended it, as subprocess reports it
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_rss_mb: float
    timed_out: bool
    timeout: float
    cpu_seconds: float = 0.0  # user + system, less sensitive than wall time to a busy machine

    @property
    def stdout_text(self) -> str:
        return self.stdout.decode("utf-8", "backslashreplace")

    @property
    def stderr_text(self) -> str:
        return self.stderr.decode("utf-8", "backslashreplace")

    def summary(self, width: int = 160) -> str:
        """One line: how it ended and the first thing it said on stderr."""
        if self.timed_out:
            ended = f"killed after {self.timeout:g} s"
        elif self.exit_code < 0:
            ended = f"killed by {signal.Signals(-self.exit_code).name}"
        else:
            ended = f"exit {self.exit_code}"
        said = visible(next((line for line in self.stderr_text.splitlines() if line.strip()), ""))
        if len(said) > width:
            said = said[: width - 1] + "…"
        return f"{ended} in {self.seconds:.2f} s, {self.peak_rss_mb:.0f} MB" + (
            f": {said}" if said else ""
        )


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with every control character as an escape (`\\x1b`), for a report line."""
    return _INVISIBLE.sub(lambda found: ascii(found.group())[1:-1], text)


def run_cli(
    args: Sequence[str],
    *,
    cwd: Path,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    stdout: StdoutTarget = "pipe",
    drop_dac: bool = False,
) -> Outcome:
    """Run `python -m rolefit ARGS` in `cwd` under the limits, and say what it did.

    Standard input is `stdin` or /dev/null, never the test's terminal. With `drop_dac` a
    child run as root loses CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so that permission
    bits (a folder of mode 000) stop it as they would stop anyone else.
    """
    command = [sys.executable, "-m", "rolefit", *args]
    closed = stdout == "closed"
    with contextlib.ExitStack() as stack:
        target: Any
        if isinstance(stdout, Path):
            target = stack.enter_context(open(stdout, "wb"))
        else:
            target = subprocess.DEVNULL if closed else subprocess.PIPE
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
            stdout=target,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, to end it and its workers
            preexec_fn=functools.partial(_limit_child, closed, drop_dac),
        )
        out: list[bytes] = []
        err: list[bytes] = []
        threads = [threading.Thread(target=_drain, args=(process.stderr, err), daemon=True)]
        if process.stdout is not None:
            threads.append(threading.Thread(target=_drain, args=(process.stdout, out), daemon=True))
        if process.stdin is not None:
            threads.append(
                threading.Thread(target=_feed, args=(process.stdin, stdin or b""), daemon=True)
            )
        for thread in threads:
            thread.start()
        status, usage, timed_out = _reap(process.pid, timeout)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        for thread in threads:
            thread.join(timeout=5)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
    return Outcome(
        args=tuple(args),
        exit_code=process.returncode,
        stdout=b"".join(out),
        stderr=b"".join(err),
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        timed_out=timed_out,
        timeout=timeout,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )


def _limit_child(close_stdout: bool, drop_dac: bool) -> None:
    """In the child, between fork and exec: the limits, and what the case asked for."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if drop_dac and os.geteuid() == 0:
        for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
            if _prctl is None or _prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "cannot drop a capability")
    if close_stdout:
        os.close(1)


def _drain(stream: IO[bytes], into: list[bytes]) -> None:
    kept = 0
    descriptor = stream.fileno()
    with contextlib.suppress(OSError, ValueError):
        while chunk := os.read(descriptor, 65536):
            if kept < OUTPUT_CAP:
                into.append(chunk[: OUTPUT_CAP - kept])
                kept += len(chunk)


def _feed(stream: IO[bytes], data: bytes) -> None:
    with contextlib.suppress(OSError, ValueError):
        stream.write(data)
        stream.close()


def _reap(pid: int, timeout: float) -> tuple[int, resource.struct_rusage, bool]:
    """Wait for the child until `timeout`, then end its whole group; its status and usage.

    The child is reaped only after its group has been sent SIGKILL, so that worker processes
    it left behind end too and its process-group id cannot have been reused meanwhile.
    """
    deadline = time.monotonic() + timeout
    try:
        watch: int | None = os.pidfd_open(pid)
    except (AttributeError, OSError):
        watch = None
    timed_out = False
    try:
        while os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if watch is not None:
                select.select([watch], [], [], left)
            else:
                time.sleep(min(left, 0.005))
    finally:
        if watch is not None:
            os.close(watch)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    _, status, usage = os.wait4(pid, 0)
    return status, usage, timed_out


def isolated_env(
    folder: Path,
    overrides: Mapping[str, str] | None = None,
    unset: Sequence[str] = (),
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """`base` (this environment by default), with home, state and data inside `folder`,
    English messages and nothing that styles a pipe.

    HOME and the XDG folders point into `folder` (they need not exist), so that a snapshot of
    the folder also sees anything rolefit would keep between runs. A caller on another thread
    passes `base`, a copy taken on the main thread: tests there change os.environ as they go.
    """
    source = os.environ if base is None else base
    env = {key: value for key, value in source.items() if key not in _UNSET}
    env.update(
        HOME=str(folder / "home"),
        XDG_STATE_HOME=str(folder / "state"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_CACHE_HOME=str(folder / "cache"),
        XDG_DATA_HOME=str(folder / "data"),
        LC_MESSAGES="C.UTF-8",
        TERM="dumb",
    )
    env.pop("LANGUAGE", None)
    if "LC_ALL" in env:
        env["LC_ALL"] = "C.UTF-8"
    env.update(overrides or {})
    for key in unset:
        env.pop(key, None)
    return env


@functools.cache
def permissions_apply() -> bool:
    """Whether a child started with `drop_dac` is stopped by a folder of mode 000."""
    if os.geteuid() != 0:
        return True
    with tempfile.TemporaryDirectory() as scratch:
        locked = Path(scratch, "locked")
        locked.mkdir(mode=0)
        try:
            done = subprocess.run(
                [sys.executable, "-c", f"import os; os.listdir({str(locked)!r})"],
                capture_output=True,
                preexec_fn=functools.partial(_limit_child, False, True),
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        finally:
            locked.chmod(0o700)
    return done.returncode != 0 and b"PermissionError" in done.stderr


# --- snapshots ---------------------------------------------------------------------------

# (st_mode, size, what it holds, symlink target): a regular file's sha256, a device's
# kind and number, "fifo", "socket", "folder" or "symlink".
Entry = tuple[int, int, str, str | None]


def entry(path: Path) -> Entry | None:
    """What is at `path` (not following a symlink), or None if nothing is."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return (mode, 0, "symlink", os.readlink(path))
    if stat.S_ISREG(mode):
        return (mode, info.st_size, _sha256(path), None)
    if stat.S_ISDIR(mode):
        return (mode, 0, "folder", None)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "character device" if stat.S_ISCHR(mode) else "block device"
        return (mode, 0, f"{kind} {os.major(info.st_rdev)}:{os.minor(info.st_rdev)}", None)
    if stat.S_ISFIFO(mode):
        return (mode, 0, "fifo", None)
    return (mode, 0, "socket" if stat.S_ISSOCK(mode) else "other", None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError as error:
        return f"unreadable ({error.strerror})"
    return digest.hexdigest()


def snapshot(folder: Path) -> dict[str, Entry | None]:
    """Every path under `folder` (relative, "." for itself) and what is there.

    Symlinks are recorded, never followed, so a loop or a link to /dev/zero is harmless.
    """
    found: dict[str, Entry | None] = {".": entry(folder)}
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(root, name)
            found[str(path.relative_to(folder))] = entry(path)
    return found


def changes(before: Mapping[str, Entry | None], after: Mapping[str, Entry | None]) -> list[str]:
    """The paths created, removed or changed between two snapshots, sorted."""
    return sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))


def describe(entry_: Entry | None) -> str:
    if entry_ is None:
        return "nothing"
    mode, size, what, target = entry_
    if target is not None:
        return f"symlink to {target}"
    if what == "folder" or what.startswith(("character", "block", "fifo", "socket")):
        return f"{what} (mode {stat.S_IMODE(mode):o})"
    return f"regular file of {size} bytes (mode {stat.S_IMODE(mode):o})"


def restore_device(path: Path, was: Entry | None) -> bool:
    """Put a device node back if a run replaced it; whether it had to.

    Only the opt-in cases that aim at the machine's own /dev/null and /dev/full need this:
    a writer that replaces its target would otherwise leave the machine without them.
    """
    if was is None or entry(path) == was or not was[2].startswith("character device"):
        return False
    major, minor = (int(number) for number in was[2].rsplit(" ", 1)[1].split(":"))
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    os.mknod(path, was[0], os.makedev(major, minor))
    os.chmod(path, stat.S_IMODE(was[0]))
    return True


# --- what every run must satisfy ---------------------------------------------------------


def problems(
    outcome: Outcome,
    *,
    output: Output = "text",
    max_stderr_lines: int = MAX_STDERR_LINES,
    traceback_ok: bool = False,
) -> list[str]:
    """Everything wrong with `outcome` whatever the case: each as a short phrase."""
    found: list[str] = []
    if outcome.timed_out:
        found.append(f"did not end within {outcome.timeout:g} s (killed)")
    elif outcome.exit_code < 0:
        found.append(f"killed by {signal.Signals(-outcome.exit_code).name}")
    elif outcome.exit_code == 70:
        found.append("exit 70 (internal error)")
    if not traceback_ok:
        if b"Traceback" in outcome.stderr:
            found.append("a traceback on stderr")
        lines = outcome.stderr_text.rstrip("\n").split("\n") if outcome.stderr.strip() else []
        if len(lines) > max_stderr_lines:
            found.append(f"{len(lines)} lines on stderr (at most {max_stderr_lines})")
        longest = max((len(line) for line in lines), default=0)
        if longest > MAX_STDERR_LINE:
            found.append(f"a stderr line of {longest:,} characters")
    unsafe = UNSAFE_BYTES.search(outcome.stderr)
    if unsafe:
        found.append(f"raw {unsafe.group()!r} on stderr")
    if output == "json":
        if outcome.stdout.strip():
            problem = json_problem(outcome.stdout)
            if problem:
                found.append(problem)
    else:
        unsafe = UNSAFE_BYTES.search(outcome.stdout)
        if unsafe:
            found.append(f"raw {unsafe.group()!r} on stdout")
    return found


def assert_clean(
    outcome: Outcome,
    *,
    output: Output = "text",
    max_stderr_lines: int = MAX_STDERR_LINES,
    traceback_ok: bool = False,
) -> None:
    """No traceback, a few short lines on stderr, no raw control character, no exit 70, no
    signal, within the time limit; JSON output parses strictly (raw control characters are
    refused inside its strings by the parser, and NaN and Infinity are not JSON)."""
    found = problems(
        outcome, output=output, max_stderr_lines=max_stderr_lines, traceback_ok=traceback_ok
    )
    assert not found, f"{'; '.join(found)} [{outcome.summary()}]"


def unsafe_in(text: str | bytes) -> str | None:
    """The first character that must not reach a terminal raw, if `text` holds one."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    found = UNSAFE_BYTES.search(data)
    return None if found is None else repr(found.group().decode("utf-8", "backslashreplace"))


def json_problem(data: bytes) -> str | None:
    """Why `data` is not strict, lossless JSON, or None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"JSON output is not UTF-8 (byte {error.start})"

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    try:
        parsed = json.loads(text, parse_constant=refuse)  # strict: no raw control characters
    except ValueError as error:
        return f"output is not strict JSON ({str(error)[:120]})"
    if json.loads(json.dumps(parsed)) != parsed:
        return "JSON output does not survive a re-dump"
    return None


def parsed_json(outcome: Outcome) -> Any:
    return json.loads(outcome.stdout)
