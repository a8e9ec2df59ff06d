"""The result of scoring one person: the verdict, its margin, the dimensions and the reasons.

`rolefit score --format json` writes it (schema: `rolefit schema result`), and `rolefit
compare` reads it back, so its fields are range-checked: a result rolefit could not have
written is refused.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every
# field's annotation from its text when each class is made, on every start-up.

from typing import Any, Literal, Self, get_args

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from rolefit.core.fields import MAX_WEIGHT, Frozen, Lean, Level, Percent, Role, Verdict

# 2: product_pct, program_pct, margin and interval are null for an undetermined result, which
# says why in `undetermined_reason`; `sem` (overall and per dimension) was added.
RESULT_SCHEMA_VERSION = 2


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
    sem: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Standard error of measurement of this dimension's product_pct, in points.",
    )


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


FlagCode = Literal[
    "straight_lining",
    "flat_profile",
    "contradiction",
    "acquiescence",
    "many_skips",
    "dimension_left_out",
]
# Every flag a result can carry, in the order the README lists them.
FLAG_CODES: tuple[FlagCode, ...] = get_args(FlagCode)


class Flag(Frozen):
    code: FlagCode
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


class Standing(Frozen):
    """A person's place in a norms group (`rolefit score --norms`, see core.norms)."""

    group: str
    n: int = Field(ge=1)
    percentile: Percent = Field(description="Mid-rank percentile of product % in the group.")
    sentence: str


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
    language: str = Field(
        default="en",
        description=(
            "The language its sentences are written in (headline, flags, summaries, reasons): "
            "`en`, `de`. Renderers write a result's own words in the same language."
        ),
    )
    respondent: str | None
    verdict: Verdict
    strength: Literal["clear", "leans", "none"]
    headline: str
    product_pct: Percent | None = Field(
        description="Percent product; null when the verdict is undetermined (no lean to show)."
    )
    program_pct: Percent | None
    margin: float | None = Field(
        ge=0,
        le=50,
        description=(
            "Half the width of the 90 % interval, in points; the interval itself may be "
            "asymmetric. Null when the verdict is undetermined."
        ),
    )
    interval: tuple[Percent, Percent] | None = Field(
        description=(
            "The 90 % interval of product_pct: a bootstrap over the answered questions, "
            "widened to at least 1.645 standard errors of measurement either side."
        )
    )
    sem: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Standard error of measurement of product_pct, in points (for compare).",
    )
    undetermined_reason: str | None = Field(
        default=None, description="Why there is no verdict; null when there is one."
    )
    standing: Standing | None = Field(
        default=None, description="Percentile in a named group; only with `--norms`."
    )
    answered: int = Field(ge=0)
    asked: int = Field(ge=0)
    dimensions: tuple[DimensionResult, ...]
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    readiness: tuple[RoleReadiness, ...]
    next_steps: tuple[NextStep, ...]
    sources: tuple[str, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        """The figures agree with each other, as every result rolefit writes does."""
        undetermined = self.verdict == "undetermined"
        figures = (self.product_pct, self.program_pct, self.margin, self.interval)
        if undetermined != (self.undetermined_reason is not None) or any(
            (figure is None) != undetermined for figure in figures
        ):
            raise _inconsistent(
                "verdict",
                "an undetermined result has null product_pct, program_pct, margin and interval "
                "and an undetermined_reason, and any other result has all four figures and no "
                "undetermined_reason; found verdict {verdict}",
                verdict=self.verdict,
            )
        if self.product_pct is None or self.program_pct is None or self.interval is None:
            return self._counts_agree()
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
        side = {"product": self.product_pct > 50, "program": self.product_pct < 50}
        if not side.get(self.verdict, True):
            raise _inconsistent(
                "verdict",
                "a {verdict} verdict needs product_pct on its side of 50; found {pct}",
                verdict=self.verdict,
                pct=f"{self.product_pct:g}",
            )
        return self._counts_agree()

    def _counts_agree(self) -> Self:
        if self.strength not in _STRENGTHS[self.verdict]:
            raise _inconsistent(
                "strength",
                "a {verdict} verdict has strength {expected}; found {strength}",
                verdict=self.verdict,
                expected=" or ".join(_STRENGTHS[self.verdict]),
                strength=self.strength,
            )
        if self.answered > self.asked:
            raise _inconsistent(
                "answered",
                "answered ({answered}) cannot exceed asked ({asked})",
                answered=self.answered,
                asked=self.asked,
            )
        return self
