"""A cohort report: what a whole workshop's answers say, as numbers a facilitator can read.

Pure aggregation: `Scored` and `Invalid` records (one per answers file, made by
`rolefit.files.submissions`, which reads and scores the files) go in, a `CohortReport`
(core.cohort_report) comes out, and `rolefit.render.cohort` draws it. A bad file is an entry
in the invalid list, never the end of the report. The reliability of each dimension's items
is core.item_reliability's.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from statistics import median

from rolefit.core.answers import AnswerSheet, not_reached
from rolefit.core.bank import Bank
from rolefit.core.cohort_report import (
    VERDICTS,
    CohortReport,
    DimensionSummary,
    FlagCount,
    HistogramBin,
    InvalidFile,
    Note,
    ReadinessSummary,
    RespondentRow,
    Spread,
    worth_a_conversation,
)
from rolefit.core.conditions import holds
from rolefit.core.item_reliability import ItemAnswers, with_reliability
from rolefit.core.models import Answer
from rolefit.core.readiness import ROLES
from rolefit.core.records import record
from rolefit.core.result import Result
from rolefit.core.stats import variance

HISTOGRAM_BINS = 10


# --- One file ----------------------------------------------------------------------------


@record
class Scored:
    """What the report keeps of one valid answers file (small, so workers send it cheaply)."""

    row: RespondentRow
    dimensions: tuple[float | None, ...]  # product_pct per bank dimension; None: left out
    readiness: tuple[float | None, ...]  # mean self-rating per role in ROLES order
    flags: frozenset[str]
    items: tuple[float | None, ...]  # per ItemPlan column; None: not answered
    unreached: tuple[str, ...]  # questions whose answers were left out (AnswerSheet)
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
            unreached=sheet.unreached,
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
    # The values of each one-option answer (likert, choice) on its question's columns: most
    # answers, looked up instead of worked out for every person.
    single_values: Mapping[str, Mapping[str, tuple[float, ...]]]

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
        single_values = {
            qid: {
                option: tuple(made.leans[d] for d in reached)
                for option, made in bank.items[qid].single.items()
            }
            for qid, reached in by_question
        }
        return cls(columns, by_dimension, by_question, single_values)

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
            elif isinstance(answer, str):
                values.extend(self.single_values[question_id][answer])
            else:
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
    invalid = _invalid_files(failed, anonymous=anonymous)
    notes = tuple(
        Note(source=row.source, message=not_reached(q), unreached=q)
        for row, o in zip(rows, scored, strict=True)
        for q in o.unreached
    )
    verdicts = Counter(o.row.verdict for o in scored)
    # Without a verdict, product_pct rests on too few (or flat) answers to place anyone.
    pcts = [o.row.product_pct for o in scored if o.row.product_pct is not None]
    flags = Counter(code for o in scored for code in o.flags)
    times_asked = _times_asked(plan, scored)
    # Everyone's values per dimension and per item: one transposition of the per-person rows
    # each, instead of one pass over the cohort per column.
    dimension_values = _columns((o.dimensions for o in scored), len(bank.scoring.dimensions))
    item_values = _columns((o.items for o in scored), len(plan.columns))
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
            _dimension_summary(bank, plan, dimension_values[index], item_values, times_asked, index)
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


def _invalid_files(failed: Sequence[Invalid], *, anonymous: bool) -> tuple[InvalidFile, ...]:
    """The invalid files as the report lists them: an anonymous report numbers them."""
    return tuple(
        InvalidFile(
            source=f"invalid file {n}" if anonymous else o.source,
            line=o.line,
            error=o.error,
            number=n if anonymous else None,
        )
        for n, o in enumerate(failed, 1)
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


def _times_asked(plan: ItemPlan, scored: Sequence[Scored]) -> dict[str, int]:
    """Per question of the plan, by its id: how many people it was put to (a person without a
    record of what they were asked was asked everything)."""
    everyone = sum(1 for o in scored if not o.asked)
    recorded = [o.asked for o in scored if o.asked]
    counts = (
        [everyone + sum(column) for column in zip(*recorded, strict=True)]
        if recorded
        else [everyone] * len(plan.by_question)
    )
    return {question_id: n for (question_id, _), n in zip(plan.by_question, counts, strict=True)}


def _columns(
    rows: Iterable[tuple[float | None, ...]], width: int
) -> list[tuple[float | None, ...]]:
    """The columns of equally long `rows` (`width` empty ones when there are no rows)."""
    return list(zip(*rows, strict=True)) or [()] * width


def _dimension_summary(
    bank: Bank,
    plan: ItemPlan,
    values: Sequence[float | None],
    item_values: Sequence[tuple[float | None, ...]],
    times_asked: Mapping[str, int],
    index: int,
) -> DimensionSummary:
    """A dimension's spread from everyone's `values` of it, and the reliability of its items
    (core.item_reliability) from everyone's value of each item, `item_values`."""
    dimension = bank.scoring.dimensions[index]
    spread = _spread(values)
    columns = plan.by_dimension[dimension.id]
    summary = DimensionSummary(
        id=dimension.id,
        label=dimension.label,
        shared=dimension.shared,
        n=spread.n,
        mean=spread.mean,
        sd=spread.sd,
        items=len(columns),
        histogram=() if dimension.shared else histogram([v for v in values if v is not None]),
    )
    items = []
    for column in columns:
        question_id, dimension_id = plan.columns[column]
        items.append(
            ItemAnswers(question_id, dimension_id, times_asked[question_id], item_values[column])
        )
    return with_reliability(bank, summary, items)


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
