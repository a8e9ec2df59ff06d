"""The rules that span a bank's two files (docs/bank-format.md lists them).

Each rule adds a `Problem` located by keys inside one of the two files; the edge that read
the files turns a location into `file:line`. `cross_check` runs them all: those about the
questions here (unique ids, each question's options and source, conditions that name earlier
questions), then those about the scoring file (core.scoring_checks), over one `Checker`.
"""

from __future__ import annotations

from rolefit.core.checker import Checker, Problem
from rolefit.core.conditions import references
from rolefit.core.items import multi_bounds
from rolefit.core.models import Question, QuestionsFile, ScoringFile
from rolefit.core.places import found
from rolefit.core.scoring_checks import check_scoring


def cross_check(
    questions_file: QuestionsFile, scoring: ScoringFile, *, scoring_name: str
) -> list[Problem]:
    """Every problem found between the two files, in the order a reader meets them."""
    checker = Checker(questions_file, scoring, scoring_name)
    _check_ids(checker)
    earlier: set[str] = set()
    for question in checker.questions:
        _check_question(checker, question)
        _check_condition(checker, question, earlier)
        earlier.add(question.id)
    check_scoring(checker)
    return checker.problems


def _check_ids(checker: Checker) -> None:
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


def _check_question(checker: Checker, question: Question) -> None:
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


def _check_condition(checker: Checker, question: Question, earlier: set[str]) -> None:
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
