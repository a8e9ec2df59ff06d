"""Saved progress and the finished answers file."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from rolefit.core.bank import Bank
from rolefit.core.flow import Flow
from rolefit.errors import InputFileError
from rolefit.files.answers import read_answers
from rolefit.files.banks import BankFiles, load_bank
from rolefit.files.paths import state_dir
from rolefit.quiz.progress import Settings
from rolefit.quiz.store import Store, bank_key, write_answers
from tests.quiz_support import (
    FULL_WALK,
    SKIP,
    TINY_QUESTIONS,
    TINY_SCORING,
    tiny_bank_files,
    walk,
    write_tiny_bank,
)


@pytest.fixture
def files(tmp_path: Path) -> BankFiles:
    return tiny_bank_files(tmp_path / "bank")


@pytest.fixture
def bank(files: BankFiles) -> Bank:
    return load_bank(files)


def test_the_state_folder_follows_xdg_state_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert state_dir() == tmp_path / "rolefit"


def test_the_state_folder_defaults_to_local_state_in_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert state_dir() == tmp_path / ".local" / "state" / "rolefit"


def test_a_relative_xdg_state_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert state_dir() == tmp_path / ".local" / "state" / "rolefit"


def test_each_bank_has_its_own_progress_file(tmp_path: Path) -> None:
    one, two = tiny_bank_files(tmp_path / "one"), tiny_bank_files(tmp_path / "two")
    first, second = load_bank(one), load_bank(two)
    assert first.id == second.id
    assert bank_key(first, one).startswith("tiny-")
    assert (
        Store.for_bank(first, one, tmp_path).progress
        != Store.for_bank(second, two, tmp_path).progress
    )


def test_progress_is_saved_as_json_with_the_bank_order_and_answers(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path / "state")
    flow = walk(Flow.start(bank), ["yes", "agree"])
    store.save(flow, Settings(short=False, seed=3, respondent=None))
    saved = json.loads(store.progress.read_text())
    assert saved["bank"]["id"] == "tiny"
    assert saved["bank"]["version"] == "1"
    assert saved["order"] == [q.id for q in bank.questions]
    assert saved["answers"] == {"work.led": "yes", "work.conflicts": "agree"}
    assert saved["position"] == "work.many"
    assert saved["seed"] == 3


def test_no_saved_progress_loads_as_none(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    assert Store.for_bank(bank, files, tmp_path).load(bank) is None


def test_clearing_removes_the_progress(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    store = Store.for_bank(bank, files, tmp_path)
    store.save(Flow.start(bank), Settings())
    store.clear()
    assert store.load(bank) is None
    store.clear()  # clearing twice is harmless


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"format": 1, "bank": {"id": "tiny"}, "order": 3, "answers": {}}', "[]"],
)
def test_damaged_progress_says_how_to_discard_it(
    bank: Bank, tmp_path: Path, content: str, files: BankFiles
) -> None:
    store = Store.for_bank(bank, files, tmp_path)
    store.progress.write_text(content)
    with pytest.raises(InputFileError, match=r"rolefit quiz --restart"):
        store.load(bank)


def test_a_changed_bank_keeps_the_answers_that_still_apply_and_says_so(
    tmp_path: Path, files: BankFiles
) -> None:
    folder = tmp_path / "bank"
    bank = load_bank(BankFiles(*write_tiny_bank(folder)))
    store = Store.for_bank(bank, files, tmp_path / "state")
    store.save(walk(Flow.start(bank), ["yes", "agree", "disagree", "agree", "phone"]), Settings())

    questions = copy.deepcopy(TINY_QUESTIONS)
    questions["bank"]["version"] = 2
    work = questions["sections"][0]["questions"]
    pick = next(q for q in work if q["id"] == "work.pick")
    pick["options"] = [{"id": "tablet", "label": "A tablet"}, {"id": "rollout", "label": "R"}]
    scoring = copy.deepcopy(TINY_SCORING)
    pick_options = scoring["items"]["work.pick"]["options"]
    pick_options["tablet"] = pick_options.pop("phone")
    changed = load_bank(BankFiles(*write_tiny_bank(folder, questions, scoring)))

    saved = store.load(changed)
    assert saved is not None
    assert dict(saved.flow.answers) == {
        "work.led": "yes",
        "work.conflicts": "agree",
        "work.many": "disagree",
        "work.one": "agree",
    }
    assert saved.flow.position == "work.pick"
    assert saved.notes == (
        "The questions changed since your progress was saved (version 1 → 2); kept 4 of 5 "
        "answers, the ones that still apply.",
    )


def test_the_answers_file_is_what_rolefit_score_reads(bank: Bank, tmp_path: Path) -> None:
    replies = list(FULL_WALK)
    replies[4] = SKIP
    flow = walk(Flow.start(bank), replies)
    path = tmp_path / "answers.yaml"
    write_answers(path, flow, "Sam")

    document = yaml.safe_load(path.read_text())
    assert document["respondent"] == "Sam"
    assert document["bank"] == "tiny"
    assert document["answers"]["work.rank"] == ["customers", "roadmap", "execs"]
    assert document["answers"]["work.multi"] == ["users"]
    assert document["answers"]["work.pick"] is None
    assert document["answers"]["work.led"] == "yes"

    sheet = read_answers(path, bank)
    assert sheet.respondent == "Sam"
    assert dict(sheet.answers) == dict(flow.answers)
    assert sheet.warnings == ()
