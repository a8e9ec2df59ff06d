"""The cohort report as markdown (CI job summaries, artifacts), JSON (scripts) and Rich text.

What came from the participants' files (file names, the errors and notes about them) reaches
the markdown and the terminal only through `_where` and `_message`, which make it safe to show;
the JSON keeps it exactly as it was. Every word of rolefit's own goes through `tr` (English by
default); the JSON keeps English keys and codes.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rolefit.core.answers import NOT_REACHED
from rolefit.core.cohort import (
    NO_VERDICT,
    CohortReport,
    Conversation,
    DimensionSummary,
    HistogramBin,
    InvalidFile,
    ItemEffect,
    RespondentRow,
)
from rolefit.core.i18n import ENGLISH, N_, Translator, decimal
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.core.wording import lean_words, quoted, role_title
from rolefit.render.card import PRODUCT_STYLE, PROGRAM_STYLE
from rolefit.render.items import scale_markdown, scale_view
from rolefit.render.json import model_json
from rolefit.render.markdown import escape

BAR_WIDTH = 24
# A warning `core.answers` writes, read back to be said in the reader's words.
_NOT_REACHED = re.compile(re.escape(NOT_REACHED).replace(re.escape("{question}"), "(.+)"))
# How `core.cohort.summarise` names an invalid file in an anonymous report.
ANONYMOUS_INVALID = re.compile(r"invalid file (\d+)")
VERDICT_STYLES = {
    "product": PRODUCT_STYLE,
    "program": PROGRAM_STYLE,
    "balanced": "white",
    "undetermined": "dim",
}
# Marked for the catalog, translated where shown (`flag_label`).
FLAG_LABELS = {
    "straight_lining": N_("Gave the same answer to most statements (no verdict)"),
    "flat_profile": N_("Gave the same answer to every statement (no verdict)"),
    "contradiction": N_("Answered statements that say opposite things alike"),
    "acquiescence": N_("Agreed (or disagreed) with statements pointing both ways"),
    "many_skips": N_("Skipped more than a fifth of the preference questions"),
    "dimension_left_out": N_("Had a dimension left out for too few answers"),
}
# The same flags as a few words, for a column of a per-person table.
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
# An error or a note is a sentence around a file's place and a value or two, each already cut
# to about 200 characters where it was written; the cut here is only the last line of defence,
# as long as the one on the error line `rolefit score` prints, so that both say the same.


def cohort_json(report: CohortReport) -> str:
    return model_json(report)


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


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A bar of block characters scaled to the largest count; any count > 0 shows."""
    if count <= 0 or most <= 0:
        return ""
    eighths = round(count / most * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} %" if total else "—"


def number(value: float | None, tr: Translator, digits: int = 1) -> str:
    """A figure of the report as its readers write it (`50,3` in German); `—` when none."""
    return "—" if value is None else decimal(value, digits, tr)


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


def _bin_label(b: HistogramBin) -> str:
    return f"{b.low}–{b.high}"


def _where(source: str, line: int | None = None, tr: Translator = ENGLISH) -> str:
    """A file (and line) as the report names it: one safe line, whatever the file is called."""
    return shown(source, tr=tr) + (f":{line}" if line is not None else "")


def invalid_where(report: CohortReport, item: InvalidFile, tr: Translator = ENGLISH) -> str:
    """Where an invalid file is: its name and line, or in an anonymous report the place
    `core.cohort` gives it (`invalid file 2`), in the reader's words."""
    numbered = ANONYMOUS_INVALID.fullmatch(item.source) if report.anonymous else None
    if numbered is None:
        return _where(item.source, item.line, tr)
    # Translators: an invalid file of an anonymous report, which names no file.
    place = tr.gettext("invalid file {number}").format(number=numbered.group(1))
    return place + (f":{item.line}" if item.line is not None else "")


def _message(text: str) -> str:
    """An error or a note about a file, which may quote the file: one safe line."""
    return shown(text, MESSAGE_LIMIT)


def note_message(text: str, tr: Translator = ENGLISH) -> str:
    """A note about a file (an answer left out) in the reader's words, as one safe line; a
    note rolefit does not know is shown as it is."""
    known = _NOT_REACHED.fullmatch(text)
    if known is not None:
        text = tr.gettext(NOT_REACHED).format(question=known.group(1))
    return _message(text)


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


def flag_words(row: RespondentRow, tr: Translator = ENGLISH) -> str:
    words = ", ".join(tr.gettext(FLAG_SHORT[c]) if c in FLAG_SHORT else c for c in row.flags)
    return words or tr.gettext("none")


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


def question_effect(effect: ItemEffect, tr: Translator = ENGLISH) -> str:
    """A question that lowers alpha, with its text: `work.many “I'd enjoy …” (0.91)`."""
    text = f" {quoted(effect.prompt, tr)}" if effect.prompt else ""
    return f"{effect.question_id}{text} ({decimal(effect.alpha_if_deleted, 2, tr)})"


def headline(report: CohortReport, tr: Translator = ENGLISH) -> str:
    if not report.files:
        return tr.gettext("No submissions yet.")
    return tr.ngettext(
        "{files} answers file: {count} scored, {invalid} invalid.",
        "{files} answers files: {count} scored, {invalid} invalid.",
        report.files,
    ).format(files=report.files, count=report.count, invalid=len(report.invalid))


def _lowered_by(dimension: DimensionSummary, code: bool, tr: Translator) -> str:
    if dimension.alpha is None:
        return "—"
    if not dimension.lowered_by:
        return tr.gettext("none")
    # In markdown a comma-separated list; in the terminal each id on a line of its own (and
    # its alpha under it), so that ids stay whole at 80 columns.
    if code:
        return "; ".join(
            f"`{e.question_id}` {escape(quoted(e.prompt, tr)) + ' ' if e.prompt else ''}"
            f"({decimal(e.alpha_if_deleted, 2, tr)})"
            for e in dimension.lowered_by
        )
    return "\n".join(question_effect(e, tr) for e in dimension.lowered_by)


def readiness_role(role: str, tr: Translator = ENGLISH) -> str:
    """A role's name in the readiness section."""
    return role_title(role, tr) if role in ("product", "program") else role.capitalize()


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
            where, error = invalid_where(report, item, tr), _message(item.error)
            lines.append(f"- {escape(where)}: {escape(error)}")
        lines.append("")
    if report.notes:
        lines.append(tr.gettext("## Answers ignored"))
        lines.append("")
        lines.extend(
            f"- {escape(_where(n.source, tr=tr))}: {escape(note_message(n.message, tr))}"
            for n in report.notes
        )
        lines.append("")
    return "\n".join(lines)


def _markdown_results(report: CohortReport, tr: Translator) -> list[str]:
    """The sections a cohort with anyone scored has, in report order."""
    sections = (
        _markdown_verdicts,
        _markdown_spread,
        _markdown_dimensions,
        _markdown_readiness,
        _markdown_flags,
        _markdown_conversations,
        _markdown_people,
        scale_markdown,
    )
    return [line for section in sections for line in section(report, tr)]


def _markdown_verdicts(report: CohortReport, tr: Translator) -> list[str]:
    lines = [
        tr.gettext("## Verdicts"),
        "",
        tr.gettext("| Verdict | People | Share |"),
        "| --- | ---: | ---: |",
    ]
    for verdict, count in report.verdicts.items():
        lines.append(f"| {verdict_label(verdict, tr)} | {count} | {_share(count, report.count)} |")
    lines.append("")
    return lines


def _markdown_spread(report: CohortReport, tr: Translator) -> list[str]:
    """Product % over the people with a verdict: mean, median and sd, then a histogram."""
    lines = [
        tr.gettext("## Product % across the cohort"),
        "",
        spread_summary(report, tr),
        "",
        tr.gettext("| Product % | People | |"),
        "| --- | ---: | --- |",
    ]
    most = max(b.count for b in report.histogram)
    for b in report.histogram:
        lines.append(f"| {_bin_label(b)} | {b.count} | {bar(b.count, most)} |")
    lines.append("")
    return lines


def _markdown_alpha(d: DimensionSummary, tr: Translator) -> str:
    if d.alpha is None:
        note = d.alpha_note
        # Translators: a dimension's alpha when too few people answered to estimate it.
        return tr.gettext("— (too few)") if note and note.startswith("too few") else "—"
    return f"{decimal(d.alpha, 2, tr)} ({d.alpha_respondents})"


def _markdown_dimensions(report: CohortReport, tr: Translator) -> list[str]:
    lines = [
        tr.gettext("## Dimensions"),
        "",
        tr.gettext("Product % per dimension over the people for whom it counted."),
        "",
        tr.gettext(
            "| Dimension | People | Mean product % | SD | Alpha (people) | Questions lowering "
            "alpha |"
        ),
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for d in report.dimensions:
        if d.shared:
            shared = tr.gettext("shared: informs readiness only")
            lines.append(f"| {escape(d.label)} | — | {shared} | | | |")
            continue
        lines.append(
            f"| {escape(d.label)} | {d.n} | {number(d.mean, tr)} | {number(d.sd, tr)} | "
            f"{_markdown_alpha(d, tr)} | {_lowered_by(d, True, tr)} |"
        )
    lines.extend(["", tr.gettext(ALPHA_NOTE), ""])
    return lines


def _markdown_readiness(report: CohortReport, tr: Translator) -> list[str]:
    lines = [
        tr.gettext("## Readiness"),
        "",
        tr.gettext("| Role | Mean self-rating (of 5) | People who rated | Skills |"),
        "| --- | ---: | ---: | ---: |",
    ]
    for r in report.readiness:
        lines.append(
            f"| {readiness_role(r.role, tr)} | {number(r.mean, tr)} | {r.n} | {r.skills} |"
        )
    lines.append("")
    return lines


def _markdown_flags(report: CohortReport, tr: Translator) -> list[str]:
    title = tr.gettext("## Flags seen")
    if not report.flags:
        return [title, "", tr.gettext("None."), ""]
    lines = [title, "", tr.gettext("| Flag | People |"), "| --- | ---: |"]
    for flag in report.flags:
        lines.append(f"| {flag_label(flag.code, tr)} | {flag.count} |")
    lines.append("")
    return lines


def _markdown_conversations(report: CohortReport, tr: Translator) -> list[str]:
    people = worth_a_conversation(report, tr)
    lines = [tr.gettext("## Worth a conversation"), ""]
    if not people:
        return [*lines, tr.gettext("Nobody: every verdict stands and no answers were flagged."), ""]
    lines.extend(f"- **{escape(person(row, tr))}**: {escape(why)}" for row, why in people)
    lines.append("")
    return lines


def _markdown_people(report: CohortReport, tr: Translator) -> list[str]:
    lines = [
        tr.gettext("## People"),
        "",
        tr.gettext("| Person | Verdict | Lean | Margin | Flags |"),
        "| --- | --- | --- | ---: | --- |",
    ]
    for row in report.respondents:
        lines.append(
            f"| {escape(person(row, tr))} | {verdict_label(row.verdict, tr)} | {lean(row, tr)} | "
            f"{margin(row)} | {flag_words(row, tr)} |"
        )
    lines.append("")
    return lines


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
        parts.extend(_view_heading(heading, "bold underline red"))
        for item in report.invalid:
            where = invalid_where(report, item, tr)
            parts.append(Text.assemble((where, "bold"), ": ", _message(item.error)))
    if report.notes:
        parts.extend(_view_heading(tr.gettext("Answers ignored")))
        for note in report.notes:
            said = note_message(note.message, tr)
            parts.append(Text(f"{_where(note.source, tr=tr)}: {said}", style="dim"))
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
        _view_verdicts,
        _view_spread,
        _view_dimensions,
        _view_readiness,
        _view_flags,
        _view_conversations,
        _view_people,
        scale_view,
    )
    return [part for section in sections for part in section(report, tr)]


def _view_heading(title: str, style: str = "bold underline") -> list[RenderableType]:
    """A section's title, a blank line above it to set the section apart."""
    return [Text(), Text(title, style=style)]


def _view_verdicts(report: CohortReport, tr: Translator) -> list[RenderableType]:
    verdicts = Table.grid(padding=(0, 1))
    verdicts.add_column("verdict", min_width=18)
    verdicts.add_column("count", justify="right")
    verdicts.add_column("bar", no_wrap=True, width=BAR_WIDTH)
    verdicts.add_column("share", justify="right")
    most = max(report.verdicts.values())
    for verdict, count in report.verdicts.items():
        style = VERDICT_STYLES[verdict]
        verdicts.add_row(
            Text(verdict_label(verdict, tr), style=style),
            str(count),
            Text(bar(count, most), style=style),
            _share(count, report.count),
        )
    return [*_view_heading(tr.pgettext("cohort", "Verdicts")), verdicts]


def _view_spread(report: CohortReport, tr: Translator) -> list[RenderableType]:
    """Product % over the people with a verdict: mean, median and sd, then a histogram."""
    spread = report.product_pct
    summary = Text(
        tr.gettext("{n} people with a verdict · mean {mean} · median {median} · sd {sd}").format(
            n=spread.n,
            mean=number(spread.mean, tr),
            median=number(spread.median, tr),
            sd=number(spread.sd, tr),
        )
        + "\n"
        + tr.gettext(SCALE_NOTE),
        style="dim",
    )
    bins = Table.grid(padding=(0, 1))
    bins.add_column("bin", justify="right", min_width=6)
    bins.add_column("count", justify="right")
    bins.add_column("bar", no_wrap=True, width=BAR_WIDTH)
    most = max(b.count for b in report.histogram)
    for b in report.histogram:
        # Low product % is program territory: the colours match the result card's gauge.
        style = PRODUCT_STYLE if b.low >= 50 else PROGRAM_STYLE
        bins.add_row(_bin_label(b), str(b.count), Text(bar(b.count, most), style=style))
    return [*_view_heading(tr.gettext("Product % across the cohort")), summary, bins]


def _view_dimensions(report: CohortReport, tr: Translator) -> list[RenderableType]:
    dimensions = Table(title=None, box=None, padding=(0, 1), show_edge=False)
    dimensions.add_column(tr.gettext("Dimension"), style="bold", overflow="fold", max_width=18)
    # Translators: short column headings of the report's dimension table (80 columns wide).
    dimensions.add_column(tr.pgettext("column", "People"), justify="right")
    dimensions.add_column(tr.pgettext("column", "Mean %"), justify="right")
    dimensions.add_column(tr.pgettext("column", "SD"), justify="right")
    dimensions.add_column(tr.pgettext("column", "Alpha"), justify="right")
    dimensions.add_column(tr.pgettext("column", "Lowered by"), overflow="fold")
    for d in report.dimensions:
        if d.shared:
            shared = Text(tr.pgettext("column", "shared"), style="dim")
            dimensions.add_row(Text(d.label), "", shared, "", "", "")
            continue
        alpha = Text(number(d.alpha, tr, 2))
        if d.alpha is not None and d.alpha < 0.7:
            alpha.stylize("yellow")
        dimensions.add_row(
            Text(d.label),
            str(d.n),
            number(d.mean, tr),
            number(d.sd, tr),
            alpha,
            Text(_lowered_by(d, False, tr), style="dim"),
        )
    return [
        *_view_heading(tr.gettext("Dimensions (product %)")),
        dimensions,
        Text(tr.gettext(ALPHA_NOTE), style="dim"),
    ]


def _view_readiness(report: CohortReport, tr: Translator) -> list[RenderableType]:
    parts = _view_heading(tr.gettext("Readiness (mean self-rating of 5)"))
    for r in report.readiness:
        parts.append(
            Text.assemble(
                (f"{readiness_role(r.role, tr)}: ", "bold"),
                tr.gettext("{mean} over {n} people ({skills} skills)").format(
                    mean=number(r.mean, tr), n=r.n, skills=r.skills
                ),
            )
        )
    return parts


def _view_flags(report: CohortReport, tr: Translator) -> list[RenderableType]:
    parts = _view_heading(tr.gettext("Flags seen"))
    if not report.flags:
        parts.append(Text(tr.gettext("none"), style="dim"))
    for flag in report.flags:
        parts.append(
            Text.assemble(("! ", "bold yellow"), f"{flag_label(flag.code, tr)}: {flag.count}")
        )
    return parts


def _view_conversations(report: CohortReport, tr: Translator) -> list[RenderableType]:
    parts = _view_heading(tr.gettext("Worth a conversation"))
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
    return [*_view_heading(tr.gettext("People")), table]
