"""The result of scoring one person: the verdict, its margin, the dimensions and the reasons.

`rolefit score --format json` writes it (schema: `rolefit schema result`), and `rolefit
compare` reads it back, so its fields are range-checked: a result rolefit could not have
written is refused.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from rolefit.core.models import MAX_WEIGHT, Frozen, Lean, Level, Percent, Role, Verdict

RESULT_SCHEMA_VERSION = 1


class DimensionResult(Frozen):
    id: str
    label: str
    shared: bool
    # Results written before weights had a floor may carry smaller ones: above 0 is enough.
    weight: float = Field(gt=0, le=MAX_WEIGHT)
    answered: int = Field(ge=0)
    included: bool = Field(description="False when too few items were answered to count it.")
    lean: Lean | None = Field(description="-1 (program) to +1 (product); null if left out.")
    product_pct: Percent | None
    level: Level | None
    summary: str


class Reason(Frozen):
    question_id: str
    prompt: str
    answer: str
    toward: Role
    points: float = Field(
        ge=0, le=100, description="How many percentage points this answer moved the lean."
    )
    because: str
    source: str


class Flag(Frozen):
    code: Literal[
        "straight_lining",
        "flat_profile",
        "contradiction",
        "acquiescence",
        "many_skips",
        "dimension_left_out",
    ]
    message: str


class RoleReadiness(Frozen):
    role: Role
    score: float | None = Field(
        ge=1, le=5, description="Mean self-rating of the role's skills, 1 to 5."
    )
    rated: int = Field(ge=0)
    of: int = Field(ge=0)


class NextStep(Frozen):
    skill_id: str
    skill: str
    role: Role
    rating: int = Field(ge=1, le=5)
    advice: str
    source: str


# Which strengths go with which verdict: a lean is a product or program verdict, never a
# balanced or undetermined one.
_STRENGTHS: dict[str, tuple[str, ...]] = {
    "product": ("clear", "leans"),
    "program": ("clear", "leans"),
    "balanced": ("none",),
    "undetermined": ("none",),
}
# product_pct and program_pct are each rounded to one decimal.
_SUM_TOLERANCE = 0.1


def _inconsistent(field: str, message: str, **context: Any) -> PydanticCustomError:
    """A rule across fields, reported against `field` (ctx["field"]) so it gets its line."""
    return PydanticCustomError("result_inconsistent", message, {**context, "field": field})


class Result(Frozen):
    schema_version: int = RESULT_SCHEMA_VERSION
    bank_id: str
    bank_version: str
    form: Literal["full", "short"] = "full"
    respondent: str | None
    verdict: Verdict
    strength: Literal["clear", "leans", "none"]
    headline: str
    product_pct: Percent
    program_pct: Percent
    margin: float = Field(
        ge=0, le=50, description="Half-width of the 90 % bootstrap interval, in points."
    )
    interval: tuple[Percent, Percent]
    answered: int = Field(ge=0)
    asked: int = Field(ge=0)
    dimensions: tuple[DimensionResult, ...]
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    readiness: tuple[RoleReadiness, ...]
    next_steps: tuple[NextStep, ...]
    sources: tuple[str, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Result:
        """The figures agree with each other, as every result rolefit writes does."""
        total = self.product_pct + self.program_pct
        if abs(total - 100) > _SUM_TOLERANCE:
            raise _inconsistent(
                "program_pct",
                "product_pct and program_pct must add up to 100; found {total}",
                total=f"{total:g}",
            )
        low, high = self.interval
        if not low <= self.product_pct <= high:
            raise _inconsistent(
                "interval",
                "the interval must run from low to high and contain product_pct ({pct}); "
                "found [{low}, {high}]",
                pct=f"{self.product_pct:g}",
                low=f"{low:g}",
                high=f"{high:g}",
            )
        if self.strength not in _STRENGTHS[self.verdict]:
            raise _inconsistent(
                "strength",
                "a {verdict} verdict has strength {expected}; found {strength}",
                verdict=self.verdict,
                expected=" or ".join(_STRENGTHS[self.verdict]),
                strength=self.strength,
            )
        side = {"product": self.product_pct > 50, "program": self.product_pct < 50}
        if not side.get(self.verdict, True):
            raise _inconsistent(
                "verdict",
                "a {verdict} verdict needs product_pct on its side of 50; found {pct}",
                verdict=self.verdict,
                pct=f"{self.product_pct:g}",
            )
        if self.answered > self.asked:
            raise _inconsistent(
                "answered",
                "answered ({answered}) cannot exceed asked ({asked})",
                answered=self.answered,
                asked=self.asked,
            )
        return self
