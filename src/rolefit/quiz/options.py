"""What `rolefit quiz` was asked to do: its options, as the cli parsed them (`session`
checks them before the first question, `finish` reads what the end needs of them)."""

from __future__ import annotations

from pathlib import Path

from rolefit.core.records import record


@record
class QuizOptions:
    short: bool = False
    name: str | None = None
    shuffle: bool = False
    seed: int | None = None
    resume: bool = False
    restart: bool = False
    exports: tuple[Path, ...] = ()
    save_answers: Path | None = None
    no_input: bool = False
    session: str | None = None
    plain: bool = False  # --plain given: line by line, and answers may be piped in
    no_history: bool = False  # --no-history: keep nothing in the user's history
    lang: str | None = None  # --lang as given: the commands the quiz suggests repeat it
