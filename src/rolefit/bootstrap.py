"""The margin: a seeded bootstrap over a person's answered questions.

Each of BOOTSTRAP_SAMPLES resamples draws the answered questions with replacement, recomputes
the dimension means and the overall product_pct, and the 5th and 95th percentiles of those
values bound the 90 % interval. The draws depend only on how many questions were answered
(the seed is fixed), so they are made once per count and reused: same answers, same margin.

Two implementations give the same numbers to the last bit: `interval` in plain Python for
one person (no numpy import, so `rolefit score` starts fast), and `intervals` with numpy for a
cohort. They agree because every lean is resampled as an integer number of 2**-20 steps, so
each sum is exact whatever the order of addition, and the few floating-point steps that
follow happen in the same order in both.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SAMPLES = 1000
SEED = 20_240_601
QUANTUM = 1 << 20
LOW_RANK = round(0.05 * (SAMPLES - 1))
HIGH_RANK = round(0.95 * (SAMPLES - 1))


@dataclass(frozen=True)
class Resampling:
    """What the bootstrap needs of one person.

    `items` holds, per answered question, its (dimension slot, lean in QUANTUM steps) pairs;
    `weights` the weight of each slot; `point` the person's own product_pct.
    """

    items: tuple[tuple[tuple[int, int], ...], ...]
    weights: tuple[float, ...]
    point: float


def quantize(lean: float) -> int:
    return round(lean * QUANTUM)


@lru_cache(maxsize=64)
def resampled_indices(count: int) -> tuple[tuple[int, ...], ...]:
    """The SAMPLES draws (with replacement) of `count` question positions."""
    rng = random.Random(SEED)
    population = range(count)
    return tuple(tuple(rng.choices(population, k=count)) for _ in range(SAMPLES))


def interval(person: Resampling) -> tuple[float, float]:
    """The 90 % interval of product_pct for one person, in plain Python."""
    items = person.items
    if len(items) < 2:
        return (person.point, person.point)
    weights = person.weights
    width = len(weights)
    samples: list[float] = []
    for picks in resampled_indices(len(items)):
        sums = [0] * width
        counts = [0] * width
        for pick in picks:
            for slot, lean in items[pick]:
                sums[slot] += lean
                counts[slot] += 1
        weighted = total = 0.0
        for slot in range(width):
            if counts[slot]:
                weighted = weighted + weights[slot] * (sums[slot] / counts[slot])
                total = total + weights[slot]
        samples.append(50.0 * (1.0 + weighted / total / QUANTUM))
    samples.sort()
    return (min(samples[LOW_RANK], person.point), max(samples[HIGH_RANK], person.point))


def load_numpy() -> None:
    """Import numpy with its linear algebra on one thread.

    The matrices here are small: extra BLAS threads only spin, and with one worker process
    per core (as `rolefit report` runs) they would fight the other workers for the cores.
    """
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    import numpy  # noqa: F401


def intervals(people: Sequence[Resampling]) -> list[tuple[float, float]]:
    """`interval` for many people at once, with numpy; the same numbers, much faster."""
    load_numpy()
    found: list[tuple[float, float] | None] = [None] * len(people)
    groups: dict[int, list[int]] = {}
    for position, person in enumerate(people):
        if len(person.items) < 2:
            found[position] = (person.point, person.point)
        else:
            groups.setdefault(len(person.items), []).append(position)
    for count, positions in groups.items():
        draws = _draw_counts(count)
        for start in range(0, len(positions), _CHUNK):
            chunk = positions[start : start + _CHUNK]
            low, high = _percentiles(draws, [people[p] for p in chunk])
            for position, person, lo, hi in zip(
                chunk, (people[p] for p in chunk), low, high, strict=True
            ):
                found[position] = (min(float(lo), person.point), max(float(hi), person.point))
    return [pair for pair in found if pair is not None]


# People scored together in one matrix product: 128 people x 1000 draws is 1 MB an array.
_CHUNK = 128


@lru_cache(maxsize=64)
def _draw_counts(count: int) -> npt.NDArray[np.float64]:
    """How often each position is drawn in each resample: a SAMPLES x count matrix."""
    import numpy as np

    indices = np.array(resampled_indices(count), dtype=np.intp)
    counts = np.zeros((SAMPLES, count))
    np.add.at(counts, (np.repeat(np.arange(SAMPLES), count), indices.ravel()), 1.0)
    return counts


def _percentiles(
    draws: npt.NDArray[np.float64], people: Sequence[Resampling]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    import numpy as np

    count = draws.shape[1]
    width = max(len(person.weights) for person in people)
    # Gather every (question, person, slot, lean) first: one indexed assignment is far
    # cheaper than one numpy call per value.
    positions: list[int] = []
    rows: list[int] = []
    slots: list[int] = []
    values: list[int] = []
    weights = np.zeros((width, len(people)))
    for row, person in enumerate(people):
        weights[: len(person.weights), row] = person.weights
        for position, item in enumerate(person.items):
            for slot, lean in item:
                positions.append(position)
                rows.append(row)
                slots.append(slot)
                values.append(lean)
    leans = np.zeros((width, count, len(people)))
    present = np.zeros((width, count, len(people)))
    leans[slots, positions, rows] = values
    present[slots, positions, rows] = 1.0
    # Slot by slot, the order of addition `interval` uses, each slot one matrix product for
    # everybody (draws x everyone's column). Integer-valued doubles far below 2**53: every
    # product and sum is exact, as in `interval`. The arrays are one slot's worth, small
    # enough to stay in the processor's caches, and reused in place.
    shape = (SAMPLES, len(people))
    weighted, total = np.zeros(shape), np.zeros(shape)
    sums, counts, drawn = np.empty(shape), np.empty(shape), np.empty(shape, dtype=bool)
    for slot in range(width):
        np.matmul(draws, leans[slot], out=sums)
        np.matmul(draws, present[slot], out=counts)
        np.greater(counts, 0.0, out=drawn)
        # Where the slot was drawn nowhere its sum is 0: dividing by 1 instead of 0 gives a
        # term of 0, and adding 0.0 leaves the running sums as `interval` has them.
        np.maximum(counts, 1.0, out=counts)
        np.divide(sums, counts, out=sums)
        sums *= weights[slot]
        weighted += sums
        total += drawn * weights[slot]
    samples = 50.0 * (1.0 + weighted / total / QUANTUM)
    samples.sort(axis=0)
    return samples[LOW_RANK], samples[HIGH_RANK]
