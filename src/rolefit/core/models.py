"""The data rolefit reads: the bank as written and the answers (the result: core/result.py).

Everything here is an immutable pydantic model, so the same classes validate the YAML a
facilitator writes and publish the JSON Schemas (`rolefit schema`) that editors and CI use.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every
# field's annotation from its text when each class is made, on every start-up.

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Self, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from rolefit.core.languages import (
    BASE,
    SEPARATOR,
    is_language_code,
    language_name,
    split_key,
    translation_key,
)
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
# A fit dimension with fewer answered questions than this is left out of a result (and a bank
# must ask enough for it: core.checks).
MIN_ANSWERS_PER_DIMENSION = 2


def _safe_text(text: str) -> str:
    """Bank text reaches terminals, markdown and HTML as it is: no control characters in it."""
    unsafe = _unsafe(text)
    if unsafe is not None:
        raise unsafe
    return text


def _unsafe(text: str) -> PydanticCustomError | None:
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


# --- Translations beside the texts --------------------------------------------------------

# Where a translation sits inside its model: the field (`prompt`), or the field and the key
# of a mapping of texts (`grow`, `program`).
TextPath = tuple[str, ...]
# A model's translations: for each text path, the text in each language code.
Translations = Mapping[TextPath, Mapping[str, str]]


class Texts:
    """Which fields of a part of a bank hold text a person reads, and so take translations.

    `fields`: each may have `FIELD::LANG` beside it. `maps`: fields holding a mapping of
    texts (a skill's `grow`), each entry of which may have `KEY::LANG` beside it inside the
    mapping. `untranslated`: text fields that stay as written in every language, and why.
    """

    __slots__ = ("fields", "maps", "untranslated")

    def __init__(
        self,
        *fields: str,
        maps: tuple[str, ...] = (),
        untranslated: Mapping[str, str] | None = None,
    ) -> None:
        self.fields = fields
        self.maps = maps
        self.untranslated: Mapping[str, str] = untranslated or {}


NO_TEXTS = Texts()


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
        if not isinstance(data, dict) or not _has_translations(cls, data):
            return handler(data)
        plain, translations, problems = _lifted(cls, data)
        try:
            model = handler(plain)
        except ValidationError as error:
            if not problems:
                raise
            problems.extend(_details(error))
            raise ValidationError.from_exception_data(cls.__name__, problems) from None
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        model._translations = translations
        return model


def _is_translation(key: object) -> bool:
    return isinstance(key, str) and SEPARATOR in key


def _has_translations(model: type[BankModel], data: dict[Any, Any]) -> bool:
    if any(_is_translation(key) for key in data):
        return True
    return any(
        isinstance(entries := data.get(name), dict) and any(_is_translation(k) for k in entries)
        for name in model.texts().maps
    )


def _lifted(
    model: type[BankModel], data: dict[Any, Any]
) -> tuple[dict[Any, Any], dict[TextPath, dict[str, str]], list[InitErrorDetails]]:
    """The document without its translation keys, the translations, and what is wrong."""
    translations: dict[TextPath, dict[str, str]] = {}
    problems: list[InitErrorDetails] = []
    plain = {key: value for key, value in data.items() if not _is_translation(key)}
    for key, value in data.items():
        if _is_translation(key):
            field, code = split_key(key) or ("", "")
            wrong = _wrong_field(model, data, field, code) or _wrong_code(field, code)
            _keep(translations, problems, (field,), code, value, (key,), wrong)
    for name in model.texts().maps:
        entries = data.get(name)
        if not isinstance(entries, dict):
            continue
        plain[name] = {key: value for key, value in entries.items() if not _is_translation(key)}
        for key, value in entries.items():
            if _is_translation(key):
                entry, code = split_key(key) or ("", "")
                wrong = None
                if entry not in entries:
                    wrong = (
                        f"translates {shown(entry, 60)!r}, which `{name}` does not have; "
                        f"add {shown(entry, 60)!r} in English or remove {shown(key, 60)}"
                    )
                wrong = wrong or _wrong_code(entry, code)
                _keep(translations, problems, (name, entry), code, value, (name, key), wrong)
    return plain, translations, problems


def _keep(
    translations: dict[TextPath, dict[str, str]],
    problems: list[InitErrorDetails],
    path: TextPath,
    code: str,
    value: Any,
    location: tuple[str, ...],
    wrong: str | None,
) -> None:
    """Keep one translation, or the problem with it (of its key first, then of its text)."""
    if wrong is not None:
        problems.append(_detail(location, wrong, value, "translation_key"))
        return
    if not isinstance(value, str):
        wrong = "a translation is text, written like the English beside it"
    elif not value.strip():
        wrong = f"is empty; give the {language_name(code)} text or remove {shown(location[-1], 60)}"
    elif (unsafe := _unsafe(value)) is not None:
        wrong = unsafe.message()
    else:
        translations.setdefault(path, {})[code] = value.strip()
        return
    problems.append(_detail(location, wrong, value, "translation_text"))


def _wrong_field(
    model: type[BankModel], data: Mapping[Any, Any], field: str, code: str
) -> str | None:
    """What is wrong with translating `field` of `model` (key `field::code`), if anything."""
    texts = model.texts()
    key = shown(translation_key(field, code), 60)
    if field in texts.fields:
        if data.get(field) is None and not model.model_fields[field].is_required():
            return (
                f"translates `{field}`, which is not given; add `{field}` in English "
                f"or remove {key}"
            )
        return None
    if field in texts.untranslated:
        return f"`{field}` {texts.untranslated[field]}; remove {key}"
    if field in texts.maps:
        return (
            f"`{field}` holds one text per key; translate each of them inside it "
            f"(KEY{SEPARATOR}{shown(code, 30)} beside KEY) and remove {key}"
        )
    if field in {info.alias or name for name, info in model.model_fields.items()}:
        return f"`{field}` is not a text a person reads, so it takes no translation; remove {key}"
    beside = " or ".join(shown(translation_key(text, code), 60) for text in texts.fields)
    fix = f"a translation goes beside a text: {beside}" if beside else f"remove {key}"
    return f"unknown field {shown(field, 60)!r} in {key}; {fix}"


def _wrong_code(field: str, code: str) -> str | None:
    if code == BASE:
        return (
            f"English is the plain key `{shown(field, 60)}`; remove "
            f"{shown(translation_key(field, code), 60)} (translations name another language)"
        )
    if not is_language_code(code):
        return (
            f"{shown(code, 30)!r} is not a language code; write it in lowercase "
            "letters, like de, es or pt-br"
        )
    return None


def _detail(location: tuple[str, ...], message: str, value: Any, kind: str) -> InitErrorDetails:
    """A problem with a translation: `translation_key` (the key: its message says what it
    found) or `translation_text` (the text, which the message is followed by)."""
    error = PydanticCustomError(kind, "{message}", {"message": message})
    return InitErrorDetails(type=error, loc=location, input=value)


def _details(error: ValidationError) -> list[InitErrorDetails]:
    """The errors pydantic found, as details to raise again beside the translations'."""
    return [
        InitErrorDetails(
            type=PydanticCustomError(item["type"], "{message}", {"message": item["msg"]}),
            loc=item["loc"],
            input=item["input"],
        )
        for item in error.errors(include_url=False)
    ]


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

    pydantic also names the union member it tried (e.g. "LikertKey", or for a bank model
    "function-wrap[_lift_translations()]", after the validator that wraps it); the file has
    no such key, so those steps are left out.
    """
    return tuple(
        step
        for step in loc
        if isinstance(step, int)
        or (
            isinstance(step, str)
            and not step[:1].isupper()
            and not (step.startswith("function-") and step.endswith("()]"))
            and step != "[key]"  # a mapping's key itself: the step before names it
        )
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


def shape_of(value: object) -> str:
    """What a document holds where a mapping should be, in a reader's words: `a number (42)`,
    `a list`, `nothing` (an empty file, or null) — never Python's type names."""
    if value is None:
        return "nothing (it is empty, or only null)"
    if isinstance(value, bool):
        return f"a true/false value ({found(value)})"
    if isinstance(value, int | float):
        return f"a number ({found(value)})"
    if isinstance(value, str):
        return f"a text ({found(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a value of another kind ({found(value)})"


def dotted(location: Sequence[str | int]) -> str:
    """A location as a reader writes it: `sections.0.questions.3.when`.

    Keys come from the document, so each is shown safely (a key may hold anything).
    """
    return ".".join(shown(step, 60) for step in location) or "top level"
