"""One person's answers: checked against the bank, reduced to what they could have been asked.

`parse_answers` takes a parsed answers document (a file's YAML or JSON, or a web form's
JSON) and returns an `AnswerSheet`, or raises a `DocumentError` located by keys; the edge
that read the document adds the file and the line.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from rolefit.core.bank import Bank
from rolefit.core.conditions import holds
from rolefit.core.i18n import N_
from rolefit.core.items import multi_bounds, options_of
from rolefit.core.models import Answer, Question
from rolefit.core.places import found, shape_of
from rolefit.core.records import record
from rolefit.errors import DocumentError

TOP_LEVEL_KEYS = ("respondent", "bank", "form", "answers")
# The longest name a person may type for themselves, in the quiz or the web app (a file, which
# a facilitator writes, may hold any name: every output shows it safely, cut where it must be).
NAME_LIMIT = 80
# A sheet's warning for an answer it leaves out; marked for the catalog, because the cohort
# report shows it in the reader's words (`render.cohort_words.note_message`).
NOT_REACHED = N_(
    "ignored the answer to '{question}': its condition is not met by the earlier answers"
)


def not_reached(question_id: str) -> str:
    """The warning for an answer left out because its question could not be reached, in
    English (the command line's warning, the note the report's JSON keeps)."""
    return NOT_REACHED.format(question=question_id)


@record
class AnswerSheet:
    """One person's validated answers: only questions of their form that they could reach.

    Build one with `AnswerSheet.of` (or `parse_answers`), which is the one place that decides
    which answers count; the scorer trusts a sheet as it is.
    """

    respondent: str | None
    answers: Mapping[str, Answer]
    short: bool = False
    # The questions whose answers were left out because their condition was not met.
    unreached: tuple[str, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Each answer left out, in words (English: the command line's warnings)."""
        return tuple(not_reached(question) for question in self.unreached)

    @classmethod
    def of(
        cls,
        bank: Bank,
        answers: Mapping[str, Answer],
        respondent: str | None = None,
        *,
        short: bool = False,
    ) -> AnswerSheet:
        in_form = {q.id: answers[q.id] for q in bank.form(short=short) if q.id in answers}
        kept, dropped = keep_reachable(bank, in_form)
        return cls(respondent, kept, short, tuple(dropped))


def parse_answers(data: Any, bank: Bank) -> AnswerSheet:
    """Check an answers document against `bank`; raise DocumentError at the first problem.

    Keys may be of any type YAML gives (text, numbers, dates, null): they are only ever
    compared for equality or turned into text, never sorted against each other.
    """
    if not isinstance(data, dict):
        raise DocumentError(f"expected a mapping with an `answers:` key; found {shape_of(data)}")
    unknown = [key for key in data if not (isinstance(key, str) and key in TOP_LEVEL_KEYS)]
    if unknown:
        raise DocumentError(
            f"unknown top-level key {found(unknown[0])}; expected {', '.join(TOP_LEVEL_KEYS)}",
            (_key_text(unknown[0]),),
        )
    form = data.get("form", "full")
    if not (isinstance(form, str) and form in ("full", "short")):
        raise DocumentError(f"form: expected full or short; found {found(form)}", ("form",))
    respondent = _respondent(data.get("respondent"))
    bank_id = data.get("bank")
    if bank_id is not None and _plain(bank_id) != bank.id:
        raise DocumentError(
            f"answers bank {found(bank_id)}, but the bank in use is '{bank.id}'; pass the "
            "matching --questions and --scoring",
            ("bank",),
        )
    if "answers" not in data:
        raise DocumentError(
            "no `answers:` mapping; `rolefit questions --format template` writes a file to fill in"
        )
    checked = _checked_answers(data["answers"], bank, short=form == "short")
    return AnswerSheet.of(bank, checked, respondent, short=form == "short")


def _respondent(value: Any) -> str | None:
    """The respondent's name: text, or a number taken as text (`respondent: 42`), as
    `tidy_name` keeps it."""
    if value is None:
        return None
    name = (
        _plain(value)
        if isinstance(value, str | int | float) and not isinstance(value, bool)
        else None
    )
    if name is None:
        raise DocumentError(
            f"respondent: expected a name (text); found {_kind(value)}", ("respondent",)
        )
    return tidy_name(name)


def tidy_name(name: str) -> str | None:
    """A name as every output shows it: runs of spaces made one, the ends trimmed; None for a
    name with nothing to see (spaces, zero-width or soft-hyphen characters only).

    The one rule for names from files, the web form and the API alike, so that a name is as
    long as it looks and a blank-looking name reads "no name", not as an empty cell.
    """
    tidy = " ".join(name.split())
    if tidy.isprintable():  # nearly every name: no format character in it
        return tidy or None
    visible = any(c != " " and unicodedata.category(c) != "Cf" for c in tidy)
    return tidy if visible else None


def _plain(value: Any) -> str | None:
    """`str(value)`, or None for an integer too long for Python to print (over 4,300 digits)."""
    try:
        return str(value)
    except ValueError:
        return None


def _key_text(key: Any) -> str:
    """A key as its location names it: the text the file has, as near as Python can tell."""
    text = _plain(key)
    return text if text is not None else found(key)


def _checked_answers(raw_answers: Any, bank: Bank, *, short: bool) -> dict[str, Answer]:
    if raw_answers is None:  # `answers:` with nothing under it: every question skipped
        return {}
    if not isinstance(raw_answers, dict):
        raise DocumentError(
            f"answers: expected a mapping of question id to answer; found {shape_of(raw_answers)}",
            ("answers",),
        )
    checked: dict[str, Answer] = {}
    seen: set[str] = set()
    for key, value in raw_answers.items():
        question_id = _plain(key)
        question = bank.by_id.get(question_id) if question_id is not None else None
        if question is None:
            guess = _closest(question_id, list(bank.by_id)) if question_id is not None else None
            hint = f"did you mean '{guess}'? " if guess else ""
            raise DocumentError(
                f"answers: unknown question id {found(key)}; bank '{bank.id}' has no such "
                f"question ({hint}list them with `rolefit questions`)",
                ("answers", _key_text(key)),
            )
        if question.id in seen:  # `1:` and `"1":` name the same question
            raise DocumentError(
                f"answers: question '{question.id}' is answered twice; keep one of them",
                ("answers", question.id),
            )
        seen.add(question.id)
        if value is None:
            continue
        if short and not question.short:
            raise DocumentError(
                f"{question.id}: is not in the short form, but the file says `form: short`; "
                "remove the answer or the `form` line",
                ("answers", question.id),
            )
        answer, problem = check_answer(question, value, bank)
        if problem is not None or answer is None:
            raise DocumentError(f"{question.id}: {problem}", ("answers", question.id))
        checked[question.id] = answer
    return checked


def keep_reachable(
    bank: Bank, answers: Mapping[str, Answer]
) -> tuple[dict[str, Answer], list[str]]:
    """Drop answers to questions whose `when` does not hold, walking the bank in order; the
    answers kept, and the ids of the questions whose answers were dropped."""
    kept: dict[str, Answer] = {}
    dropped: list[str] = []
    for question in bank.questions:
        if question.id not in answers:
            continue
        if holds(question.when, kept):
            kept[question.id] = answers[question.id]
        else:
            dropped.append(question.id)
    return kept, dropped


def check_answer(question: Question, value: Any, bank: Bank) -> tuple[Answer | None, str | None]:
    """The answer in canonical form, or what is wrong with it (expected ..., found ...)."""
    options = bank.option_ids[question.id]
    if question.type in ("likert", "choice"):
        given = value  # as the file has it, for a message
        if isinstance(value, bool):
            # YAML 1.1 reads a bare yes/no as a boolean; the person meant the option.
            value = "yes" if value else "no"
        if question.type == "likert" and isinstance(value, int) and not isinstance(value, bool):
            if 1 <= value <= len(options):
                return options[value - 1], None
            return None, (
                f"expected 1 to {len(options)} or one of {_listed(options)}; found {found(value)}"
            )
        if not isinstance(value, str):
            return None, f"expected one option id ({_listed(options)}); found {_kind(value)}"
        if value not in options:
            hint = _hint(value, question)
            return None, f"expected one of {_listed(options)}; found {found(given)}{hint}"
        return value, None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, f"expected a list of option ids ({_listed(options)}); found {_kind(value)}"
    unknown = [item for item in value if item not in options]
    if unknown:
        hint = _hint(unknown[0], question)
        return None, f"expected option ids from {_listed(options)}; found {found(unknown[0])}{hint}"
    if len(set(value)) != len(value):
        repeated = next(item for item in value if value.count(item) > 1)
        return None, f"each option may appear once; found {found(repeated)} twice"
    if question.type == "multi":
        low, high = multi_bounds(question)
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


def _listed(options: Sequence[str]) -> str:
    """The options, for a message (joined only then: most answers are valid)."""
    return ", ".join(options)


def _closest(value: str, choices: Sequence[str]) -> str | None:
    """The one choice `value` was most likely meant to be (a typo), if any is close."""
    folded = value.strip().lower()
    exact = [choice for choice in choices if choice.lower() == folded]
    if exact:
        return exact[0]
    close = difflib.get_close_matches(folded, choices, n=1, cutoff=0.75)
    return close[0] if close else None


def _hint(value: str, question: Question) -> str:
    """`; did you mean 'agree'?`, or the id of the option whose text was written instead."""
    choices = options_of(question)
    plain = " ".join(value.split()).casefold().rstrip(".")
    for option in choices:
        if " ".join(option.label.split()).casefold().rstrip(".") == plain:
            return f"; that is the text of option '{option.id}': write its id, {option.id}"
    guess = _closest(value, [option.id for option in choices])
    return f"; did you mean '{guess}'?" if guess else ""


def _between(low: int, high: int) -> str:
    return f"exactly {low}" if low == high else f"{low} to {high}"


def _kind(value: Any) -> str:
    """What a value is, for a message: its shape, or the value itself when it is a scalar."""
    if isinstance(value, list):
        odd = next((item for item in value if not isinstance(item, str)), None)
        return "a list" if odd is None else f"a list holding {found(odd)}, which is no option id"
    if isinstance(value, dict):
        return "a mapping"
    return found(value)
