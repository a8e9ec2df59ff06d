"""The item and scale analysis of a cohort report, as markdown, Rich renderables and HTML.

Kept apart from `render.cohort` so that the report's layout and this section can change
independently; `render.cohort` adds these sections after its own. Question texts come from
the bank (a file), so they reach markdown through `escape` and the terminal through `shown`.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from rolefit.core.cohort_report import (
    MIN_RESPONDENTS_FOR_ALPHA,
    CohortReport,
    DimensionSummary,
    ItemAnalysis,
)
from rolefit.core.i18n import ENGLISH, N_, Translator, decimal
from rolefit.core.text import shown
from rolefit.render.markdown import escape

# Marked for the catalog, translated where shown; {minimum} is MIN_RESPONDENTS_FOR_ALPHA.
SCALE_NOTE = N_(
    "Cronbach's alpha with pairwise deletion: each covariance over the people who answered "
    "both items, so follow-up questions asked of some people only count for them; n is the "
    "people who answered at least one item, and the 95 % interval is Feldt's. Alpha of about "
    "0.7 or more says the items agree well enough to add up; it does not show that they "
    "measure one thing. SEM = SD × √(1 − alpha), in product % points. Below "
    "{minimum} people nothing is estimated, and a question fewer than {minimum} people "
    "answered is left out of alpha and gets no r. Per item: n answered, skipped "
    "(of those asked), floor and ceiling (answers at the item's most program-ward and most "
    "product-ward value), r (corrected item-total: the item against the mean of the others) "
    "and alpha without the item."
)


def scale_note(tr: Translator = ENGLISH) -> str:
    """The note that explains the section's figures, in the reader's words."""
    return tr.gettext(SCALE_NOTE).format(minimum=MIN_RESPONDENTS_FOR_ALPHA)


def _n(value: float | None, tr: Translator = ENGLISH, digits: int = 2) -> str:
    return "—" if value is None else decimal(value, digits, tr)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} %"


def _figures(item: ItemAnalysis, tr: Translator) -> tuple[str, ...]:
    """An item's row of figures, as both tables show them: answered, skipped, floor,
    ceiling, item-rest correlation, alpha without it."""
    return (
        str(item.n),
        _pct(item.skipped_pct),
        _pct(item.floor_pct),
        _pct(item.ceiling_pct),
        _n(item.item_rest_r, tr),
        _n(item.alpha_if_deleted, tr),
    )


def alpha_note(dimension: DimensionSummary, tr: Translator = ENGLISH) -> str | None:
    """Why a dimension has no alpha, in the reader's words (the JSON keeps the core's English)."""
    gap = dimension.alpha_gap
    if gap is None:
        return None
    if gap == "too_few_people":
        return tr.ngettext(
            "too few to estimate: {count} person answered, at least {needed} are needed",
            "too few to estimate: {count} people answered, at least {needed} are needed",
            dimension.alpha_respondents,
        ).format(count=dimension.alpha_respondents, needed=MIN_RESPONDENTS_FOR_ALPHA)
    if gap == "too_few_items":
        return tr.gettext(
            "not estimated: fewer than two of its questions were answered by {needed} people "
            "or more"
        ).format(needed=MIN_RESPONDENTS_FOR_ALPHA)
    return tr.gettext("undefined: no spread, or two items never answered by the same two people")


def reliability(d: DimensionSummary, tr: Translator = ENGLISH) -> str:
    """One dimension's scale figures in a line, or why there are none."""
    if d.alpha is None:
        return alpha_note(d, tr) or "—"
    ci = (
        tr.gettext(" (95 % CI {low} to {high})").format(
            low=_n(d.alpha_ci[0], tr), high=_n(d.alpha_ci[1], tr)
        )
        if d.alpha_ci
        else ""
    )
    return tr.gettext("alpha {alpha}{ci}, standardised {standardised}, SEM {sem}, n = {n}").format(
        alpha=decimal(d.alpha, 2, tr),
        ci=ci,
        standardised=_n(d.standardised_alpha, tr),
        sem=_n(d.sem, tr, 1),
        n=d.alpha_respondents,
    )


def _analysed(report: CohortReport) -> list[DimensionSummary]:
    return [d for d in report.dimensions if not d.shared and d.items >= 2]


def scale_markdown(report: CohortReport, tr: Translator = ENGLISH) -> list[str]:
    dimensions = _analysed(report)
    if not dimensions:
        return []
    lines = [tr.gettext("## Items and scales"), "", scale_note(tr), ""]
    for d in dimensions:
        lines.append(f"### {escape(d.label)}: {escape(reliability(d, tr))}")
        lines.append("")
        if not d.item_analysis:
            continue
        lines.append(tr.gettext("| Question | n | Skipped | Floor | Ceiling | r | Alpha without |"))
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for item in d.item_analysis:
            lines.append(
                f"| `{item.question_id}` {escape(item.text)} | {item.n} | "
                f"{_pct(item.skipped_pct)} | {_pct(item.floor_pct)} | {_pct(item.ceiling_pct)} "
                f"| {_n(item.item_rest_r, tr)} | {_n(item.alpha_if_deleted, tr)} |"
            )
        lines.append("")
    return lines


def scale_view(report: CohortReport, tr: Translator = ENGLISH) -> list[RenderableType]:
    dimensions = _analysed(report)
    if not dimensions:
        return []
    heading = Text(tr.gettext("Items and scales"), style="bold underline")
    parts: list[RenderableType] = [Text(), heading]
    for d in dimensions:
        parts.append(
            Text.assemble((shown(d.label, tr=tr), "bold"), ": ", shown(reliability(d, tr), tr=tr))
        )
        if not d.item_analysis:
            continue
        table = Table(box=None, padding=(0, 1), show_edge=False)
        table.add_column(tr.pgettext("column", "Question"), overflow="fold")
        # Translators: short column headings of the item table (80 columns wide): answered,
        # skipped, floor, ceiling, item-rest correlation, alpha without the item.
        titles = (
            tr.pgettext("column", "n"),
            tr.pgettext("column", "Skip"),
            tr.pgettext("column", "Floor"),
            tr.pgettext("column", "Ceil"),
            tr.pgettext("column", "r"),
            tr.pgettext("column", "α−"),
        )
        for title in titles:
            table.add_column(title, justify="right", no_wrap=True)
        for item in d.item_analysis:
            table.add_row(Text(shown(item.text, tr=tr)), *_figures(item, tr))
        parts.append(table)
    parts.append(Text(scale_note(tr), style="dim"))
    return parts


def scale_html(report: CohortReport, tr: Translator = ENGLISH) -> str:
    """The section for the cohort page: per dimension its figures, then a table of its items."""
    from rolefit.render.design import esc, labelled_cells

    dimensions = _analysed(report)
    if not dimensions:
        return ""
    titles = (
        tr.pgettext("column", "n"),
        tr.gettext("Skipped"),
        tr.gettext("Floor"),
        tr.gettext("Ceiling"),
        tr.pgettext("column", "r"),
        tr.gettext("Alpha without"),
    )
    parts = [f'<p class="meta">{esc(scale_note(tr))}</p>']
    for d in dimensions:
        parts.append(f"<h3>{esc(d.label)}</h3>\n<p>{esc(reliability(d, tr))}</p>")
        if not d.item_analysis:
            continue
        rows = "".join(
            f"<tr><td><code>{esc(item.question_id)}</code> {esc(item.text)}</td>"
            + labelled_cells(*zip(_figures(item, tr), titles, strict=True))
            + "</tr>"
            for item in d.item_analysis
        )
        parts.append(
            '<div class="scroll"><table class="labelled"><thead><tr><th scope="col">'
            + esc(tr.pgettext("column", "Question"))
            + "</th>"
            + "".join(f'<th scope="col" class="num">{esc(title)}</th>' for title in titles)
            + f"</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    body = "\n".join(parts)
    heading = esc(tr.gettext("Items and scales"))
    return f'<section aria-labelledby="scales">\n<h2 id="scales">{heading}</h2>\n{body}\n</section>'
