"""The questionnaire as a state machine: which question is next, back, skip, review.

A `Flow` is an immutable value: every move returns a new one. That keeps it trivial to save
after every step (quiz/store.py), to resume, and to drive from tests without a terminal; the
questionary adapter (quiz/prompts.py) only shows the current step and reports what was picked.
Its read side, where the person is and what may be asked, is the base class `Place`; the
progress line and the review list are built from a Place by `Progress.of` and `review_items`.

The walk: questions in `order` whose `when` holds over the answers so far are *reachable*; the
position moves through them one by one, then reaches the review (`position is None`). Choosing
a question on the review re-asks it in *editing* mode: after it, the flow returns to the review,
unless the new answer revealed questions not yet seen, which come first.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, replace
from enum import Enum
from typing import Any

from rolefit.core.answers import check_answer, keep_reachable
from rolefit.core.bank import Bank
from rolefit.core.conditions import holds, references
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.items import answer_label
from rolefit.core.models import Answer, Question
from rolefit.core.records import record


class Move(Enum):
    """A reply to a question that is not an answer."""

    SKIP = "skip"
    BACK = "back"


Reply = Answer | Move


@record
class Progress:
    """Where the person is: the section, and the question's place among those reachable."""

    section: str
    number: int
    total: int

    @classmethod
    def of(cls, place: Place) -> Progress | None:
        """The progress line for `place`'s current question; None on the review."""
        question = place.current
        if question is None:
            return None
        ids = place.possible_ids
        return cls(
            section=place.bank.section_of[question.id],
            number=ids.index(question.id) + 1,
            total=len(ids),
        )

    def __str__(self) -> str:
        return self.line()

    def line(self, tr: Translator = ENGLISH) -> str:
        """`Section · Question 3 of 10`, in the reader's language."""
        question = tr.gettext("Question {number} of {total}").format(
            number=self.number, total=self.total
        )
        return f"{self.section} · {question}"


@record
class ReviewItem:
    """One line of the review: a reachable question and its answer (None: skipped)."""

    question: Question
    number: int
    answer: Answer | None
    shown: str


def review_items(place: Place) -> tuple[ReviewItem, ...]:
    """Every reachable question with its answer, numbered as asked, for the review step."""
    items: list[ReviewItem] = []
    for number, question in enumerate(place.reachable, start=1):
        answer = place.answers.get(question.id)
        items.append(ReviewItem(question, number, answer, answer_label(question, answer)))
    return tuple(items)


def question_order(bank: Bank, *, short: bool = False, seed: int | None = None) -> tuple[str, ...]:
    """The ids to ask, section by section: bank order, or shuffled within sections by `seed`.

    Shuffling never puts a question before one its `when` names, so a condition is always
    decided by the time its question comes up.
    """
    rng = random.Random(seed) if seed is not None else None
    order: list[str] = []
    for section in bank.questions_file.sections:
        chosen = [q for q in section.questions if q.short or not short]
        if rng is not None:
            rng.shuffle(chosen)
            chosen = _after_their_conditions(chosen)
        order.extend(q.id for q in chosen)
    return tuple(order)


def _after_their_conditions(questions: list[Question]) -> list[Question]:
    """Keep the shuffled order, except that a question waits for the questions it names."""
    ids = {q.id for q in questions}
    placed: set[str] = set()
    waiting = list(questions)
    result: list[Question] = []
    while waiting:
        ready = next(
            q
            for q in waiting
            if all(ref in placed or ref not in ids for ref, _ in references(q.when))
        )
        waiting.remove(ready)
        result.append(ready)
        placed.add(ready.id)
    return result


@record
class Place:
    """Where one person is in the questions in `order`: what they answered or skipped, and
    which question is up (`position`; None: the review). Read-only; `Flow` adds the moves.

    `answers` and `skipped` only ever hold reachable questions: an answer that stops a later
    question from being reachable drops that question's answer too.
    """

    bank: Bank = field(repr=False, compare=False)
    order: tuple[str, ...]
    answers: Mapping[str, Answer] = field(default_factory=dict)
    skipped: frozenset[str] = frozenset()
    position: str | None = None
    editing: bool = False

    @property
    def reachable(self) -> tuple[Question, ...]:
        """The questions that will be asked, given the answers so far, in asking order."""
        by_id = self.bank.by_id
        return tuple(by_id[qid] for qid in self.order if holds(by_id[qid].when, self.answers))

    @property
    def reachable_ids(self) -> tuple[str, ...]:
        """The ids of `reachable`, in asking order."""
        return tuple(q.id for q in self.reachable)

    @property
    def possible_ids(self) -> tuple[str, ...]:
        """The questions asked so far and those that may still be: what the progress counts.

        A later question whose condition looks at a question not asked yet still counts, so
        the total never grows when an answer opens a branch; it only shrinks when an answer
        closes one (`Question 2 of 10`, then `3 of 10`, or `3 of 8`; never `3 of 12`).
        """
        if self.position is None:
            return self.reachable_ids
        by_id = self.bank.by_id
        here = self.order.index(self.position)
        settled = set(self.order[:here])
        kept = []
        for index, qid in enumerate(self.order):
            when = by_id[qid].when
            open_branch = index > here and any(ref not in settled for ref, _ in references(when))
            if open_branch or holds(when, self.answers):
                kept.append(qid)
        return tuple(kept)

    @property
    def current(self) -> Question | None:
        """The question to ask now; None on the review."""
        return None if self.position is None else self.bank.by_id[self.position]

    @property
    def at_review(self) -> bool:
        return self.position is None

    @property
    def progress(self) -> Progress | None:
        """The section and the current question's number among the reachable; None on review."""
        return Progress.of(self)

    @property
    def previous_answer(self) -> Answer | None:
        """The answer already given to the current question, to preselect it."""
        return None if self.position is None else self.answers.get(self.position)

    @property
    def can_go_back(self) -> bool:
        return self.position is not None and self._index() > 0

    @property
    def can_skip(self) -> bool:
        question = self.current
        return question is not None and not question.required

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def total(self) -> int:
        return len(self.reachable)

    def review(self) -> tuple[ReviewItem, ...]:
        """Every reachable question with its answer, for the review step."""
        return review_items(self)

    def answers_in_bank_order(self) -> dict[str, Answer | None]:
        """Every reachable question's answer (None: skipped), in the bank's order."""
        reachable = set(self.reachable_ids)
        return {q.id: self.answers.get(q.id) for q in self.bank.questions if q.id in reachable}

    def _require_current(self) -> Question:
        question = self.current
        if question is None:
            raise ValueError("no current question: the flow is at the review")
        return question

    def _index(self) -> int:
        """The current question's place among the reachable ones, counting from 0."""
        return self.reachable_ids.index(self._require_current().id)

    def _first_unsettled(self) -> str | None:
        """The first reachable question neither answered nor skipped; None: all settled."""
        for question in self.reachable:
            if question.id not in self.answers and question.id not in self.skipped:
                return question.id
        return None


@record
class Flow(Place):
    """One person's walk through the questions: a `Place` and the moves that lead on from it.

    Every move returns a new Flow; answers that a move makes unreachable are dropped with it.
    """

    @classmethod
    def start(cls, bank: Bank, *, short: bool = False, seed: int | None = None) -> Flow:
        """A fresh walk on the first question, in bank order or shuffled by `seed`."""
        order = question_order(bank, short=short, seed=seed)
        return cls.restore(bank, order, {}, ())

    @classmethod
    def restore(
        cls,
        bank: Bank,
        order: Sequence[str],
        answers: Mapping[str, Answer],
        skipped: Iterable[str],
        position: str | None = None,
        editing: bool = False,
    ) -> Flow:
        """A flow from saved parts; anything that no longer fits the bank is left out.

        An unknown or unreachable `position` falls back to the first question not yet
        answered or skipped, so a resumed quiz never starts on a question it cannot ask.
        """
        known = tuple(dict.fromkeys(qid for qid in order if qid in bank.by_id))
        kept, _ = keep_reachable(bank, {q: a for q, a in answers.items() if q in known})
        settled_skips = frozenset(skipped) & (set(known) - set(kept))
        flow = cls(bank, known, kept, settled_skips, None, editing)._tidied()
        if position is not None and position in flow.reachable_ids:
            return replace(flow, position=position)
        return replace(flow, position=flow._first_unsettled(), editing=False)

    # --- moves ---------------------------------------------------------------------------

    def apply(self, reply: Reply) -> Flow:
        """What the person replied to the current question: an answer, Skip or Back."""
        if reply is Move.SKIP:
            return self.skip()
        if reply is Move.BACK:
            return self.back()
        assert not isinstance(reply, Move)
        return self.answer(reply)

    def answer(self, value: Answer | Sequence[str]) -> Flow:
        """Record an answer to the current question and move on."""
        question = self._require_current()
        raw: Any = list(value) if isinstance(value, tuple | list) else value
        checked, problem = check_answer(question, raw, self.bank)
        if problem is not None or checked is None:
            raise ValueError(f"{question.id}: {problem}")
        answers = {**self.answers, question.id: checked}
        moved = replace(self, answers=answers, skipped=self.skipped - {question.id})
        return moved._tidied()._advance()

    def skip(self) -> Flow:
        """Leave the current question unanswered (dropping any earlier answer) and move on."""
        question = self._require_current()
        if question.required:
            raise ValueError(f"{question.id} is required and cannot be skipped")
        answers = {q: a for q, a in self.answers.items() if q != question.id}
        moved = replace(self, answers=answers, skipped=self.skipped | {question.id})
        return moved._tidied()._advance()

    def back(self) -> Flow:
        """The previous reachable question, keeping its answer to preselect."""
        if not self.can_go_back:
            raise ValueError("already at the first question")
        return replace(self, position=self.reachable_ids[self._index() - 1])

    def edit(self, question_id: str) -> Flow:
        """From the review: ask `question_id` again, then come back to the review."""
        if question_id not in self.reachable_ids:
            raise ValueError(f"{question_id} is not one of the questions asked")
        return replace(self, position=question_id, editing=True)

    # --- helpers -------------------------------------------------------------------------

    def _tidied(self) -> Flow:
        """Drop answers and skips of questions an answer change made unreachable."""
        kept, _ = keep_reachable(self.bank, self.answers)
        reachable = set(replace(self, answers=kept).reachable_ids)
        return replace(
            self,
            answers={q: a for q, a in kept.items() if q in reachable},
            skipped=frozenset(self.skipped & reachable),
        )

    def _advance(self) -> Flow:
        """After an answer or a skip: the next reachable question, or back to the review."""
        if self.editing:
            pending = self._first_unsettled()
            return replace(self, position=pending, editing=pending is not None)
        ids = self.reachable_ids
        following = self._index() + 1
        return replace(self, position=ids[following] if following < len(ids) else None)
