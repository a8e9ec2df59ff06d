"""The result as plain lines, for the plain quiz: read top to bottom by a screen reader.

The card draws boxes, bars and arrows, which a screen reader spells out character by
character ("box drawings light vertical"); the markdown has tables and emphasis marks. Here
every part of the result is a heading line and sentences under it, wrapped to the width given,
with nothing drawn: the same facts as the card, in the same order.
"""

from __future__ import annotations

import textwrap

from rolefit.core import wording
from rolefit.core.i18n import ENGLISH, Translator, decimal
from rolefit.core.result import Result
from rolefit.core.text import shown


def result_plain(result: Result, width: int = 80, tr: Translator = ENGLISH) -> str:
    """The whole result as wrapped lines of text, ending in a newline."""
    sections = (_verdict, _dimensions, _reasons, _flags, _readiness, _next_steps, _sources)
    paragraphs = [paragraph for section in sections for paragraph in section(result, tr)]
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


def _verdict(result: Result, tr: Translator) -> list[str]:
    if result.respondent:
        title = tr.gettext("Result for {name}").format(name=shown(result.respondent, tr=tr))
    else:
        title = tr.gettext("Result")
    lines = [title, result.headline]
    if (
        result.product_pct is not None
        and result.program_pct is not None
        and result.interval is not None
    ):
        numbers = tr.gettext(
            "Product {product} percent, program {program} percent; 90 percent interval {low} "
            "to {high} percent product."
        ).format(**wording.whole_figures(result))
        lines.append(f"{numbers} {wording.interval_meaning(tr)}")
    if result.standing is not None:
        lines.append(result.standing.sentence)
    lines.append(wording.answered_line(result, tr) + ".")
    return [*lines, ""]


def _dimensions(result: Result, tr: Translator) -> list[str]:
    lines = [tr.gettext("Dimensions:")]
    unread = wording.dimensions_not_read(result, tr)
    if unread is not None:
        return [*lines, unread, ""]
    for d in result.dimensions:
        if d.shared:
            where = tr.gettext("shared by both roles")
        elif d.lean is None or d.product_pct is None:
            where = tr.gettext("left out (no answers)")
        else:
            where = tr.gettext("{level}, {pct} percent product").format(
                level=wording.side_word(d.level or "balanced", tr), pct=f"{d.product_pct:.0f}"
            )
        lines.append(f"- {d.label}: {where}. {d.summary}")
    return [*lines, ""]


def _reasons(result: Result, tr: Translator) -> list[str]:
    if not result.reasons:
        return []
    lines = [tr.gettext("Why:")]
    for r in result.reasons:
        if r.toward == "product":
            toward = tr.gettext("Toward product, {points} points:")
        else:
            toward = tr.gettext("Toward program, {points} points:")
        answered = tr.gettext("You answered {answer}.").format(answer=r.answer)
        source = tr.gettext("Source: {source}.").format(source=r.source)
        points = toward.format(points=decimal(r.points, 1, tr))
        prompt = wording.quoted(r.prompt, tr)
        lines.append(f"- {points} {prompt} {answered} {r.because} {source}")
    return [*lines, ""]


def _flags(result: Result, tr: Translator) -> list[str]:
    if not result.flags:
        return []
    return [tr.gettext("Worth knowing:"), *(f"- {flag.message}" for flag in result.flags), ""]


def _readiness(result: Result, tr: Translator) -> list[str]:
    lines = [tr.gettext("Readiness:")]
    for readiness in result.readiness:
        rating = (
            tr.gettext("not rated")
            if readiness.score is None
            else tr.gettext("{rating} of 5").format(rating=decimal(readiness.score, 1, tr))
        )
        rated = tr.ngettext(
            "{rated} of {of} skill rated", "{rated} of {of} skills rated", readiness.of
        ).format(rated=readiness.rated, of=readiness.of)
        lines.append(f"- {wording.role_title(readiness.role, tr)}: {rating} ({rated}).")
    return [*lines, ""]


def _next_steps(result: Result, tr: Translator) -> list[str]:
    if not result.next_steps:
        return []
    lines = [tr.gettext("Next steps:")]
    for number, step in enumerate(result.next_steps, start=1):
        rated = tr.gettext("you rated {rating} of 5, part of {role}").format(
            rating=step.rating, role=wording.role_name(step.role, tr)
        )
        source = tr.gettext("Source: {source}.").format(source=step.source)
        lines.append(f"{number}. {step.skill} ({rated}): {step.advice} {source}")
    return [*lines, ""]


def _sources(result: Result, tr: Translator) -> list[str]:
    return [tr.gettext("Sources:"), *(f"- {source}" for source in result.sources)]
