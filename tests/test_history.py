"""`rolefit history`: every finished quiz is kept in a private SQLite file; list, show,
compare by handle, forget; a damaged or newer file is one line and exit 1, never a crash."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rolefit.core.bank import Bank
from rolefit.core.history import chart_column
from rolefit.core.models import Answer
from rolefit.core.result import Result
from rolefit.errors import ExitCode, FileSystemError, InputFileError, RolefitError
from rolefit.files.banks import BankFiles, load_bank
from rolefit.render.json import result_json
from rolefit.store.database import refusal
from rolefit.store.history import History, history_path
from tests.conftest import EXAMPLE_ANSWERS
from tests.helpers import score_answers
from tests.quiz_support import FULL_WALK, Run, ScriptedAsker, tiny_bank_files

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
PRODUCT_LEANING: dict[str, Answer] = {
    "work.led": "no",
    "work.many": "disagree",
    "work.one": "agree",
    "work.pick": "phone",
    "work.rank": ("customers", "roadmap", "execs"),
    "work.multi": ("users",),
}
PROGRAM_LEANING: dict[str, Answer] = {
    "work.led": "no",
    "work.many": "agree",
    "work.one": "disagree",
    "work.pick": "rollout",
    "work.rank": ("execs", "roadmap", "customers"),
    "work.multi": ("risks",),
}


@pytest.fixture
def files(tmp_path: Path) -> BankFiles:
    return tiny_bank_files(tmp_path / "bank")


@pytest.fixture
def bank(files: BankFiles) -> Bank:
    return load_bank(files)


def rolefit(*args: str, files: BankFiles | None = None) -> subprocess.CompletedProcess[str]:
    bank = ("--questions", str(files.questions), "--scoring", str(files.scoring)) if files else ()
    return subprocess.run(
        [sys.executable, "-m", "rolefit", *args, *bank],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT,
    )


def record(bank: Bank, answers: dict[str, Answer], name: str = "Sam") -> int:
    result = score_answers(bank, answers, name)
    with History.open(create=True) as history:
        return history.add(result, result_json(result), f"answers: {json.dumps(answers)}\n")


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    assert stderr.startswith("rolefit: ") and stderr.count("\n") == 1, stderr
    return stderr


# --- the quiz keeps every result ------------------------------------------------------------


def test_a_finished_quiz_is_added_to_the_history(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    assert run.play(ScriptedAsker(FULL_WALK), name="Sam") is ExitCode.OK
    with History.open() as history:
        [entry] = history.entries()
    assert entry.past.respondent == "Sam"
    assert entry.past.bank_id == "tiny"
    assert "Added to your history as @1" in run.messages.getvalue()
    recorded = entry.result()
    assert recorded is not None and recorded.headline == entry.past.headline


def test_no_history_keeps_nothing(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    run = Run(bank, files, tmp_path)
    assert run.play(ScriptedAsker(FULL_WALK), no_history=True) is ExitCode.OK
    assert not history_path().exists()
    assert "your history" not in run.messages.getvalue()


def test_a_history_that_cannot_be_written_does_not_stop_the_quiz(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    history_path().parent.mkdir(parents=True)
    history_path().write_bytes(b"not a database at all" * 100)
    run = Run(bank, files, tmp_path)
    assert run.play(ScriptedAsker(FULL_WALK)) is ExitCode.OK
    assert "Not added to your history:" in run.messages.getvalue()
    assert run.store.answers_files()  # the answers are kept all the same


def test_the_history_file_is_private(bank: Bank) -> None:
    record(bank, PRODUCT_LEANING)
    assert stat.S_IMODE(history_path().stat().st_mode) == 0o600


# --- list, show, compare, forget ------------------------------------------------------------


def test_history_lists_every_result_and_charts_the_lean(bank: Bank) -> None:
    record(bank, PRODUCT_LEANING)
    record(bank, PROGRAM_LEANING)
    done = rolefit("history")
    assert done.returncode == 0, done.stderr
    assert "@1" in done.stdout and "@2" in done.stdout
    assert "Lean over time" in done.stdout
    assert done.stdout.count("●") == 2


def test_history_json_lists_the_results_oldest_first(bank: Bank) -> None:
    record(bank, PRODUCT_LEANING)
    record(bank, PROGRAM_LEANING)
    listed = json.loads(rolefit("history", "--format", "json").stdout)["results"]
    assert [row["number"] for row in listed] == [1, 2]
    assert listed[0]["product_pct"] > 50 > listed[1]["product_pct"]


def test_an_empty_history_says_how_to_fill_it() -> None:
    done = rolefit("history")
    assert done.returncode == 0
    assert "No results in your history yet" in done.stdout
    assert not history_path().exists()  # looking creates nothing


def test_a_history_file_left_empty_is_an_empty_history() -> None:
    # A first quiz stopped just as it made the file leaves 0 bytes behind.
    history_path().parent.mkdir(parents=True)
    history_path().touch()
    done = rolefit("history")
    assert done.returncode == 0, done.stderr
    assert "No results in your history yet" in done.stdout
    assert history_path().stat().st_size == 0


@pytest.mark.parametrize("target", ["itself", "nowhere"])
@pytest.mark.parametrize(
    "command", [["history"], ["history", "show", "@1"], ["history", "forget", "--all"]]
)
def test_a_history_link_that_loops_or_leads_nowhere_is_said_not_read_as_empty(
    target: str, command: list[str]
) -> None:
    history_path().parent.mkdir(parents=True)
    history_path().symlink_to(history_path() if target == "itself" else "no-such-history.db")
    done = rolefit(*command)
    assert done.returncode == ExitCode.FAILED
    assert "a symbolic link that loops or leads nowhere" in one_line(done.stderr)


def test_history_show_prints_the_result_as_score_would(bank: Bank) -> None:
    record(bank, PRODUCT_LEANING)
    shown = json.loads(rolefit("history", "show", "@last", "--format", "json").stdout)
    expected = json.loads(result_json(score_answers(bank, PRODUCT_LEANING, "Sam")))
    assert shown == expected


def test_a_result_in_an_older_schema_is_scored_again_from_its_answers(
    bank: Bank, files: BankFiles
) -> None:
    result = score_answers(bank, PRODUCT_LEANING, "Sam")
    older = json.loads(result_json(result)) | {"schema_version": 0}
    answers = json.dumps({"respondent": "Sam", "bank": "tiny", "answers": PRODUCT_LEANING})
    with History.open(create=True) as history:
        history.add(result, json.dumps(older), answers)
    shown = rolefit("history", "show", "1", "--format", "json", files=files)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["product_pct"] == result.product_pct


def test_compare_takes_two_results_of_the_history(bank: Bank, files: BankFiles) -> None:
    record(bank, PRODUCT_LEANING)
    record(bank, PROGRAM_LEANING)
    done = rolefit("compare", "@first", "@last", "--format", "json", files=files)
    assert done.returncode == 0, done.stderr
    compared = json.loads(done.stdout)
    assert compared["before"]["product_pct"] > compared["after"]["product_pct"]


@pytest.mark.parametrize("handle", ["@3", "@last-2", "nonsense", "@-1"])
def test_an_unknown_entry_is_one_line_and_exit_2(bank: Bank, handle: str) -> None:
    record(bank, PRODUCT_LEANING)
    record(bank, PROGRAM_LEANING)
    done = rolefit("history", "show", handle)
    assert done.returncode == 2
    assert "rolefit history` lists them" in one_line(done.stderr)


def test_forget_deletes_one_entry_and_the_others_keep_their_numbers(bank: Bank) -> None:
    for answers in (PRODUCT_LEANING, PROGRAM_LEANING, PRODUCT_LEANING):
        record(bank, answers)
    done = rolefit("history", "forget", "@2")
    assert done.returncode == 0
    assert done.stdout == "Deleted 1 result from your history.\n"
    with History.open() as history:
        assert [entry.number for entry in history.entries()] == [1, 3]
        assert history.number_of("@last-1") == 1


def test_forget_all_empties_the_history(bank: Bank) -> None:
    record(bank, PRODUCT_LEANING)
    record(bank, PROGRAM_LEANING)
    assert rolefit("history", "forget", "--all").stdout == "Deleted 2 results from your history.\n"
    with History.open() as history:
        assert history.entries() == []


@pytest.mark.parametrize("arguments", [(), ("@1", "--all")])
def test_forget_needs_one_entry_or_all(arguments: tuple[str, ...]) -> None:
    done = rolefit("history", "forget", *arguments)
    assert done.returncode == 2
    assert "give one ENTRY" in one_line(done.stderr)


# --- a history that cannot be read ----------------------------------------------------------


def test_a_damaged_history_is_one_line_and_exit_1() -> None:
    history_path().parent.mkdir(parents=True)
    history_path().write_bytes(os.urandom(8192))
    done = rolefit("history")
    assert done.returncode == 1
    line = one_line(done.stderr)
    assert "your history cannot be read" in line
    assert "aside" in line


def test_a_history_from_a_newer_rolefit_says_to_upgrade(bank: Bank) -> None:
    record(bank, PRODUCT_LEANING)
    with sqlite3.connect(history_path()) as connection:
        connection.execute("PRAGMA user_version = 99")
    done = rolefit("history")
    assert done.returncode == 1
    assert "newer rolefit" in one_line(done.stderr)


@pytest.mark.parametrize(
    "damage",
    [
        "taken = 'yesterday'",
        "product_pct = 'lots'",
        "product_pct = 1e308 * 10",  # infinite
        "product_pct = 150",
        "product_pct = x'00'",  # a BLOB
    ],
)
def test_a_damaged_entry_is_one_line_exit_1_naming_the_fix(bank: Bank, damage: str) -> None:
    record(bank, PRODUCT_LEANING)
    with sqlite3.connect(history_path()) as connection:
        connection.execute(f"UPDATE results SET {damage}")
    for args in (("history",), ("history", "show", "@1")):
        done = rolefit(*args)
        assert done.returncode == 1
        assert "rolefit history forget @1" in one_line(done.stderr)


def test_an_entry_whose_result_and_answers_are_both_damaged_is_one_line_exit_1(
    bank: Bank, files: BankFiles
) -> None:
    record(bank, PRODUCT_LEANING)
    with sqlite3.connect(history_path()) as connection:
        connection.execute("UPDATE results SET result = '{', answers = '{'")
    done = rolefit("history", "show", "@1", files=files)
    assert done.returncode == 1
    assert "damaged in your history" in one_line(done.stderr)


def test_a_folder_where_the_history_should_be_is_one_line_exit_1() -> None:
    history_path().mkdir(parents=True)
    done = rolefit("history")
    assert done.returncode == 1
    assert "should be a file" in one_line(done.stderr)


def test_another_kind_of_rolefit_store_is_not_taken_for_a_history(bank: Bank) -> None:
    with pytest.raises(FileSystemError, match="not a history store"):
        from rolefit.store.database import open_database
        from rolefit.store.migrations import WORKSHOP

        history_path().parent.mkdir(parents=True)
        open_database(history_path(), WORKSHOP, create=True).close()
        History.open()


# A writer that records one result, then starts a second one and is killed before it commits.
KILLED_WRITER = """
import json, sys, time
from rolefit.files.banks import BankFiles, load_bank
from rolefit.render.json import result_json
from rolefit.store.history import History
from tests.conftest import EXAMPLE_ANSWERS
from tests.helpers import score_answers

bank = load_bank(BankFiles(sys.argv[1], sys.argv[2]))
result = score_answers(bank, {"work.led": "no", "work.one": "agree"})
history = History.open(create=True)
history.add(result, result_json(result), "answers: {}\\n")
connection = history._connection
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO results (taken, bank_id, bank_version, form, verdict, headline, "
                   "result, answers) VALUES ('x', 'x', 'x', 'x', 'x', 'x', 'x', 'x')")
print("writing", flush=True)
time.sleep(60)
"""


def test_kill_9_in_the_middle_of_a_write_leaves_the_history_as_it_was(files: BankFiles) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(files.questions), str(files.scoring)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=TIMEOUT)
    with History.open() as history:
        assert [entry.number for entry in history.entries()] == [1]
    with sqlite3.connect(history_path()) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- the chart ----------------------------------------------------------------------------


@pytest.mark.parametrize(("pct", "column"), [(0, 0), (50, 20), (100, 40), (62.5, 25), (120, 40)])
def test_the_chart_puts_a_lean_in_its_column(pct: float, column: int) -> None:
    assert chart_column(pct, 41) == column


def test_the_chart_needs_an_odd_width() -> None:
    with pytest.raises(ValueError, match="odd width"):
        chart_column(50, 40)


def test_handles_resolve_from_the_end_and_the_start(bank: Bank) -> None:
    for answers in (PRODUCT_LEANING, PROGRAM_LEANING, PRODUCT_LEANING):
        record(bank, answers)
    with History.open() as history:
        assert history.number_of("@last") == 3
        assert history.number_of("@LAST-2") == 1
        assert history.number_of("@first") == 1
        assert history.number_of("2") == 2
        with pytest.raises(RolefitError):
            history.number_of("@first-1")


# --- a result is shown in one language ------------------------------------------------------


def _record_in(language: str) -> Result:
    """The example answers scored with the bundled bank in `language`, added to the history."""
    from rolefit.core.bank import bank_in_language
    from rolefit.core.scoring import score
    from rolefit.files.answers import read_answers
    from rolefit.files.catalogs import translator_of

    english = load_bank(BankFiles.bundled())
    bank = english if language == "en" else bank_in_language(english, language)
    result = score(bank, read_answers(EXAMPLE_ANSWERS, bank), translator_of(language))
    with History.open(create=True) as history:
        history.add(result, result_json(result), EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    return result


def test_a_result_taken_in_german_is_shown_in_english_when_english_is_asked_for() -> None:
    taken = _record_in("de")
    assert taken.language == "de"
    shown = rolefit("history", "show", "@last", "--format", "markdown", "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    assert "## Why" in shown.stdout and "Warum" not in shown.stdout
    assert taken.headline not in shown.stdout  # its German sentences were written again


def test_a_result_that_cannot_be_scored_again_is_shown_whole_in_its_own_language(
    bank: Bank,
) -> None:
    record(bank, PRODUCT_LEANING)  # the tiny bank, which has no German and is not at hand
    shown = rolefit("history", "show", "@last", "--format", "markdown", "--lang", "de")
    assert shown.returncode == 0, shown.stderr
    assert "## Why" in shown.stdout
    assert "Warum" not in shown.stdout and "Produkt" not in shown.stdout


def test_the_language_a_result_was_taken_in_is_in_its_json() -> None:
    _record_in("de")
    shown = rolefit("history", "show", "@last", "--format", "json", "--lang", "de")
    assert json.loads(shown.stdout)["language"] == "de"


def test_a_store_sqlite_may_not_write_is_a_permission_to_fix_not_damage(tmp_path: Path) -> None:
    # As root (CI) no file is read-only to SQLite, so the errors it raises then are given.
    path = tmp_path / "history.db"
    readonly = refusal(path, sqlite3.OperationalError("attempt to write a readonly database"))
    assert isinstance(readonly, FileSystemError) and readonly.exit_code == 1
    assert f"folder {tmp_path}" in readonly.detail and "aside" not in readonly.detail
    damaged = refusal(path, sqlite3.DatabaseError("file is not a database"))
    assert isinstance(damaged, InputFileError) and "damaged" in damaged.detail


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_history_in_a_read_only_folder_is_not_called_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    History.open(create=True).close()
    folder = history_path().parent
    folder.chmod(0o500)
    try:
        with pytest.raises(FileSystemError) as raised, History.open() as history:
            history.entries()
    finally:
        folder.chmod(0o700)
    assert "aside" not in raised.value.detail
    assert "check that you may write" in raised.value.detail
