"""A person's past results as a list and a picture: what `rolefit history` shows.

The store keeps the results (`rolefit.store.history`); this is the part that needs no file:
the row of one past result, and where its lean sits on a chart of the lean over time.
"""

from __future__ import annotations

from datetime import datetime

from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.records import record
from rolefit.core.wording import lean_words


@record
class PastResult:
    """One finished quiz, as the history lists it."""

    number: int  # the entry's number in the history; never reused
    taken: datetime  # timezone-aware
    bank_id: str
    bank_version: str
    form: str  # "full" or "short"
    respondent: str | None
    verdict: str  # "product", "program", "balanced" or "undetermined"
    product_pct: float | None  # None when no lean was measured (undetermined)
    headline: str

    @property
    def lean(self) -> str:
        """`68 % product`, `55 % program`, `even`, or `no lean measured`."""
        return self.lean_in(ENGLISH)

    def lean_in(self, tr: Translator) -> str:
        """`lean` in the reader's language."""
        if self.product_pct is None:
            return tr.gettext("no lean measured")
        return lean_words(self.product_pct, even=tr.gettext("even"), tr=tr)


def chart_column(product_pct: float, width: int) -> int:
    """The column (0 to width - 1) of a product share on an axis running from all program
    (column 0) to all product (the last column); `width` odd, so 50 % has the middle one."""
    if width < 3 or width % 2 == 0:
        raise ValueError("the chart needs an odd width of at least 3")
    share = min(max(product_pct, 0.0), 100.0) / 100
    return round(share * (width - 1))
