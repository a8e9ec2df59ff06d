"""The result as a markdown report to share with a mentor or a cohort.

Text that came from a file (a respondent's name, a file name, an error) goes in through
`escape_shown`: first made one safe, bounded line (`shown`), then escaped as markdown. Bank
text and rolefit's own sentences go through `escape` alone, whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rolefit.core import wording
from rolefit.core.i18n import ENGLISH, Translator, decimal
from rolefit.core.result import Result
from rolefit.core.text import SHOWN_LIMIT, shown

# What starts markup anywhere in a line: emphasis, code, links and images, raw HTML and
# entities, tables, strikethrough, GitHub's $math$, and the backslash itself.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$])")
# What starts a block at the beginning of a list item or a quote ("- # x" is a heading in a
# list): an ATX heading, a bullet, an ordered-list number. Its last character is escaped.
_BLOCK_START = re.compile(r"^(#{1,6}|[-+]|\d{1,9}[.)])(?= |$)")


def escape(text: str) -> str:
    """Escape GitHub-flavoured markdown so user text never turns into markup or a link."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _BLOCK_START.sub(lambda m: f"{m.group()[:-1]}\\{m.group()[-1]}", escaped)


def escape_shown(value: object, limit: int = SHOWN_LIMIT, tr: Translator = ENGLISH) -> str:
    """Text from a file as markdown: controls shown escaped, cut at `limit` (saying so in the
    words of `tr`), then `escape`d."""
    return escape(shown(value, limit, tr))


def table(header: str, alignment: str, rows: Iterable[str]) -> list[str]:
    """A markdown table and the blank line after it: the header row (translated whole, so that
    a translator sees its columns together), the alignment row, then the rows."""
    return [header, alignment, *rows, ""]


def result_markdown(result: Result, tr: Translator = ENGLISH) -> str:
    """The whole report: the verdict on top, then one section per part of the result."""
    sections = (_verdict, _dimensions, _reasons, _flags, _readiness, _next_steps, _sources)
    return "\n".join(line for section in sections for line in section(result, tr))


# Each section is its lines, ending in a blank one; a section with nothing to say has none.


def _verdict(result: Result, tr: Translator) -> list[str]:
    """The title, the headline, and the numbers behind it."""
    if result.respondent:
        title = tr.gettext("Product or program management for {name}?").format(
            name=escape_shown(result.respondent, tr=tr)
        )
    else:
        title = tr.gettext("Product or program management?")
    lines = [f"# {title}", "", f"**{escape(result.headline)}**", ""]
    if (
        result.product_pct is not None
        and result.program_pct is not None
        and result.margin is not None
        and result.interval is not None
    ):
        numbers = tr.gettext(
            "Product {product} %, program {program} %, margin ± {margin} (90 % interval "
            "{low}–{high} % product)"
        ).format(**wording.whole_figures(result))
        lines.append(f"- {numbers}")
        lines.append(f"- {escape(wording.interval_meaning(tr))}")
    if result.standing is not None:
        lines.append(f"- {escape(result.standing.sentence)}")
    lines.append("- " + wording.answered_line(result, tr))
    bank = tr.gettext("Bank: {bank} (version {version})").format(
        bank=escape(result.bank_id), version=escape(result.bank_version)
    )
    lines.append(f"- {bank}")
    lines.append("")
    return lines


def _dimensions(result: Result, tr: Translator) -> list[str]:
    unread = wording.dimensions_not_read(result, tr)
    if unread is not None:
        return ["## " + tr.gettext("Dimensions"), "", unread, ""]
    header = (
        tr.gettext("Dimension"),
        tr.gettext("Lean"),
        tr.gettext("Product %"),
        tr.gettext("What it means"),
    )
    lines = [
        "## " + tr.gettext("Dimensions"),
        "",
        "| " + " | ".join(header) + " |",
        "| --- | --- | ---: | --- |",
    ]
    for d in result.dimensions:
        if d.shared:  # not a lean between the roles: it is shown with readiness
            continue
        if d.lean is None or d.product_pct is None:
            lean, pct = tr.gettext("left out"), "—"
        else:
            lean, pct = wording.side_word(d.level or "balanced", tr), f"{d.product_pct:.0f}"
        lines.append(f"| {escape(d.label)} | {lean} | {pct} | {escape(d.summary)} |")
    lines.append("")
    return lines


def _reasons(result: Result, tr: Translator) -> list[str]:
    if not result.reasons:
        return []
    lines = ["## " + tr.gettext("Why"), ""]
    for r in result.reasons:
        if r.toward == "product":
            toward = tr.gettext("Toward product, {points} points.")
        else:
            toward = tr.gettext("Toward program, {points} points.")
        answered = tr.gettext("you answered {answer}.").format(answer=f"*{escape(r.answer)}*")
        source = tr.gettext("(Source: {source})").format(source=escape(r.source))
        points = toward.format(points=decimal(r.points, 1, tr))
        prompt = wording.quoted(escape(r.prompt), tr)
        lines.append(f"- **{points}** {prompt} — {answered} {escape(r.because)} {source}")
    lines.append("")
    return lines


def _flags(result: Result, tr: Translator) -> list[str]:
    if not result.flags:
        return []
    return [
        "## " + tr.gettext("Worth knowing"),
        "",
        *(f"- {escape(flag.message)}" for flag in result.flags),
        "",
    ]


def _readiness(result: Result, tr: Translator) -> list[str]:
    header = (tr.gettext("Role"), tr.gettext("Self-rating (of 5)"), tr.gettext("Skills rated"))
    lines = [
        "## " + tr.gettext("Readiness"),
        "",
        "| " + " | ".join(header) + " |",
        "| --- | ---: | ---: |",
    ]
    for readiness in result.readiness:
        rating = "—" if readiness.score is None else decimal(readiness.score, 1, tr)
        rated = tr.gettext("{rated} of {of}").format(rated=readiness.rated, of=readiness.of)
        lines.append(f"| {wording.role_title(readiness.role, tr)} | {rating} | {rated} |")
    lines.append("")
    for d in result.dimensions:
        if d.shared:
            both = tr.gettext("{dimension} (part of both ratings):").format(
                dimension=escape(d.label)
            )
            lines.extend([f"{both} {escape(d.summary)}", ""])
    return lines


def _next_steps(result: Result, tr: Translator) -> list[str]:
    heading = "## " + tr.gettext("Next steps")
    if not result.next_steps:
        return [
            heading,
            "",
            escape(wording.no_next_steps(result.verdict, result.readiness, tr)),
            "",
        ]
    lines = [heading, ""]
    for number, step in enumerate(result.next_steps, start=1):
        rated = tr.gettext("rated {rating} of 5, part of {role}").format(
            rating=step.rating, role=wording.role_name(step.role, tr)
        )
        source = tr.gettext("(Source: {source})").format(source=escape(step.source))
        lines.append(
            f"{number}. **{escape(step.skill)}** ({rated}): {escape(step.advice)} {source}"
        )
    lines.append("")
    return lines


def _sources(result: Result, tr: Translator) -> list[str]:
    return [
        "## " + tr.gettext("Sources"),
        "",
        *(f"- {escape(source)}" for source in result.sources),
        "",
    ]
