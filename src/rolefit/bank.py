"""Loading a bank (questions + scoring) and checking the two files against each other.

Every problem is reported as `file:line: message`, and all of them at once, so a facilitator
fixes a custom bank in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from rolefit import yamlio
from rolefit.conditions import references
from rolefit.errors import BankError, InputFileError
from rolefit.models import (
    Dimension,
    LikertKey,
    Option,
    OptionKeys,
    Question,
    QuestionsFile,
    ScoringFile,
    Skill,
)

AGREEMENT_SCALE = (
    Option(id="strongly_disagree", label="Strongly disagree"),
    Option(id="disagree", label="Disagree"),
    Option(id="neutral", label="Neither agree nor disagree"),
    Option(id="agree", label="Agree"),
    Option(id="strongly_agree", label="Strongly agree"),
)
SKILL_SCALE = (
    Option(id="novice", label="Novice: not tried it yet"),
    Option(id="basic", label="Basic: done it with help"),
    Option(id="capable", label="Capable: do it on my own"),
    Option(id="strong", label="Strong: others come to me for it"),
    Option(id="expert", label="Expert: I could teach it"),
)
MIN_QUESTIONS_PER_DIMENSION = 3
# A fit dimension with fewer answered questions than this is left out of a result.
MIN_ANSWERS_PER_DIMENSION = 2

M = TypeVar("M", QuestionsFile, ScoringFile)


@dataclass(frozen=True, repr=False)
class Bank:
    """A validated bank: the questions in order, their scoring, and where they came from."""

    questions_file: QuestionsFile
    scoring: ScoringFile
    questions_path: Path
    scoring_path: Path
    questions: tuple[Question, ...] = field(init=False)
    # Values derived from the bank alone (such as one answer's contribution), kept because a
    # cohort repeats the same few answers thousands of times. Never part of equality.
    memo: dict[tuple[object, ...], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __repr__(self) -> str:
        return f"Bank({self.id!r}, {len(self.questions)} questions, from {self.questions_path})"

    def __post_init__(self) -> None:
        ordered = tuple(q for section in self.questions_file.sections for q in section.questions)
        object.__setattr__(self, "questions", ordered)

    @property
    def id(self) -> str:
        return self.questions_file.bank.id

    @property
    def title(self) -> str:
        return self.questions_file.bank.title

    @property
    def version(self) -> str:
        return str(self.questions_file.bank.version)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def section_of(self) -> dict[str, str]:
        return {
            q.id: section.title
            for section in self.questions_file.sections
            for q in section.questions
        }

    @cached_property
    def dimensions(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.scoring.dimensions}

    @cached_property
    def option_ids(self) -> dict[str, tuple[str, ...]]:
        return {q.id: tuple(o.id for o in options_of(q)) for q in self.questions}

    def short_form(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.short)

    def skill(self, question_id: str) -> Skill:
        return self.scoring.skills[question_id]

    def key(self, question_id: str) -> LikertKey | OptionKeys:
        return self.scoring.items[question_id]


def options_of(question: Question) -> tuple[Option, ...]:
    if question.type == "likert":
        return SKILL_SCALE if question.kind == "skill" else AGREEMENT_SCALE
    return question.options


def load_bank(questions_path: Path, scoring_path: Path) -> Bank:
    """Load and validate a bank; raise BankError listing every problem, or InputFileError."""
    bank, problems = check_bank(questions_path, scoring_path)
    if bank is None or problems:
        raise BankError(problems)
    return bank


def check_bank(questions_path: Path, scoring_path: Path) -> tuple[Bank | None, list[str]]:
    """The bank (when both files parse) and every problem found in it."""
    problems: list[str] = []
    loaded: list[tuple[Any, str] | None] = []
    for path in (questions_path, scoring_path):
        try:
            loaded.append(yamlio.load(path))
        except InputFileError as error:  # reported along with the other file's problems
            problems.append(str(error))
            loaded.append(None)
    questions_file = scoring_file = None
    if loaded[0] is not None:
        data, text = loaded[0]
        questions_file = _parse(QuestionsFile, data, questions_path, text, problems)
    if loaded[1] is not None:
        data, text = loaded[1]
        scoring_file = _parse(ScoringFile, data, scoring_path, text, problems)
    if questions_file is None or scoring_file is None or loaded[0] is None or loaded[1] is None:
        return None, problems
    bank = Bank(questions_file, scoring_file, questions_path, scoring_path)
    problems.extend(_CrossCheck(bank, loaded[0][1], loaded[1][1]).run())
    return bank, problems


def _parse(model: type[M], data: Any, path: Path, text: str, problems: list[str]) -> M | None:
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        problems.append(f"{path}:1: expected a mapping at the top level; found {found}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            line, where = yamlio.locate(text, item["loc"])
            found = item.get("input")
            shown = "" if item["type"] == "missing" else f"; found {_short(found)}"
            problems.append(f"{path}:{line}: {where}: {item['msg']}{shown}")
        return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _CrossCheck:
    """The rules that span both files; each adds `file:line: message` problems."""

    def __init__(self, bank: Bank, questions_text: str, scoring_text: str) -> None:
        self.bank = bank
        self.questions_text = questions_text
        self.scoring_text = scoring_text
        self.problems: list[str] = []
        self.location: dict[str, tuple[int, int]] = {}
        for si, section in enumerate(bank.questions_file.sections):
            for qi, question in enumerate(section.questions):
                self.location.setdefault(question.id, (si, qi))

    def question_problem(self, question_id: str, message: str, *path: str | int) -> None:
        si, qi = self.location[question_id]
        line = yamlio.line_of(self.questions_text, ["sections", si, "questions", qi, *path])
        self.problems.append(f"{self.bank.questions_path}:{line}: {question_id}: {message}")

    def scoring_problem(self, message: str, *path: str | int) -> None:
        line = yamlio.line_of(self.scoring_text, list(path))
        self.problems.append(f"{self.bank.scoring_path}:{line}: {message}")

    def run(self) -> list[str]:
        self.check_ids()
        self.check_questions()
        self.check_scoring()
        self.check_coverage()
        return self.problems

    def check_ids(self) -> None:
        seen: set[str] = set()
        for si, section in enumerate(self.bank.questions_file.sections):
            for qi, question in enumerate(section.questions):
                if question.id in seen:
                    line = yamlio.line_of(
                        self.questions_text, ["sections", si, "questions", qi, "id"]
                    )
                    self.problems.append(
                        f"{self.bank.questions_path}:{line}: {question.id}: duplicate question "
                        "id; every id must be unique"
                    )
                seen.add(question.id)
        dimension_ids = [d.id for d in self.bank.scoring.dimensions]
        for index, dimension_id in enumerate(dimension_ids):
            if dimension_id in dimension_ids[:index]:
                self.scoring_problem(
                    f"{dimension_id}: duplicate dimension id", "dimensions", index, "id"
                )

    def check_questions(self) -> None:
        titles = {source.title for source in self.bank.questions_file.sources}
        earlier: set[str] = set()
        for question in self.bank.questions:
            qid = question.id
            option_ids = [o.id for o in question.options]
            if question.type == "likert" and question.options:
                self.question_problem(qid, "likert questions take no options", "options")
            if question.type != "likert" and len(option_ids) < 2:
                self.question_problem(
                    qid, f"a {question.type} question needs at least 2 options", "options"
                )
            for index, option_id in enumerate(option_ids):
                if option_id in option_ids[:index]:
                    self.question_problem(
                        qid, f"duplicate option id '{option_id}'", "options", index, "id"
                    )
            if question.type == "multi":
                low = question.min if question.min is not None else 0
                high = question.max if question.max is not None else len(option_ids)
                if not low <= high <= len(option_ids):
                    self.question_problem(
                        qid,
                        f"needs min <= max <= {len(option_ids)} options; found min {low}, "
                        f"max {high}",
                        "max",
                    )
            elif question.min is not None or question.max is not None:
                self.question_problem(qid, "min and max apply to multi questions only", "min")
            if question.kind == "skill" and question.type != "likert":
                self.question_problem(qid, "skill questions must be likert", "type")
            if question.source.title not in titles:
                self.question_problem(
                    qid,
                    f"source title {question.source.title!r} is not one of the bank's sources "
                    f"({', '.join(repr(t) for t in sorted(titles))})",
                    "source",
                )
            outside_short_form: set[str] = set()
            for ref_id, ref_options in references(question.when):
                if ref_id not in earlier:
                    where = "a later question" if ref_id in self.bank.by_id else "no question"
                    self.question_problem(
                        qid,
                        f"`when` names '{ref_id}', which is {where}; conditions may only "
                        "name earlier questions",
                        "when",
                    )
                    continue
                outside = question.short and not self.bank.by_id[ref_id].short
                if outside and ref_id not in outside_short_form:  # once, if named twice
                    outside_short_form.add(ref_id)
                    self.question_problem(
                        qid,
                        f"is in the short form, but its `when` names '{ref_id}', which the "
                        f"short form never asks; mark '{ref_id}' `short: true` too, or take "
                        "this question out of the short form",
                        "when",
                    )
                known = self.bank.option_ids[ref_id]
                for option in ref_options:
                    if option not in known:
                        self.question_problem(
                            qid,
                            f"`when` names option '{option}' of '{ref_id}', which has only "
                            f"{', '.join(known)}",
                            "when",
                        )
            earlier.add(qid)

    def check_scoring(self) -> None:
        scoring = self.bank.scoring
        dims = self.bank.dimensions
        for qid, key in scoring.items.items():
            question = self.bank.by_id.get(qid)
            if question is None:
                self.scoring_problem(f"items: '{qid}' is not a question in the bank", "items", qid)
                continue
            if question.kind != "preference":
                self.scoring_problem(
                    f"items: '{qid}' is a skill question; list it under `skills`", "items", qid
                )
                continue
            if isinstance(key, LikertKey):
                if key.source is not None:
                    self.check_source(key.source.title, ("items", qid, "source"))
                if question.type != "likert":
                    self.scoring_problem(
                        f"items: '{qid}' is a {question.type} question; score each option "
                        "under `options`",
                        "items",
                        qid,
                    )
                self.check_dimension_refs(key.dimensions, ("items", qid, "dimensions"))
                continue
            if question.type == "likert":
                self.scoring_problem(
                    f"items: '{qid}' is likert; give `keyed`, `dimensions` and `because`",
                    "items",
                    qid,
                )
                continue
            option_ids = [o.id for o in question.options]
            for option_id, lean in key.options.items():
                if lean != "neutral" and lean.source is not None:
                    self.check_source(
                        lean.source.title, ("items", qid, "options", option_id, "source")
                    )
                if option_id not in option_ids:
                    self.scoring_problem(
                        f"items: '{qid}' has no option '{option_id}' (options: "
                        f"{', '.join(option_ids)})",
                        "items",
                        qid,
                        "options",
                        option_id,
                    )
                elif lean != "neutral":
                    self.check_dimension_refs(
                        tuple(lean.lean), ("items", qid, "options", option_id, "lean")
                    )
            for option_id in option_ids:
                if option_id not in key.options:
                    self.scoring_problem(
                        f"items: '{qid}' option '{option_id}' is not scored; give it a `lean` "
                        "or mark it `neutral`",
                        "items",
                        qid,
                    )
        for question in self.bank.questions:
            if question.kind == "preference" and question.id not in scoring.items:
                self.question_problem(
                    question.id,
                    f"preference question has no entry under `items` in {self.bank.scoring_path}",
                )
            if question.kind == "skill" and question.id not in scoring.skills:
                self.question_problem(
                    question.id,
                    f"skill question has no entry under `skills` in {self.bank.scoring_path}",
                )
        for qid, skill in scoring.skills.items():
            question = self.bank.by_id.get(qid)
            if question is None or question.kind != "skill":
                what = "not a question" if question is None else "not a skill question"
                self.scoring_problem(f"skills: '{qid}' is {what} in the bank", "skills", qid)
            if skill.dimension not in dims:
                self.scoring_problem(
                    f"skills: '{qid}' names unknown dimension '{skill.dimension}'",
                    "skills",
                    qid,
                    "dimension",
                )
            for role in skill.roles:
                if role not in skill.grow:
                    self.scoring_problem(
                        f"skills: '{qid}' needs `grow` text for the {role} role",
                        "skills",
                        qid,
                        "grow",
                    )
        for index, (first, second) in enumerate(scoring.consistency_pairs):
            keys = [scoring.items.get(first), scoring.items.get(second)]
            if not all(isinstance(k, LikertKey) for k in keys):
                self.scoring_problem(
                    f"consistency_pairs: [{first}, {second}] must both be scored likert "
                    "preference questions",
                    "consistency_pairs",
                    index,
                )

    def check_source(self, title: str, path: tuple[str, ...]) -> None:
        titles = {source.title for source in self.bank.questions_file.sources}
        if title not in titles:
            self.scoring_problem(
                f"{'.'.join(path[:2])}: source title {title!r} is not one of the bank's sources "
                f"({', '.join(repr(t) for t in sorted(titles))})",
                *path,
            )

    def check_dimension_refs(self, dimension_ids: Sequence[str], path: tuple[str, ...]) -> None:
        for dimension_id in dimension_ids:
            dimension = self.bank.dimensions.get(dimension_id)
            if dimension is None:
                self.scoring_problem(
                    f"{'.'.join(path[:2])}: unknown dimension '{dimension_id}' (dimensions: "
                    f"{', '.join(self.bank.dimensions)})",
                    *path,
                )
            elif dimension.shared:
                self.scoring_problem(
                    f"{'.'.join(path[:2])}: '{dimension_id}' is shared and never moves fit; "
                    "reach it with skill questions",
                    *path,
                )

    def check_coverage(self) -> None:
        reached: dict[str, set[str]] = {d: set() for d in self.bank.dimensions}
        for qid, dimension_ids in dimensions_by_question(self.bank).items():
            for dimension_id in dimension_ids:
                reached.setdefault(dimension_id, set()).add(qid)
        for index, dimension in enumerate(self.bank.scoring.dimensions):
            # A fit dimension counts only preferences (skills never move fit); a shared one
            # only skills.
            kind = "skill" if dimension.shared else "preference"
            questions = [
                self.bank.by_id[qid]
                for qid in sorted(reached.get(dimension.id, set()))
                if qid in self.bank.by_id and self.bank.by_id[qid].kind == kind
            ]
            if len(questions) < MIN_QUESTIONS_PER_DIMENSION:
                self.scoring_problem(
                    f"dimension '{dimension.id}' is reached by {len(questions)} {kind} "
                    f"question(s); it needs at least {MIN_QUESTIONS_PER_DIMENSION}",
                    "dimensions",
                    index,
                )
            # The scorer leaves out a fit dimension with fewer answers than this, so the short
            # form must ask that many unconditionally, or it could never score the dimension.
            needed = 1 if dimension.shared else MIN_ANSWERS_PER_DIMENSION
            short = [q for q in questions if q.short and q.when is None]
            if len(short) < needed:
                self.scoring_problem(
                    f"dimension '{dimension.id}' is reached by {len(short)} short-form "
                    f"{kind} question(s) asked to everyone; mark at least {needed} of its "
                    "questions `short: true`",
                    "dimensions",
                    index,
                )


def dimensions_by_question(bank: Bank) -> dict[str, tuple[str, ...]]:
    """The dimensions each scored question reaches (skills: the one they are reported on)."""
    reached = {qid: key.reaches() for qid, key in bank.scoring.items.items()}
    for qid, skill in bank.scoring.skills.items():
        reached[qid] = (skill.dimension,)
    return reached
