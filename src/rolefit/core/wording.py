"""The sentences a result is written in: headlines, flag messages, dimension summaries.

Kept apart from the arithmetic so that the words can be read, reviewed and translated in one
place; every function here is pure, and takes the `Translator` its words go through
(`rolefit.core.i18n`; English when none is given).
"""

from __future__ import annotations

from collections.abc import Sequence

from rolefit.core.fields import Verdict
from rolefit.core.i18n import ENGLISH, Translator, decimal
from rolefit.core.result import Result, RoleReadiness
from rolefit.core.stats import mean

# A balanced result this far from 50 is told which way it tilts.
TILT_POINTS = 5.0


def lean_words(product_pct: float, even: str | None = None, tr: Translator = ENGLISH) -> str:
    """A product share as a reader says it: `68 % product`, `71 % program`, or `even` (by
    default `50 / 50`) when it rounds to the middle."""
    if round(product_pct) == 50:
        return tr.gettext("50 / 50") if even is None else even
    if product_pct > 50:
        return tr.gettext("{pct} % product").format(pct=f"{product_pct:.0f}")
    return tr.gettext("{pct} % program").format(pct=f"{100 - product_pct:.0f}")


def dimension_value(product_pct: float | None, tr: Translator = ENGLISH) -> str:
    """A dimension's number as a reader says it; `left out` for a dimension with too few
    answers to place."""
    return tr.gettext("left out") if product_pct is None else lean_words(product_pct, tr=tr)


def role_name(role: str, tr: Translator = ENGLISH) -> str:
    """`product management` or `program management`, as a sentence uses it."""
    if role == "product":
        return tr.gettext("product management")
    return tr.gettext("program management")


def role_title(role: str, tr: Translator = ENGLISH) -> str:
    """`Product management` or `Program management`, as a heading or a table row starts."""
    if role == "product":
        return tr.gettext("Product management")
    return tr.gettext("Program management")


def quoted(text: str, tr: Translator = ENGLISH) -> str:
    """`text` in the reader's quotation marks: “…” in English, „…“ in German."""
    # Translators: the quotation marks around a question quoted in a result.
    return tr.gettext("“{text}”").format(text=text)


def side_word(role: str, tr: Translator = ENGLISH) -> str:
    """`product` or `program` alone, as a table cell or a chart label says it."""
    if role == "product":
        return tr.gettext("product")
    if role == "program":
        return tr.gettext("program")
    return tr.gettext("balanced")


def verdict_word(verdict: str, tr: Translator = ENGLISH) -> str:
    """A verdict as a table cell or a sentence names it: `product`, `program`, `balanced`,
    `undetermined`; the history, compare and every table say it this way."""
    if verdict == "undetermined":
        return tr.gettext("undetermined")
    return side_word(verdict, tr)


def verdict_title(verdict: str, tr: Translator = ENGLISH) -> str:
    """A verdict as a heading or a badge names it: `Product management`, `Balanced`, `No
    verdict`."""
    if verdict in ("product", "program"):
        return role_title(verdict, tr)
    if verdict == "balanced":
        return tr.pgettext("verdict", "Balanced")
    return tr.pgettext("verdict", "No verdict")


def headline(
    verdict: Verdict,
    strength: str,
    product_pct: float,
    margin: float,
    why_not: str | None,
    tr: Translator = ENGLISH,
) -> str:
    """The one sentence at the top of a result."""
    if verdict == "undetermined":
        return tr.gettext("No verdict: {why}").format(why=why_not)
    # A margin under 1 point (a bank with a tiny error_sd) keeps a decimal: never "± 0".
    shown_margin = f"{margin:.0f}" if margin >= 1 else decimal(margin, 1, tr)
    split = tr.gettext("{product} % product, {program} % program, ± {margin}").format(
        product=f"{product_pct:.0f}", program=f"{100 - product_pct:.0f}", margin=shown_margin
    )
    if verdict == "product":
        if strength == "clear":
            return tr.gettext("Product management fits you clearly: {split}.").format(split=split)
        return tr.gettext("You lean toward product management: {split}.").format(split=split)
    if verdict == "program":
        if strength == "clear":
            return tr.gettext("Program management fits you clearly: {split}.").format(split=split)
        return tr.gettext("You lean toward program management: {split}.").format(split=split)
    if abs(product_pct - 50) >= TILT_POINTS:
        if product_pct > 50:
            tilt = tr.gettext(
                "No clear lean: you tilt toward product management, but the range reaches the "
                "balanced middle: {split}."
            )
        else:
            tilt = tr.gettext(
                "No clear lean: you tilt toward program management, but the range reaches the "
                "balanced middle: {split}."
            )
        return tilt.format(split=split)
    return tr.gettext("You are balanced between the two roles: {split}.").format(split=split)


def interval_meaning(tr: Translator = ENGLISH) -> str:
    """What the ± means, in one sentence: the card, the reports and the README say it."""
    return tr.gettext(
        "The range is a 90 % interval: your answered questions resampled 1,000 times (a seeded "
        "bootstrap), widened to at least the measurement error of that many answers; it can be "
        "lopsided, and ± is half its width."
    )


# The English sentence, for the README and the tests that quote it.
INTERVAL_MEANING = interval_meaning()


def too_few_answers(tr: Translator = ENGLISH) -> str:
    return tr.gettext("too few questions were answered to say.")


def undetermined_by_pattern(code: str, tr: Translator = ENGLISH) -> str:
    """Why a straight-lined or flat set of answers gets no verdict."""
    if code == "flat_profile":
        return tr.gettext("every statement got the same answer, so there is no pattern to read.")
    return tr.gettext(
        "most statements got the same answer, so the result would say more about the scale "
        "than about you."
    )


def flat_profile(tr: Translator = ENGLISH) -> str:
    return tr.gettext(
        "You gave the same answer to every statement, so there is no pattern to read; no verdict "
        "is given."
    )


def straight_lining(most: int, of: int, tr: Translator = ENGLISH) -> str:
    return tr.ngettext(
        "{most} of your {of} rating of statements is the same answer; the result may say "
        "more about the scale than about you.",
        "{most} of your {of} ratings of statements are the same answer; the result may say "
        "more about the scale than about you.",
        of,
    ).format(most=most, of=of)


def contradiction(pairs: Sequence[tuple[str, str, str, str]], tr: Translator = ENGLISH) -> str:
    """Paired statements that say opposite things, answered the same way.

    Each pair is (first statement, its answer, second statement, its answer).
    """
    pair = tr.gettext("“{first}” ({first_answer}) and “{second}” ({second_answer})")
    listed = "; ".join(
        pair.format(
            first=first, first_answer=first_answer, second=second, second_answer=second_answer
        )
        for first, first_answer, second, second_answer in pairs
    )
    return tr.gettext(
        "Statements that say opposite things got answers pointing the same way, "
        "so one of each pair may have been misread: {pairs}."
    ).format(pairs=listed)


def acquiescence(agreed: bool, tr: Translator = ENGLISH) -> str:
    if agreed:
        return tr.gettext(
            "You agreed with statements that point in opposite directions; the lean may be "
            "weaker than it looks."
        )
    return tr.gettext(
        "You disagreed with statements that point in opposite directions; the lean may be "
        "weaker than it looks."
    )


def many_skips(skipped: int, asked: int, tr: Translator = ENGLISH) -> str:
    return tr.ngettext(
        "You skipped {skipped} of {asked} question about what you prefer.",
        "You skipped {skipped} of {asked} questions about what you prefer.",
        asked,
    ).format(skipped=skipped, asked=asked)


def no_next_steps(
    verdict: Verdict, readiness: Sequence[RoleReadiness], tr: Translator = ENGLISH
) -> str:
    """Why a result has no next steps: nothing rated, or every rated skill at the top."""
    roles = [r for r in readiness if verdict in ("balanced", "undetermined") or r.role == verdict]
    if not any(r.rated for r in roles):
        return tr.gettext("Rate your skills to get next steps.")
    unrated = any(r.rated < r.of for r in roles)
    if verdict == "product":
        top = tr.gettext(
            "Every skill that product management needs you rated is at the top, so there is no "
            "next step to suggest"
        )
    elif verdict == "program":
        top = tr.gettext(
            "Every skill that program management needs you rated is at the top, so there is no "
            "next step to suggest"
        )
    else:
        top = tr.gettext("Every skill you rated is at the top, so there is no next step to suggest")
    return top + (tr.gettext("; rate the others to get some.") if unrated else ".")


def dimension_left_out(label: str, tr: Translator = ENGLISH) -> str:
    return tr.gettext("{dimension} is left out: too few of its questions were answered.").format(
        dimension=label
    )


def shared_summary(ratings: Sequence[int], balanced_text: str, tr: Translator = ENGLISH) -> str:
    """A shared dimension's line: the mean self-rating over its skills."""
    if not ratings:
        return tr.gettext("No skills rated here.") + " " + balanced_text
    line = tr.ngettext(
        "Self-rated {mean} of 5 over {count} skill.",
        "Self-rated {mean} of 5 over {count} skills.",
        len(ratings),
    ).format(mean=decimal(mean(ratings), 1, tr), count=len(ratings))
    return f"{line} {balanced_text}"


def left_out_summary(answered: int, needed: int, tr: Translator = ENGLISH) -> str:
    return tr.ngettext(
        "Left out: {answered} answer here, at least {needed} are needed.",
        "Left out: {answered} answers here, at least {needed} are needed.",
        answered,
    ).format(answered=answered, needed=needed)


def not_read_summary(tr: Translator = ENGLISH) -> str:
    # Translators: a dimension of a result without a verdict, where its lean is not shown.
    return tr.gettext("Not read: with no verdict, a lean here would mislead.")


def dimensions_not_read(result: Result, tr: Translator = ENGLISH) -> str | None:
    """What a result without a verdict says instead of its dimensions (None: it has one, and
    its dimensions are shown)."""
    if result.verdict != "undetermined":
        return None
    return tr.gettext("None is read: without a verdict, a lean on any one dimension would mislead.")


def whole_figures(result: Result) -> dict[str, str]:
    """The result's figures as every renderer's sentences show them, in whole numbers:
    `product`, `program`, `margin` and the interval's `low` and `high` (those a result without
    a verdict lacks are left out)."""
    figures = {"product": result.product_pct, "program": result.program_pct}
    figures["margin"] = result.margin
    if result.interval is not None:
        figures["low"], figures["high"] = result.interval
    return {name: f"{value:.0f}" for name, value in figures.items() if value is not None}


def answered_line(result: Result, tr: Translator = ENGLISH) -> str:
    """`Answered 12 of 14 questions (short form)`: every renderer's line, without a stop."""
    if result.form == "short":
        answered = tr.ngettext(
            "Answered {answered} of {asked} question (short form)",
            "Answered {answered} of {asked} questions (short form)",
            result.asked,
        )
    else:
        answered = tr.ngettext(
            "Answered {answered} of {asked} question",
            "Answered {answered} of {asked} questions",
            result.asked,
        )
    return answered.format(answered=result.answered, asked=result.asked)
