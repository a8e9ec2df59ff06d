"""The SQLite store: created private and in WAL mode, versioned, refusing what it cannot read;
and `rolefit report` / `rolefit export` over it, exactly as over a folder of answers files."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.bank import Bank
from rolefit.errors import InputFileError
from rolefit.store.database import Schema, open_database
from rolefit.store.migrations import WORKSHOP
from rolefit.store.workshop import WorkshopStore
from tests.conftest import EXAMPLE_ANSWERS, ROOT

runner = CliRunner()


def add_example(
    store: WorkshopStore, respondent: str, tweak: dict[str, object] | None = None
) -> None:
    from rolefit.core.answers import parse_answers
    from rolefit.core.scoring import score
    from rolefit.files.banks import BankFiles, load_bank
    from rolefit.render import result_renderers

    bank = load_bank(BankFiles.bundled())
    document = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    document["respondent"] = respondent
    document["answers"].update(tweak or {})
    result = score(bank, parse_answers(document, bank))
    store.add_response(
        document=json.dumps(document),
        result=str(result_renderers(result)["json"]()),
        respondent=respondent,
        form="full",
        via="api",
    )


@pytest.fixture
def filled(tmp_path: Path, bank: Bank) -> Path:
    path = tmp_path / "workshop.db"
    with WorkshopStore.open(path, create=True) as store:
        store.claim_bank(bank)
        add_example(store, "Ann")
        add_example(store, "=HYPERLINK(evil)", {"scope.many_projects": "strongly_agree"})
        add_example(store, "Cy", {"scope.next_role": "project_set"})
    return path


def test_a_new_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    with WorkshopStore.open(tmp_path / "new" / "workshop.db", create=True):
        pass
    assert os.stat(tmp_path / "new" / "workshop.db").st_mode & 0o777 == 0o600
    assert os.stat(tmp_path / "new").st_mode & 0o777 == 0o700


def test_a_store_uses_wal_and_full_sync(tmp_path: Path) -> None:
    connection = open_database(tmp_path / "s.db", WORKSHOP, create=True)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert connection.execute("PRAGMA user_version").fetchone()[0] == WORKSHOP.version
    connection.close()


def test_a_store_from_a_newer_rolefit_is_refused_with_a_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_database(path, WORKSHOP, create=True).close()
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {WORKSHOP.version + 1}")
    with pytest.raises(InputFileError, match=r"newer rolefit .* upgrade rolefit"):
        WorkshopStore.open(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(InputFileError, match="not a readable rolefit store"):
        WorkshopStore.open(path)


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE other (x)")
    with pytest.raises(InputFileError, match="not a rolefit store"):
        WorkshopStore.open(path)


def test_a_store_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_database(path, Schema("history", ()), create=True).close()
    with pytest.raises(InputFileError, match="a rolefit history store, not a workshop store"):
        WorkshopStore.open(path)


def test_migration_steps_run_once_each_in_order(tmp_path: Path) -> None:
    ran: list[int] = []
    first = Schema("history", (lambda c: ran.append(1),))
    open_database(tmp_path / "h.db", first, create=True).close()
    second = Schema("history", (lambda c: ran.append(1), lambda c: ran.append(2)))
    open_database(tmp_path / "h.db", second, create=False).close()
    assert ran == [1, 2]


def test_a_missing_store_is_not_created_when_reading(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such store"):
        WorkshopStore.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_an_empty_file_is_refused_when_reading_and_left_as_it_was(tmp_path: Path) -> None:
    empty = tmp_path / "workshop.db"
    empty.touch()
    for command in (["report", str(empty)], ["export", str(empty), "--to", str(tmp_path / "x")]):
        done = runner.invoke(app, command)
        assert done.exit_code == 2
        assert f"{empty}: an empty file, not a rolefit store" in done.stderr
    assert empty.stat().st_size == 0


@pytest.mark.parametrize("table", ["responses", "meta"])
def test_a_store_missing_a_table_is_one_line_and_exit_2(filled: Path, table: str) -> None:
    with sqlite3.connect(filled) as raw:
        raw.execute(f"DROP TABLE {table}")
    done = runner.invoke(app, ["export", str(filled), "--to", str(filled.parent / "out")])
    assert done.exit_code == 2, done.stderr
    assert f"not a readable rolefit store (no such table: {table})" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_damaged_value_makes_its_response_invalid_not_a_crash(filled: Path) -> None:
    with sqlite3.connect(filled) as raw:
        raw.execute("UPDATE responses SET document = x'7b7d', respondent = x'ff' WHERE id = 2")
        raw.execute("UPDATE responses SET id = 0 WHERE id = 3")  # an id no server gives
    done = runner.invoke(app, ["report", str(filled), "--format", "json"])
    assert done.exit_code == 1, done.stderr
    report = json.loads(done.stdout)
    assert (report["files"], report["count"]) == (3, 2)
    assert [entry["source"] for entry in report["invalid"]] == [f"{filled}#2"]


@pytest.mark.parametrize("kind", ["''", "x'ff'"])
def test_a_store_whose_kind_is_damaged_says_so(filled: Path, kind: str) -> None:
    with sqlite3.connect(filled) as raw:
        raw.execute(f"UPDATE rolefit_store SET kind = {kind}")
    with pytest.raises(InputFileError, match="whose kind is missing or damaged") as raised:
        WorkshopStore.open(filled)
    assert "None" not in str(raised.value) and "b'" not in str(raised.value)


def test_a_store_path_that_is_a_symlink_loop_says_so(tmp_path: Path) -> None:
    loop = tmp_path / "loop.db"
    loop.symlink_to("loop.db")
    with pytest.raises(InputFileError, match="a symbolic link that loops or leads nowhere"):
        WorkshopStore.open(loop)


def test_a_store_another_program_holds_is_in_use_not_damaged(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rolefit.store.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)  # not 10 s for a test
    holder = sqlite3.connect(filled, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # a sqlite3 shell left in a transaction, say
        done = runner.invoke(app, ["report", str(filled)])
    finally:
        holder.close()
    assert done.exit_code == 1, done.stderr
    assert f"{filled}: is in use by another program" in done.stderr
    assert "damaged" not in done.stderr


def test_a_store_holds_one_banks_answers(tmp_path: Path, bank: Bank, mini_bank: Bank) -> None:
    with WorkshopStore.open(tmp_path / "s.db", create=True) as store:
        store.claim_bank(bank)
        with pytest.raises(InputFileError, match="holds answers to bank 'default'"):
            store.claim_bank(mini_bank)


def test_report_of_a_store_is_report_of_its_export(filled: Path, tmp_path: Path) -> None:
    exported = tmp_path / "answers"
    done = runner.invoke(app, ["export", str(filled), "--to", str(exported)])
    assert done.exit_code == 0, done.stderr
    assert len(list(exported.glob("*.answers.yaml"))) == 3
    of_store = runner.invoke(app, ["report", str(filled), "--format", "json", "--anonymous"])
    of_folder = runner.invoke(app, ["report", str(exported), "--format", "json", "--anonymous"])
    assert of_store.exit_code == of_folder.exit_code == 0
    # The anonymous codes are made from where each answer lives (`workshop.db#2`, a file's
    # name), so they differ; everything else is the same report.
    assert _without_sources(of_store.stdout) == _without_sources(of_folder.stdout)


def _without_sources(report: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report)
    for key in ("respondents", "worth_a_conversation"):
        for row in data.get(key) or []:
            row.pop("source", None)
    return data


def test_report_names_each_stored_response(filled: Path) -> None:
    done = runner.invoke(app, ["report", str(filled), "--format", "json"])
    sources = [row["source"] for row in json.loads(done.stdout)["respondents"]]
    assert sources == [f"{filled}#1", f"{filled}#2", f"{filled}#3"]


def test_export_as_json_writes_answers_files_rolefit_score_reads(
    filled: Path, tmp_path: Path
) -> None:
    runner.invoke(app, ["export", str(filled), "--to", str(tmp_path / "out"), "--format", "json"])
    first = sorted((tmp_path / "out").glob("*.json"))[0]
    assert first.name == "response-0001-ann.answers.json"
    scored = runner.invoke(app, ["score", str(first), "--format", "json"])
    assert scored.exit_code == 0 and json.loads(scored.stdout)["respondent"] == "Ann"


def test_export_as_csv_has_one_row_per_person_and_a_codebook(
    filled: Path, tmp_path: Path, bank: Bank
) -> None:
    done = runner.invoke(app, ["export", str(filled), "--to", str(tmp_path), "--format", "csv"])
    assert done.exit_code == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "responses.csv").read_text())))
    assert [row["response"] for row in rows] == ["1", "2", "3"]
    assert rows[2]["scope.next_role"] == "project_set"
    assert rows[0]["scenarios.rank_tasks"] == "customers;features;plan;execs"
    assert rows[1]["respondent"] == "'=HYPERLINK(evil)"  # never a formula in a spreadsheet
    assert set(bank.by_id) <= set(rows[0])
    codebook = list(csv.DictReader(io.StringIO((tmp_path / "codebook.csv").read_text())))
    likert = [r for r in codebook if r["question_id"] == "scope.many_projects"]
    assert likert[0]["option_id"] == "strongly_disagree"
    assert likert[0]["prompt"] == bank.by_id["scope.many_projects"].prompt


def test_a_name_with_a_line_break_stays_one_guarded_cell(tmp_path: Path, bank: Bank) -> None:
    path = tmp_path / "w.db"
    with WorkshopStore.open(path, create=True) as store:
        store.claim_bank(bank)
        add_example(store, "\r=1+2")
        add_example(store, " \n@SUM(A1)")
    done = runner.invoke(app, ["export", str(path), "--to", str(tmp_path), "--format", "csv"])
    assert done.exit_code == 0, done.stderr
    with (tmp_path / "responses.csv").open(newline="") as table:
        rows = list(csv.reader(table))
    assert len({len(row) for row in rows}) == 1  # no row split by the line break
    names = [row[2] for row in rows[1:]]
    assert names == ["'\r=1+2", "' \n@SUM(A1)"]


def test_export_leaves_out_a_damaged_response_names_it_and_exits_1(
    filled: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(filled) as raw:
        raw.execute("UPDATE responses SET document = '{bad' WHERE id = 2")
    for format in ("yaml", "csv"):
        out = tmp_path / format
        done = runner.invoke(app, ["export", str(filled), "--to", str(out), "--format", format])
        assert done.exit_code == 1
        assert f"{filled}#2: its answers are damaged in the store; left out" in done.stderr
        assert "Traceback" not in done.stderr
    assert len(list((tmp_path / "yaml").glob("*.answers.yaml"))) == 2


def test_export_to_a_file_instead_of_a_folder_is_one_line_and_exit_1(
    filled: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "a.yaml"
    taken.write_text("mine\n")
    for format in ("yaml", "csv"):
        done = runner.invoke(app, ["export", str(filled), "--to", str(taken), "--format", format])
        assert done.exit_code == 1
        assert done.stderr == (
            f"rolefit: {taken}: not a folder (a file has that name, here or above); give --to "
            "a folder\n"
        )
    assert taken.read_text() == "mine\n"


def test_export_to_a_symbolic_link_that_loops_says_so(filled: Path, tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    done = runner.invoke(app, ["export", str(filled), "--to", str(loop)])
    assert done.exit_code == 1
    assert done.stderr == (
        f"rolefit: {loop}: a symbolic link that loops (too many levels of links); give --to "
        "a folder\n"
    )


def test_export_to_a_symbolic_link_to_nothing_says_so(filled: Path, tmp_path: Path) -> None:
    dangling = tmp_path / "answers"
    dangling.symlink_to(tmp_path / "gone")
    done = runner.invoke(app, ["export", str(filled), "--to", str(dangling)])
    assert done.exit_code == 1
    assert "a symbolic link to nothing (what it points to does not exist)" in done.stderr
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_a_bank_named_for_answers_files_is_read_and_held_against_the_store(
    filled: Path, tmp_path: Path, format: str
) -> None:
    # Answers files need no bank, but one named on the command line is not ignored.
    missing = ["--questions", str(tmp_path / "q.yaml"), "--scoring", str(tmp_path / "s.yaml")]
    done = runner.invoke(app, ["export", str(filled), "--to", str(tmp_path / "a"), *missing])
    assert done.exit_code == 2 and "q.yaml: no such file" in done.stderr
    workshop = ROOT / "examples" / "workshop" / "bank"
    other = ["--questions", str(workshop / "questions.yaml"), "--scoring"]
    other.append(str(workshop / "scoring.yaml"))
    out = tmp_path / "b"
    done = runner.invoke(app, ["export", str(filled), "--to", str(out), "-f", format, *other])
    assert done.exit_code == 2
    assert "holds answers to bank 'default', not 'workshop'" in done.stderr
    assert not out.exists()


def test_an_empty_to_is_refused_and_nothing_lands_in_the_current_folder(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    done = runner.invoke(app, ["export", str(filled), "--to", ""])
    assert done.exit_code == 2
    assert done.stderr == (
        "rolefit: --to: is empty; give the folder to write into, e.g. --to answers/\n"
    )
    assert list(here.iterdir()) == []


def test_an_export_the_disk_cuts_short_says_which_files_were_written(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rolefit.files import writing

    real = writing._write_all
    written: list[int] = []

    def full_after_two(handle: int, data: bytes) -> None:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(handle)
        real(handle, data)

    monkeypatch.setattr(writing, "_write_all", full_after_two)
    folder = tmp_path / "answers"
    done = runner.invoke(app, ["export", str(filled), "--to", str(folder)])
    assert done.exit_code == 1
    assert done.stderr.count("\n") == 1
    assert "no space left on the device; nothing was written (this file)" in done.stderr
    assert f"the 2 before it of 3 are in {folder}" in done.stderr
    assert len(list(folder.iterdir())) == 2


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "starlette", None)
    done = runner.invoke(app, ["serve", "--port", "0"])
    assert done.exit_code == 2
    assert "pip install 'rolefit[serve]'" in done.stderr


def test_serve_refuses_a_store_in_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    done = runner.invoke(app, ["serve", "--port", "0", "--store", str(tmp_path / "no" / "w.db")])
    assert done.exit_code == 1
    assert "does not exist; create it first" in done.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    "token", ["short", "abc def#ghi&jkl%zz", "\x1b[31m0123456789abc\u202e", "a" * 129]
)
def test_serve_refuses_an_admin_token_that_is_no_plain_url_text(token: str) -> None:
    done = runner.invoke(app, ["serve", "--admin-token", token])
    assert done.exit_code == 2
    assert done.stderr.startswith("rolefit: --admin-token: use 12 to 128 letters")
    assert "\x1b" not in done.stderr and done.stderr.count("\n") == 1


def test_the_default_store_lives_in_the_xdg_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rolefit.files.paths import user_data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert user_data_dir() == tmp_path / "rolefit"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/path")  # invalid by the spec: ignored
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_data_dir() == tmp_path / ".local" / "share" / "rolefit"


def test_report_of_a_missing_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = runner.invoke(app, ["report", str(tmp_path / "gone.db")])
    assert done.exit_code == 2
    assert done.stderr.strip() == f"rolefit: {tmp_path / 'gone.db'}: no such store; check the path"
