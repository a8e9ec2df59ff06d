"""`when` conditions: data evaluated over earlier answers, never code."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rolefit.core.models import (
    AllCondition,
    Answer,
    AnyCondition,
    Condition,
    EqualsCondition,
    InCondition,
    NotCondition,
)


def holds(condition: Condition | None, answers: Mapping[str, Answer]) -> bool:
    """Whether `condition` is met; a condition on an unanswered question is not met."""
    match condition:
        case None:
            return True
        case EqualsCondition(equals=ref):
            return _picked(answers.get(ref.question), ref.answer)
        case InCondition(in_=ref):
            return any(_picked(answers.get(ref.question), option) for option in ref.answers)
        case NotCondition(not_=inner):
            return not holds(inner, answers)
        case AllCondition(all=inner):
            return all(holds(part, answers) for part in inner)
        case AnyCondition(any=inner):
            return any(holds(part, answers) for part in inner)
    raise AssertionError(f"unknown condition {condition!r}")


def _picked(answer: Answer | None, option: str) -> bool:
    if answer is None:
        return False
    if isinstance(answer, str):
        return answer == option
    return option in answer  # multi: the option is among those picked


def describe(condition: Condition) -> str:
    """The condition in words, for handouts and templates: `led is yes and not ...`."""
    match condition:
        case EqualsCondition(equals=ref):
            return f"{ref.question} is {ref.answer}"
        case InCondition(in_=ref):
            return f"{ref.question} is one of {', '.join(ref.answers)}"
        case NotCondition(not_=inner):
            return f"not ({describe(inner)})"
        case AllCondition(all=inner):
            return " and ".join(f"({describe(part)})" for part in inner)
        case AnyCondition(any=inner):
            return " or ".join(f"({describe(part)})" for part in inner)
    raise AssertionError(f"unknown condition {condition!r}")


def references(condition: Condition | None) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every (question id, option ids) a condition looks at, for validation."""
    match condition:
        case None:
            return
        case EqualsCondition(equals=ref):
            yield ref.question, (ref.answer,)
        case InCondition(in_=ref):
            yield ref.question, ref.answers
        case NotCondition(not_=inner):
            yield from references(inner)
        case AllCondition(all=inner) | AnyCondition(any=inner):
            for part in inner:
                yield from references(part)
