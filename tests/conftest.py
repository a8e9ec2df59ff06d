from __future__ import annotations

from pathlib import Path

import pytest

from rolefit import paths
from rolefit.answers import AnswerSheet, read_answers
from rolefit.bank import Bank, load_bank

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_ANSWERS = ROOT / "examples" / "answers.yaml"


@pytest.fixture(scope="session")
def bank() -> Bank:
    return load_bank(paths.default_questions(), paths.default_scoring())


@pytest.fixture(scope="session")
def example_sheet(bank: Bank) -> AnswerSheet:
    return read_answers(EXAMPLE_ANSWERS, bank)


DATA = Path(__file__).resolve().parent / "data"
MINI_QUESTIONS = DATA / "mini_questions.yaml"
MINI_SCORING = DATA / "mini_scoring.yaml"


@pytest.fixture(scope="session")
def mini_bank() -> Bank:
    return load_bank(MINI_QUESTIONS, MINI_SCORING)
