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
from dataclasses import replace
from enum import Enum
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from rolefit.core.answers import NAME_LIMIT
from rolefit.core.flow import Flow, Move, Reply, ReviewItem
from rolefit.core.i18n import ENGLISH, N_, Translator
from rolefit.core.items import answer_label, how_many, multi_bounds, options_of
from rolefit.core.models import Option, Question
from rolefit.core.records import record

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
# In English; each is translated where it is shown.
SKIP_LABEL = N_("Skip")
BACK_LABEL = N_("Back")
SCORE_LABEL = N_("Score my answers")
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

    def __init__(
        self,
        *,
        input: Input | None = None,
        output: Output | None = None,
        tr: Translator = ENGLISH,
    ) -> None:
        # Left unset, prompt_toolkit opens the process's own terminal; quiz.py has already
        # refused to start unless stdin and stdout are one.
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
            if isinstance(picked, _Page):
                page += 1 if picked is _Page.NEXT else -1
                continue
            return None if picked is _Score.SCORE else str(picked)

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
        moves = _moves(can_skip=flow.can_skip, can_back=flow.can_go_back, tr=self.tr)
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
            if after is _Again.NONE:
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


@record
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
    tr: Translator = ENGLISH

    @classmethod
    def of(cls, question: Question, flow: Flow, tr: Translator = ENGLISH) -> Ranking:
        """A ranking not begun; the order given before, if any, is suggested place by place."""
        previous = flow.previous_answer
        earlier = tuple(previous) if isinstance(previous, tuple) else ()
        return cls(options_of(question, tr), earlier, flow.can_skip, flow.can_go_back, tr=tr)

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
            return self.tr.gettext("Which first?")
        return self.tr.gettext("Which next? ({place} of {total})").format(
            place=_ordinal(place, self.tr), total=len(self.options)
        )

    @property
    def suggestion(self) -> str | None:
        """The option to preselect: the pick just undone, or the earlier order's for this place."""
        place = len(self.picks)
        earlier = self.earlier[place] if place < len(self.earlier) else None
        suggestion = self.undone or earlier
        return suggestion if suggestion in {o.id for o in self._left()} else None

    def choices(self) -> list[Choice]:
        # Back undoes the last pick; only before the first pick does it leave the question.
        moves = _moves(
            can_skip=self.can_skip, can_back=bool(self.picks) or self.can_leave, tr=self.tr
        )
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
    tr: Translator = ENGLISH,
) -> questionary.Question:
    """A select over a question's options (then its moves), each option on a number key."""
    shortcuts = len(choices) <= MAX_SHORTCUTS
    return questionary.select(
        message,
        choices,
        default=default,
        qmark=qmark,
        # Number keys pick an option; j/k would clash with the 19th and 20th shortcut.
        use_shortcuts=shortcuts,
        instruction=keys_instruction(tr, shortcuts=shortcuts),
        use_jk_keys=False,
        style=STYLE,
        **io,
    )


def keys_instruction(tr: Translator = ENGLISH, *, shortcuts: bool) -> str:
    """The keys a select takes, as questionary says it (in English) when given none."""
    if shortcuts:
        return tr.gettext("(Use shortcuts or arrow keys)")
    return tr.gettext("(Use arrow keys)")


def multi_checkbox(
    question: Question, flow: Flow, io: Mapping[str, Any], tr: Translator = ENGLISH
) -> questionary.Question:
    """The checkbox for a multi question: earlier picks ticked, its limits explained and kept."""
    previous = flow.previous_answer
    earlier = set(previous) if isinstance(previous, tuple) else set()
    choices = [
        Choice(o.label, value=o.id, checked=o.id in earlier) for o in options_of(question, tr)
    ]
    low, high = multi_bounds(question)
    moves = flow.can_skip or flow.can_go_back
    if moves:
        instruction = tr.gettext(
            "(Space ticks, Enter confirms; pick {count}; Enter with none ticked to skip or go back)"
        )
    else:
        instruction = tr.gettext("(Space ticks, Enter confirms; pick {count})")
    return questionary.checkbox(
        question.prompt,
        choices,
        validate=multi_rule(low, high, can_leave=moves, tr=tr),
        # Its answered line would say "done (2 selections)"; Prompter writes its own.
        erase_when_done=True,
        instruction=instruction.format(count=how_many(low, high, tr)),
        style=STYLE,
        **io,
    )


def nothing_ticked_select(
    flow: Flow, *, none_is_an_answer: bool, io: Mapping[str, Any], tr: Translator = ENGLISH
) -> questionary.Question:
    """What Enter with nothing ticked means: skip, go back, or tick after all."""
    choices: list[Choice] = []
    if none_is_an_answer:
        choices.append(Choice(tr.gettext("None of them: that is my answer"), value=_Again.NONE))
    if flow.can_skip:
        choices.append(Choice(tr.gettext("Skip this question"), value=Move.SKIP))
    if flow.can_go_back:
        choices.append(Choice(tr.gettext("Back to the previous question"), value=Move.BACK))
    choices.append(Choice(tr.gettext("Tick some after all"), value=_Again.PICK))
    return questionary.select(
        tr.gettext("Nothing is ticked."),
        choices,
        instruction=keys_instruction(tr, shortcuts=False),
        style=STYLE,
        **io,
    )


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
    tr: Translator = ENGLISH,
) -> questionary.Question:
    """The review: Score first, then a line `width` wide per question, to pick and change;
    `size` questions a page (all when None), with moves to the next and previous pages."""
    size = size or len(items) or 1
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    shown_items = items[page * size : (page + 1) * size]
    questions: list[Choice | Separator] = [
        Choice(
            review_line(
                item.number,
                item.question.prompt,
                answer_label(item.question, item.answer, tr),
                width,
            ),
            item.question.id,
        )
        for item in shown_items
    ]
    moves: list[Choice | Separator] = []
    if pages > 1:
        first, last = shown_items[0].number, shown_items[-1].number
        shown_range = tr.gettext("questions {first}–{last} of {total}").format(
            first=first, last=last, total=len(items)
        )
        moves.append(Separator(f"  {shown_range}"))
        if page + 1 < pages:
            moves.append(Choice(tr.gettext("More questions ›"), value=_Page.NEXT))
        if page > 0:
            moves.append(Choice(tr.gettext("‹ Earlier questions"), value=_Page.PREVIOUS))
    score = Choice(tr.gettext(SCORE_LABEL), value=_Score.SCORE)
    return questionary.select(
        tr.gettext("Your answers"),
        [score, Separator(MOVES_SEPARATOR), *questions, *moves],
        instruction=tr.gettext("(Enter scores them; pick a question to change it)"),
        style=STYLE,
        **io,
    )


def name_text(io: Mapping[str, Any], tr: Translator = ENGLISH) -> questionary.Question:
    """The optional name: Enter alone leaves it out."""
    too_long = tr.gettext("at most {limit} characters").format(limit=NAME_LIMIT)
    return questionary.text(
        tr.gettext("Your name, for the report (optional; Enter to skip):"),
        validate=lambda text: len(text) <= NAME_LIMIT or too_long,
        style=STYLE,
        **io,
    )


def resume_select(io: Mapping[str, Any], tr: Translator = ENGLISH) -> questionary.Question:
    """Resume saved progress (True) or start over (False)."""
    return questionary.select(
        tr.gettext("Pick up where you left off?"),
        [
            Choice(tr.gettext("Resume where I left off"), value=True),
            Choice(tr.gettext("Start over (discards the saved answers)"), value=False),
        ],
        instruction=keys_instruction(tr, shortcuts=False),
        style=STYLE,
        **io,
    )


def multi_rule(low: int, high: int, *, can_leave: bool, tr: Translator = ENGLISH) -> Any:
    """The checkbox validator: a count within [low, high]; none at all when the question can
    be left (skipped, or gone back from): then the quiz asks what nothing means."""

    def check(values: Sequence[Any]) -> bool | str:
        count = len(values)
        if count == 0 and (can_leave or low == 0):
            return True
        if count < low:
            # Short: questionary shows it on one line, and cuts what does not fit.
            if can_leave:
                return tr.gettext("Pick at least {low} (or none, to skip or go back)").format(
                    low=low
                )
            return tr.gettext("Pick at least {low} (Space ticks)").format(low=low)
        if count > high:
            return tr.ngettext(
                "Pick at most {high}; {count} is ticked",
                "Pick at most {high}; {count} are ticked",
                count,
            ).format(high=high, count=count)
        return True

    return check


def _moves(*, can_skip: bool, can_back: bool, tr: Translator = ENGLISH) -> list[Choice]:
    """Skip and Back, as far as they are allowed, set apart below the answer options."""
    moves: list[Choice] = []
    if can_skip:
        moves.append(Choice(tr.gettext(SKIP_LABEL), value=Move.SKIP))
    if can_back:
        moves.append(Choice(tr.gettext(BACK_LABEL), value=Move.BACK))
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


def review_heading(items: Sequence[ReviewItem], tr: Translator = ENGLISH) -> str:
    """`Review · 8 answered, 2 skipped`."""
    skipped = sum(1 for item in items if item.answer is None)
    answered = len(items) - skipped
    if skipped:
        summary = tr.gettext("Review · {answered} answered, {skipped} skipped")
    else:
        summary = tr.gettext("Review · {answered} answered")
    return summary.format(answered=answered, skipped=skipped)


def _ordinal(number: int, tr: Translator = ENGLISH) -> str:
    """`2nd`, `3rd`, `11th` (in German `2.`): each English ending is a message of its own."""
    if 10 <= number % 100 <= 20 or number % 10 not in (1, 2, 3):
        ordinal = tr.pgettext("ordinal", "{number}th")
    elif number % 10 == 1:
        ordinal = tr.pgettext("ordinal", "{number}st")
    elif number % 10 == 2:
        ordinal = tr.pgettext("ordinal", "{number}nd")
    else:
        ordinal = tr.pgettext("ordinal", "{number}rd")
    return ordinal.format(number=number)


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
