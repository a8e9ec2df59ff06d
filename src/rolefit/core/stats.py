"""Statistics for cohort reports: sample variance, Cronbach's alpha, alpha if an item is dropped.

Plain functions over rows of numbers, written for exactness with `math.fsum`; the tests check
them against an independent implementation.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

# A total variance below this is zero up to rounding: every respondent scored the same.
ZERO_VARIANCE = 1e-12


def variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1), two-pass with fsum so 10,000 small terms stay exact enough."""
    mean = math.fsum(values) / len(values)
    deviations = [v - mean for v in values]
    return math.fsum(map(operator.mul, deviations, deviations)) / (len(values) - 1)


def _alpha(items: int, item_variance: float, total_variance: float) -> float | None:
    if items < 2 or total_variance < ZERO_VARIANCE:
        return None
    return items / (items - 1) * (1 - item_variance / total_variance)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha of a respondents × items table: k/(k-1) · (1 - Σ var(item) / var(total)).

    None when it is undefined: fewer than 2 items or 2 respondents, or no spread in the totals.
    Sample variances (n - 1) throughout; the ratio is the same with population variances.
    """
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    columns = list(zip(*rows, strict=True))
    item_variance = math.fsum(variance(column) for column in columns)
    return _alpha(len(columns), item_variance, variance(list(map(math.fsum, rows))))


def alpha_if_deleted(rows: Sequence[Sequence[float]]) -> list[float | None]:
    """For each item, alpha of the same respondents without it (None when undefined).

    Shares the work: item variances once, and each reduced total as the full total minus the
    item, so the cost is items × respondents rather than items² × respondents.
    """
    if len(rows) < 2:
        return [None] * (len(rows[0]) if rows else 0)
    columns = list(zip(*rows, strict=True))
    variances = [variance(column) for column in columns]
    totals = list(map(math.fsum, rows))
    return [
        _alpha(
            len(columns) - 1,
            math.fsum(v for j, v in enumerate(variances) if j != dropped),
            variance([total - value for total, value in zip(totals, column, strict=True)]),
        )
        for dropped, column in enumerate(columns)
    ]
