"""The questionary adapter: shows the flow's current step and reports what the person picked.

Nothing here decides what comes next; flow.py does. Every prompt is run with `unsafe_ask()`, so
Ctrl-C raises KeyboardInterrupt for the quiz to save and stop, instead of questionary's
`ask()` printing "Cancelled" and returning None as if it were an answer.

Skip and Back always come after the answer options, so Enter on an untouched question picks
the first option and never goes back; going back preselects the answer given before.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from enum import Enum
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from rolefit.core.flow import Flow, Move, Reply
from rolefit.core.items import multi_bounds, options_of
from rolefit.core.models import Question

# ANSI colour names, not RGB, so the terminal theme picks shades that read on light and dark
# backgrounds; prompt_toolkit drops colour under NO_COLOR.
STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansicyan"),
        ("separator", "fg:ansibrightblack"),
        ("instruction", "fg:ansibrightblack"),
        ("progress", "fg:ansibrightblack"),
        ("help", "italic"),
        ("note", ""),
    ]
)
SKIP_LABEL = "Skip"
BACK_LABEL = "Back"
SCORE_LABEL = "Score my answers"
MOVES_SEPARATOR = "  ──────────"
MAX_SHORTCUTS = len(InquirerControl.SHORTCUT_KEYS)


class _Score(Enum):
    # questionary returns a Choice's title when its value is None, so "score" needs its own.
    SCORE = "score"


class Prompter:
    """Asks through questionary on the terminal (or, in tests, a pipe and a dummy output)."""

    def __init__(self, *, input: Input | None = None, output: Output | None = None) -> None:
        # Left unset, prompt_toolkit opens the process's own terminal; quiz.py has already
        # refused to start unless stdin and stdout are one.
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        self._output = output

    # --- the steps -----------------------------------------------------------------------

    def ask(self, flow: Flow) -> Reply:
        """Ask the flow's current question; the answer in canonical form, or a Move."""
        question = flow.current
        if question is None:
            raise ValueError("the flow is at the review; call review()")
        progress = flow.progress
        self.say("")
        self.say(str(progress), "progress")
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
        skipped = sum(1 for item in items if item.answer is None)
        self.say("")
        summary = f"{len(items) - skipped} answered" + (f", {skipped} skipped" if skipped else "")
        self.say(f"Review · {summary}", "progress")
        # The pointer takes three columns; one more keeps the line off the terminal's edge.
        width = self._columns() - 4
        choices: list[Choice] = [
            Choice(SCORE_LABEL, value=_Score.SCORE),
            Separator(MOVES_SEPARATOR),
        ]
        for item in items:
            choices.append(
                Choice(
                    review_line(item.number, item.question.prompt, item.shown, width),
                    item.question.id,
                )
            )
        picked = self._run(
            questionary.select(
                "Your answers",
                choices,
                instruction="(Enter scores them; pick a question to change it)",
                style=STYLE,
                **self._io,
            )
        )
        return None if picked is _Score.SCORE else str(picked)

    def resume(self, summary: str) -> bool:
        """Whether to continue saved progress (True) or start over."""
        self.say(f"Saved progress found: {summary}.")
        picked = self._run(
            questionary.select(
                "Pick up where you left off?",
                [
                    Choice("Resume where I left off", value=True),
                    Choice("Start over (discards the saved answers)", value=False),
                ],
                style=STYLE,
                **self._io,
            )
        )
        return bool(picked)

    def say(self, text: str, style: str = "note") -> None:
        """A line above the prompt, through the same output the prompts use."""
        self._print(FormattedText([(f"class:{style}", text)]))

    # --- per question type ---------------------------------------------------------------

    def _select_one(self, question: Question, flow: Flow) -> Reply:
        choices = [Choice(o.label, value=o.id) for o in options_of(question)]
        choices += _moves(flow)
        previous = flow.previous_answer
        picked = self._run(
            questionary.select(
                question.prompt,
                choices,
                default=previous if isinstance(previous, str) else None,
                # Number keys pick an option; j/k would clash with the 19th and 20th shortcut.
                use_shortcuts=len(choices) <= MAX_SHORTCUTS,
                use_jk_keys=False,
                style=STYLE,
                **self._io,
            )
        )
        return _reply(picked)

    def _multi(self, question: Question, flow: Flow) -> Reply:
        previous = flow.previous_answer
        earlier = set(previous) if isinstance(previous, tuple) else set()
        options = options_of(question)
        choices = [Choice(o.label, value=o.id, checked=o.id in earlier) for o in options]
        choices += _moves(flow)
        low, high = multi_bounds(question)
        picked = self._run(
            questionary.checkbox(
                question.prompt,
                choices,
                validate=multi_rule(low, high, can_skip=flow.can_skip),
                instruction=f"(Space ticks, Enter confirms; pick {_between(low, high)})",
                style=STYLE,
                **self._io,
            )
        )
        values: list[Any] = list(picked)
        for move in (Move.BACK, Move.SKIP):
            if move in values:
                return move
        labels = {o.id: o.label for o in options}
        # questionary sums a multiple pick up as "done (2 selections)"; name them instead.
        self.say("  Picked: " + (", ".join(labels[v] for v in values) or "none"), "instruction")
        return tuple(str(v) for v in values)

    def _rank(self, question: Question, flow: Flow) -> Reply:
        options = options_of(question)
        previous = flow.previous_answer
        earlier = list(previous) if isinstance(previous, tuple) else []
        order: list[str] = []
        undone: str | None = None
        self._print(
            FormattedText([("class:qmark", "?"), ("class:question", f" {question.prompt}")])
        )
        while len(order) < len(options) - 1:
            remaining = [o for o in options if o.id not in order]
            choices = [Choice(o.label, value=o.id) for o in remaining]
            # Back undoes the last pick; only before the first pick does it leave the question.
            can_back = bool(order) or flow.can_go_back
            moves = _move_choices(flow.can_skip, can_back)
            if moves:
                choices += [Separator(MOVES_SEPARATOR), *moves]
            # Preselect the pick made here before: the one just undone, or the saved order's.
            suggestion = undone or (earlier[len(order)] if len(order) < len(earlier) else None)
            undone = None
            place = len(order) + 1
            message = (
                "Which first?"
                if place == 1
                else f"Which next? ({_ordinal(place)} of {len(options)})"
            )
            picked = self._run(
                questionary.select(
                    message,
                    choices,
                    qmark=" ›",
                    default=suggestion if suggestion in {o.id for o in remaining} else None,
                    use_shortcuts=len(choices) <= MAX_SHORTCUTS,
                    use_jk_keys=False,
                    style=STYLE,
                    **self._io,
                )
            )
            if picked is Move.BACK and order:
                undone = order.pop()
                continue
            if isinstance(picked, Move):
                return picked
            order.append(str(picked))
        order += [o.id for o in options if o.id not in order]
        labels = {o.id: o.label for o in options}
        self.say("  Your order: " + " > ".join(labels[o] for o in order), "instruction")
        return tuple(order)

    # --- plumbing ------------------------------------------------------------------------

    def _print(self, text: FormattedText) -> None:
        print_formatted_text(text, style=STYLE, output=self._output)

    def _run(self, question: questionary.Question) -> Any:
        return question.unsafe_ask()

    def _columns(self) -> int:
        if self._output is not None:
            return int(self._output.get_size().columns)
        return shutil.get_terminal_size().columns


def multi_rule(low: int, high: int, *, can_skip: bool) -> Any:
    """The checkbox validator: a count within [low, high], or one move ticked on its own."""

    def check(values: Sequence[Any]) -> bool | str:
        moves = [v for v in values if isinstance(v, Move)]
        answers = len(values) - len(moves)
        if moves and (answers or len(moves) > 1):
            return "Tick answers, or Skip or Back on its own"
        if moves:
            return True
        or_skip = ", or tick Skip" if can_skip else ""
        if answers < low:
            return f"Pick at least {low} (Space ticks the one under the pointer){or_skip}"
        if answers > high:
            return f"Pick at most {high}; {answers} are ticked"
        return True

    return check


def _between(low: int, high: int) -> str:
    if low == high:
        return f"exactly {low}"
    if low == 0:
        return f"up to {high}"
    return f"{low} to {high}"


def _moves(flow: Flow) -> list[Choice]:
    moves = _move_choices(flow.can_skip, flow.can_go_back)
    return [Separator(MOVES_SEPARATOR), *moves] if moves else []


def _move_choices(can_skip: bool, can_back: bool) -> list[Choice]:
    moves: list[Choice] = []
    if can_skip:
        moves.append(Choice(SKIP_LABEL, value=Move.SKIP))
    if can_back:
        moves.append(Choice(BACK_LABEL, value=Move.BACK))
    return moves


def _reply(picked: Any) -> Reply:
    return picked if isinstance(picked, Move) else str(picked)


def review_line(number: int, prompt: str, shown: str, width: int) -> str:
    """`12. The prompt, cut to fit…   the answer`: two columns, so answers line up."""
    head = f"{number:>2}. "
    prompt_room = max(width * 11 // 20, 24) - len(head)
    answer_room = max(width - len(head) - prompt_room - 2, 12)
    return f"{head}{_fit(prompt, prompt_room):<{prompt_room}}  {_fit(shown, answer_room)}"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _fit(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"
