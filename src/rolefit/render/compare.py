"""A comparison of two results as markdown, JSON and a Rich table.

A side read from a saved result JSON is a file like any other: its respondent, headline and
dimension labels, and the paths of both sides, reach the markdown and the terminal only
through `_who`, `_source`, `_headline` and `_label`, which make them safe to show. The JSON
keeps them exactly as they were.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from rolefit.core.compare import DIMENSION_RULE, Change, Comparison, Side
from rolefit.core.text import shown
from rolefit.render.card import PRODUCT_STYLE, PROGRAM_STYLE
from rolefit.render.json import model_json
from rolefit.render.markdown import escape


def comparison_json(comparison: Comparison) -> str:
    return model_json(comparison)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}"


def verdict_line(comparison: Comparison) -> str:
    a, b = comparison.before, comparison.after
    if not comparison.verdict_changed:
        return f"Verdict unchanged: {a.verdict}."
    return f"Verdict changed: {a.verdict} → {b.verdict}."


def judgement(change: Change) -> str:
    if change.changed is None:
        return "not comparable"
    if change.changed:
        toward = "product" if (change.change or 0) > 0 else "program"
        return f"changed, toward {toward}"
    return "not a reliable change"


def _rci(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def _who(comparison: Comparison) -> str | None:
    who = comparison.after.respondent or comparison.before.respondent
    return shown(who) if who else None


def _source(side: Side) -> str:
    return shown(side.source)


def _headline(side: Side) -> str:
    return shown(side.headline)


def _label(change: Change) -> str:
    return shown(change.label)


def _kind(side: Side) -> str:
    return "answers file" if side.kind == "answers" else "saved result"


# --- Markdown ----------------------------------------------------------------------------


def comparison_markdown(comparison: Comparison) -> str:
    who = _who(comparison)
    lines = [f"# What changed{f' for {escape(who)}' if who else ''}", ""]
    for letter, side in (("A", comparison.before), ("B", comparison.after)):
        lines.append(
            f"- **{letter}**: {escape(_source(side))} ({_kind(side)}): {escape(_headline(side))}"
        )
    lines.append("")
    lines.append(f"**{verdict_line(comparison)}**")
    lines.append("")
    lines.append("| Product % | A | B | Change | RCI | Changed? |")
    lines.append("| --- | ---: | ---: | ---: | ---: | --- |")
    for change in (comparison.fit, *comparison.dimensions):
        label = escape(_label(change))
        label = f"**{label}**" if change.id == "fit" else label
        lines.append(
            f"| {label} | {_number(change.before)} | {_number(change.after)} | "
            f"{_signed(change.change)} | {_rci(change.rci)} | {judgement(change)} |"
        )
    lines.append("")
    lines.append(f"{comparison.rule} {DIMENSION_RULE}")
    lines.append("")
    lines.append("## Readiness (self-rating of 5)")
    lines.append("")
    lines.append("| Role | A | B | Change |")
    lines.append("| --- | ---: | ---: | ---: |")
    for r in comparison.readiness:
        lines.append(
            f"| {r.role.capitalize()} management | {_number(r.before)} | {_number(r.after)} | "
            f"{_signed(r.change)} |"
        )
    lines.append("")
    return "\n".join(lines)


# --- Terminal ----------------------------------------------------------------------------


def comparison_view(comparison: Comparison) -> RenderableType:
    parts: list[RenderableType] = []
    sides = Table.grid(padding=(0, 1))
    sides.add_column("letter", style="bold", no_wrap=True)
    sides.add_column("side", overflow="fold")
    for letter, side in (("A", comparison.before), ("B", comparison.after)):
        body = Text()
        body.append(_source(side), style="bold")
        body.append(f" ({_kind(side)})\n", style="dim")
        body.append(_headline(side))
        sides.add_row(letter, body)
    parts.append(sides)
    parts.append(Text())
    parts.append(Text(verdict_line(comparison), style="bold"))
    parts.append(Text())

    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("Product %", overflow="fold")
    table.add_column("A", justify="right")
    table.add_column("B", justify="right")
    table.add_column("Change", justify="right")
    table.add_column("RCI", justify="right")
    table.add_column("", overflow="fold")
    for change in (comparison.fit, *comparison.dimensions):
        verdict = Text(judgement(change))
        if change.changed:
            verdict.stylize(
                "bold " + (PRODUCT_STYLE if (change.change or 0) > 0 else PROGRAM_STYLE)
            )
        else:
            verdict.stylize("dim")
        table.add_row(
            Text(_label(change), style="bold" if change.id == "fit" else ""),
            _number(change.before),
            _number(change.after),
            _signed(change.change),
            _rci(change.rci),
            verdict,
        )
    parts.append(table)
    parts.append(Text())
    parts.append(Text("Readiness (self-rating of 5)", style="bold underline"))
    for r in comparison.readiness:
        parts.append(
            Text.assemble(
                (f"{r.role.capitalize()} management: ", "bold"),
                f"{_number(r.before)} → {_number(r.after)} ({_signed(r.change)})",
            )
        )
    parts.append(Text())
    parts.append(Text(f"{comparison.rule} {DIMENSION_RULE}", style="dim"))
    who = _who(comparison)
    title = "rolefit compare" + (f" · {who}" if who else "")
    return Panel(Group(*parts), title=Text(title, style="bold"), title_align="left", padding=(0, 1))
