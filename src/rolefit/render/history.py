"""`rolefit history`: the list of one's past results and a chart of the lean over time.

Text (Rich), markdown and JSON, like every other command. The chart puts one row per result,
oldest first, on an axis from program (left) to product (right) with 50 % marked, so a
drift shows as the dot walking across; results with no lean measured get a row that says so.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rolefit.core.history import PastResult, chart_column
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.text import shown
from rolefit.core.wording import side_word, verdict_word
from rolefit.render.markdown import escape, escape_shown

CHART_WIDTH = 41  # 2.5 % a column; odd, so that 50 % has a column of its own


def empty(tr: Translator = ENGLISH) -> str:
    """What the history says before the first finished quiz."""
    return tr.gettext(
        "No results in your history yet: finish a quiz (`rolefit quiz`) and it is kept here."
    )


EMPTY = empty()


def _when(item: PastResult) -> str:
    return item.taken.astimezone().strftime("%Y-%m-%d %H:%M")


def _bank(item: PastResult) -> str:
    return f"{item.bank_id} v{item.bank_version}"


def _form(item: PastResult, tr: Translator) -> str:
    return tr.gettext("short") if item.form == "short" else tr.gettext("full")


def _columns(tr: Translator) -> tuple[str, ...]:
    return (
        "#",
        tr.gettext("date"),
        tr.gettext("bank"),
        tr.gettext("form"),
        tr.gettext("verdict"),
        tr.gettext("lean"),
    )


def history_view(items: Sequence[PastResult], tr: Translator = ENGLISH) -> RenderableType:
    """The table of past results, then the chart of the lean over time."""
    if not items:
        return Text(empty(tr))
    table = Table(title=tr.gettext("Your results"), title_justify="left", expand=False)
    for index, column in enumerate(_columns(tr)):
        # The handle and the date never wrap (two results of one day stay apart); the words
        # wrap rather than lose their ends in a longer language.
        table.add_column(column, justify="right" if index == 0 else "left", no_wrap=index < 2)
    for item in items:
        table.add_row(
            f"@{item.number}",
            _when(item),
            shown(_bank(item), 40, tr),
            _form(item, tr),
            verdict_word(item.verdict, tr),
            item.lean_in(tr),
        )
    return Group(table, Text(""), lean_chart(items, tr))


def lean_chart(items: Sequence[PastResult], tr: Translator = ENGLISH) -> Text:
    """One row per result on a program–product axis; `●` marks the lean, `│` the middle."""
    middle = CHART_WIDTH // 2
    program, product = side_word("program", tr), side_word("product", tr)
    label = program + " " * max(1, CHART_WIDTH - len(program) - len(product)) + product
    chart = Text(tr.gettext("Lean over time") + "\n", style="bold")
    chart.append(f"{'':>6}  {label}\n", style="dim")
    chart.append(
        f"{'':>6}  {'0 %':<{middle}}50 %{'100 %':>{CHART_WIDTH - middle - 4}}\n", style="dim"
    )
    for item in items:
        chart.append(f"{'@' + str(item.number):>6}  ")
        if item.product_pct is None:
            none = "(" + tr.gettext("no lean measured") + ")"
            chart.append(f"{none:^{CHART_WIDTH}}", style="dim")
        else:
            column = chart_column(item.product_pct, CHART_WIDTH)
            row = ["·"] * CHART_WIDTH
            row[middle] = "│"
            chart.append("".join(row[:column]), style="dim")
            chart.append("●", style="bold cyan")
            chart.append("".join(row[column + 1 :]), style="dim")
        chart.append(f"  {item.lean_in(tr)}\n")
    chart.rstrip()
    return chart


def history_markdown(items: Sequence[PastResult], tr: Translator = ENGLISH) -> str:
    title = "# " + tr.gettext("Your results")
    if not items:
        return f"{title}\n\n{escape(empty(tr))}\n"
    header = (
        "#",
        tr.gettext("Date"),
        tr.gettext("Bank"),
        tr.gettext("Form"),
        tr.gettext("Verdict"),
        tr.gettext("Lean"),
    )
    lines = [
        title,
        "",
        "| " + " | ".join(header) + " |",
        "| ---: | --- | --- | --- | --- | --- |",
    ]
    for item in items:
        lines.append(
            f"| @{item.number} | {_when(item)} | {escape_shown(_bank(item), 40, tr)} | "
            f"{_form(item, tr)} | {verdict_word(item.verdict, tr)} | {item.lean_in(tr)} |"
        )
    return "\n".join(lines) + "\n"


def history_json(items: Sequence[PastResult]) -> str:
    rows = [
        {
            "number": item.number,
            "taken": item.taken.isoformat(),
            "bank_id": item.bank_id,
            "bank_version": item.bank_version,
            "form": item.form,
            "respondent": item.respondent,
            "verdict": item.verdict,
            "product_pct": item.product_pct,
            "headline": item.headline,
        }
        for item in items
    ]
    return json.dumps({"results": rows}, indent=2, ensure_ascii=False) + "\n"
