"""The pieces every rolefit model is built from: the kinds of value (an identifier, a text a
person reads and why one is refused, `unsafe_text_error`; a weight, a lean, a percent), the
names of roles, levels and verdicts, and `Frozen`, the base of every pydantic model (the
bank's in core.models, the result's in core.result, the report's and the norms' beside them).
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every
# field's annotation from its text when each class is made, on every start-up.

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from rolefit.core.text import has_unsafe

Role = Literal["product", "program"]
Level = Literal["product", "balanced", "program"]
QuestionType = Literal["likert", "choice", "multi", "rank"]
QuestionKind = Literal["preference", "skill"]
Verdict = Literal["product", "program", "balanced", "undetermined"]


# A dimension's weight: how much it counts against the others. Only ratios matter, so the
# bounds cost nothing: the floor keeps weights far from where floating point loses the leans
# they multiply (eight equal weights of 5e-324 score 50 % where weights of 1 score 54.3 %),
# the ceiling keeps every ratio of two weights within 10,000 to 1.
MIN_WEIGHT = 0.01
MAX_WEIGHT = 100.0


def unsafe_text_error(text: str) -> PydanticCustomError | None:
    """What is wrong with `text` if it holds a control or invisible formatting character."""
    if not has_unsafe(text):
        return None
    character = next(c for c in text if has_unsafe(c))
    code = ord(character)
    escaped = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    kind = "a control character" if code <= 0x9F else "an invisible formatting character"
    return PydanticCustomError(
        "unsafe_text",
        "contains {kind} ({character}); remove it",
        {"kind": kind, "character": escaped},
    )


def _safe_text(text: str) -> str:
    """Bank text reaches terminals, markdown and HTML as it is: no control characters in it."""
    unsafe = unsafe_text_error(text)
    if unsafe is not None:
        raise unsafe
    return text


Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]
# Every text of a bank (titles, prompts, labels, reasons, level texts) is shown to people:
# one line, no escape sequences or direction overrides (rolefit.core.text.has_unsafe).
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_safe_text)
]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_safe_text)]


def _weight_in_bounds(value: Any, handler: ValidatorFunctionWrapHandler) -> float:
    try:  # YAML 1.1 reads `yes` as true, which pydantic would take for 1.0
        weight = None if isinstance(value, bool) else handler(value)
    except ValueError:  # pydantic's ValidationError: not a number, or out of bounds
        weight = None
    if not isinstance(weight, float) or not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise PydanticCustomError(
            "weight_range",
            "a weight is a number from {low} to {high}",
            {"low": f"{MIN_WEIGHT:g}", "high": f"{MAX_WEIGHT:g}"},
        )
    return weight


Weight = Annotated[float, Field(ge=MIN_WEIGHT, le=MAX_WEIGHT), WrapValidator(_weight_in_bounds)]
Lean = Annotated[float, Field(ge=-1, le=1)]
Percent = Annotated[float, Field(ge=0, le=100)]


class Frozen(BaseModel):
    # defer_build: a model builds its validator on first use, not at import, which keeps
    # start-up short for commands that touch only a few of them. allow_inf_nan=False: no
    # number in a bank, an answers file or a result may be NaN or infinite.
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        defer_build=True,
        allow_inf_nan=False,
    )
