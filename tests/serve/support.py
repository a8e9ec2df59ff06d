"""Shared pieces of the web app's tests: an app over a store in a temporary folder, and a
participant who answers every question the way `answer_for` says."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.testclient import TestClient

from rolefit.core.bank import Bank
from rolefit.core.items import multi_bounds, options_of
from rolefit.core.models import Question
from rolefit.serve.app import create_app
from rolefit.serve.workshop import Settings
from rolefit.store.workshop import WorkshopStore

JOIN_CODE = "ROOM42"
ADMIN_TOKEN = "facilitator-token-123"
ADMIN = {"authorization": f"Bearer {ADMIN_TOKEN}"}
JOIN = {"x-rolefit-join": JOIN_CODE}


def settings(**changes: object) -> Settings:
    base: dict[str, object] = {
        "join_code": JOIN_CODE,
        "admin_token": ADMIN_TOKEN,
        "short": True,
        "anonymity_floor": 3,
        "rate_per_second": 0,
    }
    base.update(changes)
    return Settings(**base)  # type: ignore[arg-type]


def open_store(folder: Path, bank: Bank) -> WorkshopStore:
    store = WorkshopStore.open(folder / "workshop.db", create=True)
    store.claim_bank(bank)
    return store


def app_for(store: WorkshopStore, bank: Bank, **changes: object) -> Starlette:
    return create_app(bank, store, settings(**changes))


def client_for(store: WorkshopStore, bank: Bank, **changes: object) -> TestClient:
    """A client of an app of its own (for one person's walk, or one setting)."""
    return TestClient(app_for(store, bank, **changes))


def answer_fields(question: Question) -> dict[str, str | list[str]]:
    """A valid answer to `question` as form fields: the first option(s), ranks in bank order."""
    options = [o.id for o in options_of(question)]
    if question.type == "rank":
        return {f"rank-{k}": option for k, option in enumerate(options, start=1)}
    if question.type == "multi":
        low, _ = multi_bounds(question)
        return {"answer": options[: max(low, 1)]}
    return {"answer": options[0]}


def current_question(page: str) -> str | None:
    found = re.search(r'name="question" value="([^"]+)"', page)
    return found.group(1) if found else None


def join(client: TestClient, name: str = "Sam") -> None:
    response = client.post("/join", data={"code": JOIN_CODE, "name": name}, follow_redirects=False)
    assert response.status_code == 303


def answer_all(client: TestClient, bank: Bank) -> int:
    """Answer every question until the review; the number answered."""
    answered = 0
    while True:
        page = client.get("/q")
        question_id = current_question(page.text)
        if question_id is None:
            assert page.url.path == "/review"
            return answered
        fields = {
            "question": question_id,
            "action": "answer",
            **answer_fields(bank.by_id[question_id]),
        }
        response = client.post("/q", data=fields, follow_redirects=False)
        assert response.status_code == 303, response.text
        answered += 1


def take_form(client: TestClient, bank: Bank, name: str = "Sam") -> None:
    join(client, name)
    answer_all(client, bank)
    response = client.post("/review", data={"action": "submit"}, follow_redirects=False)
    assert response.headers["location"] == "/result"
