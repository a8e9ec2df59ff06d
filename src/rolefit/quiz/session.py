"""`rolefit quiz`: start (or resume) the walk through the bank, and never lose an answer.

`run_quiz` checks everything that can be checked before the first question (a real terminal,
the options, where exports go), then `play` runs the walk: the flow decides, the prompter asks,
the store saves after every step, and once the person scores at the review `finish` (in
`quiz.finish`) shows and keeps the result. Ctrl-C anywhere ends with one line and exit 130.

A quiz holds its bank's lock from before it reads saved progress until its answers are kept, so
a second quiz on the same bank (and session) is refused instead of mixing answers with it;
`--session NAME` keeps separate progress, lock and answers files for each person.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from rolefit.core.answers import NAME_LIMIT
from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, Reply
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.text import MESSAGE_LIMIT, has_unsafe, shown
from rolefit.errors import (
    ExitCode,
    FileSystemError,
    InputFileError,
    NoTerminalError,
    RolefitError,
)
from rolefit.files.banks import BankFiles
from rolefit.files.paths import command_name
from rolefit.quiz.commands import resume_command
from rolefit.quiz.finish import EXPORT_FORMATS, finish
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.progress import Saved, Settings
from rolefit.quiz.store import Store, check_session

if TYPE_CHECKING:
    from rich.console import Console

NO_TERMINAL = (
    "the quiz needs an interactive terminal; to score without one, run: {rolefit} score "
    "ANSWERS_FILE"
)
PLAIN_VARIABLE = "ROLEFIT_PLAIN"


class Asker(Protocol):
    """What the walk needs from a prompter (quiz.prompts.Prompter; a script in tests)."""

    def ask(self, flow: Flow) -> Reply: ...

    def review(self, flow: Flow) -> str | None: ...

    def resume(self, summary: str) -> bool: ...

    def name(self) -> str | None: ...


def run_quiz(
    bank: Bank,
    files: BankFiles,
    options: QuizOptions,
    environ: Mapping[str, str],
    tr: Translator = ENGLISH,
) -> ExitCode:
    """The quiz on this terminal (or plain streams); its words through `tr`."""
    plain = options.plain or plain_wanted(environ)
    # questionary falls back to defaults silently when stdin is a pipe; refuse before it can.
    # The plain quiz reads lines, so a pipe is fine there once it was asked for by name.
    piped_ok = options.plain or environ.get(PLAIN_VARIABLE, "") not in ("", "0")
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if options.no_input or not (terminal or piped_ok):
        raise NoTerminalError(NO_TERMINAL.format(rolefit=command_name()))
    check_options(options)
    from rich.console import Console

    store = Store.for_bank(bank, files, session=options.session)
    if plain:
        from rolefit.quiz.plain import PlainAsker

        # No colour and no control sequences at all: lines a screen reader reads as they come.
        card = Console(force_terminal=False, no_color=True, highlight=False, emoji=False)
        asker: Asker = PlainAsker(sys.stdin, sys.stdout, tr)
        plain_options = replace(options, plain=True)
        return play(bank, files, plain_options, asker, store, card, sys.stderr, tr)
    from rolefit.quiz.prompts import Prompter

    return play(bank, files, options, Prompter(tr=tr), store, Console(), sys.stderr, tr)


def plain_wanted(environ: Mapping[str, str]) -> bool:
    """Whether the environment asks for the plain quiz: `ROLEFIT_PLAIN=1`, or `TERM=dumb`
    (a terminal that cannot move its cursor cannot show the arrow-key menus)."""
    return environ.get(PLAIN_VARIABLE, "") not in ("", "0") or environ.get("TERM") == "dumb"


def check_options(options: QuizOptions) -> None:
    """Every mistake in the options, caught before the first question rather than after."""
    if options.resume and options.restart:
        raise RolefitError("--resume and --restart contradict each other; give one of them")
    if options.seed is not None and not options.shuffle:
        raise RolefitError("--seed only applies with --shuffle; add --shuffle")
    if options.session is not None:
        check_session(options.session)
    if options.name is not None and has_unsafe(options.name):
        raise RolefitError(
            "--name: holds control characters or bytes that are not text; give the name as "
            "plain text"
        )
    if options.name is not None and len(options.name.strip()) > NAME_LIMIT:
        raise RolefitError(f"--name: at most {NAME_LIMIT} characters")
    for path in options.exports:
        if path.suffix.lower() not in EXPORT_FORMATS:
            shown = f"'{path.suffix}'" if path.suffix else "no extension"
            raise InputFileError(
                path,
                f"--export: unknown format ({shown}); the extension picks it: "
                f"{', '.join(EXPORT_FORMATS)}",
            )
    targets = (*options.exports, *([options.save_answers] if options.save_answers else []))
    written: dict[str, Path] = {}
    for path in targets:
        # Two names of one file (`x.json` and `./x.json`, or a link) would keep only the last.
        same = written.setdefault(os.path.realpath(path), path)
        if same is not path:
            raise InputFileError(
                path,
                f"names the same file as {same}; give each export and the answers a file "
                "of their own",
            )
        _check_writable(path)


def _check_writable(path: Path) -> None:
    """Refuse an export or answers target before the first question, as the writer would."""
    from rolefit.files.writing import check_target

    check_target(path)


def play(
    bank: Bank,
    files: BankFiles,
    options: QuizOptions,
    asker: Asker,
    store: Store,
    console: Console,
    messages: TextIO,
    tr: Translator = ENGLISH,
) -> ExitCode:
    """The quiz from saved progress (or a fresh start) to the result; 130 on Ctrl-C.

    QuizBusyError (exit 1) if another quiz holds this bank's and session's lock. `tr` is the
    language of the quiz's messages, the result and the exports.
    """
    with store.hold():
        return _walk(bank, files, options, asker, store, console, messages, tr)


def _walk(
    bank: Bank,
    files: BankFiles,
    options: QuizOptions,
    asker: Asker,
    store: Store,
    console: Console,
    messages: TextIO,
    tr: Translator = ENGLISH,
) -> ExitCode:
    def tell(line: str) -> None:
        # Paths and names in these lines came from the command line or files: shown safe.
        messages.write(shown(line, limit=MESSAGE_LIMIT) + "\n")
        messages.flush()

    resume = resume_command(files, store.session, plain=options.plain, lang=options.lang)
    saved = None if options.restart else store.load(bank, tr)
    # The latest flow, so an interruption reports exactly what is saved.
    latest: Flow | None = saved.flow if saved is not None else None
    try:
        flow, settings = _starting_point(bank, options, asker, saved, tell, store.session, tr)
        latest = flow
        kept: Flow | None = None  # the progress last written
        while True:
            _save(store, flow, settings, kept=kept, resume=resume)
            kept = flow
            if flow.at_review:
                change = asker.review(flow)
                if change is None:
                    break
                flow = flow.edit(change)
            else:
                flow = flow.apply(asker.ask(flow))
            latest = flow
    except (KeyboardInterrupt, EOFError):
        if latest is None:  # stopped at the name, before the first question: nothing to keep
            tell(tr.gettext("Stopped before the first question; nothing was saved."))
        else:
            saved_line = tr.ngettext(
                "Saved {answered} of {total} answer. Run `{command}` to continue.",
                "Saved {answered} of {total} answers. Run `{command}` to continue.",
                latest.total,
            )
            tell(saved_line.format(answered=latest.answered, total=latest.total, command=resume))
        return ExitCode.INTERRUPTED
    try:
        finish(flow, settings, files, options, store, console, tell, tr)
    except KeyboardInterrupt:
        tell(
            tr.gettext("Stopped before the result was kept. Run `{command}` to see it.").format(
                command=resume
            )
        )
        return ExitCode.INTERRUPTED
    return ExitCode.OK


def _save(store: Store, flow: Flow, settings: Settings, *, kept: Flow | None, resume: str) -> None:
    """Save the progress; when it cannot be written (a full disk), say in the error's one line
    that the last answer is not kept, and how to go on from the progress `kept` before."""
    try:
        store.save(flow, settings)
    except FileSystemError as error:
        if kept is None:
            raise
        raise error.adding(
            f"; your last answer was not saved ({kept.answered} of {kept.total} are): make "
            f"room, then run `{resume}` to go on"
        ) from None


def _starting_point(
    bank: Bank,
    options: QuizOptions,
    asker: Asker,
    saved: Saved | None,
    tell: Callable[[str], None],
    session: str | None = None,
    tr: Translator = ENGLISH,
) -> tuple[Flow, Settings]:
    if saved is not None:
        for note in saved.notes:
            tell(note)
        if options.resume or asker.resume(resume_summary(saved, tr=tr)):
            if options.short and not saved.settings.short:
                tell(
                    tr.gettext(
                        "Resuming the full form you started; --short applies if you start over."
                    )
                )
            respondent = (options.name or "").strip() or saved.settings.respondent
            return saved.flow, replace(saved.settings, respondent=respondent)
    elif options.resume:
        if session is None:
            tell(tr.gettext("No saved progress for this bank; starting a new quiz."))
        else:
            tell(
                tr.gettext(
                    "No saved progress for this bank in session {session}; starting a new quiz."
                ).format(session=session)
            )
    seed = options.seed
    if options.shuffle and seed is None:
        # Drawn once and saved with the progress, so a resumed quiz keeps the same order.
        seed = random.SystemRandom().randrange(2**31)
    # No --name: ask for one (optional). `--name ""` means no name, without asking.
    respondent = asker.name() if options.name is None else (options.name.strip() or None)
    settings = Settings(short=options.short, seed=seed, respondent=respondent)
    return Flow.start(bank, short=options.short, seed=seed), settings


def resume_summary(saved: Saved, now: datetime | None = None, tr: Translator = ENGLISH) -> str:
    """`7 of 32 answered (short form), saved 5 minutes ago`."""
    flow = saved.flow
    if saved.settings.short:
        summary = tr.gettext("{answered} of {total} answered (short form)")
    else:
        summary = tr.gettext("{answered} of {total} answered")
    summary = summary.format(answered=flow.answered, total=flow.total)
    when = _ago(saved.saved_at, now or datetime.now(UTC), tr)
    if not when:
        return summary
    return tr.gettext("{summary}, saved {when}").format(summary=summary, when=when)


def _ago(saved_at: str, now: datetime, tr: Translator = ENGLISH) -> str:
    try:
        then = datetime.fromisoformat(saved_at)
    except ValueError:
        return ""
    if then.tzinfo is None:
        return ""
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 1:
        return tr.gettext("just now")
    if minutes < 60:
        return tr.ngettext("{count} minute ago", "{count} minutes ago", minutes).format(
            count=minutes
        )
    hours = minutes // 60
    if hours < 48:
        return tr.ngettext("{count} hour ago", "{count} hours ago", hours).format(count=hours)
    # Translators: a strftime format; keep to numbers (no month names: they stay English).
    shown_date = then.astimezone().strftime(tr.pgettext("date format", "%d %b %Y"))
    return tr.gettext("on {date}").format(date=shown_date)
