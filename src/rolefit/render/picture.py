"""The result as a picture to share: a light SVG card, and the result page as HTML.

The card is drawn, not a recording of the terminal: the headline, the gauge with its
interval, a bar with its number per dimension, and readiness, in text of at least 14 px at its
natural size (720 px wide). It uses only what librsvg and browsers draw alike: rectangles,
lines, circles and `<text>` with `text-anchor` (no CSS, no `dominant-baseline`, no filters,
no fonts to fetch), so `rsvg-convert` and Chromium give the same picture.

Text from a file (the respondent's name) is made safe to show (`shown`) and escaped (`esc`);
no character XML cannot hold is ever written raw.
"""

from __future__ import annotations

from rolefit.core import wording
from rolefit.core.i18n import ENGLISH, Translator, decimal, language_tag
from rolefit.core.result import Result
from rolefit.core.text import shown
from rolefit.core.wording import side_word
from rolefit.render.charts import dimension_bars, gauge
from rolefit.render.design import (
    INK,
    MUTED,
    RULE,
    VERDICT_COLOUR,
    Drawn,
    svg_card,
    text_line,
    wrap,
    xml_safe,
)
from rolefit.render.page import result_page

CARD_WIDTH = 720
PADDING = 32
INNER = CARD_WIDTH - 2 * PADDING
BODY = 16  # the smallest text on the card is 14 px (the sources line)

__all__ = ["CARD_WIDTH", "card_html", "card_svg", "result_svg", "xml_safe"]


def result_svg(result: Result, tr: Translator = ENGLISH) -> str:
    """The result card as one self-contained SVG document."""
    parts: list[str] = []
    y = PADDING + 14.0
    # Top to bottom: each part starts where the one above it ended.
    for part in (_heading, _place, _dimensions, _readiness, _sources):
        drawn, y = part(result, tr, y)
        parts += drawn
    height = y + PADDING - 6
    title = f"rolefit{_who(result, tr)}: {result.headline}"
    return svg_card(CARD_WIDTH, height, title, language_tag(tr), parts)


def _who(result: Result, tr: Translator) -> str:
    return f" · {shown(result.respondent, tr=tr)}" if result.respondent else ""


def _heading(result: Result, tr: Translator, y: float) -> Drawn:
    """Whose card it is, the headline in the verdict's colour, and how much was answered."""
    header = wrap(f"rolefit{_who(result, tr)}", 15, INNER)
    parts = [text_line(PADDING, y, header[0] + ("…" if len(header) > 1 else ""), 15, MUTED, "bold")]
    y += 10
    for line in wrap(result.headline, 26, INNER):
        y += 34
        parts.append(text_line(PADDING, y, line, 26, VERDICT_COLOUR[result.verdict], "bold"))
    y += 26
    meta = wording.answered_line(result, tr)
    if result.interval is not None:
        meta += " · " + tr.gettext("90 % interval {low}–{high} % product").format(
            **wording.whole_figures(result)
        )
    parts.append(text_line(PADDING, y, meta, BODY, MUTED))
    return parts, y


def _place(result: Result, tr: Translator, y: float) -> Drawn:
    """The gauge with its interval, and the standing in a group (`score --norms`)."""
    parts: list[str] = []
    if result.product_pct is not None and result.interval is not None:
        y += 14
        chart = gauge(result.product_pct, result.interval, width=INNER, size=BODY, tr=tr)
        parts.append(chart.at(PADDING, y))
        y += chart.height
    if result.standing is not None:
        for standing_line in wrap(result.standing.sentence, BODY, INNER):
            y += 22
            parts.append(text_line(PADDING, y, standing_line, BODY, INK))
    return parts, y


def _dimensions(result: Result, tr: Translator, y: float) -> Drawn:
    """Under a rule, a bar per dimension, or why the dimensions could not be read."""
    placed = [d for d in result.dimensions if not d.shared]
    if not placed:
        return [], y
    y += 16
    parts = [
        f'<line x1="{PADDING}" y1="{y:.1f}" x2="{CARD_WIDTH - PADDING}" y2="{y:.1f}" '
        f'stroke="{RULE}"/>'
    ]
    y += 30
    parts.append(text_line(PADDING, y, tr.gettext("Dimensions"), 19, INK, "bold"))
    unread = wording.dimensions_not_read(result, tr)
    if unread is not None:
        for unread_line in wrap(unread, BODY, INNER):
            y += 22
            parts.append(text_line(PADDING, y, unread_line, BODY))
        return parts, y
    y += 4
    bars = dimension_bars(placed, width=INNER, size=BODY, tr=tr)
    parts.append(bars.at(PADDING, y))
    return parts, y + bars.height


def _readiness(result: Result, tr: Translator, y: float) -> Drawn:
    """The self-rated readiness per role, on one line; nothing when no skill was rated."""
    ratings = [
        f"{side_word(r.role, tr)} {decimal(r.score, 1, tr)}"
        for r in result.readiness
        if r.score is not None
    ]
    if not ratings:
        return [], y
    y += 22
    readiness = tr.gettext("Readiness, self-rated of 5: {ratings}")
    return [text_line(PADDING, y, readiness.format(ratings=" · ".join(ratings)), BODY)], y


def _sources(result: Result, tr: Translator, y: float) -> Drawn:
    """Where the questions come from, in the card's smallest text."""
    y += 12
    sources = tr.gettext("Sources: {sources}").format(sources="; ".join(result.sources))
    parts: list[str] = []
    for line in wrap(sources, 14, INNER):
        y += 20
        parts.append(text_line(PADDING, y, line, 14, MUTED))
    return parts, y


def card_svg(result: Result, tr: Translator = ENGLISH) -> str:
    """The card as a self-contained SVG (kept under its old name for the quiz's --export)."""
    return result_svg(result, tr)


def card_html(result: Result, tr: Translator = ENGLISH) -> str:
    """The result page (see `rolefit.render.page`)."""
    return result_page(result, tr)
