"""The cohort report as markdown (CI job summaries, artifacts), JSON (scripts) and Rich text.

What came from the participants' files (file names, the errors and notes about them) reaches
the markdown and the terminal only through `_where` and `_message`, which make it safe to show;
the JSON keeps it exactly as it was.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rolefit.core.cohort import (
    CohortReport,
    DimensionSummary,
    HistogramBin,
    ItemEffect,
    RespondentRow,
)
from rolefit.core.i18n import N_
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.core.wording import lean_words
from rolefit.render.card import PRODUCT_STYLE, PROGRAM_STYLE
from rolefit.render.items import scale_markdown, scale_view
from rolefit.render.json import model_json
from rolefit.render.markdown import escape

BAR_WIDTH = 24
VERDICT_LABELS = {
    "product": "Product management",
    "program": "Program management",
    "balanced": "Balanced",
    "undetermined": "No verdict",
}
VERDICT_STYLES = {
    "product": PRODUCT_STYLE,
    "program": PROGRAM_STYLE,
    "balanced": "white",
    "undetermined": "dim",
}
FLAG_LABELS = {
    "straight_lining": "Gave the same answer to most statements (no verdict)",
    "flat_profile": "Gave the same answer to every statement (no verdict)",
    "contradiction": "Answered statements that say opposite things alike",
    "acquiescence": "Agreed (or disagreed) with statements pointing both ways",
    "many_skips": "Skipped more than a fifth of the preference questions",
    "dimension_left_out": "Had a dimension left out for too few answers",
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
ALPHA_NOTE = (
    "Alpha is Cronbach's alpha over a dimension's items (pairwise: each pair of items over the "
    "people who answered both): about 0.7 or more says its "
    "questions agree well enough to add up, not that they measure one thing. The questions "
    "listed would raise it if removed. Details and intervals: Items and scales below."
)
NO_SUBMISSIONS = "No submissions yet: no answers files were found. Run the report again once "
NO_SUBMISSIONS += "people have added theirs."
SCALE_NOTE = "0 = program management, 100 = product management"
# An error or a note is a sentence around a file's place and a value or two, each already cut
# to about 200 characters where it was written; the cut here is only the last line of defence,
# as long as the one on the error line `rolefit score` prints, so that both say the same.


def cohort_json(report: CohortReport) -> str:
    return model_json(report)


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A bar of block characters scaled to the largest count; any count > 0 shows."""
    if count <= 0 or most <= 0:
        return ""
    eighths = round(count / most * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} %" if total else "—"


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _bin_label(b: HistogramBin) -> str:
    return f"{b.low}–{b.high}"


def _where(source: str, line: int | None = None) -> str:
    """A file (and line) as the report names it: one safe line, whatever the file is called."""
    return shown(source) + (f":{line}" if line is not None else "")


def _message(text: str) -> str:
    """An error or a note about a file, which may quote the file: one safe line."""
    return shown(text, MESSAGE_LIMIT)


def person(row: RespondentRow) -> str:
    """Who a row is: the name with the file it came from, the file alone, or the code.

    The file by its name alone (the folders are the same for everyone; the JSON keeps them).
    """
    file = shown(row.source.replace("\\", "/").rsplit("/", 1)[-1])
    if row.respondent:
        return f"{shown(row.respondent)} ({file})"
    return file


def lean(row: RespondentRow) -> str:
    """Where a person sits, as a reader says it: `68 % product`, `71 % program`, `50 / 50`."""
    return "—" if row.product_pct is None else lean_words(row.product_pct)


def margin(row: RespondentRow) -> str:
    return "—" if row.margin is None else f"± {row.margin:.0f}"


def flag_words(row: RespondentRow) -> str:
    return ", ".join(FLAG_SHORT.get(code, code) for code in row.flags) or "none"


def worth_a_conversation(report: CohortReport) -> list[tuple[RespondentRow, str]]:
    """The people to talk to first, and why: no verdict, or a flag on their answers."""
    people = []
    for row in report.respondents:
        why = [FLAG_LABELS.get(code, code).lower() for code in row.flags]
        if row.verdict == "undetermined" and not any(w.endswith("(no verdict)") for w in why):
            why.insert(0, "no verdict")
        if why:
            people.append((row, "; ".join(why)))
    return people


def question_effect(effect: ItemEffect) -> str:
    """A question that lowers alpha, with its text: `work.many “I'd enjoy …” (0.91)`."""
    text = f" “{effect.prompt}”" if effect.prompt else ""
    return f"{effect.question_id}{text} ({effect.alpha_if_deleted:.2f})"


def _headline(report: CohortReport) -> str:
    if not report.files:
        return "No submissions yet."
    invalid = len(report.invalid)
    files = "file" if report.files == 1 else "files"
    return f"{report.files} answers {files}: {report.count} scored, {invalid} invalid."


def _lowered_by(dimension: DimensionSummary, code: bool) -> str:
    if dimension.alpha is None:
        return "—"
    if not dimension.lowered_by:
        return "none"
    # In markdown a comma-separated list; in the terminal each id on a line of its own (and
    # its alpha under it), so that ids stay whole at 80 columns.
    if code:
        return "; ".join(
            f"`{e.question_id}` {escape(f'“{e.prompt}”') + ' ' if e.prompt else ''}"
            f"({e.alpha_if_deleted:.2f})"
            for e in dimension.lowered_by
        )
    return "\n".join(question_effect(e) for e in dimension.lowered_by)


# --- Markdown ----------------------------------------------------------------------------


def cohort_markdown(report: CohortReport) -> str:
    lines: list[str] = []
    lines.append(f"# Cohort report: {escape(report.bank_title)}")
    lines.append("")
    lines.append(f"**{_headline(report)}**")
    lines.append("")
    lines.append(
        f"Bank: {escape(report.bank_id)} (version {escape(report.bank_version)})"
        + (" · anonymous: names and file names left out" if report.anonymous else "")
    )
    lines.append("")
    if report.count:
        lines.extend(_markdown_results(report))
    elif not report.files:
        lines.extend([NO_SUBMISSIONS, ""])
    if report.invalid:
        lines.append("## Invalid files")
        lines.append("")
        lines.append("Not counted above; fix each and run the report again.")
        lines.append("")
        for item in report.invalid:
            where, error = _where(item.source, item.line), _message(item.error)
            lines.append(f"- {escape(where)}: {escape(error)}")
        lines.append("")
    if report.notes:
        lines.append("## Answers ignored")
        lines.append("")
        lines.extend(
            f"- {escape(_where(n.source))}: {escape(_message(n.message))}" for n in report.notes
        )
        lines.append("")
    return "\n".join(lines)


def _markdown_results(report: CohortReport) -> list[str]:
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
    return [line for section in sections for line in section(report)]


def _markdown_verdicts(report: CohortReport) -> list[str]:
    lines = ["## Verdicts", "", "| Verdict | People | Share |", "| --- | ---: | ---: |"]
    for verdict, count in report.verdicts.items():
        lines.append(f"| {VERDICT_LABELS[verdict]} | {count} | {_share(count, report.count)} |")
    lines.append("")
    return lines


def _markdown_spread(report: CohortReport) -> list[str]:
    """Product % over the people with a verdict: mean, median and sd, then a histogram."""
    spread = report.product_pct
    lines = [
        "## Product % across the cohort",
        "",
        f"Over the {spread.n} people with a verdict ({SCALE_NOTE}): mean "
        f"{_number(spread.mean)}, median {_number(spread.median)}, standard deviation "
        f"{_number(spread.sd)}.",
        "",
        "| Product % | People | |",
        "| --- | ---: | --- |",
    ]
    most = max(b.count for b in report.histogram)
    for b in report.histogram:
        lines.append(f"| {_bin_label(b)} | {b.count} | {bar(b.count, most)} |")
    lines.append("")
    return lines


def _markdown_dimensions(report: CohortReport) -> list[str]:
    lines = [
        "## Dimensions",
        "",
        "Product % per dimension over the people for whom it counted.",
        "",
        "| Dimension | People | Mean product % | SD | Alpha (people) | Questions lowering alpha |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for d in report.dimensions:
        if d.shared:
            lines.append(f"| {escape(d.label)} | — | shared: informs readiness only | | | |")
            continue
        alpha = (
            "— (too few)"
            if d.alpha is None and d.alpha_note and d.alpha_note.startswith("too few")
            else "—"
            if d.alpha is None
            else f"{d.alpha:.2f} ({d.alpha_respondents})"
        )
        lines.append(
            f"| {escape(d.label)} | {d.n} | {_number(d.mean)} | {_number(d.sd)} | {alpha} | "
            f"{_lowered_by(d, code=True)} |"
        )
    lines.extend(["", ALPHA_NOTE, ""])
    return lines


def _markdown_readiness(report: CohortReport) -> list[str]:
    lines = [
        "## Readiness",
        "",
        "| Role | Mean self-rating (of 5) | People who rated | Skills |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in report.readiness:
        lines.append(
            f"| {r.role.capitalize()} management | {_number(r.mean)} | {r.n} | {r.skills} |"
        )
    lines.append("")
    return lines


def _markdown_flags(report: CohortReport) -> list[str]:
    if not report.flags:
        return ["## Flags seen", "", "None.", ""]
    lines = ["## Flags seen", "", "| Flag | People |", "| --- | ---: |"]
    for flag in report.flags:
        lines.append(f"| {FLAG_LABELS.get(flag.code, flag.code)} | {flag.count} |")
    lines.append("")
    return lines


def _markdown_conversations(report: CohortReport) -> list[str]:
    people = worth_a_conversation(report)
    lines = ["## Worth a conversation", ""]
    if not people:
        return [*lines, "Nobody: every verdict stands and no answers were flagged.", ""]
    lines.extend(f"- **{escape(person(row))}**: {escape(why)}" for row, why in people)
    lines.append("")
    return lines


def _markdown_people(report: CohortReport) -> list[str]:
    lines = [
        "## People",
        "",
        "| Person | Verdict | Lean | Margin | Flags |",
        "| --- | --- | --- | ---: | --- |",
    ]
    for row in report.respondents:
        lines.append(
            f"| {escape(person(row))} | {VERDICT_LABELS[row.verdict]} | {lean(row)} | "
            f"{margin(row)} | {flag_words(row)} |"
        )
    lines.append("")
    return lines


# --- Terminal ----------------------------------------------------------------------------


def cohort_view(report: CohortReport) -> RenderableType:
    parts: list[RenderableType] = [Text(_headline(report), style="bold")]
    parts.append(
        Text(
            f"Bank {report.bank_id} (version {report.bank_version})"
            + (" · anonymous" if report.anonymous else ""),
            style="dim",
        )
    )
    if report.count:
        parts.extend(_view_results(report))
    elif not report.files:
        parts.extend([Text(), Text(NO_SUBMISSIONS)])
    if report.invalid:
        parts.extend(_view_heading("Invalid files (not counted)", "bold underline red"))
        for item in report.invalid:
            where = _where(item.source, item.line)
            parts.append(Text.assemble((where, "bold"), ": ", _message(item.error)))
    if report.notes:
        parts.extend(_view_heading("Answers ignored"))
        for note in report.notes:
            parts.append(Text(f"{_where(note.source)}: {_message(note.message)}", style="dim"))
    return Panel(
        Group(*parts),
        title=Text(f"rolefit cohort · {report.bank_title}", style="bold"),
        title_align="left",
        padding=(0, 1),
    )


def _view_results(report: CohortReport) -> list[RenderableType]:
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
    return [part for section in sections for part in section(report)]


def _view_heading(title: str, style: str = "bold underline") -> list[RenderableType]:
    """A section's title, a blank line above it to set the section apart."""
    return [Text(), Text(title, style=style)]


def _view_verdicts(report: CohortReport) -> list[RenderableType]:
    verdicts = Table.grid(padding=(0, 1))
    verdicts.add_column("verdict", min_width=18)
    verdicts.add_column("count", justify="right")
    verdicts.add_column("bar", no_wrap=True, width=BAR_WIDTH)
    verdicts.add_column("share", justify="right")
    most = max(report.verdicts.values())
    for verdict, count in report.verdicts.items():
        style = VERDICT_STYLES[verdict]
        verdicts.add_row(
            Text(VERDICT_LABELS[verdict], style=style),
            str(count),
            Text(bar(count, most), style=style),
            _share(count, report.count),
        )
    return [*_view_heading("Verdicts"), verdicts]


def _view_spread(report: CohortReport) -> list[RenderableType]:
    """Product % over the people with a verdict: mean, median and sd, then a histogram."""
    spread = report.product_pct
    summary = Text(
        f"{spread.n} people with a verdict · mean {_number(spread.mean)} · "
        f"median {_number(spread.median)} · sd {_number(spread.sd)}\n{SCALE_NOTE}",
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
    return [*_view_heading("Product % across the cohort"), summary, bins]


def _view_dimensions(report: CohortReport) -> list[RenderableType]:
    dimensions = Table(title=None, box=None, padding=(0, 1), show_edge=False)
    dimensions.add_column("Dimension", style="bold", overflow="fold", max_width=18)
    dimensions.add_column("People", justify="right")
    dimensions.add_column("Mean %", justify="right")
    dimensions.add_column("SD", justify="right")
    dimensions.add_column("Alpha", justify="right")
    dimensions.add_column("Lowered by", overflow="fold")
    for d in report.dimensions:
        if d.shared:
            dimensions.add_row(Text(d.label), "", Text("shared", style="dim"), "", "", "")
            continue
        alpha = Text(_number(d.alpha, 2))
        if d.alpha is not None and d.alpha < 0.7:
            alpha.stylize("yellow")
        dimensions.add_row(
            Text(d.label),
            str(d.n),
            _number(d.mean),
            _number(d.sd),
            alpha,
            Text(_lowered_by(d, code=False), style="dim"),
        )
    return [
        *_view_heading("Dimensions (product %)"),
        dimensions,
        Text(ALPHA_NOTE, style="dim"),
    ]


def _view_readiness(report: CohortReport) -> list[RenderableType]:
    parts = _view_heading("Readiness (mean self-rating of 5)")
    for r in report.readiness:
        parts.append(
            Text.assemble(
                (f"{r.role.capitalize()} management: ", "bold"),
                f"{_number(r.mean)} over {r.n} people ({r.skills} skills)",
            )
        )
    return parts


def _view_flags(report: CohortReport) -> list[RenderableType]:
    parts = _view_heading("Flags seen")
    if not report.flags:
        parts.append(Text("none", style="dim"))
    for flag in report.flags:
        parts.append(
            Text.assemble(
                ("! ", "bold yellow"), f"{FLAG_LABELS.get(flag.code, flag.code)}: {flag.count}"
            )
        )
    return parts


def _view_conversations(report: CohortReport) -> list[RenderableType]:
    parts = _view_heading("Worth a conversation")
    people = worth_a_conversation(report)
    if not people:
        parts.append(Text("nobody: every verdict stands and no answers were flagged", style="dim"))
    for row, why in people:
        parts.append(Text.assemble(("• ", "bold yellow"), (person(row), "bold"), f": {why}"))
    return parts


def _view_people(report: CohortReport) -> list[RenderableType]:
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("Person", overflow="fold", ratio=3)
    table.add_column("Verdict", overflow="fold", ratio=2)
    table.add_column("Lean", no_wrap=True)
    table.add_column("±", justify="right", no_wrap=True)
    table.add_column("Flags", overflow="fold", ratio=3)
    for row in report.respondents:
        table.add_row(
            Text(person(row)),
            Text(VERDICT_LABELS[row.verdict], style=VERDICT_STYLES[row.verdict]),
            lean(row),
            margin(row).removeprefix("± "),
            Text(flag_words(row), style="yellow" if row.flags else "dim"),
        )
    return [*_view_heading("People"), table]
