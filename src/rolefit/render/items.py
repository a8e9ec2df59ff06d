"""The item and scale analysis of a cohort report, as markdown, Rich renderables and HTML.

Kept apart from `render.cohort` so that the report's layout and this section can change
independently; `render.cohort` adds these sections after its own. Question texts come from
the bank (a file), so they reach markdown through `escape` and the terminal through `shown`.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from rolefit.core.cohort import MIN_RESPONDENTS_FOR_ALPHA, CohortReport, DimensionSummary
from rolefit.core.text import shown
from rolefit.render.markdown import escape

SCALE_NOTE = (
    "Cronbach's alpha with pairwise deletion: each covariance over the people who answered "
    "both items, so follow-up questions asked of some people only count for them; n is the "
    "people who answered at least one item, and the 95 % interval is Feldt's. Alpha of about "
    "0.7 or more says the items agree well enough to add up; it does not show that they "
    "measure one thing. SEM = SD × √(1 − alpha), in product % points. Below "
    f"{MIN_RESPONDENTS_FOR_ALPHA} people nothing is estimated. Per item: n answered, skipped "
    "(of those asked), floor and ceiling (answers at the item's most program-ward and most "
    "product-ward value), r (corrected item-total: the item against the mean of the others) "
    "and alpha without the item."
)


def _n(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} %"


def reliability(d: DimensionSummary) -> str:
    """One dimension's scale figures in a line, or why there are none."""
    if d.alpha is None:
        return d.alpha_note or "—"
    ci = f" (95 % CI {_n(d.alpha_ci[0])} to {_n(d.alpha_ci[1])})" if d.alpha_ci else ""
    return (
        f"alpha {d.alpha:.2f}{ci}, standardised {_n(d.standardised_alpha)}, "
        f"SEM {_n(d.sem, 1)}, n = {d.alpha_respondents}"
    )


def _analysed(report: CohortReport) -> list[DimensionSummary]:
    return [d for d in report.dimensions if not d.shared and d.items >= 2]


def scale_markdown(report: CohortReport) -> list[str]:
    dimensions = _analysed(report)
    if not dimensions:
        return []
    lines = ["## Items and scales", "", SCALE_NOTE, ""]
    for d in dimensions:
        lines.append(f"### {escape(d.label)}: {escape(reliability(d))}")
        lines.append("")
        if not d.item_analysis:
            continue
        lines.append("| Question | n | Skipped | Floor | Ceiling | r | Alpha without |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for item in d.item_analysis:
            lines.append(
                f"| `{item.question_id}` {escape(item.text)} | {item.n} | "
                f"{_pct(item.skipped_pct)} | {_pct(item.floor_pct)} | {_pct(item.ceiling_pct)} "
                f"| {_n(item.item_rest_r)} | {_n(item.alpha_if_deleted)} |"
            )
        lines.append("")
    return lines


def scale_view(report: CohortReport) -> list[RenderableType]:
    dimensions = _analysed(report)
    if not dimensions:
        return []
    parts: list[RenderableType] = [Text(), Text("Items and scales", style="bold underline")]
    for d in dimensions:
        parts.append(Text.assemble((shown(d.label), "bold"), ": ", shown(reliability(d))))
        if not d.item_analysis:
            continue
        table = Table(box=None, padding=(0, 1), show_edge=False)
        table.add_column("Question", overflow="fold")
        for title in ("n", "Skip", "Floor", "Ceil", "r", "α−"):
            table.add_column(title, justify="right", no_wrap=True)
        for item in d.item_analysis:
            table.add_row(
                Text(shown(item.text)),
                str(item.n),
                _pct(item.skipped_pct),
                _pct(item.floor_pct),
                _pct(item.ceiling_pct),
                _n(item.item_rest_r),
                _n(item.alpha_if_deleted),
            )
        parts.append(table)
    parts.append(Text(SCALE_NOTE, style="dim"))
    return parts


def scale_html(report: CohortReport) -> str:
    """The section for the cohort page: per dimension its figures, then a table of its items."""
    from rolefit.render.design import esc

    dimensions = _analysed(report)
    if not dimensions:
        return ""
    parts = [f'<p class="meta">{esc(SCALE_NOTE)}</p>']
    for d in dimensions:
        parts.append(f"<h3>{esc(d.label)}</h3>\n<p>{esc(reliability(d))}</p>")
        if not d.item_analysis:
            continue
        rows = "".join(
            f"<tr><td><code>{esc(item.question_id)}</code> {esc(item.text)}</td>"
            f'<td class="num">{item.n}</td><td class="num">{_pct(item.skipped_pct)}</td>'
            f'<td class="num">{_pct(item.floor_pct)}</td>'
            f'<td class="num">{_pct(item.ceiling_pct)}</td>'
            f'<td class="num">{_n(item.item_rest_r)}</td>'
            f'<td class="num">{_n(item.alpha_if_deleted)}</td></tr>'
            for item in d.item_analysis
        )
        parts.append(
            '<div class="scroll"><table><thead><tr><th scope="col">Question</th>'
            + "".join(
                f'<th scope="col" class="num">{title}</th>'
                for title in ("n", "Skipped", "Floor", "Ceiling", "r", "Alpha without")
            )
            + f"</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    body = "\n".join(parts)
    return (
        '<section aria-labelledby="scales">\n<h2 id="scales">Items and scales</h2>\n'
        f"{body}\n</section>"
    )
