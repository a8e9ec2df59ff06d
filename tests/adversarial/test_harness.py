"""The harness catches what it is there to catch: a corpus that passes on a blind harness
would prove nothing."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from tests.adversarial.harness import (
    Outcome,
    changes,
    entry,
    isolated_env,
    problems,
    restore_device,
    run_cli,
    snapshot,
)


def outcome(
    stdout: bytes = b"", stderr: bytes = b"", exit_code: int = 0, timed_out: bool = False
) -> Outcome:
    return Outcome(("score",), exit_code, stdout, stderr, 0.1, 30.0, timed_out, 5.0)


@pytest.mark.parametrize(
    "raw",
    [text.encode() for text in ("\x1b[2J", "\x00", "\x07", "\r", "\x7f", "\x9b", "\x85")]
    + [text.encode() for text in ("\u202a", "\u202e", "\u2066", "\u2069")],
)
def test_raw_control_characters_are_caught_in_text_and_on_stderr(raw: bytes) -> None:
    assert problems(outcome(stdout=b"a " + raw + b" b")) != []
    assert problems(outcome(stderr=b"rolefit: " + raw + b"\n", exit_code=2)) != []


def test_tabs_newlines_and_typography_are_fine() -> None:
    text = "Product\t71 %\n± 5 · “quoted” — é\n".encode()
    assert problems(outcome(stdout=text)) == []


def test_json_may_hold_escapes_in_strings_but_must_be_strict() -> None:
    assert problems(outcome(stdout=b'{"name": "\\u001b[2J\xc2\x9b"}'), output="json") == []
    assert problems(outcome(stdout=b'{"pct": NaN}'), output="json") != []
    assert problems(outcome(stdout=b'{"name": "a\x1bb"}'), output="json") != []
    assert problems(outcome(stdout=b'{"name": "\xed\xa0\x80"}'), output="json") != []


def test_internal_errors_signals_timeouts_tracebacks_and_long_lines_are_caught() -> None:
    assert problems(outcome(exit_code=70)) == ["exit 70 (internal error)"]
    assert problems(outcome(exit_code=-9)) == ["killed by SIGKILL"]
    assert problems(outcome(timed_out=True, exit_code=-9)) == ["did not end within 5 s (killed)"]
    assert problems(outcome(stderr=b"Traceback (most recent call last):\n", exit_code=1))
    assert problems(outcome(stderr=b"a\n" * 5, exit_code=1)) == ["5 lines on stderr (at most 4)"]
    assert problems(outcome(stderr=b"x" * 2_501 + b"\n", exit_code=2))
    assert problems(outcome(stderr=b"Traceback\n" * 9, exit_code=2), traceback_ok=True) == []


def test_a_snapshot_sees_content_mode_kind_and_link_changes(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a")
    (tmp_path / "link").symlink_to("file")
    os.mkfifo(tmp_path / "pipe")
    before = snapshot(tmp_path)
    (tmp_path / "file").chmod(0o600)
    (tmp_path / "link").unlink()
    (tmp_path / "link").symlink_to("elsewhere")
    (tmp_path / "pipe").unlink()
    (tmp_path / "pipe").write_text("")
    (tmp_path / ".tmp123").write_text("left behind")
    assert changes(before, snapshot(tmp_path)) == [".tmp123", "file", "link", "pipe"]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_replaced_device_is_put_back(tmp_path: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.stat("/dev/null").st_rdev)
    was = entry(node)
    node.unlink()
    node.write_text("a regular file now")
    assert restore_device(node, was)
    assert entry(node) == was


def test_a_run_reports_exit_code_time_and_memory(tmp_path: Path) -> None:
    started = time.monotonic()
    done = run_cli(["--version"], cwd=tmp_path, env=isolated_env(tmp_path))
    assert done.exit_code == 0 and done.stdout.startswith(b"rolefit ")
    assert 0 < done.seconds <= time.monotonic() - started
    assert 5 < done.peak_rss_mb < 1024
    assert problems(done) == []


def test_a_run_past_its_time_limit_is_ended(tmp_path: Path) -> None:
    done = run_cli(["--version"], cwd=tmp_path, env=isolated_env(tmp_path), timeout=0.0)
    assert done.timed_out and done.exit_code < 0
    assert problems(done) == ["did not end within 0 s (killed)"]
