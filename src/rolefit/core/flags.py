"""Flags: patterns in a person's answers that say the result should be read with care.

Each rule is one function that returns its flag or None; `flags_for` runs them in the
order a result lists them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

from rolefit.core import wording
from rolefit.core.bank import Bank
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.items import AGREEMENT, Contribution, answer_label
from rolefit.core.models import Answer, LikertKey, Question
from rolefit.core.records import record
from rolefit.core.result import Flag
from rolefit.core.stats import mean

# The flags whose pattern leaves a person without a verdict (scoring reads them first).
NO_VERDICT_FLAGS = frozenset({"straight_lining", "flat_profile"})
STRAIGHT_LINE_SHARE = 0.8
# Straight-lining is judged on at least this many rated statements, or on most of those asked
# (STRAIGHT_LINE_ASKED_SHARE, never fewer than FLAT_MIN_ITEMS) when fewer were put to the
# person: the short form has 8, and one skipped statement must not hide the pattern.
STRAIGHT_LINE_MIN_ITEMS = 8
STRAIGHT_LINE_ASKED_SHARE = 0.75
FLAT_MIN_ITEMS = 5
MANY_SKIPS_SHARE = 0.2
# A consistency pair contradicts when, on a dimension both reach, their leans multiply to
# below zero: opposite directions. How strongly is that product's size: 0.25 for agree + agree,
# 0.5 for agree + strongly agree, 1 for strongly + strongly. The flag needs the strengths of
# the contradicting pairs to add up to CONTRADICTION_TOTAL: one strongly + strongly pair, two
# agree + strongly agree, or four agree + agree, never one mild pair (which 37 % of simulated
# consistent people gave). Calibrated with benchmarks/validity.py.
CONTRADICTION_TOTAL = 1.0
ACQUIESCENCE_MIN_PER_SIDE = 3
ACQUIESCENCE_MEAN = 0.5


@record
class Answered:
    """What the flags look at: the person's answers and what they contributed."""

    bank: Bank
    answers: Mapping[str, Answer]
    asked: Sequence[Question]
    preference_asked: Sequence[Question]
    contributions: Sequence[Contribution]
    included: Collection[str]  # the fit dimensions the result counts
    tr: Translator = ENGLISH  # the language the flags' messages are written in

    def label(self, item: Contribution) -> str:
        """The answer that made `item`, as the reader reads it (in the flags' language)."""
        if self.tr is ENGLISH:
            return item.answer_label
        return answer_label(item.question, self.answers[item.question.id], self.tr)

    def likert_preferences(self) -> list[str]:
        return [
            str(self.answers[q.id])
            for q in self.preference_asked
            if q.type == "likert" and q.id in self.answers
        ]


def flags_for(answered: Answered) -> list[Flag]:
    flags = [_pattern(answered), *_contradictions(answered), _acquiescence(answered)]
    flags.append(_many_skips(answered))
    flags.extend(_left_out(answered))
    return [flag for flag in flags if flag is not None]


def _pattern(answered: Answered) -> Flag | None:
    """One answer to every statement (flat), or one answer to most of them (straight)."""
    ratings = answered.likert_preferences()
    other_signal = any(
        value
        for item in answered.contributions
        if item.question.type != "likert"
        for value in item.leans.values()
    )
    if len(ratings) >= FLAT_MIN_ITEMS and len(set(ratings)) == 1 and not other_signal:
        return Flag(code="flat_profile", message=wording.flat_profile(answered.tr))
    statements = sum(1 for q in answered.preference_asked if q.type == "likert")
    enough = min(
        STRAIGHT_LINE_MIN_ITEMS,
        max(FLAT_MIN_ITEMS, math.ceil(STRAIGHT_LINE_ASKED_SHARE * statements)),
    )
    if len(ratings) >= enough:
        most = max(ratings.count(a) for a in set(ratings))
        if most / len(ratings) >= STRAIGHT_LINE_SHARE:
            return Flag(
                code="straight_lining",
                message=wording.straight_lining(most, len(ratings), answered.tr),
            )
    return None


def _contradictions(answered: Answered) -> list[Flag]:
    by_id = {item.question.id: item for item in answered.contributions}
    found: list[tuple[float, Contribution, Contribution]] = []
    for first, second in answered.bank.scoring.consistency_pairs:
        a, b = by_id.get(first), by_id.get(second)
        if a is None or b is None:
            continue
        strength = max((-a.leans[d] * b.leans[d] for d in set(a.leans) & set(b.leans)), default=0.0)
        if strength > 0:
            found.append((strength, a, b))
    if sum(strength for strength, _, _ in found) < CONTRADICTION_TOTAL:
        return []
    pairs = [
        (a.question.prompt, answered.label(a), b.question.prompt, answered.label(b))
        for _, a, b in found
    ]
    return [Flag(code="contradiction", message=wording.contradiction(pairs, answered.tr))]


def _acquiescence(answered: Answered) -> Flag | None:
    """Agreeing (or disagreeing) on average with statements keyed both ways."""
    keys, answers = answered.bank.scoring.items, answered.answers
    keyed: dict[str, list[float]] = {"product": [], "program": []}
    for q in answered.preference_asked:
        answer = answers.get(q.id)
        key = keys[q.id]
        if answer is not None and isinstance(key, LikertKey):
            keyed[key.keyed].append(AGREEMENT[str(answer)])
    if any(len(values) < ACQUIESCENCE_MIN_PER_SIDE for values in keyed.values()):
        return None
    toward_product, toward_program = mean(keyed["product"]), mean(keyed["program"])
    if min(toward_product, toward_program) >= ACQUIESCENCE_MEAN:
        return Flag(code="acquiescence", message=wording.acquiescence(True, answered.tr))
    if max(toward_product, toward_program) <= -ACQUIESCENCE_MEAN:
        return Flag(code="acquiescence", message=wording.acquiescence(False, answered.tr))
    return None


def _many_skips(answered: Answered) -> Flag | None:
    """Many preference questions skipped; skill self-ratings never move the fit, so skipping
    them is no reason to doubt it."""
    asked = [q for q in answered.asked if q.kind == "preference"]
    skipped = sum(1 for q in asked if q.id not in answered.answers)
    if asked and skipped / len(asked) > MANY_SKIPS_SHARE:
        return Flag(code="many_skips", message=wording.many_skips(skipped, len(asked), answered.tr))
    return None


def _left_out(answered: Answered) -> list[Flag]:
    return [
        Flag(
            code="dimension_left_out",
            message=wording.dimension_left_out(dimension.label, answered.tr),
        )
        for dimension in answered.bank.scoring.dimensions
        if not dimension.shared and dimension.id not in answered.included
    ]
