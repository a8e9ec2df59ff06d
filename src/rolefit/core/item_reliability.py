"""How reliably a dimension's items measure it across a cohort, for the report.

Cronbach's alpha, taken pairwise (core.stats) over the items enough people answered, with its
95 % Feldt interval, the standardised alpha and the standard error of measurement; and for each
item what the cohort did with it: how many were asked and skipped it, how many answered at its
floor or ceiling, its corrected item-rest correlation and the alpha without it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rolefit.core.bank import Bank
from rolefit.core.cohort_report import (
    MIN_RESPONDENTS_FOR_ALPHA,
    DimensionSummary,
    ItemAnalysis,
    ItemEffect,
)
from rolefit.core.records import record
from rolefit.core.stats import Pairwise, RestScores, feldt_interval, item_arrays

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


@record
class ItemAnswers:
    """One item of a dimension (a question's contribution to it) across the cohort."""

    question_id: str
    dimension_id: str
    asked: int  # people to whom the question was put
    values: tuple[float | None, ...]  # each person's value; None: not answered


def with_reliability(
    bank: Bank, summary: DimensionSummary, items: Sequence[ItemAnswers]
) -> DimensionSummary:
    """`summary` with the reliability of its `items`, or the reason it is not estimated."""
    import numpy as np

    present, table = item_arrays([item.values for item in items])
    # Only people who answered at least one item say anything about the items.
    answering = np.flatnonzero(present.any(axis=0))
    present, table = present[:, answering], table[:, answering]
    summary = summary.model_copy(update={"alpha_respondents": len(answering)})
    if len(items) < 2:
        return summary
    if len(answering) < MIN_RESPONDENTS_FOR_ALPHA:
        note = (
            f"too few to estimate: {len(answering)} people answered, at least "
            f"{MIN_RESPONDENTS_FOR_ALPHA} are needed"
        )
        return summary.model_copy(update={"alpha_note": note, "alpha_gap": "too_few_people"})
    # An item few people answered (the full form's questions in a cohort of short forms, a
    # follow-up asked of two people) says nothing reliable about how it varies with the
    # others: its covariances would rest on a handful of people. Alpha is taken over the items
    # that as many people answered as alpha itself needs; the others get no r either.
    used = [int(k) for k in np.flatnonzero(present.sum(axis=1) >= MIN_RESPONDENTS_FOR_ALPHA)]
    if len(used) < 2:
        note = (
            "not estimated: fewer than two of its questions were answered by "
            f"{MIN_RESPONDENTS_FOR_ALPHA} people or more"
        )
        return summary.model_copy(update={"alpha_note": note, "alpha_gap": "too_few_items"})
    pairwise = Pairwise.of_arrays(present, table)
    rest_scores = RestScores(present, table)
    analysed = tuple(
        _item_analysis(
            bank, item, table[position][present[position]], position, used, pairwise, rest_scores
        )
        for position, item in enumerate(items)
    )
    return summary.model_copy(
        update=_alpha_figures(bank, summary, pairwise, used, len(answering), analysed)
    )


def _alpha_figures(
    bank: Bank,
    summary: DimensionSummary,
    pairwise: Pairwise,
    used: Sequence[int],
    answering: int,
    analysed: tuple[ItemAnalysis, ...],
) -> dict[str, Any]:
    """Alpha and what follows from it: its interval, the SEM, the items that lower it."""
    alpha = pairwise.alpha(used)
    lowered = sorted(
        (
            ItemEffect(
                question_id=item.question_id,
                alpha_if_deleted=item.alpha_if_deleted,
                prompt=bank.by_id[item.question_id].prompt,
            )
            for item in analysed
            if alpha is not None
            and item.alpha_if_deleted is not None
            and item.alpha_if_deleted > round(alpha, 3)
        ),
        key=lambda effect: -effect.alpha_if_deleted,
    )
    ci = feldt_interval(alpha, answering, len(used)) if alpha is not None else None
    sem = None
    if alpha is not None and summary.sd is not None:
        sem = round(summary.sd * math.sqrt(max(0.0, 1 - alpha)), 1)
    return {
        "alpha": _round(alpha, 3),
        "alpha_ci": None if ci is None else (round(ci[0], 3), round(ci[1], 3)),
        "alpha_items": len(used),
        "standardised_alpha": _round(pairwise.standardised_alpha(used), 3),
        "sem": sem,
        "alpha_note": None
        if alpha is not None
        else "undefined: no spread, or two items never answered by the same two people",
        "alpha_gap": None if alpha is not None else "undefined",
        "lowered_by": tuple(lowered),
        "item_analysis": analysed,
    }


def _item_analysis(
    bank: Bank,
    item: ItemAnswers,
    values: npt.NDArray[np.float64],
    position: int,
    used: Sequence[int],
    pairwise: Pairwise,
    rest_scores: RestScores,
) -> ItemAnalysis:
    """One item's statistics; `values` holds its answered values."""
    low, high = _extremes(bank, item.question_id, item.dimension_id)
    without = [k for k in used if k != position]
    counted = position in used
    skipped = item.asked - len(values)
    return ItemAnalysis(
        question_id=item.question_id,
        text=bank.by_id[item.question_id].prompt,
        asked=item.asked,
        n=len(values),
        skipped_pct=round(100 * skipped / item.asked, 1) if item.asked else None,
        floor_pct=_pct_at(values, low),
        ceiling_pct=_pct_at(values, high),
        item_rest_r=_round(rest_scores.correlation(position), 3) if counted else None,
        alpha_if_deleted=_round(pairwise.alpha(without), 3) if counted else None,
    )


def _extremes(bank: Bank, question_id: str, dimension_id: str) -> tuple[float | None, ...]:
    """The lowest and highest value an answer can give the item: ±1 for a statement, the
    extreme options of a choice; None for multi and rank questions, whose answers mix."""
    question = bank.by_id[question_id]
    if question.type == "likert":
        return -1.0, 1.0
    if question.type != "choice":
        return None, None
    scale = bank.items[question_id]
    values = [scale.leans(option)[dimension_id] for option in scale.labels]
    return min(values), max(values)


def _pct_at(values: npt.NDArray[np.float64], extreme: float | None) -> float | None:
    """The share of `values` at `extreme`, in percent."""
    import numpy as np

    if extreme is None or not len(values):
        return None
    at = int(np.count_nonzero(np.abs(values - extreme) < 1e-9))
    return round(100 * at / len(values), 1)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
