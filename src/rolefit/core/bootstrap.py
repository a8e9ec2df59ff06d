"""The margin: a seeded bootstrap over a person's answered questions.

Each of SAMPLES resamples draws the answered questions with replacement, recomputes the
dimension means and the overall product_pct, and the 5th and 95th percentiles of those
values bound the 90 % interval (widened where needed to contain the person's own
product_pct). The draws depend only on how many questions were answered (the seed is
fixed), so the same answers always give the same margin, whether a person is scored alone
or in a cohort: every lean is resampled as an integer number of 2**-20 steps, which keeps
each sum exact whatever the grouping.

numpy is imported on first use, inside the functions, so that commands that never score
(`--version`, `validate`, `questions`) do not pay for it. The two caches below hold values
that depend only on their argument (the draws for a number of answers), never on a person.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rolefit.core.records import record

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

SAMPLES = 1000
SEED = 20_240_601
QUANTUM = 1 << 20
LOW_RANK = round(0.05 * (SAMPLES - 1))
HIGH_RANK = round(0.95 * (SAMPLES - 1))


@record
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


def intervals(people: Sequence[Resampling]) -> list[tuple[float, float]]:
    """The 90 % interval of product_pct for each person, in order.

    People with the same number of answers share their draws, so a cohort is scored in a
    few matrix products; one person is a cohort of one.
    """
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


def resampled_indices(count: int) -> npt.NDArray[np.intp]:
    """The SAMPLES draws (with replacement) of `count` answer positions, a row per resample.

    These are exactly `random.Random(SEED).choices(range(count), k=count)`, SAMPLES times
    over, made at once instead of with a Python call per draw: `random()` builds each double
    from two 32-bit outputs of the generator, a >> 5 and b >> 6, as (a * 2**26 + b) / 2**53,
    and `getrandbits` hands out the same outputs in the same order; a position is
    floor(double * count), as in `choices`.
    """
    import numpy as np

    draws = SAMPLES * count
    bits = random.Random(SEED).getrandbits(64 * draws).to_bytes(8 * draws, "little")
    words = np.frombuffer(bits, dtype="<u4")
    high, low = words[0::2] >> 5, words[1::2] >> 6
    uniform = (high * 67108864.0 + low) * (1.0 / 9007199254740992.0)
    return np.floor(uniform * count).astype(np.intp).reshape(SAMPLES, count)


# People scored together in one matrix product: 128 people x 1000 draws is 1 MB an array.
_CHUNK = 128


@lru_cache(maxsize=64)
def _draw_counts(count: int) -> npt.NDArray[np.float64]:
    """How often each position is drawn in each resample: a SAMPLES x count matrix."""
    import numpy as np

    cells = resampled_indices(count) + np.arange(SAMPLES)[:, None] * count
    drawn = np.bincount(cells.ravel(), minlength=SAMPLES * count)
    return drawn.reshape(SAMPLES, count).astype(np.float64)


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
    # Slot by slot, in the order a resample's weighted mean adds them up, each slot one matrix
    # product for everybody (draws x everyone's column). Integer-valued doubles far below
    # 2**53: every product and sum is exact, so a person gets the same interval alone or in a
    # cohort. The arrays are one slot's worth, small enough to stay in the processor's caches,
    # and reused in place.
    shape = (SAMPLES, len(people))
    weighted, total = np.zeros(shape), np.zeros(shape)
    sums, counts, drawn = np.empty(shape), np.empty(shape), np.empty(shape, dtype=bool)
    for slot in range(width):
        np.matmul(draws, leans[slot], out=sums)
        np.matmul(draws, present[slot], out=counts)
        np.greater(counts, 0.0, out=drawn)
        # A resample that drew none of the slot's answers leaves it out: its sum is 0 there,
        # and neither the weighted sum nor the total weight changes.
        np.divide(sums, counts, out=sums, where=drawn)
        sums *= weights[slot]
        weighted += sums
        np.add(total, weights[slot], out=total, where=drawn)
    # Only two ranks of each column are wanted: a partition puts at those two places exactly
    # the values a full sort would, in linear time. It ranks the mean leans, before they become
    # percentages: that step never reorders two values (each of its operations rounds
    # monotonically), so it is taken on the two rows alone, with the same operations.
    means = np.divide(weighted, total, out=weighted)
    means.partition((LOW_RANK, HIGH_RANK), axis=0)
    low, high = 50.0 * (1.0 + means[[LOW_RANK, HIGH_RANK]] / QUANTUM)
    return low, high
