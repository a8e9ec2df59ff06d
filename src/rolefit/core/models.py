"""The data rolefit reads: the bank as written, and what an answer is (the answers file's
schema: core/answers_file.py; the result: core/result.py).

Everything here is an immutable pydantic model, so the same classes validate the YAML a
facilitator writes and publish the JSON Schemas (`rolefit schema`) that editors and CI use.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every
# field's annotation from its text when each class is made, on every start-up.

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self, cast

from pydantic import (
    Discriminator,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    Tag,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from rolefit.core.bank_texts import (
    NO_TEXTS,
    TextPath,
    Texts,
    Translations,
    has_translations,
    lifted,
    pydantic_details,
)
from rolefit.core.fields import (
    Frozen,
    Identifier,
    Lean,
    OptionalText,
    QuestionKind,
    QuestionType,
    Role,
    Text,
    Weight,
)

# A fit dimension with fewer answered questions than this is left out of a result (and a bank
# must ask enough for it: core.scoring_checks).
MIN_ANSWERS_PER_DIMENSION = 2


class BankModel(Frozen):
    """A part of a bank file, whose texts may carry translations beside them.

    `prompt::de: ...` beside `prompt: ...` is the prompt in German (docs/bank-format.md). The
    validator lifts every `FIELD::LANG` key out of the document before the fields are
    validated and keeps the translations apart (`translations`), so the fields hold English
    exactly as before and a bank without translations is read as it always was. A key that
    translates nothing translatable, names no language, or holds no text is refused at its
    own location, along with every other problem of the model.
    """

    # Set on a model that carries translations: each text path's text per language code. Not
    # annotated: pydantic evaluates the annotations of every base again for each model class,
    # which every start-up would pay for (for this one, about 2 ms).
    _translations = PrivateAttr(default=cast("dict[TextPath, dict[str, str]] | None", None))

    @classmethod
    def texts(cls) -> Texts:
        """Which of its fields hold text a person reads (TEXTS)."""
        return TEXTS.get(cls, NO_TEXTS)

    @property
    def translations(self) -> Translations:
        """Each translated text's path and its text per language code (English not among them)."""
        private = self.__pydantic_private__  # what `self._translations` would look up, slowly
        found: Translations | None = private.get("_translations") if private else None
        return found or {}

    @model_validator(mode="wrap")
    @classmethod
    def _lift_translations(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        if not isinstance(data, dict) or not has_translations(cls.texts(), data):
            return handler(data)
        plain, translations, problems = lifted(cls.texts(), cls.model_fields, data)
        try:
            model = handler(plain)
        except ValidationError as error:
            if not problems:
                raise
            problems.extend(pydantic_details(error))
            raise ValidationError.from_exception_data(cls.__name__, problems) from None
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        model._translations = translations
        return model


# --- The questions file ------------------------------------------------------------------


def _one_version_problem(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A bank's version is a whole number or a text: one problem when it is neither, not
    one per kind pydantic tried (`constrained-int: ...`, `function-after[...]: ...`)."""
    said = "a version is a whole number (0 or more) or a text, like 3 or 2026-11"
    if isinstance(value, bool):  # YAML's true would pass for the number 1
        raise PydanticCustomError("version", "{said}", {"said": said})
    try:
        return handler(value)
    except ValidationError as error:
        if isinstance(value, str):  # the text's own problem (a control character, say)
            said = next(
                (e["msg"] for e in error.errors() if e["type"] == "unsafe_text"),
                "a version text may not be empty",
            )
        raise PydanticCustomError("version", "{said}", {"said": said}) from None


Version = Annotated[
    Annotated[int, Field(ge=0, lt=10**18)] | Text, WrapValidator(_one_version_problem)
]


class BankInfo(BankModel):
    id: Identifier
    title: Text
    version: Version = 1


class Source(BankModel):
    title: Text
    author: OptionalText | None = None


class Citation(BankModel):
    title: Text
    section: Text

    def __str__(self) -> str:
        return f"{self.title} · {self.section}"


class Option(BankModel):
    id: Identifier
    label: Text


class AnswerIs(BankModel):
    question: Identifier
    answer: Identifier


class AnswerIn(BankModel):
    question: Identifier
    answers: tuple[Identifier, ...] = Field(min_length=1)


class EqualsCondition(BankModel):
    equals: AnswerIs


class InCondition(BankModel):
    in_: AnswerIn = Field(alias="in")


class NotCondition(BankModel):
    not_: "Condition" = Field(alias="not")


class AllCondition(BankModel):
    all: tuple["Condition", ...] = Field(min_length=1)


class AnyCondition(BankModel):
    any: tuple["Condition", ...] = Field(min_length=1)


# Each kind of condition by the one key that names it, and its tag in a pydantic error (tags
# are capitalised like class names, which error locations leave out: error_location).
_CONDITION_TAGS = {"equals": "Equals", "in": "In", "not": "Not", "all": "All", "any": "Any"}
_CONDITION_TAG_OF_CLASS: dict[type, str] = {
    EqualsCondition: "Equals",
    InCondition: "In",
    NotCondition: "Not",
    AllCondition: "All",
    AnyCondition: "Any",
}


def _condition_kind(value: object) -> str | None:
    # A condition is told by its one key, so that a mistake inside it is reported against
    # that kind alone, not as five failures to be each of the others; anything else (no key,
    # two keys, an unknown one, a text) is refused in one line (`condition` below).
    if isinstance(value, dict):
        return _CONDITION_TAGS.get(next(iter(value))) if len(value) == 1 else None
    return _CONDITION_TAG_OF_CLASS.get(type(value))


Condition = Annotated[
    Annotated[EqualsCondition, Tag("Equals")]
    | Annotated[InCondition, Tag("In")]
    | Annotated[NotCondition, Tag("Not")]
    | Annotated[AllCondition, Tag("All")]
    | Annotated[AnyCondition, Tag("Any")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message=(
            "a condition is a mapping with exactly one key: equals, in, not, all or any"
        ),
    ),
]


class Question(BankModel):
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


class Section(BankModel):
    id: Identifier
    title: Text
    questions: tuple[Question, ...] = Field(min_length=1)


class QuestionsFile(BankModel):
    bank: BankInfo
    sources: tuple[Source, ...] = Field(min_length=1)
    sections: tuple[Section, ...] = Field(min_length=1)


# --- The scoring file --------------------------------------------------------------------


class LevelTexts(BankModel):
    product: Text
    balanced: Text
    program: Text


class Dimension(BankModel):
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


class LikertKey(BankModel):
    keyed: Role
    dimensions: tuple[Identifier, ...] = Field(min_length=1)
    because: Text
    source: Citation | None = Field(
        default=None, description="Where `because` comes from, if not the question's source."
    )

    def reaches(self) -> tuple[str, ...]:
        return self.dimensions


class OptionLean(BankModel):
    lean: dict[Identifier, Lean] = Field(min_length=1)
    because: Text
    source: Citation | None = Field(
        default=None, description="Where `because` comes from, if not the question's source."
    )


class OptionKeys(BankModel):
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


class Skill(BankModel):
    label: Text
    dimension: Identifier
    roles: tuple[Role, ...] = Field(min_length=1)
    grow: dict[Role, Text]


class ScoringFile(BankModel):
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    items: dict[Identifier, ItemKey] = Field(default_factory=dict)
    skills: dict[Identifier, Skill] = Field(default_factory=dict)
    consistency_pairs: tuple[tuple[Identifier, Identifier], ...] = ()


# Every text a person reads in a bank, by the part of the bank it is in: each takes a
# translation beside it (docs/bank-format.md). A part not listed holds no text to translate.
# A table rather than an attribute of each class: pydantic would evaluate an annotated
# attribute once for each model class, and mypy refuses an attribute without one.
ARTICLE_TITLE = "is the title of an article, a proper name that stays as written"
TEXTS: Mapping[type[BankModel], Texts] = {
    BankInfo: Texts("title"),
    Source: Texts(untranslated={"title": ARTICLE_TITLE, "author": "is a name, kept as written"}),
    Citation: Texts("section", untranslated={"title": ARTICLE_TITLE}),
    Option: Texts("label"),
    Question: Texts("prompt", "help"),
    Section: Texts("title"),
    LevelTexts: Texts("product", "balanced", "program"),
    Dimension: Texts("label"),
    LikertKey: Texts("because"),
    OptionLean: Texts("because"),
    Skill: Texts("label", maps=("grow",)),
}


# An answer after validation: one option id, or an ordered tuple of option ids.
Answer = str | tuple[str, ...]
