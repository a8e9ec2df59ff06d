"""Saved progress, so that no answer is ever lost, and the finished answers files.

Everything lives in `$XDG_STATE_HOME/rolefit/` (default `~/.local/state/rolefit/`, mode 0700).
A bank's files are named from its key: the bank id plus a short hash of the two bank files'
paths, so the bundled bank and a custom bank that reuses its id never share anything. A quiz
started with `--session NAME` adds `.NAME`, so two people on one laptop each keep their own:

- `KEY[.SESSION].progress.json`: the progress, rewritten atomically after every step;
- `KEY[.SESSION].lock`: held (flock) by the running quiz for its whole length, so a second
  quiz on the same bank and session is refused instead of mixing answers; it records the pid
  and start time for that message. The system drops the lock when the process ends, even on
  `kill -9`; the file itself stays, since deleting a lock file that someone may be opening
  would let two quizzes hold two different locks;
- `KEY[.SESSION].YYYYMMDD-HHMMSS[-NAME].answers.yaml`: one per finished quiz, never replaced
  (`-2`, `-3`... when the name is taken): the same contract `rolefit score` reads.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rolefit.core.bank import Bank
from rolefit.core.flow import Flow
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.places import dotted, error_location
from rolefit.core.records import record
from rolefit.core.text import name_slug, shown
from rolefit.errors import ExitCode, FileSystemError, InputFileError, RolefitError
from rolefit.files import locks, paths, reading
from rolefit.files.banks import BankFiles
from rolefit.files.output import emit
from rolefit.files.paths import command_name
from rolefit.files.writing import write_atomic, write_new
from rolefit.quiz.progress import ProgressDocument, Saved, Settings, plain, read_progress

RESTART_HINT = "run `{rolefit} quiz --restart` to discard it"


def restart_hint() -> str:
    return RESTART_HINT.format(rolefit=command_name())


SESSION_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
# How long a refused quiz waits for the running one to finish writing who it is: it writes
# right after taking the lock, so only a start at the very same moment ever waits.
HOLDER_WAIT = 0.5


class QuizBusyError(RolefitError):
    """Another quiz holds this bank's (and session's) lock: a runtime refusal, exit 1."""

    exit_code = ExitCode.FAILED


def check_session(name: str) -> str:
    """`name` if it can name a session (and so a file); a usage error that says why if not."""
    if SESSION_NAME.fullmatch(name) is None:
        raise RolefitError(
            f"--session: '{shown(name, 60)}' is not a session name; use 1 to 40 letters, "
            "digits, '-' or '_' (for example --session sam)"
        )
    return name


def bank_key(bank: Bank, files: BankFiles) -> str:
    """`<bank id>-<8 hex>`: the hash of both bank files' absolute paths."""
    where = f"{files.questions.resolve()}\0{files.scoring.resolve()}"
    return f"{bank.id}-{hashlib.sha256(where.encode()).hexdigest()[:8]}"


@record
class Store:
    """Where one bank's (and session's) progress, lock and finished answers live."""

    folder: Path
    key: str
    session: str | None = None

    @classmethod
    def for_bank(
        cls,
        bank: Bank,
        files: BankFiles,
        folder: Path | None = None,
        session: str | None = None,
    ) -> Store:
        key = bank_key(bank, files)
        checked = check_session(session) if session is not None else None
        return cls(folder or paths.state_dir(), key, checked)

    @property
    def stem(self) -> str:
        """`KEY` or `KEY.SESSION`: what every file of this bank and session starts with."""
        return self.key if self.session is None else f"{self.key}.{self.session}"

    @property
    def progress(self) -> Path:
        return self.folder / f"{self.stem}.progress.json"

    @property
    def lock_file(self) -> Path:
        return self.folder / f"{self.stem}.lock"

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Hold this bank's (and session's) lock while the block runs; QuizBusyError if taken.

        flock on a file that is never deleted: the system releases it when the holder ends,
        however it ends, so a lock is never left stale.
        """
        _ensure_folder(self.folder)
        with locks.held(self.lock_file, purpose="saved progress", busy=self._busy):
            yield

    def _busy(self, descriptor: int) -> QuizBusyError:
        where = "this bank" if self.session is None else f"this bank in session {self.session}"
        holder = locks.holder(descriptor)
        deadline = time.monotonic() + HOLDER_WAIT
        while holder is None and time.monotonic() < deadline:
            time.sleep(0.02)
            holder = locks.holder(descriptor)
        started = ""
        if holder is not None:
            pid, since = holder
            started = f" (started {since.astimezone().strftime('%H:%M')} by pid {pid})"
        return QuizBusyError(
            f"another rolefit quiz is running on {where}{started}; finish it, or start a "
            "separate one with --session NAME"
        )

    def save(self, flow: Flow, settings: Settings) -> None:
        _ensure_folder(self.progress.parent)
        saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        document = ProgressDocument.of(flow, settings, saved_at)
        write_atomic(
            self.progress,
            document.model_dump_json(indent=2) + "\n",
            private=True,
            rewrites_input=True,  # the progress read when the quiz resumed
        )

    def load(self, bank: Bank, tr: Translator = ENGLISH) -> Saved | None:
        """The saved progress, or None; damaged progress is an error that says how to discard it.
        Notes for the person (questions that changed) are in `tr`'s language."""
        if not self.progress.exists():
            return None
        try:
            data, _ = reading.load(self.progress)
        except InputFileError as error:
            raise InputFileError(
                self.progress,
                f"saved progress cannot be read ({error.detail}); {restart_hint()}",
            ) from None
        try:
            return read_progress(ProgressDocument.model_validate(data), bank, tr)
        except ValidationError as error:
            item = error.errors()[0]
            problem = f"{dotted(error_location(item['loc']))}: {item['msg']}"
        except ValueError as error:
            problem = str(error)
        raise InputFileError(
            self.progress,
            f"saved progress is damaged ({problem}); {restart_hint()}",
        )

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.progress.unlink()

    def keep_answers(
        self,
        flow: Flow,
        respondent: str | None,
        *,
        short: bool = False,
        now: datetime | None = None,
        score_with: str = "",
    ) -> Path:
        """Write the finished answers under a name of their own; the path written.

        `KEY[.SESSION].YYYYMMDD-HHMMSS[-NAME].answers.yaml`, local time, `-2`, `-3`... added
        when the name is taken: two quizzes finishing in the same second both keep theirs
        (`write_new` never replaces a file), and no answers file is ever half-written.
        """
        _ensure_folder(self.folder)
        stamp = (now or datetime.now()).astimezone().strftime("%Y%m%d-%H%M%S")
        slug = name_slug(respondent)
        base = f"{self.stem}.{stamp}" + (f"-{slug}" if slug else "")
        names = (f"{base}{f'-{n}' if n > 1 else ''}.answers.yaml" for n in range(1, 1000))
        document = answers_document(flow, respondent, short=short, score_with=score_with)
        return write_new(self.folder, names, document, private=True)

    def answers_files(self) -> list[Path]:
        """This bank's (and session's) finished answers files, oldest first."""
        pattern = re.compile(rf"{re.escape(self.stem)}\.\d{{8}}-\d{{6}}[a-z0-9-]*\.answers\.yaml")
        try:
            names = [entry.name for entry in os.scandir(self.folder)]
        except FileNotFoundError:
            return []
        found = [self.folder / name for name in names if pattern.fullmatch(name)]
        return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))


def _ensure_folder(folder: Path) -> None:
    try:
        # 0o700: answers about oneself are nobody else's business on a shared machine.
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise FileSystemError(
            folder, f"cannot create the state folder ({error.strerror})"
        ) from None


def answers_document(
    flow: Flow, respondent: str | None, *, short: bool = False, score_with: str = ""
) -> str:
    """The answers file `rolefit score` reads, one answer a line; skipped ones are null.

    `score_with` is what the header's command needs besides the file (`--questions ...
    --scoring ...` for a custom bank), so that the command runs as printed.
    """
    data: dict[str, Any] = {}
    if respondent:
        data["respondent"] = respondent
    data["bank"] = flow.bank.id
    if short:
        # So that `rolefit score` scores the short form as asked, not as a half-done full one.
        data["form"] = "short"
    header = (
        f"# rolefit answers for bank '{flow.bank.id}' (version {flow.bank.version}).\n"
        f"# Score them again with: {command_name()} score THIS_FILE{score_with}\n"
    )
    head = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=2**20)
    answers = flow.answers_in_bank_order()
    lines = [f"  {_flow(qid)}: {_flow(plain(a))}" for qid, a in answers.items()]
    body = "answers:\n" + "\n".join(lines) + "\n" if lines else "answers: {}\n"
    return header + head + body


def _flow(value: Any) -> str:
    """One value as YAML on one line: a scalar as it is, a list as `[a, b]`."""
    text: str = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=2**20, sort_keys=False
    )
    return text.removesuffix("\n...\n").removesuffix("\n")


def write_answers(
    path: Path,
    flow: Flow,
    respondent: str | None,
    *,
    short: bool = False,
    private: bool = False,
    score_with: str = "",
) -> None:
    emit(
        answers_document(flow, respondent, short=short, score_with=score_with),
        path,
        private=private,
    )
