"""The store under a real server process: what was acknowledged survives `kill -9`, and
Ctrl-C stops the server cleanly."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path

import httpx
import yaml

from rolefit.store.workshop import WorkshopStore
from tests.conftest import EXAMPLE_ANSWERS
from tests.serve.running import ADMIN_TOKEN, JOIN_CODE, start_server


def test_every_acknowledged_response_survives_kill_9(tmp_path: Path) -> None:
    store = tmp_path / "workshop.db"
    server = start_server(store, "--rate-limit", "0")
    document = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    acknowledged = []
    try:
        with httpx.Client(base_url=server.base, timeout=10) as client:
            for n in range(25):
                body = json.dumps({**document, "respondent": f"person {n}"})
                response = client.post(
                    "/api/v1/responses", content=body, headers={"x-rolefit-join": JOIN_CODE}
                )
                assert response.status_code == 201
                acknowledged.append(f"person {n}")
        assert server.kill(signal.SIGKILL) == -signal.SIGKILL
    finally:
        server.stop()
    with WorkshopStore.open(store) as reopened:
        assert [r.respondent for r in reopened.responses()] == acknowledged
    with sqlite3.connect(store) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_ctrl_c_stops_the_server_and_says_what_the_store_holds(tmp_path: Path) -> None:
    store = tmp_path / "workshop.db"
    server = start_server(store)
    response = httpx.post(
        f"{server.base}/api/v1/responses",
        content=json.dumps(yaml.safe_load(EXAMPLE_ANSWERS.read_text())),
        headers={"x-rolefit-join": JOIN_CODE},
    )
    assert response.status_code == 201
    assert server.kill(signal.SIGINT) == 0
    assert server.process.stdout is not None
    rest = server.process.stdout.read()
    server.stop()
    printed = server.banner + rest
    assert "Join code:  ROOM42" in printed and "█" in printed  # the QR code
    assert f"/dashboard?token={ADMIN_TOKEN}" in printed and f"Store:      {store}" in printed
    assert f"Stopped. 1 response in {store}" in rest
    with WorkshopStore.open(store) as reopened:
        assert reopened.count() == 1


def test_a_kill_9_amid_concurrent_submissions_loses_no_acknowledged_one(tmp_path: Path) -> None:
    import threading

    store = tmp_path / "workshop.db"
    server = start_server(store, "--rate-limit", "0")
    document = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    acknowledged: list[str] = []
    lock = threading.Lock()

    def submit(worker: int) -> None:
        with httpx.Client(base_url=server.base, timeout=10) as client:
            for n in range(40):
                name = f"worker {worker} #{n}"
                try:
                    response = client.post(
                        "/api/v1/responses",
                        content=json.dumps({**document, "respondent": name}),
                        headers={"x-rolefit-join": JOIN_CODE},
                    )
                except httpx.HTTPError:
                    return  # the server is gone
                if response.status_code == 201:
                    with lock:
                        acknowledged.append(name)

    workers = [threading.Thread(target=submit, args=(w,)) for w in range(8)]
    try:
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill(signal.SIGKILL)
        for worker in workers:
            worker.join(timeout=30)
    finally:
        server.stop()
    with WorkshopStore.open(store) as reopened:
        stored = {r.respondent for r in reopened.responses()}
    assert set(acknowledged) <= stored
    assert len(acknowledged) >= 40
