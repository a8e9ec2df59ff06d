"""How one person's fit moved between two results: reliable change (`rolefit compare`).

The two results come from answers files (scored exactly as `rolefit score` would) or from
result JSON saved by `rolefit score --format json`; `rolefit.files.results` reads them. Both
must come from the same bank, since the dimensions are compared one by one.

When is a change real? When it is a reliable change in the sense of Jacobson and Truax (1991):
the reliable change index RCI = (B - A) / √(SEM_A² + SEM_B²), which with one SEM for both is
(x2 - x1) / √(2·SEM²), lies beyond ±1.96. Each result carries the standard error of
measurement of its product_pct and of each dimension (see `rolefit.core.reliability`), so a
change of one answer out of twenty is not called a change, while a move from one role to the
other is.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rolefit.core.fields import Frozen, Role, Verdict
from rolefit.core.i18n import N_
from rolefit.core.reliability import Z_95, reliable_change_index
from rolefit.core.result import Result

# In English, as the comparison's JSON keeps them; the renderers translate them.
RULE = N_(
    "A change is reliable when its reliable change index, RCI = (B − A) / √(SEM_A² + SEM_B²), "
    "is beyond ±1.96 (Jacobson and Truax): only then is it called changed; a smaller change "
    "may be measurement noise."
)
DIMENSION_RULE = N_(
    "Each dimension is held against its own standard error of measurement, which grows as "
    "it rests on fewer answers."
)
OVERALL = N_("Overall")


class Side(Frozen):
    source: str
    kind: Literal["answers", "result"]
    respondent: str | None
    bank_id: str
    bank_version: str
    verdict: Verdict
    strength: str
    headline: str
    product_pct: float | None = Field(ge=0, le=100)
    margin: float | None = Field(ge=0, le=50)
    sem: float | None = Field(default=None, ge=0, le=100)


class Change(Frozen):
    id: str
    label: str
    before: float | None
    after: float | None
    change: float | None
    # √(SEM_A² + SEM_B²): the standard error of the change, in points.
    sem: float | None
    rci: float | None
    # |RCI| > 1.96; None: not comparable (left out, or no verdict on a side).
    changed: bool | None


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
    # Without a verdict there is no lean to compare (a flat profile or too few answers).
    judged = first.verdict != "undetermined" and second.verdict != "undetermined"
    fit = _change(
        "fit",
        OVERALL,
        (first.product_pct, first.sem),
        (second.product_pct, second.sem),
        judged=judged,
    )
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
                (a.product_pct, a.sem) if a else (None, None),
                (b.product_pct, b.sem) if b else (None, None),
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


def _change(
    change_id: str,
    label: str,
    before: tuple[float | None, float | None],
    after: tuple[float | None, float | None],
    *,
    judged: bool,
) -> Change:
    (x1, sem1), (x2, sem2) = before, after
    change = _difference(x1, x2)
    sem = rci = changed = None
    if judged and x1 is not None and x2 is not None and sem1 and sem2:
        sem = round((sem1**2 + sem2**2) ** 0.5, 1)
        # rolefit writes an SEM to 0.1; two too small to show (an edited result) would make an
        # absurd index, and their squares may even round to zero: no index, as for an SEM of 0.
        if sem > 0:
            index = reliable_change_index(x1, x2, (sem1, sem2))
            rci, changed = round(index, 2), abs(index) > Z_95
        else:
            sem = None
    return Change(
        id=change_id,
        label=label,
        before=x1,
        after=x2,
        change=change,
        sem=sem,
        rci=rci,
        changed=changed,
    )


def _difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 1)
