"""The cohort the dashboard shows: every stored response, scored once, kept in memory.

Loaded from the store when the server starts (each response read and scored as an answers
file), then one more per submission. The dashboard's figures come from the same cohort code
as `rolefit report` (`summarise`), worked out again only when a response arrived.
"""

from __future__ import annotations

import threading
from pathlib import Path

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.cohort import ItemPlan, Scored, summarise
from rolefit.core.cohort_report import CohortReport
from rolefit.core.records import record
from rolefit.core.result import Result
from rolefit.store.cohort import response_source, score_responses
from rolefit.store.workshop import WorkshopStore


@record
class Row:
    """One line of the dashboard's table."""

    number: int
    respondent: str | None
    verdict: str
    product_pct: float | None  # None when the verdict is undetermined
    margin: float | None
    flags: tuple[str, ...]


class LiveCohort:
    def __init__(self, bank: Bank, store: WorkshopStore) -> None:
        self.bank = bank
        self.plan = ItemPlan.of(bank)
        self.store_name = Path(store.path).name
        self._lock = threading.Lock()
        outcomes = score_responses(store.responses(), self.store_name, bank, self.plan)
        self._scored = [outcome for outcome in outcomes if isinstance(outcome, Scored)]
        self._report: CohortReport | None = None

    def add(self, response_id: int, sheet: AnswerSheet, result: Result) -> None:
        source = response_source(self.store_name, response_id)
        scored = Scored.of(source, sheet, result, self.bank, self.plan)
        with self._lock:
            self._scored.append(scored)
            self._report = None

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._scored)

    def report(self) -> CohortReport:
        with self._lock:
            if self._report is None:
                self._report = summarise(self.bank, self.plan, self._scored)
            return self._report

    def rows(self) -> list[Row]:
        """Newest first, numbered in the order received."""
        with self._lock:
            scored = list(self._scored)
        return [
            Row(
                n,
                s.row.respondent,
                s.row.verdict,
                s.row.product_pct,
                s.row.margin,
                tuple(sorted(s.flags)),
            )
            for n, s in reversed(list(enumerate(scored, start=1)))
        ]
