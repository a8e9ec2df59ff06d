"""The words every format of the cohort report shares: how it names a verdict, a flag, a role,
a figure, a person and a file, and the notes it puts under its figures.

What came from the participants' files (file names, the errors and notes about them) reaches
a report only through `where`, `invalid_where`, `person`, `message` and `note_message`, which
make it one line that is safe to show. Every word of rolefit's own goes through `tr` (English
by default).
"""

from __future__ import annotations

from rolefit.core.answers import NOT_REACHED
from rolefit.core.cohort_report import (
    NO_VERDICT,
    CohortReport,
    Conversation,
    InvalidFile,
    ItemEffect,
    Note,
    RespondentRow,
)
from rolefit.core.i18n import ENGLISH, N_, Translator, decimal
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.core.wording import lean_words, quoted, role_title

# Marked for the catalog, translated where shown (`flag_label`).
FLAG_LABELS = {
    "straight_lining": N_("Gave the same answer to most statements (no verdict)"),
    "flat_profile": N_("Gave the same answer to every statement (no verdict)"),
    "contradiction": N_("Answered statements that say opposite things alike"),
    "acquiescence": N_("Agreed (or disagreed) with statements pointing both ways"),
    "many_skips": N_("Skipped more than a fifth of the preference questions"),
    "dimension_left_out": N_("Had a dimension left out for too few answers"),
}

# The flags as a few words, for a column of a per-person table (`flag_words`).
# Marked for the catalog: the web dashboard shows them in the room's language.
FLAG_SHORT = {
    "straight_lining": N_("same answer to most"),
    "flat_profile": N_("same answer to all"),
    "contradiction": N_("opposite answers to a pair"),
    "acquiescence": N_("agreed both ways"),
    "many_skips": N_("many skips"),
    "dimension_left_out": N_("dimension left out"),
}
ALPHA_NOTE = N_(
    "Alpha is Cronbach's alpha over a dimension's items (pairwise: each pair of items over the "
    "people who answered both): about 0.7 or more says its "
    "questions agree well enough to add up, not that they measure one thing. The questions "
    "listed would raise it if removed. Details and intervals: Items and scales below."
)
NO_SUBMISSIONS = N_(
    "No submissions yet: no answers files were found. Run the report again once "
    "people have added theirs."
)
SCALE_NOTE = N_("0 = program management, 100 = product management")


def verdict_label(verdict: str, tr: Translator = ENGLISH) -> str:
    """A verdict as a table cell or a bar says it: `Product management`, `Balanced`, …"""
    if verdict in ("product", "program"):
        return role_title(verdict, tr)
    if verdict == "balanced":
        return tr.pgettext("verdict", "Balanced")
    # Translators: a person (or a cohort's count) without a verdict: their answers placed
    # them nowhere.
    return tr.pgettext("cohort", "No verdict")


def flag_label(code: str, tr: Translator = ENGLISH) -> str:
    """A flag as a sentence of the report; an unknown code as it is."""
    return tr.gettext(FLAG_LABELS[code]) if code in FLAG_LABELS else code


def readiness_role(role: str, tr: Translator = ENGLISH) -> str:
    """A role's name in the readiness section."""
    return role_title(role, tr) if role in ("product", "program") else role.capitalize()


def number(value: float | None, tr: Translator, digits: int = 1) -> str:
    """A figure of the report as its readers write it (`50,3` in German); `—` when none."""
    return "—" if value is None else decimal(value, digits, tr)


def headline(report: CohortReport, tr: Translator = ENGLISH) -> str:
    """The report's first line: how many files there were and what became of them."""
    if not report.files:
        return tr.gettext("No submissions yet.")
    return tr.ngettext(
        "{files} answers file: {count} scored, {invalid} invalid.",
        "{files} answers files: {count} scored, {invalid} invalid.",
        report.files,
    ).format(files=report.files, count=report.count, invalid=len(report.invalid))


def files_line(report: CohortReport, tr: Translator = ENGLISH) -> str:
    """The files and what became of them, as the page's and the picture's header say it."""
    return tr.ngettext(
        "{files} answers file: {count} scored, {invalid} invalid",
        "{files} answers files: {count} scored, {invalid} invalid",
        report.files,
    ).format(files=report.files, count=report.count, invalid=len(report.invalid))


def no_submissions_sentence(tr: Translator = ENGLISH) -> str:
    """What a report of no files at all says instead of its figures."""
    return tr.gettext(NO_SUBMISSIONS)


def spread_summary(report: CohortReport, tr: Translator) -> str:
    """The sentence under the product % histogram, in every format that shows one."""
    spread = report.product_pct
    return tr.gettext(
        "Over the {n} people with a verdict ({scale}): mean {mean}, median {median}, "
        "standard deviation {sd}."
    ).format(
        n=spread.n,
        scale=tr.gettext(SCALE_NOTE),
        mean=number(spread.mean, tr),
        median=number(spread.median, tr),
        sd=number(spread.sd, tr),
    )


def question_effect(effect: ItemEffect, tr: Translator = ENGLISH) -> str:
    """A question that lowers alpha, with its text: `work.many “I'd enjoy …” (0.91)`."""
    text = f" {quoted(effect.prompt, tr)}" if effect.prompt else ""
    return f"{effect.question_id}{text} ({decimal(effect.alpha_if_deleted, 2, tr)})"


# --- People and their files --------------------------------------------------------------


def person(row: RespondentRow | Conversation, tr: Translator = ENGLISH) -> str:
    """Who a row is: the name with the file it came from, the file alone, or the code.

    The file by its name alone (the folders are the same for everyone; the JSON keeps them).
    """
    file = shown(row.source.replace("\\", "/").rsplit("/", 1)[-1], tr=tr)
    if row.respondent:
        return f"{shown(row.respondent, tr=tr)} ({file})"
    return file


def lean(row: RespondentRow, tr: Translator = ENGLISH) -> str:
    """Where a person sits, as a reader says it: `68 % product`, `71 % program`, `50 / 50`."""
    return "—" if row.product_pct is None else lean_words(row.product_pct, tr=tr)


def margin(row: RespondentRow) -> str:
    return "—" if row.margin is None else f"± {row.margin:.0f}"


def worth_a_conversation(
    report: CohortReport, tr: Translator = ENGLISH
) -> list[tuple[Conversation, str]]:
    """The people to talk to first (the core's list), each with why in the reader's words."""
    return [
        (talk, "; ".join(_reason(code, tr) for code in talk.reasons))
        for talk in report.worth_a_conversation
    ]


def _reason(code: str, tr: Translator) -> str:
    if code == NO_VERDICT:
        # Translators: why a person is worth a conversation: their answers gave no verdict.
        return tr.pgettext("cohort", "no verdict")
    return _lowered(flag_label(code, tr))


def _lowered(label: str) -> str:
    """A flag's label inside a sentence: lower case, except a language whose nouns keep their
    capital (German's `Dieselbe Antwort` becomes `dieselbe Antwort`, its nouns stay)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label.lower()


def file_place(source: str, line: int | None = None, tr: Translator = ENGLISH) -> str:
    """A file (and line) as the report names it: one safe line, whatever the file is called."""
    return shown(source, tr=tr) + (f":{line}" if line is not None else "")


def invalid_where(item: InvalidFile, tr: Translator = ENGLISH) -> str:
    """Where an invalid file is: its name and line, or in an anonymous report the place
    `core.cohort` gives it (`invalid file 2`), in the reader's words."""
    if item.number is None:
        return file_place(item.source, item.line, tr)
    # Translators: an invalid file of an anonymous report, which names no file.
    place = tr.gettext("invalid file {number}").format(number=item.number)
    return place + (f":{item.line}" if item.line is not None else "")


def file_message(text: str) -> str:
    """An error or a note about a file, which may quote the file: one safe line.

    An error or a note is a sentence around a file's place and a value or two, each already
    cut to about 200 characters where it was written; the cut here is only the last line of
    defence, as long as the one on the error line `rolefit score` prints, so that both say
    the same.
    """
    return shown(text, MESSAGE_LIMIT)


def note_message(note: Note, tr: Translator = ENGLISH) -> str:
    """A note about a file (an answer left out) in the reader's words, as one safe line; a
    note of another kind is shown as it is."""
    if note.unreached is None:
        return file_message(note.message)
    return file_message(tr.gettext(NOT_REACHED).format(question=note.unreached))


def flag_words(row: RespondentRow, tr: Translator = ENGLISH) -> str:
    words = ", ".join(tr.gettext(FLAG_SHORT[c]) if c in FLAG_SHORT else c for c in row.flags)
    return words or tr.gettext("none")
