"""Item and scale analysis (`rolefit report`), checked against pingouin and pandas.

The references are independent of rolefit.core.stats: pingouin's cronbach_alpha (pairwise
deletion, Feldt's interval) and pandas' pairwise correlations, on tables with holes where
follow-up questions were not asked and where people skipped.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd
import pingouin
import pytest

from rolefit.core.bank import Bank
from rolefit.core.cohort import ItemPlan, Scored, summarise
from rolefit.core.cohort_report import MIN_RESPONDENTS_FOR_ALPHA, CohortReport
from rolefit.core.stats import (
    feldt_interval,
    pairwise_alpha,
    rest_score_correlation,
    standardised_alpha,
)
from rolefit.files.banks import BankFiles, load_bank
from rolefit.files.submissions import find_answers_files, score_batch

ROOT = Path(__file__).resolve().parent.parent
Table = list[list[float | None]]


def random_table(seed: int, people: int = 40, items: int = 5) -> Table:
    """Columns of answers from one trait plus noise, on the -1 … 1 scale in halves; the last
    column a follow-up asked of about 60 %, and a few skips everywhere."""
    rng = random.Random(seed)
    table: Table = [[] for _ in range(items)]
    for _ in range(people):
        trait = rng.gauss(0, 1)
        asked_follow_up = rng.random() < 0.6
        for j in range(items):
            value = max(-1.0, min(1.0, round(2 * (0.5 * trait + rng.gauss(0, 0.6))) / 2))
            missing = rng.random() < 0.05 or (j == items - 1 and not asked_follow_up)
            table[j].append(None if missing else value)
    return table


def frame(table: Table) -> pd.DataFrame:
    data = pd.DataFrame(
        {f"q{j}": [math.nan if v is None else v for v in c] for j, c in enumerate(table)}
    )
    return data.dropna(axis=0, how="all")


SEEDS = range(8)


@pytest.mark.parametrize("seed", SEEDS)
def test_alpha_with_pairwise_deletion_agrees_with_pingouin(seed: int) -> None:
    table = random_table(seed)
    expected, _ = pingouin.cronbach_alpha(frame(table), nan_policy="pairwise")
    found = pairwise_alpha(table)
    assert found is not None
    assert round(found, 3) == pytest.approx(round(expected, 3), abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_feldt_interval_agrees_with_pingouin(seed: int) -> None:
    table = random_table(seed)
    data = frame(table)
    alpha, expected = pingouin.cronbach_alpha(data, nan_policy="pairwise")
    found = feldt_interval(alpha, len(data), len(table))
    assert found is not None
    assert [round(b, 3) for b in found] == pytest.approx(list(expected), abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_alpha_if_deleted_agrees_with_pingouin_without_the_item(seed: int) -> None:
    table = random_table(seed)
    data = frame(table)
    for j in range(len(table)):
        expected, _ = pingouin.cronbach_alpha(data.drop(columns=f"q{j}"), nan_policy="pairwise")
        found = pairwise_alpha([c for k, c in enumerate(table) if k != j])
        assert found is not None
        assert found == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize("seed", SEEDS)
def test_standardised_alpha_agrees_with_pandas_correlations(seed: int) -> None:
    table = random_table(seed)
    corr = frame(table).corr().to_numpy()
    k = len(table)
    mean_r = (corr.sum() - k) / (k * (k - 1))
    expected = k * mean_r / (1 + (k - 1) * mean_r)
    found = standardised_alpha(table)
    assert found == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_corrected_item_total_correlation_agrees_with_pandas(seed: int) -> None:
    table = random_table(seed)
    data = frame(table)
    for j in range(len(table)):
        rest = data.drop(columns=f"q{j}").mean(axis=1, skipna=True)
        expected = data[f"q{j}"].corr(rest)
        assert rest_score_correlation(table, j) == pytest.approx(expected, abs=5e-4)


def test_a_published_example_gives_its_alpha() -> None:
    # pingouin's documented example (Bland and Altman 1997 style): three items, ten people,
    # alpha 0.5094. Written out here so that the test does not lean on our own arithmetic.
    q1 = [1, 2, 2, 3, 2, 2, 3, 3, 2, 3]
    q2 = [1, 1, 1, 2, 3, 3, 2, 3, 3, 3]
    q3 = [1, 1, 2, 1, 2, 3, 3, 3, 2, 3]
    table: Table = [[float(v) for v in c] for c in (q1, q2, q3)]
    expected, _ = pingouin.cronbach_alpha(frame(table))
    found = pairwise_alpha(table)
    assert found is not None and round(found, 3) == round(expected, 3)


# --- In the cohort report ------------------------------------------------------------------


def workshop_report(limit: int | None = None) -> tuple[Bank, CohortReport]:
    folder = ROOT / "examples" / "workshop"
    bank = load_bank(
        BankFiles(folder / "bank" / "questions.yaml", folder / "bank" / "scoring.yaml")
    )
    plan = ItemPlan.of(bank)
    files = find_answers_files([folder / "answers"])[:limit]
    outcomes = score_batch(files, bank, plan)
    return bank, summarise(bank, plan, outcomes)


def test_below_ten_people_alpha_is_too_few_to_estimate() -> None:
    _, report = workshop_report(limit=5)
    counted = [d for d in report.dimensions if not d.shared and d.items >= 2]
    assert counted
    for d in counted:
        assert d.alpha is None
        assert d.alpha_note is not None and d.alpha_note.startswith("too few to estimate")
        assert d.alpha_gap == "too_few_people"


def test_renderers_word_the_reason_for_no_alpha_from_its_code_not_from_the_english_note() -> None:
    from rolefit.files.catalogs import translator
    from rolefit.render.items import alpha_note

    german = translator("de")
    _, report = workshop_report(limit=5)
    dimension = next(d for d in report.dimensions if d.alpha_gap == "too_few_people")
    reworded = dimension.model_copy(update={"alpha_note": "anything at all"})
    assert alpha_note(reworded, german) == alpha_note(dimension, german)
    assert alpha_note(dimension, german) != dimension.alpha_note  # worded in German
    undefined = dimension.model_copy(update={"alpha_gap": "undefined"})
    assert alpha_note(undefined) == (
        "undefined: no spread, or two items never answered by the same two people"
    )
    # The JSON keeps the note alone, as before the code existed.
    assert "alpha_gap" not in report.model_dump_json()


def test_ten_people_get_alpha_its_interval_and_each_items_figures() -> None:
    bank, report = workshop_report()
    dimension = next(d for d in report.dimensions if not d.shared and d.alpha is not None)
    assert dimension.alpha_ci is not None and dimension.alpha is not None
    assert dimension.alpha_ci[0] < dimension.alpha < dimension.alpha_ci[1]
    assert dimension.sem is not None and dimension.standardised_alpha is not None
    assert len(dimension.item_analysis) == dimension.items
    item = dimension.item_analysis[0]
    assert item.text == bank.by_id[item.question_id].prompt
    assert item.n <= item.asked


def simulated_cohort(
    bank: Bank, seed: int, people: int, *, skip: float, short_every: int
) -> tuple[ItemPlan, list[Scored]]:
    """Simulated people (benchmarks.validity) scored as the report scores them; every
    `short_every`-th took the short form (1: everyone)."""
    from benchmarks.validity import Respondent, new_person
    from rolefit.core.answers import AnswerSheet
    from rolefit.core.scoring import score_many

    rng = random.Random(seed)
    short = {q.id for q in bank.short_form()}
    sheets = []
    for k in range(people):
        answers = Respondent(bank, new_person(bank, rng), rng, skip=skip).answers()
        on_short = k % short_every == 0
        kept = {q: a for q, a in answers.items() if q in short or not on_short}
        sheets.append(AnswerSheet.of(bank, kept, None, short=on_short))
    plan = ItemPlan.of(bank)
    results = score_many(bank, sheets, explain=False)
    return plan, [
        Scored.of(f"p{k}", sheet, result, bank, plan)
        for k, (sheet, result) in enumerate(zip(sheets, results, strict=True))
    ]


def test_a_cohort_of_short_forms_gets_alpha_over_the_questions_it_answered(bank: Bank) -> None:
    plan, scored = simulated_cohort(bank, 4, 30, skip=0.0, short_every=1)
    report = summarise(bank, plan, scored)
    short = {q.id for q in bank.short_form()}
    scope = next(d for d in report.dimensions if d.id == "scope")
    assert scope.alpha is not None
    unasked = [i for i in scope.item_analysis if i.question_id not in short]
    assert unasked and all(i.asked == 0 and i.alpha_if_deleted is None for i in unasked)


def test_each_items_counts_are_of_the_people_it_was_put_to(bank: Bank) -> None:
    """asked: people the question was put to (form and condition); n: those who answered;
    floor and ceiling: the share of answers at the scale's ends. Counted here one person at
    a time, as a facilitator would count them by hand."""
    plan, scored = simulated_cohort(bank, 7, 60, skip=0.15, short_every=3)
    report = summarise(bank, plan, scored)
    questions = [question_id for question_id, _ in plan.by_question]
    checked = 0
    for dimension in report.dimensions:
        for item in dimension.item_analysis:
            column = plan.columns.index((item.question_id, dimension.id))
            question = questions.index(item.question_id)
            asked = sum(1 for person in scored if person.asked[question])
            values = [p.items[column] for p in scored if p.items[column] is not None]
            assert (item.asked, item.n) == (asked, len(values)), item.question_id
            if asked:
                assert item.skipped_pct == round(100 * (asked - len(values)) / asked, 1)
            if bank.by_id[item.question_id].type == "likert" and values:
                assert item.floor_pct == round(100 * values.count(-1.0) / len(values), 1)
                assert item.ceiling_pct == round(100 * values.count(1.0) / len(values), 1)
            checked += 1
    assert checked >= 20


def test_a_question_fewer_than_ten_answered_is_left_out_of_alpha_and_gets_no_r(
    bank: Bank,
) -> None:
    # Half the cohort took the short form: the full form's follow-ups reach a few people.
    plan, scored = simulated_cohort(bank, 5, 24, skip=0.1, short_every=2)
    report = summarise(bank, plan, scored)
    few = 0
    for dimension in report.dimensions:
        if dimension.alpha is None:
            continue
        reliable = [i for i in dimension.item_analysis if i.n >= MIN_RESPONDENTS_FOR_ALPHA]
        assert dimension.alpha_items == len(reliable)
        lowering = {effect.question_id for effect in dimension.lowered_by}
        for item in dimension.item_analysis:
            if item.n < MIN_RESPONDENTS_FOR_ALPHA:
                few += 1
                assert item.item_rest_r is None and item.alpha_if_deleted is None
                assert item.question_id not in lowering
    assert few >= 2


def test_the_feldt_interval_counts_the_items_alpha_is_taken_over(bank: Bank) -> None:
    # Everyone took the short form and skipped nothing: each dimension's short-form items are
    # a complete table, which pingouin's (listwise) alpha and Feldt interval take as given.
    plan, scored = simulated_cohort(bank, 11, 40, skip=0.0, short_every=1)
    report = summarise(bank, plan, scored)
    checked = 0
    for dimension in report.dimensions:
        if dimension.alpha is None or dimension.alpha_items == dimension.items:
            continue
        columns = [
            column
            for column in plan.by_dimension[dimension.id]
            if all(person.items[column] is not None for person in scored)
        ]
        assert len(columns) == dimension.alpha_items
        table = pd.DataFrame([[p.items[c] for c in columns] for p in scored])
        alpha, (low, high) = pingouin.cronbach_alpha(data=table, ci=0.95)
        assert dimension.alpha == pytest.approx(alpha, abs=1e-3)
        assert dimension.alpha_ci == pytest.approx((low, high), abs=2e-3)
        checked += 1
    assert checked >= 2
