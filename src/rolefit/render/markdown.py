"""The result as a markdown report to share with a mentor or a cohort."""

from __future__ import annotations

import re

from rolefit.core.models import Result

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")


def escape(text: str) -> str:
    """Escape GitHub-flavoured markdown so user text never turns into markup or a link."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def result_markdown(result: Result) -> str:
    lines: list[str] = []
    who = f" for {escape(result.respondent)}" if result.respondent else ""
    lines.append(f"# Product or program management{who}?")
    lines.append("")
    lines.append(f"**{escape(result.headline)}**")
    lines.append("")
    if result.verdict != "undetermined":
        low, high = result.interval
        lines.append(
            f"- Product {result.product_pct:.0f} %, program {result.program_pct:.0f} %, "
            f"margin ± {result.margin:.0f} (90 % interval {low:.0f}–{high:.0f} % product)"
        )
    form = " (short form)" if result.form == "short" else ""
    lines.append(f"- Answered {result.answered} of {result.asked} questions{form}")
    lines.append(f"- Bank: {escape(result.bank_id)} (version {escape(result.bank_version)})")
    lines.append("")
    lines.append("## Dimensions")
    lines.append("")
    lines.append("| Dimension | Lean | Product % | What it means |")
    lines.append("| --- | --- | ---: | --- |")
    for d in result.dimensions:
        if d.shared:
            lean, pct = "shared", "—"
        elif d.lean is None:
            lean, pct = "left out", "—"
        else:
            lean, pct = (d.level or "balanced"), f"{d.product_pct:.0f}"
        lines.append(f"| {escape(d.label)} | {lean} | {pct} | {escape(d.summary)} |")
    lines.append("")
    if result.reasons:
        lines.append("## Why")
        lines.append("")
        for r in result.reasons:
            lines.append(
                f"- **Toward {r.toward}, {r.points:.1f} points.** “{escape(r.prompt)}” — "
                f"you answered *{escape(r.answer)}*. {escape(r.because)} "
                f"(Source: {escape(r.source)})"
            )
        lines.append("")
    if result.flags:
        lines.append("## Worth knowing")
        lines.append("")
        lines.extend(f"- {escape(flag.message)}" for flag in result.flags)
        lines.append("")
    lines.append("## Readiness")
    lines.append("")
    lines.append("| Role | Self-rating (of 5) | Skills rated |")
    lines.append("| --- | ---: | ---: |")
    for readiness in result.readiness:
        rating = "—" if readiness.score is None else f"{readiness.score:.1f}"
        lines.append(
            f"| {readiness.role.capitalize()} management | {rating} | "
            f"{readiness.rated} of {readiness.of} |"
        )
    lines.append("")
    if result.next_steps:
        lines.append("## Next steps")
        lines.append("")
        for number, step in enumerate(result.next_steps, start=1):
            lines.append(
                f"{number}. **{escape(step.skill)}** (rated {step.rating} of 5, needed in "
                f"{step.role} management): {escape(step.advice)} (Source: {escape(step.source)})"
            )
        lines.append("")
    lines.append("## Sources")
    lines.append("")
    lines.extend(f"- {escape(source)}" for source in result.sources)
    lines.append("")
    return "\n".join(lines)
