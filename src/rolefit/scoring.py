"""The scorer: `score(bank, answers) -> Result`. Pure and deterministic: no I/O, no globals.

How a result is made (the README explains it for users):
- every answered preference question becomes a contribution in [-1, 1] per dimension it
  reaches (+ toward product, - toward program; likert keys reversed where keyed to program);
- a dimension's lean is the mean of its contributions; one with fewer than two is left out;
- the overall lean L is the weight-averaged lean of the dimensions; product_pct = 50 (1 + L);
- the margin is half the width of a 90 % interval from a seeded bootstrap over the answered
  questions, so the same answers always give the same margin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from rolefit import bootstrap
from rolefit.answers import AnswerSheet, keep_reachable
from rolefit.bank import MIN_ANSWERS_PER_DIMENSION, Bank, options_of
from rolefit.bootstrap import Resampling, quantize
from rolefit.conditions import holds
from rolefit.models import (
    Answer,
    Dimension,
    DimensionResult,
    Flag,
    Level,
    LikertKey,
    NextStep,
    OptionKeys,
    OptionLean,
    Question,
    Reason,
    Result,
    Role,
    RoleReadiness,
    Verdict,
)

SCALE_VALUES = (-1.0, -0.5, 0.0, 0.5, 1.0)
# Below this many people the plain-Python bootstrap is quicker than importing numpy.
BATCH_FROM = 16
MIN_ANSWERED_SHARE = 0.6
BALANCED_WITHIN_POINTS = 5.0
CLEAR_BEYOND_POINTS = 20.0
LEVEL_THRESHOLD = 0.2
STRAIGHT_LINE_SHARE = 0.8
STRAIGHT_LINE_MIN_ITEMS = 8
FLAT_MIN_ITEMS = 5
MANY_SKIPS_SHARE = 0.2
REASONS_PER_SIDE = 3
MAX_NEXT_STEPS = 3


@dataclass(frozen=True)
class Contribution:
    """What one answered preference question adds to each dimension it reaches."""

    question: Question
    answer_label: str
    leans: Mapping[str, float]
    because: str
    source: str


@dataclass(frozen=True)
class Person:
    """One person's answers, as `score_many` takes them."""

    answers: Mapping[str, Answer]
    respondent: str | None = None
    short: bool = False

    @classmethod
    def of(cls, sheet: AnswerSheet) -> Person:
        return cls(sheet.answers, sheet.respondent, sheet.short)


def score_sheet(bank: Bank, sheet: AnswerSheet) -> Result:
    """Score an answers file as read: the one way `score`, `compare` and `report` see it."""
    return score(bank, sheet.answers, sheet.respondent, short=sheet.short)


def score(
    bank: Bank,
    answers: Mapping[str, Answer],
    respondent: str | None = None,
    *,
    short: bool = False,
) -> Result:
    """Score `answers`; with `short`, only the short form counts as asked (and answered)."""
    scored = _Scoring(bank, Person(answers, respondent, short))
    return scored.result(bootstrap.interval(scored.fit.resampling()))


def score_many(bank: Bank, people: Sequence[Person], *, explain: bool = True) -> list[Result]:
    """`score` for each person, in order, with the same results.

    The margins of a large batch are computed together (with numpy), which makes a cohort far
    cheaper to score. Without `explain`, the reasons and next steps are left empty: a cohort
    report shows neither, and they are the costliest part of a result to write.
    """
    scored = [_Scoring(bank, person, explain=explain) for person in people]
    resamplings = [s.fit.resampling() for s in scored]
    if len(scored) < BATCH_FROM:
        found = [bootstrap.interval(r) for r in resamplings]
    else:
        found = bootstrap.intervals(resamplings)
    return [s.result(interval) for s, interval in zip(scored, found, strict=True)]


class _Scoring:
    """Everything about one person except the margin, which may be computed in a batch."""

    def __init__(self, bank: Bank, person: Person, *, explain: bool = True) -> None:
        self.bank = bank
        self.person = person
        self.explain = explain
        in_form = bank.short_form() if person.short else bank.questions
        answers = person.answers
        reachable, _ = keep_reachable(
            bank, {q.id: answers[q.id] for q in in_form if q.id in answers}
        )
        self.reachable = reachable
        self.asked = [q for q in in_form if holds(q.when, reachable)]
        self.preference_asked = [
            q for q in self.asked if q.kind == "preference" and _moves_fit(bank, q)
        ]
        self.contributions = [
            contribution(bank, q, reachable[q.id])
            for q in self.preference_asked
            if q.id in reachable
        ]
        self.fit = _Fit(bank, self.contributions)

    def result(self, interval: tuple[float, float]) -> Result:
        bank, fit, reachable = self.bank, self.fit, self.reachable
        margin = round((interval[1] - interval[0]) / 2, 1)
        product_pct = round(fit.product_pct, 1)
        flags = _flags(bank, reachable, self.asked, self.preference_asked, self.contributions, fit)
        verdict, strength = _verdict(product_pct, interval, flags, fit, self.preference_asked)
        ratings = _skill_ratings(bank, reachable)
        readiness, next_steps = _readiness(bank, self.asked, ratings, verdict, self.explain)
        return Result(
            bank_id=bank.id,
            bank_version=bank.version,
            form="short" if self.person.short else "full",
            respondent=self.person.respondent,
            verdict=verdict,
            strength=strength,
            headline=_headline(verdict, strength, product_pct, margin, flags),
            product_pct=product_pct,
            program_pct=round(100 - product_pct, 1),
            margin=margin,
            interval=(round(interval[0], 1), round(interval[1], 1)),
            answered=sum(1 for q in self.asked if q.id in reachable),
            asked=len(self.asked),
            dimensions=fit.dimension_results(ratings),
            reasons=fit.reasons() if self.explain else (),
            flags=tuple(flags),
            readiness=readiness,
            next_steps=next_steps,
            sources=tuple(
                f"{s.title} ({s.author})" if s.author else s.title
                for s in bank.questions_file.sources
            ),
        )


def _moves_fit(bank: Bank, question: Question) -> bool:
    memo_key = ("moves_fit", question.id)
    if memo_key not in bank.memo:
        key = bank.key(question.id)
        bank.memo[memo_key] = isinstance(key, LikertKey) or any(
            lean != "neutral" for lean in key.options.values()
        )
    return bool(bank.memo[memo_key])


def contribution(bank: Bank, question: Question, answer: Answer) -> Contribution:
    """The signed lean per dimension of one answer, and the fact behind it."""
    memo_key = ("contribution", question.id, answer)
    found = bank.memo.get(memo_key)
    if found is None:
        found = bank.memo[memo_key] = _contribution(bank, question, answer)
    assert isinstance(found, Contribution)
    return found


def _contribution(bank: Bank, question: Question, answer: Answer) -> Contribution:
    key = bank.key(question.id)
    labels = {o.id: o.label for o in options_of(question)}
    if isinstance(key, LikertKey):
        assert isinstance(answer, str)
        value = SCALE_VALUES[bank.option_ids[question.id].index(answer)]
        sign = 1.0 if key.keyed == "product" else -1.0
        leans = dict.fromkeys(key.dimensions, sign * value)
        source = key.source or question.source
        return Contribution(question, labels[answer], leans, key.because, str(source))
    reached = key.reaches()
    picked = (answer,) if isinstance(answer, str) else answer
    if question.type == "rank":
        weights = _rank_weights(len(picked))
    else:  # choice, multi: the mean over the picked options (none picked: zero)
        weights = [1.0 / len(picked)] * len(picked) if picked else []
    leans = {
        d: sum(w * _lean(key, option, d) for w, option in zip(weights, picked, strict=True))
        for d in reached
    }
    direction = sum(leans.values())
    strongest = _strongest_option(key, picked, weights, direction)
    because = strongest.because if strongest else ""
    source = (strongest.source if strongest else None) or question.source
    if question.type == "rank":
        shown = " > ".join(labels[o] for o in picked)
    else:
        shown = ", ".join(labels[o] for o in picked) or "none of these"
    return Contribution(question, shown, leans, because, str(source))


def _lean(key: OptionKeys, option: str, dimension: str) -> float:
    lean = key.options[option]
    return 0.0 if lean == "neutral" else lean.lean.get(dimension, 0.0)


def _rank_weights(count: int) -> list[float]:
    """Linear weights from +1 (first) to -1 (last), scaled so the result stays in [-1, 1]."""
    if count < 2:
        return [1.0] * count
    raw = [1 - 2 * position / (count - 1) for position in range(count)]
    total = sum(abs(w) for w in raw)
    return [w / total for w in raw]


def _strongest_option(
    key: OptionKeys, picked: Sequence[str], weights: Sequence[float], direction: float
) -> OptionLean | None:
    """The picked option that pulled hardest the way the answer went: it explains the answer."""
    best: OptionLean | None = None
    best_pull = -1.0
    for weight, option in zip(weights, picked, strict=True):
        lean = key.options[option]
        if lean == "neutral":
            continue
        pull = weight * sum(lean.lean.values())
        aligned = pull * direction >= 0
        strength = abs(pull) + (10.0 if aligned else 0.0)
        if strength > best_pull:
            best, best_pull = lean, strength
    return best


class _Fit:
    """Dimension leans, the overall lean, and the bootstrap over answered questions."""

    def __init__(self, bank: Bank, contributions: Sequence[Contribution]) -> None:
        self.bank = bank
        self.contributions = contributions
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
        weights = {d.id: d.weight for d in bank.scoring.dimensions}
        self.weights = weights
        total = sum(weights[d] for d in self.included)
        self.total_weight = total
        self.lean = sum(weights[d] * self.leans[d] for d in self.included) / total if total else 0.0

    @property
    def product_pct(self) -> float:
        return 50.0 * (1.0 + self.lean)

    def resampling(self) -> Resampling:
        """The answered questions as the bootstrap resamples them: included dimensions only."""
        slot = {d: k for k, d in enumerate(self.included)}
        items = tuple(
            pairs
            for item in self.contributions
            if (pairs := tuple((slot[d], quantize(v)) for d, v in item.leans.items() if d in slot))
        )
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

    def reasons(self) -> tuple[Reason, ...]:
        scored = [(self.points(item), item) for item in self.contributions]
        toward_product = sorted((p for p in scored if p[0] > 0.05), key=lambda p: -p[0])
        toward_program = sorted((p for p in scored if p[0] < -0.05), key=lambda p: p[0])
        chosen = toward_product[:REASONS_PER_SIDE] + toward_program[:REASONS_PER_SIDE]
        chosen.sort(key=lambda p: -abs(p[0]))
        return tuple(
            Reason(
                question_id=item.question.id,
                prompt=item.question.prompt,
                answer=item.answer_label,
                toward="product" if points > 0 else "program",
                points=round(abs(points), 1),
                because=item.because,
                source=item.source,
            )
            for points, item in chosen
        )

    def dimension_results(self, ratings: Mapping[str, int]) -> tuple[DimensionResult, ...]:
        """Each dimension's result; `ratings` are the self-rated skills (for shared ones)."""
        return tuple(
            self._shared_result(dimension, ratings)
            if dimension.shared
            else self._fit_result(dimension)
            for dimension in self.bank.scoring.dimensions
        )

    def _shared_result(self, dimension: Dimension, ratings: Mapping[str, int]) -> DimensionResult:
        rated = [r for qid, r in ratings.items() if self.bank.skill(qid).dimension == dimension.id]
        if rated:
            summary = (
                f"Self-rated {fmean(rated):.1f} of 5 over {len(rated)} skill(s). "
                f"{dimension.levels.balanced}"
            )
        else:
            summary = "No skills rated here. " + dimension.levels.balanced
        return _not_counted(dimension, answered=len(rated), summary=summary)

    def _fit_result(self, dimension: Dimension) -> DimensionResult:
        count = self.counts.get(dimension.id, 0)
        if dimension.id not in self.included:
            return _not_counted(
                dimension,
                answered=count,
                summary=(
                    f"Left out: {count} answer(s) here, at least "
                    f"{MIN_ANSWERS_PER_DIMENSION} are needed."
                ),
            )
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
        )


def _not_counted(dimension: Dimension, *, answered: int, summary: str) -> DimensionResult:
    """A dimension that does not move fit: shared, or left out for too few answers."""
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


def level_of(lean: float) -> Level:
    if lean >= LEVEL_THRESHOLD:
        return "product"
    if lean <= -LEVEL_THRESHOLD:
        return "program"
    return "balanced"


def _skill_ratings(bank: Bank, answers: Mapping[str, Answer]) -> dict[str, int]:
    """Each answered skill question's rating, 1 (none) to 5 (expert)."""
    return {
        q.id: bank.option_ids[q.id].index(str(answers[q.id])) + 1
        for q in bank.questions
        if q.kind == "skill" and q.id in answers
    }


def _flags(
    bank: Bank,
    answers: Mapping[str, Answer],
    asked: Sequence[Question],
    preference_asked: Sequence[Question],
    contributions: Sequence[Contribution],
    fit: _Fit,
) -> list[Flag]:
    flags: list[Flag] = []
    likert_preferences = [
        str(answers[q.id]) for q in preference_asked if q.type == "likert" and q.id in answers
    ]
    other_signal = any(
        value
        for item in contributions
        if item.question.type != "likert"
        for value in item.leans.values()
    )
    if (
        len(likert_preferences) >= FLAT_MIN_ITEMS
        and len(set(likert_preferences)) == 1
        and not other_signal
    ):
        flags.append(
            Flag(
                code="flat_profile",
                message=(
                    "You gave the same answer to every statement, so there is no pattern to "
                    "read; no verdict is given."
                ),
            )
        )
    elif len(likert_preferences) >= STRAIGHT_LINE_MIN_ITEMS:
        most = max(likert_preferences.count(a) for a in set(likert_preferences))
        if most / len(likert_preferences) >= STRAIGHT_LINE_SHARE:
            flags.append(
                Flag(
                    code="straight_lining",
                    message=(
                        f"{most} of your {len(likert_preferences)} ratings of statements are the "
                        "same answer; the result may say more about the scale than about you."
                    ),
                )
            )
    by_id = {item.question.id: item for item in contributions}
    for first, second in bank.scoring.consistency_pairs:
        a, b = by_id.get(first), by_id.get(second)
        if a is None or b is None:
            continue
        shared = set(a.leans) & set(b.leans)
        if any(a.leans[d] * b.leans[d] <= -0.25 for d in shared):
            flags.append(
                Flag(
                    code="contradiction",
                    message=(
                        f"Two answers point opposite ways although they ask the same thing: "
                        f"“{a.question.prompt}” ({a.answer_label}) and "
                        f"“{b.question.prompt}” ({b.answer_label})."
                    ),
                )
            )
    keyed: dict[str, list[float]] = {"product": [], "program": []}
    for q in preference_asked:
        key = bank.key(q.id)
        if isinstance(key, LikertKey) and q.id in answers:
            keyed[key.keyed].append(SCALE_VALUES[bank.option_ids[q.id].index(str(answers[q.id]))])
    if all(len(values) >= 3 for values in keyed.values()):
        toward_product, toward_program = fmean(keyed["product"]), fmean(keyed["program"])
        if min(toward_product, toward_program) >= 0.5:
            flags.append(
                Flag(
                    code="acquiescence",
                    message=(
                        "You agreed with statements that point in opposite directions; "
                        "the lean may be weaker than it looks."
                    ),
                )
            )
        elif max(toward_product, toward_program) <= -0.5:
            flags.append(
                Flag(
                    code="acquiescence",
                    message=(
                        "You disagreed with statements that point in opposite directions; "
                        "the lean may be weaker than it looks."
                    ),
                )
            )
    answered = sum(1 for q in asked if q.id in answers)
    skipped = len(asked) - answered
    if asked and skipped / len(asked) > MANY_SKIPS_SHARE:
        flags.append(
            Flag(
                code="many_skips",
                message=f"You skipped {skipped} of {len(asked)} questions.",
            )
        )
    for dimension in bank.scoring.dimensions:
        if not dimension.shared and dimension.id not in fit.included:
            flags.append(
                Flag(
                    code="dimension_left_out",
                    message=(
                        f"{dimension.label} is left out: too few of its questions were answered."
                    ),
                )
            )
    return flags


def _verdict(
    product_pct: float,
    interval: tuple[float, float],
    flags: Sequence[Flag],
    fit: _Fit,
    preference_asked: Sequence[Question],
) -> tuple[Verdict, str]:
    answered = len(fit.contributions)
    if any(f.code == "flat_profile" for f in flags) or not fit.included:
        return "undetermined", "none"
    if not preference_asked or answered / len(preference_asked) < MIN_ANSWERED_SHARE:
        return "undetermined", "none"
    distance = abs(product_pct - 50)
    if distance < BALANCED_WITHIN_POINTS or interval[0] <= 50 <= interval[1]:
        return "balanced", "none"
    strength = "clear" if distance >= CLEAR_BEYOND_POINTS else "leans"
    return ("product" if product_pct > 50 else "program"), strength


def _headline(
    verdict: Verdict, strength: str, product_pct: float, margin: float, flags: Sequence[Flag]
) -> str:
    split = f"{product_pct:.0f} % product, {100 - product_pct:.0f} % program, ± {margin:.0f}"
    if verdict == "product":
        lead = (
            "Product management fits you clearly"
            if strength == "clear"
            else ("You lean toward product management")
        )
        return f"{lead}: {split}."
    if verdict == "program":
        lead = (
            "Program management fits you clearly"
            if strength == "clear"
            else ("You lean toward program management")
        )
        return f"{lead}: {split}."
    if verdict == "balanced":
        return f"You are balanced between the two roles: {split}."
    if any(f.code == "flat_profile" for f in flags):
        return "No verdict: every statement got the same answer."
    return "No verdict yet: too few questions were answered to say."


def _readiness(
    bank: Bank,
    asked: Sequence[Question],
    ratings: Mapping[str, int],
    verdict: Verdict,
    explain: bool = True,
) -> tuple[tuple[RoleReadiness, ...], tuple[NextStep, ...]]:
    roles: tuple[Role, ...] = ("product", "program")
    readiness = []
    for role in roles:
        needed = [q.id for q in asked if q.kind == "skill" and role in bank.skill(q.id).roles]
        rated = [ratings[qid] for qid in needed if qid in ratings]
        readiness.append(
            RoleReadiness(
                role=role,
                score=round(fmean(rated), 1) if rated else None,
                rated=len(rated),
                of=len(needed),
            )
        )
    if not explain:
        return tuple(readiness), ()
    targets: tuple[Role, ...] = roles
    if verdict == "product" or verdict == "program":
        targets = (verdict,)
    candidates = []
    order = {q.id: i for i, q in enumerate(bank.questions)}
    for qid, rating in ratings.items():
        skill = bank.skill(qid)
        for role in targets:
            if role in skill.roles:
                candidates.append((rating, order[qid], role, qid))
                break
    candidates.sort()
    # The weakest skills first; at least two where there are any below "expert", none that is
    # already rated expert (there is nothing left to grow there).
    growable = [c for c in candidates if c[0] < len(SCALE_VALUES)]
    chosen = [c for c in growable if c[0] <= 3][:MAX_NEXT_STEPS]
    if len(chosen) < 2:
        chosen = growable[:2]
    steps = tuple(
        NextStep(
            skill_id=qid,
            skill=bank.skill(qid).label,
            role=role,
            rating=rating,
            advice=bank.skill(qid).grow[role],
            source=str(bank.by_id[qid].source),
        )
        for rating, _, role, qid in chosen
    )
    return tuple(readiness), steps
