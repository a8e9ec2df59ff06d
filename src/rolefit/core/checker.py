"""What the rules spanning a bank's two files work with: the `Problem` each finds, and the
`Checker`, a small index of the two parsed files that every rule looks things up in and
reports its problems to (the rules run before any `Bank` exists)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rolefit.core.items import options_of
from rolefit.core.models import QuestionsFile, ScoringFile
from rolefit.core.places import found
from rolefit.core.records import record
from rolefit.errors import Location


@record
class Problem:
    """One thing wrong with a bank: which file, where in it (keys and indices), and what."""

    file: Literal["questions", "scoring"]
    location: Location
    message: str


@dataclass
class Checker:
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
