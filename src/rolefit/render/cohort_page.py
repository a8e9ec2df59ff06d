"""The cohort report for a facilitator as one self-contained HTML page (the same report as one
SVG picture: `cohort_picture`).

The page shows the verdicts as bars, product % across the cohort as a histogram, each
dimension's spread, readiness, whom to talk to first, and a row per person; invalid files and
ignored answers last. Inline CSS and SVG only, like the result page (`rolefit.render.page`).

What came from the participants' files (names, file names, errors) is named through
`cohort_words`, which makes it safe to show, and then goes through `esc`; with `--anonymous`
the report holds codes instead of names and files.
"""

from __future__ import annotations

from rolefit.core.cohort_report import CohortReport
from rolefit.core.i18n import ENGLISH, Translator, decimal, language_tag
from rolefit.render.charts import Spread, count_bars, histogram, spreads
from rolefit.render.cohort_picture import (
    verdict_bars,
)
from rolefit.render.cohort_words import (
    ALPHA_NOTE,
    file_message,
    file_place,
    files_line,
    flag_label,
    flag_words,
    invalid_where,
    lean,
    margin,
    no_submissions_sentence,
    note_message,
    number,
    person,
    question_effect,
    readiness_role,
    spread_summary,
    verdict_label,
    worth_a_conversation,
)
from rolefit.render.design import INK, MUTED, PRODUCT, PROGRAM, RULE, WARN, esc, labelled_cells
from rolefit.render.items import scale_html
from rolefit.render.page import CHART_FONT, CHART_WIDTH, PAGE_CSS, document

# On a phone, the people's rows (`stack`) speak for themselves and leave the titles out;
# tables of figures are `labelled` (PAGE_CSS).
COHORT_CSS_EXTRA = f"""
.num{{font-variant-numeric:tabular-nums}} td.num{{white-space:nowrap}}
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


def cohort_page(report: CohortReport, tr: Translator = ENGLISH) -> str:
    """The cohort report as one self-contained HTML page (a complete document, as a string)."""
    parts = [_header(report, tr)]
    if report.count:
        parts += [
            _verdicts(report, tr),
            _spread(report, tr),
            _dimensions(report, tr),
            _readiness(report, tr),
            _flags(report, tr),
            _conversations(report, tr),
            _people(report, tr),
            scale_html(report, tr),
        ]
    elif not report.files:
        parts.append(f"<p>{esc(no_submissions_sentence(tr))}</p>")
    parts += [_invalid(report, tr), _notes(report, tr)]
    title = tr.gettext("Cohort report: {title} · rolefit").format(title=report.bank_title)
    return document(
        title,
        "\n".join(p for p in parts if p),
        PAGE_CSS + COHORT_CSS_EXTRA,
        lang=language_tag(tr),
    )


def _header(report: CohortReport, tr: Translator) -> str:
    anonymous = tr.gettext(" · anonymous: codes instead of names") if report.anonymous else ""
    bank = tr.gettext("bank {id} version {version}").format(
        id=esc(report.bank_id), version=esc(report.bank_version)
    )
    brand = esc(tr.gettext("rolefit cohort report"))
    return (
        f'<header>\n<p class="brand">{brand}</p>\n'
        f"<h1>{esc(report.bank_title)}</h1>\n"
        f'<p class="meta">{esc(files_line(report, tr))} · {bank}{esc(anonymous)}</p>\n</header>'
    )


def _section(key: str, title: str, body: str) -> str:
    return (
        f'<section aria-labelledby="{key}">\n<h2 id="{key}">{esc(title)}</h2>\n{body}\n</section>'
    )


def _heads(*columns: tuple[str, bool]) -> str:
    """A table's column headings: each title, and whether its column holds numbers."""
    numeric = ' class="num"'
    return "".join(
        f'<th scope="col"{numeric if number else ""}>{esc(title)}</th>' for title, number in columns
    )


def _verdicts(report: CohortReport, tr: Translator) -> str:
    bars = verdict_bars(report, tr)
    chart = count_bars(bars, width=CHART_WIDTH, size=CHART_FONT)
    title = tr.gettext("Verdicts: {counts}").format(
        counts="; ".join(f"{b.label} {b.count}" for b in bars)
    )
    return _section("verdicts", tr.pgettext("cohort", "Verdicts"), chart.standalone(title))


def _spread(report: CohortReport, tr: Translator) -> str:
    spread = report.product_pct
    if not spread.n:
        return ""
    chart = histogram(
        [(b.low, b.high, b.count) for b in report.histogram],
        width=CHART_WIDTH,
        size=CHART_FONT,
        tr=tr,
    )
    title = tr.gettext("People per 10 points of product %: {counts}").format(
        counts="; ".join(f"{b.low}–{b.high}: {b.count}" for b in report.histogram)
    )
    body = f'{chart.standalone(title)}\n<p class="meta">{esc(spread_summary(report, tr))}</p>'
    return _section("spread", tr.gettext("Product % across the cohort"), body)


def _dimensions(report: CohortReport, tr: Translator) -> str:
    placed = [d for d in report.dimensions if not d.shared]
    rows = [
        Spread(
            d.label,
            d.mean,
            d.sd,
            tr.gettext("n {n}").format(n=d.n)
            + (
                ""
                if d.alpha is None
                else tr.gettext(" · alpha {alpha}").format(alpha=decimal(d.alpha, 2, tr))
            ),
            tuple(b.count for b in d.histogram),
        )
        for d in placed
    ]
    chart = spreads(rows, width=CHART_WIDTH, size=CHART_FONT, tr=tr)
    title = tr.gettext(
        "Mean product % per dimension, with one standard deviation either side: {means}"
    ).format(
        means="; ".join(f"{r.label} {'—' if r.mean is None else f'{r.mean:.0f}'}" for r in rows)
    )
    lowered = [
        f"<li><strong>{esc(d.label)}</strong>: "
        + "; ".join(esc(question_effect(e, tr)) for e in d.lowered_by)
        + "</li>"
        for d in placed
        if d.lowered_by
    ]
    note = esc(tr.gettext(ALPHA_NOTE))
    questions = (
        f'<p class="meta">{note}</p>\n<ul>\n' + "\n".join(lowered) + "\n</ul>" if lowered else ""
    )
    explained = tr.gettext(
        "The columns count the people per 10 points of product % (product on the left), over "
        "those for whom the dimension counted; the dot is their mean, and the line runs one "
        "standard deviation either side."
    )
    body = f'{chart.standalone(title)}\n<p class="meta">{esc(explained)}</p>\n' + questions
    return _section("dims", tr.gettext("Dimensions"), body)


def _readiness(report: CohortReport, tr: Translator) -> str:
    rating, people, skills = tr.gettext("Rating (of 5)"), tr.gettext("People"), tr.gettext("Skills")
    rows = "".join(
        f'<tr><th scope="row">{esc(readiness_role(r.role, tr))}</th>'
        + labelled_cells((number(r.mean, tr), rating), (str(r.n), people), (str(r.skills), skills))
        + "</tr>"
        for r in report.readiness
    )
    heads = _heads((tr.gettext("Role"), False), (rating, True), (people, True), (skills, True))
    table = (
        f'<div class="scroll"><table class="labelled"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )
    return _section("ready", tr.pgettext("cohort", "Readiness"), table)


def _flags(report: CohortReport, tr: Translator) -> str:
    title = tr.gettext("Flags seen")
    if not report.flags:
        none = esc(tr.gettext("None."))
        return _section("flags", title, f"<p>{none}</p>")
    rows = "".join(
        f'<tr><td>{esc(flag_label(flag.code, tr))}</td><td class="num">{flag.count}</td></tr>'
        for flag in report.flags
    )
    heads = _heads((tr.gettext("Flag"), False), (tr.gettext("People"), True))
    table = f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
    return _section("flags", title, table)


def _conversations(report: CohortReport, tr: Translator) -> str:
    people = worth_a_conversation(report, tr)
    if not people:
        nobody = tr.gettext("Nobody: every verdict stands and no answers were flagged.")
        body = f"<p>{esc(nobody)}</p>"
    else:
        body = (
            '<ul class="talk">\n'
            + "\n".join(
                f"<li><strong>{esc(person(row, tr))}</strong>: {esc(why)}</li>"
                for row, why in people
            )
            + "\n</ul>"
        )
    return _section("talk", tr.gettext("Worth a conversation"), body)


def _people(report: CohortReport, tr: Translator) -> str:
    rows = "\n".join(
        f"<tr><td>{esc(person(row, tr))}</td>"
        f'<td class="v-{row.verdict}">{esc(verdict_label(row.verdict, tr))}</td>'
        f'<td class="num">{esc(lean(row, tr))}</td><td class="num">{margin(row)}</td>'
        f"<td{' class=flagged' if row.flags else ''}>{esc(flag_words(row, tr))}</td></tr>"
        for row in report.respondents
    )
    heads = _heads(
        (tr.pgettext("column", "Person"), False),
        (tr.pgettext("column", "Verdict"), False),
        (tr.gettext("Lean"), True),
        (tr.gettext("Margin"), True),
        (tr.gettext("Flags"), False),
    )
    table = (
        f'<div class="scroll"><table class="stack">\n<thead><tr>{heads}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table></div>"
    )
    return _section("people", tr.gettext("People"), table)


def _invalid(report: CohortReport, tr: Translator) -> str:
    if not report.invalid:
        return ""
    items = "\n".join(
        f"<li><strong>{esc(invalid_where(i, tr))}</strong>: {esc(file_message(i.error))}</li>"
        for i in report.invalid
    )
    again = esc(tr.gettext("Not counted above; fix each and run the report again."))
    return _section(
        "invalid",
        tr.gettext("Invalid files"),
        f'<p class="meta">{again}</p>\n<ul class="invalid">\n{items}\n</ul>',
    )


def _notes(report: CohortReport, tr: Translator) -> str:
    if not report.notes:
        return ""
    items = "\n".join(
        f"<li><strong>{esc(file_place(n.source, tr=tr))}</strong>: {esc(note_message(n, tr))}</li>"
        for n in report.notes
    )
    return _section(
        "ignored", tr.gettext("Answers ignored"), f'<ul class="invalid">\n{items}\n</ul>'
    )
