"""The review screen of the arrow-key quiz: every question with its answer, to score or change.

Score comes first, then one line per question in two columns (the prompt cut to fit, the
answer), split into pages when the terminal is too short to show them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import questionary
from questionary import Choice, Separator

from rolefit.core.flow import ReviewItem
from rolefit.core.i18n import ENGLISH, N_, Translator
from rolefit.core.items import answer_label
from rolefit.quiz.widgets import MOVES_SEPARATOR, STYLE

# In English; translated where it is shown.
SCORE_LABEL = N_("Score my answers")
# Lines of the review screen that are not questions: the heading, the prompt, Score, two
# separators, the page moves, and a line to spare.
REVIEW_CHROME = 8


class PageTurn(Enum):
    NEXT = "next"
    PREVIOUS = "previous"


class ScoreChoice(Enum):
    # questionary returns a Choice's title when its value is None, so "score" needs its own.
    SCORE = "score"


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
            moves.append(Choice(tr.gettext("More questions ›"), value=PageTurn.NEXT))
        if page > 0:
            moves.append(Choice(tr.gettext("‹ Earlier questions"), value=PageTurn.PREVIOUS))
    score = Choice(tr.gettext(SCORE_LABEL), value=ScoreChoice.SCORE)
    return questionary.select(
        tr.gettext("Your answers"),
        [score, Separator(MOVES_SEPARATOR), *questions, *moves],
        instruction=tr.gettext("(Enter scores them; pick a question to change it)"),
        style=STYLE,
        **io,
    )


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
