"""Charts as SVG: the gauge with its interval, a diverging bar per dimension, histograms.

Each chart is a `Drawing`: SVG elements laid out from (0, 0) to (width, height) in user
units, which a page wraps in its own `<svg>` (`standalone`) or a picture places with a
`<g transform>`. Every bar carries its number and every scale an axis, so a chart read in
black and white, or by a screen reader from its title, still says what it shows.

Product sits on the left and program on the right, as on the terminal card.
"""

from __future__ import annotations

from collections.abc import Sequence

from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.records import record
from rolefit.core.result import DimensionResult
from rolefit.core.wording import dimension_value, lean_words
from rolefit.render.design import (
    BAND_PRODUCT,
    BAND_PROGRAM,
    INK,
    MUTED,
    PAPER,
    PRODUCT,
    PROGRAM,
    ROLE_COLOUR,
    RULE,
    TRACK,
    esc,
    text_width,
    wrap,
)


@record
class Drawing:
    body: str
    width: float
    height: float

    def standalone(self, title: str, css_class: str = "chart") -> str:
        """An inline `<svg>` that scales to its container and keeps its proportions."""
        return (
            f'<svg class="{css_class}" viewBox="0 0 {self.width:g} {self.height:g}" '
            f'role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{esc(title)}</title>{self.body}</svg>"
        )

    def at(self, x: float, y: float) -> str:
        return f'<g transform="translate({x:g} {y:g})">{self.body}</g>'


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float,
    fill: str = INK,
    anchor: str = "start",
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{esc(content)}</text>'
    )


def _x(pct: float, left: float, width: float) -> float:
    """Where a product % sits on a scale from `left` (100 % product) to `left + width` (0 %)."""
    return left + (100 - pct) / 100 * width


def _axis(left: float, width: float, y: float, size: float, tr: Translator = ENGLISH) -> str:
    """Ticks at every 25 points, labelled with how far toward each role they are."""
    parts = [f'<line x1="{left:g}" y1="{y:g}" x2="{left + width:g}" y2="{y:g}" stroke="{RULE}"/>']
    labels = {100: "100", 75: "75", 50: "50", 25: "75", 0: "100"}
    for pct, label in labels.items():
        x = _x(pct, left, width)
        anchor = "start" if pct == 100 else "end" if pct == 0 else "middle"
        parts.append(
            f'<line x1="{x:.1f}" y1="{y:g}" x2="{x:.1f}" y2="{y + 5:g}" stroke="{MUTED}"/>'
        )
        parts.append(_text(x, y + 5 + size, label, size=size, fill=MUTED, anchor=anchor))
    caption_y = y + 5 + 2.2 * size
    product, program = tr.gettext("% product"), tr.gettext("% program")
    parts.append(_text(left, caption_y, product, size=size, fill=PRODUCT))
    parts.append(_text(left + width, caption_y, program, size=size, fill=PROGRAM, anchor="end"))
    return "".join(parts)


AXIS_HEIGHT_EMS = 2.6


def gauge(
    product_pct: float,
    interval: tuple[float, float],
    *,
    width: float,
    size: float,
    tr: Translator = ENGLISH,
) -> Drawing:
    """The person's place between the roles, the 90 % interval as a band around it."""
    top = size * 2.2  # room for the value above the dot
    track_y, track_h = top + 6, 14.0
    low, high = interval
    band_left, band_right = _x(high, 0, width), _x(low, 0, width)
    middle = _x(50, 0, width)
    dot = _x(product_pct, 0, width)
    role = "product" if product_pct > 50 else "program" if product_pct < 50 else None
    colour = ROLE_COLOUR.get(role or "", INK)
    share = f"{max(product_pct, 100 - product_pct):.0f}"
    if role == "product":
        value = tr.gettext("{pct} % product").format(pct=share)
    elif role == "program":
        value = tr.gettext("{pct} % program").format(pct=share)
    else:
        value = tr.gettext("50 / 50")
    anchor = "start" if dot < width * 0.15 else "end" if dot > width * 0.85 else "middle"
    parts = [
        f'<rect x="0" y="{track_y:g}" width="{width:g}" height="{track_h:g}" rx="7" '
        f'fill="{TRACK}"/>',
        # The band in two parts, each tinted with the side it lies on.
        f'<rect x="{band_left:.1f}" y="{track_y:g}" '
        f'width="{max(0, min(band_right, middle) - band_left):.1f}" '
        f'height="{track_h:g}" fill="{BAND_PRODUCT}"/>',
        f'<rect x="{max(band_left, middle):.1f}" y="{track_y:g}" '
        f'width="{max(0, band_right - max(band_left, middle)):.1f}" height="{track_h:g}" '
        f'fill="{BAND_PROGRAM}"/>',
        f'<line x1="{middle:.1f}" y1="{track_y - 4:g}" x2="{middle:.1f}" '
        f'y2="{track_y + track_h + 4:g}" stroke="{MUTED}" stroke-width="2"/>',
        f'<circle cx="{dot:.1f}" cy="{track_y + track_h / 2:g}" r="9" fill="{colour}" '
        f'stroke="{PAPER}" stroke-width="3"/>',
        _text(dot, size * 1.4, value, size=size * 1.1, fill=colour, anchor=anchor, weight="bold"),
    ]
    axis_y = track_y + track_h + 8
    parts.append(_axis(0, width, axis_y, size * 0.9, tr))
    return Drawing("".join(parts), width, axis_y + 5 + AXIS_HEIGHT_EMS * size * 0.9 + 4)


def dimension_bars(
    dimensions: Sequence[DimensionResult], *, width: float, size: float, tr: Translator = ENGLISH
) -> Drawing:
    """A diverging bar per dimension from the middle toward its side, its number beside it."""
    widest = max(
        (lean_words(0.0, tr=tr), lean_words(100.0, tr=tr), dimension_value(None, tr)),
        key=lambda text: text_width(text, size),
    )
    value_width = text_width(widest, size)
    track_width = width - value_width - 10
    middle = _x(50, 0, track_width)
    y = 0.0
    parts: list[str] = []
    for dimension in dimensions:
        for line in wrap(dimension.label, size, width):
            y += size * 1.25
            parts.append(_text(0, y, line, size=size, weight="bold"))
        y += 6
        bar_h = size * 0.9
        parts.append(
            f'<rect x="0" y="{y:.1f}" width="{track_width:.1f}" height="{bar_h:g}" rx="3" '
            f'fill="{TRACK}"/>'
        )
        pct = dimension.product_pct
        if pct is not None:
            end = _x(pct, 0, track_width)
            colour = PRODUCT if pct > 50 else PROGRAM
            parts.append(
                f'<rect x="{min(end, middle):.1f}" y="{y:.1f}" width="{abs(end - middle):.1f}" '
                f'height="{bar_h:g}" fill="{colour}"/>'
            )
        parts.append(
            f'<line x1="{middle:.1f}" y1="{y - 3:.1f}" x2="{middle:.1f}" y2="{y + bar_h + 3:.1f}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
        value = dimension_value(dimension.product_pct, tr)
        colour = MUTED if pct is None or round(pct) == 50 else PRODUCT if pct > 50 else PROGRAM
        parts.append(
            _text(width, y + bar_h - 1, value, size=size, fill=colour, anchor="end", weight="bold")
        )
        y += bar_h + size * 0.5
    y += 4
    parts.append(_axis(0, track_width, y, size * 0.9, tr))
    return Drawing("".join(parts), width, y + 5 + AXIS_HEIGHT_EMS * size * 0.9 + 4)


@record
class Bar:
    label: str
    count: int
    colour: str
    note: str = ""


def count_bars(bars: Sequence[Bar], *, width: float, size: float) -> Drawing:
    """Horizontal bars with their counts: how many people got each verdict."""
    label_width = max(text_width(b.label, size) for b in bars) + 10
    most = max((b.count for b in bars), default=0) or 1
    number_width = text_width("999 (100 %)", size)
    track = width - label_width - number_width - 10
    row = size * 1.9
    parts: list[str] = []
    for index, b in enumerate(bars):
        y = index * row
        parts.append(_text(0, y + size * 1.15, b.label, size=size))
        length = track * b.count / most
        parts.append(
            f'<rect x="{label_width:.1f}" y="{y + size * 0.3:.1f}" width="{max(length, 0):.1f}" '
            f'height="{size * 1.1:.1f}" rx="2" fill="{b.colour}"/>'
        )
        parts.append(
            _text(
                label_width + length + 6,
                y + size * 1.15,
                f"{b.count}{b.note}",
                size=size,
                weight="bold",
            )
        )
    return Drawing("".join(parts), width, len(bars) * row)


def histogram(
    counts: Sequence[tuple[int, int, int]],
    *,
    width: float,
    size: float,
    tr: Translator = ENGLISH,
) -> Drawing:
    """Columns of people per 10 points of product %, product on the left, counts on top."""
    bins = list(reversed(counts))  # highest product % first: product on the left
    most = max((c for _, _, c in bins), default=0) or 1
    plot_h = size * 8
    top = size * 1.4
    step = width / max(len(bins), 1)
    parts: list[str] = []
    for index, (low, _high, count) in enumerate(bins):
        height = plot_h * count / most
        x = index * step
        colour = PRODUCT if low >= 50 else PROGRAM
        if count:
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{top + plot_h - height:.1f}" width="{step - 4:.1f}" '
                f'height="{height:.1f}" fill="{colour}"/>'
            )
        parts.append(
            _text(x + step / 2, top + plot_h - height - 4, str(count), size=size, anchor="middle")
        )
    base = top + plot_h
    parts.append(_axis(0, width, base, size * 0.9, tr))
    return Drawing("".join(parts), width, base + 5 + AXIS_HEIGHT_EMS * size * 0.9 + 4)


@record
class Spread:
    label: str
    mean: float | None
    sd: float | None
    note: str
    # People per 10 points of product %, lowest bin first (as the report has them).
    counts: tuple[int, ...] = ()


def spreads(
    rows: Sequence[Spread], *, width: float, size: float, tr: Translator = ENGLISH
) -> Drawing:
    """Per dimension: how many people sit where (a small column per 10 points, with its count
    when there is room), the mean as a dot and one standard deviation either side as a line."""
    y = 0.0
    parts: list[str] = []
    for row in rows:
        label, y = _spread_label(row, y, width=width, size=size)
        columns, y = _spread_columns(row.counts, y, width=width, size=size)
        y += 6
        parts += [*label, *columns, *_spread_track(row, y, width=width)]
        y += 8 + size * 0.6
    parts.append(_axis(0, width, y + 4, size * 0.9, tr))
    return Drawing("".join(parts), width, y + 9 + AXIS_HEIGHT_EMS * size * 0.9 + 4)


def _spread_label(row: Spread, y: float, *, width: float, size: float) -> tuple[list[str], float]:
    """A dimension's label, wrapped, with its note at the right of the first line; and the
    baseline of its last line."""
    parts: list[str] = []
    # The label wraps beside its note, which stays on the first line: a long dimension
    # name never runs under "n 30 · alpha 0.71".
    beside = width - text_width(row.note, size) - size
    for number, line in enumerate(wrap(row.label, size, beside)):
        y += size * 1.25
        parts.append(_text(0, y, line, size=size, weight="bold"))
        if number == 0:
            parts.append(_text(width, y, row.note, size=size, fill=MUTED, anchor="end"))
    return parts, y


def _spread_columns(
    counts: Sequence[int], y: float, *, width: float, size: float
) -> tuple[list[str], float]:
    """The people per 10 points of product % as small columns below `y`, product on the left
    and each count above its column; and where the columns end (nothing without counts)."""
    if not counts:
        return [], y
    column_height = size * 2.2
    y += 4 + size * 0.9  # room for the counts above the columns
    most = max(counts) or 1
    step = width / len(counts)
    parts: list[str] = []
    for index, count in enumerate(reversed(counts)):
        if not count:
            continue
        low = (len(counts) - 1 - index) * 100 // len(counts)
        height = column_height * count / most
        top = y + column_height - height
        x = index * step
        parts.append(
            f'<rect x="{x + 1.5:.1f}" y="{top:.1f}" width="{step - 3:.1f}" '
            f'height="{height:.1f}" fill="{BAND_PRODUCT if low >= 50 else BAND_PROGRAM}"/>'
        )
        centre = x + step / 2
        parts.append(
            _text(centre, top - 3, str(count), size=size * 0.9, fill=MUTED, anchor="middle")
        )
    return parts, y + column_height


def _spread_track(row: Spread, y: float, *, width: float) -> list[str]:
    """The track with its middle marked at `y`, the mean on it as a dot and one standard
    deviation either side as a line in the colour of the mean's side."""
    middle = _x(50, 0, width)
    parts = [
        f'<rect x="0" y="{y:.1f}" width="{width:g}" height="8" rx="4" fill="{TRACK}"/>',
        f'<line x1="{middle:.1f}" y1="{y - 3:.1f}" x2="{middle:.1f}" y2="{y + 11:.1f}" '
        f'stroke="{MUTED}"/>',
    ]
    if row.mean is None:
        return parts
    colour = PRODUCT if row.mean > 50 else PROGRAM
    if row.sd is not None:
        left = _x(min(100, row.mean + row.sd), 0, width)
        right = _x(max(0, row.mean - row.sd), 0, width)
        parts.append(
            f'<line x1="{left:.1f}" y1="{y + 4:.1f}" x2="{right:.1f}" y2="{y + 4:.1f}" '
            f'stroke="{colour}" stroke-width="4" stroke-linecap="round"/>'
        )
    parts.append(
        f'<circle cx="{_x(row.mean, 0, width):.1f}" cy="{y + 4:.1f}" r="7" '
        f'fill="{colour}" stroke="{PAPER}" stroke-width="2"/>'
    )
    return parts
