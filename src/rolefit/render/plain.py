"""The result as plain lines, for the plain quiz: read top to bottom by a screen reader.

The card draws boxes, bars and arrows, which a screen reader spells out character by
character ("box drawings light vertical"); the markdown has tables and emphasis marks. Here
every part of the result is a heading line and sentences under it, wrapped to the width given,
with nothing drawn: the same facts as the card, in the same order.
"""

from __future__ import annotations

import textwrap

from rolefit.core import wording
from rolefit.core.result import Result
from rolefit.core.text import shown


def result_plain(result: Result, width: int = 80) -> str:
    """The whole result as wrapped lines of text, ending in a newline."""
    sections = (_verdict, _dimensions, _reasons, _flags, _readiness, _next_steps, _sources)
    paragraphs = [paragraph for section in sections for paragraph in section(result)]
    return "\n".join(_wrap(paragraph, width) for paragraph in paragraphs) + "\n"


def _wrap(paragraph: str, width: int) -> str:
    if not paragraph:
        return ""
    # Items are indented under their heading; continuation lines hang under the text.
    item = paragraph.startswith("- ") or paragraph[:1].isdigit()
    return textwrap.fill(
        paragraph,
        width=max(width, 30),
        initial_indent="  " if item else "",
        subsequent_indent="    " if item else "",
        break_on_hyphens=False,
    )


def _verdict(result: Result) -> list[str]:
    who = f" for {shown(result.respondent)}" if result.respondent else ""
    lines = [f"Result{who}", result.headline]
    if (
        result.product_pct is not None
        and result.program_pct is not None
        and result.interval is not None
    ):
        low, high = result.interval
        lines.append(
            f"Product {result.product_pct:.0f} percent, program {result.program_pct:.0f} "
            f"percent; 90 percent interval {low:.0f} to {high:.0f} percent product. "
            f"{wording.INTERVAL_MEANING}"
        )
    if result.standing is not None:
        lines.append(result.standing.sentence)
    form = " (short form)" if result.form == "short" else ""
    lines.append(f"Answered {result.answered} of {result.asked} questions{form}.")
    return [*lines, ""]


def _dimensions(result: Result) -> list[str]:
    lines = ["Dimensions:"]
    for d in result.dimensions:
        if d.shared:
            where = "shared by both roles"
        elif d.lean is None:
            where = "left out (no answers)"
        else:
            where = f"{d.level or 'balanced'}, {d.product_pct:.0f} percent product"
        lines.append(f"- {d.label}: {where}. {d.summary}")
    return [*lines, ""]


def _reasons(result: Result) -> list[str]:
    if not result.reasons:
        return []
    lines = ["Why:"]
    for r in result.reasons:
        lines.append(
            f"- Toward {r.toward}, {r.points:.1f} points: “{r.prompt}” You answered "
            f"{r.answer}. {r.because} Source: {r.source}."
        )
    return [*lines, ""]


def _flags(result: Result) -> list[str]:
    if not result.flags:
        return []
    return ["Worth knowing:", *(f"- {flag.message}" for flag in result.flags), ""]


def _readiness(result: Result) -> list[str]:
    lines = ["Readiness:"]
    for readiness in result.readiness:
        rating = "not rated" if readiness.score is None else f"{readiness.score:.1f} of 5"
        lines.append(
            f"- {readiness.role.capitalize()} management: {rating} "
            f"({readiness.rated} of {readiness.of} skills rated)."
        )
    return [*lines, ""]


def _next_steps(result: Result) -> list[str]:
    if not result.next_steps:
        return []
    lines = ["Next steps:"]
    for number, step in enumerate(result.next_steps, start=1):
        lines.append(
            f"{number}. {step.skill} (you rated {step.rating} of 5, part of {step.role} "
            f"management): {step.advice} Source: {step.source}."
        )
    return [*lines, ""]


def _sources(result: Result) -> list[str]:
    return ["Sources:", *(f"- {source}" for source in result.sources)]
