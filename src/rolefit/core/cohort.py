"""A cohort report: what a whole workshop's answers say, as numbers a facilitator can read.

Pure aggregation: `Scored` and `Invalid` records (one per answers file, made by
`rolefit.files.submissions`, which reads and scores the files) go in, a `CohortReport` comes
out, and `rolefit.render.cohort` draws it. A bad file is an entry in the invalid list, never
the end of the report.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from statistics import median
from typing import TYPE_CHECKING

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.conditions import holds
from rolefit.core.fields import Frozen, Role, Verdict
from rolefit.core.flags import NO_VERDICT_FLAGS
from rolefit.core.models import Answer
from rolefit.core.readiness import ROLES
from rolefit.core.records import record
from rolefit.core.result import Result
from rolefit.core.stats import Pairwise, RestScores, feldt_interval, item_arrays, variance
from rolefit.errors import ExitCode

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

VERDICTS: tuple[Verdict, ...] = ("product", "program", "balanced", "undetermined")
HISTOGRAM_BINS = 10


# --- The report --------------------------------------------------------------------------


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
    source: str
    line: int | None
    error: str


class Note(Frozen):
    source: str
    message: str


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


# --- One file ----------------------------------------------------------------------------


@record
class Scored:
    """What the report keeps of one valid answers file (small, so workers send it cheaply)."""

    row: RespondentRow
    dimensions: tuple[float | None, ...]  # product_pct per bank dimension; None: left out
    readiness: tuple[float | None, ...]  # mean self-rating per role in ROLES order
    flags: frozenset[str]
    items: tuple[float | None, ...]  # per ItemPlan column; None: not answered
    notes: tuple[str, ...]
    asked: tuple[bool, ...] = ()  # per ItemPlan question: was it put to this person?

    @classmethod
    def of(
        cls, source: str, sheet: AnswerSheet, result: Result, bank: Bank, plan: ItemPlan
    ) -> Scored:
        shared = RespondentRow.model_fields.keys() & Result.model_fields.keys() - {"flags"}
        fields = {name: getattr(result, name) for name in shared}
        codes = tuple(dict.fromkeys(f.code for f in result.flags))  # each code once
        return cls(
            row=RespondentRow.model_validate({**fields, "source": source, "flags": codes}),
            dimensions=tuple(d.product_pct for d in result.dimensions),
            readiness=tuple(r.score for r in result.readiness),
            flags=frozenset(f.code for f in result.flags),
            items=plan.values(bank, sheet.answers),
            notes=sheet.warnings,
            asked=plan.asked(bank, sheet),
        )


@record
class Invalid:
    source: str
    line: int | None
    error: str


Outcome = Scored | Invalid


@record
class ItemPlan:
    """The items of each dimension, for Cronbach's alpha.

    An item is one preference question's contribution to one dimension it reaches, so a
    question reaching two dimensions is an item of each.
    """

    columns: tuple[tuple[str, str], ...]
    by_dimension: Mapping[str, tuple[int, ...]]
    # The columns grouped by question (they are adjacent), so each answer is looked up once.
    by_question: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, bank: Bank) -> ItemPlan:
        by_question = tuple(
            (q.id, bank.items[q.id].reaches) for q in bank.questions if q.kind == "preference"
        )
        columns = tuple((qid, d) for qid, reached in by_question for d in reached)
        by_dimension = {
            d.id: tuple(i for i, (_, dim) in enumerate(columns) if dim == d.id)
            for d in bank.scoring.dimensions
        }
        return cls(columns, by_dimension, by_question)

    def asked(self, bank: Bank, sheet: AnswerSheet) -> tuple[bool, ...]:
        """Per question of the plan: whether it was put to this person."""
        form = {q.id for q in bank.form(short=sheet.short)}
        return tuple(
            qid in form and holds(bank.by_id[qid].when, sheet.answers)
            for qid, _ in self.by_question
        )

    def values(self, bank: Bank, answers: Mapping[str, Answer]) -> tuple[float | None, ...]:
        """One respondent's value per column; None where the question was not answered."""
        values: list[float | None] = []
        for question_id, dimensions in self.by_question:
            answer = answers.get(question_id)
            if answer is None:
                values.extend([None] * len(dimensions))
                continue
            leans = bank.items[question_id].leans(answer)
            values.extend([leans[dimension] for dimension in dimensions])
        return tuple(values)


# --- Summing up --------------------------------------------------------------------------


def summarise(
    bank: Bank, plan: ItemPlan, outcomes: Sequence[Outcome], *, anonymous: bool = False
) -> CohortReport:
    """The cohort report: pure arithmetic over the per-file outcomes."""
    scored = [o for o in outcomes if isinstance(o, Scored)]
    failed = [o for o in outcomes if isinstance(o, Invalid)]
    # File names are often people's names, so anonymous reports name each person by a code
    # made from the file's name: the same file keeps its code as the cohort grows.
    rows = tuple(
        o.row.model_copy(update={"source": anonymous_code(o.row.source), "respondent": None})
        if anonymous
        else o.row
        for o in scored
    )
    invalid = tuple(
        InvalidFile(
            source=f"invalid file {n}" if anonymous else o.source, line=o.line, error=o.error
        )
        for n, o in enumerate(failed, 1)
    )
    notes = tuple(
        Note(source=row.source, message=message)
        for row, o in zip(rows, scored, strict=True)
        for message in o.notes
    )
    verdicts = Counter(o.row.verdict for o in scored)
    # Without a verdict, product_pct rests on too few (or flat) answers to place anyone.
    pcts = [o.row.product_pct for o in scored if o.row.product_pct is not None]
    flags = Counter(code for o in scored for code in o.flags)
    times_asked = _times_asked(plan, scored)
    return CohortReport(
        bank_id=bank.id,
        bank_title=bank.title,
        bank_version=bank.version,
        files=len(outcomes),
        count=len(scored),
        anonymous=anonymous,
        verdicts={verdict: verdicts[verdict] for verdict in VERDICTS},
        product_pct=_spread(pcts, with_median=True),
        histogram=histogram(pcts),
        dimensions=tuple(
            _dimension_summary(bank, plan, scored, times_asked, index)
            for index in range(len(bank.scoring.dimensions))
        ),
        readiness=tuple(_readiness_summary(bank, scored, k) for k in range(len(ROLES))),
        flags=tuple(
            FlagCount(code=code, count=count)
            for code, count in sorted(flags.items(), key=lambda item: (-item[1], item[0]))
        ),
        respondents=rows,
        worth_a_conversation=worth_a_conversation(rows),
        invalid=invalid,
        notes=notes,
    )


def anonymous_code(source: str) -> str:
    """A stable, short code for a file: `person-3fa94c` (the first 24 bits of its SHA-256)."""
    digest = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()
    return f"person-{digest[:6]}"


def histogram(pcts: Sequence[float]) -> tuple[HistogramBin, ...]:
    """Counts of product_pct in 10-point bins; the last bin also holds 100."""
    width = 100 // HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for pct in pcts:
        counts[min(int(pct // width), HISTOGRAM_BINS - 1)] += 1
    return tuple(
        HistogramBin(low=k * width, high=(k + 1) * width, count=count)
        for k, count in enumerate(counts)
    )


def _readiness_summary(bank: Bank, scored: Sequence[Scored], index: int) -> ReadinessSummary:
    role = ROLES[index]
    spread = _spread([o.readiness[index] for o in scored])
    return ReadinessSummary(
        role=role,
        n=spread.n,
        mean=spread.mean,
        skills=sum(1 for skill in bank.scoring.skills.values() if role in skill.roles),
    )


# Below this many people alpha, its interval and the item statistics are not estimated.
MIN_RESPONDENTS_FOR_ALPHA = 10


def _times_asked(plan: ItemPlan, scored: Sequence[Scored]) -> tuple[int, ...]:
    """Per question of the plan: how many people it was put to (a person without a record of
    what they were asked was asked everything)."""
    everyone = sum(1 for o in scored if not o.asked)
    recorded = [o.asked for o in scored if o.asked]
    if not recorded:
        return (everyone,) * len(plan.by_question)
    return tuple(everyone + sum(column) for column in zip(*recorded, strict=True))


def _dimension_summary(
    bank: Bank, plan: ItemPlan, scored: Sequence[Scored], times_asked: Sequence[int], index: int
) -> DimensionSummary:
    """A dimension's spread, and the reliability of its items (pairwise, see core.stats)."""
    import numpy as np

    dimension = bank.scoring.dimensions[index]
    values = [o.dimensions[index] for o in scored]
    spread = _spread(values)
    columns = plan.by_dimension[dimension.id]
    present, table = item_arrays([[o.items[c] for o in scored] for c in columns])
    # Only people who answered at least one item say anything about the items.
    answering = np.flatnonzero(present.any(axis=0))
    present, table = present[:, answering], table[:, answering]
    summary = DimensionSummary(
        id=dimension.id,
        label=dimension.label,
        shared=dimension.shared,
        n=spread.n,
        mean=spread.mean,
        sd=spread.sd,
        items=len(columns),
        alpha_respondents=len(answering),
        histogram=() if dimension.shared else histogram([v for v in values if v is not None]),
    )
    if len(columns) < 2:
        return summary
    if len(answering) < MIN_RESPONDENTS_FOR_ALPHA:
        note = (
            f"too few to estimate: {len(answering)} people answered, at least "
            f"{MIN_RESPONDENTS_FOR_ALPHA} are needed"
        )
        return summary.model_copy(update={"alpha_note": note})
    # An item few people answered (the full form's questions in a cohort of short forms, a
    # follow-up asked of two people) says nothing reliable about how it varies with the
    # others: its covariances would rest on a handful of people. Alpha is taken over the items
    # that as many people answered as alpha itself needs; the others get no r either.
    used = [int(k) for k in np.flatnonzero(present.sum(axis=1) >= MIN_RESPONDENTS_FOR_ALPHA)]
    if len(used) < 2:
        note = (
            "not estimated: fewer than two of its questions were answered by "
            f"{MIN_RESPONDENTS_FOR_ALPHA} people or more"
        )
        return summary.model_copy(update={"alpha_note": note})
    pairwise = Pairwise.of_arrays(present, table)
    rest_scores = RestScores(present, table)
    alpha = pairwise.alpha(used)
    items = tuple(
        _item_analysis(
            bank,
            plan,
            times_asked,
            table[position][present[position]],
            column,
            position,
            used,
            pairwise,
            rest_scores,
        )
        for position, column in enumerate(columns)
    )
    lowered = sorted(
        (
            ItemEffect(
                question_id=item.question_id,
                alpha_if_deleted=item.alpha_if_deleted,
                prompt=bank.by_id[item.question_id].prompt,
            )
            for item in items
            if alpha is not None
            and item.alpha_if_deleted is not None
            and item.alpha_if_deleted > round(alpha, 3)
        ),
        key=lambda effect: -effect.alpha_if_deleted,
    )
    ci = feldt_interval(alpha, len(answering), len(used)) if alpha is not None else None
    sem = None
    if alpha is not None and spread.sd is not None:
        sem = round(spread.sd * math.sqrt(max(0.0, 1 - alpha)), 1)
    return summary.model_copy(
        update={
            "alpha": _round(alpha, 3),
            "alpha_ci": None if ci is None else (round(ci[0], 3), round(ci[1], 3)),
            "alpha_items": len(used),
            "standardised_alpha": _round(pairwise.standardised_alpha(used), 3),
            "sem": sem,
            "alpha_note": None
            if alpha is not None
            else "undefined: no spread, or two items never answered by the same two people",
            "lowered_by": tuple(lowered),
            "item_analysis": items,
        }
    )


def _item_analysis(
    bank: Bank,
    plan: ItemPlan,
    times_asked: Sequence[int],
    values: npt.NDArray[np.float64],
    column: int,
    position: int,
    used: Sequence[int],
    pairwise: Pairwise,
    rest_scores: RestScores,
) -> ItemAnalysis:
    """One item's statistics; `values` holds its answered values."""
    question_id, dimension_id = plan.columns[column]
    question_index = next(i for i, (q, _) in enumerate(plan.by_question) if q == question_id)
    asked = times_asked[question_index]
    low, high = _extremes(bank, question_id, dimension_id)
    without = [k for k in used if k != position]
    counted = position in used
    return ItemAnalysis(
        question_id=question_id,
        text=bank.by_id[question_id].prompt,
        asked=asked,
        n=len(values),
        skipped_pct=round(100 * (asked - len(values)) / asked, 1) if asked else None,
        floor_pct=_pct_at(values, low),
        ceiling_pct=_pct_at(values, high),
        item_rest_r=_round(rest_scores.correlation(position), 3) if counted else None,
        alpha_if_deleted=_round(pairwise.alpha(without), 3) if counted else None,
    )


def _extremes(bank: Bank, question_id: str, dimension_id: str) -> tuple[float | None, ...]:
    """The lowest and highest value an answer can give the item: ±1 for a statement, the
    extreme options of a choice; None for multi and rank questions, whose answers mix."""
    question = bank.by_id[question_id]
    if question.type == "likert":
        return -1.0, 1.0
    if question.type != "choice":
        return None, None
    scale = bank.items[question_id]
    values = [scale.leans(option)[dimension_id] for option in scale.labels]
    return min(values), max(values)


def _pct_at(values: npt.NDArray[np.float64], extreme: float | None) -> float | None:
    """The share of `values` at `extreme`, in percent."""
    import numpy as np

    if extreme is None or not len(values):
        return None
    at = int(np.count_nonzero(np.abs(values - extreme) < 1e-9))
    return round(100 * at / len(values), 1)


def _spread(values: Iterable[float | None], *, with_median: bool = False) -> Spread:
    present = [v for v in values if v is not None]
    if not present:
        return Spread(n=0, mean=None)
    sd = math.sqrt(variance(present)) if len(present) >= 2 else None
    return Spread(
        n=len(present),
        mean=round(math.fsum(present) / len(present), 1),
        sd=_round(sd, 1),
        median=round(median(present), 1) if with_median else None,
    )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
