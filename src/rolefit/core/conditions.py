"""`when` conditions: data evaluated over earlier answers, never code."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rolefit.core.i18n import ENGLISH, Translator
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


def describe(condition: Condition, tr: Translator = ENGLISH) -> str:
    """The condition in words, for handouts and templates: `led is yes and not ...`; the ids
    stay as they are, the words around them are the reader's."""
    match condition:
        case EqualsCondition(equals=ref):
            # Translators: a condition on an earlier answer; {question} and {answer} are ids.
            return tr.gettext("{question} is {answer}").format(
                question=ref.question, answer=ref.answer
            )
        case InCondition(in_=ref):
            return tr.gettext("{question} is one of {answers}").format(
                question=ref.question, answers=", ".join(ref.answers)
            )
        case NotCondition(not_=inner):
            return tr.gettext("not ({condition})").format(condition=describe(inner, tr))
        case AllCondition(all=inner):
            return tr.gettext(" and ").join(f"({describe(part, tr)})" for part in inner)
        case AnyCondition(any=inner):
            return tr.gettext(" or ").join(f"({describe(part, tr)})" for part in inner)
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
