"""Shortcuts the tests share: score a plain mapping of answers as the quiz would."""

from __future__ import annotations

from collections.abc import Mapping

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.models import Answer
from rolefit.core.result import Result
from rolefit.core.scoring import score


def score_answers(
    bank: Bank, answers: Mapping[str, Answer], respondent: str | None = None, *, short: bool = False
) -> Result:
    """Score `answers` as given (unreachable ones left out, as every sheet leaves them)."""
    return score(bank, AnswerSheet.of(bank, answers, respondent, short=short))
