"""Statistics for cohort reports: sample variance, Cronbach's alpha, alpha if an item is dropped.

Plain functions over rows of numbers, written for exactness with `math.fsum`; the tests check
them against an independent implementation.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

from rolefit.core.records import record

# A total variance below this is zero up to rounding: every respondent scored the same.
ZERO_VARIANCE = 1e-12


def mean(values: Sequence[float]) -> float:
    """The mean of at least one value, summed exactly (what `statistics.fmean` does, without
    loading that module and the decimal and fractions modules it needs: `rolefit score`
    starts sooner)."""
    return math.fsum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1), two-pass with fsum so 10,000 small terms stay exact enough."""
    middle = mean(values)
    deviations = [v - middle for v in values]
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


# --- Item and scale analysis with missing answers (pairwise) -----------------------------
#
# Follow-up questions are asked only of some people (those who led a team), so a dimension's
# table has holes by design. Listwise deletion would estimate alpha from the leaders alone;
# instead every covariance is taken over the people who answered both of its items (each pair
# with its own means, n - 1), as pandas' DataFrame.cov and pingouin's
# cronbach_alpha(nan_policy="pairwise") do; correlations likewise (DataFrame.corr). A column
# is one item's answers, None where missing. numpy does the sums, all pairs at once, so that
# a 10,000-person cohort costs a few matrix products per dimension.

Column = Sequence[float | None]


@record
class Pairwise:
    """The pairwise-complete covariance and correlation matrices of a table with holes.

    A cell is None where fewer than two people answered both items (and, for a correlation,
    where either item has no spread among them).
    """

    cov: tuple[tuple[float | None, ...], ...]
    corr: tuple[tuple[float | None, ...], ...]

    @classmethod
    def of(cls, columns: Sequence[Column]) -> Pairwise:
        return cls.of_arrays(*item_arrays(columns))

    @classmethod
    def of_arrays(cls, answered: Any, table: Any) -> Pairwise:
        """From `item_arrays`' two arrays (items × people)."""
        import numpy as np

        present = answered.T.astype(float)
        values = table.T
        count = present.T @ present  # n_ij: people who answered both
        sums = values.T @ present  # [i, j]: Σ x_i over people who answered j (and i)
        squares = (values * values).T @ present
        cross = values.T @ values  # Σ x_i·x_j over people who answered both
        with np.errstate(divide="ignore", invalid="ignore"):
            cov = (cross - sums * sums.T / count) / (count - 1)
            var_in_pair = (squares - sums * sums / count) / (count - 1)  # var of i where j too
            corr = cov / np.sqrt(var_in_pair * var_in_pair.T)
        enough = count >= 2
        spread = (var_in_pair > ZERO_VARIANCE) & (var_in_pair.T > ZERO_VARIANCE)
        return cls(_cells(cov, enough), _cells(corr, enough & spread))

    def alpha(self, keep: Sequence[int] | None = None) -> float | None:
        """Cronbach's alpha of the items in `keep` (all by default): k/(k-1)·(1 - tr C / ΣC)."""
        items = list(range(len(self.cov))) if keep is None else list(keep)
        k = len(items)
        if k < 2:
            return None
        cells = [self.cov[i][j] for i in items for j in items]
        if any(cell is None for cell in cells):
            return None
        total = math.fsum(c for c in cells if c is not None)
        trace = math.fsum(self.cov[i][i] or 0.0 for i in items)
        if total < ZERO_VARIANCE:
            return None
        return k / (k - 1) * (1 - trace / total)

    def standardised_alpha(self, keep: Sequence[int] | None = None) -> float | None:
        """Alpha of the standardised items: k·r̄ / (1 + (k - 1)·r̄), r̄ the mean pairwise r."""
        items = list(range(len(self.corr))) if keep is None else list(keep)
        k = len(items)
        if k < 2:
            return None
        rs = [self.corr[i][j] for n, i in enumerate(items) for j in items[n + 1 :]]
        if any(r is None for r in rs):
            return None
        mean_r = math.fsum(r for r in rs if r is not None) / len(rs)
        denominator = 1 + (k - 1) * mean_r
        if abs(denominator) < ZERO_VARIANCE:
            return None
        return k * mean_r / denominator


def item_arrays(columns: Sequence[Column]) -> tuple[Any, Any]:
    """A table's columns as two items × people arrays, converted once for every statistic of
    them: whether each person answered each item, and the value (0.0 where not answered)."""
    import numpy as np

    if not columns:
        return np.zeros((0, 0), dtype=bool), np.zeros((0, 0))
    table = np.array(columns, dtype=float)  # None becomes NaN; no value is NaN otherwise
    present = ~np.isnan(table)
    return present, np.where(present, table, 0.0)


def _cells(matrix: Any, defined: Any) -> tuple[tuple[float | None, ...], ...]:
    return tuple(
        tuple(float(v) if ok and math.isfinite(v) else None for v, ok in zip(row, oks, strict=True))
        for row, oks in zip(matrix.tolist(), defined.tolist(), strict=True)
    )


def pairwise_alpha(columns: Sequence[Column]) -> float | None:
    """Cronbach's alpha from the pairwise covariance matrix (None when undefined)."""
    return Pairwise.of(columns).alpha() if len(columns) >= 2 else None


def standardised_alpha(columns: Sequence[Column]) -> float | None:
    return Pairwise.of(columns).standardised_alpha() if len(columns) >= 2 else None


def correlation(a: Column, b: Column) -> float | None:
    """Pearson's r over the rows where both are present; None if undefined."""
    kept = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if len(kept) < 2:
        return None
    xs, ys = [x for x, _ in kept], [y for _, y in kept]
    var_x, var_y = variance(xs), variance(ys)
    if var_x < ZERO_VARIANCE or var_y < ZERO_VARIANCE:
        return None
    mean_x, mean_y = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    cov = math.fsum((x - mean_x) * (y - mean_y) for x, y in kept) / (len(kept) - 1)
    return cov / math.sqrt(var_x * var_y)


def rest_score_correlation(columns: Sequence[Column], item: int) -> float | None:
    """The corrected item-total correlation: r between an item and the rest score.

    The rest score of a person is the mean of the other items they answered (None if they
    answered none of them), so that a skipped follow-up does not drag the total down.
    """
    return RestScores.of(columns).correlation(item)


class RestScores:
    """A dimension's items as arrays, built once, for the rest-score correlation of each."""

    def __init__(self, present: Any, values: Any) -> None:
        self._present = present  # items × people: answered?
        self._values = values  # items × people: the value, 0 where not answered

    @classmethod
    def of(cls, columns: Sequence[Column]) -> RestScores:
        return cls(*item_arrays(columns))

    def correlation(self, item: int) -> float | None:
        """`rest_score_correlation` of item number `item`."""
        import numpy as np

        present, values = self._present, self._values
        others = np.ones(len(values), dtype=bool)
        others[item] = False
        answered = present[others].sum(axis=0)
        rest = values[others].sum(axis=0) / np.maximum(answered, 1)
        both = present[item] & (answered > 0)
        if both.sum() < 2:
            return None
        x, y = values[item][both], rest[both]
        x, y = x - x.mean(), y - y.mean()
        var_x, var_y = float(x @ x), float(y @ y)
        if var_x < ZERO_VARIANCE or var_y < ZERO_VARIANCE:
            return None
        return float(x @ y) / math.sqrt(var_x * var_y)


def feldt_interval(
    alpha: float, respondents: int, items: int, level: float = 0.95
) -> tuple[float, float] | None:
    """Feldt's (1965) confidence interval for alpha.

    With F the F distribution on (n - 1, (n - 1)(k - 1)) degrees of freedom, the bounds are
    1 - (1 - alpha)·F⁻¹(1 - c/2) and 1 - (1 - alpha)·F⁻¹(c/2), c = 1 - level (Feldt, Woodruff
    and Salih 1987, formula 6).
    """
    if respondents < 3 or items < 2:
        return None
    d1 = respondents - 1
    d2 = d1 * (items - 1)
    tail = (1 - level) / 2
    return (
        1 - (1 - alpha) * f_quantile(1 - tail, d1, d2),
        1 - (1 - alpha) * f_quantile(tail, d1, d2),
    )


def f_quantile(p: float, d1: int, d2: int) -> float:
    """The p-quantile of the F distribution, by bisection on its distribution function."""
    low, high = 0.0, 1.0
    while f_cdf(high, d1, d2) < p:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if f_cdf(middle, d1, d2) < p:
            low = middle
        else:
            high = middle
        if high - low <= 1e-13 * max(1.0, high):
            break
    return (low + high) / 2


def f_cdf(x: float, d1: int, d2: int) -> float:
    """P(F <= x) = I_{d1·x/(d1·x + d2)}(d1/2, d2/2), the regularised incomplete beta."""
    if x <= 0:
        return 0.0
    return incomplete_beta(d1 * x / (d1 * x + d2), d1 / 2, d2 / 2)


def incomplete_beta(x: float, a: float, b: float) -> float:
    """The regularised incomplete beta function I_x(a, b), by its continued fraction
    (modified Lentz), using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges
    faster."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(x, a, b) / a
    return 1 - math.exp(log_front) * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 10_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return result
