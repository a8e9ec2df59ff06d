"""The questionary adapter, in process, the way questionary tests itself: keys go in through
a pipe, the drawing goes to a dummy output."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, Move
from rolefit.quiz.prompts import Prompter
from rolefit.quiz.review import page_size, review_line
from rolefit.quiz.widgets import multi_rule
from tests.quiz_support import DOWN, ENTER, FULL_WALK, SPACE, UP, tiny_bank, walk


class SmallOutput(DummyOutput):
    """A dummy output that says how big the terminal is."""

    def __init__(self, rows: int, columns: int = 80) -> None:
        super().__init__()
        self.rows, self.columns = rows, columns

    def get_size(self) -> Size:
        return Size(rows=self.rows, columns=self.columns)


class KeyedPrompter(Prompter):
    """Types the next batch of keys into each prompt just as it opens."""

    def __init__(self, pipe: PipeInput, batches: Sequence[str]) -> None:
        super().__init__(input=pipe, output=DummyOutput())
        self.pipe = pipe
        self.batches = list(batches)
        self.prompts = 0

    def _run(self, question: Any) -> Any:
        self.prompts += 1
        self.pipe.send_text(self.batches.pop(0))
        return super()._run(question)


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return tiny_bank(tmp_path_factory.mktemp("bank"))


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def at(bank: Bank, question_id: str, answers: dict[str, Any] | None = None) -> Flow:
    """A flow standing on `question_id`, having answered everything before it."""
    done = walk(Flow.start(bank), FULL_WALK)
    return Flow.restore(bank, done.order, {**done.answers, **(answers or {})}, (), question_id)


def first_visit(bank: Bank, question_id: str) -> Flow:
    """A flow standing on `question_id` with no answer to it yet."""
    flow = at(bank, question_id)
    answers = {q: a for q, a in flow.answers.items() if q != question_id}
    return Flow.restore(bank, flow.order, answers, (), question_id)


def ask(pipe: PipeInput, flow: Flow, *batches: str) -> Any:
    return KeyedPrompter(pipe, batches).ask(flow)


# --- likert and choice -------------------------------------------------------------------


def test_enter_on_an_untouched_question_picks_the_first_option(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, first_visit(bank, "work.many"), ENTER) == "strongly_disagree"


def test_a_number_key_picks_that_option(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, first_visit(bank, "work.many"), "4" + ENTER) == "agree"


def test_arrow_keys_move_through_the_options(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, first_visit(bank, "work.many"), DOWN + DOWN + ENTER) == "neutral"


def test_skip_comes_right_after_the_options(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, first_visit(bank, "work.many"), DOWN * 5 + ENTER) is Move.SKIP


def test_back_comes_last(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, first_visit(bank, "work.many"), UP + ENTER) is Move.BACK


def test_skip_is_not_offered_on_a_required_question(bank: Bank, pipe: PipeInput) -> None:
    flow = Flow.restore(bank, [q.id for q in bank.questions], {}, (), "work.led")
    # Yes, No, and nothing after them: the third press wraps back to Yes.
    assert ask(pipe, flow, DOWN * 2 + ENTER) == "yes"


def test_back_is_not_offered_on_the_first_question(bank: Bank, pipe: PipeInput) -> None:
    flow = Flow.restore(bank, ["work.many", "work.one"], {}, (), "work.many")
    assert ask(pipe, flow, UP + ENTER) is Move.SKIP


def test_going_back_preselects_the_earlier_answer(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, at(bank, "work.many", {"work.many": "agree"}), ENTER) == "agree"


def test_the_preselected_answer_can_be_changed(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, at(bank, "work.many", {"work.many": "agree"}), DOWN + ENTER) == (
        "strongly_agree"
    )


# --- multi -------------------------------------------------------------------------------


def test_multi_ticks_with_space_and_confirms_with_enter(bank: Bank, pipe: PipeInput) -> None:
    keys = SPACE + DOWN + SPACE + ENTER
    assert ask(pipe, first_visit(bank, "work.multi"), keys) == ("users", "risks")


def test_enter_with_nothing_ticked_asks_what_it_means_and_can_go_back_to_ticking(
    bank: Bank, pipe: PipeInput
) -> None:
    # Enter with none ticked; the follow-up: Skip, Back, Tick some after all (the third).
    keys = (ENTER, DOWN + DOWN + ENTER, SPACE + ENTER)
    assert ask(pipe, first_visit(bank, "work.multi"), *keys) == ("users",)


def test_multi_will_not_go_on_with_more_than_the_maximum(bank: Bank, pipe: PipeInput) -> None:
    keys = SPACE + DOWN + SPACE + DOWN + SPACE + ENTER + SPACE + ENTER
    assert ask(pipe, first_visit(bank, "work.multi"), keys) == ("users", "risks")


def test_multi_limits_are_explained(bank: Bank) -> None:
    rule = multi_rule(2, 3, can_leave=True)  # each message fits one line at 60 columns
    assert rule(["a"]) == "Pick at least 2 (or none, to skip or go back)"
    assert rule(["a", "b", "c", "d"]) == "Pick at most 3; 4 are ticked"
    assert rule(["a", "b"]) is True
    assert rule([]) is True  # the quiz then asks: skip, back, or tick after all
    assert multi_rule(1, 2, can_leave=False)([]) == "Pick at least 1 (Space ticks)"


def test_multi_has_no_skip_or_back_tick_boxes(bank: Bank, pipe: PipeInput) -> None:
    # Three options: a fourth Down wraps to the first; nothing else is there to tick.
    keys = DOWN * 3 + SPACE + ENTER
    assert ask(pipe, first_visit(bank, "work.multi"), keys) == ("users",)


def test_skip_is_a_choice_of_its_own_when_nothing_is_ticked(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, first_visit(bank, "work.multi"), ENTER, ENTER) is Move.SKIP


def test_back_is_a_choice_of_its_own_when_nothing_is_ticked(bank: Bank, pipe: PipeInput) -> None:
    assert ask(pipe, first_visit(bank, "work.multi"), ENTER, DOWN + ENTER) is Move.BACK


def test_multi_going_back_preselects_the_earlier_picks(bank: Bank, pipe: PipeInput) -> None:
    flow = at(bank, "work.multi", {"work.multi": ("risks", "lunch")})
    assert ask(pipe, flow, ENTER) == ("risks", "lunch")


# --- rank --------------------------------------------------------------------------------


def test_rank_asks_which_first_then_which_next(bank: Bank, pipe: PipeInput) -> None:
    # Two picks place all three options: the last one left goes last.
    prompter = KeyedPrompter(pipe, [DOWN + ENTER, DOWN + ENTER])
    assert prompter.ask(first_visit(bank, "work.rank")) == ("execs", "roadmap", "customers")
    assert prompter.prompts == 2


def test_rank_back_undoes_the_last_pick(bank: Bank, pipe: PipeInput) -> None:
    # Pick "Talk to customers", go Back (last entry), then pick "Plan the roadmap" twice over.
    batches = [ENTER, UP + ENTER, "3" + ENTER, ENTER]
    reply = ask(pipe, first_visit(bank, "work.rank"), *batches)
    assert reply == ("roadmap", "customers", "execs")


def test_rank_back_preselects_the_undone_pick(bank: Bank, pipe: PipeInput) -> None:
    # Pick "Plan the roadmap", go Back, and Enter keeps it as the first pick.
    reply = ask(pipe, first_visit(bank, "work.rank"), "3" + ENTER, UP + ENTER, ENTER, ENTER)
    assert reply == ("roadmap", "customers", "execs")


def test_rank_going_back_preselects_the_earlier_order(bank: Bank, pipe: PipeInput) -> None:
    flow = at(bank, "work.rank", {"work.rank": ("roadmap", "execs", "customers")})
    assert ask(pipe, flow, ENTER, ENTER) == ("roadmap", "execs", "customers")


def test_rank_back_before_any_pick_goes_to_the_previous_question(
    bank: Bank, pipe: PipeInput
) -> None:
    assert ask(pipe, first_visit(bank, "work.rank"), UP + ENTER) is Move.BACK


# --- review and resume -------------------------------------------------------------------


def test_enter_on_the_review_scores(bank: Bank, pipe: PipeInput) -> None:
    flow = walk(Flow.start(bank), FULL_WALK)
    assert KeyedPrompter(pipe, [ENTER]).review(flow) is None


def test_choosing_a_question_on_the_review_names_it(bank: Bank, pipe: PipeInput) -> None:
    flow = walk(Flow.start(bank), FULL_WALK)
    assert KeyedPrompter(pipe, [DOWN * 3 + ENTER]).review(flow) == "work.many"


def test_enter_on_the_resume_question_resumes(pipe: PipeInput) -> None:
    assert KeyedPrompter(pipe, [ENTER]).resume("3 of 9 answered") is True


def test_start_over_is_the_second_choice(pipe: PipeInput) -> None:
    assert KeyedPrompter(pipe, [DOWN + ENTER]).resume("3 of 9 answered") is False


def test_ctrl_c_at_a_prompt_raises_keyboard_interrupt(bank: Bank, pipe: PipeInput) -> None:
    with pytest.raises(KeyboardInterrupt):
        ask(pipe, first_visit(bank, "work.many"), "\x03")


def test_a_review_line_keeps_the_answer_in_view() -> None:
    line = review_line(12, "A very long prompt " * 10, "Strongly agree", 76)
    assert len(line) <= 76
    assert line.startswith("12. A very long")
    assert line.endswith("  Strongly agree")
    assert "…" in line


def test_review_lines_of_questions_with_the_same_opening_differ_at_60_columns() -> None:
    opening = "Looking back on leading: I "
    one = review_line(2, opening + "enjoyed weighing the needs of several projects.", "Agree", 56)
    two = review_line(3, opening + "liked keeping senior people updated.", "Agree", 56)
    assert one[4:] != two[4:]


def test_a_short_terminal_pages_the_review(bank: Bank, pipe: PipeInput) -> None:
    flow = walk(Flow.start(bank), FULL_WALK)
    prompter = KeyedPrompter(pipe, [UP + ENTER, UP * 3 + ENTER])
    prompter._output = SmallOutput(rows=11)
    # Page 1 holds 3 questions: Up from Score wraps to "More questions". On page 2 Up wraps
    # to "Earlier questions", then "More questions", then question 6, the last of the page.
    assert prompter.review(flow) == flow.review()[5].question.id
    assert prompter.prompts == 2


def test_page_size_is_at_least_three_questions() -> None:
    assert page_size(5) == 3
    assert page_size(40) == 32


def test_review_answers_line_up_in_a_column() -> None:
    short = review_line(1, "Short?", "Yes", 76)
    long = review_line(2, "A much longer question than the first one?", "No", 76)
    assert short.index("Yes") == long.index("No")


def test_nothing_is_imported_from_questionary_until_the_quiz_runs() -> None:
    code = "import sys, rolefit.cli, rolefit.quiz; print('questionary' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_name_prompt_returns_what_was_typed(pipe: PipeInput) -> None:
    assert KeyedPrompter(pipe, ["Sam Lee" + ENTER]).name() == "Sam Lee"


def test_enter_alone_at_the_name_prompt_leaves_the_name_out(pipe: PipeInput) -> None:
    assert KeyedPrompter(pipe, [ENTER]).name() is None
