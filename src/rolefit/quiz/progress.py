"""The progress file of a quiz: what `Store.save` writes after every step, and reads back.

A pydantic `ProgressDocument` (format 1) holds how the quiz was started, the order asked and
the answers so far; `read_progress` rebuilds the flow from it against the bank as it is now.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from rolefit.core.answers import check_answer
from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, question_order
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.models import Answer
from rolefit.core.records import record

STATE_FORMAT = 1


def bank_fingerprint(bank: Bank) -> str:
    """Changes whenever the questions change, even if the facilitator forgot the version; the
    same in every language, so a quiz saved in German resumes in English as it was."""
    text = bank.english.questions_file.model_dump_json(by_alias=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@record
class Settings:
    """How the quiz was started; a resumed quiz keeps them."""

    short: bool = False
    seed: int | None = None
    respondent: str | None = None


@record
class Saved:
    """Progress read back: the flow to continue, how it was started, and what changed."""

    flow: Flow
    settings: Settings
    saved_at: str
    notes: tuple[str, ...] = ()


class SavedBank(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    version: str | int | None = None
    fingerprint: str | None = None


class ProgressDocument(BaseModel):
    """The progress file: how the quiz was started, the order asked, the answers so far.

    Answers are kept as written and checked against the bank when read back, so that a bank
    changed since loses only the answers that no longer fit.
    """

    model_config = ConfigDict(frozen=True)

    format: Literal[1]
    bank: SavedBank
    saved_at: str = ""
    short: bool = False
    seed: int | None = None
    respondent: str | None = None
    order: tuple[str, ...]
    answers: dict[str, Any]
    skipped: tuple[str, ...] = ()
    position: str | None = None
    editing: bool = False

    @classmethod
    def of(cls, flow: Flow, settings: Settings, saved_at: str) -> ProgressDocument:
        bank = flow.bank
        return cls(
            format=STATE_FORMAT,
            bank=SavedBank(id=bank.id, version=bank.version, fingerprint=bank_fingerprint(bank)),
            saved_at=saved_at,
            short=settings.short,
            seed=settings.seed,
            respondent=settings.respondent,
            order=flow.order,
            answers={qid: plain(answer) for qid, answer in flow.answers.items()},
            skipped=tuple(sorted(flow.skipped)),
            position=flow.position,
            editing=flow.editing,
        )


def read_progress(document: ProgressDocument, bank: Bank, tr: Translator = ENGLISH) -> Saved:
    """Rebuild the flow from a progress document; ValueError if it belongs to another bank.
    Its notes for the person are in `tr`'s language."""
    if document.bank.id != bank.id:
        raise ValueError(f"it belongs to bank {document.bank.id!r}, not {bank.id!r}")
    settings = Settings(short=document.short, seed=document.seed, respondent=document.respondent)
    answers: dict[str, Answer] = {}
    for qid, value in document.answers.items():
        question = bank.by_id.get(qid)
        if question is None:
            continue
        answer, problem = check_answer(question, value, bank)
        if problem is None and answer is not None:
            answers[qid] = answer
    order, position = list(document.order), document.position
    changed = document.bank.fingerprint != bank_fingerprint(bank)
    if changed:
        # New questions may have been added: ask the bank's current order, same options, and
        # go on from the first question that needs an answer, which may be one just dropped.
        order = list(question_order(bank, short=settings.short, seed=settings.seed))
        position = None
    flow = Flow.restore(bank, order, answers, document.skipped, position, document.editing)
    notes: list[str] = []
    if changed or len(flow.answers) < len(document.answers):
        old = document.bank.version
        if str(old) != bank.version:
            note = tr.ngettext(
                "The questions changed since your progress was saved (version {old} → {new}); "
                "kept {kept} of {saved} answer, the ones that still apply.",
                "The questions changed since your progress was saved (version {old} → {new}); "
                "kept {kept} of {saved} answers, the ones that still apply.",
                len(document.answers),
            )
        else:
            note = tr.ngettext(
                "The questions changed since your progress was saved; kept {kept} of {saved} "
                "answer, the ones that still apply.",
                "The questions changed since your progress was saved; kept {kept} of {saved} "
                "answers, the ones that still apply.",
                len(document.answers),
            )
        notes.append(
            note.format(
                old=old, new=bank.version, kept=len(flow.answers), saved=len(document.answers)
            )
        )
    return Saved(flow, settings, document.saved_at, tuple(notes))


def plain(answer: Answer | None) -> str | list[str] | None:
    return list(answer) if isinstance(answer, tuple) else answer
