"""The data rolefit works on: the bank as written, the answers, and the result.

Everything here is an immutable pydantic model, so the same classes validate the YAML a
facilitator writes and publish the JSON Schemas (`rolefit schema`) that editors and CI use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag

Role = Literal["product", "program"]
Level = Literal["product", "balanced", "program"]
QuestionType = Literal["likert", "choice", "multi", "rank"]
QuestionKind = Literal["preference", "skill"]
Verdict = Literal["product", "program", "balanced", "undetermined"]

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

RESULT_SCHEMA_VERSION = 1


class Frozen(BaseModel):
    # defer_build: a model builds its validator on first use, not at import, which keeps
    # start-up short for commands that touch only a few of them.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


# --- The questions file ------------------------------------------------------------------


class BankInfo(Frozen):
    id: Identifier
    title: Text
    version: int | str = 1


class Source(Frozen):
    title: Text
    author: str | None = None


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
    help: str | None = None
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
    weight: float = Field(default=1.0, gt=0)
    shared: bool = False
    levels: LevelTexts


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
    lean: dict[Identifier, Annotated[float, Field(ge=-1, le=1)]] = Field(min_length=1)
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


# --- The result --------------------------------------------------------------------------


class DimensionResult(Frozen):
    id: str
    label: str
    shared: bool
    weight: float
    answered: int
    included: bool = Field(description="False when too few items were answered to count it.")
    lean: float | None = Field(description="-1 (program) to +1 (product); null if left out.")
    product_pct: float | None
    level: Level | None
    summary: str


class Reason(Frozen):
    question_id: str
    prompt: str
    answer: str
    toward: Role
    points: float = Field(description="How many percentage points this answer moved the lean.")
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
    score: float | None = Field(description="Mean self-rating of the role's skills, 1 to 5.")
    rated: int
    of: int


class NextStep(Frozen):
    skill_id: str
    skill: str
    role: Role
    rating: int
    advice: str
    source: str


class Result(Frozen):
    schema_version: int = RESULT_SCHEMA_VERSION
    bank_id: str
    bank_version: str
    form: Literal["full", "short"] = "full"
    respondent: str | None
    verdict: Verdict
    strength: Literal["clear", "leans", "none"]
    headline: str
    product_pct: float
    program_pct: float
    margin: float = Field(description="Half-width of the 90 % bootstrap interval, in points.")
    interval: tuple[float, float]
    answered: int
    asked: int
    dimensions: tuple[DimensionResult, ...]
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    readiness: tuple[RoleReadiness, ...]
    next_steps: tuple[NextStep, ...]
    sources: tuple[str, ...]


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


def dotted(location: Sequence[str | int]) -> str:
    """A location as a reader writes it: `sections.0.questions.3.when`."""
    return ".".join(str(step) for step in location) or "top level"
