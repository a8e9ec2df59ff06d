"""The result card: the verdict, a spectrum gauge, dimensions, reasons, flags and next steps.

Colours are ANSI names (cyan for product, magenta for program) rather than fixed RGB values, so
the terminal's own theme decides the shade and the card reads on light and dark backgrounds;
Rich drops them entirely under NO_COLOR.

Everything reaches Rich as `Text`, never as a str it would read as [markup]; the one string on
the card that came from a file, the respondent's name, goes through `shown` first.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rolefit.core import wording
from rolefit.core.result import Result
from rolefit.core.text import shown

PRODUCT_STYLE = "cyan"
PROGRAM_STYLE = "magenta"
GAUGE_WIDTH = 41
BAR_HALF = 8


def role_style(role: str) -> str:
    return PRODUCT_STYLE if role == "product" else PROGRAM_STYLE


def gauge(product_pct: float, interval: tuple[float, float], width: int = GAUGE_WIDTH) -> Text:
    """Product on the left, program on the right; the dot is the person, the band the margin."""

    def column(pct: float) -> int:
        return round((100 - pct) / 100 * (width - 1))

    band = range(column(interval[1]), column(interval[0]) + 1)
    middle, dot = column(50), column(product_pct)
    line = Text("Product ", style=f"bold {PRODUCT_STYLE}")
    for x in range(width):
        if x == dot:
            line.append("●", style="bold")
        elif x in band:
            line.append("━", style=PRODUCT_STYLE if x < middle else PROGRAM_STYLE)
        elif x == middle:
            line.append("┼", style="dim")
        else:
            line.append("─", style="dim")
    line.append(" Program", style=f"bold {PROGRAM_STYLE}")
    return line


def lean_bar(lean: float, half: int = BAR_HALF) -> Text:
    """A bar growing left (product) or right (program) from the middle."""
    cells = round(abs(lean) * half)
    bar = Text()
    if lean > 0:
        bar.append(" " * (half - cells))
        bar.append("█" * cells, style=PRODUCT_STYLE)
        bar.append("│", style="dim")
        bar.append(" " * half)
    else:
        bar.append(" " * half)
        bar.append("│", style="dim")
        bar.append("█" * cells, style=PROGRAM_STYLE)
        bar.append(" " * (half - cells))
    return bar


def result_card(result: Result) -> RenderableType:
    parts: list[RenderableType] = []
    headline_style = (
        "bold"
        if result.verdict in ("balanced", "undetermined")
        else (f"bold {role_style(result.verdict)}")
    )
    parts.append(Text(result.headline, style=headline_style))
    if result.product_pct is not None and result.interval is not None:
        parts.append(Text())
        parts.append(gauge(result.product_pct, result.interval))
        low, high = result.interval
        parts.append(
            Text(
                f"90 % interval: {low:.0f}–{high:.0f} % product · answered {result.answered} "
                f"of {result.asked}" + (" (short form)" if result.form == "short" else ""),
                style="dim",
            )
        )
        parts.append(Text(wording.INTERVAL_MEANING, style="dim"))
    if result.standing is not None:
        parts.append(Text(result.standing.sentence))
    parts.append(Text())
    parts.append(_dimensions(result))
    if result.reasons:
        parts.append(Text())
        parts.append(Text("Why", style="bold underline"))
        legend = Text("Points each answer moved: ", style="dim")
        legend.append("◀ toward product", style=PRODUCT_STYLE)
        legend.append(" · ", style="dim")
        legend.append("▶ toward program", style=PROGRAM_STYLE)
        parts.append(legend)
        parts.append(_reasons(result))
    if result.flags:
        parts.append(Text())
        parts.append(Text("Worth knowing", style="bold underline"))
        for flag in result.flags:
            parts.append(Text.assemble(("! ", "bold yellow"), flag.message))
    parts.append(Text())
    parts.append(Text("Readiness and next steps", style="bold underline"))
    parts.append(_readiness(result))
    parts.append(Text())
    sources = Text("Sources: ", style="dim")
    sources.append("; ".join(result.sources), style="dim italic")
    parts.append(sources)
    return Panel(Group(*parts), title=_title(result), title_align="left", padding=(0, 1))


def _title(result: Result) -> Text:
    """`rolefit · Name`: the name as the answers file gave it, made safe to show."""
    who = f" · {shown(result.respondent)}" if result.respondent else ""
    return Text(f"rolefit{who}", style="bold")


def _dimensions(result: Result) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column("dimension", style="bold", min_width=14, max_width=26, overflow="fold")
    table.add_column("bar", no_wrap=True, width=2 * BAR_HALF + 1)
    table.add_column("summary", ratio=1, overflow="fold")
    header = Text()
    header.append("product".ljust(BAR_HALF + 1), style=PRODUCT_STYLE)
    header.append("program".rjust(BAR_HALF), style=PROGRAM_STYLE)
    table.add_row(Text("Dimensions", style="bold underline"), header, "")
    for dimension in result.dimensions:
        if dimension.lean is None:
            bar = Text(
                "shared".center(2 * BAR_HALF + 1)
                if dimension.shared
                else "—".center(2 * BAR_HALF + 1),
                style="dim",
            )
            table.add_row(Text(dimension.label), bar, Text(dimension.summary, style="dim"))
        else:
            table.add_row(Text(dimension.label), lean_bar(dimension.lean), Text(dimension.summary))
    return table


def _reasons(result: Result) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column("toward", no_wrap=True)
    table.add_column("reason", overflow="fold")
    for reason in result.reasons:
        arrow = Text(
            f"{'◀' if reason.toward == 'product' else '▶'} {reason.points:>4.1f}",
            style=role_style(reason.toward),
        )
        body = Text()
        body.append(f"“{reason.prompt}” ", style="italic")
        body.append(f"— {reason.answer}\n", style="bold")
        body.append(reason.because + "\n")
        body.append(reason.source, style="dim")
        table.add_row(arrow, body)
    return table


def _readiness(result: Result) -> RenderableType:
    lines = Text()
    for readiness in result.readiness:
        style = role_style(readiness.role)
        lines.append(f"{readiness.role.capitalize()} management: ", style=f"bold {style}")
        if readiness.score is None:
            lines.append("no skills rated\n", style="dim")
        else:
            filled = round(readiness.score)
            lines.append("■" * filled, style=style)
            lines.append("□" * (5 - filled), style="dim")
            lines.append(
                f" {readiness.score:.1f} of 5 ({readiness.rated} of {readiness.of} skills rated)\n"
            )
    if not result.next_steps:
        lines.append(wording.no_next_steps(result.verdict, result.readiness), style="dim")
        return lines
    steps = Table.grid(padding=(0, 1))
    steps.add_column("n", no_wrap=True)
    steps.add_column("step", overflow="fold")
    for number, step in enumerate(result.next_steps, start=1):
        body = Text()
        body.append(f"{step.skill}", style="bold")
        body.append(f" (you rated {step.rating} of 5, needed in {step.role} management)\n")
        body.append(step.advice + "\n")
        body.append(step.source, style="dim")
        steps.add_row(f"{number}.", body)
    return Group(lines, steps)
