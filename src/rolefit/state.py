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
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from rolefit import yamlio
from rolefit.answers import check_answer
from rolefit.bank import Bank
from rolefit.errors import InputFileError
from rolefit.flow import Flow, question_order
from rolefit.models import Answer
from rolefit.output import write_atomic

STATE_FORMAT = 1
RESTART_HINT = "run `rolefit quiz --restart` to discard it"


def state_dir() -> Path:
    """`$XDG_STATE_HOME/rolefit`, or `~/.local/state/rolefit` when that is unset or relative.

    The XDG spec says a relative value is invalid and must be ignored.
    """
    configured = os.environ.get("XDG_STATE_HOME", "")
    base = Path(configured) if os.path.isabs(configured) else Path.home() / ".local" / "state"
    return base / "rolefit"


def bank_key(bank: Bank) -> str:
    """`<bank id>-<8 hex>`: the hash of both bank files' absolute paths."""
    paths = f"{bank.questions_path.resolve()}\0{bank.scoring_path.resolve()}"
    return f"{bank.id}-{hashlib.sha256(paths.encode()).hexdigest()[:8]}"


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
    def for_bank(cls, bank: Bank, folder: Path | None = None) -> Store:
        folder = folder or state_dir()
        key = bank_key(bank)
        return cls(folder / f"{key}.progress.json", folder / f"{key}.answers.yaml")

    def save(self, flow: Flow, settings: Settings) -> None:
        _ensure_folder(self.progress.parent)
        document = json.dumps(progress_document(flow, settings), indent=2, ensure_ascii=False)
        write_atomic(self.progress, document + "\n", private=True)

    def load(self, bank: Bank) -> Saved | None:
        """The saved progress, or None; damaged progress is an error that says how to discard it."""
        if not self.progress.exists():
            return None
        try:
            data, _ = yamlio.load(self.progress)
        except InputFileError as error:
            raise InputFileError(
                self.progress, f"saved progress cannot be read ({error.detail}); {RESTART_HINT}"
            ) from None
        try:
            return read_progress(data, bank)
        except KeyError as error:
            problem = f"no {error.args[0]!r} entry"
        except (TypeError, ValueError) as error:
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


def progress_document(flow: Flow, settings: Settings) -> dict[str, Any]:
    return {
        "format": STATE_FORMAT,
        "bank": {
            "id": flow.bank.id,
            "version": flow.bank.version,
            "fingerprint": bank_fingerprint(flow.bank),
        },
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "short": settings.short,
        "seed": settings.seed,
        "respondent": settings.respondent,
        "order": list(flow.order),
        "answers": {qid: _plain(answer) for qid, answer in flow.answers.items()},
        "skipped": sorted(flow.skipped),
        "position": flow.position,
        "editing": flow.editing,
    }


def read_progress(data: Any, bank: Bank) -> Saved:
    """Rebuild the flow from a progress document; raise KeyError/TypeError/ValueError if bad."""
    if not isinstance(data, dict):
        raise TypeError("expected a JSON object")
    if data.get("format") != STATE_FORMAT:
        raise ValueError(f"unknown format {data.get('format')!r}")
    saved_bank = _typed(data["bank"], dict, "bank")
    if saved_bank.get("id") != bank.id:
        raise ValueError(f"it belongs to bank {saved_bank.get('id')!r}, not {bank.id!r}")
    seed = data.get("seed")
    respondent = data.get("respondent")
    settings = Settings(
        short=bool(data.get("short", False)),
        seed=_typed(seed, int, "seed") if seed is not None else None,
        respondent=_typed(respondent, str, "respondent") if respondent is not None else None,
    )
    raw_answers = _typed(data["answers"], dict, "answers")
    order = [_typed(qid, str, "order") for qid in _typed(data["order"], list, "order")]
    skipped = [
        _typed(qid, str, "skipped") for qid in _typed(data.get("skipped", []), list, "skipped")
    ]
    position = data.get("position")
    position = _typed(position, str, "position") if position is not None else None

    answers: dict[str, Answer] = {}
    for qid, value in raw_answers.items():
        question = bank.by_id.get(qid)
        if question is None:
            continue
        answer, problem = check_answer(question, value, bank)
        if problem is None and answer is not None:
            answers[qid] = answer

    changed = saved_bank.get("fingerprint") != bank_fingerprint(bank)
    if changed:
        # New questions may have been added: ask the bank's current order, same options, and
        # go on from the first question that needs an answer, which may be one just dropped.
        order = list(question_order(bank, short=settings.short, seed=settings.seed))
        position = None
    flow = Flow.restore(bank, order, answers, skipped, position, bool(data.get("editing")))
    notes: list[str] = []
    if changed or len(flow.answers) < len(raw_answers):
        old_version = saved_bank.get("version")
        version = (
            f" (version {old_version} → {bank.version})" if str(old_version) != bank.version else ""
        )
        notes.append(
            f"The questions changed since your progress was saved{version}; kept "
            f"{len(flow.answers)} of {len(raw_answers)} answers, the ones that still apply."
        )
    saved_at = data.get("saved_at")
    return Saved(flow, settings, str(saved_at) if saved_at else "", tuple(notes))


def _typed(value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"{what}: expected {kind.__name__}, found {type(value).__name__}")
    return value


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
