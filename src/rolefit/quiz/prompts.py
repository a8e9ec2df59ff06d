"""The arrow-key Prompter: shows the flow's current step and reports what the person picked.

Nothing here decides what comes next; flow.py does. The Prompter picks the prompt a step
needs, runs it and prints the lines around it; the prompts are built in `widgets`, the review
screen in `review`, and a rank question's places in `ranking`. Every prompt is run with
`unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt for the quiz to save and stop, instead of
questionary's `ask()` printing "Cancelled" and returning None as if it were an answer.

Skip and Back always come after the answer options, so Enter on an untouched question picks
the first option and never goes back; going back preselects the answer given before.
"""

from __future__ import annotations

import shutil
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from questionary import Choice

from rolefit.core.flow import Flow, Move, Reply
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.items import answer_label, multi_bounds, options_of
from rolefit.core.models import Question
from rolefit.quiz.ranking import Ranking
from rolefit.quiz.review import PageTurn, ScoreChoice, page_size, review_heading, review_select
from rolefit.quiz.widgets import (
    STYLE,
    NothingTicked,
    move_choices,
    multi_checkbox,
    name_text,
    nothing_ticked_select,
    option_select,
    resume_select,
)


class Prompter:
    """Asks through questionary on the terminal (or, in tests, a pipe and a dummy output).

    A thin dispatcher: it picks the prompt for the question's type, runs it, and prints the
    lines around it; what a prompt offers is built in `widgets`, `review` and `ranking`.
    """

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        tr: Translator = ENGLISH,
    ) -> None:
        # Left unset, prompt_toolkit opens the process's own terminal; session.run_quiz has
        # already refused to start unless stdin and stdout are one.
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        self._output = output
        self.tr = tr

    # --- the steps -----------------------------------------------------------------------

    def ask(self, flow: Flow) -> Reply:
        """Ask the flow's current question; the answer in canonical form, or a Move."""
        question = flow.current
        if question is None:
            raise ValueError("the flow is at the review; call review()")
        progress = flow.progress
        self.say("")
        if progress is not None:
            self.say(progress.line(self.tr), "progress")
        if question.help:
            self.say(question.help, "help")
        if question.type == "multi":
            return self._multi(question, flow)
        if question.type == "rank":
            return self._rank(question, flow)
        return self._select_one(question, flow)

    def review(self, flow: Flow) -> str | None:
        """The review: None to score, or the id of the question to change."""
        items = flow.review()
        self.say("")
        self.say(review_heading(items, self.tr), "progress")
        # The pointer takes three columns; one more keeps the line off the terminal's edge.
        # A terminal too short for every line gets pages, with a move to the next and back.
        size = page_size(self._rows())
        page = 0
        while True:
            picked = self._run(
                review_select(
                    items, self._columns() - 4, self._io, page=page, size=size, tr=self.tr
                )
            )
            if isinstance(picked, PageTurn):
                page += 1 if picked is PageTurn.NEXT else -1
                continue
            return None if picked is ScoreChoice.SCORE else str(picked)

    def resume(self, summary: str) -> bool:
        """Whether to continue saved progress (True) or start over."""
        self.say(self.tr.gettext("Saved progress found: {summary}.").format(summary=summary))
        return bool(self._run(resume_select(self._io, self.tr)))

    def name(self) -> str | None:
        """The person's name for the report, or None when they leave it empty."""
        typed = self._run(name_text(self._io, self.tr))
        return " ".join(str(typed or "").split()) or None

    def say(self, text: str, style: str = "note") -> None:
        """A line above the prompt, through the same output the prompts use."""
        self._print(FormattedText([(f"class:{style}", text)]))

    # --- per question type ---------------------------------------------------------------

    def _select_one(self, question: Question, flow: Flow) -> Reply:
        choices = [Choice(o.label, value=o.id) for o in options_of(question, self.tr)]
        previous = flow.previous_answer
        default = previous if isinstance(previous, str) else None
        moves = move_choices(can_skip=flow.can_skip, can_back=flow.can_go_back, tr=self.tr)
        return _reply(
            self._run(
                option_select(question.prompt, choices + moves, default, self._io, tr=self.tr)
            )
        )

    def _multi(self, question: Question, flow: Flow) -> Reply:
        # Skip and Back are not tick boxes: Enter with nothing ticked offers them as choices.
        while True:
            picked = tuple(self._run(multi_checkbox(question, flow, self._io, self.tr)))
            if picked:
                break
            low, _ = multi_bounds(question)
            after = self._run(
                nothing_ticked_select(flow, none_is_an_answer=low == 0, io=self._io, tr=self.tr)
            )
            if isinstance(after, Move):
                return after
            if after is NothingTicked.NONE:
                picked = ()
                break
        values = tuple(str(v) for v in picked)
        # questionary sums a multiple pick up as "done (2 selections)" in English; its line is
        # erased (multi_checkbox) and written again here, naming the picks.
        self._print(
            FormattedText([("class:qmark", "?"), ("class:question", f" {question.prompt}")])
        )
        shown = answer_label(question, values, self.tr) if values else self.tr.gettext("none")
        self.say("  " + self.tr.gettext("Picked: {answer}").format(answer=shown), "instruction")
        return values

    def _rank(self, question: Question, flow: Flow) -> Reply:
        self._print(
            FormattedText([("class:qmark", "?"), ("class:question", f" {question.prompt}")])
        )
        ranking = Ranking.of(question, flow, self.tr)
        while not ranking.done:
            select = option_select(
                ranking.message,
                ranking.choices(),
                ranking.suggestion,
                self._io,
                qmark=" ›",
                tr=self.tr,
            )
            step = ranking.after(self._run(select))
            if isinstance(step, Move):
                return step
            ranking = step
        order = answer_label(question, ranking.order, self.tr)
        self.say("  " + self.tr.gettext("Your order: {order}").format(order=order), "instruction")
        return ranking.order

    # --- plumbing ------------------------------------------------------------------------

    def _print(self, text: FormattedText) -> None:
        print_formatted_text(text, style=STYLE, output=self._output)

    def _run(self, question: questionary.Question) -> Any:
        return question.unsafe_ask()

    def _rows(self) -> int:
        if self._output is not None:
            return int(self._output.get_size().rows)
        return shutil.get_terminal_size().lines

    def _columns(self) -> int:
        if self._output is not None:
            return int(self._output.get_size().columns)
        return shutil.get_terminal_size().columns


def _reply(picked: Any) -> Reply:
    return picked if isinstance(picked, Move) else str(picked)
