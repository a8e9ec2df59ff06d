"""The result as a web page: one self-contained HTML document to open, print or serve.

`result_page(result)` is the whole document: inline CSS, charts as inline SVG, no script and
no request for anything (no fonts, no images, no links to load). It is what `rolefit score
--format html` writes and what the web app shows a participant. It reads on a 360-pixel phone,
and prints on one A4 or Letter page.

Text from a file (the respondent's name) goes through `shown` and then `esc`; the bank's and
rolefit's own text through `esc` alone.
"""

from __future__ import annotations

from rolefit.core import wording
from rolefit.core.result import Result
from rolefit.core.text import shown
from rolefit.render.charts import dimension_bars, gauge
from rolefit.render.design import (
    INK,
    MUTED,
    PAGE_SANS,
    PANEL,
    PAPER,
    PRODUCT,
    PRODUCT_TINT,
    PROGRAM,
    PROGRAM_TINT,
    RULE,
    VERDICT_COLOUR,
    WARN,
    WARN_TINT,
    esc,
    unbroken,
)

# In user units: at 360 px a chart's text is still about 12 px, at its widest 18 px.
CHART_WIDTH = 360
CHART_FONT = 14
CHART_MAX_PX = 470

PAGE_CSS = f"""
*,*::before,*::after{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%;text-size-adjust:100%}}
body{{margin:0;background:{PANEL};color:{INK};font:16px/1.5 {PAGE_SANS}}}
main{{max-width:760px;margin:0 auto;padding:24px 16px 40px}}
.sheet{{background:{PAPER};border:1px solid {RULE};border-radius:12px;padding:24px}}
header{{border-bottom:1px solid {RULE};padding-bottom:12px;margin-bottom:8px}}
.brand{{margin:0;font-size:14px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:{MUTED}}}
h1{{font-size:clamp(22px,5.5vw,30px);line-height:1.25;margin:6px 0 4px;overflow-wrap:anywhere}}
h2{{font-size:19px;margin:28px 0 8px}}
p,li,dd{{overflow-wrap:anywhere}}
.meta{{margin:0;color:{MUTED};font-size:15px}}
.product{{color:{PRODUCT}}} .program{{color:{PROGRAM}}} .muted{{color:{MUTED}}}
svg.chart{{display:block;width:100%;max-width:{CHART_MAX_PX}px;height:auto;margin:8px 0;
  font-family:{PAGE_SANS}}}
.summary{{font-size:17px;margin:8px 0 0}}
ul.dims{{margin:12px 0 0;padding-left:18px;font-size:15px;color:{MUTED}}}
ul.dims li{{margin:0 0 4px}} ul.dims strong{{color:{INK}}}
ol.reasons,ol.steps{{padding-left:0;list-style:none;margin:0}}
ol.reasons li,ol.steps li{{border-left:4px solid {RULE};padding:4px 0 4px 12px;margin:0 0 12px}}
ol.reasons li.by-product{{border-color:{PRODUCT}}}
ol.reasons li.by-program{{border-color:{PROGRAM}}}
.toward{{display:inline-block;font-size:14px;font-weight:700;border-radius:4px;padding:0 6px}}
.toward.product{{background:{PRODUCT_TINT};color:{PRODUCT}}}
.toward.program{{background:{PROGRAM_TINT};color:{PROGRAM}}}
.q{{font-style:italic}} .a{{font-weight:700}}
.src{{display:block;font-size:14px;color:{MUTED}}}
.flags{{background:{WARN_TINT};color:{WARN};border-radius:8px;padding:8px 12px 8px 28px}}
table{{border-collapse:collapse;width:100%;font-size:15px}}
th,td{{text-align:left;padding:6px 8px;border-bottom:1px solid {RULE};vertical-align:top}}
th{{font-weight:700}} td.num,th.num{{text-align:right;font-variant-numeric:tabular-nums}}
.scroll{{overflow-x:auto}}
footer{{margin-top:28px;border-top:1px solid {RULE};padding-top:8px;font-size:14px;color:{MUTED}}}
@media (max-width:480px){{main{{padding:12px 8px 24px}}
  .sheet{{padding:16px 14px;border-radius:8px}} th,td{{padding:5px 4px}}}}
@media print{{
  @page{{size:auto;margin:9mm}}
  body{{background:{PAPER};font-size:8pt;line-height:1.22}}
  main{{max-width:none;padding:0}} .sheet{{border:0;padding:0}}
  header{{padding-bottom:3pt;margin-bottom:0}}
  h1{{font-size:13pt;margin:1pt 0;line-height:1.15}}
  h2{{font-size:10pt;margin:6pt 0 2pt;break-after:avoid}}
  .brand,.meta,.src,footer,ul.dims,ul.flags,table,.toward,.summary{{font-size:7.5pt}}
  ul.flags li{{margin-bottom:0}}
  .pair{{display:grid;grid-template-columns:1fr 1fr;gap:0 8mm;
    grid-template-areas:"fit chart" "meanings chart"}}
  .pair>section:first-child{{grid-area:fit}} .pair>.dims-chart{{grid-area:chart}}
  .pair>ul.dims{{grid-area:meanings}}
  ol .src{{display:none}}
  svg.chart{{max-width:none;margin:1pt 0}} .dims-chart svg.chart{{width:84%}}
  .cols{{display:grid;grid-template-columns:1fr 1fr;gap:0 6mm}}
  ul.dims{{margin-top:2pt}} ul.dims li{{margin-bottom:0}}
  ol.reasons li,ol.steps li{{margin-bottom:3pt;padding:0 0 0 5pt;break-inside:avoid}}
  th,td{{padding:1pt 4pt}}
  footer{{margin-top:4pt;padding-top:2pt}}
}}
"""


def document(title: str, body: str, css: str = PAGE_CSS) -> str:
    """A complete HTML document: the one shape every page rolefit writes has."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n"
        f'<body>\n<main>\n<article class="sheet">\n{body}\n</article>\n</main>\n</body>\n</html>\n'
    )


def page_title(result: Result) -> str:
    who = f"{shown(result.respondent)}: " if result.respondent else ""
    return f"{who}{result.headline} · rolefit"


def result_page(result: Result) -> str:
    """The result as one self-contained HTML page (a complete document, as a string)."""
    pair = f'<div class="pair">\n{_fit(result)}\n{_dimensions(result)}\n{_meanings(result)}\n</div>'
    parts = (_header(result), pair, _reasons(result), _flags(result), _readiness(result))
    return document(page_title(result), "\n".join(p for p in (*parts, _footer(result)) if p))


def _header(result: Result) -> str:
    who = f" · {esc(shown(result.respondent))}" if result.respondent else ""
    colour = VERDICT_COLOUR[result.verdict]
    form = " (short form)" if result.form == "short" else ""
    return (
        f'<header>\n<p class="brand">rolefit{who}</p>\n'
        f'<h1 style="color:{colour}">{esc(unbroken(result.headline))}</h1>\n'
        f'<p class="meta">Answered {result.answered} of {result.asked} questions{form} · '
        f"bank {esc(result.bank_id)} version {esc(result.bank_version)}</p>\n</header>"
    )


def _fit(result: Result) -> str:
    if result.product_pct is None or result.program_pct is None or result.interval is None:
        reason = result.undetermined_reason or "too few answers to place you between the roles"
        return (
            '<section aria-labelledby="fit">\n<h2 id="fit">Where you sit</h2>\n'
            f"<p>No lean to show: {esc(reason.rstrip('.'))}. Answer more of the questions (and "
            "use the whole scale) and score again.</p>\n</section>"
        )
    low, high = result.interval
    standing = "" if result.standing is None else f"<p>{esc(result.standing.sentence)}</p>\n"
    chart = gauge(result.product_pct, result.interval, width=CHART_WIDTH, size=CHART_FONT)
    title = (
        f"{result.product_pct:.0f} % product, {result.program_pct:.0f} % program; 90 % interval "
        f"{low:.0f} to {high:.0f} % product"
    )
    return (
        '<section aria-labelledby="fit">\n<h2 id="fit">Where you sit</h2>\n'
        f"{chart.standalone(title)}\n"
        f'<p class="summary"><strong class="product">{result.product_pct:.0f} % product</strong>'
        f', <strong class="program">{result.program_pct:.0f} % program</strong>, '
        f"margin ± {result.margin:.0f}. The shaded band is the 90 % interval: "
        f"{low:.0f}–{high:.0f} % product.</p>\n"
        f'<p class="meta">{esc(wording.INTERVAL_MEANING)}</p>\n{standing}</section>'
    )


def _dimensions(result: Result) -> str:
    placed = [d for d in result.dimensions if not d.shared]
    if not placed:
        return ""
    chart = dimension_bars(placed, width=CHART_WIDTH, size=CHART_FONT)
    title = "Dimensions: " + "; ".join(
        f"{d.label} {'left out' if d.product_pct is None else f'{d.product_pct:.0f} % product'}"
        for d in placed
    )
    return (
        '<section aria-labelledby="dims" class="dims-chart">\n<h2 id="dims">Dimensions</h2>\n'
        f"{chart.standalone(title)}\n</section>"
    )


def _meanings(result: Result) -> str:
    """What each placed dimension says about the person, in words."""
    items = "\n".join(
        f"<li><strong>{esc(d.label)}:</strong> {esc(d.summary)}</li>"
        for d in result.dimensions
        if not d.shared
    )
    return f'<ul class="dims">\n{items}\n</ul>' if items else ""


def _reasons(result: Result) -> str:
    if not result.reasons:
        return ""
    items = "\n".join(
        f'<li class="by-{r.toward}"><span class="toward {r.toward}">'
        f"{'◀' if r.toward == 'product' else '▶'} toward {r.toward}, {r.points:.1f} points</span> "
        f'<span class="q">“{esc(r.prompt)}”</span> — <span class="a">{esc(r.answer)}</span>. '
        f'{esc(r.because)}<span class="src">{esc(r.source)}</span></li>'
        for r in result.reasons
    )
    return (
        '<section aria-labelledby="why">\n<h2 id="why">Why</h2>\n'
        '<p class="meta">The answers that moved your result most, and how many points each '
        f'moved it.</p>\n<ol class="reasons cols">\n{items}\n</ol>\n</section>'
    )


def _flags(result: Result) -> str:
    if not result.flags:
        return ""
    items = "\n".join(f"<li>{esc(flag.message)}</li>" for flag in result.flags)
    return (
        '<section aria-labelledby="know">\n<h2 id="know">Worth knowing</h2>\n'
        f'<ul class="flags">\n{items}\n</ul>\n</section>'
    )


def _readiness(result: Result) -> str:
    rows = []
    for r in result.readiness:
        rating = "—" if r.score is None else f"{r.score:.1f}"
        rows.append(
            f'<tr><th scope="row" class="{r.role}">{r.role.capitalize()} management</th>'
            f'<td class="num">{rating}</td><td class="num">{r.rated} of {r.of}</td></tr>'
        )
    shared = [d for d in result.dimensions if d.shared]
    notes = "".join(
        f'<p class="meta"><strong>{esc(d.label)}</strong> (counted in both ratings above): '
        f"{esc(d.summary)}</p>"
        for d in shared
    )
    steps = ""
    if result.next_steps:
        steps = (
            '<ol class="steps cols">\n'
            + "\n".join(
                f"<li><strong>{number}. {esc(s.skill)}</strong> (you rated {s.rating} of 5; part "
                f"of {s.role} management). {esc(s.advice)}"
                f'<span class="src">{esc(s.source)}</span></li>'
                for number, s in enumerate(result.next_steps, start=1)
            )
            + "\n</ol>"
        )
    else:
        steps = '<p class="meta">Rate your skills to get next steps.</p>'
    return (
        '<section aria-labelledby="ready">\n<h2 id="ready">Readiness and next steps</h2>\n'
        '<div class="scroll"><table>\n<thead><tr><th scope="col">Role</th>'
        '<th scope="col" class="num">Self-rating (of 5)</th>'
        '<th scope="col" class="num">Skills rated</th></tr></thead>\n'
        f"<tbody>{''.join(rows)}</tbody>\n</table></div>\n{notes}\n{steps}\n</section>"
    )


def _footer(result: Result) -> str:
    return f"<footer>Sources: {esc('; '.join(result.sources))}.</footer>"
