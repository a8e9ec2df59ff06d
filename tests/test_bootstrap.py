"""The bootstrap margin, checked against a textbook bootstrap written independently here."""

from __future__ import annotations

import json
import random
import statistics
from pathlib import Path

import pytest

from rolefit.core.bootstrap import QUANTUM, SAMPLES, SEED, Resampling, intervals


def textbook_interval(person: Resampling) -> tuple[float, float]:
    """Resample the answers SAMPLES times with the same seeded draws, recompute the weighted
    mean of the dimension means each time, and take the 5th and 95th percentiles (nearest
    rank), widened to contain the person's own value."""
    if len(person.items) < 2:
        return person.point, person.point
    rng = random.Random(SEED)
    values = []
    for _ in range(SAMPLES):
        drawn = rng.choices(range(len(person.items)), k=len(person.items))
        by_slot: dict[int, list[float]] = {}
        for index in drawn:
            for slot, lean in person.items[index]:
                by_slot.setdefault(slot, []).append(lean / QUANTUM)
        weights = {slot: person.weights[slot] for slot in by_slot}
        weighted = sum(weights[s] * statistics.fmean(v) for s, v in by_slot.items())
        values.append(50 * (1 + weighted / sum(weights.values())))
    values.sort()
    low, high = values[round(0.05 * (SAMPLES - 1))], values[round(0.95 * (SAMPLES - 1))]
    return min(low, person.point), max(high, person.point)


def person(leans: list[float], slots: int = 1, weights: tuple[float, ...] = ()) -> Resampling:
    items = tuple(((k % slots, round(lean * QUANTUM)),) for k, lean in enumerate(leans))
    weights = weights or (1.0,) * slots
    by_slot: dict[int, list[float]] = {}
    for k, lean in enumerate(leans):
        by_slot.setdefault(k % slots, []).append(lean)
    total = sum(weights[s] for s in by_slot)
    weighted = sum(weights[s] * statistics.fmean(v) for s, v in by_slot.items())
    point = 50 * (1 + weighted / total) if total else 50.0
    return Resampling(items=items, weights=weights, point=point)


def random_person(rng: random.Random) -> Resampling:
    slots = rng.randint(1, 6)
    weights = tuple(rng.choice([0.5, 1.0, 2.0]) for _ in range(slots))
    return person(
        [rng.choice([-1, -0.5, 0, 0.5, 1]) for _ in range(rng.randint(0, 30))], slots, weights
    )


def test_the_interval_is_a_textbook_percentile_bootstrap() -> None:
    rng = random.Random(3)
    people = [random_person(rng) for _ in range(40)]
    for found, expected in zip(intervals(people), map(textbook_interval, people), strict=True):
        assert found == pytest.approx(expected, abs=1e-9)


def test_scoring_people_together_gives_each_the_interval_they_get_alone() -> None:
    rng = random.Random(7)
    # More people than one numpy chunk, with differing numbers of slots and answers.
    people = [random_person(rng) for _ in range(300)]
    assert intervals(people) == [intervals([one])[0] for one in people]


def test_answers_that_all_agree_leave_no_room_for_doubt() -> None:
    [(low, high)] = intervals([person([0.5] * 12)])
    assert low == high == 75.0


def test_answers_pulling_both_ways_widen_the_interval() -> None:
    mixed, split = intervals([person([0.5, 1.0] * 6), person([-1.0, 1.0] * 6)])
    assert 0 < mixed[1] - mixed[0] < split[1] - split[0]


def test_more_answers_of_the_same_spread_narrow_the_interval() -> None:
    few, many = intervals([person([-1.0, 1.0] * 4), person([-1.0, 1.0] * 16)])
    assert many[1] - many[0] < few[1] - few[0]


def test_fewer_than_two_answers_give_the_point_itself() -> None:
    alone = person([1.0])
    assert intervals([alone, person([])]) == [(100.0, 100.0), (50.0, 50.0)]


def test_the_margins_are_the_ones_rolefit_has_always_given_to_the_last_bit() -> None:
    """Scoring must not move a margin by a rounding error: a result scored again, a cohort
    scored alone or together, a norms file and a comparison all rely on the same bits.
    tests/golden/bootstrap_intervals.json holds, as exact hexadecimal floats, the intervals of
    200 seeded people as rolefit has given them since the bootstrap became one implementation.
    """
    golden = Path(__file__).parent / "golden" / "bootstrap_intervals.json"
    pairs = json.loads(golden.read_text(encoding="utf-8"))
    expected = [(float.fromhex(low), float.fromhex(high)) for low, high in pairs]
    rng = random.Random(11)
    people = [random_person(rng) for _ in range(len(expected))]
    assert intervals(people) == expected
