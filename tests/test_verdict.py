"""The words and the margin of a verdict: special cases get the right sentence, and the
margin is never zero for a result with answers (issue 11)."""

from __future__ import annotations

import json

from rolefit.core.bank import Bank
from rolefit.core.items import AGREEMENT
from rolefit.core.models import Answer, LikertKey
from rolefit.core.reliability import Z_90, floored, overall_sem, reliable_change_index
from rolefit.core.result import Result
from rolefit.render.json import result_json
from tests.helpers import score_answers


def likert_by_key(bank: Bank, product: str, program: str) -> dict[str, Answer]:
    """Every unconditional agreement statement: `product` to product-keyed, `program` else."""
    answers: dict[str, Answer] = {}
    for question in bank.questions:
        key = bank.key(question.id) if question.kind == "preference" else None
        if isinstance(key, LikertKey) and question.when is None:
            answers[question.id] = product if key.keyed == "product" else program
    return answers


def all_statements(bank: Bank, answer: str) -> dict[str, Answer]:
    return likert_by_key(bank, answer, answer)


def skills(bank: Bank, rating: str) -> dict[str, Answer]:
    return {q.id: rating for q in bank.questions if q.kind == "skill"}


def codes(result: Result) -> set[str]:
    return {flag.code for flag in result.flags}


# --- Straight-lining and undetermined results ---------------------------------------------


def test_agreeing_with_every_statement_is_undetermined_with_the_reason(bank: Bank) -> None:
    answers = {**all_statements(bank, "strongly_agree"), "scope.next_role": "one_line"}
    result = score_answers(bank, answers)
    assert result.verdict == "undetermined"
    assert "straight_lining" in codes(result)
    assert result.undetermined_reason is not None
    assert "same answer" in result.undetermined_reason
    assert result.headline == f"No verdict: {result.undetermined_reason}"


def test_disagreeing_with_every_statement_is_undetermined_too(bank: Bank) -> None:
    result = score_answers(bank, all_statements(bank, "strongly_disagree"))
    assert result.verdict == "undetermined"


def test_an_undetermined_result_carries_no_lean_in_json(bank: Bank) -> None:
    data = json.loads(result_json(score_answers(bank, all_statements(bank, "agree"))))
    assert data["verdict"] == "undetermined"
    assert [data[k] for k in ("product_pct", "program_pct", "margin", "interval", "sem")] == [
        None
    ] * 5
    assert data["undetermined_reason"]


def test_a_result_with_a_verdict_has_no_undetermined_reason(bank: Bank) -> None:
    result = score_answers(bank, likert_by_key(bank, "agree", "disagree"))
    assert result.verdict != "undetermined"
    assert result.undetermined_reason is None


def test_the_result_schema_allows_null_figures_only_with_a_reason() -> None:
    schema = Result.model_json_schema()
    assert "undetermined_reason" in schema["properties"]
    product = schema["properties"]["product_pct"]
    assert {"type": "null"} in product["anyOf"]


# --- The margin ----------------------------------------------------------------------------


def test_a_perfectly_consistent_respondent_still_gets_a_margin(bank: Bank) -> None:
    result = score_answers(bank, likert_by_key(bank, "agree", "disagree"))
    assert result.margin is not None and result.margin > 0
    assert result.interval is not None and result.interval[0] < result.interval[1]


def test_six_answers_still_get_a_margin(mini_bank: Bank) -> None:
    answers: dict[str, Answer] = {
        "work.many": "strongly_disagree",
        "work.one": "strongly_agree",
        "work.pick": "phone",
        "work.rank": ("customers", "execs"),
        "work.multi": ("users",),
    }
    result = score_answers(mini_bank, answers)
    assert result.margin is not None and result.margin > 0


def test_the_interval_reaches_at_least_the_measurement_error_either_side(bank: Bank) -> None:
    result = score_answers(bank, likert_by_key(bank, "agree", "disagree"))
    assert result.interval is not None and result.product_pct is not None
    assert result.sem is not None and result.sem > 0
    low, high = result.interval
    reach = Z_90 * result.sem
    # Rounded to one decimal each: allow the rounding.
    assert low <= max(0.0, result.product_pct - reach) + 0.15
    assert high >= min(100.0, result.product_pct + reach) - 0.15


def test_the_floor_keeps_a_wider_bootstrap_interval() -> None:
    assert floored(60.0, (40.0, 70.0), 1.0) == (40.0, 70.0)
    low, high = floored(60.0, (60.0, 60.0), 2.0)
    assert (round(low, 3), round(high, 3)) == (round(60 - 2 * Z_90, 3), round(60 + 2 * Z_90, 3))


def test_the_floor_stays_within_zero_and_a_hundred() -> None:
    assert floored(99.0, (99.0, 99.0), 5.0)[1] == 100.0
    assert floored(1.0, (1.0, 1.0), 5.0)[0] == 0.0


def test_the_overall_sem_is_that_of_a_weighted_mean_of_independent_errors() -> None:
    # Two dimensions of equal weight and error 0.3 and 0.4: √(0.09 + 0.16) / 2 = 0.25.
    assert abs(overall_sem({"a": 0.3, "b": 0.4}, {"a": 1.0, "b": 1.0}) - 0.25) < 1e-12


def test_the_reliable_change_index_with_one_sem_is_the_textbook_formula() -> None:
    # (x2 - x1) / √(2·SEM²) with SEM 5: a change of 10 points gives 10 / 7.0711 = 1.4142.
    assert abs(reliable_change_index(50.0, 60.0, (5.0, 5.0)) - 10 / (2 * 25) ** 0.5) < 1e-12


# --- Flags ---------------------------------------------------------------------------------


def test_skipping_every_skill_self_rating_raises_no_many_skips(bank: Bank) -> None:
    answers = likert_by_key(bank, "agree", "disagree")
    for question in bank.questions:
        if question.kind == "preference" and question.type != "likert":
            first = question.options[0].id
            answers[question.id] = first if question.type == "choice" else (first,)
    answers.pop("scenarios.enjoy_multi")  # takes two or three; one skip is not many
    result = score_answers(bank, answers)
    assert result.asked > result.answered + 10  # the skills and follow-ups went unanswered
    assert "many_skips" not in codes(result)


def test_skipping_many_preference_questions_still_raises_many_skips(bank: Bank) -> None:
    answers = dict(list(likert_by_key(bank, "agree", "disagree").items())[:6])
    assert "many_skips" in codes(score_answers(bank, answers))


def test_a_single_mild_contradiction_in_the_default_bank_is_not_flagged(bank: Bank) -> None:
    answers = likert_by_key(bank, "agree", "disagree")
    first, second = bank.scoring.consistency_pairs[0]
    answers[first] = answers[second] = "agree"
    assert "contradiction" not in codes(score_answers(bank, answers))


def test_contradicting_every_pair_is_flagged_once_listing_each_pair(bank: Bank) -> None:
    answers = likert_by_key(bank, "agree", "disagree")
    for first, second in bank.scoring.consistency_pairs:
        answers[first] = answers[second] = "agree"
    flags = [f for f in score_answers(bank, answers).flags if f.code == "contradiction"]
    assert len(flags) == 1
    assert flags[0].message.count("(Agree) and") == len(bank.scoring.consistency_pairs)


# --- Next steps and readiness --------------------------------------------------------------


def test_without_a_lean_the_next_steps_weigh_both_roles(bank: Bank) -> None:
    answers = {**likert_by_key(bank, "neutral", "neutral"), **skills(bank, "basic")}
    answers["scope.many_projects"] = "agree"
    answers["scope.one_product"] = "agree"
    result = score_answers(bank, answers)
    assert result.verdict in ("balanced", "undetermined")
    assert {step.role for step in result.next_steps} == {"product", "program"}


def test_a_lean_gives_next_steps_of_that_role_only(bank: Bank) -> None:
    answers = {
        **likert_by_key(bank, "strongly_agree", "strongly_disagree"),
        **skills(bank, "basic"),
    }
    answers.update({"scope.next_role": "one_line", "scenarios.five_g": "phone"})
    result = score_answers(bank, answers)
    assert result.verdict == "product"
    assert {step.role for step in result.next_steps} == {"product"}


def test_rating_every_skill_at_the_top_is_not_told_to_rate_skills(bank: Bank) -> None:
    from rolefit.core.wording import no_next_steps

    answers = {**likert_by_key(bank, "agree", "disagree"), **skills(bank, "expert")}
    result = score_answers(bank, answers)
    assert result.next_steps == ()
    message = no_next_steps(result.verdict, result.readiness)
    assert "Rate your skills" not in message
    assert "at the top" in message


def test_rating_no_skill_is_told_to_rate_them(bank: Bank) -> None:
    from rolefit.core.wording import no_next_steps

    result = score_answers(bank, likert_by_key(bank, "agree", "disagree"))
    assert no_next_steps(result.verdict, result.readiness) == "Rate your skills to get next steps."


def test_agreement_values_run_from_minus_one_to_one() -> None:
    assert min(AGREEMENT.values()) == -1.0 and max(AGREEMENT.values()) == 1.0


def test_a_lean_whose_interval_reaches_the_balanced_band_is_balanced_and_says_its_tilt(
    bank: Bank,
) -> None:
    from rolefit.core.scoring import BALANCED_BAND_POINTS

    # Product statements agreed with, program ones mostly neutral: a mild product tilt.
    answers = likert_by_key(bank, "agree", "neutral")
    for qid in list(answers)[::3]:
        answers[qid] = "neutral"
    result = score_answers(bank, answers)
    assert result.interval is not None and result.product_pct is not None
    assert result.product_pct > 55
    assert result.interval[0] <= 50 + BALANCED_BAND_POINTS
    assert result.verdict == "balanced"
    assert "tilt toward product" in result.headline
