"""A bank: the questions file and the scoring file, checked against each other.

`build_bank` takes the two parsed documents and returns the bank with every problem found
in it (all at once, so a facilitator fixes a custom bank in one pass). A bank is built only
from a pair that passed every check, and it builds its lookup tables once, then: scoring
never searches the files again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import ValidationError

from rolefit.core.items import ItemScale, options_of
from rolefit.core.languages import BASE, is_language_code, language_name
from rolefit.core.models import (
    MIN_ANSWERS_PER_DIMENSION,
    Dimension,
    LikertKey,
    OptionKeys,
    Question,
    QuestionsFile,
    ScoringFile,
    Skill,
)
from rolefit.core.places import dotted, error_location, found, shape_of
from rolefit.core.records import record
from rolefit.core.text import shown
from rolefit.errors import RolefitError

if TYPE_CHECKING:
    from rolefit.core.checker import Problem
    from rolefit.core.translations import MissingText

# core.checks and core.translations are imported by the functions that use them: a bank that
# comes checked from the cache (files.bankcache) never loads the checks, and a bank read in
# English never loads the translations.

__all__ = [
    "MIN_ANSWERS_PER_DIMENSION",
    "UNREAD",
    "Bank",
    "IncompleteLanguageError",
    "bank_in_language",
    "build_bank",
    "missing_texts",
]

M = TypeVar("M", QuestionsFile, ScoringFile)

# Stands for a document the edge could not read (and has already said why): it is skipped,
# while the other one is still checked, so that every problem is reported in one pass.
UNREAD: Any = object()


@record
class Bank:
    """A validated bank: the questions in order, their scoring, and tables to look both up."""

    questions_file: QuestionsFile
    scoring: ScoringFile
    # The language of every text in it: English, or one the bank carries (bank_in_language).
    language: str = BASE
    # The bank in English, when this is the same bank in another language.
    base: Bank | None = field(default=None, compare=False)
    questions: tuple[Question, ...] = field(init=False)
    by_id: Mapping[str, Question] = field(init=False)
    section_of: Mapping[str, str] = field(init=False)
    dimensions: Mapping[str, Dimension] = field(init=False)
    option_ids: Mapping[str, tuple[str, ...]] = field(init=False)
    # Each likert answer's place on its five-point scale, 1 (first option) to 5.
    scale_position: Mapping[str, Mapping[str, int]] = field(init=False)
    items: Mapping[str, ItemScale] = field(init=False)

    def __post_init__(self) -> None:
        sections = self.questions_file.sections
        questions = tuple(q for section in sections for q in section.questions)
        option_ids = {q.id: tuple(o.id for o in options_of(q)) for q in questions}
        by_id = {q.id: q for q in questions}
        tables: dict[str, Any] = {
            "questions": questions,
            "by_id": by_id,
            "section_of": {q.id: s.title for s in sections for q in s.questions},
            "dimensions": {d.id: d for d in self.scoring.dimensions},
            "option_ids": option_ids,
            "scale_position": {
                q.id: {option: n for n, option in enumerate(option_ids[q.id], start=1)}
                for q in questions
                if q.type == "likert"
            },
            "items": {
                qid: ItemScale.of(by_id[qid], key) for qid, key in self.scoring.items.items()
            },
        }
        for name, table in tables.items():
            object.__setattr__(self, name, table)

    def __repr__(self) -> str:
        language = "" if self.language == BASE else f", {self.language!r}"
        return f"Bank({self.id!r}, {len(self.questions)} questions{language})"

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """The codes of the languages the bank gives texts in besides English, sorted; each
        may be incomplete (`missing_texts`)."""
        from rolefit.core.translations import languages_of

        return languages_of(self.english.questions_file, self.english.scoring)

    @property
    def english(self) -> Bank:
        """The bank with its texts in English (itself, unless it is in another language)."""
        return self.base or self

    @property
    def id(self) -> str:
        return self.questions_file.bank.id

    @property
    def title(self) -> str:
        return self.questions_file.bank.title

    @property
    def version(self) -> str:
        return str(self.questions_file.bank.version)

    def short_form(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.short)

    def form(self, *, short: bool) -> tuple[Question, ...]:
        """The questions a form asks, in bank order."""
        return self.short_form() if short else self.questions

    def skill(self, question_id: str) -> Skill:
        return self.scoring.skills[question_id]

    def key(self, question_id: str) -> LikertKey | OptionKeys:
        return self.scoring.items[question_id]


class IncompleteLanguageError(RolefitError):
    """A bank asked for in a language it does not give every text in."""

    def __init__(self, bank: Bank, code: str, missing: int) -> None:
        self.language = code
        self.missing = missing
        texts = "text" if missing == 1 else "texts"
        super().__init__(
            f"bank {bank.id!r} lacks {missing} {language_name(code)} {texts}; "
            f"`rolefit validate --lang {code}` lists them"
        )


def missing_texts(bank: Bank, code: str) -> list[MissingText]:
    """Every text `bank` does not give in language `code`, in the order of its files.

    Nothing is missing in English; a language the bank does not carry lacks every text. Each
    names where the English text is (the edge turns it into `file:line`), what it is
    (`prompt of scope.one_product`) and the key to add beside it (`prompt::de`).
    """
    from rolefit.core.translations import missing_in

    english = bank.english
    return missing_in(english.questions_file, english.scoring, code)


def bank_in_language(bank: Bank, code: str) -> Bank:
    """The same bank with every text in language `code`: the same ids, questions, options,
    conditions, weights and leans, so the same answers score the same to the last digit.

    The language must be complete: a bank never mixes languages. A caller that would rather
    fall back checks `missing_texts(bank, code)` first and keeps the English bank when it
    finds any; otherwise this raises IncompleteLanguageError. `en` gives the English bank.
    """
    from rolefit.core.translations import in_language, missing_in

    if not is_language_code(code):
        raise RolefitError(
            f"{shown(code, 30)!r} is not a language code; write it in lowercase, like de, es "
            "or pt-br"
        )
    english = bank.english
    if code == bank.language:
        return bank
    if code == BASE:
        return english
    try:
        questions_file = in_language(english.questions_file, code)
        scoring = in_language(english.scoring, code)
    except KeyError:  # a text without `code`: count them all for the message
        missing = missing_in(english.questions_file, english.scoring, code)
        raise IncompleteLanguageError(english, code, len(missing)) from None
    return Bank(questions_file, scoring, language=code, base=english)


def build_bank(
    questions_data: Any, scoring_data: Any, *, scoring_name: str = "the scoring file"
) -> tuple[Bank | None, list[Problem]]:
    """The bank (when both documents are valid) and every problem found in them.

    `scoring_name` is how messages about the questions file refer to the scoring file.
    """
    from rolefit.core.checks import cross_check

    problems: list[Problem] = []
    questions_file = _parse(QuestionsFile, questions_data, "questions", problems)
    scoring_file = _parse(ScoringFile, scoring_data, "scoring", problems)
    if questions_file is None or scoring_file is None:
        return None, problems
    problems.extend(cross_check(questions_file, scoring_file, scoring_name=scoring_name))
    if problems:
        return None, problems
    return Bank(questions_file, scoring_file), problems


def _parse(
    model: type[M], data: Any, file: Literal["questions", "scoring"], problems: list[Problem]
) -> M | None:
    from rolefit.core.checker import Problem

    if data is UNREAD:
        return None
    if not isinstance(data, dict):
        problems.append(
            Problem(file, (), f"expected a mapping at the top level; found {shape_of(data)}")
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            location = error_location(item["loc"])
            where = dotted(location)
            # A missing value has nothing to show; a translation's key quotes itself.
            quoted = item["type"] in ("missing", "translation_key")
            value = "" if quoted else f"; found {_short(item.get('input'))}"
            problems.append(Problem(file, location, f"{where}: {item['msg']}{value}"))
        return None


def _short(value: Any) -> str:
    """The value a problem is about, as written, on one safe line of about 60 characters."""
    return found(value, limit=60)
