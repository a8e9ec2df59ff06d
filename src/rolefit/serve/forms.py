"""A question as a web form, and a posted form back as a reply to the flow.

Radio buttons for likert and choice questions (field `answer`), checkboxes for multi
(`answer`, repeated), and one select per place for rank questions (`rank-1` .. `rank-N`):
plain form controls that work with a keyboard and a screen reader, and without JavaScript.
The answer itself is checked by the core (`Flow.answer`, the same rules as an answers file);
this module only reads the fields and words the problems for a person on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence

from rolefit.core.flow import Flow, Move, Reply
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.items import multi_bounds, options_of
from rolefit.core.models import Answer, Question
from rolefit.core.records import record


@record
class Choice:
    id: str
    label: str
    checked: bool


@record
class QuestionForm:
    """What the question template needs: the question, its controls, where the person is."""

    question: Question
    progress_line: str  # "Scope · Question 3 of 10", in the room's language
    number: int
    total: int
    choices: tuple[Choice, ...]
    ranked: tuple[str | None, ...]  # rank: the option id chosen per place (1st, 2nd, ...)
    hint: str | None  # how to answer ("Choose up to 3.")
    can_back: bool
    can_skip: bool
    error: str | None = None

    @property
    def places(self) -> tuple[tuple[int, str | None], ...]:
        return tuple(enumerate(self.ranked, start=1))


def question_form(
    flow: Flow, error: str | None = None, posted: Answer | None = None, tr: Translator = ENGLISH
) -> QuestionForm:
    question = flow.current
    progress = flow.progress
    assert question is not None and progress is not None, "the flow is on a question"
    shown = posted if posted is not None else flow.previous_answer
    picked = {shown} if isinstance(shown, str) else set(shown or ())
    options = options_of(question, tr)
    ranked: tuple[str | None, ...] = ()
    if question.type == "rank":
        order = list(shown) if isinstance(shown, tuple) else []
        ranked = tuple(order[k] if k < len(order) else None for k in range(len(options)))
    return QuestionForm(
        question=question,
        progress_line=progress.line(tr),
        number=progress.number,
        total=progress.total,
        choices=tuple(Choice(o.id, o.label, o.id in picked) for o in options),
        ranked=ranked,
        hint=_hint(question, tr),
        can_back=flow.can_go_back,
        can_skip=flow.can_skip,
        error=error,
    )


def _hint(question: Question, tr: Translator) -> str | None:
    if question.type == "multi":
        low, high = multi_bounds(question)
        if low == high:
            return tr.gettext("Choose {count}.").format(count=low)
        if low == 0:
            return tr.gettext("Choose up to {count}.").format(count=high)
        return tr.gettext("Choose {low} to {high}.").format(low=low, high=high)
    if question.type == "rank":
        return tr.gettext("Put every option in order, the one you prefer most first.")
    return None


@record
class Posted:
    """A reply read from a form: a move, an answer to check, or what was wrong with it."""

    reply: Reply | None
    error: str | None = None
    partial: Answer | None = None  # what was picked, to show again with the error


def read_reply(
    question: Question,
    action: str,
    values: Sequence[str],
    ranks: Sequence[str],
    tr: Translator = ENGLISH,
) -> Posted:
    """The reply in a posted form: `action` is answer, skip or back."""
    if action == "back":
        return Posted(Move.BACK)
    if action == "skip":
        if question.required:
            return Posted(None, tr.gettext("This question needs an answer."))
        return Posted(Move.SKIP)
    if question.type in ("likert", "choice"):
        if len(values) != 1:
            return Posted(None, _none_chosen(question, tr))
        return Posted(values[0])
    if question.type == "multi":
        low, high = multi_bounds(question)
        chosen = tuple(values)
        if not low <= len(chosen) <= high:
            you_chose = tr.gettext("You chose {count}.").format(count=len(chosen))
            return Posted(None, f"{_hint(question, tr)} {you_chose}", chosen)
        return Posted(chosen)
    chosen = tuple(rank for rank in ranks if rank)
    if not chosen:
        if question.required:
            return Posted(None, tr.gettext("Choose an option for each place."))
        return Posted(None, tr.gettext("Choose an option for each place, or choose Skip."))
    if len(chosen) != len(ranks) or len(set(chosen)) != len(chosen):
        return Posted(
            None,
            tr.gettext("Give each place a different option, so that every option is used once."),
            chosen,
        )
    return Posted(chosen)


def _none_chosen(question: Question, tr: Translator) -> str:
    if question.required:
        return tr.gettext("Choose an answer.")
    return tr.gettext("Choose an answer, or choose Skip.")
