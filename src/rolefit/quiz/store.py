"""Saved progress, so that no answer is ever lost, and the finished answers file.

One progress file per bank under `$XDG_STATE_HOME/rolefit/` (default `~/.local/state/rolefit/`),
rewritten atomically after every step. It is named from the bank id plus a short hash of the
two bank files' paths, so the bundled bank and a custom bank that reuses its id never share
progress. When the quiz is finished the progress goes and an answers file stays beside it: the
same contract `rolefit score` reads.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from rolefit.core.answers import check_answer
from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, question_order
from rolefit.core.models import Answer, dotted, error_location
from rolefit.errors import InputFileError
from rolefit.files import paths, reading
from rolefit.files.banks import BankFiles
from rolefit.files.writing import write_atomic

STATE_FORMAT = 1
RESTART_HINT = "run `rolefit quiz --restart` to discard it"


def bank_key(bank: Bank, files: BankFiles) -> str:
    """`<bank id>-<8 hex>`: the hash of both bank files' absolute paths."""
    where = f"{files.questions.resolve()}\0{files.scoring.resolve()}"
    return f"{bank.id}-{hashlib.sha256(where.encode()).hexdigest()[:8]}"


def bank_fingerprint(bank: Bank) -> str:
    """Changes whenever the questions change, even if the facilitator forgot the version."""
    text = bank.questions_file.model_dump_json(by_alias=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Settings:
    """How the quiz was started; a resumed quiz keeps them."""

    short: bool = False
    seed: int | None = None
    respondent: str | None = None


@dataclass(frozen=True)
class Saved:
    """Progress read back: the flow to continue, how it was started, and what changed."""

    flow: Flow
    settings: Settings
    saved_at: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Store:
    """Where one bank's progress and finished answers live."""

    progress: Path
    answers: Path

    @classmethod
    def for_bank(cls, bank: Bank, files: BankFiles, folder: Path | None = None) -> Store:
        folder = folder or paths.state_dir()
        key = bank_key(bank, files)
        return cls(folder / f"{key}.progress.json", folder / f"{key}.answers.yaml")

    def save(self, flow: Flow, settings: Settings) -> None:
        _ensure_folder(self.progress.parent)
        saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        document = ProgressDocument.of(flow, settings, saved_at)
        write_atomic(self.progress, document.model_dump_json(indent=2) + "\n", private=True)

    def load(self, bank: Bank) -> Saved | None:
        """The saved progress, or None; damaged progress is an error that says how to discard it."""
        if not self.progress.exists():
            return None
        try:
            data, _ = reading.load(self.progress)
        except InputFileError as error:
            raise InputFileError(
                self.progress, f"saved progress cannot be read ({error.detail}); {RESTART_HINT}"
            ) from None
        try:
            return read_progress(ProgressDocument.model_validate(data), bank)
        except ValidationError as error:
            item = error.errors()[0]
            problem = f"{dotted(error_location(item['loc']))}: {item['msg']}"
        except ValueError as error:
            problem = str(error)
        raise InputFileError(
            self.progress, f"saved progress is damaged ({problem}); {RESTART_HINT}"
        )

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.progress.unlink()

    def keep_answers(self, flow: Flow, respondent: str | None, *, short: bool = False) -> None:
        _ensure_folder(self.answers.parent)
        write_answers(self.answers, flow, respondent, short=short, private=True)


def _ensure_folder(folder: Path) -> None:
    try:
        # 0o700: answers about oneself are nobody else's business on a shared machine.
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise InputFileError(folder, f"cannot create the state folder ({error.strerror})") from None


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
            answers={qid: _plain(answer) for qid, answer in flow.answers.items()},
            skipped=tuple(sorted(flow.skipped)),
            position=flow.position,
            editing=flow.editing,
        )


def read_progress(document: ProgressDocument, bank: Bank) -> Saved:
    """Rebuild the flow from a progress document; ValueError if it belongs to another bank."""
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
        version = f" (version {old} → {bank.version})" if str(old) != bank.version else ""
        notes.append(
            f"The questions changed since your progress was saved{version}; kept "
            f"{len(flow.answers)} of {len(document.answers)} answers, the ones that still apply."
        )
    return Saved(flow, settings, document.saved_at, tuple(notes))


def _plain(answer: Answer | None) -> str | list[str] | None:
    return list(answer) if isinstance(answer, tuple) else answer


def answers_document(flow: Flow, respondent: str | None, *, short: bool = False) -> str:
    """The answers file `rolefit score` reads: skipped questions are listed as null."""
    data: dict[str, Any] = {}
    if respondent:
        data["respondent"] = respondent
    data["bank"] = flow.bank.id
    if short:
        # So that `rolefit score` scores the short form as asked, not as a half-done full one.
        data["form"] = "short"
    data["answers"] = {qid: _plain(a) for qid, a in flow.answers_in_bank_order().items()}
    header = (
        f"# rolefit answers for bank '{flow.bank.id}' (version {flow.bank.version}).\n"
        "# Score them again with: rolefit score THIS_FILE\n"
    )
    # default_flow_style=None: lists of option ids stay on one line, `[a, b]`.
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)
    return header + body


def write_answers(
    path: Path, flow: Flow, respondent: str | None, *, short: bool = False, private: bool = False
) -> None:
    write_atomic(path, answers_document(flow, respondent, short=short), private=private)
