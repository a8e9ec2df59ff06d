"""A bank: the questions file and the scoring file, checked against each other.

`build_bank` takes the two parsed documents and returns the bank with every problem found
in it (all at once, so a facilitator fixes a custom bank in one pass). A bank is built only
from a pair that passed every check, and it builds its lookup tables once, then: scoring
never searches the files again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import ValidationError

from rolefit.core.checks import MIN_ANSWERS_PER_DIMENSION, Problem, cross_check
from rolefit.core.items import ItemScale, options_of
from rolefit.core.models import (
    Dimension,
    LikertKey,
    OptionKeys,
    Question,
    QuestionsFile,
    ScoringFile,
    Skill,
    dotted,
    error_location,
    found,
)

__all__ = ["MIN_ANSWERS_PER_DIMENSION", "UNREAD", "Bank", "Problem", "build_bank"]

M = TypeVar("M", QuestionsFile, ScoringFile)

# Stands for a document the edge could not read (and has already said why): it is skipped,
# while the other one is still checked, so that every problem is reported in one pass.
UNREAD: Any = object()


@dataclass(frozen=True, repr=False)
class Bank:
    """A validated bank: the questions in order, their scoring, and tables to look both up."""

    questions_file: QuestionsFile
    scoring: ScoringFile
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
        return f"Bank({self.id!r}, {len(self.questions)} questions)"

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


def build_bank(
    questions_data: Any, scoring_data: Any, *, scoring_name: str = "the scoring file"
) -> tuple[Bank | None, list[Problem]]:
    """The bank (when both documents are valid) and every problem found in them.

    `scoring_name` is how messages about the questions file refer to the scoring file.
    """
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
    if data is UNREAD:
        return None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        problems.append(Problem(file, (), f"expected a mapping at the top level; found {found}"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            location = error_location(item["loc"])
            where = dotted(location)
            value = "" if item["type"] == "missing" else f"; found {_short(item.get('input'))}"
            problems.append(Problem(file, location, f"{where}: {item['msg']}{value}"))
        return None


def _short(value: Any) -> str:
    """The value a problem is about, as written, on one safe line of about 60 characters."""
    return found(value, limit=60)
