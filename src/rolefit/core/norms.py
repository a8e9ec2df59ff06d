"""Norms: where one person's product % stands in a named group (`rolefit norms`).

A norms file holds a group's name, the bank it was scored with, and the sorted product % of
everyone in it who got a verdict (no names, no answers). A person's percentile is the mid-rank
percentile: the share of the group below them plus half the share level with them, so that a
person in the middle of a group of equals stands at 50.

Groups smaller than MIN_GROUP are refused, when the norms are built and when they are read:
with fewer people one person moves a percentile by several points, and a small group of
colleagues could be told apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from rolefit.core.fields import Frozen, Percent, Text
from rolefit.core.result import Result, Standing
from rolefit.errors import DocumentError

MIN_GROUP = 20
NORMS_VERSION = 1
# A group's name is shown in one line of every result placed in it.
GROUP_NAME_LIMIT = 100


class Norms(Frozen):
    norms_version: Literal[1] = 1
    group: Text = Field(
        max_length=GROUP_NAME_LIMIT,
        description="Who the group is, as the percentile line names it.",
    )
    bank_id: str
    bank_version: str
    # Strict: a count written as text, or true for 1 %, is a damaged norms file, not a number.
    n: Annotated[int, Strict()] = Field(
        ge=MIN_GROUP, description=f"People in the group (at least {MIN_GROUP})."
    )
    product_pct: tuple[Annotated[Percent, Strict()], ...] = Field(
        description="The product % of each person in the group with a verdict, ascending."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Norms:
        if len(self.product_pct) != self.n:
            raise PydanticCustomError(
                "norms_inconsistent",
                "n ({n}) must be the number of product_pct values ({count})",
                {"n": self.n, "count": len(self.product_pct), "field": "n"},
            )
        if list(self.product_pct) != sorted(self.product_pct):
            raise PydanticCustomError(
                "norms_inconsistent",
                "product_pct must be in ascending order",
                {"field": "product_pct"},
            )
        return self


def build(group: str, bank_id: str, bank_version: str, values: Sequence[float | None]) -> Norms:
    """Norms from a group's product % (None: no verdict, left out)."""
    kept = sorted(v for v in values if v is not None)
    if len(kept) < MIN_GROUP:
        raise DocumentError(
            f"a norms group needs at least {MIN_GROUP} people with a verdict; found "
            f"{len(kept)}: add more answers files"
        )
    return Norms(
        group=group,
        bank_id=bank_id,
        bank_version=bank_version,
        n=len(kept),
        product_pct=tuple(kept),
    )


def percentile(norms: Norms, product_pct: float) -> float:
    below = sum(1 for v in norms.product_pct if v < product_pct)
    level = sum(1 for v in norms.product_pct if v == product_pct)
    return 100 * (below + level / 2) / norms.n


def standing(norms: Norms, result: Result) -> Standing | None:
    """Where `result` stands in the group; None without a verdict (no product % to place)."""
    if result.product_pct is None:
        return None
    rank = percentile(norms, result.product_pct)
    sentence = (
        f"More product-leaning than {rank:.0f} % of {norms.group} (n = {norms.n}), "
        f"more program-leaning than {100 - rank:.0f} %."
    )
    return Standing(group=norms.group, n=norms.n, percentile=round(rank, 1), sentence=sentence)
