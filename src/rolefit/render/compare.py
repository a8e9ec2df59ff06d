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
from rolefit.core.i18n import ENGLISH, Translator, decimal
from rolefit.core.text import shown
from rolefit.core.wording import role_title, verdict_word
from rolefit.render.card import PRODUCT_STYLE, PROGRAM_STYLE
from rolefit.render.json import model_json
from rolefit.render.markdown import escape


def comparison_json(comparison: Comparison) -> str:
    return model_json(comparison)


def _number(value: float | None, tr: Translator = ENGLISH) -> str:
    return "—" if value is None else decimal(value, 1, tr)


def _signed(value: float | None, tr: Translator = ENGLISH) -> str:
    return "—" if value is None else decimal(value, 1, tr, signed=True)


def verdict_line(comparison: Comparison, tr: Translator = ENGLISH) -> str:
    a, b = comparison.before, comparison.after
    if not comparison.verdict_changed:
        return tr.gettext("Verdict unchanged: {verdict}.").format(
            verdict=verdict_word(a.verdict, tr)
        )
    return tr.gettext("Verdict changed: {before} → {after}.").format(
        before=verdict_word(a.verdict, tr), after=verdict_word(b.verdict, tr)
    )


def judgement(change: Change, tr: Translator = ENGLISH) -> str:
    if change.changed is None:
        return tr.gettext("not comparable")
    if change.changed:
        if (change.change or 0) > 0:
            return tr.gettext("changed, toward product")
        return tr.gettext("changed, toward program")
    return tr.gettext("not a reliable change")


def _rci(value: float | None, tr: Translator = ENGLISH) -> str:
    return "—" if value is None else decimal(value, 2, tr, signed=True)


def _who(comparison: Comparison, tr: Translator) -> str | None:
    who = comparison.after.respondent or comparison.before.respondent
    return shown(who, tr=tr) if who else None


def _source(side: Side, tr: Translator) -> str:
    return shown(side.source, tr=tr)


def _headline(side: Side, tr: Translator) -> str:
    return shown(side.headline, tr=tr)


def _label(change: Change, tr: Translator = ENGLISH) -> str:
    # The overall row's label is rolefit's own word; a dimension's is the bank's.
    return tr.gettext(change.label) if change.id == "fit" else shown(change.label, tr=tr)


def _kind(side: Side, tr: Translator = ENGLISH) -> str:
    return tr.gettext("answers file") if side.kind == "answers" else tr.gettext("saved result")


def _rules(comparison: Comparison, tr: Translator) -> str:
    return f"{tr.gettext(comparison.rule)} {tr.gettext(DIMENSION_RULE)}"


def _columns(tr: Translator) -> tuple[str, ...]:
    return ("A", "B", tr.gettext("Change"), tr.gettext("RCI"))


# --- Markdown ----------------------------------------------------------------------------


def comparison_markdown(comparison: Comparison, tr: Translator = ENGLISH) -> str:
    who = _who(comparison, tr)
    if who:
        title = tr.gettext("What changed for {name}").format(name=escape(who))
    else:
        title = tr.gettext("What changed")
    lines = [f"# {title}", ""]
    for letter, side in (("A", comparison.before), ("B", comparison.after)):
        lines.append(
            f"- **{letter}**: {escape(_source(side, tr))} ({_kind(side, tr)}): "
            f"{escape(_headline(side, tr))}"
        )
    lines.append("")
    lines.append(f"**{verdict_line(comparison, tr)}**")
    lines.append("")
    a, b, change_column, rci = _columns(tr)
    header = (tr.gettext("Product %"), a, b, change_column, rci, tr.gettext("Changed?"))
    lines.append("| " + " | ".join(header) + " |")
    lines.append("| --- | ---: | ---: | ---: | ---: | --- |")
    for change in (comparison.fit, *comparison.dimensions):
        label = escape(_label(change, tr))
        label = f"**{label}**" if change.id == "fit" else label
        lines.append(
            f"| {label} | {_number(change.before, tr)} | {_number(change.after, tr)} | "
            f"{_signed(change.change, tr)} | {_rci(change.rci, tr)} | {judgement(change, tr)} |"
        )
    lines.append("")
    lines.append(_rules(comparison, tr))
    lines.append("")
    lines.append("## " + tr.gettext("Readiness (self-rating of 5)"))
    lines.append("")
    lines.append("| " + " | ".join((tr.gettext("Role"), a, b, change_column)) + " |")
    lines.append("| --- | ---: | ---: | ---: |")
    for r in comparison.readiness:
        lines.append(
            f"| {role_title(r.role, tr)} | {_number(r.before, tr)} | {_number(r.after, tr)} | "
            f"{_signed(r.change, tr)} |"
        )
    lines.append("")
    return "\n".join(lines)


# --- Terminal ----------------------------------------------------------------------------


def comparison_view(comparison: Comparison, tr: Translator = ENGLISH) -> RenderableType:
    parts: list[RenderableType] = []
    sides = Table.grid(padding=(0, 1))
    sides.add_column("letter", style="bold", no_wrap=True)
    sides.add_column("side", overflow="fold")
    for letter, side in (("A", comparison.before), ("B", comparison.after)):
        body = Text()
        body.append(_source(side, tr), style="bold")
        body.append(f" ({_kind(side, tr)})\n", style="dim")
        body.append(_headline(side, tr))
        sides.add_row(letter, body)
    parts.append(sides)
    parts.append(Text())
    parts.append(Text(verdict_line(comparison, tr), style="bold"))
    parts.append(Text())

    a, b, change_column, rci = _columns(tr)
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column(tr.gettext("Product %"), overflow="fold")
    table.add_column(a, justify="right")
    table.add_column(b, justify="right")
    table.add_column(change_column, justify="right")
    table.add_column(rci, justify="right")
    table.add_column("", overflow="fold")
    for change in (comparison.fit, *comparison.dimensions):
        verdict = Text(judgement(change, tr))
        if change.changed:
            verdict.stylize(
                "bold " + (PRODUCT_STYLE if (change.change or 0) > 0 else PROGRAM_STYLE)
            )
        else:
            verdict.stylize("dim")
        table.add_row(
            Text(_label(change, tr), style="bold" if change.id == "fit" else ""),
            _number(change.before, tr),
            _number(change.after, tr),
            _signed(change.change, tr),
            _rci(change.rci, tr),
            verdict,
        )
    parts.append(table)
    parts.append(Text())
    parts.append(Text(tr.gettext("Readiness (self-rating of 5)"), style="bold underline"))
    for r in comparison.readiness:
        parts.append(
            Text.assemble(
                (f"{role_title(r.role, tr)}: ", "bold"),
                f"{_number(r.before, tr)} → {_number(r.after, tr)} ({_signed(r.change, tr)})",
            )
        )
    parts.append(Text())
    parts.append(Text(_rules(comparison, tr), style="dim"))
    who = _who(comparison, tr)
    title = "rolefit compare" + (f" · {who}" if who else "")
    return Panel(Group(*parts), title=Text(title, style="bold"), title_align="left", padding=(0, 1))
