"""The questionnaire's state machine, driven without a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, Move, Progress, question_order
from rolefit.core.items import answer_label
from rolefit.files.banks import BankFiles, load_bank
from rolefit.quiz.progress import Settings
from rolefit.quiz.store import Store
from tests.helpers import score_answers
from tests.quiz_support import BACK, FULL_WALK, SKIP, tiny_bank_files, walk


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> BankFiles:
    return tiny_bank_files(tmp_path_factory.mktemp("bank"))


@pytest.fixture(scope="module")
def bank(files: BankFiles) -> Bank:
    return load_bank(files)


def ids(flow: Flow) -> list[str]:
    return [q.id for q in flow.reachable]


# --- order -------------------------------------------------------------------------------


def test_questions_come_in_bank_order(bank: Bank) -> None:
    assert question_order(bank) == tuple(q.id for q in bank.questions)


def test_the_short_form_asks_only_short_questions(bank: Bank) -> None:
    assert question_order(bank, short=True) == (
        "work.led",
        "work.conflicts",
        "work.many",
        "work.one",
        "work.pick",
        "work.multi",
        "skills.risk",
    )


def test_shuffling_with_the_same_seed_gives_the_same_order(bank: Bank) -> None:
    assert question_order(bank, seed=7) == question_order(bank, seed=7)
    orders = {question_order(bank, seed=seed) for seed in range(20)}
    assert len(orders) > 1


def test_shuffling_keeps_every_question_in_its_section(bank: Bank) -> None:
    for seed in range(20):
        order = question_order(bank, seed=seed)
        sections = [bank.section_of[qid] for qid in order]
        assert sections == sorted(sections, key=["Your work", "Your skills"].index)
        assert sorted(order) == sorted(q.id for q in bank.questions)


def test_shuffling_never_asks_a_question_before_the_one_its_condition_names(bank: Bank) -> None:
    for seed in range(50):
        order = question_order(bank, seed=seed)
        assert order.index("work.led") < order.index("work.conflicts")


# --- conditions and progress -------------------------------------------------------------


def test_a_conditional_question_is_reachable_only_when_its_condition_holds(bank: Bank) -> None:
    start = Flow.start(bank)
    assert "work.conflicts" not in ids(start)
    assert "work.conflicts" in ids(start.apply("yes"))
    assert "work.conflicts" not in ids(start.apply("no"))


def test_progress_counts_the_questions_that_may_still_be_asked(bank: Bank) -> None:
    start = Flow.start(bank)
    assert start.progress == Progress("Your work", 1, 10)  # the follow-up may come
    assert start.apply("yes").progress == Progress("Your work", 2, 10)
    assert start.apply("no").progress == Progress("Your work", 2, 9)


def test_the_progress_total_never_grows_along_a_walk(bank: Bank) -> None:
    for first in ("yes", "no"):
        flow = Flow.start(bank).apply(first)
        totals = [10]
        while not flow.at_review:
            progress = flow.progress
            assert progress is not None
            totals.append(progress.total)
            flow = flow.apply(Move.SKIP)
        assert totals == sorted(totals, reverse=True)


def test_progress_reads_section_then_question_number(bank: Bank) -> None:
    assert str(Flow.start(bank).progress) == "Your work · Question 1 of 10"


def test_answering_moves_to_the_next_reachable_question(bank: Bank) -> None:
    assert Flow.start(bank).apply("no").position == "work.many"


# --- back and skip -----------------------------------------------------------------------


def test_going_back_keeps_the_earlier_answer(bank: Bank) -> None:
    flow = walk(Flow.start(bank), ["yes", "agree"]).apply(BACK)
    assert flow.position == "work.conflicts"
    assert flow.previous_answer == "agree"
    assert flow.answers["work.led"] == "yes"


def test_going_forward_again_after_back_keeps_later_answers(bank: Bank) -> None:
    flow = walk(Flow.start(bank), ["yes", "agree", "disagree", BACK, BACK, "neutral"])
    assert flow.position == "work.many"
    assert flow.previous_answer == "disagree"


def test_back_is_not_offered_on_the_first_question(bank: Bank) -> None:
    start = Flow.start(bank)
    assert not start.can_go_back
    with pytest.raises(ValueError, match="first question"):
        start.back()


def test_skipping_leaves_the_question_unanswered_and_moves_on(bank: Bank) -> None:
    flow = walk(Flow.start(bank), ["no", SKIP])
    assert "work.many" not in flow.answers
    assert flow.skipped == {"work.many"}
    assert flow.position == "work.one"


def test_skipping_a_question_drops_its_earlier_answer(bank: Bank) -> None:
    flow = walk(Flow.start(bank), ["no", "agree", BACK, SKIP])
    assert "work.many" not in flow.answers


def test_a_required_question_cannot_be_skipped(bank: Bank) -> None:
    start = Flow.start(bank)
    assert not start.can_skip
    with pytest.raises(ValueError, match="required"):
        start.skip()


def test_changing_an_answer_drops_answers_to_questions_no_longer_reachable(bank: Bank) -> None:
    flow = walk(Flow.start(bank), ["yes", "agree", "disagree", BACK, BACK, BACK, "no"])
    assert "work.conflicts" not in flow.answers
    assert flow.answers["work.many"] == "disagree"
    assert flow.position == "work.many"


def test_an_answer_the_question_does_not_offer_is_refused(bank: Bank) -> None:
    with pytest.raises(ValueError, match="expected one of"):
        Flow.start(bank).apply("maybe")


# --- review ------------------------------------------------------------------------------


def test_after_the_last_question_comes_the_review(bank: Bank) -> None:
    flow = walk(Flow.start(bank), FULL_WALK)
    assert flow.at_review
    assert flow.current is None
    assert flow.progress is None


def test_the_review_lists_every_reachable_question_with_its_answer(bank: Bank) -> None:
    replies = list(FULL_WALK)
    replies[4] = SKIP
    items = walk(Flow.start(bank), replies).review()
    assert [item.question.id for item in items] == [q.id for q in bank.questions]
    shown = {item.question.id: item.shown for item in items}
    assert shown["work.led"] == "Yes"
    assert shown["work.pick"] == "skipped"
    assert shown["work.rank"] == "Talk to customers > Plan the roadmap > Report to executives"
    assert shown["work.multi"] == "User interviews"


def test_editing_from_the_review_returns_to_the_review(bank: Bank) -> None:
    flow = walk(Flow.start(bank), FULL_WALK).edit("work.many")
    assert flow.position == "work.many"
    assert flow.previous_answer == "disagree"
    edited = flow.apply("strongly_agree")
    assert edited.at_review
    assert edited.answers["work.many"] == "strongly_agree"


def test_an_edit_that_reveals_a_question_asks_it_before_the_review(bank: Bank) -> None:
    replies = ["no", *FULL_WALK[2:]]
    flow = walk(Flow.start(bank), replies)
    assert flow.at_review
    flow = flow.edit("work.led").apply("yes")
    assert flow.position == "work.conflicts"
    assert flow.apply("agree").at_review


def test_editing_a_question_to_hide_another_drops_that_answer(bank: Bank) -> None:
    flow = walk(Flow.start(bank), FULL_WALK).edit("work.led").apply("no")
    assert flow.at_review
    assert "work.conflicts" not in flow.answers
    assert "work.conflicts" not in [item.question.id for item in flow.review()]


def test_answer_labels_read_as_the_options_do(bank: Bank) -> None:
    multi = bank.by_id["work.multi"]
    assert answer_label(multi, ("users", "risks")) == "User interviews, Risk reviews"
    assert answer_label(multi, ()) == "none of these"
    assert answer_label(bank.by_id["work.many"], None) == "skipped"


# --- state -------------------------------------------------------------------------------


def test_a_flow_survives_a_save_and_load(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    flow = walk(Flow.start(bank), ["yes", "agree", SKIP, "agree", BACK])
    store = Store.for_bank(bank, files, tmp_path)
    store.save(flow, Settings(short=False, seed=None, respondent="Sam"))
    saved = store.load(bank)
    assert saved is not None
    assert saved.flow == flow
    assert saved.settings.respondent == "Sam"
    assert saved.notes == ()


def test_a_resumed_quiz_gives_the_same_result_as_an_uninterrupted_one(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    replies = ["yes", "agree", SKIP, BACK, "disagree", *FULL_WALK[3:]]
    uninterrupted = walk(Flow.start(bank), replies)

    store = Store.for_bank(bank, files, tmp_path)
    settings = Settings()
    for stop in range(1, len(replies)):
        flow = Flow.start(bank)
        for reply in replies[:stop]:
            flow = flow.apply(reply)
            store.save(flow, settings)
        saved = store.load(bank)
        assert saved is not None
        resumed = walk(saved.flow, replies[stop:])
        assert resumed == uninterrupted
        assert score_answers(bank, resumed.answers) == score_answers(bank, uninterrupted.answers)
