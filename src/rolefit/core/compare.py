"""How one person's fit moved between two results, against the margins (`rolefit compare`).

The two results come from answers files (scored exactly as `rolefit score` would) or from
result JSON saved by `rolefit score --format json`; `rolefit.files.results` reads them. Both
must come from the same bank, since the dimensions are compared one by one.

When is a change real? A change counts as beyond the margins when it is larger than the two
margins added together: |B - A| > margin_A + margin_B. That is the same as saying the ± ranges
printed on the two result cards do not overlap, so a user can check it by eye. It is
deliberately cautious: two independent estimates with margins m_A and m_B differ by noise of
about √(m_A² + m_B²), which is smaller than the sum, so a change called real is very unlikely
to be noise, at the price of calling some real but small changes "within the margins". The
sum uses the symmetric ± margin rather than the result's 90 % interval, which is clamped to
contain product_pct and so can be lopsided.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field

from rolefit.core.models import Frozen, Role, Verdict
from rolefit.core.result import Result

RULE = (
    "A change is beyond the margins when it is larger than the two margins added together, "
    "that is when the ± ranges of A and B do not overlap; a smaller change may be noise."
)
DIMENSION_RULE = (
    "A dimension rests on fewer answers than the whole, so its margin is the overall margin "
    "scaled by how few answers it has (the margin of a mean grows as 1/√answers)."
)


class Side(Frozen):
    source: str
    kind: Literal["answers", "result"]
    respondent: str | None
    bank_id: str
    bank_version: str
    verdict: Verdict
    strength: str
    headline: str
    product_pct: float = Field(ge=0, le=100)
    margin: float = Field(ge=0, le=50)


class Change(Frozen):
    id: str
    label: str
    before: float | None
    after: float | None
    change: float | None
    margin: float | None  # the two margins added: what the change is held against
    beyond_margins: bool | None  # None: not comparable (left out, or no verdict on a side)


class ReadinessChange(Frozen):
    role: Role
    before: float | None
    after: float | None
    change: float | None


class Comparison(Frozen):
    before: Side
    after: Side
    rule: str = RULE
    verdict_changed: bool
    fit: Change
    dimensions: tuple[Change, ...]
    readiness: tuple[ReadinessChange, ...]


def side(result: Result, source: str, kind: Literal["answers", "result"]) -> Side:
    """One side of a comparison: where it came from and the result's headline figures."""
    shared = Side.model_fields.keys() & Result.model_fields.keys()
    fields = {name: getattr(result, name) for name in shared}
    return Side.model_validate({**fields, "source": source, "kind": kind})


def compare(first: Result, second: Result, before: Side, after: Side) -> Comparison:
    """The comparison of two results; pure."""
    # Without a verdict the margin means nothing (a flat profile or too few answers).
    judged = first.verdict != "undetermined" and second.verdict != "undetermined"
    fit = _change(
        "fit",
        "Overall",
        first.product_pct,
        second.product_pct,
        first.margin,
        second.margin,
        judged=judged,
    )
    first_margins, second_margins = dimension_margins(first), dimension_margins(second)
    first_dims = {d.id: d for d in first.dimensions}
    second_dims = {d.id: d for d in second.dimensions}
    order = list(first_dims) + [d for d in second_dims if d not in first_dims]
    dimensions = []
    for dimension_id in order:
        a, b = first_dims.get(dimension_id), second_dims.get(dimension_id)
        known = a if a is not None else b
        assert known is not None  # every id in `order` comes from one side or the other
        if known.shared:  # shared dimensions never move fit; readiness covers them
            continue
        dimensions.append(
            _change(
                dimension_id,
                known.label,
                a.product_pct if a else None,
                b.product_pct if b else None,
                first_margins.get(dimension_id),
                second_margins.get(dimension_id),
                judged=judged,
            )
        )
    first_ready = {r.role: r.score for r in first.readiness}
    second_ready = {r.role: r.score for r in second.readiness}
    readiness = tuple(
        ReadinessChange(
            role=role,
            before=first_ready.get(role),
            after=second_ready.get(role),
            change=_difference(first_ready.get(role), second_ready.get(role)),
        )
        for role in ("product", "program")
    )
    return Comparison(
        before=before,
        after=after,
        verdict_changed=first.verdict != second.verdict,
        fit=fit,
        dimensions=tuple(dimensions),
        readiness=readiness,
    )


def dimension_margins(result: Result) -> dict[str, float]:
    """Each counted dimension's margin, scaled from the bootstrap margin of the whole.

    The overall lean is Σ w_d·lean_d / Σ w_d, and lean_d is the mean of a dimension's n_d
    answers. If every answer carries about the same spread σ, the overall lean's error is
    σ·√(Σ w_d²/n_d) / Σ w_d and one dimension's is σ/√n_d; their ratio turns the margin of the
    whole (which the result carries) into a margin per dimension (which it does not).

    Weights enter only as ratios, so they are scaled by the largest first: the sums are then
    at least 1 and 1/answered, and nothing divides by zero however small a weight is.
    """
    counted = [d for d in result.dimensions if d.included and d.answered > 0 and d.weight > 0]
    if not counted:
        return {}
    largest = max(d.weight for d in counted)
    scaled = [(d, d.weight / largest) for d in counted]
    spread = math.sqrt(sum(w**2 / d.answered for d, w in scaled)) / sum(w for _, w in scaled)
    if not (math.isfinite(spread) and spread > 0):  # cannot happen with weights above 0
        return {}
    return {d.id: round(result.margin / math.sqrt(d.answered) / spread, 1) for d in counted}


def _change(
    change_id: str,
    label: str,
    before: float | None,
    after: float | None,
    before_margin: float | None,
    after_margin: float | None,
    *,
    judged: bool,
) -> Change:
    change = _difference(before, after)
    margin = (
        None
        if before_margin is None or after_margin is None
        else round(before_margin + after_margin, 1)
    )
    beyond = None
    if judged and change is not None and margin is not None:
        beyond = abs(change) > margin
    return Change(
        id=change_id,
        label=label,
        before=before,
        after=after,
        change=change,
        margin=margin,
        beyond_margins=beyond,
    )


def _difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 1)
