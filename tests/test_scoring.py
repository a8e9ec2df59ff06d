from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.answers import AnswerSheet
from rolefit.bank import Bank, options_of
from rolefit.models import Answer
from rolefit.scoring import score


def random_answers(bank: Bank, rng: random.Random, skip: float = 0.0) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for question in bank.questions:
        if rng.random() < skip:
            continue
        ids = [o.id for o in options_of(question)]
        if question.type in ("likert", "choice"):
            answers[question.id] = rng.choice(ids)
        elif question.type == "rank":
            answers[question.id] = tuple(rng.sample(ids, len(ids)))
        else:
            low = question.min or 0
            high = question.max or len(ids)
            answers[question.id] = tuple(rng.sample(ids, rng.randint(low, high)))
    return answers


seeds = st.integers(min_value=0, max_value=2**32)


def test_the_example_leans_toward_product(example_sheet: AnswerSheet, bank: Bank) -> None:
    result = score(bank, example_sheet.answers, example_sheet.respondent)
    assert result.verdict == "product"
    assert result.product_pct > 60


@settings(max_examples=40, deadline=None)
@given(seed=seeds)
def test_percentages_stay_within_bounds_and_sum_to_100(bank: Bank, seed: int) -> None:
    result = score(bank, random_answers(bank, random.Random(seed), skip=0.2))
    assert 0 <= result.product_pct <= 100
    assert result.product_pct + result.program_pct == 100
    assert result.interval[0] <= result.product_pct <= result.interval[1]


@settings(max_examples=25, deadline=None)
@given(seed=seeds)
def test_the_same_answers_give_the_same_result(bank: Bank, seed: int) -> None:
    answers = random_answers(bank, random.Random(seed))
    assert score(bank, answers) == score(bank, dict(answers))


@settings(max_examples=25, deadline=None)
@given(seed=seeds)
def test_the_order_of_answers_never_matters(bank: Bank, seed: int) -> None:
    answers = random_answers(bank, random.Random(seed))
    reversed_order = dict(reversed(list(answers.items())))
    assert score(bank, answers) == score(bank, reversed_order)


def test_random_answerers_average_fifty_fifty(bank: Bank) -> None:
    rng = random.Random(7)
    results = [score(bank, random_answers(bank, rng)).product_pct for _ in range(300)]
    assert abs(sum(results) / len(results) - 50) <= 3
