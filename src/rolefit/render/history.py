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
from rolefit.core.text import shown
from rolefit.render.markdown import escape, escape_shown

CHART_WIDTH = 41  # 2.5 % a column; odd, so that 50 % has a column of its own
EMPTY = "No results in your history yet: finish a quiz (`rolefit quiz`) and it is kept here."


def _when(item: PastResult) -> str:
    return item.taken.astimezone().strftime("%Y-%m-%d %H:%M")


def _bank(item: PastResult) -> str:
    return f"{item.bank_id} v{item.bank_version}"


def history_view(items: Sequence[PastResult]) -> RenderableType:
    """The table of past results, then the chart of the lean over time."""
    if not items:
        return Text(EMPTY)
    table = Table(title="Your results", title_justify="left", expand=False)
    for column in ("#", "date", "bank", "form", "verdict", "lean"):
        table.add_column(column, justify="right" if column == "#" else "left", no_wrap=True)
    for item in items:
        table.add_row(
            f"@{item.number}",
            _when(item),
            shown(_bank(item), 40),
            item.form,
            item.verdict,
            item.lean,
        )
    return Group(table, Text(""), lean_chart(items))


def lean_chart(items: Sequence[PastResult]) -> Text:
    """One row per result on a program–product axis; `●` marks the lean, `│` the middle."""
    middle = CHART_WIDTH // 2
    label = "program" + " " * (CHART_WIDTH - len("program") - len("product")) + "product"
    chart = Text("Lean over time\n", style="bold")
    chart.append(f"{'':>6}  {label}\n", style="dim")
    chart.append(
        f"{'':>6}  {'0 %':<{middle}}50 %{'100 %':>{CHART_WIDTH - middle - 4}}\n", style="dim"
    )
    for item in items:
        chart.append(f"{'@' + str(item.number):>6}  ")
        if item.product_pct is None:
            chart.append(f"{'(no lean measured)':^{CHART_WIDTH}}", style="dim")
        else:
            column = chart_column(item.product_pct, CHART_WIDTH)
            row = ["·"] * CHART_WIDTH
            row[middle] = "│"
            chart.append("".join(row[:column]), style="dim")
            chart.append("●", style="bold cyan")
            chart.append("".join(row[column + 1 :]), style="dim")
        chart.append(f"  {item.lean}\n")
    chart.rstrip()
    return chart


def history_markdown(items: Sequence[PastResult]) -> str:
    if not items:
        return f"# Your results\n\n{escape(EMPTY)}\n"
    lines = [
        "# Your results",
        "",
        "| # | Date | Bank | Form | Verdict | Lean |",
        "| ---: | --- | --- | --- | --- | --- |",
    ]
    for item in items:
        lines.append(
            f"| @{item.number} | {_when(item)} | {escape_shown(_bank(item), 40)} | {item.form} | "
            f"{item.verdict} | {item.lean} |"
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
