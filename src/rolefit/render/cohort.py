"""The cohort report as JSON (scripts), markdown (CI job summaries, artifacts) and Rich text.

Each format is put together here in report order: a heading, the figures of the cohort as a
whole (`cohort_figures`), the people in it (whom to talk to first, a row per person: here),
the item and scale analysis (`items`), then the files that could not be counted. The JSON
keeps what came from the participants' files exactly as it was, and English keys and codes;
the markdown and the terminal name files and people through `cohort_words`, which makes them
safe to show.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rolefit.core.cohort_report import CohortReport
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.render.cohort_figures import (
    VERDICT_STYLES,
    markdown_dimensions,
    markdown_flags,
    markdown_readiness,
    markdown_spread,
    markdown_verdicts,
    view_dimensions,
    view_flags,
    view_heading,
    view_readiness,
    view_spread,
    view_verdicts,
)
from rolefit.render.cohort_words import (
    NO_SUBMISSIONS,
    file_message,
    file_place,
    flag_words,
    headline,
    invalid_where,
    lean,
    margin,
    note_message,
    person,
    verdict_label,
    worth_a_conversation,
)
from rolefit.render.items import scale_markdown, scale_view
from rolefit.render.markdown import escape, table

# --- Markdown ----------------------------------------------------------------------------


def cohort_markdown(report: CohortReport, tr: Translator = ENGLISH) -> str:
    lines: list[str] = []
    lines.append(tr.gettext("# Cohort report: {title}").format(title=escape(report.bank_title)))
    lines.append("")
    lines.append(f"**{headline(report, tr)}**")
    lines.append("")
    lines.append(
        tr.gettext("Bank: {id} (version {version})").format(
            id=escape(report.bank_id), version=escape(report.bank_version)
        )
        + (tr.gettext(" · anonymous: names and file names left out") if report.anonymous else "")
    )
    lines.append("")
    if report.count:
        lines.extend(_markdown_results(report, tr))
    elif not report.files:
        lines.extend([tr.gettext(NO_SUBMISSIONS), ""])
    if report.invalid:
        lines.append(tr.gettext("## Invalid files"))
        lines.append("")
        lines.append(tr.gettext("Not counted above; fix each and run the report again."))
        lines.append("")
        for item in report.invalid:
            place, error = invalid_where(item, tr), file_message(item.error)
            lines.append(f"- {escape(place)}: {escape(error)}")
        lines.append("")
    if report.notes:
        lines.append(tr.gettext("## Answers ignored"))
        lines.append("")
        lines.extend(
            f"- {escape(file_place(n.source, tr=tr))}: {escape(note_message(n, tr))}"
            for n in report.notes
        )
        lines.append("")
    return "\n".join(lines)


def _markdown_results(report: CohortReport, tr: Translator) -> list[str]:
    """The sections a cohort with anyone scored has, in report order."""
    sections = (
        markdown_verdicts,
        markdown_spread,
        markdown_dimensions,
        markdown_readiness,
        markdown_flags,
        _markdown_conversations,
        _markdown_people,
        scale_markdown,
    )
    return [line for section in sections for line in section(report, tr)]


def _markdown_conversations(report: CohortReport, tr: Translator) -> list[str]:
    people = worth_a_conversation(report, tr)
    lines = [tr.gettext("## Worth a conversation"), ""]
    if not people:
        return [*lines, tr.gettext("Nobody: every verdict stands and no answers were flagged."), ""]
    lines.extend(f"- **{escape(person(row, tr))}**: {escape(why)}" for row, why in people)
    lines.append("")
    return lines


def _markdown_people(report: CohortReport, tr: Translator) -> list[str]:
    rows = (
        f"| {escape(person(row, tr))} | {verdict_label(row.verdict, tr)} | {lean(row, tr)} | "
        f"{margin(row)} | {flag_words(row, tr)} |"
        for row in report.respondents
    )
    header = tr.gettext("| Person | Verdict | Lean | Margin | Flags |")
    return [tr.gettext("## People"), "", *table(header, "| --- | --- | --- | ---: | --- |", rows)]


# --- Terminal ----------------------------------------------------------------------------


def cohort_view(report: CohortReport, tr: Translator = ENGLISH) -> RenderableType:
    parts: list[RenderableType] = [Text(headline(report, tr), style="bold")]
    parts.append(
        Text(
            tr.gettext("Bank {id} (version {version})").format(
                id=report.bank_id, version=report.bank_version
            )
            + (tr.gettext(" · anonymous") if report.anonymous else ""),
            style="dim",
        )
    )
    if report.count:
        parts.extend(_view_results(report, tr))
    elif not report.files:
        parts.extend([Text(), Text(tr.gettext(NO_SUBMISSIONS))])
    if report.invalid:
        heading = tr.gettext("Invalid files (not counted)")
        parts.extend(view_heading(heading, "bold underline red"))
        for item in report.invalid:
            place = invalid_where(item, tr)
            parts.append(Text.assemble((place, "bold"), ": ", file_message(item.error)))
    if report.notes:
        parts.extend(view_heading(tr.gettext("Answers ignored")))
        for note in report.notes:
            said = note_message(note, tr)
            parts.append(Text(f"{file_place(note.source, tr=tr)}: {said}", style="dim"))
    return Panel(
        Group(*parts),
        title=Text(
            tr.gettext("rolefit cohort · {title}").format(title=report.bank_title), style="bold"
        ),
        title_align="left",
        padding=(0, 1),
    )


def _view_results(report: CohortReport, tr: Translator) -> list[RenderableType]:
    """The sections a cohort with anyone scored has, in report order."""
    sections = (
        view_verdicts,
        view_spread,
        view_dimensions,
        view_readiness,
        view_flags,
        _view_conversations,
        _view_people,
        scale_view,
    )
    return [part for section in sections for part in section(report, tr)]


def _view_conversations(report: CohortReport, tr: Translator) -> list[RenderableType]:
    parts = view_heading(tr.gettext("Worth a conversation"))
    people = worth_a_conversation(report, tr)
    if not people:
        nobody = tr.gettext("nobody: every verdict stands and no answers were flagged")
        parts.append(Text(nobody, style="dim"))
    for row, why in people:
        parts.append(Text.assemble(("• ", "bold yellow"), (person(row, tr), "bold"), f": {why}"))
    return parts


def _view_people(report: CohortReport, tr: Translator) -> list[RenderableType]:
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column(tr.pgettext("column", "Person"), overflow="fold", ratio=3)
    # As wide as the longest verdict, so that none is cut (`Programmmanagement` is one word).
    widest = max(cell_len(verdict_label(verdict, tr)) for verdict in VERDICT_STYLES)
    table.add_column(tr.pgettext("column", "Verdict"), overflow="fold", ratio=2, min_width=widest)
    table.add_column(tr.pgettext("column", "Lean"), no_wrap=True)
    table.add_column("±", justify="right", no_wrap=True)
    table.add_column(tr.pgettext("column", "Flags"), overflow="fold", ratio=3)
    for row in report.respondents:
        table.add_row(
            Text(person(row, tr)),
            Text(verdict_label(row.verdict, tr), style=VERDICT_STYLES[row.verdict]),
            lean(row, tr),
            margin(row).removeprefix("± "),
            Text(flag_words(row, tr), style="yellow" if row.flags else "dim"),
        )
    return [*view_heading(tr.gettext("People")), table]
