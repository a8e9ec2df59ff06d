"""When the store cannot take a request (another program holds its lock, a full disk, the
server stopping): 503 with Retry-After, in one line or a short page, nothing half-stored, no
traceback on the facilitator's terminal, and every acknowledged response in the store."""

from __future__ import annotations

import json
import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
import yaml

from rolefit.core.bank import Bank
from rolefit.serve.api import HEALTH_SECONDS
from rolefit.serve.workshop import RETRY_SECONDS
from rolefit.store.database import BUSY_TIMEOUT_MS
from rolefit.store.workshop import WorkshopStore
from tests.conftest import EXAMPLE_ANSWERS
from tests.serve.running import JOIN_CODE, start_server
from tests.serve.support import JOIN, client_for, join, open_store

DOCUMENT = yaml.safe_load(EXAMPLE_ANSWERS.read_text())


def _locked(*args: object, **kwargs: object) -> object:
    raise sqlite3.OperationalError("database is locked")


def test_a_refusing_store_answers_the_api_503_with_retry_after(
    tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path, bank)
    client = client_for(store, bank)
    monkeypatch.setattr(store, "add_response", _locked)
    response = client.post("/api/v1/responses", json=DOCUMENT, headers=JOIN)
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_SECONDS)
    assert response.json() == {
        "error": "the store is busy (database is locked); try again in a moment"
    }
    assert store.count() == 0


def test_a_refusing_store_shows_a_participant_a_page_saying_nothing_was_lost(
    tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path, bank)
    client = client_for(store, bank)
    monkeypatch.setattr(store, "save_progress", _locked)
    page = client.post(
        "/join", data={"code": JOIN_CODE, "name": "Sam"}, headers={"accept": "text/html"}
    )
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "Nothing of yours was lost." in page.text
    assert f"Wait {RETRY_SECONDS} seconds, then reload the page." in page.text


def test_a_server_stopping_refuses_waiting_work_instead_of_running_it(
    tmp_path: Path, bank: Bank
) -> None:
    store = open_store(tmp_path, bank)
    client = client_for(store, bank)
    join(client)
    client.app.state.workshop.stop_taking()  # type: ignore[attr-defined]
    response = client.post("/api/v1/responses", json=DOCUMENT, headers=JOIN)
    assert response.status_code == 503
    assert "stopping" in response.json()["error"]
    assert client.get("/healthz").status_code == 503
    assert store.count() == 0


def test_a_store_locked_by_another_program_is_503_then_works_again(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    server = start_server(path, "--rate-limit", "0")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # a sqlite3 shell left in a transaction, say
        answers: list[httpx.Response] = []
        posting = threading.Thread(
            target=lambda: answers.append(
                httpx.post(
                    f"{server.base}/api/v1/responses",
                    json=DOCUMENT,
                    headers={"x-rolefit-join": JOIN_CODE},
                    timeout=BUSY_TIMEOUT_MS / 1000 + 30,
                )
            )
        )
        posting.start()
        time.sleep(0.5)  # the submission now waits for the lock on the store's thread
        started = time.monotonic()
        health = httpx.get(f"{server.base}/healthz", timeout=30)
        assert (health.status_code, health.json()) == (503, {"status": "busy"})
        assert time.monotonic() - started < HEALTH_SECONDS + 2
        posting.join()
        assert answers[0].status_code == 503, answers[0].text
        assert "database is locked" in answers[0].json()["error"]
        holder.execute("ROLLBACK")
        again = httpx.post(
            f"{server.base}/api/v1/responses",
            json=DOCUMENT,
            headers={"x-rolefit-join": JOIN_CODE},
            timeout=30,
        )
        assert again.status_code == 201
    finally:
        holder.close()
        server.stop_with(signal.SIGINT)
        assert server.process.stdout is not None
        said = server.process.stdout.read()
    assert "Traceback" not in said
    assert said.count("the store refused a request (database is locked)") == 1
    with WorkshopStore.open(path) as reopened:
        assert reopened.count() == 1


def test_stopping_under_a_backlog_acknowledges_exactly_what_it_stored(tmp_path: Path) -> None:
    # 300 submissions at once are some ten seconds of work on the store's thread, twice the
    # time uvicorn gives requests in flight before it cancels them.
    path = tmp_path / "w.db"
    server = start_server(path, "--rate-limit", "0")
    statuses: list[int] = []
    acknowledged: list[str] = []
    lock = threading.Lock()
    together = threading.Barrier(300)

    def submit(number: int) -> None:
        name = f"person {number}"
        body = json.dumps({**DOCUMENT, "respondent": name})
        with httpx.Client(base_url=server.base, timeout=60) as client:
            together.wait()
            try:
                response = client.post(
                    "/api/v1/responses", content=body, headers={"x-rolefit-join": JOIN_CODE}
                )
            except httpx.HTTPError:
                return  # the server went away first: nothing was acknowledged
        with lock:
            statuses.append(response.status_code)
            if response.status_code == 201:
                acknowledged.append(name)

    people = [threading.Thread(target=submit, args=(n,)) for n in range(300)]
    try:
        for person in people:
            person.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.kill(signal.SIGTERM) == 0
        for person in people:
            person.join(timeout=60)
        assert server.process.stdout is not None
        said = server.process.stdout.read()
    finally:
        server.stop()
    assert set(statuses) <= {201, 503}, sorted(set(statuses))
    assert "Traceback" not in said
    assert 503 in statuses  # the backlog was refused, not run after the stop
    with WorkshopStore.open(path) as reopened:
        stored = sorted(r.respondent or "" for r in reopened.responses())
    assert stored == sorted(acknowledged)
