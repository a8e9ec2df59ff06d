"""The one way out: every target rolefit writes, and standard output, fail in one line or not
at all, and never replace a device, a FIFO or a link, lose a file's mode or leave a temp file."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rolefit.errors import FileSystemError, RolefitError
from rolefit.files import writing
from rolefit.files.output import emit, emit_as, warn
from rolefit.files.writing import check_target, write_atomic, write_new
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.session import check_options

ROOT = Path(__file__).resolve().parent.parent
SCORE = [sys.executable, "-m", "rolefit", "score", "examples/answers.yaml"]
CARD_TITLE = "rolefit"  # the first line of the text card names the tool and the person
TIMEOUT = 60


def rolefit(
    *args: str, env: dict[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[str]:
    """`rolefit score examples/answers.yaml ARGS` in a subprocess, from the checkout."""
    streams = {"stderr": subprocess.PIPE} if "stdout" in options else {"capture_output": True}
    return subprocess.run(
        [*SCORE, *args],
        cwd=ROOT,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
        **streams,
        **options,
    )


def one_line(stderr: str) -> str:
    """The single `rolefit: ...` line a failure must end with, and no traceback."""
    assert "Traceback" not in stderr
    assert stderr.startswith("rolefit: "), stderr
    assert stderr.count("\n") == 1, stderr
    return stderr


def refused(path: Path | str, content: str = "new\n") -> str:
    with pytest.raises(FileSystemError) as raised:
        write_atomic(Path(path) if isinstance(path, Path) else path, content)
    assert raised.value.exit_code == 1
    message = str(raised.value)
    assert "\n" not in message
    return message


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("."))


# --- targets that are not regular files -----------------------------------------------------


def test_dev_null_as_the_target_is_refused_and_stays_a_device() -> None:
    result = rolefit("-o", "/dev/null")
    assert result.returncode == 1
    assert "is a device" in one_line(result.stderr)
    assert "rolefit writes only regular files" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_full_as_the_target_is_refused_and_stays_a_device() -> None:
    # As root, the old writer replaced /dev/full with a regular file and exited 0.
    result = rolefit("-o", "/dev/full")
    assert result.returncode == 1
    assert "is a device" in one_line(result.stderr)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dev_stdout_into_a_pipe_is_refused_for_what_it_is() -> None:
    # /dev/stdout is a link to /proc/self/fd/1, whose target (`pipe:[N]`) names no file: it
    # was refused as "folder /proc/self/fd does not exist; create it first".
    result = rolefit("-o", "/dev/stdout")  # capture_output: standard output is a pipe
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "/dev/stdout: cannot write: it leads to a FIFO, not a file" in line
    assert "for standard output leave out -o, or give -" in line


def test_a_fifo_target_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = rolefit("-o", str(fifo))  # a write that opened the FIFO would wait for a reader
    assert result.returncode == 1
    assert "is a FIFO" in one_line(result.stderr)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_target_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert "is a socket" in refused(path)
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_an_existing_folder_is_refused(tmp_path: Path) -> None:
    result = rolefit("-o", str(tmp_path))
    assert result.returncode == 1
    assert "is a folder" in one_line(result.stderr)
    assert os.listdir(tmp_path) == []


def test_a_missing_folder_with_a_trailing_slash_is_refused_and_nothing_is_created(
    tmp_path: Path,
) -> None:
    result = rolefit("-o", f"{tmp_path}/newdir/")
    assert result.returncode == 1
    assert "names a folder" in one_line(result.stderr)
    assert os.listdir(tmp_path) == []


def test_a_name_ending_in_a_slash_is_refused_by_the_writer_and_nothing_is_created(
    tmp_path: Path,
) -> None:
    assert "names a folder (it ends in /)" in refused(f"{tmp_path}/newdir/")
    assert os.listdir(tmp_path) == []


def test_an_empty_output_name_is_said_as_the_shell_took_it(tmp_path: Path) -> None:
    result = rolefit("-o", "")
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        "rolefit: '': cannot write: the file name is empty; give one\n"
    )


def test_a_missing_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    result = rolefit("-o", str(tmp_path / "missing" / "card.txt"))
    assert result.returncode == 1
    assert f"folder {tmp_path / 'missing'} does not exist; create it first" in one_line(
        result.stderr
    )
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_a_folder_that_takes_no_new_files_is_not_called_missing() -> None:
    # /proc exists, but no file can be made in it (the kernel says ENOENT): it was refused as
    # "folder /proc does not exist; create it first".
    result = rolefit("-o", "/proc/card.txt")
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        "rolefit: /proc/card.txt: cannot write: folder /proc takes no new files (a system "
        "folder); write elsewhere\n"
    )


# --- symbolic links ---------------------------------------------------------------------------


def test_a_symlink_to_a_regular_file_stays_a_link_and_its_target_gets_the_content(
    tmp_path: Path,
) -> None:
    target = tmp_path / "real.json"
    target.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    result = rolefit("-f", "json", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert json.loads(target.read_text())["schema_version"] == 2
    assert sorted(os.listdir(tmp_path)) == ["link.json", "real.json"]


def test_a_symlink_into_another_folder_replaces_the_file_in_that_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "real.txt").write_text("old\n")
    link = tmp_path / "a" / "link.txt"
    link.symlink_to("../b/real.txt")
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert (tmp_path / "b" / "real.txt").read_text() == "new\n"
    assert os.listdir(tmp_path / "a") == ["link.txt"]


def test_a_dangling_symlink_in_an_existing_folder_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to("new.txt")
    write_atomic(link, "hello\n")
    assert link.is_symlink()
    assert (tmp_path / "new.txt").read_text() == "hello\n"


def test_a_symlink_to_dev_null_is_refused_and_stays_a_link(tmp_path: Path) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to("/dev/null")
    result = rolefit("-o", str(link))
    assert result.returncode == 1
    assert "symbolic link to a device (/dev/null)" in one_line(result.stderr)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symlink_to_a_folder_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(tmp_path)
    assert "symbolic link to a folder" in refused(link)


def test_a_dangling_symlink_into_a_missing_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to(tmp_path / "nowhere" / "out.txt")
    message = refused(link)
    assert f"whose folder {tmp_path / 'nowhere'} does not exist" in message
    assert not (tmp_path / "nowhere").exists()


def test_a_symlink_loop_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    result = rolefit("-o", str(tmp_path / "a"))
    assert result.returncode == 1
    assert "loops" in one_line(result.stderr)
    assert sorted(os.listdir(tmp_path)) == ["a", "b"]


def _shared_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)  # like /tmp: anyone may write, only owners may remove
    (tmp_path / "precious.txt").write_text("precious\n")
    return folder


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a link to another user needs root")
def test_a_symlink_another_user_planted_in_a_shared_folder_is_not_followed(
    tmp_path: Path,
) -> None:
    link = _shared_folder(tmp_path) / "out.txt"
    link.symlink_to(tmp_path / "precious.txt")
    os.lchown(link, 65534, 65534)
    assert "another user made in a shared folder" in refused(link)
    assert (tmp_path / "precious.txt").read_text() == "precious\n"


def test_ones_own_symlink_in_a_shared_folder_is_followed(tmp_path: Path) -> None:
    link = _shared_folder(tmp_path) / "out.txt"
    link.symlink_to(tmp_path / "precious.txt")
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert (tmp_path / "precious.txt").read_text() == "new\n"


# --- modes ----------------------------------------------------------------------------------


def test_a_600_file_stays_600_after_it_is_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "card.txt"
    path.write_text("old\n")
    path.chmod(0o600)
    result = rolefit("-o", str(path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert CARD_TITLE in path.read_text()


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_private_makes_an_existing_file_600(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text("{}")
    path.chmod(0o644)
    write_atomic(path, "{}", private=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_private_file_is_600(tmp_path: Path) -> None:
    write_atomic(tmp_path / "p.json", "{}", private=True)
    assert stat.S_IMODE((tmp_path / "p.json").stat().st_mode) == 0o600


# --- what the system refuses ------------------------------------------------------------------


def _refusing_os_open(code: int) -> Callable[..., int]:
    real = os.open

    def fake(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        creates = flags & os.O_TMPFILE == os.O_TMPFILE or flags & os.O_CREAT
        if creates:
            raise OSError(code, os.strerror(code), path)
        return real(path, flags, *args, **kwargs)

    return fake


def test_a_folder_that_refuses_new_files_fails_in_one_line_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "card.txt"
    path.write_text("old\n")
    monkeypatch.setattr(os, "open", _refusing_os_open(errno.EACCES))
    assert f"permission denied in folder {tmp_path}" in refused(path)
    monkeypatch.undo()
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["card.txt"]


def test_an_untraversable_output_folder_fails_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.lstat
    inside = str(tmp_path / "locked")

    def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path).startswith(inside + os.sep):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    assert f"permission denied in folder {inside}" in refused(tmp_path / "locked" / "card.txt")


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root ignores folder permissions; the monkeypatched tests cover it"
)
def test_a_read_only_folder_fails_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = rolefit("-o", str(folder / "card.txt"))
        assert result.returncode == 1
        assert "permission denied" in one_line(result.stderr)
        with pytest.raises(FileSystemError, match="permission denied"):
            check_target(folder / "card.txt")
    finally:
        folder.chmod(0o700)


def test_a_read_only_file_system_fails_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "open", _refusing_os_open(errno.EROFS))
    assert "read-only" in refused(tmp_path / "card.txt")


def test_a_full_disk_fails_in_one_line_and_keeps_the_old_content_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "card.txt"
    path.write_text("old\n")
    real = os.write
    calls = []

    def write(handle: int, data: Any) -> int:
        calls.append(handle)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(handle, data)

    monkeypatch.setattr(os, "write", write)
    message = refused(path, "x" * (3 << 20))
    monkeypatch.undo()
    assert "no space left on the device; the file is unchanged" in message
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["card.txt"]


def test_a_full_disk_without_unnamed_temp_files_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "_unnamed_files", lambda: False)
    monkeypatch.setattr(writing, "_write_all", _no_space)
    refused(tmp_path / "card.txt")
    assert os.listdir(tmp_path) == []


def _no_space(handle: int, data: bytes) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


# --- temporary files --------------------------------------------------------------------------

SLOW_WRITER = """
import os, sys, time
from pathlib import Path
from rolefit.files import writing

if sys.argv[2] == "named":
    writing._unnamed_files = lambda: False

def slow_write_all(handle, data):
    view = memoryview(data)
    while view:
        written = os.write(handle, view[: 1 << 20])
        view = view[written:]
        print("writing", flush=True)
        time.sleep(0.02)

writing._write_all = slow_write_all
writing.write_atomic(Path(sys.argv[1]), b"x" * (50 << 20))
print("done", flush=True)
"""


@pytest.mark.parametrize("temporary", ["unnamed", "named"])
def test_kill_9_during_a_write_leaves_the_old_content_and_no_temp_file_after_the_next_write(
    tmp_path: Path, temporary: str
) -> None:
    target = tmp_path / "big.bin"
    target.write_text("old\n")
    writer = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(target), temporary],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"
    os.kill(writer.pid, signal.SIGKILL)
    _, stderr = writer.communicate(timeout=TIMEOUT)
    assert writer.returncode == -signal.SIGKILL
    assert "Traceback" not in stderr
    assert target.read_text() == "old\n"
    left = leftovers(tmp_path)
    if temporary == "named":
        assert left == [f".big.bin.rolefit-{writer.pid}.tmp"]  # recognisable...
    else:
        assert left == []  # ...or never on disk at all

    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["big.bin"]


def test_a_temp_file_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    live = tmp_path / f".card.txt.rolefit-{os.getppid()}.tmp"
    other = tmp_path / ".other.txt.rolefit-999999999.tmp"
    live.write_text("someone is writing")
    other.write_text("another target's")
    write_atomic(tmp_path / "card.txt", "x")
    assert live.exists() and other.exists()


def test_without_unnamed_temp_files_a_write_leaves_only_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "_unnamed_files", lambda: False)
    write_atomic(tmp_path / "card.txt", "x")
    assert os.listdir(tmp_path) == ["card.txt"]


# --- new files under the first free name ----------------------------------------------------


def numbered(base: str) -> list[str]:
    return [f"{base}{'' if n == 1 else f'-{n}'}.yaml" for n in range(1, 4)]


@pytest.mark.parametrize("temporary", ["unnamed", "named"])
def test_write_new_takes_the_next_name_and_never_replaces_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, temporary: str
) -> None:
    monkeypatch.setattr(writing, "_unnamed_files", lambda: temporary == "unnamed")
    (tmp_path / "a.yaml").write_text("first\n")
    written = write_new(tmp_path, numbered("a"), "second\n")
    assert written == tmp_path / "a-2.yaml"
    assert (tmp_path / "a.yaml").read_text() == "first\n"
    assert written.read_text() == "second\n"
    assert sorted(os.listdir(tmp_path)) == ["a-2.yaml", "a.yaml"]


def test_write_new_refuses_in_one_line_when_every_name_is_taken(tmp_path: Path) -> None:
    for name in numbered("a"):
        (tmp_path / name).write_text("taken\n")
    with pytest.raises(FileSystemError, match=r"every name like a\.yaml") as raised:
        write_new(tmp_path, numbered("a"), "lost?\n")
    assert raised.value.exit_code == 1
    assert sorted(os.listdir(tmp_path)) == sorted(numbered("a"))


def test_write_new_makes_a_private_file_600(tmp_path: Path) -> None:
    written = write_new(tmp_path, ["me.yaml"], "answers\n", private=True)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_write_new_removes_what_a_killed_writer_of_the_same_name_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    left = tmp_path / f".a.yaml.rolefit-{dead}.tmp"
    left.write_text("half")
    monkeypatch.setattr(writing, "_unnamed_files", lambda: False)
    write_new(tmp_path, numbered("a"), "whole\n")
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_write_new_into_a_missing_folder_fails_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(FileSystemError, match="does not exist") as raised:
        write_new(tmp_path / "gone", ["a.yaml"], "x")
    assert "\n" not in str(raised.value)


def test_a_lone_surrogate_is_written_as_an_escape_not_a_crash(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.json", '{"name": "\ud800"}')
    assert json.loads((tmp_path / "a.json").read_text()) == {"name": "\ud800"}


# --- inputs are never replaced -----------------------------------------------------------------


def run_rolefit(*args: str, cwd: Path, stdin: Any = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rolefit", *args],
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def test_an_output_naming_the_answers_file_is_refused_and_the_answers_kept(
    tmp_path: Path,
) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text((ROOT / "examples" / "answers.yaml").read_text())
    before = answers.read_bytes()
    result = run_rolefit("score", "me.yaml", "-o", "me.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "rolefit reads this file in this command" in one_line(result.stderr)
    assert answers.read_bytes() == before


def test_an_output_reaching_an_input_through_a_link_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text((ROOT / "examples" / "answers.yaml").read_text())
    (tmp_path / "card.txt").symlink_to("me.yaml")
    result = run_rolefit("score", "me.yaml", "-o", "card.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert answers.read_text() == (ROOT / "examples" / "answers.yaml").read_text()


def test_a_report_may_not_overwrite_an_answers_file_it_found_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cohort"
    folder.mkdir()
    for name in ("ana.yaml", "ben.yaml"):
        (folder / name).write_text((ROOT / "examples" / "answers.yaml").read_text())
    result = run_rolefit("report", "cohort", "-o", "cohort/ben.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "cohort/ben.yaml" in one_line(result.stderr)
    assert (folder / "ben.yaml").read_text() == (ROOT / "examples" / "answers.yaml").read_text()


def test_a_report_may_not_overwrite_the_store_it_reads(tmp_path: Path) -> None:
    from rolefit.store.workshop import WorkshopStore

    WorkshopStore.open(tmp_path / "ws.db", create=True).close()
    before = (tmp_path / "ws.db").read_bytes()
    result = run_rolefit("report", "ws.db", "-f", "json", "-o", "ws.db", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert (tmp_path / "ws.db").read_bytes() == before


def test_answers_given_on_standard_input_are_an_input_too(tmp_path: Path) -> None:
    answers = tmp_path / "me.yaml"
    answers.write_text((ROOT / "examples" / "answers.yaml").read_text())
    with answers.open("rb") as stdin:
        result = run_rolefit("score", "-", "-o", "me.yaml", cwd=tmp_path, stdin=stdin)
    assert result.returncode == 2
    assert answers.read_text() == (ROOT / "examples" / "answers.yaml").read_text()


def test_each_command_has_inputs_of_its_own(tmp_path: Path) -> None:
    # In one process (a script, the tests), what an earlier command read is no input of the
    # next: it may write there.
    from typer.testing import CliRunner

    from rolefit.cli import app

    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    for answers in (first, second):
        answers.write_text((ROOT / "examples" / "answers.yaml").read_text())
    runner = CliRunner()
    assert runner.invoke(app, ["score", str(first)]).exit_code == 0
    done = runner.invoke(app, ["score", str(second), "-f", "json", "-o", str(first)])
    assert done.exit_code == 0, done.stderr
    assert json.loads(first.read_text())["bank_id"] == "default"


def test_a_file_rolefit_keeps_as_its_own_state_may_be_rewritten(tmp_path: Path) -> None:
    from rolefit.files import reading

    progress = tmp_path / "progress.json"
    progress.write_text("{}")
    reading.read_text(progress)
    with pytest.raises(RolefitError, match="rolefit reads this file"):
        write_atomic(progress, "{}")
    write_atomic(progress, '{"step": 1}', rewrites_input=True)
    assert progress.read_text() == '{"step": 1}'


def test_the_quiz_refuses_two_outputs_that_are_one_file(tmp_path: Path) -> None:
    with pytest.raises(RolefitError, match="names the same file as"):
        check_options(
            QuizOptions(exports=(tmp_path / "me.json",), save_answers=tmp_path / "." / "me.json")
        )


# --- the quiz checks its targets first ----------------------------------------------------------


def test_the_quiz_refuses_a_device_as_its_answers_file_before_the_first_question() -> None:
    with pytest.raises(FileSystemError, match="is a device"):
        check_options(QuizOptions(save_answers=Path("/dev/null")))


def test_the_quiz_refuses_an_export_into_a_missing_folder_before_the_first_question(
    tmp_path: Path,
) -> None:
    with pytest.raises(RolefitError, match="does not exist; create it first"):
        check_options(QuizOptions(exports=(tmp_path / "no" / "card.md",)))


def test_check_target_writes_nothing(tmp_path: Path) -> None:
    check_target(tmp_path / "card.txt")
    check_target("-")
    assert os.listdir(tmp_path) == []


# --- standard output --------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["text", "json", "markdown"])
def test_stdout_to_dev_full_exits_1_with_one_line(format: str) -> None:
    with open("/dev/full", "w") as full:
        result = rolefit("-f", format, stdout=full)
    assert result.returncode == 1
    assert "standard output: cannot write: no space left" in one_line(result.stderr)


def test_a_closed_stdout_exits_1_with_one_line() -> None:
    command = " ".join(SCORE)
    result = subprocess.run(
        ["sh", "-c", f"exec 1>&-; exec {command}"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 1
    assert "standard output: cannot write: it is closed" in one_line(result.stderr)


CLOSE_STDOUT_THEN_RUN = """
import os, sys
os.close(1)
sys.argv = ["rolefit", "score", "examples/answers.yaml", "-f", sys.argv[1]]
from rolefit.cli.root import main
main()
"""


@pytest.mark.parametrize("format", ["text", "json"])
def test_stdout_closed_while_running_exits_1_with_one_line(format: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CLOSE_STDOUT_THEN_RUN, format],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 1
    assert "standard output: cannot write" in one_line(result.stderr)


def test_a_reader_that_stops_reading_ends_in_exit_1_with_one_line() -> None:
    reader = subprocess.Popen(
        [*SCORE, "-f", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # like `| head -c 0`, before rolefit has written anything
    stderr = reader.stderr.read()
    assert reader.wait(timeout=TIMEOUT) == 1
    assert "broken pipe" in one_line(stderr)


def test_an_ascii_stdout_prints_the_card() -> None:
    result = rolefit(env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert CARD_TITLE in result.stdout
    assert "Product ---" in result.stdout  # the bar, drawn in characters ASCII has


def test_an_ascii_stdout_prints_the_same_json() -> None:
    ascii_run = rolefit("-f", "json", env={"PYTHONIOENCODING": "ascii"})
    utf8_run = rolefit("-f", "json", env={"PYTHONIOENCODING": "utf-8"})
    assert ascii_run.returncode == 0, ascii_run.stderr
    assert "Traceback" not in ascii_run.stderr
    assert ascii_run.stdout.isascii()
    assert json.loads(ascii_run.stdout) == json.loads(utf8_run.stdout)


@pytest.mark.parametrize("columns", ["0", "5", "garbage"])
def test_a_nonsense_terminal_width_still_prints_the_card(columns: str) -> None:
    result = rolefit(env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert CARD_TITLE in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) >= 40


def test_emit_to_dash_prints_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    emit("hello\n", Path("-"))
    emit("again\n", None)
    emit("and the answers too\n", "-", private=True)
    out, err = capsys.readouterr()
    assert out == "hello\nagain\nand the answers too\n"
    assert "Traceback" not in err


class _BrokenStdout:
    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    def flush(self) -> None:
        pass


def test_emit_turns_a_broken_stdout_into_a_file_system_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdout", _BrokenStdout())
    with pytest.raises(FileSystemError, match="broken pipe"):
        emit("x", None)


def test_emit_as_json_on_a_latin_1_stdout_stays_json(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", stream)
    document = {"name": "Zoë – 🎉"}
    emit_as(
        "json",
        None,
        json=lambda: json.dumps(document, ensure_ascii=False),
        markdown=lambda: "",
        text=lambda: "",
    )
    assert json.loads(buffer.getvalue().decode("latin-1")) == document


# --- warnings ---------------------------------------------------------------------------------


def test_a_warning_shows_control_characters_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    warn("bad \x1b]0;pwned\x07 name\nsecond line")
    _, err = capsys.readouterr()
    assert err == "rolefit: warning: bad \\x1b]0;pwned\\x07 name second line\n"
    assert "Traceback" not in err


def test_a_long_warning_is_cut(capsys: pytest.CaptureFixture[str]) -> None:
    warn("x" * 5000)
    _, err = capsys.readouterr()
    assert len(err) < 2100
    assert "(5,000 characters)" in err
