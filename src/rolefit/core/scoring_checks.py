"""The rules about the scoring file against the questions file: every item scores a question
of its shape, every question has its entry, skills and consistency pairs make sense, sources
and dimensions exist, and each dimension is reached by enough questions (docs/bank-format.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from rolefit.core.checker import Checker
from rolefit.core.models import MIN_ANSWERS_PER_DIMENSION, LikertKey, OptionLean, Question
from rolefit.core.places import found

MIN_QUESTIONS_PER_DIMENSION = 3


def check_scoring(checker: Checker) -> None:
    """Every rule about the scoring file, in the order a reader meets its parts."""
    _check_items(checker)
    _check_entries_exist(checker)
    _check_skills(checker)
    _check_pairs(checker)
    _check_coverage(checker)


def _check_items(checker: Checker) -> None:
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
    checker: Checker, question: Question, scored: Mapping[str, OptionLean | Literal["neutral"]]
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


def _check_entries_exist(checker: Checker) -> None:
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


def _check_skills(checker: Checker) -> None:
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


def _check_pairs(checker: Checker) -> None:
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


def _check_source(checker: Checker, title: str, path: tuple[str, ...]) -> None:
    if title not in checker.source_titles:
        checker.scoring_problem(
            f"{'.'.join(path[:2])}: source title {found(title)} is not one of the bank's sources "
            f"({checker.titles_listed()})",
            *path,
        )


def _check_dimension_refs(
    checker: Checker, dimension_ids: Sequence[str], path: tuple[str, ...]
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


def _check_coverage(checker: Checker) -> None:
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
