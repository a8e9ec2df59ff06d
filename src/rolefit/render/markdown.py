"""The result as a markdown report to share with a mentor or a cohort.

Text that came from a file (a respondent's name, a file name, an error) goes in through
`escape_shown`: first made one safe, bounded line (`shown`), then escaped as markdown. Bank
text and rolefit's own sentences go through `escape` alone, whole.
"""

from __future__ import annotations

import re

from rolefit.core import wording
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


def escape_shown(value: object, limit: int = SHOWN_LIMIT) -> str:
    """Text from a file as markdown: controls shown escaped, cut at `limit`, then `escape`d."""
    return escape(shown(value, limit))


def result_markdown(result: Result) -> str:
    """The whole report: the verdict on top, then one section per part of the result."""
    sections = (_verdict, _dimensions, _reasons, _flags, _readiness, _next_steps, _sources)
    return "\n".join(line for section in sections for line in section(result))


# Each section is its lines, ending in a blank one; a section with nothing to say has none.


def _verdict(result: Result) -> list[str]:
    """The title, the headline, and the numbers behind it."""
    who = f" for {escape_shown(result.respondent)}" if result.respondent else ""
    lines = [f"# Product or program management{who}?", "", f"**{escape(result.headline)}**", ""]
    if (
        result.product_pct is not None
        and result.program_pct is not None
        and result.margin is not None
        and result.interval is not None
    ):
        low, high = result.interval
        lines.append(
            f"- Product {result.product_pct:.0f} %, program {result.program_pct:.0f} %, "
            f"margin ± {result.margin:.0f} (90 % interval {low:.0f}–{high:.0f} % product)"
        )
        lines.append(f"- {wording.INTERVAL_MEANING}")
    if result.standing is not None:
        lines.append(f"- {escape(result.standing.sentence)}")
    form = " (short form)" if result.form == "short" else ""
    lines.append(f"- Answered {result.answered} of {result.asked} questions{form}")
    lines.append(f"- Bank: {escape(result.bank_id)} (version {escape(result.bank_version)})")
    lines.append("")
    return lines


def _dimensions(result: Result) -> list[str]:
    lines = [
        "## Dimensions",
        "",
        "| Dimension | Lean | Product % | What it means |",
        "| --- | --- | ---: | --- |",
    ]
    for d in result.dimensions:
        if d.shared:  # not a lean between the roles: it is shown with readiness
            continue
        if d.lean is None:
            lean, pct = "left out", "—"
        else:
            lean, pct = (d.level or "balanced"), f"{d.product_pct:.0f}"
        lines.append(f"| {escape(d.label)} | {lean} | {pct} | {escape(d.summary)} |")
    lines.append("")
    return lines


def _reasons(result: Result) -> list[str]:
    if not result.reasons:
        return []
    lines = ["## Why", ""]
    for r in result.reasons:
        lines.append(
            f"- **Toward {r.toward}, {r.points:.1f} points.** “{escape(r.prompt)}” — "
            f"you answered *{escape(r.answer)}*. {escape(r.because)} "
            f"(Source: {escape(r.source)})"
        )
    lines.append("")
    return lines


def _flags(result: Result) -> list[str]:
    if not result.flags:
        return []
    return ["## Worth knowing", "", *(f"- {escape(flag.message)}" for flag in result.flags), ""]


def _readiness(result: Result) -> list[str]:
    lines = [
        "## Readiness",
        "",
        "| Role | Self-rating (of 5) | Skills rated |",
        "| --- | ---: | ---: |",
    ]
    for readiness in result.readiness:
        rating = "—" if readiness.score is None else f"{readiness.score:.1f}"
        lines.append(
            f"| {readiness.role.capitalize()} management | {rating} | "
            f"{readiness.rated} of {readiness.of} |"
        )
    lines.append("")
    for d in result.dimensions:
        if d.shared:
            lines.extend([f"{escape(d.label)} (part of both ratings): {escape(d.summary)}", ""])
    return lines


def _next_steps(result: Result) -> list[str]:
    if not result.next_steps:
        return ["## Next steps", "", wording.no_next_steps(result.verdict, result.readiness), ""]
    lines = ["## Next steps", ""]
    for number, step in enumerate(result.next_steps, start=1):
        lines.append(
            f"{number}. **{escape(step.skill)}** (rated {step.rating} of 5, part of "
            f"{step.role} management): {escape(step.advice)} (Source: {escape(step.source)})"
        )
    lines.append("")
    return lines


def _sources(result: Result) -> list[str]:
    return ["## Sources", "", *(f"- {escape(source)}" for source in result.sources), ""]
