"""The result card: the verdict, a spectrum gauge, dimensions, reasons, flags and next steps.

Colours are ANSI names (cyan for product, magenta for program) rather than fixed RGB values, so
the terminal's own theme decides the shade and the card reads on light and dark backgrounds;
Rich drops them entirely under NO_COLOR.

Everything reaches Rich as `Text`, never as a str it would read as [markup]; the one string on
the card that came from a file, the respondent's name, goes through `shown` first.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rolefit.core import wording
from rolefit.core.i18n import ENGLISH, Translator, decimal
from rolefit.core.result import Result
from rolefit.core.text import shown
from rolefit.core.wording import dimension_value, side_word

PRODUCT_STYLE = "cyan"
PROGRAM_STYLE = "magenta"
GAUGE_WIDTH = 41
BAR_HALF = 8


def role_style(role: str) -> str:
    return PRODUCT_STYLE if role == "product" else PROGRAM_STYLE


def gauge_ends(tr: Translator = ENGLISH) -> tuple[str, str]:
    """The words at the gauge's two ends, with the space that sets them off the line."""
    return tr.gettext("Product") + " ", " " + tr.gettext("Program")


def gauge(
    product_pct: float,
    interval: tuple[float, float],
    width: int = GAUGE_WIDTH,
    tr: Translator = ENGLISH,
) -> Text:
    """Product on the left, program on the right; the dot is the person, the band the margin."""

    def column(pct: float) -> int:
        return round((100 - pct) / 100 * (width - 1))

    band = range(column(interval[1]), column(interval[0]) + 1)
    middle, dot = column(50), column(product_pct)
    left, right = gauge_ends(tr)
    line = Text(left, style=f"bold {PRODUCT_STYLE}")
    for x in range(width):
        if x == dot:
            line.append("●", style="bold")
        elif x in band:
            line.append("━", style=PRODUCT_STYLE if x < middle else PROGRAM_STYLE)
        elif x == middle:
            line.append("┼", style="dim")
        else:
            line.append("─", style="dim")
    line.append(right, style=f"bold {PROGRAM_STYLE}")
    return line


class FittedGauge:
    """The gauge as wide as it can be up to GAUGE_WIDTH, so it stays on one line at 60
    columns too (a Rich renderable: it learns the width when it is drawn)."""

    def __init__(
        self, product_pct: float, interval: tuple[float, float], tr: Translator = ENGLISH
    ) -> None:
        self.product_pct = product_pct
        self.interval = interval
        self.tr = tr

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        left, right = gauge_ends(self.tr)
        room = options.max_width - len(left) - len(right)
        width = max(11, min(GAUGE_WIDTH, room))
        if width % 2 == 0:  # an odd width has a middle column for 50 %
            width -= 1
        yield gauge(self.product_pct, self.interval, width=width, tr=self.tr)


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


def result_card(result: Result, *, brief: bool = False, tr: Translator = ENGLISH) -> RenderableType:
    """The card: first the part that fits one screen (headline, gauge, dimensions with their
    numbers, readiness), then the reasons and next steps, then the verdict again in one line,
    so that whatever has scrolled away, the end of the card still says it.

    `brief` is the first part alone. `tr` is the language of rolefit's own words (the
    result's sentences were written in it when it was scored).
    """
    first = Panel(
        Group(*_first_screen(result, tr)),
        title=_title(result, tr),
        title_align="left",
        padding=(0, 1),
    )
    if brief:
        return first
    return Group(first, *_details(result, tr), Text(), summary_line(result, tr))


def summary_line(result: Result, tr: Translator = ENGLISH) -> Text:
    """The verdict in one line: what the card closes with."""
    line = Text(tr.gettext("In short:") + " ", style="bold")
    style = (
        "bold"
        if result.verdict in ("balanced", "undetermined")
        else f"bold {role_style(result.verdict)}"
    )
    line.append(result.headline, style=style)
    return line


def _answered(result: Result, tr: Translator, *, first: bool = False) -> str:
    """`answered 12 of 14` (`Answered …` to start a line), `(short form)` after it if so."""
    if first:
        answered = tr.gettext("Answered {answered} of {asked}")
    else:
        answered = tr.gettext("answered {answered} of {asked}")
    answered = answered.format(answered=result.answered, asked=result.asked)
    return answered + (" " + tr.gettext("(short form)") if result.form == "short" else "")


def _first_screen(result: Result, tr: Translator) -> list[RenderableType]:
    headline_style = (
        "bold"
        if result.verdict in ("balanced", "undetermined")
        else (f"bold {role_style(result.verdict)}")
    )
    parts: list[RenderableType] = [Text(result.headline, style=headline_style)]
    if result.product_pct is not None and result.interval is not None:
        parts.append(Text())
        parts.append(FittedGauge(result.product_pct, result.interval, tr))
        interval = tr.gettext("90 % interval: {low}–{high} % product").format(
            **wording.whole_figures(result)
        )
        parts.append(Text(f"{interval} · {_answered(result, tr)}", style="dim"))
        parts.append(Text(wording.interval_meaning(tr), style="dim"))
    else:
        parts.append(Text(_answered(result, tr, first=True), style="dim"))
    if result.standing is not None:
        parts.append(Text(result.standing.sentence))
    parts.append(Text())
    parts.append(_dimensions(result, tr))
    parts.append(Text())
    parts.append(_readiness_line(result, tr))
    return parts


def _details(result: Result, tr: Translator) -> list[RenderableType]:
    parts: list[RenderableType] = []
    meanings = [d for d in result.dimensions if not d.shared]
    if meanings and wording.dimensions_not_read(result) is None:  # no verdict: said above
        parts.append(Text())
        parts.append(Text(tr.gettext("What the dimensions say"), style="bold underline"))
        table = Table.grid(padding=(0, 1))
        table.add_column("dimension", style="bold", max_width=30, overflow="fold")
        table.add_column("summary", ratio=1, overflow="fold")
        for d in meanings:
            table.add_row(Text(d.label), Text(d.summary))
        parts.append(table)
    if result.reasons:
        parts.append(Text())
        parts.append(Text(tr.gettext("Why"), style="bold underline"))
        legend = Text(tr.gettext("Points each answer moved:") + " ", style="dim")
        legend.append("◀ " + tr.gettext("toward product"), style=PRODUCT_STYLE)
        legend.append(" · ", style="dim")
        legend.append("▶ " + tr.gettext("toward program"), style=PROGRAM_STYLE)
        parts.append(legend)
        parts.append(_reasons(result, tr))
    if result.flags:
        parts.append(Text())
        parts.append(Text(tr.gettext("Worth knowing"), style="bold underline"))
        for flag in result.flags:
            parts.append(Text.assemble(("! ", "bold yellow"), flag.message))
    parts.append(Text())
    parts.append(Text(tr.gettext("Readiness and next steps"), style="bold underline"))
    for shared in (d for d in result.dimensions if d.shared):
        both = tr.gettext("{dimension} (part of both roles):").format(dimension=shared.label)
        parts.append(Text.assemble((both + " ", "bold"), shared.summary))
    parts.append(_next_steps(result, tr))
    parts.append(Text())
    sources = Text(tr.gettext("Sources:") + " ", style="dim")
    sources.append("; ".join(result.sources), style="dim italic")
    parts.append(sources)
    return parts


def _title(result: Result, tr: Translator) -> Text:
    """`rolefit · Name`: the name as the answers file gave it, made safe to show."""
    who = f" · {shown(result.respondent, tr=tr)}" if result.respondent else ""
    return Text(f"rolefit{who}", style="bold")


class _Dimensions:
    """The dimension table, its labels as wide as the terminal leaves them (at most 60)."""

    def __init__(self, result: Result, tr: Translator = ENGLISH) -> None:
        self.result = result
        self.tr = tr

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        unread = wording.dimensions_not_read(self.result, self.tr)
        if unread is not None:
            yield Text(self.tr.gettext("Dimensions"), style="bold underline")
            yield Text(unread, style="dim")
            return
        fixed = 2 * BAR_HALF + 1 + _value_width(self.tr) + 2
        yield _dimension_table(self.result, max(10, min(60, options.max_width - fixed)), self.tr)


def _value_width(tr: Translator) -> int:
    """The widest a dimension's number can be: `100 % program` or `left out`, as translated."""
    widest = (
        wording.lean_words(0.0, tr=tr),
        wording.lean_words(100.0, tr=tr),
        wording.dimension_value(None, tr),
    )
    return max(len(text) for text in widest)


def _dimensions(result: Result, tr: Translator = ENGLISH) -> RenderableType:
    return _Dimensions(result, tr)


def _dimension_table(result: Result, label_width: int, tr: Translator = ENGLISH) -> Table:
    """A bar and its number per dimension; shared foundations go to readiness instead."""
    table = Table.grid(padding=(0, 1))
    table.add_column(
        "dimension", style="bold", max_width=label_width, no_wrap=True, overflow="ellipsis"
    )
    # The bars and numbers keep their width; a narrow terminal shortens the labels instead.
    table.add_column("bar", no_wrap=True, width=2 * BAR_HALF + 1, min_width=2 * BAR_HALF + 1)
    table.add_column("value", no_wrap=True, min_width=_value_width(tr))
    header = _bar_header(tr)
    table.add_row(Text(tr.gettext("Dimensions"), style="bold underline"), header, "")
    for dimension in result.dimensions:
        if dimension.shared:
            continue
        value = dimension_value(dimension.product_pct, tr)
        if dimension.lean is None:
            bar = Text("—".center(2 * BAR_HALF + 1), style="dim")
            table.add_row(Text(dimension.label), bar, Text(value, style="dim"))
        else:
            pct = dimension.product_pct
            style = (
                ""
                if pct is None or round(pct) == 50
                else PRODUCT_STYLE
                if pct > 50
                else PROGRAM_STYLE
            )
            table.add_row(Text(dimension.label), lean_bar(dimension.lean), Text(value, style=style))
    return table


def _bar_header(tr: Translator) -> Text:
    """`product   program` over the bars; on two lines when the two words do not fit one."""
    width = 2 * BAR_HALF + 1
    product, program = side_word("product", tr), side_word("program", tr)
    header = Text()
    if len(product) + 1 + len(program) <= width:
        header.append(product.ljust(width - len(program)), style=PRODUCT_STYLE)
        header.append(program, style=PROGRAM_STYLE)
    else:
        header.append(product + "\n", style=PRODUCT_STYLE)
        header.append(program.rjust(width), style=PROGRAM_STYLE)
    return header


def _readiness_line(result: Result, tr: Translator) -> Text:
    """The self-ratings per role in one line, and shared foundations as part of both."""
    line = Text(tr.gettext("Readiness") + " ", style="bold")
    line.append(tr.gettext("(self-rated, of 5):") + " ", style="dim")
    ratings = []
    for readiness in result.readiness:
        rating = (
            tr.gettext("not rated") if readiness.score is None else decimal(readiness.score, 1, tr)
        )
        ratings.append((f"{side_word(readiness.role, tr)} {rating}", role_style(readiness.role)))
    for index, (text, style) in enumerate(ratings):
        if index:
            line.append(" · ", style="dim")
        line.append(text, style=style)
    if any(d.shared for d in result.dimensions):
        line.append(" · " + tr.gettext("both include the shared foundations"), style="dim")
    return line


def _reasons(result: Result, tr: Translator) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column("toward", no_wrap=True)
    table.add_column("reason", overflow="fold")
    for reason in result.reasons:
        arrow = Text(
            f"{'◀' if reason.toward == 'product' else '▶'} {decimal(reason.points, 1, tr):>4}",
            style=role_style(reason.toward),
        )
        body = Text()
        body.append(wording.quoted(reason.prompt, tr) + " ", style="italic")
        body.append(f"— {reason.answer}\n", style="bold")
        body.append(reason.because + "\n")
        body.append(reason.source, style="dim")
        table.add_row(arrow, body)
    return table


def _next_steps(result: Result, tr: Translator) -> RenderableType:
    if not result.next_steps:
        return Text(wording.no_next_steps(result.verdict, result.readiness, tr), style="dim")
    steps = Table.grid(padding=(0, 1))
    steps.add_column("n", no_wrap=True)
    steps.add_column("step", overflow="fold")
    for number, step in enumerate(result.next_steps, start=1):
        body = Text()
        body.append(f"{step.skill}", style="bold")
        rated = tr.gettext("you rated {rating} of 5; part of {role}").format(
            rating=step.rating, role=wording.role_name(step.role, tr)
        )
        body.append(f" ({rated})\n")
        body.append(step.advice + "\n")
        body.append(step.source, style="dim")
        steps.add_row(f"{number}.", body)
    return steps
