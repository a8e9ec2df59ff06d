"""The sections of the cohort report about the cohort as a whole, as markdown and as Rich
renderables: the verdicts, product % across the cohort, the dimensions, readiness and the
flags seen. `render.cohort` puts them in the report, before the sections about people.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from rolefit.core.cohort_report import CohortReport, DimensionSummary, HistogramBin
from rolefit.core.i18n import Translator, decimal
from rolefit.core.wording import quoted
from rolefit.render.card import PRODUCT_STYLE, PROGRAM_STYLE
from rolefit.render.cohort_words import (
    ALPHA_NOTE,
    SCALE_NOTE,
    flag_label,
    number,
    question_effect,
    readiness_role,
    spread_summary,
    verdict_label,
)
from rolefit.render.markdown import escape, table

BAR_WIDTH = 24
VERDICT_STYLES = {
    "product": PRODUCT_STYLE,
    "program": PROGRAM_STYLE,
    "balanced": "white",
    "undetermined": "dim",
}


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """A bar of block characters scaled to the largest count; any count > 0 shows."""
    if count <= 0 or most <= 0:
        return ""
    eighths = round(count / most * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} %" if total else "—"


def _bin_label(b: HistogramBin) -> str:
    return f"{b.low}–{b.high}"


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


# --- Markdown ----------------------------------------------------------------------------


def markdown_verdicts(report: CohortReport, tr: Translator) -> list[str]:
    rows = (
        f"| {verdict_label(verdict, tr)} | {count} | {_share(count, report.count)} |"
        for verdict, count in report.verdicts.items()
    )
    header = tr.gettext("| Verdict | People | Share |")
    return [tr.gettext("## Verdicts"), "", *table(header, "| --- | ---: | ---: |", rows)]


def markdown_spread(report: CohortReport, tr: Translator) -> list[str]:
    """Product % over the people with a verdict: mean, median and sd, then a histogram."""
    most = max(b.count for b in report.histogram)
    rows = (f"| {_bin_label(b)} | {b.count} | {bar(b.count, most)} |" for b in report.histogram)
    header = tr.gettext("| Product % | People | |")
    return [
        tr.gettext("## Product % across the cohort"),
        "",
        spread_summary(report, tr),
        "",
        *table(header, "| --- | ---: | --- |", rows),
    ]


def _markdown_alpha(d: DimensionSummary, tr: Translator) -> str:
    if d.alpha is None:
        # Translators: a dimension's alpha when too few people answered to estimate it.
        return tr.gettext("— (too few)") if d.alpha_gap == "too_few_people" else "—"
    return f"{decimal(d.alpha, 2, tr)} ({d.alpha_respondents})"


def markdown_dimensions(report: CohortReport, tr: Translator) -> list[str]:
    header = tr.gettext(
        "| Dimension | People | Mean product % | SD | Alpha (people) | Questions lowering alpha |"
    )
    rows = (_markdown_dimension(d, tr) for d in report.dimensions)
    return [
        tr.gettext("## Dimensions"),
        "",
        tr.gettext("Product % per dimension over the people for whom it counted."),
        "",
        *table(header, "| --- | ---: | ---: | ---: | ---: | --- |", rows),
        tr.gettext(ALPHA_NOTE),
        "",
    ]


def _markdown_dimension(d: DimensionSummary, tr: Translator) -> str:
    if d.shared:
        shared = tr.gettext("shared: informs readiness only")
        return f"| {escape(d.label)} | — | {shared} | | | |"
    return (
        f"| {escape(d.label)} | {d.n} | {number(d.mean, tr)} | {number(d.sd, tr)} | "
        f"{_markdown_alpha(d, tr)} | {_lowered_by(d, True, tr)} |"
    )


def markdown_readiness(report: CohortReport, tr: Translator) -> list[str]:
    rows = (
        f"| {readiness_role(r.role, tr)} | {number(r.mean, tr)} | {r.n} | {r.skills} |"
        for r in report.readiness
    )
    header = tr.gettext("| Role | Mean self-rating (of 5) | People who rated | Skills |")
    return [tr.gettext("## Readiness"), "", *table(header, "| --- | ---: | ---: | ---: |", rows)]


def markdown_flags(report: CohortReport, tr: Translator) -> list[str]:
    title = tr.gettext("## Flags seen")
    if not report.flags:
        return [title, "", tr.gettext("None."), ""]
    rows = (f"| {flag_label(flag.code, tr)} | {flag.count} |" for flag in report.flags)
    return [title, "", *table(tr.gettext("| Flag | People |"), "| --- | ---: |", rows)]


# --- Terminal ----------------------------------------------------------------------------


def view_heading(title: str, style: str = "bold underline") -> list[RenderableType]:
    """A section's title, a blank line above it to set the section apart."""
    return [Text(), Text(title, style=style)]


def view_verdicts(report: CohortReport, tr: Translator) -> list[RenderableType]:
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
    return [*view_heading(tr.pgettext("cohort", "Verdicts")), verdicts]


def view_spread(report: CohortReport, tr: Translator) -> list[RenderableType]:
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
    return [*view_heading(tr.gettext("Product % across the cohort")), summary, bins]


def view_dimensions(report: CohortReport, tr: Translator) -> list[RenderableType]:
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
        *view_heading(tr.gettext("Dimensions (product %)")),
        dimensions,
        Text(tr.gettext(ALPHA_NOTE), style="dim"),
    ]


def view_readiness(report: CohortReport, tr: Translator) -> list[RenderableType]:
    parts = view_heading(tr.gettext("Readiness (mean self-rating of 5)"))
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


def view_flags(report: CohortReport, tr: Translator) -> list[RenderableType]:
    parts = view_heading(tr.gettext("Flags seen"))
    if not report.flags:
        parts.append(Text(tr.gettext("none"), style="dim"))
    for flag in report.flags:
        parts.append(
            Text.assemble(("! ", "bold yellow"), f"{flag_label(flag.code, tr)}: {flag.count}")
        )
    return parts
