"""A rank question in the arrow-key quiz, asked one place at a time.

`Ranking` is the state between those selects (the picks so far, what Back undoes, which option
to preselect); `prompts.Prompter` runs each select and hands the pick back to it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from questionary import Choice

from rolefit.core.flow import Flow, Move
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.items import options_of
from rolefit.core.models import Option, Question
from rolefit.core.records import record
from rolefit.quiz.widgets import move_choices


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
        moves = move_choices(
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
