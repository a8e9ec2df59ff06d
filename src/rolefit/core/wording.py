"""The sentences a result is written in: headlines, flag messages, dimension summaries.

Kept apart from the arithmetic so that the words can be read, reviewed (and one day
translated) in one place; every function here is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from rolefit.core.models import Verdict
from rolefit.core.result import Flag


def headline(
    verdict: Verdict, strength: str, product_pct: float, margin: float, flags: Sequence[Flag]
) -> str:
    """The one sentence at the top of a result."""
    split = f"{product_pct:.0f} % product, {100 - product_pct:.0f} % program, ± {margin:.0f}"
    if verdict in ("product", "program"):
        role = f"{verdict.capitalize()} management"
        if strength == "clear":
            return f"{role} fits you clearly: {split}."
        return f"You lean toward {verdict} management: {split}."
    if verdict == "balanced":
        return f"You are balanced between the two roles: {split}."
    if any(f.code == "flat_profile" for f in flags):
        return "No verdict: every statement got the same answer."
    return "No verdict yet: too few questions were answered to say."


FLAT_PROFILE = (
    "You gave the same answer to every statement, so there is no pattern to read; no verdict "
    "is given."
)


def straight_lining(most: int, of: int) -> str:
    return (
        f"{most} of your {of} ratings of statements are the same answer; the result may say "
        "more about the scale than about you."
    )


def contradiction(first: str, first_answer: str, second: str, second_answer: str) -> str:
    return (
        "Two answers point opposite ways although they ask the same thing: "
        f"“{first}” ({first_answer}) and “{second}” ({second_answer})."
    )


def acquiescence(agreed: bool) -> str:
    did = "agreed with" if agreed else "disagreed with"
    return (
        f"You {did} statements that point in opposite directions; the lean may be weaker "
        "than it looks."
    )


def many_skips(skipped: int, asked: int) -> str:
    return f"You skipped {skipped} of {asked} questions."


def dimension_left_out(label: str) -> str:
    return f"{label} is left out: too few of its questions were answered."


def shared_summary(ratings: Sequence[int], balanced_text: str) -> str:
    """A shared dimension's line: the mean self-rating over its skills."""
    if not ratings:
        return "No skills rated here. " + balanced_text
    return f"Self-rated {fmean(ratings):.1f} of 5 over {len(ratings)} skill(s). {balanced_text}"


def left_out_summary(answered: int, needed: int) -> str:
    return f"Left out: {answered} answer(s) here, at least {needed} are needed."
