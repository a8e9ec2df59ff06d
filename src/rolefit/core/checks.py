"""The rules that span a bank's two files (docs/bank-format.md lists them).

Each rule adds `Problem`s located by keys inside one of the two files; the edge that read
the files turns a location into `file:line`. The rules run on the parsed models before any
`Bank` exists, so they look things up in a small index of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rolefit.core.conditions import references
from rolefit.core.items import multi_bounds, options_of
from rolefit.core.models import (
    MIN_ANSWERS_PER_DIMENSION,
    LikertKey,
    OptionLean,
    Question,
    QuestionsFile,
    ScoringFile,
)
from rolefit.core.places import found
from rolefit.core.records import record
from rolefit.errors import Location

MIN_QUESTIONS_PER_DIMENSION = 3


@record
class Problem:
    """One thing wrong with a bank: which file, where in it (keys and indices), and what."""

    file: Literal["questions", "scoring"]
    location: Location
    message: str


@dataclass
class _Checker:
    questions_file: QuestionsFile
    scoring: ScoringFile
    scoring_name: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.questions = [q for s in self.questions_file.sections for q in s.questions]
        self.by_id = {q.id: q for q in self.questions}
        self.option_ids = {q.id: [o.id for o in options_of(q)] for q in self.questions}
        self.source_titles = {source.title for source in self.questions_file.sources}
        self.location: dict[str, Location] = {}
        for si, section in enumerate(self.questions_file.sections):
            for qi, question in enumerate(section.questions):
                self.location.setdefault(question.id, ("sections", si, "questions", qi))

    def question_problem(self, question_id: str, message: str, *path: str | int) -> None:
        location = (*self.location[question_id], *path)
        self.problems.append(Problem("questions", location, f"{question_id}: {message}"))

    def scoring_problem(self, message: str, *path: str | int) -> None:
        self.problems.append(Problem("scoring", tuple(path), message))

    def titles_listed(self) -> str:
        return ", ".join(found(t) for t in sorted(self.source_titles))


def cross_check(
    questions_file: QuestionsFile, scoring: ScoringFile, *, scoring_name: str
) -> list[Problem]:
    """Every problem found between the two files, in the order a reader meets them."""
    checker = _Checker(questions_file, scoring, scoring_name)
    _check_ids(checker)
    earlier: set[str] = set()
    for question in checker.questions:
        _check_question(checker, question)
        _check_condition(checker, question, earlier)
        earlier.add(question.id)
    _check_items(checker)
    _check_entries_exist(checker)
    _check_skills(checker)
    _check_pairs(checker)
    _check_coverage(checker)
    return checker.problems


def _check_ids(checker: _Checker) -> None:
    seen: set[str] = set()
    sections: set[str] = set()
    for si, section in enumerate(checker.questions_file.sections):
        if section.id in sections:
            checker.problems.append(
                Problem(
                    "questions",
                    ("sections", si, "id"),
                    f"{section.id}: duplicate section id; every id must be unique",
                )
            )
        sections.add(section.id)
        for qi, question in enumerate(section.questions):
            if question.id in seen:
                checker.problems.append(
                    Problem(
                        "questions",
                        ("sections", si, "questions", qi, "id"),
                        f"{question.id}: duplicate question id; every id must be unique",
                    )
                )
            seen.add(question.id)
    dimension_ids = [d.id for d in checker.scoring.dimensions]
    for index, dimension_id in enumerate(dimension_ids):
        if dimension_id in dimension_ids[:index]:
            checker.scoring_problem(
                f"{dimension_id}: duplicate dimension id", "dimensions", index, "id"
            )


def _check_question(checker: _Checker, question: Question) -> None:
    """The rules about one question on its own: options, min and max, kind, source."""
    qid = question.id
    option_ids = [o.id for o in question.options]
    if question.type == "likert" and question.options:
        checker.question_problem(qid, "likert questions take no options", "options")
    if question.type != "likert" and len(option_ids) < 2:
        checker.question_problem(
            qid, f"a {question.type} question needs at least 2 options", "options"
        )
    for index, option_id in enumerate(option_ids):
        if option_id in option_ids[:index]:
            checker.question_problem(
                qid, f"duplicate option id '{option_id}'", "options", index, "id"
            )
    if question.type == "multi":
        low, high = multi_bounds(question)
        if not low <= high <= len(option_ids):
            checker.question_problem(
                qid,
                f"needs min <= max <= {len(option_ids)} options; found min {low}, max {high}",
                "max",
            )
    elif question.min is not None or question.max is not None:
        checker.question_problem(qid, "min and max apply to multi questions only", "min")
    if question.kind == "skill" and question.type != "likert":
        checker.question_problem(qid, "skill questions must be likert", "type")
    if question.source.title not in checker.source_titles:
        checker.question_problem(
            qid,
            f"source title {found(question.source.title)} is not one of the bank's sources "
            f"({checker.titles_listed()})",
            "source",
        )


def _check_condition(checker: _Checker, question: Question, earlier: set[str]) -> None:
    """A `when` names earlier questions and their options, inside the form it is asked in."""
    qid = question.id
    outside_short_form: set[str] = set()
    for ref_id, ref_options in references(question.when):
        if ref_id not in earlier:
            where = "a later question" if ref_id in checker.by_id else "no question"
            checker.question_problem(
                qid,
                f"`when` names '{ref_id}', which is {where}; conditions may only "
                "name earlier questions",
                "when",
            )
            continue
        outside = question.short and not checker.by_id[ref_id].short
        if outside and ref_id not in outside_short_form:  # once, if named twice
            outside_short_form.add(ref_id)
            checker.question_problem(
                qid,
                f"is in the short form, but its `when` names '{ref_id}', which the "
                f"short form never asks; mark '{ref_id}' `short: true` too, or take "
                "this question out of the short form",
                "when",
            )
        known = checker.option_ids[ref_id]
        for option in ref_options:
            if option not in known:
                checker.question_problem(
                    qid,
                    f"`when` names option '{option}' of '{ref_id}', which has only "
                    f"{', '.join(known)}",
                    "when",
                )


def _check_items(checker: _Checker) -> None:
    """Each entry under `items` scores a preference question of the matching shape."""
    for qid, key in checker.scoring.items.items():
        question = checker.by_id.get(qid)
        if question is None:
            checker.scoring_problem(f"items: '{qid}' is not a question in the bank", "items", qid)
        elif question.kind != "preference":
            checker.scoring_problem(
                f"items: '{qid}' is a skill question; list it under `skills`", "items", qid
            )
        elif isinstance(key, LikertKey):
            if key.source is not None:
                _check_source(checker, key.source.title, ("items", qid, "source"))
            if question.type != "likert":
                checker.scoring_problem(
                    f"items: '{qid}' is a {question.type} question; score each option "
                    "under `options`",
                    "items",
                    qid,
                )
            _check_dimension_refs(checker, key.dimensions, ("items", qid, "dimensions"))
        elif question.type == "likert":
            checker.scoring_problem(
                f"items: '{qid}' is likert; give `keyed`, `dimensions` and `because`",
                "items",
                qid,
            )
        else:
            _check_options_scored(checker, question, key.options)


def _check_options_scored(
    checker: _Checker, question: Question, scored: Mapping[str, OptionLean | Literal["neutral"]]
) -> None:
    qid = question.id
    option_ids = [o.id for o in question.options]
    for option_id, lean in scored.items():
        if isinstance(lean, OptionLean) and lean.source is not None:
            path = ("items", qid, "options", option_id, "source")
            _check_source(checker, lean.source.title, path)
        if option_id not in option_ids:
            checker.scoring_problem(
                f"items: '{qid}' has no option '{option_id}' (options: {', '.join(option_ids)})",
                "items",
                qid,
                "options",
                option_id,
            )
        elif isinstance(lean, OptionLean):
            path = ("items", qid, "options", option_id, "lean")
            _check_dimension_refs(checker, tuple(lean.lean), path)
    for option_id in option_ids:
        if option_id not in scored:
            checker.scoring_problem(
                f"items: '{qid}' option '{option_id}' is not scored; give it a `lean` "
                "or mark it `neutral`",
                "items",
                qid,
            )


def _check_entries_exist(checker: _Checker) -> None:
    """Every question has its entry in the scoring file, under the heading of its kind."""
    for question in checker.questions:
        if question.kind == "preference" and question.id not in checker.scoring.items:
            checker.question_problem(
                question.id,
                f"preference question has no entry under `items` in {checker.scoring_name}",
            )
        if question.kind == "skill" and question.id not in checker.scoring.skills:
            checker.question_problem(
                question.id,
                f"skill question has no entry under `skills` in {checker.scoring_name}",
            )


def _check_skills(checker: _Checker) -> None:
    dimension_ids = {d.id for d in checker.scoring.dimensions}
    for qid, skill in checker.scoring.skills.items():
        question = checker.by_id.get(qid)
        if question is None or question.kind != "skill":
            what = "not a question" if question is None else "not a skill question"
            checker.scoring_problem(f"skills: '{qid}' is {what} in the bank", "skills", qid)
        if skill.dimension not in dimension_ids:
            checker.scoring_problem(
                f"skills: '{qid}' names unknown dimension '{skill.dimension}'",
                "skills",
                qid,
                "dimension",
            )
        for role in skill.roles:
            if role not in skill.grow:
                checker.scoring_problem(
                    f"skills: '{qid}' needs `grow` text for the {role} role",
                    "skills",
                    qid,
                    "grow",
                )


def _check_pairs(checker: _Checker) -> None:
    """A pair is two statements that say opposite things on a dimension they share: the
    contradiction flag fires when both are answered alike (flags._contradictions)."""
    items = checker.scoring.items
    for index, (first, second) in enumerate(checker.scoring.consistency_pairs):
        pair = f"consistency_pairs: [{first}, {second}]"
        a, b = items.get(first), items.get(second)
        if not (isinstance(a, LikertKey) and isinstance(b, LikertKey)):
            problem = f"{pair} must both be scored likert preference questions"
        elif first == second:
            problem = f"{pair} names one statement twice; pair two that say opposite things"
        elif a.keyed == b.keyed:
            problem = (
                f"{pair} are both keyed toward {a.keyed}; a pair is keyed opposite ways, so "
                "that agreeing with both is the contradiction"
            )
        elif not set(a.dimensions) & set(b.dimensions):
            problem = f"{pair} share no dimension; pair statements about the same one"
        else:
            continue
        checker.scoring_problem(problem, "consistency_pairs", index)


def _check_source(checker: _Checker, title: str, path: tuple[str, ...]) -> None:
    if title not in checker.source_titles:
        checker.scoring_problem(
            f"{'.'.join(path[:2])}: source title {found(title)} is not one of the bank's sources "
            f"({checker.titles_listed()})",
            *path,
        )


def _check_dimension_refs(
    checker: _Checker, dimension_ids: Sequence[str], path: tuple[str, ...]
) -> None:
    dimensions = {d.id: d for d in checker.scoring.dimensions}
    for index, dimension_id in enumerate(dimension_ids):
        dimension = dimensions.get(dimension_id)
        if dimension_id in dimension_ids[:index]:  # it would count twice for this question
            checker.scoring_problem(
                f"{'.'.join(path[:2])}: dimension '{dimension_id}' is listed twice; name it once",
                *path,
            )
        elif dimension is None:
            checker.scoring_problem(
                f"{'.'.join(path[:2])}: unknown dimension '{dimension_id}' (dimensions: "
                f"{', '.join(dimensions)})",
                *path,
            )
        elif dimension.shared:
            checker.scoring_problem(
                f"{'.'.join(path[:2])}: '{dimension_id}' is shared and never moves fit; "
                "reach it with skill questions",
                *path,
            )


def _check_coverage(checker: _Checker) -> None:
    """Each dimension is reached by enough questions, and the short form can score it."""
    reached: dict[str, set[str]] = {d.id: set() for d in checker.scoring.dimensions}
    for qid, key in checker.scoring.items.items():
        for dimension_id in key.reaches():
            reached.setdefault(dimension_id, set()).add(qid)
    for qid, skill in checker.scoring.skills.items():
        reached.setdefault(skill.dimension, set()).add(qid)
    for index, dimension in enumerate(checker.scoring.dimensions):
        # A fit dimension counts only preferences (skills never move fit); a shared one
        # only skills.
        kind = "skill" if dimension.shared else "preference"
        questions = [
            checker.by_id[qid]
            for qid in sorted(reached.get(dimension.id, set()))
            if qid in checker.by_id and checker.by_id[qid].kind == kind
        ]
        if len(questions) < MIN_QUESTIONS_PER_DIMENSION:
            checker.scoring_problem(
                f"dimension '{dimension.id}' is reached by {len(questions)} {kind} "
                f"{_questions(len(questions))}; it needs at least {MIN_QUESTIONS_PER_DIMENSION}",
                "dimensions",
                index,
            )
        # The scorer leaves out a fit dimension with fewer answers than this, so the short
        # form must ask that many unconditionally, or it could never score the dimension.
        needed = 1 if dimension.shared else MIN_ANSWERS_PER_DIMENSION
        short = [q for q in questions if q.short and q.when is None]
        if len(short) < needed:
            checker.scoring_problem(
                f"dimension '{dimension.id}' is reached by {len(short)} short-form "
                f"{kind} {_questions(len(short))} asked to everyone; mark at least {needed} of its "
                "questions `short: true`",
                "dimensions",
                index,
            )


def _questions(count: int) -> str:
    return "question" if count == 1 else "questions"
