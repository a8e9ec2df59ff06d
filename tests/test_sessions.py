"""Shared state: one quiz at a time per bank and session, separate sessions for separate
people, finished answers files that never overwrite each other, and nothing left behind by
a `kill -9`. First in process through `play`, then for real in pseudo-terminals."""

from __future__ import annotations

import io
import os
import re
import select
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, Reply
from rolefit.core.text import name_slug
from rolefit.errors import ExitCode, FileSystemError, RolefitError
from rolefit.files.answers import read_answers
from rolefit.files.banks import BankFiles, load_bank
from rolefit.quiz.commands import resume_command
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.progress import Settings
from rolefit.quiz.session import check_options
from rolefit.quiz.store import QuizBusyError, Store, check_session
from tests.quiz_support import (
    CTRL_C,
    ENTER,
    FULL_WALK,
    WALK_TO_REVIEW,
    Run,
    ScriptedAsker,
    Terminal,
    quiz,
    tiny_bank_files,
    walk,
    write_tiny_bank,
)

ROOT = Path(__file__).resolve().parent.parent
BUSY = (
    r"another rolefit quiz is running on this bank \(started \d\d:\d\d by pid {pid}\); "
    r"finish it, or start a separate one with --session NAME"
)
AT_NOON = datetime(2025, 3, 14, 12, 30, 5).astimezone()


@pytest.fixture
def files(tmp_path: Path) -> BankFiles:
    return tiny_bank_files(tmp_path / "bank")


@pytest.fixture
def bank(files: BankFiles) -> Bank:
    return load_bank(files)


class Meanwhile(ScriptedAsker):
    """Answers from a list like ScriptedAsker, but while the quiz waits at question `at`
    (counting from 0), first runs `other` (a second quiz) and keeps what came of it."""

    def __init__(
        self,
        other: Callable[[], ExitCode],
        replies: tuple[Reply, ...] = FULL_WALK,
        at: int = 0,
    ) -> None:
        super().__init__(replies)
        self.other = other
        self.at = at
        self.outcome: ExitCode | RolefitError | None = None

    def ask(self, flow: Flow) -> Reply:
        if self.outcome is None and len(self.asked) == self.at:
            try:
                self.outcome = self.other()
            except RolefitError as error:
                self.outcome = error
        return super().ask(flow)


class Interrupting(io.StringIO):
    """A terminal on which drawing the result card is interrupted (Ctrl-C)."""

    def write(self, text: str) -> int:
        raise KeyboardInterrupt


# --- one quiz at a time ------------------------------------------------------------------


def test_a_second_quiz_on_the_same_bank_is_refused_while_the_first_runs(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    second = Run(bank, files, tmp_path)
    asker = Meanwhile(lambda: second.play(ScriptedAsker(FULL_WALK)))
    Run(bank, files, tmp_path).play(asker)
    assert isinstance(asker.outcome, QuizBusyError)
    assert asker.outcome.exit_code is ExitCode.FAILED
    assert int(asker.outcome.exit_code) == 1


def test_the_refusal_names_the_running_quizs_pid_and_start_time(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    second = Run(bank, files, tmp_path)
    asker = Meanwhile(lambda: second.play(ScriptedAsker(FULL_WALK)))
    Run(bank, files, tmp_path).play(asker)
    assert re.fullmatch(BUSY.format(pid=os.getpid()), str(asker.outcome))


def test_a_refused_quiz_asks_nothing_and_leaves_the_running_quizs_progress_alone(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    second = Run(bank, files, tmp_path)
    refused = ScriptedAsker(FULL_WALK)
    asker = Meanwhile(lambda: second.play(refused, restart=True), replies=FULL_WALK[:2], at=2)
    first = Run(bank, files, tmp_path)
    assert first.play(asker) is ExitCode.INTERRUPTED  # after two answers
    assert isinstance(asker.outcome, QuizBusyError)
    assert refused.asked == [] and refused.resume_summaries == []
    saved = first.store.load(bank)
    assert saved is not None and dict(saved.flow.answers) == {
        "work.led": "yes",
        "work.conflicts": "agree",
    }


def test_the_first_quiz_finishes_normally_after_a_second_was_refused(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    first, second = Run(bank, files, tmp_path), Run(bank, files, tmp_path)
    asker = Meanwhile(lambda: second.play(ScriptedAsker(FULL_WALK)))
    assert first.play(asker, name="Sam") is ExitCode.OK
    [kept] = first.store.answers_files()
    assert len(read_answers(kept, bank).answers) == 10
    assert not first.store.progress.exists()


def test_a_quiz_in_another_session_runs_while_the_first_runs(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    other = Run(bank, files, tmp_path, session="other")
    asker = Meanwhile(lambda: other.play(ScriptedAsker(FULL_WALK), name="Kim"))
    assert Run(bank, files, tmp_path).play(asker, name="Sam") is ExitCode.OK
    assert asker.outcome is ExitCode.OK


def test_a_second_quiz_in_the_same_session_is_refused_and_names_it(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    second = Run(bank, files, tmp_path, session="sam")
    asker = Meanwhile(lambda: second.play(ScriptedAsker(FULL_WALK)))
    Run(bank, files, tmp_path, session="sam").play(asker)
    assert isinstance(asker.outcome, QuizBusyError)
    assert str(asker.outcome).startswith(
        "another rolefit quiz is running on this bank in session sam (started "
    )


def test_a_finished_quiz_releases_the_lock(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK))
    with run.store.hold():
        pass


def test_an_interrupted_quiz_releases_the_lock(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    assert run.play(ScriptedAsker(FULL_WALK[:2])) is ExitCode.INTERRUPTED
    with run.store.hold():
        pass


def test_the_lock_file_is_private_and_records_who_holds_it(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Run(bank, files, tmp_path, session="sam").store
    with store.hold():
        assert store.lock_file.name == f"{store.key}.sam.lock"
        assert stat.S_IMODE(store.lock_file.stat().st_mode) == 0o600
        assert f'"pid": {os.getpid()}' in store.lock_file.read_text()


def test_the_state_folder_is_private(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    store = Run(bank, files, tmp_path).store
    with store.hold():
        assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700


def test_the_lock_file_stays_after_the_quiz(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    # Deleting it could let a quiz that opened it just before lock a file nobody else sees.
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK))
    assert run.store.lock_file.is_file()


def test_a_lock_file_that_is_a_symbolic_link_is_refused_in_one_line(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    run = Run(bank, files, tmp_path)
    run.store.folder.mkdir(parents=True)
    run.store.lock_file.symlink_to(victim)
    with pytest.raises(FileSystemError, match=r"\.lock: cannot open the lock file") as error:
        run.play(ScriptedAsker(FULL_WALK))
    assert error.value.exit_code == ExitCode.FAILED
    assert victim.read_text() == "keep me\n"


# --- separate sessions -------------------------------------------------------------------


def test_each_session_has_its_own_progress_and_lock_files(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    plain = Store.for_bank(bank, files, tmp_path)
    sam = Store.for_bank(bank, files, tmp_path, session="sam")
    assert plain.progress.name == f"{plain.key}.progress.json"
    assert sam.progress.name == f"{plain.key}.sam.progress.json"
    assert plain.lock_file.name == f"{plain.key}.lock"
    assert sam.lock_file.name == f"{plain.key}.sam.lock"


@pytest.mark.parametrize("other", [None, "kim"])
def test_a_resumed_quiz_never_picks_up_another_sessions_answers(
    bank: Bank, tmp_path: Path, files: BankFiles, other: str | None
) -> None:
    Run(bank, files, tmp_path, session="sam").play(ScriptedAsker(FULL_WALK[:3]))
    asker = ScriptedAsker(FULL_WALK[:1])
    Run(bank, files, tmp_path, session=other).play(asker, resume=True)
    assert asker.asked[0] == "work.led"


def test_resume_in_a_session_without_progress_says_so_and_names_it(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    Run(bank, files, tmp_path).play(ScriptedAsker(FULL_WALK[:3]))
    kim = Run(bank, files, tmp_path, session="kim")
    kim.play(ScriptedAsker([]), resume=True)
    assert kim.messages.getvalue().startswith(
        "No saved progress for this bank in session kim; starting a new quiz.\n"
    )


def test_resume_continues_the_sessions_own_answers(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    Run(bank, files, tmp_path, session="sam").play(ScriptedAsker(FULL_WALK[:3]))
    Run(bank, files, tmp_path, session="kim").play(ScriptedAsker(["no"]))
    asker = ScriptedAsker(FULL_WALK[3:])
    sam = Run(bank, files, tmp_path, session="sam")
    assert sam.play(asker, resume=True) is ExitCode.OK
    assert asker.asked[0] == "work.one"
    [kept] = sam.store.answers_files()
    assert read_answers(kept, bank).answers["work.led"] == "yes"


def test_restart_in_one_session_keeps_the_other_sessions_progress(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    kim = Run(bank, files, tmp_path, session="kim")
    kim.play(ScriptedAsker(FULL_WALK[:3]))
    Run(bank, files, tmp_path, session="sam").play(ScriptedAsker(FULL_WALK[:1]), restart=True)
    saved = kim.store.load(bank)
    assert saved is not None and saved.flow.answered == 3


def test_the_resume_hint_names_the_session(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    run = Run(bank, files, tmp_path, session="sam")
    run.play(ScriptedAsker(FULL_WALK[:3]))
    assert run.messages.getvalue() == (
        "Saved 3 of 10 answers. Run `rolefit quiz --resume --session sam --questions "
        f"{files.questions} --scoring {files.scoring}` to continue.\n"
    )


def test_the_hint_after_an_interrupted_result_names_the_session(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path, session="sam")
    run.card = Console(file=Interrupting())
    assert run.play(ScriptedAsker(FULL_WALK)) is ExitCode.INTERRUPTED
    assert run.messages.getvalue() == (
        f"Stopped before the result was kept. Run `{resume_command(files, 'sam')}` to see it.\n"
    )
    assert "--session sam" in resume_command(files, "sam")


def test_the_hint_to_see_the_result_again_names_the_sessions_answers_file(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path, session="sam")
    run.play(ScriptedAsker(FULL_WALK))
    [kept] = run.store.answers_files()
    assert ".sam." in kept.name
    assert (
        f"To see this result again: rolefit score {kept}{files.options()}\n"
        in run.messages.getvalue()
    )


def test_without_a_session_the_hints_name_none(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK[:3]))
    assert "--session" not in run.messages.getvalue()


@pytest.mark.parametrize("name", ["sam", "Kim_2", "a", "x" * 40, "team-b", "0"])
def test_session_names_of_letters_digits_dashes_and_underscores_are_accepted(name: str) -> None:
    assert check_session(name) == name
    check_options(QuizOptions(session=name))


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("", "''"),
        ("x" * 41, "'" + "x" * 41 + "'"),
        ("two words", "'two words'"),
        ("../up", "'../up'"),
        ("a.b", "'a.b'"),
        ("zoë", "'zoë'"),
        ("\x1b[31mred", "'\\x1b[31mred'"),
        ("line\nbreak", "'line break'"),
    ],
)
def test_bad_session_names_are_refused_before_the_first_question(name: str, shown: str) -> None:
    with pytest.raises(RolefitError) as error:
        check_options(QuizOptions(session=name))
    assert str(error.value) == (
        f"--session: {shown} is not a session name; use 1 to 40 letters, digits, '-' or '_' "
        "(for example --session sam)"
    )
    assert error.value.exit_code == ExitCode.BAD_INPUT


def test_the_quiz_help_documents_sessions() -> None:
    result = CliRunner().invoke(app, ["quiz", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--session" in result.stdout
    assert "two people on one computer" in result.stdout


# --- finished answers files --------------------------------------------------------------


def test_two_finished_quizzes_leave_two_answers_files(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK), name="Sam")
    run.play(ScriptedAsker(["no", *FULL_WALK[2:]]), name="Sam")
    first, second = run.store.answers_files()
    assert read_answers(first, bank).answers["work.led"] == "yes"
    assert read_answers(second, bank).answers["work.led"] == "no"


def test_the_answers_file_is_named_after_bank_session_time_and_respondent(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state", session="sam")
    kept = store.keep_answers(walk(Flow.start(bank), FULL_WALK), "Zoë O'Brien", now=AT_NOON)
    assert kept == store.folder / f"{store.key}.sam.20250314-123005-zoe-o-brien.answers.yaml"


def test_an_answers_file_without_a_name_or_session_has_only_the_time(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    kept = store.keep_answers(walk(Flow.start(bank), FULL_WALK), None, now=AT_NOON)
    assert kept.name == f"{store.key}.20250314-123005.answers.yaml"


def test_a_taken_answers_file_name_gets_the_next_number(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    flow = walk(Flow.start(bank), FULL_WALK)
    names = [store.keep_answers(flow, "Sam", now=AT_NOON).name for _ in range(3)]
    base = f"{store.key}.20250314-123005-sam"
    assert names == [f"{base}.answers.yaml", f"{base}-2.answers.yaml", f"{base}-3.answers.yaml"]


def test_keeping_answers_never_replaces_an_existing_file(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    taken = store.folder / f"{store.key}.20250314-123005-sam.answers.yaml"
    store.folder.mkdir()
    taken.write_text("someone else's answers\n")
    store.keep_answers(walk(Flow.start(bank), FULL_WALK), "Sam", now=AT_NOON)
    assert taken.read_text() == "someone else's answers\n"


def test_answers_files_are_private(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    kept = store.keep_answers(walk(Flow.start(bank), FULL_WALK), "Sam")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_keeping_answers_leaves_only_the_answers_file(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    kept = store.keep_answers(walk(Flow.start(bank), FULL_WALK), "Sam")
    assert os.listdir(store.folder) == [kept.name]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Sam", "sam"),
        ("Zoë O'Brien", "zoe-o-brien"),
        ("  --Ann  Lee--  ", "ann-lee"),
        ("R2-D2", "r2-d2"),
        ("../../etc/passwd", "etc-passwd"),
        ("\x1b[31mred", "31mred"),
        ("山田", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_the_name_in_a_file_name_is_lowercase_ascii_letters_digits_and_dashes(
    name: str | None, slug: str
) -> None:
    assert name_slug(name) == slug


def test_the_name_in_a_file_name_is_cut_at_30_characters_without_a_trailing_dash() -> None:
    assert name_slug("a" * 29 + " bcd") == "a" * 29
    assert len(name_slug("x" * 100)) == 30


# --- kill -9 ---------------------------------------------------------------------------

# A quiz in its own process whose fourth save (after three answers) hangs while its data goes
# to disk, so that the test can kill it there.
STUCK_IN_A_SAVE = """
import io, os, stat, sys, time
from pathlib import Path
from rich.console import Console
from rolefit.files.banks import BankFiles, load_bank
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.session import play
from rolefit.quiz.store import Store
from tests.quiz_support import FULL_WALK, ScriptedAsker

questions, scoring, state = sys.argv[1:]
files = BankFiles(Path(questions), Path(scoring))
bank = load_bank(files)
saves = 0
real_fsync = os.fsync

def fsync(descriptor):
    global saves
    if stat.S_ISREG(os.fstat(descriptor).st_mode):
        saves += 1
        if saves == 4:
            print("saving", flush=True)
            time.sleep(60)
    real_fsync(descriptor)

os.fsync = fsync
store = Store.for_bank(bank, files, Path(state))
play(bank, files, QuizOptions(), ScriptedAsker(FULL_WALK), store, Console(file=io.StringIO()),
     io.StringIO())
print("finished without getting stuck", flush=True)
"""


def kill_mid_save(files: BankFiles, state: Path) -> None:
    """Run a quiz in a process of its own and `kill -9` it in the middle of a save."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            STUCK_IN_A_SAVE,
            str(files.questions),
            str(files.scoring),
            str(state),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)
        line = process.stdout.readline() if ready else "(nothing within 20 s)"
        assert line == "saving\n", f"the quiz never got stuck in a save: {line!r}"
    finally:
        process.kill()  # SIGKILL
        process.wait()
    assert process.returncode == -signal.SIGKILL


def test_a_quiz_killed_mid_save_keeps_the_progress_saved_before(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    kill_mid_save(files, store.folder)
    saved = store.load(bank)
    assert saved is not None and saved.flow.answered == 2


def test_a_quiz_killed_mid_save_leaves_no_temporary_file(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    kill_mid_save(files, run.store.folder)
    # What a person does next: start the quiz again (temporary files the system could not
    # make unnamed are the next write's to remove), answer one more question, stop.
    assert run.play(ScriptedAsker(FULL_WALK[2:3]), resume=True) is ExitCode.INTERRUPTED
    assert sorted(os.listdir(run.store.folder)) == sorted(
        [run.store.progress.name, run.store.lock_file.name]
    )


def test_a_save_after_a_kill_goes_through(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    kill_mid_save(files, store.folder)
    with store.hold():
        store.save(walk(Flow.start(bank), FULL_WALK[:4]), Settings())
    saved = store.load(bank)
    assert saved is not None and saved.flow.answered == 4


# --- the real thing, in pseudo-terminals --------------------------------------------------


@pytest.fixture
def bank_files(tmp_path: Path) -> list[str]:
    questions, scoring = write_tiny_bank(tmp_path)
    return ["--questions", questions.name, "--scoring", scoring.name]


def walk_to_the_result(term: Terminal) -> int:
    for prompt, keys in WALK_TO_REVIEW:
        term.answer(prompt, keys)
    term.answer("Score my answers", ENTER)
    return term.finish()


def answers_files(tmp_path: Path) -> list[str]:
    return sorted(path.name for path in (tmp_path / "state" / "rolefit").glob("*.answers.yaml"))


def test_a_second_quiz_on_the_same_bank_exits_1_in_one_line_and_the_first_still_finishes(
    tmp_path: Path, bank_files: list[str]
) -> None:
    first = quiz(tmp_path, *bank_files)
    first.wait_for("Have you led a team?")
    second = quiz(tmp_path, *bank_files)
    assert second.finish() == 1
    said = second.transcript.decode()
    assert said.endswith("\r\n") and said.count("\n") == 1
    assert re.fullmatch("rolefit: " + BUSY.format(pid=first.child.pid), said.rstrip("\r\n"))
    assert walk_to_the_result(first) == 0
    assert len(answers_files(tmp_path)) == 1


def test_a_second_quiz_in_another_session_runs_beside_the_first(
    tmp_path: Path, bank_files: list[str]
) -> None:
    first = quiz(tmp_path, *bank_files, "--name", "Sam")
    first.wait_for("Have you led a team?")
    second = quiz(tmp_path, *bank_files, "--session", "other", "--name", "Kim")
    assert walk_to_the_result(second) == 0
    assert "rolefit score " in second.transcript.decode()  # raw: the screen wraps long paths
    assert walk_to_the_result(first) == 0
    sam, kim = answers_files(tmp_path)
    assert re.fullmatch(r"tiny-[0-9a-f]{8}\.other\.\d{8}-\d{6}-kim\.answers\.yaml", kim)
    assert re.fullmatch(r"tiny-[0-9a-f]{8}\.\d{8}-\d{6}-sam\.answers\.yaml", sam)


def test_the_lock_is_released_when_a_quiz_is_killed(tmp_path: Path, bank_files: list[str]) -> None:
    killed = quiz(tmp_path, *bank_files)
    killed.answer("Have you led a team?", "1" + ENTER)
    killed.wait_for("I enjoyed settling disagreements")
    killed.child.kill(signal.SIGKILL)
    killed.finish()
    assert killed.child.signalstatus == signal.SIGKILL

    again = quiz(tmp_path, *bank_files, "--resume")
    again.wait_for("Your work · Question 2 of 10")
    again.answer("I enjoyed settling disagreements", CTRL_C)
    assert again.finish() == 130


def test_a_bad_session_name_exits_2_in_one_line(tmp_path: Path, bank_files: list[str]) -> None:
    term = quiz(tmp_path, *bank_files, "--session", "two words")
    assert term.finish() == 2
    assert term.transcript.decode() == (
        "rolefit: --session: 'two words' is not a session name; use 1 to 40 letters, digits, "
        "'-' or '_' (for example --session sam)\r\n"
    )
    assert not (tmp_path / "state").exists()
