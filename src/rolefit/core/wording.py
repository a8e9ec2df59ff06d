"""The sentences a result is written in: headlines, flag messages, dimension summaries.

Kept apart from the arithmetic so that the words can be read, reviewed (and one day
translated) in one place; every function here is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from rolefit.core.models import Verdict
from rolefit.core.result import RoleReadiness

# A balanced result this far from 50 is told which way it tilts.
TILT_POINTS = 5.0


def lean_words(product_pct: float, even: str = "50 / 50") -> str:
    """A product share as a reader says it: `68 % product`, `71 % program`, or `even` when it
    rounds to the middle."""
    if round(product_pct) == 50:
        return even
    if product_pct > 50:
        return f"{product_pct:.0f} % product"
    return f"{100 - product_pct:.0f} % program"


def dimension_value(product_pct: float | None) -> str:
    """A dimension's number as a reader says it; `left out` for a dimension with too few
    answers to place."""
    return "left out" if product_pct is None else lean_words(product_pct)


def headline(
    verdict: Verdict, strength: str, product_pct: float, margin: float, why_not: str | None
) -> str:
    """The one sentence at the top of a result."""
    if verdict == "undetermined":
        return f"No verdict: {why_not}"
    # A margin under 1 point (a bank with a tiny error_sd) keeps a decimal: never "± 0".
    shown_margin = f"{margin:.0f}" if margin >= 1 else f"{margin:.1f}"
    split = f"{product_pct:.0f} % product, {100 - product_pct:.0f} % program, ± {shown_margin}"
    if verdict in ("product", "program"):
        role = f"{verdict.capitalize()} management"
        if strength == "clear":
            return f"{role} fits you clearly: {split}."
        return f"You lean toward {verdict} management: {split}."
    if abs(product_pct - 50) >= TILT_POINTS:
        side = "product" if product_pct > 50 else "program"
        return (
            f"No clear lean: you tilt toward {side} management, but the range reaches the "
            f"balanced middle: {split}."
        )
    return f"You are balanced between the two roles: {split}."


# What the ± means, in one sentence: the card, the markdown report and the README say it.
INTERVAL_MEANING = (
    "The range is a 90 % interval: your answered questions resampled 1,000 times (a seeded "
    "bootstrap), widened to at least the measurement error of that many answers; it can be "
    "lopsided, and ± is half its width."
)

TOO_FEW_ANSWERS = "too few questions were answered to say."


def undetermined_by_pattern(code: str) -> str:
    """Why a straight-lined or flat set of answers gets no verdict."""
    if code == "flat_profile":
        return "every statement got the same answer, so there is no pattern to read."
    return (
        "most statements got the same answer, so the result would say more about the scale "
        "than about you."
    )


FLAT_PROFILE = (
    "You gave the same answer to every statement, so there is no pattern to read; no verdict "
    "is given."
)


def straight_lining(most: int, of: int) -> str:
    return (
        f"{most} of your {of} ratings of statements are the same answer; the result may say "
        "more about the scale than about you."
    )


def contradiction(pairs: Sequence[tuple[str, str, str, str]]) -> str:
    """Paired statements that say opposite things, answered the same way.

    Each pair is (first statement, its answer, second statement, its answer).
    """
    listed = "; ".join(
        f"“{first}” ({first_answer}) and “{second}” ({second_answer})"
        for first, first_answer, second, second_answer in pairs
    )
    return (
        "Statements that say opposite things got answers pointing the same way, "
        f"so one of each pair may have been misread: {listed}."
    )


def acquiescence(agreed: bool) -> str:
    did = "agreed with" if agreed else "disagreed with"
    return (
        f"You {did} statements that point in opposite directions; the lean may be weaker "
        "than it looks."
    )


def many_skips(skipped: int, asked: int) -> str:
    return f"You skipped {skipped} of {asked} questions about what you prefer."


def no_next_steps(verdict: Verdict, readiness: Sequence[RoleReadiness]) -> str:
    """Why a result has no next steps: nothing rated, or every rated skill at the top."""
    roles = [r for r in readiness if verdict in ("balanced", "undetermined") or r.role == verdict]
    if not any(r.rated for r in roles):
        return "Rate your skills to get next steps."
    needed = f" that {verdict} management needs" if verdict in ("product", "program") else ""
    unrated = any(r.rated < r.of for r in roles)
    return f"Every skill{needed} you rated is at the top, so there is no next step to suggest" + (
        "; rate the others to get some." if unrated else "."
    )


def dimension_left_out(label: str) -> str:
    return f"{label} is left out: too few of its questions were answered."


def shared_summary(ratings: Sequence[int], balanced_text: str) -> str:
    """A shared dimension's line: the mean self-rating over its skills."""
    if not ratings:
        return "No skills rated here. " + balanced_text
    skills = "1 skill" if len(ratings) == 1 else f"{len(ratings)} skills"
    return f"Self-rated {fmean(ratings):.1f} of 5 over {skills}. {balanced_text}"


def left_out_summary(answered: int, needed: int) -> str:
    answers = "1 answer" if answered == 1 else f"{answered} answers"
    return f"Left out: {answers} here, at least {needed} are needed."
