from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.files.answers import read_answers
from rolefit.files.banks import BankFiles, load_bank

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_ANSWERS = ROOT / "examples" / "answers.yaml"


@pytest.fixture(autouse=True)
def own_data_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test, and every rolefit it starts, keeps its history (and any other per-user
    data) in a folder of its own, never in the real `~/.local/share/rolefit`."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def started_by_a_test_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process commands name themselves `rolefit` in hints, however pytest was started:
    `python -m pytest` would otherwise make `sys.argv[0]` a `__main__.py`, which hints read
    as `python -m rolefit` (files.paths.command_name)."""
    monkeypatch.setattr(sys, "argv", ["pytest", *sys.argv[1:]])


@pytest.fixture(scope="session")
def shared_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def own_cache_folder(shared_cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked banks are cached in one folder for the whole run (the cache is keyed by the
    banks' text, so tests cannot see each other's banks), never in the real `~/.cache`."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache_folder))


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test, and every rolefit it starts, speaks English whatever the machine's locale
    (the golden files are English); the translation tests ask for German by name. Only the
    messages' category is set, so the character encoding stays the machine's."""
    monkeypatch.delenv("LANGUAGE", raising=False)
    if "LC_ALL" in os.environ:
        monkeypatch.setenv("LC_ALL", "C.UTF-8")
    else:
        monkeypatch.setenv("LC_MESSAGES", "C.UTF-8")


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank(BankFiles.bundled())


@pytest.fixture(scope="session")
def example_sheet(bank: Bank) -> AnswerSheet:
    return read_answers(EXAMPLE_ANSWERS, bank)


DATA = Path(__file__).resolve().parent / "data"
MINI_QUESTIONS = DATA / "mini_questions.yaml"
MINI_SCORING = DATA / "mini_scoring.yaml"


@pytest.fixture(scope="session")
def mini_bank() -> Bank:
    return load_bank(BankFiles(MINI_QUESTIONS, MINI_SCORING))
