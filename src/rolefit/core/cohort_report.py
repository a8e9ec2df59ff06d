"""The cohort report as data: what `rolefit report` says about a workshop's answers, and the
JSON it writes (`rolefit schema` does not publish it; renderers read it).

`core.cohort.summarise` makes one from the per-file outcomes; `rolefit.render.cohort` and
`cohort_page` draw it. Every figure is rounded as the report shows it.
"""

# No `from __future__ import annotations` here: pydantic would then compile and evaluate every
# field's annotation from its text when each class is made.

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from rolefit.core.fields import Frozen, Role, Verdict
from rolefit.core.flags import NO_VERDICT_FLAGS
from rolefit.errors import ExitCode

VERDICTS: tuple[Verdict, ...] = ("product", "program", "balanced", "undetermined")
# Below this many people alpha, its interval and the item statistics are not estimated.
MIN_RESPONDENTS_FOR_ALPHA = 10
# Why a dimension has no alpha: fewer than MIN_RESPONDENTS_FOR_ALPHA people answered its
# items; fewer than two of its items were answered by that many; or alpha is undefined (no
# spread, or two items never answered by the same two people).
AlphaGap = Literal["too_few_people", "too_few_items", "undefined"]


class RespondentRow(Frozen):
    source: str
    respondent: str | None
    verdict: Verdict
    product_pct: float | None  # None: no verdict, so no lean to show
    margin: float | None
    # The codes of the person's flags (as Result.flags has them), so a facilitator knows whom
    # to talk to, not only how many.
    flags: tuple[str, ...] = ()


# Why a person without a verdict is worth a conversation, when no flag of theirs says it
# (core.flags.NO_VERDICT_FLAGS do, and are given alone).
NO_VERDICT = "no_verdict"


class Conversation(Frozen):
    """A person the facilitator should talk to first, and why: `no_verdict` (their answers
    placed them nowhere), then the codes of the flags on their answers."""

    source: str
    respondent: str | None
    reasons: tuple[str, ...]


def worth_a_conversation(rows: Sequence[RespondentRow]) -> tuple[Conversation, ...]:
    """The people with no verdict or a flag on their answers, in the report's order."""
    found = []
    for row in rows:
        reasons = list(row.flags)
        if row.verdict == "undetermined" and not NO_VERDICT_FLAGS & set(row.flags):
            reasons.insert(0, NO_VERDICT)
        if reasons:
            found.append(
                Conversation(source=row.source, respondent=row.respondent, reasons=tuple(reasons))
            )
    return tuple(found)


class InvalidFile(Frozen):
    source: str  # in an anonymous report, `invalid file N` (in English, as the JSON has it)
    line: int | None
    error: str
    # In an anonymous report, which invalid file this is (N): what renderers name it by, in
    # the reader's language. Not in the JSON.
    number: int | None = Field(default=None, exclude=True)


class Note(Frozen):
    source: str
    message: str  # in English, as the JSON has it
    # The question whose answer the note says was left out: what renderers word the note
    # from, in the reader's language. Not in the JSON.
    unreached: str | None = Field(default=None, exclude=True)


class Spread(Frozen):
    n: int
    mean: float | None
    sd: float | None = None
    median: float | None = None


class HistogramBin(Frozen):
    low: int
    high: int
    count: int


class ItemEffect(Frozen):
    question_id: str
    alpha_if_deleted: float
    prompt: str = ""  # the question's text, so a report can show it beside the id


class ItemAnalysis(Frozen):
    """One item of a dimension (a question's contribution to it) across the cohort."""

    question_id: str
    text: str
    asked: int  # people to whom the question was put (its condition held, on their form)
    n: int  # people who answered it
    skipped_pct: float | None  # of those asked
    floor_pct: float | None  # answers at the item's most program-ward value; None: no floor
    ceiling_pct: float | None  # answers at its most product-ward value
    item_rest_r: float | None  # corrected item-total correlation (item vs the rest score)
    alpha_if_deleted: float | None


class DimensionSummary(Frozen):
    id: str
    label: str
    shared: bool
    n: int = 0
    mean: float | None = None
    sd: float | None = None
    alpha: float | None = None
    items: int = 0
    # People who answered at least one of the items: the n alpha and its interval rest on.
    alpha_respondents: int = 0
    # The items alpha is taken over: those answered by MIN_RESPONDENTS_FOR_ALPHA people or more.
    alpha_items: int = 0
    alpha_ci: tuple[float, float] | None = None  # 95 %, Feldt
    standardised_alpha: float | None = None
    sem: float | None = None  # SD of the dimension's product % × √(1 - alpha), in points
    # Why alpha is not given: too few people, or undefined (no spread, pairs never together).
    alpha_note: str | None = None
    # The same reason as a code: what renderers decide by, in the reader's language. Not in
    # the JSON, which has the note in English.
    alpha_gap: AlphaGap | None = Field(default=None, exclude=True)
    lowered_by: tuple[ItemEffect, ...] = ()
    item_analysis: tuple[ItemAnalysis, ...] = ()
    # People per 10 points of the dimension's product %, as the cohort's histogram has them.
    histogram: tuple[HistogramBin, ...] = ()


class ReadinessSummary(Frozen):
    role: Role
    n: int
    mean: float | None
    skills: int


class FlagCount(Frozen):
    code: str
    count: int


class CohortReport(Frozen):
    bank_id: str
    bank_title: str
    bank_version: str
    files: int
    count: int
    anonymous: bool
    verdicts: dict[str, int]
    product_pct: Spread
    histogram: tuple[HistogramBin, ...]
    dimensions: tuple[DimensionSummary, ...]
    readiness: tuple[ReadinessSummary, ...]
    flags: tuple[FlagCount, ...]
    respondents: tuple[RespondentRow, ...]
    worth_a_conversation: tuple[Conversation, ...]
    invalid: tuple[InvalidFile, ...]
    notes: tuple[Note, ...]

    @property
    def exit_code(self) -> ExitCode:
        if not self.invalid:
            return ExitCode.OK
        return ExitCode.BAD_INPUT if self.count == 0 else ExitCode.PROBLEMS_FOUND
