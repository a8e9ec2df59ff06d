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
from rolefit.core.i18n import ENGLISH, Translator, decimal, language_tag
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
    labelled_cells,
    unbroken,
)

# In user units: at 360 px a chart's text is still about 12 px, at its widest 18 px.
CHART_WIDTH = 360
CHART_FONT = 14
CHART_MAX_PX = 470

# A `labelled` table of figures is, on a phone, one block per row with each figure after its
# column's title (`labelled_cells`): the titles alone, in German, are wider than a phone.
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
table.labelled td:first-child{{overflow-wrap:anywhere}}
footer{{margin-top:28px;border-top:1px solid {RULE};padding-top:8px;font-size:14px;color:{MUTED}}}
@media (max-width:480px){{main{{padding:12px 8px 24px}}
  .sheet{{padding:16px 14px;border-radius:8px}} th,td{{padding:5px 4px}}
  table.labelled thead{{display:none}}
  table.labelled tr{{display:block;border-bottom:1px solid {RULE};padding:6px 0}}
  table.labelled th,table.labelled td{{border:0;padding:0;text-align:left}}
  table.labelled tr>:first-child{{display:block;font-weight:700}}
  table.labelled td[data-label]{{display:inline-block;margin-right:14px}}
  table.labelled td[data-label]::before{{content:attr(data-label) " ";color:{MUTED}}}}}
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


def document(title: str, body: str, css: str = PAGE_CSS, lang: str = "en") -> str:
    """A complete HTML document: the one shape every page rolefit writes has."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n'
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n"
        f'<body>\n<main>\n<article class="sheet">\n{body}\n</article>\n</main>\n</body>\n</html>\n'
    )


def page_title(result: Result, tr: Translator = ENGLISH) -> str:
    who = f"{shown(result.respondent, tr=tr)}: " if result.respondent else ""
    return f"{who}{result.headline} · rolefit"


def result_page(result: Result, tr: Translator = ENGLISH) -> str:
    """The result as one self-contained HTML page (a complete document, as a string)."""
    fit, dims, meanings = _fit(result, tr), _dimensions(result, tr), _meanings(result)
    pair = f'<div class="pair">\n{fit}\n{dims}\n{meanings}\n</div>'
    parts = (
        _header(result, tr),
        pair,
        _reasons(result, tr),
        _flags(result, tr),
        _readiness(result, tr),
        _footer(result, tr),
    )
    return document(page_title(result, tr), "\n".join(p for p in parts if p), lang=language_tag(tr))


def _header(result: Result, tr: Translator) -> str:
    who = f" · {esc(shown(result.respondent, tr=tr))}" if result.respondent else ""
    colour = VERDICT_COLOUR[result.verdict]
    bank = tr.gettext("bank {bank} version {version}").format(
        bank=esc(result.bank_id), version=esc(result.bank_version)
    )
    return (
        f'<header>\n<p class="brand">rolefit{who}</p>\n'
        f'<h1 style="color:{colour}">{esc(unbroken(result.headline))}</h1>\n'
        f'<p class="meta">{esc(wording.answered_line(result, tr))} · {bank}</p>\n</header>'
    )


def _fit(result: Result, tr: Translator) -> str:
    where = tr.gettext("Where you sit")
    if result.product_pct is None or result.program_pct is None or result.interval is None:
        reason = result.undetermined_reason or tr.gettext(
            "too few answers to place you between the roles"
        )
        no_lean = tr.gettext(
            "No lean to show: {reason}. Answer more of the questions (and use the whole scale) "
            "and score again."
        ).format(reason=reason.rstrip("."))
        return (
            f'<section aria-labelledby="fit">\n<h2 id="fit">{esc(where)}</h2>\n'
            f"<p>{esc(no_lean)}</p>\n</section>"
        )
    standing = "" if result.standing is None else f"<p>{esc(result.standing.sentence)}</p>\n"
    chart = gauge(result.product_pct, result.interval, width=CHART_WIDTH, size=CHART_FONT, tr=tr)
    figures = wording.whole_figures(result)
    title = tr.gettext(
        "{product} % product, {program} % program; 90 % interval {low} to {high} % product"
    ).format(**figures)
    product = tr.gettext("{pct} % product").format(pct=figures["product"])
    program = tr.gettext("{pct} % program").format(pct=figures["program"])
    band = tr.gettext(
        "margin ± {margin}. The shaded band is the 90 % interval: {low}–{high} % product."
    ).format(**figures)
    return (
        f'<section aria-labelledby="fit">\n<h2 id="fit">{esc(where)}</h2>\n'
        f"{chart.standalone(title)}\n"
        f'<p class="summary"><strong class="product">{esc(product)}</strong>'
        f', <strong class="program">{esc(program)}</strong>, {esc(band)}</p>\n'
        f'<p class="meta">{esc(wording.interval_meaning(tr))}</p>\n{standing}</section>'
    )


def _dimensions(result: Result, tr: Translator) -> str:
    placed = [d for d in result.dimensions if not d.shared]
    if not placed:
        return ""
    heading = tr.gettext("Dimensions")
    unread = wording.dimensions_not_read(result, tr)
    if unread is not None:
        return (
            '<section aria-labelledby="dims">\n'
            f'<h2 id="dims">{esc(heading)}</h2>\n<p>{esc(unread)}</p>\n</section>'
        )
    chart = dimension_bars(placed, width=CHART_WIDTH, size=CHART_FONT, tr=tr)
    title = tr.gettext("Dimensions: {list}").format(
        list="; ".join(
            f"{d.label} {wording.dimension_value(d.product_pct, tr)}"
            if d.product_pct is None
            else f"{d.label} " + tr.gettext("{pct} % product").format(pct=f"{d.product_pct:.0f}")
            for d in placed
        )
    )
    return (
        '<section aria-labelledby="dims" class="dims-chart">\n'
        f'<h2 id="dims">{esc(heading)}</h2>\n{chart.standalone(title)}\n</section>'
    )


def _meanings(result: Result) -> str:
    """What each placed dimension says about the person, in words (none without a verdict)."""
    if wording.dimensions_not_read(result) is not None:
        return ""
    items = "\n".join(
        f"<li><strong>{esc(d.label)}:</strong> {esc(d.summary)}</li>"
        for d in result.dimensions
        if not d.shared
    )
    return f'<ul class="dims">\n{items}\n</ul>' if items else ""


def _reasons(result: Result, tr: Translator) -> str:
    if not result.reasons:
        return ""
    lines = []
    for r in result.reasons:
        if r.toward == "product":
            toward = tr.gettext("◀ toward product, {points} points")
        else:
            toward = tr.gettext("▶ toward program, {points} points")
        lines.append(
            f'<li class="by-{r.toward}"><span class="toward {r.toward}">'
            f"{esc(toward.format(points=decimal(r.points, 1, tr)))}</span> "
            f'<span class="q">{esc(wording.quoted(r.prompt, tr))}</span> — '
            f'<span class="a">{esc(r.answer)}</span>. '
            f'{esc(r.because)}<span class="src">{esc(r.source)}</span></li>'
        )
    items = "\n".join(lines)
    heading = tr.gettext("Why")
    meta = tr.gettext("The answers that moved your result most, and how many points each moved it.")
    return (
        f'<section aria-labelledby="why">\n<h2 id="why">{esc(heading)}</h2>\n'
        f'<p class="meta">{esc(meta)}</p>\n<ol class="reasons cols">\n{items}\n</ol>\n</section>'
    )


def _flags(result: Result, tr: Translator) -> str:
    if not result.flags:
        return ""
    items = "\n".join(f"<li>{esc(flag.message)}</li>" for flag in result.flags)
    heading = tr.gettext("Worth knowing")
    return (
        f'<section aria-labelledby="know">\n<h2 id="know">{esc(heading)}</h2>\n'
        f'<ul class="flags">\n{items}\n</ul>\n</section>'
    )


def _readiness(result: Result, tr: Translator) -> str:
    # On a phone each role is a block, each figure after its column's title (`labelled`).
    columns = (tr.gettext("Role"), tr.gettext("Self-rating (of 5)"), tr.gettext("Skills rated"))
    rows = []
    for r in result.readiness:
        rating = "—" if r.score is None else decimal(r.score, 1, tr)
        rated = tr.gettext("{rated} of {of}").format(rated=r.rated, of=r.of)
        rows.append(
            f'<tr><th scope="row" class="{r.role}">{esc(wording.role_title(r.role, tr))}</th>'
            + labelled_cells((rating, columns[1]), (rated, columns[2]))
            + "</tr>"
        )
    shared = [d for d in result.dimensions if d.shared]
    counted = tr.gettext("(counted in both ratings above):")
    notes = "".join(
        f'<p class="meta"><strong>{esc(d.label)}</strong> {esc(counted)} {esc(d.summary)}</p>'
        for d in shared
    )
    steps = ""
    if result.next_steps:
        items = []
        for number, s in enumerate(result.next_steps, start=1):
            rated = tr.gettext("you rated {rating} of 5; part of {role}").format(
                rating=s.rating, role=wording.role_name(s.role, tr)
            )
            items.append(
                f"<li><strong>{number}. {esc(s.skill)}</strong> ({esc(rated)}). {esc(s.advice)}"
                f'<span class="src">{esc(s.source)}</span></li>'
            )
        steps = '<ol class="steps cols">\n' + "\n".join(items) + "\n</ol>"
    else:
        none = tr.gettext("Rate your skills to get next steps.")
        steps = f'<p class="meta">{esc(none)}</p>'
    heading = tr.gettext("Readiness and next steps")
    return (
        f'<section aria-labelledby="ready">\n<h2 id="ready">{esc(heading)}</h2>\n'
        f'<div class="scroll"><table class="labelled">\n<thead><tr>'
        f'<th scope="col">{esc(columns[0])}</th>'
        f'<th scope="col" class="num">{esc(columns[1])}</th>'
        f'<th scope="col" class="num">{esc(columns[2])}</th></tr></thead>\n'
        f"<tbody>{''.join(rows)}</tbody>\n</table></div>\n{notes}\n{steps}\n</section>"
    )


def _footer(result: Result, tr: Translator) -> str:
    sources = tr.gettext("Sources: {sources}.").format(sources="; ".join(result.sources))
    return f"<footer>{esc(sources)}</footer>"
