"""Reading an answers file and checking every answer against the bank."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rolefit import yamlio
from rolefit.bank import Bank
from rolefit.conditions import holds
from rolefit.errors import InputFileError
from rolefit.models import Answer, Question


@dataclass(frozen=True)
class AnswerSheet:
    """One person's validated answers: only the questions they could reach, in bank order."""

    source: str
    respondent: str | None
    answers: Mapping[str, Answer]
    warnings: tuple[str, ...] = ()
    short: bool = False


def read_answers(path: Path, bank: Bank) -> AnswerSheet:
    """Read `path` ("-" for standard input) and check it against `bank`."""
    if str(path) == "-":
        raw = sys.stdin.buffer.read(yamlio.MAX_FILE_BYTES + 1)
        text = yamlio.decode(raw, "<stdin>")
        return parse_answers(yamlio.parse(text, "<stdin>"), text, "<stdin>", bank)
    data, text = yamlio.load(path)
    return parse_answers(data, text, str(path), bank)


def parse_answers(data: Any, text: str, source: str, bank: Bank) -> AnswerSheet:
    def fail(message: str, *location: str | int) -> InputFileError:
        line = yamlio.line_of(text, location) if location else None
        return InputFileError(source, message, line=line)

    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        raise fail(f"expected a mapping with an `answers:` key; found {found}")
    unknown_keys = sorted(set(data) - {"respondent", "bank", "form", "answers"})
    if unknown_keys:
        raise fail(
            f"unknown top-level key {unknown_keys[0]!r}; expected respondent, bank, form, answers",
            str(unknown_keys[0]),
        )
    form = data.get("form", "full")
    if form not in ("full", "short"):
        raise fail(f"form: expected full or short; found {form!r}", "form")
    short = form == "short"
    respondent = data.get("respondent")
    if respondent is not None and not isinstance(respondent, str | int):
        raise fail("respondent: expected a name (text)", "respondent")
    bank_id = data.get("bank")
    if bank_id is not None and str(bank_id) != bank.id:
        raise fail(
            f"answers bank '{bank_id}', but the bank in use is '{bank.id}'; pass the matching "
            "--questions and --scoring",
            "bank",
        )
    if "answers" not in data:
        raise fail(
            "no `answers:` mapping; `rolefit questions --format template` writes a file to fill in"
        )
    raw_answers = data["answers"]
    if raw_answers is None:  # `answers:` with nothing under it: every question skipped
        raw_answers = {}
    if not isinstance(raw_answers, dict):
        raise fail(
            f"answers: expected a mapping of question id to answer; found "
            f"{type(raw_answers).__name__}",
            "answers",
        )
    checked: dict[str, Answer] = {}
    for question_id, value in raw_answers.items():
        question = bank.by_id.get(str(question_id))
        if question is None:
            raise fail(
                f"answers: unknown question id '{question_id}'; bank '{bank.id}' has no such "
                "question (list them with `rolefit questions`)",
                "answers",
                str(question_id),
            )
        if value is None:
            continue
        if short and not question.short:
            raise fail(
                f"{question.id}: is not in the short form, but the file says `form: short`; "
                "remove the answer or the `form` line",
                "answers",
                question.id,
            )
        answer, problem = check_answer(question, value, bank)
        if problem is not None:
            raise fail(f"{question.id}: {problem}", "answers", question.id)
        assert answer is not None
        checked[question.id] = answer
    reachable, warnings = keep_reachable(bank, checked)
    notes = tuple(f"{source}: {warning}" for warning in warnings)
    name = None if respondent is None else str(respondent)
    return AnswerSheet(
        source=source, respondent=name, answers=reachable, warnings=notes, short=short
    )


def keep_reachable(
    bank: Bank, answers: Mapping[str, Answer]
) -> tuple[dict[str, Answer], list[str]]:
    """Drop answers to questions whose `when` does not hold, walking the bank in order."""
    kept: dict[str, Answer] = {}
    dropped: list[str] = []
    for question in bank.questions:
        if question.id not in answers:
            continue
        if holds(question.when, kept):
            kept[question.id] = answers[question.id]
        else:
            dropped.append(
                f"ignored the answer to '{question.id}': its condition is not met by the "
                "earlier answers"
            )
    return kept, dropped


def check_answer(question: Question, value: Any, bank: Bank) -> tuple[Answer | None, str | None]:
    """The answer in canonical form, or what is wrong with it (expected ..., found ...)."""
    options = bank.option_ids[question.id]
    listed = ", ".join(options)
    if question.type in ("likert", "choice"):
        if isinstance(value, bool):
            # YAML 1.1 reads a bare yes/no as a boolean; the person meant the option.
            value = "yes" if value else "no"
        if question.type == "likert" and isinstance(value, int) and not isinstance(value, bool):
            if 1 <= value <= len(options):
                return options[value - 1], None
            return None, f"expected 1 to {len(options)} or one of {listed}; found {value}"
        if not isinstance(value, str):
            return None, f"expected one option id ({listed}); found {_kind(value)}"
        if value not in options:
            return None, f"expected one of {listed}; found '{value}'"
        return value, None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, f"expected a list of option ids ({listed}); found {_kind(value)}"
    unknown = [item for item in value if item not in options]
    if unknown:
        return None, f"expected option ids from {listed}; found '{unknown[0]}'"
    if len(set(value)) != len(value):
        repeated = next(item for item in value if value.count(item) > 1)
        return None, f"each option may appear once; found '{repeated}' twice"
    if question.type == "multi":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else len(options)
        if not low <= len(value) <= high:
            return None, f"expected {_between(low, high)} options; found {len(value)}"
        return tuple(value), None
    if len(value) != len(options):
        missing = [option for option in options if option not in value]
        return None, (
            f"expected all {len(options)} options in order, most preferred first; "
            f"missing {', '.join(missing)}"
        )
    return tuple(value), None


def _between(low: int, high: int) -> str:
    return f"exactly {low}" if low == high else f"{low} to {high}"


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
