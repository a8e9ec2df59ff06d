"""The web app's routes with Starlette's test client: the participant's walk, the dashboard,
the JSON API, and every security rule."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from rolefit.core.bank import Bank
from rolefit.core.flow import question_order
from rolefit.render import result_renderers
from rolefit.serve.security import RateLimiter
from rolefit.store.workshop import WorkshopStore
from tests.conftest import EXAMPLE_ANSWERS
from tests.serve.support import (
    ADMIN,
    ADMIN_TOKEN,
    JOIN,
    JOIN_CODE,
    answer_all,
    answer_fields,
    app_for,
    client_for,
    current_question,
    join,
    open_store,
    take_form,
)


@pytest.fixture
def store(tmp_path: Path, bank: Bank) -> Iterator[WorkshopStore]:
    opened = open_store(tmp_path, bank)
    yield opened
    opened.close()


@pytest.fixture
def client(store: WorkshopStore, bank: Bank) -> TestClient:
    return client_for(store, bank)


def example_json() -> bytes:
    import yaml

    return json.dumps(yaml.safe_load(EXAMPLE_ANSWERS.read_text())).encode()


# --- joining ------------------------------------------------------------------------------


def test_the_join_page_prefills_the_code_from_the_qr_link(client: TestClient) -> None:
    page = client.get(f"/?code={JOIN_CODE}")
    assert page.status_code == 200
    assert f'value="{JOIN_CODE}"' in page.text


def test_joining_with_a_wrong_code_is_refused(client: TestClient) -> None:
    response = client.post("/join", data={"code": "WRONG1"}, follow_redirects=False)
    assert response.status_code == 403
    assert "join code is not right" in response.text
    assert "rolefit_participant" not in response.headers.get("set-cookie", "")


def test_the_join_code_is_not_case_sensitive_on_the_form(client: TestClient) -> None:
    response = client.post("/join", data={"code": JOIN_CODE.lower()}, follow_redirects=False)
    assert response.status_code == 303


def test_questions_without_joining_lead_to_the_join_page(client: TestClient) -> None:
    response = client.get("/q", follow_redirects=False)
    assert response.headers["location"] == "/"


# --- one question per screen ----------------------------------------------------------------


def test_the_first_question_is_the_first_of_the_short_form(client: TestClient, bank: Bank) -> None:
    join(client)
    page = client.get("/q")
    order = question_order(bank, short=True)
    assert current_question(page.text) == order[0]
    assert f"Question 1 of {len(order)}" in page.text
    assert 'value="back"' not in page.text  # no Back on the first question


def test_a_reload_shows_the_same_question_with_the_progress_kept(
    client: TestClient, bank: Bank
) -> None:
    join(client)
    first = current_question(client.get("/q").text)
    assert first is not None
    client.post(
        "/q", data={"question": first, "action": "answer", **answer_fields(bank.by_id[first])}
    )
    again = client.get("/q").text
    assert current_question(again) == question_order(bank, short=True)[1]
    assert current_question(client.get("/q").text) == current_question(again)


def test_progress_survives_a_server_restart(store: WorkshopStore, bank: Bank) -> None:
    before = client_for(store, bank)
    join(before)
    first, second = question_order(bank, short=True)[:2]
    before.post(
        "/q", data={"question": first, "action": "answer", **answer_fields(bank.by_id[first])}
    )
    after = client_for(store, bank)  # a new app over the same store, the same browser cookie
    after.cookies.update(before.cookies)
    assert current_question(after.get("/q").text) == second


def test_going_back_shows_the_earlier_answer_selected(client: TestClient, bank: Bank) -> None:
    join(client)
    first = question_order(bank, short=True)[0]
    chosen = bank.option_ids[first][-1]
    client.post("/q", data={"question": first, "action": "answer", "answer": chosen})
    second = current_question(client.get("/q").text)
    assert second is not None
    client.post("/q", data={"question": second, "action": "back"})
    page = client.get("/q").text
    assert current_question(page) == first
    assert f'value="{chosen}" checked' in page


def test_skip_moves_on_and_the_review_shows_it_skipped(client: TestClient, bank: Bank) -> None:
    join(client)
    first = question_order(bank, short=True)[0]
    client.post("/q", data={"question": first, "action": "skip"})
    assert current_question(client.get("/q").text) != first
    answer_all(client, bank)
    assert "Skipped" in client.get("/review").text


def test_next_without_a_choice_explains_and_keeps_the_question(
    client: TestClient, bank: Bank
) -> None:
    join(client)
    first = question_order(bank, short=True)[0]
    response = client.post("/q", data={"question": first, "action": "answer"})
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "Choose an answer" in response.text
    assert current_question(response.text) == first


def test_an_option_that_does_not_exist_is_refused(client: TestClient, bank: Bank) -> None:
    join(client)
    first = question_order(bank, short=True)[0]
    response = client.post("/q", data={"question": first, "action": "answer", "answer": "nope"})
    assert response.status_code == 422


def test_a_resent_form_for_an_earlier_question_changes_nothing(
    client: TestClient, bank: Bank
) -> None:
    join(client)
    first, second = question_order(bank, short=True)[:2]
    fields = {"question": first, "action": "answer", **answer_fields(bank.by_id[first])}
    client.post("/q", data=fields)
    client.post("/q", data=fields)  # a double tap
    assert current_question(client.get("/q").text) == second


def test_a_multi_question_with_too_few_choices_says_how_many(
    client: TestClient, bank: Bank
) -> None:
    join(client)
    multi = next(q for q in bank.form(short=True) if q.type == "multi" and (q.min or 0) > 1)
    while current_question(client.get("/q").text) != multi.id:
        qid = current_question(client.get("/q").text)
        assert qid is not None
        client.post(
            "/q", data={"question": qid, "action": "answer", **answer_fields(bank.by_id[qid])}
        )
    one = bank.option_ids[multi.id][0]
    response = client.post("/q", data={"question": multi.id, "action": "answer", "answer": [one]})
    assert response.status_code == 422 and "You chose 1" in response.text


def test_the_review_can_change_an_answer_and_return(client: TestClient, bank: Bank) -> None:
    join(client)
    answer_all(client, bank)
    first = question_order(bank, short=True)[0]
    client.post("/review", data={"edit": first})
    assert current_question(client.get("/q").text) == first
    client.post(
        "/q", data={"question": first, "action": "answer", **answer_fields(bank.by_id[first])}
    )
    assert client.get("/q", follow_redirects=False).headers["location"] == "/review"


# --- the result ---------------------------------------------------------------------------


def test_submitting_stores_one_response_and_shows_the_result(
    client: TestClient, bank: Bank, store: WorkshopStore
) -> None:
    take_form(client, bank)
    page = client.get("/result")
    assert page.status_code == 200 and "Your result" in page.text
    assert store.count() == 1
    client.post("/review", data={"action": "submit"})  # resent: still one
    assert store.count() == 1


def test_the_result_matches_rolefit_score_of_the_stored_answers(
    client: TestClient, bank: Bank, store: WorkshopStore, tmp_path: Path
) -> None:
    take_form(client, bank)
    stored = store.responses()[0]
    answers = tmp_path / "answers.json"
    answers.write_text(stored.document)
    cli = subprocess.run(
        [sys.executable, "-m", "rolefit", "score", str(answers), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(cli.stdout) == json.loads(stored.result)


def test_the_markdown_download_is_the_markdown_renderer(
    client: TestClient, bank: Bank, store: WorkshopStore
) -> None:
    from rolefit.core.result import Result

    take_form(client, bank)
    download = client.get("/result.md")
    result = Result.model_validate_json(store.responses()[0].result)
    assert download.text == result_renderers(result)["markdown"]()
    assert "attachment" in download.headers["content-disposition"]


def test_the_html_download_is_a_standalone_page(client: TestClient, bank: Bank) -> None:
    take_form(client, bank)
    download = client.get("/result.html")
    assert download.status_code == 200 and "<html" in download.text.lower()
    assert client.get("/result.pdf").status_code == 404


def test_no_participant_can_read_another_participants_result(
    store: WorkshopStore, bank: Bank
) -> None:
    first = client_for(store, bank)
    take_form(first, bank, name="First")
    second = client_for(store, bank)
    for path in ("/result", "/result/card", "/result.md", "/result.html"):
        response = second.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"
    forged = client_for(store, bank)
    forged.cookies.set("rolefit_participant", "guess")
    assert forged.get("/result.md", follow_redirects=False).status_code == 303


# --- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_needs_the_admin_token(client: TestClient) -> None:
    assert client.get("/dashboard").status_code == 401
    assert client.get("/dashboard?token=wrong").status_code == 401
    assert client.get("/dashboard/live").status_code == 401


def test_the_dashboard_url_swaps_the_token_for_a_cookie(client: TestClient) -> None:
    response = client.get(f"/dashboard?token={ADMIN_TOKEN}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dashboard"
    assert "httponly" in response.headers["set-cookie"].lower()
    assert client.get("/dashboard").status_code == 200


def test_no_aggregate_is_shown_below_the_anonymity_floor(store: WorkshopStore, bank: Bank) -> None:
    app = app_for(store, bank)
    admin = TestClient(app)
    for name in ("Ann", "Bo"):
        take_form(TestClient(app), bank, name=name)
    live = admin.get("/dashboard/live", headers=ADMIN).text
    assert "from 3 responses on" in live and "Dimension means" not in live
    take_form(TestClient(app), bank, name="Cy")
    live = admin.get("/dashboard/live", headers=ADMIN).text
    assert "Dimension means" in live and "Verdicts" in live
    assert 'data-count="3"' in live


def test_a_floor_of_one_response_is_said_in_the_singular(store: WorkshopStore, bank: Bank) -> None:
    live = TestClient(app_for(store, bank, anonymity_floor=1)).get("/dashboard/live", headers=ADMIN)
    assert "appear from 1 response on" in live.text
    assert "1 responses" not in live.text


def test_hide_names_leaves_every_name_out(store: WorkshopStore, bank: Bank) -> None:
    app = app_for(store, bank)
    take_form(TestClient(app), bank, name="Alexandra")
    admin = TestClient(app)
    assert "Alexandra" in admin.get("/dashboard/live", headers=ADMIN).text
    assert "Alexandra" not in admin.get("/dashboard/live?names=hidden", headers=ADMIN).text


def test_names_are_escaped_on_the_dashboard(store: WorkshopStore, bank: Bank) -> None:
    app = app_for(store, bank)
    take_form(TestClient(app), bank, name="<script>alert(1)</script>")
    live = TestClient(app).get("/dashboard/live", headers=ADMIN).text
    assert "<script>alert(1)" not in live
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in live


# --- the JSON API -------------------------------------------------------------------------


def test_posting_answers_returns_201_and_the_score_json(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/api/v1/responses", headers=JOIN, content=example_json())
    assert response.status_code == 201
    cli = subprocess.run(
        [sys.executable, "-m", "rolefit", "score", str(EXAMPLE_ANSWERS), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert response.json() == json.loads(cli.stdout)


@pytest.mark.parametrize("headers", [{}, {"x-rolefit-join": "WRONG1"}], ids=["missing", "wrong"])
def test_posting_without_the_join_code_is_forbidden(
    client: TestClient, store: WorkshopStore, headers: dict[str, str]
) -> None:
    response = client.post("/api/v1/responses", headers=headers, content=example_json())
    assert response.status_code == 403
    assert store.count() == 0


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'{"answers": {"scope.next_role": "nope"}}', 422),
        (b'{"respondent": "x", "answers": {"scope.many_projects": 9}}', 422),
        (b'{"answers": {}, "extra": 1}', 422),
        (b'{"respondent": true, "answers": {}}', 422),
        (b'{"answers": [1, 2]', 400),  # no document at all: the request itself is bad
        (b"\xff\xfe", 400),
    ],
    ids=["option", "range", "key", "no name", "syntax", "encoding"],
)
def test_a_refused_body_gets_the_line_rolefit_score_prints(
    client: TestClient, store: WorkshopStore, body: bytes, status: int
) -> None:
    response = client.post("/api/v1/responses", headers=JOIN, content=body)
    assert response.status_code == status
    said_by_score_for(body, response.json()["error"])
    assert store.count() == 0


@pytest.mark.parametrize(
    "name", ["x" * 81, int("9" * 81), "a " * 41], ids=["text", "number", "words"]
)
def test_a_name_longer_than_the_web_form_takes_is_refused(
    client: TestClient, store: WorkshopStore, name: object
) -> None:
    body = json.dumps({"respondent": name, "answers": {}}).encode()
    response = client.post("/api/v1/responses", headers=JOIN, content=body)
    assert response.status_code == 422
    assert response.json()["error"].startswith("respondent: at most 80 characters")
    assert store.count() == 0


def test_a_name_is_counted_as_the_web_form_counts_it(
    client: TestClient, store: WorkshopStore
) -> None:
    body = json.dumps({"respondent": "  " + "y" * 79 + "   ", "answers": {}}).encode()
    response = client.post("/api/v1/responses", headers=JOIN, content=body)
    assert response.status_code != 422 or "respondent" not in response.json()["error"]


def test_a_name_is_stored_as_long_as_it_was_counted(
    client: TestClient, store: WorkshopStore
) -> None:
    document = json.loads(example_json())
    spaced = {**document, "respondent": "a" + " " * 60_000 + "b"}
    response = client.post("/api/v1/responses", headers=JOIN, content=json.dumps(spaced))
    assert response.status_code == 201
    assert [r.respondent for r in store.responses()] == ["a b"]


def test_a_name_with_nothing_to_see_is_stored_as_no_name(
    client: TestClient, store: WorkshopStore
) -> None:
    document = json.loads(example_json())
    for blank in ("   ", "\u200b\u200b\u200b", "\u00ad" * 80):
        body = json.dumps({**document, "respondent": blank})
        assert client.post("/api/v1/responses", headers=JOIN, content=body).status_code == 201
    assert [r.respondent for r in store.responses()] == [None, None, None]


@pytest.mark.parametrize("media_type", ["application/json", "Application/JSON; charset=utf-8"])
def test_a_body_sent_as_json_is_read_as_json(
    client: TestClient, store: WorkshopStore, media_type: str
) -> None:
    response = client.post(
        "/api/v1/responses",
        headers={**JOIN, "content-type": media_type},
        content=b'{"answers":',
    )
    assert response.status_code == 400
    assert "invalid JSON" in response.json()["error"]
    assert store.count() == 0


def said_by_score_for(body: bytes, error: str) -> None:
    """`error` is the line `rolefit score -` prints for `body` (exit 2)."""
    cli = subprocess.run(
        [sys.executable, "-m", "rolefit", "score", "-"],
        input=body,
        capture_output=True,
        check=False,
    )
    assert cli.returncode == 2
    assert f"rolefit: {error}\n" == cli.stderr.decode()


def test_the_report_api_needs_the_bearer_token(client: TestClient) -> None:
    assert client.get("/api/v1/report").status_code == 401
    assert client.get("/api/v1/report", headers={"authorization": "Bearer nope"}).status_code == 401


def test_the_report_api_is_rolefit_report_of_the_store(
    client: TestClient, store: WorkshopStore, tmp_path: Path
) -> None:
    for _ in range(2):
        client.post("/api/v1/responses", headers=JOIN, content=example_json())
    api = client.get("/api/v1/report", headers=ADMIN)
    cli = subprocess.run(
        [sys.executable, "-m", "rolefit", "report", "workshop.db", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert api.json() == json.loads(cli.stdout)
    assert api.json()["count"] == 2


def test_healthz_answers_once_the_store_is_open(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_healthz_says_unavailable_when_the_store_is_closed(
    client: TestClient, store: WorkshopStore
) -> None:
    store.close()
    assert client.get("/healthz").status_code == 503


# --- security -----------------------------------------------------------------------------


def test_every_page_has_a_policy_with_no_inline_script(client: TestClient) -> None:
    for path in ("/", "/healthz", "/static/rolefit.css", "/nowhere"):
        policy = client.get(path).headers["content-security-policy"]
        script = next(part for part in policy.split(";") if "script-src" in part)
        assert script.strip() == "script-src 'self'"
        assert "default-src 'none'" in policy


def test_pages_carry_no_inline_script(client: TestClient, store: WorkshopStore, bank: Bank) -> None:
    take_form(client, bank)
    admin = TestClient(client.app)
    pages = [client.get(p).text for p in ("/", "/result")]
    pages.append(admin.get("/dashboard", headers=ADMIN).text)
    for page in pages:
        for tag in page.split("<script")[1:]:
            assert tag.lstrip().startswith("src=")
        assert " on" + "click=" not in page


def test_a_request_over_the_size_cap_is_refused(store: WorkshopStore, bank: Bank) -> None:
    client = client_for(store, bank, max_body_bytes=1024)
    response = client.post("/api/v1/responses", headers=JOIN, content=b"{" + b" " * 2048 + b"}")
    assert response.status_code == 413
    assert store.count() == 0


def test_a_chunked_request_over_the_size_cap_is_refused(store: WorkshopStore, bank: Bank) -> None:
    client = client_for(store, bank, max_body_bytes=1024)

    def chunks() -> Iterator[bytes]:
        for _ in range(8):
            yield b" " * 512

    response = client.post("/api/v1/responses", headers=JOIN, content=chunks())
    assert response.status_code == 413


def test_a_client_over_its_rate_is_told_to_wait(store: WorkshopStore, bank: Bank) -> None:
    client = client_for(store, bank, rate_per_second=1, rate_burst=5)
    codes = [client.get("/healthz").status_code for _ in range(7)]
    assert codes[:5] == [200] * 5
    assert codes[-1] == 429


def test_a_browser_over_its_rate_gets_a_page_that_says_how_long_to_wait(
    store: WorkshopStore, bank: Bank
) -> None:
    client = client_for(store, bank, rate_per_second=1, rate_burst=1)
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    client.get("/", headers=browser)
    response = client.get("/", headers=browser)
    assert response.status_code == 429
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Too many requests</h1>" in response.text
    assert f"Wait {response.headers['retry-after']} second" in response.text
    assert "<script" not in response.text


def test_the_api_over_its_rate_still_answers_in_json(store: WorkshopStore, bank: Bank) -> None:
    client = client_for(store, bank, rate_per_second=1, rate_burst=1)
    client.get("/api/v1/report", headers={"accept": "text/html"})
    response = client.get("/api/v1/report", headers={"accept": "text/html"})
    assert response.status_code == 429
    assert response.json() == {"error": "too many requests; wait a moment"}


def test_the_rate_limit_refills_with_time_and_is_per_client() -> None:
    limiter = RateLimiter(rate=2, burst=2)
    assert limiter.wait_for("a", now=0) == 0 and limiter.wait_for("a", now=0) == 0
    assert limiter.wait_for("a", now=0) == pytest.approx(0.5)
    assert limiter.wait_for("b", now=0) == 0
    assert limiter.wait_for("a", now=1) == 0


def test_a_form_posted_from_another_site_is_refused(client: TestClient) -> None:
    response = client.post(
        "/join", data={"code": JOIN_CODE}, headers={"origin": "http://evil.example"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("origin", ["http://[::1", "http://[zz]:80", "::::"])
def test_an_origin_that_does_not_parse_is_refused_not_a_crash(
    client: TestClient, origin: str
) -> None:
    response = client.post(
        "/join",
        data={"code": JOIN_CODE},
        headers={"origin": origin},
    )
    assert response.status_code == 403
    assert response.json() == {"error": "a request from another site"}


def test_a_method_the_api_does_not_take_is_a_one_line_json_405(client: TestClient) -> None:
    response = client.put("/api/v1/responses", json={})
    assert response.status_code == 405
    assert response.json() == {"error": "method not allowed"}


def test_a_browser_sent_a_method_a_page_does_not_take_gets_a_short_page(
    client: TestClient,
) -> None:
    response = client.put("/q", headers={"accept": "text/html"})
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/html")
    assert "allow" in response.headers
    assert "This address cannot do that (HTTP 405)." in response.text
    assert "Go back and try again." in response.text


def test_nothing_but_the_store_is_written(
    tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    with open_store(tmp_path, bank) as store:
        client = client_for(store, bank)
        take_form(client, bank)
        client.get("/result.md")
        client.get("/result.html")
        client.post("/api/v1/responses", headers=JOIN, content=example_json())
        client.get("/api/v1/report", headers=ADMIN)
    written = {path.name for path in tmp_path.rglob("*")}
    assert written <= {"workshop.db", "workshop.db-wal", "workshop.db-shm"}
    assert os.stat(tmp_path / "workshop.db").st_mode & 0o777 == 0o600


def test_control_characters_in_a_name_are_shown_not_sent_raw(
    store: WorkshopStore, bank: Bank
) -> None:
    app = app_for(store, bank)
    take_form(TestClient(app), bank, name="Eve\x1b[31m")
    live = TestClient(app).get("/dashboard/live", headers=ADMIN).text
    assert "\x1b" not in live and "Eve\\x1b[31m" in live


def test_a_rank_question_with_no_place_chosen_asks_for_each_place(
    client: TestClient, bank: Bank
) -> None:
    join(client)
    rank = next(q for q in bank.form(short=True) if q.type == "rank")
    while (qid := current_question(client.get("/q").text)) != rank.id:
        assert qid is not None
        client.post(
            "/q", data={"question": qid, "action": "answer", **answer_fields(bank.by_id[qid])}
        )
    response = client.post("/q", data={"question": rank.id, "action": "answer"})
    assert response.status_code == 422 and "Choose an option for each place" in response.text
    places = {f"rank-{k}": bank.option_ids[rank.id][0] for k in range(1, len(rank.options) + 1)}
    repeated = client.post("/q", data={"question": rank.id, "action": "answer", **places})
    assert repeated.status_code == 422 and "different option" in repeated.text


def test_answers_the_scorer_refuses_are_shown_on_the_review(
    client: TestClient, bank: Bank, store: WorkshopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rolefit.errors import InputFileError
    from rolefit.serve.workshop import Workshop

    def refuse(*args: object, **kwargs: object) -> None:
        raise InputFileError("<stdin>", "scope.next_role: expected one of one_line")

    join(client)
    answer_all(client, bank)
    monkeypatch.setattr(Workshop, "submit", refuse)
    response = client.post("/review", data={"action": "submit"})
    assert response.status_code == 422 and "could not be scored" in response.text
    assert store.count() == 0


def test_back_from_the_review_asks_the_last_question_again(client: TestClient, bank: Bank) -> None:
    join(client)
    answer_all(client, bank)
    response = client.post("/review/back", follow_redirects=False)
    assert response.headers["location"] == "/q"
    last = [q.id for q in bank.form(short=True)][-1]
    page = client.get("/q").text
    assert current_question(page) == last
    assert "checked" in page or "selected" in page  # its answer is kept


def test_the_result_card_is_a_page_of_its_own(client: TestClient, bank: Bank) -> None:
    take_form(client, bank)
    card = client.get("/result/card")
    assert card.status_code == 200 and card.headers["content-type"].startswith("text/html")
    assert "Sam" in card.text


def test_an_unknown_page_is_a_404_page_and_an_unknown_api_path_json(client: TestClient) -> None:
    page = client.get("/nowhere")
    assert page.status_code == 404 and "Page not found" in page.text
    api = client.get("/api/v1/nowhere")
    assert api.status_code == 404 and api.json() == {"error": "not found"}


def test_the_style_sheet_and_script_ship_in_the_package(client: TestClient) -> None:
    for path in ("/static/rolefit.css", "/static/dashboard.js"):
        response = client.get(path)
        assert response.status_code == 200 and len(response.text) > 500
        assert "http" + "s://" not in response.text  # nothing from a CDN
