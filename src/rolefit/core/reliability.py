"""The standard error of measurement (SEM): the floor under every margin, and the yardstick of
reliable change.

Classical test theory: an observed score is the true score plus an error, and a scale of k
items with Cronbach's alpha `a` and spread `sd` (of the mean item score) measures with
SEM = sd · √(1 - a). The errors of single answers are independent, so the error of a mean of n
answers is e / √n, where e = √k · SEM is the error of one answer (`item_error_sd`). A bank
states e per dimension (`error_sd` in the scoring file, with the study it comes from); where
it does not, DEFAULT_ITEM_ERROR_SD below is used.

Where DEFAULT_ITEM_ERROR_SD comes from: `python benchmarks/validity.py --calibrate` simulates
2,000 latent-trait respondents (seed 11; the model is described in that file) on the default
bank, computes per dimension alpha, the spread of the dimension lean and so e; the default
bank's `error_sd` values are those figures, and this default is their rounded-up mean, so a
bank without a study gets a margin at least as cautious as the default bank's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

DEFAULT_ITEM_ERROR_SD = 0.5
# A two-sided 90 % normal interval reaches this many standard errors either side.
Z_90 = 1.6449
# A reliable change: |RCI| beyond the two-sided 95 % point of the normal distribution.
Z_95 = 1.96


def item_error_sd(alpha: float, sd_of_mean: float, items: int) -> float:
    """The error of one answer, from a scale's alpha and the spread of its mean item score."""
    return math.sqrt(items) * sd_of_mean * math.sqrt(max(0.0, 1.0 - alpha))


def dimension_sem(error_sd: float, answers: int) -> float:
    """The SEM of a dimension's lean (mean of `answers` answers), in lean units."""
    return error_sd / math.sqrt(answers)


def overall_sem(sems: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The SEM of the weighted mean of dimension leans, errors independent across dimensions."""
    total = math.fsum(weights[d] for d in sems)
    return math.sqrt(math.fsum((weights[d] * sems[d]) ** 2 for d in sems)) / total


def floored(point: float, interval: tuple[float, float], sem_points: float) -> tuple[float, float]:
    """The bootstrap interval, widened to at least Z_90 SEMs either side and kept in 0..100."""
    reach = Z_90 * sem_points
    low = max(0.0, min(interval[0], point - reach))
    high = min(100.0, max(interval[1], point + reach))
    return low, high


def reliable_change_index(before: float, after: float, sems: Sequence[float]) -> float:
    """(after - before) / √(SEM_before² + SEM_after²): the Jacobson-Truax RCI.

    With one SEM for both sides this is (x2 - x1) / √(2·SEM²).
    """
    return (after - before) / math.sqrt(math.fsum(s * s for s in sems))
