"""The scorer: `score(bank, sheet) -> Result`. Pure and deterministic: no I/O, no globals.

How a result is made (the README explains it for users):
- every answered preference question becomes a contribution in [-1, 1] per dimension it
  reaches (+ toward product, - toward program; likert keys reversed where keyed to program);
- a dimension's lean is the mean of its contributions; one with fewer than two is left out;
- the overall lean L is the weight-averaged lean of the dimensions; product_pct = 50 (1 + L);
- the interval is a 90 % interval of product_pct: a seeded bootstrap over the answered
  questions (so the same answers always give the same interval), widened where needed to reach
  at least 1.645 standard errors of measurement either side of the person's own value (see
  `reliability`); it is never zero-width and may be asymmetric. The margin is half its width;
- a product or program verdict needs the whole interval outside the balanced band.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cached_property

from rolefit.core import bootstrap, reliability, wording
from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.bootstrap import Resampling
from rolefit.core.conditions import holds
from rolefit.core.fields import Level, Verdict
from rolefit.core.flags import NO_VERDICT_FLAGS, Answered, flags_for
from rolefit.core.i18n import ENGLISH, Translator, language_tag
from rolefit.core.items import Contribution, answer_label
from rolefit.core.models import MIN_ANSWERS_PER_DIMENSION, Answer, Dimension
from rolefit.core.readiness import next_steps, readiness, skill_ratings
from rolefit.core.result import DimensionResult, Flag, Reason, Result

MIN_ANSWERED_SHARE = 0.6
BALANCED_WITHIN_POINTS = 5.0
# A product or program verdict needs its whole 90 % interval beyond 50 ± this many points;
# tuned with benchmarks/validity.py (band flips, random answerers given a lean).
BALANCED_BAND_POINTS = 12.5
CLEAR_BEYOND_POINTS = 20.0
LEVEL_THRESHOLD = 0.2
REASONS_PER_SIDE = 3
# An answer that moved the result by less than this many points is not offered as a reason.
REASON_MIN_POINTS = 0.05


def score(bank: Bank, sheet: AnswerSheet, tr: Translator = ENGLISH) -> Result:
    """Score one person's answers; the result's sentences are written through `tr`."""
    return score_many(bank, [sheet], tr=tr)[0]


def score_many(
    bank: Bank,
    sheets: Sequence[AnswerSheet],
    *,
    explain: bool = True,
    tr: Translator = ENGLISH,
) -> list[Result]:
    """`score` for each sheet, in order; the margins of all of them are computed together.

    Without `explain`, the reasons and next steps are left empty: a cohort report shows
    neither, and they are the costliest part of a result to write. The language (`tr`)
    changes the words only, never a number.
    """
    scored = [_Scoring(bank, sheet, explain=explain, tr=tr) for sheet in sheets]
    found = bootstrap.intervals([s.fit.resampling() for s in scored])
    return [s.result(interval) for s, interval in zip(scored, found, strict=True)]


class _Scoring:
    """Everything about one person except the margin, which is computed in a batch."""

    def __init__(
        self, bank: Bank, sheet: AnswerSheet, *, explain: bool = True, tr: Translator = ENGLISH
    ) -> None:
        self.bank = bank
        self.sheet = sheet
        self.explain = explain
        self.tr = tr
        answers = sheet.answers
        self.asked = [q for q in bank.form(short=sheet.short) if holds(q.when, answers)]
        self.preference_asked = [
            q for q in self.asked if q.kind == "preference" and bank.items[q.id].moves_fit
        ]
        self.contributions = [
            bank.items[q.id].contribution(answers[q.id])
            for q in self.preference_asked
            if q.id in answers
        ]
        self.fit = _Fit(bank, self.contributions, answers, tr)

    def result(self, bootstrapped: tuple[float, float]) -> Result:
        bank, fit, sheet = self.bank, self.fit, self.sheet
        sem = fit.sem_points()
        interval = reliability.floored(fit.product_pct, bootstrapped, sem)
        # At least 0.1: an interval is never zero-width once a dimension counts.
        margin = max(0.1, round((interval[1] - interval[0]) / 2, 1))
        product_pct = round(fit.product_pct, 1)
        _check_finite(product_pct=product_pct, margin=margin, low=interval[0], high=interval[1])
        answered = Answered(
            bank,
            sheet.answers,
            self.asked,
            self.preference_asked,
            self.contributions,
            fit.included,
            self.tr,
        )
        flags = flags_for(answered)
        verdict, strength, why_not = self._verdict(fit.product_pct, interval, flags)
        ratings = skill_ratings(bank, sheet.answers)
        figures: dict[str, object] = {
            "product_pct": product_pct,
            "program_pct": round(100 - product_pct, 1),
            "margin": margin,
            "interval": (round(interval[0], 1), round(interval[1], 1)),
            "sem": round(sem, 1),
        }
        undetermined = verdict == "undetermined"
        if undetermined:
            figures = dict.fromkeys(figures)
        return Result.model_validate(
            {
                "bank_id": bank.id,
                "bank_version": bank.version,
                "form": "short" if sheet.short else "full",
                "language": language_tag(self.tr),
                "respondent": sheet.respondent,
                "verdict": verdict,
                "strength": strength,
                "headline": wording.headline(
                    verdict, strength, product_pct, margin, why_not, self.tr
                ),
                **figures,
                "undetermined_reason": why_not,
                "answered": sum(1 for q in self.asked if q.id in sheet.answers),
                "asked": len(self.asked),
                # Without a verdict nothing is read into the answers: a dimension's lean
                # made of one repeated answer, or of too few, would mislead as much.
                "dimensions": fit.dimension_results(ratings, read=not undetermined),
                "reasons": fit.reasons() if self.explain and not undetermined else (),
                "flags": tuple(flags),
                "readiness": readiness(bank, self.asked, ratings),
                "next_steps": next_steps(bank, ratings, verdict) if self.explain else (),
                "sources": tuple(
                    f"{s.title} ({s.author})" if s.author else s.title
                    for s in bank.questions_file.sources
                ),
            }
        )

    def _verdict(
        self, product_pct: float, interval: tuple[float, float], flags: Sequence[Flag]
    ) -> tuple[Verdict, str, str | None]:
        """The verdict, its strength, and why there is none (None when there is one).

        A lean needs the whole 90 % interval outside the balanced band around 50: a
        result whose interval reaches into the band could be balanced.
        """
        fit, asked = self.fit, self.preference_asked
        pattern = next((f for f in flags if f.code in NO_VERDICT_FLAGS), None)
        if pattern is not None:
            return "undetermined", "none", wording.undetermined_by_pattern(pattern.code, self.tr)
        if not fit.included or not asked:
            return "undetermined", "none", wording.too_few_answers(self.tr)
        if len(fit.contributions) / len(asked) < MIN_ANSWERED_SHARE:
            return "undetermined", "none", wording.too_few_answers(self.tr)
        distance = abs(product_pct - 50)
        low_band, high_band = 50 - BALANCED_BAND_POINTS, 50 + BALANCED_BAND_POINTS
        if distance < BALANCED_WITHIN_POINTS or (
            interval[0] <= high_band and interval[1] >= low_band
        ):
            return "balanced", "none", None
        strength = "clear" if distance >= CLEAR_BEYOND_POINTS else "leans"
        return ("product" if product_pct > 50 else "program"), strength, None


class _Fit:
    """Dimension leans, the overall lean, and the bootstrap over answered questions."""

    def __init__(
        self,
        bank: Bank,
        contributions: Sequence[Contribution],
        answers: Mapping[str, Answer] | None = None,
        tr: Translator = ENGLISH,
    ) -> None:
        self.bank = bank
        self.contributions = contributions
        self.answers = answers or {}
        self.tr = tr
        sums: dict[str, float] = {}
        counts: dict[str, int] = {}
        for item in contributions:
            for d, value in item.leans.items():
                sums[d] = sums.get(d, 0.0) + value
                counts[d] = counts.get(d, 0) + 1
        self.counts = counts
        self.leans = {d: sums[d] / counts[d] for d in sums}
        self.included = [
            d.id
            for d in bank.scoring.dimensions
            if not d.shared and counts.get(d.id, 0) >= MIN_ANSWERS_PER_DIMENSION
        ]
        self.weights = {d.id: d.weight for d in bank.scoring.dimensions}
        self.total_weight = sum(self.weights[d] for d in self.included)
        weighted = sum(self.weights[d] * self.leans[d] for d in self.included)
        self.lean = weighted / self.total_weight if self.total_weight else 0.0

    @property
    def product_pct(self) -> float:
        return 50.0 * (1.0 + self.lean)

    def resampling(self) -> Resampling:
        """The answered questions as the bootstrap resamples them: included dimensions only."""
        slot = {d: k for k, d in enumerate(self.included)}
        # Lists, then tuples: this runs for every answer of every person in a report.
        pairs = [
            tuple([(slot[d], step) for d, step in item.steps.items() if d in slot])
            for item in self.contributions
        ]
        items = tuple([pair for pair in pairs if pair])
        weights = tuple(self.weights[d] for d in self.included)
        return Resampling(items=items, weights=weights, point=self.product_pct)

    def points(self, item: Contribution) -> float:
        """How far (in product_pct points) this answer moved the result; + toward product."""
        if not self.total_weight:
            return 0.0
        moved = sum(
            self.weights[d] * value / self.counts[d]
            for d, value in item.leans.items()
            if d in self.included
        )
        return 50.0 * moved / self.total_weight

    def label(self, item: Contribution) -> str:
        """The answer behind `item` as the reader reads it, in the result's language."""
        if self.tr is ENGLISH or item.question.id not in self.answers:
            return item.answer_label
        return answer_label(item.question, self.answers[item.question.id], self.tr)

    def reasons(self) -> tuple[Reason, ...]:
        scored = [(self.points(item), item) for item in self.contributions]
        product = sorted((p for p in scored if p[0] > REASON_MIN_POINTS), key=lambda p: -p[0])
        program = sorted((p for p in scored if p[0] < -REASON_MIN_POINTS), key=lambda p: p[0])
        chosen = product[:REASONS_PER_SIDE] + program[:REASONS_PER_SIDE]
        chosen.sort(key=lambda p: -abs(p[0]))
        return tuple(
            Reason(
                question_id=item.question.id,
                prompt=item.question.prompt,
                answer=self.label(item),
                toward="product" if points > 0 else "program",
                points=round(abs(points), 1),
                because=item.because,
                source=item.source,
            )
            for points, item in chosen
        )

    @cached_property
    def dimension_sems(self) -> dict[str, float]:
        """Each counted dimension's SEM in lean units: its answer error over √answers."""
        errors = {
            d.id: d.error_sd if d.error_sd is not None else reliability.DEFAULT_ITEM_ERROR_SD
            for d in self.bank.scoring.dimensions
        }
        return {d: reliability.dimension_sem(errors[d], self.counts[d]) for d in self.included}

    def sem_points(self) -> float:
        """The SEM of product_pct in points (0 when no dimension counts)."""
        if not self.included:
            return 0.0
        return 50.0 * reliability.overall_sem(self.dimension_sems, self.weights)

    def dimension_results(
        self, ratings: dict[str, int], *, read: bool = True
    ) -> tuple[DimensionResult, ...]:
        """Each dimension's result; `ratings` are the self-rated skills (for shared ones).
        Without `read` (no verdict), no fit dimension is read: each says why."""
        return tuple(
            self._shared_result(dimension, ratings)
            if dimension.shared
            else self._fit_result(dimension)
            if read
            else _not_counted(
                dimension,
                answered=self.counts.get(dimension.id, 0),
                summary=wording.not_read_summary(self.tr),
            )
            for dimension in self.bank.scoring.dimensions
        )

    def _shared_result(self, dimension: Dimension, ratings: dict[str, int]) -> DimensionResult:
        rated = [r for qid, r in ratings.items() if self.bank.skill(qid).dimension == dimension.id]
        summary = wording.shared_summary(rated, dimension.levels.balanced, self.tr)
        return _not_counted(dimension, answered=len(rated), summary=summary)

    def _fit_result(self, dimension: Dimension) -> DimensionResult:
        count = self.counts.get(dimension.id, 0)
        if dimension.id not in self.included:
            summary = wording.left_out_summary(count, MIN_ANSWERS_PER_DIMENSION, self.tr)
            return _not_counted(dimension, answered=count, summary=summary)
        lean = self.leans[dimension.id]
        level = level_of(lean)
        return DimensionResult(
            id=dimension.id,
            label=dimension.label,
            shared=False,
            weight=dimension.weight,
            answered=count,
            included=True,
            lean=round(lean, 3),
            product_pct=round(50 * (1 + lean), 1),
            level=level,
            summary=getattr(dimension.levels, level),
            sem=round(50 * self.dimension_sems[dimension.id], 1),
        )


def _not_counted(dimension: Dimension, *, answered: int, summary: str) -> DimensionResult:
    """A dimension that does not move fit: shared, left out for too few answers, or not read
    in a result without a verdict."""
    return DimensionResult(
        id=dimension.id,
        label=dimension.label,
        shared=dimension.shared,
        weight=dimension.weight,
        answered=answered,
        included=False,
        lean=None,
        product_pct=None,
        level=None,
        summary=summary,
    )


class ScoringBug(AssertionError):
    """The scorer produced a number no result may hold: a bug in rolefit, never the input.

    Bank weights are bounded and leans lie in [-1, 1], so every figure is a finite weighted
    mean; this guard makes sure NaN or infinity can never leave the scorer as a result.
    """


def _check_finite(**figures: float) -> None:
    wrong = {name: value for name, value in figures.items() if not math.isfinite(value)}
    if wrong:
        listed = ", ".join(f"{name} = {value}" for name, value in wrong.items())
        raise ScoringBug(f"the scorer produced {listed}")


def level_of(lean: float) -> Level:
    if lean >= LEVEL_THRESHOLD:
        return "product"
    if lean <= -LEVEL_THRESHOLD:
        return "program"
    return "balanced"
