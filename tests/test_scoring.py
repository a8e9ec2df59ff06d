from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.fields import MAX_WEIGHT, MIN_WEIGHT
from rolefit.core.items import options_of
from rolefit.core.models import Answer
from rolefit.core.result import Result
from rolefit.core.scoring import score, score_many
from tests.helpers import score_answers


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
    result = score(bank, example_sheet)
    assert result.verdict == "product"
    assert result.product_pct is not None and result.product_pct > 60


@settings(max_examples=40, deadline=None)
@given(seed=seeds)
def test_the_overall_lean_is_the_weighted_mean_of_the_counted_dimensions(
    bank: Bank, seed: int
) -> None:
    result = score_answers(bank, random_answers(bank, random.Random(seed), skip=0.2))
    if result.product_pct is None or result.program_pct is None:
        assert result.verdict == "undetermined"
        return
    counted = [d for d in result.dimensions if d.included and d.lean is not None]
    weighted = sum(d.weight * d.lean for d in counted if d.lean is not None)
    expected = 50 * (1 + weighted / sum(d.weight for d in counted))
    assert result.product_pct == pytest.approx(expected, abs=0.06)
    assert result.product_pct + result.program_pct == 100


@settings(max_examples=25, deadline=None)
@given(seed=seeds)
def test_the_same_answers_give_the_same_result(bank: Bank, seed: int) -> None:
    answers = random_answers(bank, random.Random(seed))
    assert score_answers(bank, answers) == score_answers(bank, dict(answers))


@settings(max_examples=25, deadline=None)
@given(seed=seeds)
def test_the_order_of_answers_never_matters(bank: Bank, seed: int) -> None:
    answers = random_answers(bank, random.Random(seed))
    reversed_order = dict(reversed(list(answers.items())))
    assert score_answers(bank, answers) == score_answers(bank, reversed_order)


def test_random_answerers_average_fifty_fifty(bank: Bank) -> None:
    rng = random.Random(7)
    sheets = [AnswerSheet.of(bank, random_answers(bank, rng)) for _ in range(2000)]
    scored = [r.product_pct for r in score_many(bank, sheets, explain=False)]
    results = [pct for pct in scored if pct is not None]
    assert abs(sum(results) / len(results) - 50) <= 1


def mirrored(bank: Bank) -> Bank:
    """The same bank with every weight negated: product and program swap places."""
    from rolefit.core.models import LikertKey, OptionKeys, OptionLean

    items: dict[str, LikertKey | OptionKeys] = {}
    for qid, key in bank.scoring.items.items():
        if isinstance(key, LikertKey):
            flipped = "program" if key.keyed == "product" else "product"
            items[qid] = key.model_copy(update={"keyed": flipped})
        else:
            items[qid] = OptionKeys(
                options={
                    option: lean
                    if lean == "neutral"
                    else OptionLean(
                        lean={d: -v for d, v in lean.lean.items()}, because=lean.because
                    )
                    for option, lean in key.options.items()
                }
            )
    scoring = bank.scoring.model_copy(update={"items": items})
    return Bank(bank.questions_file, scoring)


@settings(max_examples=30, deadline=None)
@given(seed=seeds)
def test_negating_every_weight_mirrors_the_result(bank: Bank, seed: int) -> None:
    answers = random_answers(bank, random.Random(seed), skip=0.1)
    result, mirror = score_answers(bank, answers), score_answers(mirrored(bank), answers)
    assert mirror.verdict == {"product": "program", "program": "product"}.get(
        result.verdict, result.verdict
    )
    if result.product_pct is None or mirror.product_pct is None:
        return
    assert mirror.product_pct == pytest.approx(100 - result.product_pct, abs=0.11)
    assert mirror.margin == pytest.approx(result.margin, abs=0.11)


def toward_product(bank: Bank, question_id: str, answer: Answer) -> Answer | None:
    """The next answer one step closer to product, if there is one (likert and choice)."""
    question = bank.by_id[question_id]
    if question.type not in ("likert", "choice") or question.kind != "preference":
        return None
    current = sum(bank.items[question_id].contribution(answer).leans.values())
    better = [
        (sum(bank.items[question_id].contribution(o.id).leans.values()), o.id)
        for o in options_of(question)
    ]
    higher = sorted((value, option) for value, option in better if value > current)
    return higher[0][1] if higher else None


@settings(max_examples=40, deadline=None)
@given(seed=seeds, pick=st.integers(min_value=0, max_value=1000))
def test_moving_an_answer_toward_product_never_lowers_product_pct(
    bank: Bank, seed: int, pick: int
) -> None:
    answers = random_answers(bank, random.Random(seed))
    movable = [
        (qid, new)
        for qid, answer in answers.items()
        if (new := toward_product(bank, qid, answer)) is not None
    ]
    if not movable:
        return
    qid, new = movable[pick % len(movable)]
    before = score_answers(bank, answers).product_pct
    after = score_answers(bank, {**answers, qid: new}).product_pct
    if before is None or after is None:  # no verdict on a side: no lean to compare
        return
    assert after >= before


def all_likert(bank: Bank, option: str) -> dict[str, Answer]:
    return {
        q.id: option if q.kind == "preference" else "capable"
        for q in bank.questions
        if q.type == "likert" and q.when is None
    }


def test_one_answer_everywhere_gets_no_verdict(bank: Bank) -> None:
    result = score_answers(bank, all_likert(bank, "agree"))
    assert result.verdict == "undetermined"
    assert "flat_profile" in {f.code for f in result.flags}


def test_agreeing_with_opposite_statements_is_flagged(bank: Bank) -> None:
    answers: dict[str, Answer] = all_likert(bank, "agree")
    answers.update(dict.fromkeys(list(answers)[:2], "strongly_agree"))
    result = score_answers(bank, answers)
    assert "acquiescence" in {f.code for f in result.flags}


def test_nearly_the_same_rating_everywhere_is_flagged_as_straight_lining(bank: Bank) -> None:
    answers: dict[str, Answer] = all_likert(bank, "agree")
    answers.update(dict.fromkeys(list(answers)[:2], "disagree"))
    result = score_answers(bank, answers)
    assert "straight_lining" in {f.code for f in result.flags}


def short_form_straight_liner(bank: Bank, skipped: int) -> dict[str, Answer]:
    """The short form with one rating on every statement but `skipped` of them, and the
    first option of every choice (which carries a lean, so the profile is not flat)."""
    answers: dict[str, Answer] = {}
    statements = 0
    for q in bank.short_form():
        if q.kind != "preference":
            continue
        if q.type == "likert":
            statements += 1
            if statements > skipped:
                answers[q.id] = "neutral"
        elif q.type == "choice":
            answers[q.id] = bank.option_ids[q.id][0]
    return answers


def test_a_short_form_straight_liner_who_skips_a_statement_is_still_flagged(
    bank: Bank,
) -> None:
    result = score_answers(bank, short_form_straight_liner(bank, skipped=1), short=True)
    assert "straight_lining" in {f.code for f in result.flags}
    assert result.verdict == "undetermined"


def test_straight_lining_is_not_judged_on_a_handful_of_statements(bank: Bank) -> None:
    # Four of the short form's eight rated alike say nothing: too few to call a pattern.
    result = score_answers(bank, short_form_straight_liner(bank, skipped=4), short=True)
    assert "straight_lining" not in {f.code for f in result.flags}


def test_strongly_agreeing_with_both_statements_of_a_pair_is_flagged(mini_bank: Bank) -> None:
    answers = {"work.many": "strongly_agree", "work.one": "strongly_agree", "work.pick": "phone"}
    result = score_answers(mini_bank, answers)
    assert "contradiction" in {f.code for f in result.flags}


def test_one_mildly_contradictory_pair_is_not_flagged(mini_bank: Bank) -> None:
    answers = {"work.many": "agree", "work.one": "agree", "work.pick": "phone"}
    assert "contradiction" not in {f.code for f in score_answers(mini_bank, answers).flags}


def test_the_contradiction_says_the_statements_are_opposite_and_the_answers_alike(
    mini_bank: Bank,
) -> None:
    answers = {"work.many": "strongly_agree", "work.one": "strongly_agree", "work.pick": "phone"}
    [flag] = [f for f in score_answers(mini_bank, answers).flags if f.code == "contradiction"]
    assert flag.message.startswith("Statements that say opposite things got answers pointing")
    assert "(Strongly agree) and" in flag.message


def test_consistent_answers_on_a_pair_are_not_flagged(mini_bank: Bank) -> None:
    answers = {"work.many": "disagree", "work.one": "agree", "work.pick": "phone"}
    assert "contradiction" not in {f.code for f in score_answers(mini_bank, answers).flags}


def test_too_few_answers_give_no_verdict(bank: Bank) -> None:
    first_three = {q.id: "agree" for q in bank.questions if q.type == "likert"}
    result = score_answers(bank, dict(list(first_three.items())[:3]))
    assert result.verdict == "undetermined"
    assert "many_skips" in {f.code for f in result.flags}


def test_a_dimension_with_one_answer_is_left_out_and_said_so(mini_bank: Bank) -> None:
    answers: dict[str, Answer] = {
        "work.many": "disagree",
        "work.one": "agree",
        "work.rank": ("customers", "execs"),
    }
    result = score_answers(mini_bank, answers)
    people = next(d for d in result.dimensions if d.id == "people")
    assert not people.included
    assert "dimension_left_out" in {f.code for f in result.flags}


def test_a_clear_product_profile_gets_a_product_verdict(mini_bank: Bank) -> None:
    answers: dict[str, Answer] = {
        "work.led": "yes",
        "work.many": "strongly_disagree",
        "work.one": "strongly_agree",
        "work.pick": "phone",
        "work.conflicts": "disagree",
        "work.rank": ("customers", "execs"),
        "work.multi": ("users",),
    }
    result = score_answers(mini_bank, answers)
    assert result.verdict == "product"
    assert result.strength == "clear"
    assert result.reasons[0].toward == "product"


def test_answers_behind_an_unmet_condition_do_not_count(mini_bank: Bank) -> None:
    base = {"work.led": "no", "work.many": "agree", "work.one": "disagree", "work.pick": "phone"}
    with_hidden = {**base, "work.conflicts": "strongly_agree"}
    assert score_answers(mini_bank, base) == score_answers(mini_bank, with_hidden)


def test_next_steps_are_the_lowest_rated_skills_of_the_leaning_role(mini_bank: Bank) -> None:
    answers: dict[str, Answer] = {
        "work.many": "strongly_agree",
        "work.one": "strongly_disagree",
        "work.pick": "rollout",
        "work.rank": ("execs", "customers"),
        "work.multi": ("risks",),
        "skills.risk": "basic",
        "skills.research": "novice",
        "skills.talk": "strong",
    }
    result = score_answers(mini_bank, answers)
    assert result.verdict == "program"
    assert [s.skill_id for s in result.next_steps] == ["skills.risk", "skills.talk"]
    assert result.next_steps[0].advice == "Program managers mitigate risks."


def test_readiness_is_the_mean_self_rating_per_role(mini_bank: Bank) -> None:
    answers = {"skills.risk": "basic", "skills.research": "novice", "skills.talk": "strong"}
    readiness = {r.role: r.score for r in score_answers(mini_bank, answers).readiness}
    assert readiness == {"product": 2.5, "program": 3.0}


def test_a_fully_answered_short_form_counts_as_fully_answered(bank: Bank) -> None:
    answers = random_answers(bank, random.Random(3))
    result = score_answers(bank, answers, short=True)
    assert result.form == "short"
    assert result.answered == result.asked == len(bank.short_form())
    assert "many_skips" not in {f.code for f in result.flags}
    assert all(d.included for d in result.dimensions if not d.shared)


def test_the_short_form_ignores_answers_to_other_questions(bank: Bank) -> None:
    answers = random_answers(bank, random.Random(4))
    short_only = {q.id: answers[q.id] for q in bank.short_form() if q.id in answers}
    assert score_answers(bank, answers, short=True) == score_answers(bank, short_only, short=True)


def test_scoring_many_people_at_once_gives_each_the_same_result(bank: Bank) -> None:
    from rolefit.core.scoring import score, score_many

    rng = random.Random(11)
    people = [
        AnswerSheet.of(
            bank,
            random_answers(bank, rng, skip=rng.choice([0.0, 0.1, 0.3])),
            f"p{i}",
            short=i % 5 == 0,
        )
        for i in range(120)
    ]
    together = score_many(bank, people)
    assert together == [score(bank, sheet) for sheet in people]


def test_scoring_without_explanations_changes_nothing_but_reasons_and_steps(bank: Bank) -> None:
    from rolefit.core.scoring import score, score_many

    rng = random.Random(12)
    people = [AnswerSheet.of(bank, random_answers(bank, rng, skip=0.1)) for _ in range(40)]
    plain = score_many(bank, people, explain=False)
    full = [score(bank, sheet) for sheet in people]
    assert plain == [r.model_copy(update={"reasons": (), "next_steps": ()}) for r in full]


def test_skills_already_rated_expert_are_never_a_next_step(mini_bank: Bank) -> None:
    answers = {"skills.risk": "expert", "skills.research": "expert", "skills.talk": "expert"}
    assert score_answers(mini_bank, answers).next_steps == ()


def test_one_statement_answer_everywhere_still_counts_the_choices(bank: Bank) -> None:
    answers: dict[str, Answer] = all_likert(bank, "neutral")
    answers["scope.next_role"] = "one_line"
    answers["scenarios.five_g"] = "phone"
    result = score_answers(bank, answers)
    without_choice = score_answers(
        bank, {q: a for q, a in answers.items() if q != "scope.next_role"}
    )
    assert "flat_profile" not in {f.code for f in result.flags}
    assert "straight_lining" in {f.code for f in result.flags}

    def scope_answers(result: Result) -> int:
        return next(d.answered for d in result.dimensions if d.id == "scope")

    assert scope_answers(result) == scope_answers(without_choice) + 1


def test_a_result_without_a_verdict_reads_no_dimension_and_gives_no_reasons(bank: Bank) -> None:
    result = score_answers(bank, all_likert(bank, "strongly_agree"))
    assert result.verdict == "undetermined"
    assert result.reasons == ()
    for dimension in result.dimensions:
        assert not dimension.included and dimension.lean is None and dimension.level is None


def with_weights(bank: Bank, weights: list[float]) -> Bank:
    """`bank` with its dimensions' weights replaced, validated as a scoring file would be."""
    from rolefit.core.models import Dimension

    dimensions = tuple(
        Dimension.model_validate({**d.model_dump(), "weight": w})
        for d, w in zip(bank.scoring.dimensions, weights, strict=False)
    )
    return Bank(bank.questions_file, bank.scoring.model_copy(update={"dimensions": dimensions}))


bounded_weights = st.one_of(
    st.floats(min_value=MIN_WEIGHT, max_value=MAX_WEIGHT),
    st.sampled_from([MIN_WEIGHT, MAX_WEIGHT]),
)


@settings(max_examples=60, deadline=None)
@given(seed=seeds, weights=st.lists(bounded_weights, min_size=12, max_size=12))
def test_any_weights_within_the_bounds_give_finite_figures_within_range(
    bank: Bank, seed: int, weights: list[float]
) -> None:
    import math

    assert len(bank.scoring.dimensions) <= len(weights)
    weighted = with_weights(bank, weights)
    rng = random.Random(seed)
    result = score_answers(weighted, random_answers(weighted, rng, skip=rng.random() * 0.5))
    figures = [d.product_pct for d in result.dimensions if d.product_pct is not None]
    figures += [d.sem for d in result.dimensions if d.sem is not None]
    figures += [r.points for r in result.reasons]
    if result.product_pct is not None:
        assert result.program_pct is not None and result.margin is not None
        assert result.interval is not None and result.sem is not None
        figures += [result.product_pct, result.program_pct, result.margin, *result.interval]
        figures.append(result.sem)
        assert result.interval[0] <= result.product_pct <= result.interval[1]
    assert all(math.isfinite(value) and 0 <= value <= 100 for value in figures)
