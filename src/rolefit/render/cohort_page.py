"""The cohort report as one self-contained HTML page for a facilitator.

The verdicts as bars, product % across the cohort as a histogram, each dimension's spread,
readiness, whom to talk to first, and a row per person; invalid files and ignored answers
last. Inline CSS and SVG only, like the result page (`rolefit.render.page`).

What came from the participants' files (names, file names, errors) goes through `shown` and
`esc`; with `--anonymous` the report holds codes instead of names and files.
"""

from __future__ import annotations

from rolefit.core.cohort import CohortReport
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.render.charts import Bar, Spread, count_bars, histogram, spreads
from rolefit.render.cohort import (
    ALPHA_NOTE,
    FLAG_LABELS,
    NO_SUBMISSIONS,
    SCALE_NOTE,
    VERDICT_LABELS,
    flag_words,
    lean,
    margin,
    person,
    question_effect,
    worth_a_conversation,
)
from rolefit.render.design import INK, MUTED, PRODUCT, PROGRAM, RULE, VERDICT_COLOUR, WARN, esc
from rolefit.render.items import scale_html
from rolefit.render.page import CHART_FONT, CHART_WIDTH, PAGE_CSS, document

COHORT_CSS_EXTRA = f"""
.num{{font-variant-numeric:tabular-nums;white-space:nowrap}}
ul.talk{{padding-left:20px}} ul.talk li{{margin-bottom:4px}}
.flagged{{color:{WARN}}}
td.v-product{{color:{PRODUCT}}} td.v-program{{color:{PROGRAM}}} td.v-balanced{{color:{INK}}}
td.v-undetermined{{color:{MUTED}}}
ul.invalid li{{margin-bottom:4px;overflow-wrap:anywhere}}
@media (max-width:480px){{
  table.stack thead{{display:none}}
  table.stack tr{{display:block;border-bottom:1px solid {RULE};padding:6px 0}}
  table.stack td{{display:inline-block;border:0;padding:0 10px 0 0}}
  table.stack td:first-child{{display:block;font-weight:700}}
}}
"""


def no_submissions_sentence() -> str:
    return NO_SUBMISSIONS


def cohort_page(report: CohortReport) -> str:
    """The cohort report as one self-contained HTML page (a complete document, as a string)."""
    parts = [_header(report)]
    if report.count:
        parts += [
            _verdicts(report),
            _spread(report),
            _dimensions(report),
            _readiness(report),
            _flags(report),
            _conversations(report),
            _people(report),
            scale_html(report),
        ]
    elif not report.files:
        parts.append(f"<p>{esc(no_submissions_sentence())}</p>")
    parts += [_invalid(report), _notes(report)]
    title = f"Cohort report: {report.bank_title} · rolefit"
    return document(title, "\n".join(p for p in parts if p), PAGE_CSS + COHORT_CSS_EXTRA)


def _header(report: CohortReport) -> str:
    files = "file" if report.files == 1 else "files"
    anonymous = " · anonymous: codes instead of names" if report.anonymous else ""
    return (
        '<header>\n<p class="brand">rolefit cohort report</p>\n'
        f"<h1>{esc(report.bank_title)}</h1>\n"
        f'<p class="meta">{report.files} answers {files}: {report.count} scored, '
        f"{len(report.invalid)} invalid · bank {esc(report.bank_id)} version "
        f"{esc(report.bank_version)}{anonymous}</p>\n</header>"
    )


def _section(key: str, title: str, body: str) -> str:
    return (
        f'<section aria-labelledby="{key}">\n<h2 id="{key}">{esc(title)}</h2>\n{body}\n</section>'
    )


def _share(count: int, total: int) -> str:
    return f" ({100 * count / total:.0f} %)" if total else ""


def _verdicts(report: CohortReport) -> str:
    bars = [
        Bar(VERDICT_LABELS[v], n, VERDICT_COLOUR[v], _share(n, report.count))
        for v, n in report.verdicts.items()
    ]
    chart = count_bars(bars, width=CHART_WIDTH, size=CHART_FONT)
    title = "Verdicts: " + "; ".join(f"{b.label} {b.count}" for b in bars)
    return _section("verdicts", "Verdicts", chart.standalone(title))


def _spread(report: CohortReport) -> str:
    spread = report.product_pct
    if not spread.n:
        return ""
    chart = histogram(
        [(b.low, b.high, b.count) for b in report.histogram], width=CHART_WIDTH, size=CHART_FONT
    )
    title = "People per 10 points of product %: " + "; ".join(
        f"{b.low}–{b.high}: {b.count}" for b in report.histogram
    )
    mean = "—" if spread.mean is None else f"{spread.mean:.1f}"
    median = "—" if spread.median is None else f"{spread.median:.1f}"
    sd = "—" if spread.sd is None else f"{spread.sd:.1f}"
    body = (
        f'{chart.standalone(title)}\n<p class="meta">Over the {spread.n} people with a verdict '
        f"({esc(SCALE_NOTE)}): mean {mean}, median {median}, standard deviation {sd}.</p>"
    )
    return _section("spread", "Product % across the cohort", body)


def _dimensions(report: CohortReport) -> str:
    placed = [d for d in report.dimensions if not d.shared]
    rows = [
        Spread(
            d.label,
            d.mean,
            d.sd,
            f"n {d.n}" + ("" if d.alpha is None else f" · alpha {d.alpha:.2f}"),
            tuple(b.count for b in d.histogram),
        )
        for d in placed
    ]
    chart = spreads(rows, width=CHART_WIDTH, size=CHART_FONT)
    title = "Mean product % per dimension, with one standard deviation either side: " + "; ".join(
        f"{r.label} {'—' if r.mean is None else f'{r.mean:.0f}'}" for r in rows
    )
    lowered = [
        f"<li><strong>{esc(d.label)}</strong>: "
        + "; ".join(esc(question_effect(e)) for e in d.lowered_by)
        + "</li>"
        for d in placed
        if d.lowered_by
    ]
    questions = (
        f'<p class="meta">{esc(ALPHA_NOTE)}</p>\n<ul>\n' + "\n".join(lowered) + "\n</ul>"
        if lowered
        else ""
    )
    body = (
        f"{chart.standalone(title)}\n"
        '<p class="meta">The columns count the people per 10 points of product % (product on '
        "the left), over those for whom the dimension counted; the dot is their mean, and the "
        "line runs one standard deviation either side.</p>\n" + questions
    )
    return _section("dims", "Dimensions", body)


def _readiness(report: CohortReport) -> str:
    rows = "".join(
        f'<tr><th scope="row">{r.role.capitalize()} management</th>'
        f'<td class="num">{"—" if r.mean is None else f"{r.mean:.1f}"}</td>'
        f'<td class="num">{r.n}</td><td class="num">{r.skills}</td></tr>'
        for r in report.readiness
    )
    table = (
        '<div class="scroll"><table><thead><tr><th scope="col">Role</th>'
        '<th scope="col" class="num">Rating (of 5)</th>'
        '<th scope="col" class="num">People</th>'
        f'<th scope="col" class="num">Skills</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )
    return _section("ready", "Readiness", table)


def _flags(report: CohortReport) -> str:
    if not report.flags:
        return _section("flags", "Flags seen", "<p>None.</p>")
    rows = "".join(
        f"<tr><td>{esc(FLAG_LABELS.get(flag.code, flag.code))}</td>"
        f'<td class="num">{flag.count}</td></tr>'
        for flag in report.flags
    )
    table = (
        '<table><thead><tr><th scope="col">Flag</th><th scope="col" class="num">People</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
    return _section("flags", "Flags seen", table)


def _conversations(report: CohortReport) -> str:
    people = worth_a_conversation(report)
    if not people:
        body = "<p>Nobody: every verdict stands and no answers were flagged.</p>"
    else:
        body = (
            '<ul class="talk">\n'
            + "\n".join(
                f"<li><strong>{esc(person(row))}</strong>: {esc(why)}</li>" for row, why in people
            )
            + "\n</ul>"
        )
    return _section("talk", "Worth a conversation", body)


def _people(report: CohortReport) -> str:
    rows = "\n".join(
        f"<tr><td>{esc(person(row))}</td>"
        f'<td class="v-{row.verdict}">{VERDICT_LABELS[row.verdict]}</td>'
        f'<td class="num">{lean(row)}</td><td class="num">{margin(row)}</td>'
        f"<td{' class=flagged' if row.flags else ''}>{esc(flag_words(row))}</td></tr>"
        for row in report.respondents
    )
    table = (
        '<div class="scroll"><table class="stack">\n<thead><tr><th scope="col">Person</th>'
        '<th scope="col">Verdict</th><th scope="col" class="num">Lean</th>'
        '<th scope="col" class="num">Margin</th><th scope="col">Flags</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table></div>"
    )
    return _section("people", "People", table)


def _invalid(report: CohortReport) -> str:
    if not report.invalid:
        return ""
    items = "\n".join(
        f"<li><strong>{esc(shown(i.source))}{'' if i.line is None else f':{i.line}'}</strong>: "
        f"{esc(shown(i.error, MESSAGE_LIMIT))}</li>"
        for i in report.invalid
    )
    return _section(
        "invalid",
        "Invalid files",
        f'<p class="meta">Not counted above; fix each and run the report again.</p>\n'
        f'<ul class="invalid">\n{items}\n</ul>',
    )


def _notes(report: CohortReport) -> str:
    if not report.notes:
        return ""
    items = "\n".join(
        f"<li><strong>{esc(shown(n.source))}</strong>: {esc(shown(n.message, MESSAGE_LIMIT))}</li>"
        for n in report.notes
    )
    return _section("ignored", "Answers ignored", f'<ul class="invalid">\n{items}\n</ul>')


SVG_WIDTH = 640
SVG_PADDING = 28


def cohort_svg(report: CohortReport) -> str:
    """The cohort as one SVG: the verdicts, the histogram, the dimensions, then who is worth
    a conversation and a line per person."""
    from rolefit.render.design import PAPER, SANS, wrap, xml_safe

    inner = SVG_WIDTH - 2 * SVG_PADDING
    size = 16
    parts: list[str] = []
    y = SVG_PADDING + 14.0

    def line(text: str, text_size: float, fill: str = INK, weight: str = "normal") -> str:
        return (
            f'<text x="{SVG_PADDING}" y="{y:.1f}" font-size="{text_size:g}" fill="{fill}" '
            f'font-weight="{weight}">{esc(text)}</text>'
        )

    parts.append(line("rolefit cohort report", 15, MUTED, "bold"))
    y += 34
    for title_line in wrap(report.bank_title, 24, inner):
        parts.append(line(title_line, 24, INK, "bold"))
        y += 30
    y -= 4
    parts.append(
        line(
            f"{report.files} answers files: {report.count} scored, {len(report.invalid)} invalid",
            size,
            MUTED,
        )
    )
    if not report.count:
        y += 30
        parts.append(
            line(
                no_submissions_sentence()
                if not report.files
                else "Nobody could be scored: see the invalid files.",
                size,
            )
        )
    else:
        charts = [
            (
                "Verdicts",
                count_bars(
                    [
                        Bar(VERDICT_LABELS[v], n, VERDICT_COLOUR[v], _share(n, report.count))
                        for v, n in report.verdicts.items()
                    ],
                    width=inner,
                    size=size,
                ),
            ),
            (
                "Product % across the cohort",
                histogram(
                    [(b.low, b.high, b.count) for b in report.histogram], width=inner, size=size
                ),
            ),
            (
                "Dimensions: where people sit, mean and spread",
                spreads(
                    [
                        Spread(
                            d.label, d.mean, d.sd, f"n {d.n}", tuple(b.count for b in d.histogram)
                        )
                        for d in report.dimensions
                        if not d.shared
                    ],
                    width=inner,
                    size=size,
                ),
            ),
        ]
        for title, chart in charts:
            y += 40
            parts.append(line(title, 19, INK, "bold"))
            y += 12
            parts.append(chart.at(SVG_PADDING, y))
            y += chart.height
        # The facilitator's view, as in every other format: whom to talk to, then everyone.
        talks = worth_a_conversation(report)
        lists = [
            (
                "Worth a conversation",
                [f"{person(row)}: {why}" for row, why in talks]
                or ["Nobody: every verdict stands and no answers were flagged."],
            ),
            (
                "People",
                [
                    f"{person(row)}: {VERDICT_LABELS[row.verdict]}, {lean(row)}, "
                    f"margin {margin(row)}, flags: {flag_words(row)}"
                    for row in report.respondents
                ],
            ),
        ]
        for title, entries in lists:
            y += 44
            parts.append(line(title, 19, INK, "bold"))
            y += 6
            for entry in entries:
                for number, text in enumerate(wrap(entry, 15, inner - 12)):
                    y += 21
                    indent = "" if number == 0 else "   "
                    parts.append(line(f"{'• ' if number == 0 else indent}{text}", 15))
    height = y + SVG_PADDING
    title = f"rolefit cohort report: {report.bank_title}"
    return xml_safe(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{SVG_WIDTH}" height="{height:.0f}" viewBox="0 0 {SVG_WIDTH} {height:.0f}" '
        f'font-family="{esc(SANS)}" role="img" aria-label="{esc(title)}">'
        f"<title>{esc(title)}</title>"
        f'<rect x="0.5" y="0.5" width="{SVG_WIDTH - 1}" height="{height - 1:.0f}" rx="14" '
        f'fill="{PAPER}" stroke="{RULE}"/>' + "".join(parts) + "</svg>\n"
    )
