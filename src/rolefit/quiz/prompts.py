"""The questionary adapter: shows the flow's current step and reports what the person picked.

Nothing here decides what comes next; flow.py does. Every prompt is run with `unsafe_ask()`, so
Ctrl-C raises KeyboardInterrupt for the quiz to save and stop, instead of questionary's
`ask()` printing "Cancelled" and returning None as if it were an answer.

Skip and Back always come after the answer options, so Enter on an untouched question picks
the first option and never goes back; going back preselects the answer given before.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from rolefit.core.flow import Flow, Move, Reply, ReviewItem
from rolefit.core.items import answer_label, how_many, multi_bounds, options_of
from rolefit.core.models import Option, Question
from rolefit.quiz.progress import NAME_LIMIT

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


class _Again(Enum):
    """After Enter with nothing ticked: tick again, or nothing is the answer."""

    PICK = "pick"
    NONE = "none"


class _Page(Enum):
    NEXT = "next"
    PREVIOUS = "previous"


class _Score(Enum):
    # questionary returns a Choice's title when its value is None, so "score" needs its own.
    SCORE = "score"


class Prompter:
    """Asks through questionary on the terminal (or, in tests, a pipe and a dummy output).

    A thin dispatcher: it picks the prompt for the question's type, runs it, and prints the
    lines around it; what a prompt offers is built by the functions and `Ranking` below.
    """

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
        # A terminal too short for every line gets pages, with a move to the next and back.
        size = page_size(self._rows())
        page = 0
        while True:
            picked = self._run(
                review_select(items, self._columns() - 4, self._io, page=page, size=size)
            )
            if isinstance(picked, _Page):
                page += 1 if picked is _Page.NEXT else -1
                continue
            return None if picked is _Score.SCORE else str(picked)

    def resume(self, summary: str) -> bool:
        """Whether to continue saved progress (True) or start over."""
        self.say(f"Saved progress found: {summary}.")
        return bool(self._run(resume_select(self._io)))

    def name(self) -> str | None:
        """The person's name for the report, or None when they leave it empty."""
        typed = self._run(name_text(self._io))
        return " ".join(str(typed or "").split()) or None

    def say(self, text: str, style: str = "note") -> None:
        """A line above the prompt, through the same output the prompts use."""
        self._print(FormattedText([(f"class:{style}", text)]))

    # --- per question type ---------------------------------------------------------------

    def _select_one(self, question: Question, flow: Flow) -> Reply:
        choices = [Choice(o.label, value=o.id) for o in options_of(question)]
        previous = flow.previous_answer
        default = previous if isinstance(previous, str) else None
        moves = _moves(can_skip=flow.can_skip, can_back=flow.can_go_back)
        return _reply(self._run(option_select(question.prompt, choices + moves, default, self._io)))

    def _multi(self, question: Question, flow: Flow) -> Reply:
        # Skip and Back are not tick boxes: Enter with nothing ticked offers them as choices.
        while True:
            picked = tuple(self._run(multi_checkbox(question, flow, self._io)))
            if picked:
                break
            low, _ = multi_bounds(question)
            after = self._run(nothing_ticked_select(flow, none_is_an_answer=low == 0, io=self._io))
            if isinstance(after, Move):
                return after
            if after is _Again.NONE:
                picked = ()
                break
        values = tuple(str(v) for v in picked)
        # questionary sums a multiple pick up as "done (2 selections)"; name them instead.
        shown = answer_label(question, values) if values else "none"
        self.say(f"  Picked: {shown}", "instruction")
        return values

    def _rank(self, question: Question, flow: Flow) -> Reply:
        self._print(
            FormattedText([("class:qmark", "?"), ("class:question", f" {question.prompt}")])
        )
        ranking = Ranking.of(question, flow)
        while not ranking.done:
            select = option_select(
                ranking.message, ranking.choices(), ranking.suggestion, self._io, qmark=" ›"
            )
            step = ranking.after(self._run(select))
            if isinstance(step, Move):
                return step
            ranking = step
        self.say(f"  Your order: {answer_label(question, ranking.order)}", "instruction")
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


@dataclass(frozen=True)
class Ranking:
    """A rank question part-way through: the picks so far, asked one place at a time.

    Each place is a select over the options not yet picked ("Which first?", "Which next?");
    the last option left takes the last place without asking.
    """

    options: tuple[Option, ...]
    earlier: tuple[str, ...]
    can_skip: bool
    can_leave: bool
    picks: tuple[str, ...] = ()
    undone: str | None = None

    @classmethod
    def of(cls, question: Question, flow: Flow) -> Ranking:
        """A ranking not begun; the order given before, if any, is suggested place by place."""
        previous = flow.previous_answer
        earlier = tuple(previous) if isinstance(previous, tuple) else ()
        return cls(options_of(question), earlier, flow.can_skip, flow.can_go_back)

    @property
    def done(self) -> bool:
        return len(self.picks) >= len(self.options) - 1

    @property
    def order(self) -> tuple[str, ...]:
        """The answer: the picks, then whatever is left."""
        return self.picks + tuple(o.id for o in self._left())

    @property
    def message(self) -> str:
        place = len(self.picks) + 1
        if place == 1:
            return "Which first?"
        return f"Which next? ({_ordinal(place)} of {len(self.options)})"

    @property
    def suggestion(self) -> str | None:
        """The option to preselect: the pick just undone, or the earlier order's for this place."""
        place = len(self.picks)
        earlier = self.earlier[place] if place < len(self.earlier) else None
        suggestion = self.undone or earlier
        return suggestion if suggestion in {o.id for o in self._left()} else None

    def choices(self) -> list[Choice]:
        # Back undoes the last pick; only before the first pick does it leave the question.
        moves = _moves(can_skip=self.can_skip, can_back=bool(self.picks) or self.can_leave)
        return [Choice(o.label, value=o.id) for o in self._left()] + moves

    def after(self, picked: Any) -> Ranking | Move:
        """The ranking once `picked` is chosen, or the Move that leaves the question."""
        if picked is Move.BACK and self.picks:
            return replace(self, picks=self.picks[:-1], undone=self.picks[-1])
        if isinstance(picked, Move):
            return picked
        return replace(self, picks=(*self.picks, str(picked)), undone=None)

    def _left(self) -> list[Option]:
        return [o for o in self.options if o.id not in self.picks]


# --- the prompts, built for Prompter to run ----------------------------------------------


def option_select(
    message: str,
    choices: list[Choice],
    default: str | None,
    io: Mapping[str, Any],
    *,
    qmark: str = "?",
) -> questionary.Question:
    """A select over a question's options (then its moves), each option on a number key."""
    return questionary.select(
        message,
        choices,
        default=default,
        qmark=qmark,
        # Number keys pick an option; j/k would clash with the 19th and 20th shortcut.
        use_shortcuts=len(choices) <= MAX_SHORTCUTS,
        use_jk_keys=False,
        style=STYLE,
        **io,
    )


def multi_checkbox(question: Question, flow: Flow, io: Mapping[str, Any]) -> questionary.Question:
    """The checkbox for a multi question: earlier picks ticked, its limits explained and kept."""
    previous = flow.previous_answer
    earlier = set(previous) if isinstance(previous, tuple) else set()
    choices = [Choice(o.label, value=o.id, checked=o.id in earlier) for o in options_of(question)]
    low, high = multi_bounds(question)
    moves = flow.can_skip or flow.can_go_back
    way_out = "; Enter with none ticked to skip or go back" if moves else ""
    return questionary.checkbox(
        question.prompt,
        choices,
        validate=multi_rule(low, high, can_leave=moves),
        instruction=f"(Space ticks, Enter confirms; pick {how_many(low, high)}{way_out})",
        style=STYLE,
        **io,
    )


def nothing_ticked_select(
    flow: Flow, *, none_is_an_answer: bool, io: Mapping[str, Any]
) -> questionary.Question:
    """What Enter with nothing ticked means: skip, go back, or tick after all."""
    choices: list[Choice] = []
    if none_is_an_answer:
        choices.append(Choice("None of them: that is my answer", value=_Again.NONE))
    if flow.can_skip:
        choices.append(Choice("Skip this question", value=Move.SKIP))
    if flow.can_go_back:
        choices.append(Choice("Back to the previous question", value=Move.BACK))
    choices.append(Choice("Tick some after all", value=_Again.PICK))
    return questionary.select("Nothing is ticked.", choices, style=STYLE, **io)


# Lines of the review screen that are not questions: the heading, the prompt, Score, two
# separators, the page moves, and a line to spare.
REVIEW_CHROME = 8


def page_size(rows: int) -> int:
    """How many questions one review page shows on a terminal `rows` high (at least 3)."""
    return max(3, rows - REVIEW_CHROME)


def review_select(
    items: Sequence[ReviewItem],
    width: int,
    io: Mapping[str, Any],
    *,
    page: int = 0,
    size: int | None = None,
) -> questionary.Question:
    """The review: Score first, then a line `width` wide per question, to pick and change;
    `size` questions a page (all when None), with moves to the next and previous pages."""
    size = size or len(items) or 1
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    shown_items = items[page * size : (page + 1) * size]
    questions: list[Choice | Separator] = [
        Choice(review_line(item.number, item.question.prompt, item.shown, width), item.question.id)
        for item in shown_items
    ]
    moves: list[Choice | Separator] = []
    if pages > 1:
        first, last = shown_items[0].number, shown_items[-1].number
        moves.append(Separator(f"  questions {first}–{last} of {len(items)}"))
        if page + 1 < pages:
            moves.append(Choice("More questions ›", value=_Page.NEXT))
        if page > 0:
            moves.append(Choice("‹ Earlier questions", value=_Page.PREVIOUS))
    return questionary.select(
        "Your answers",
        [Choice(SCORE_LABEL, value=_Score.SCORE), Separator(MOVES_SEPARATOR), *questions, *moves],
        instruction="(Enter scores them; pick a question to change it)",
        style=STYLE,
        **io,
    )


def name_text(io: Mapping[str, Any]) -> questionary.Question:
    """The optional name: Enter alone leaves it out."""
    return questionary.text(
        "Your name, for the report (optional; Enter to skip):",
        validate=lambda text: len(text) <= NAME_LIMIT or f"at most {NAME_LIMIT} characters",
        style=STYLE,
        **io,
    )


def resume_select(io: Mapping[str, Any]) -> questionary.Question:
    """Resume saved progress (True) or start over (False)."""
    return questionary.select(
        "Pick up where you left off?",
        [
            Choice("Resume where I left off", value=True),
            Choice("Start over (discards the saved answers)", value=False),
        ],
        style=STYLE,
        **io,
    )


def multi_rule(low: int, high: int, *, can_leave: bool) -> Any:
    """The checkbox validator: a count within [low, high]; none at all when the question can
    be left (skipped, or gone back from): then the quiz asks what nothing means."""

    def check(values: Sequence[Any]) -> bool | str:
        count = len(values)
        if count == 0 and (can_leave or low == 0):
            return True
        if count < low:
            # Short: questionary shows it on one line, and cuts what does not fit.
            leave = " (or none, to skip or go back)" if can_leave else " (Space ticks)"
            return f"Pick at least {low}{leave}"
        if count > high:
            return f"Pick at most {high}; {count} are ticked"
        return True

    return check


def _moves(*, can_skip: bool, can_back: bool) -> list[Choice]:
    """Skip and Back, as far as they are allowed, set apart below the answer options."""
    moves: list[Choice] = []
    if can_skip:
        moves.append(Choice(SKIP_LABEL, value=Move.SKIP))
    if can_back:
        moves.append(Choice(BACK_LABEL, value=Move.BACK))
    return [Separator(MOVES_SEPARATOR), *moves] if moves else []


def _reply(picked: Any) -> Reply:
    return picked if isinstance(picked, Move) else str(picked)


def review_line(number: int, prompt: str, shown: str, width: int) -> str:
    """`12. The prompt, cut to fit…   the answer`: two columns, so answers line up."""
    head = f"{number:>2}. "
    prompt_room = max(width * 11 // 20, 24) - len(head)
    answer_room = max(width - len(head) - prompt_room - 2, 12)
    prompt = _fit_middle(prompt, prompt_room)
    return f"{head}{prompt:<{prompt_room}}  {_fit(shown, answer_room)}"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _fit_middle(text: str, room: int) -> str:
    """`text` cut in the middle to `room`: its start and its end, which tell questions with
    the same opening apart ("Looking back on leading: I…on how things stood.")."""
    if len(text) <= room:
        return text
    keep = room - 1
    head = keep * 2 // 5
    return text[:head].rstrip() + "…" + text[len(text) - (keep - head) :].lstrip()


def _fit(text: str, room: int) -> str:
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"
