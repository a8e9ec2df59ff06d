"""The commands the quiz tells a person to run next: to resume it, and to see its result again.

Each repeats what the quiz was started with (the bank's files, the session, `--plain`, `--lang`),
so that running it lands on the same quiz, in the same language.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from rolefit.files.banks import BankFiles
from rolefit.files.paths import command_name


def resume_command(
    files: BankFiles, session: str | None = None, *, plain: bool = False, lang: str | None = None
) -> str:
    """The command that resumes this bank's (and session's) quiz, plain if it was plain, in the
    language `--lang` asked for."""
    named = f" --session {session}" if session is not None else ""
    plain_flag = " --plain" if plain else ""
    return f"{command_name()} quiz --resume{plain_flag}{named}{files.options()}{_lang(lang)}"


def score_command(answers: Path, files: BankFiles, lang: str | None = None) -> str:
    """The command that scores the kept `answers` again, in the language `--lang` asked for."""
    return f"{command_name()} score {shlex.quote(str(answers))}{files.options()}{_lang(lang)}"


def _lang(lang: str | None) -> str:
    return "" if lang is None else f" --lang {shlex.quote(lang)}"
