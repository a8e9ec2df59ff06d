"""The two bootstrap implementations: one person in plain Python, a cohort with numpy."""

from __future__ import annotations

import random

from rolefit.bootstrap import QUANTUM, Resampling, interval, intervals


def random_person(rng: random.Random, slots: int) -> Resampling:
    count = rng.randint(0, 40)
    items = tuple(
        tuple((slot, rng.randint(-QUANTUM, QUANTUM)) for slot in rng.sample(range(slots), 2))
        if rng.random() < 0.3
        else ((rng.randrange(slots), rng.randint(-QUANTUM, QUANTUM)),)
        for _ in range(count)
    )
    weights = tuple(rng.choice([0.5, 1.0, 1.5, 2.0]) for _ in range(slots))
    return Resampling(items=items, weights=weights, point=rng.uniform(0, 100))


def test_the_cohort_bootstrap_gives_every_person_the_same_bits_as_the_single_one() -> None:
    rng = random.Random(7)
    # More people than one numpy chunk, with differing numbers of slots and answers (some
    # with too few answers to resample), so that every path of the batch is taken.
    people = [random_person(rng, slots=rng.randint(2, 7)) for _ in range(300)]
    assert intervals(people) == [interval(person) for person in people]


def test_the_interval_always_contains_the_persons_own_result() -> None:
    rng = random.Random(8)
    for person in (random_person(rng, slots=4) for _ in range(50)):
        low, high = interval(person)
        assert low <= person.point <= high
