"""The data rolefit reads: the bank as written and the answers (the result: core/result.py).

Everything here is an immutable pydantic model, so the same classes validate the YAML a
facilitator writes and publish the JSON Schemas (`rolefit schema`) that editors and CI use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from rolefit.core.text import has_unsafe, shown

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


def _safe_text(text: str) -> str:
    """Bank text reaches terminals, markdown and HTML as it is: no control characters in it."""
    if has_unsafe(text):
        character = next(c for c in text if has_unsafe(c))
        code = ord(character)
        escaped = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
        kind = "a control character" if code <= 0x9F else "an invisible formatting character"
        raise PydanticCustomError(
            "unsafe_text",
            "contains {kind} ({character}); remove it",
            {"kind": kind, "character": escaped},
        )
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


# --- The questions file ------------------------------------------------------------------


class BankInfo(Frozen):
    id: Identifier
    title: Text
    version: Annotated[int, Field(ge=0, lt=10**18)] | Text = 1


class Source(Frozen):
    title: Text
    author: OptionalText | None = None


class Citation(Frozen):
    title: Text
    section: Text

    def __str__(self) -> str:
        return f"{self.title} · {self.section}"


class Option(Frozen):
    id: Identifier
    label: Text


class AnswerIs(Frozen):
    question: Identifier
    answer: Identifier


class AnswerIn(Frozen):
    question: Identifier
    answers: tuple[Identifier, ...] = Field(min_length=1)


class EqualsCondition(Frozen):
    equals: AnswerIs


class InCondition(Frozen):
    in_: AnswerIn = Field(alias="in")


class NotCondition(Frozen):
    not_: Condition = Field(alias="not")


class AllCondition(Frozen):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyCondition(Frozen):
    any: tuple[Condition, ...] = Field(min_length=1)


Condition = EqualsCondition | InCondition | NotCondition | AllCondition | AnyCondition


class Question(Frozen):
    id: Identifier
    type: QuestionType
    kind: QuestionKind = "preference"
    prompt: Text
    help: OptionalText | None = None
    short: bool = False
    required: bool = False
    source: Citation
    options: tuple[Option, ...] = ()
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=1)
    when: Condition | None = None


class Section(Frozen):
    id: Identifier
    title: Text
    questions: tuple[Question, ...] = Field(min_length=1)


class QuestionsFile(Frozen):
    bank: BankInfo
    sources: tuple[Source, ...] = Field(min_length=1)
    sections: tuple[Section, ...] = Field(min_length=1)


# --- The scoring file --------------------------------------------------------------------


class LevelTexts(Frozen):
    product: Text
    balanced: Text
    program: Text


class Dimension(Frozen):
    id: Identifier
    label: Text
    weight: Weight = 1.0
    shared: bool = False
    levels: LevelTexts
    error_sd: float | None = Field(
        default=None,
        gt=0,
        le=2,
        description=(
            "The measurement error of one answer on this dimension (standard deviation, in "
            "lean units -1 to +1), from a reliability study; the margin never falls below "
            "what it implies. Absent: rolefit's documented default."
        ),
    )


class LikertKey(Frozen):
    keyed: Role
    dimensions: tuple[Identifier, ...] = Field(min_length=1)
    because: Text
    source: Citation | None = Field(
        default=None, description="Where `because` comes from, if not the question's source."
    )

    def reaches(self) -> tuple[str, ...]:
        return self.dimensions


class OptionLean(Frozen):
    lean: dict[Identifier, Lean] = Field(min_length=1)
    because: Text
    source: Citation | None = Field(
        default=None, description="Where `because` comes from, if not the question's source."
    )


class OptionKeys(Frozen):
    options: dict[Identifier, OptionLean | Literal["neutral"]] = Field(min_length=1)

    def reaches(self) -> tuple[str, ...]:
        """Every dimension some option leans on, in the order they first appear."""
        found: dict[str, None] = {}
        for lean in self.options.values():
            if lean != "neutral":
                found.update(dict.fromkeys(lean.lean))
        return tuple(found)


def _key_kind(value: object) -> str:
    # Tell the two shapes apart by their telling key, so that a typo inside one is reported
    # against that shape alone rather than as a failure to match either.
    # Tags are capitalised like class names, which error locations leave out (error_location).
    if isinstance(value, dict):
        return "Options" if "options" in value else "Likert"
    return "Likert" if isinstance(value, LikertKey) else "Options"


ItemKey = Annotated[
    Annotated[LikertKey, Tag("Likert")] | Annotated[OptionKeys, Tag("Options")],
    Discriminator(_key_kind),
]


class Skill(Frozen):
    label: Text
    dimension: Identifier
    roles: tuple[Role, ...] = Field(min_length=1)
    grow: dict[Role, Text]


class ScoringFile(Frozen):
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    items: dict[Identifier, ItemKey] = Field(default_factory=dict)
    skills: dict[Identifier, Skill] = Field(default_factory=dict)
    consistency_pairs: tuple[tuple[Identifier, Identifier], ...] = ()


# --- The answers file --------------------------------------------------------------------

AnswerValue = str | int | list[str] | None


class AnswersFile(Frozen):
    """What a person (or a script) hands to `rolefit score`."""

    respondent: str | None = Field(default=None, description="Shown on the report; optional.")
    bank: str | None = Field(default=None, description="The id of the bank answered, if given.")
    form: Literal["full", "short"] = Field(
        default="full",
        description="short: only the bank's short form was asked, so only it is scored.",
    )
    answers: dict[str, AnswerValue] = Field(
        description=(
            "question id -> answer. likert and choice: one option id (likert also 1-5); "
            "multi: a list of option ids; rank: every option id, most preferred first; "
            "null or left out: skipped."
        )
    )


# An answer after validation: one option id, or an ordered tuple of option ids.
Answer = str | tuple[str, ...]


def error_location(loc: Sequence[Any]) -> tuple[str | int, ...]:
    """The keys and indices of the value a pydantic error names by `loc`.

    pydantic also names the union member it tried (e.g. "LikertKey"); the file has no such
    key, so those steps are left out.
    """
    return tuple(
        step
        for step in loc
        if isinstance(step, int) or (isinstance(step, str) and not step[:1].isupper())
    )


def found(value: object, limit: int = 60) -> str:
    """A value from a document as a message shows it: as written (text in quotes), one safe
    line of at most about `limit` characters (rolefit.core.text.shown)."""
    if value is None or isinstance(value, bool):  # spelt as YAML and JSON spell them
        return "null" if value is None else str(value).lower()
    try:
        text = repr(value)
    except ValueError:  # Python prints no integer of over 4,300 digits (0x... can hold one)
        return f"a {type(value).__name__} holding a number too long to print"
    return shown(text, limit)


def dotted(location: Sequence[str | int]) -> str:
    """A location as a reader writes it: `sections.0.questions.3.when`.

    Keys come from the document, so each is shown safely (a key may hold anything).
    """
    return ".".join(shown(step, 60) for step in location) or "top level"
