"""The cohort report as one picture (`cohort_svg`), and the parts it stacks top to bottom:
the heading, the three charts (verdicts, product % across the cohort, dimensions), the lists
of whom to talk to and of everyone, and the frame around them.

Each part takes `y`, where it starts, and gives its SVG elements and where the next part
starts, so a part that wraps onto more lines moves everything below it. Like the result's
card (`render.picture`), it draws only what librsvg and browsers draw alike.
"""

from __future__ import annotations

from rolefit.core.cohort_report import CohortReport
from rolefit.core.i18n import ENGLISH, Translator, language_tag
from rolefit.render.charts import Bar, Drawing, Spread, count_bars, histogram, spreads
from rolefit.render.cohort_words import (
    files_line,
    flag_words,
    lean,
    margin,
    no_submissions_sentence,
    person,
    verdict_label,
    worth_a_conversation,
)
from rolefit.render.design import (
    INK,
    MUTED,
    VERDICT_COLOUR,
    Drawn,
    svg_card,
    text_line,
    wrap,
)

SVG_WIDTH = 640
SVG_PADDING = 28
INNER = SVG_WIDTH - 2 * SVG_PADDING
BODY = 16
TOP = SVG_PADDING + 14.0  # the first line's baseline


def verdict_bars(report: CohortReport, tr: Translator) -> list[Bar]:
    """A bar per verdict with its share of the people scored: the page draws these too."""
    return [
        Bar(verdict_label(v, tr), n, VERDICT_COLOUR[v], _bracketed_share(n, report.count))
        for v, n in report.verdicts.items()
    ]


def _bracketed_share(count: int, total: int) -> str:
    return f" ({100 * count / total:.0f} %)" if total else ""


def draw_heading(report: CohortReport, tr: Translator, y: float) -> Drawn:
    """The brand, the bank's title (wrapped) and how many files were scored."""
    parts = [text_line(SVG_PADDING, y, tr.gettext("rolefit cohort report"), 15, MUTED, "bold")]
    y += 34
    for title_line in wrap(report.bank_title, 24, INNER):
        parts.append(text_line(SVG_PADDING, y, title_line, 24, INK, "bold"))
        y += 30
    y -= 4
    parts.append(text_line(SVG_PADDING, y, files_line(report, tr), BODY, MUTED))
    return parts, y


def draw_nobody_scored(report: CohortReport, tr: Translator, y: float) -> Drawn:
    """In place of the charts and lists: why there is nothing to show."""
    y += 30
    said = (
        no_submissions_sentence(tr)
        if not report.files
        else tr.gettext("Nobody could be scored: see the invalid files.")
    )
    return [text_line(SVG_PADDING, y, said, BODY)], y


def draw_charts(report: CohortReport, tr: Translator, y: float) -> Drawn:
    """The verdicts, product % across the cohort and the dimensions, each under its title."""
    parts: list[str] = []
    for title, chart in _charts(report, tr):
        y += 40
        # A title wraps like the bank's: longer languages must not run off the picture.
        for number, title_line in enumerate(wrap(title, 19, INNER)):
            y += 24 if number else 0
            parts.append(text_line(SVG_PADDING, y, title_line, 19, INK, "bold"))
        y += 12
        parts.append(chart.at(SVG_PADDING, y))
        y += chart.height
    return parts, y


def _charts(report: CohortReport, tr: Translator) -> list[tuple[str, Drawing]]:
    dimensions = [
        Spread(
            d.label,
            d.mean,
            d.sd,
            tr.gettext("n {n}").format(n=d.n),
            tuple(b.count for b in d.histogram),
        )
        for d in report.dimensions
        if not d.shared
    ]
    return [
        (
            tr.pgettext("cohort", "Verdicts"),
            count_bars(verdict_bars(report, tr), width=INNER, size=BODY),
        ),
        (
            tr.gettext("Product % across the cohort"),
            histogram(
                [(b.low, b.high, b.count) for b in report.histogram],
                width=INNER,
                size=BODY,
                tr=tr,
            ),
        ),
        (
            tr.gettext("Dimensions: where people sit, mean and spread"),
            spreads(dimensions, width=INNER, size=BODY, tr=tr),
        ),
    ]


def draw_lists(report: CohortReport, tr: Translator, y: float) -> Drawn:
    """The facilitator's view, as in every other format: whom to talk to, then everyone."""
    parts: list[str] = []
    for title, entries in _lists(report, tr):
        y += 44
        parts.append(text_line(SVG_PADDING, y, title, 19, INK, "bold"))
        y += 6
        for entry in entries:
            for number, text in enumerate(wrap(entry, 15, INNER - 12)):
                y += 21
                lead = "• " if number == 0 else "   "  # a bullet, then its text's indent
                parts.append(text_line(SVG_PADDING, y, lead + text, 15))
    return parts, y


def _lists(report: CohortReport, tr: Translator) -> list[tuple[str, list[str]]]:
    talks = worth_a_conversation(report, tr)
    nobody = tr.gettext("Nobody: every verdict stands and no answers were flagged.")
    everyone = [
        tr.gettext("{person}: {verdict}, {lean}, margin {margin}, flags: {flags}").format(
            person=person(row, tr),
            verdict=verdict_label(row.verdict, tr),
            lean=lean(row, tr),
            margin=margin(row),
            flags=flag_words(row, tr),
        )
        for row in report.respondents
    ]
    return [
        (
            tr.gettext("Worth a conversation"),
            [f"{person(row, tr)}: {why}" for row, why in talks] or [nobody],
        ),
        (tr.gettext("People"), everyone),
    ]


def framed(report: CohortReport, tr: Translator, parts: list[str], y: float) -> str:
    """The whole picture: its parts on a card that reaches just below the last of them."""
    height = y + SVG_PADDING
    title = tr.gettext("rolefit cohort report: {title}").format(title=report.bank_title)
    return svg_card(SVG_WIDTH, height, title, language_tag(tr), parts)


def cohort_svg(report: CohortReport, tr: Translator = ENGLISH) -> str:
    """The cohort as one SVG: the verdicts, the histogram, the dimensions, then who is worth
    a conversation and a line per person, each part drawn below."""
    parts = (
        (draw_heading, draw_charts, draw_lists)
        if report.count
        else (draw_heading, draw_nobody_scored)
    )
    drawn: list[str] = []
    y = TOP
    for part in parts:
        elements, y = part(report, tr, y)
        drawn += elements
    return framed(report, tr, drawn, y)
