"""A workshop store as a cohort: every stored response read and scored as an answers file.

`rolefit report workshop.db` goes through here, and so does the web app's report API: each
response's document is checked by the same reader and rules as a file (`answers_in`), so a
store and a folder of the same answers give the same report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.cohort import Invalid, ItemPlan, Outcome
from rolefit.errors import InputFileError
from rolefit.files.answers import answers_in
from rolefit.files.jsonio import parse_json
from rolefit.files.submissions import score_sheets
from rolefit.store.workshop import StoredResponse, WorkshopStore


def response_source(store: Path | str, response_id: int) -> str:
    """How a report names a stored response: `workshop.db#12`."""
    return f"{store}#{response_id}"


def sheet_of(response: StoredResponse, source: str, bank: Bank) -> AnswerSheet | Invalid:
    """A stored response's answers, checked as a file's would be."""
    try:
        return answers_in(parse_json(response.document, source), response.document, source, bank)
    except InputFileError as error:
        return Invalid(source, error.line, error.detail)


def score_responses(
    responses: Sequence[StoredResponse], store: Path | str, bank: Bank, plan: ItemPlan
) -> list[Outcome]:
    sources = [response_source(store, response.id) for response in responses]
    sheets = [sheet_of(r, s, bank) for r, s in zip(responses, sources, strict=True)]
    return score_sheets(sources, sheets, bank, plan)


def store_outcomes(path: Path, bank: Bank, plan: ItemPlan) -> list[Outcome]:
    """Every response in the store at `path`, scored, oldest first."""
    with WorkshopStore.open(path) as store:
        responses = store.responses()
    return score_responses(responses, path, bank, plan)
