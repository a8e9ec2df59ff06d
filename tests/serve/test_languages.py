"""The web app in the room's language: every word of its pages through the catalog, German
pages, questions and results for a room started with `--lang de`, English otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import yaml
from starlette.testclient import TestClient

from rolefit.core.bank import Bank, bank_in_language
from rolefit.core.i18n import Translator
from rolefit.core.items import options_of
from rolefit.files import catalogs
from rolefit.files.banks import BankFiles, load_bank
from rolefit.serve.app import create_app
from tests.i18n_support import ROOT, Marking, english_left, marked_bank, without_translations
from tests.serve.running import start_server
from tests.serve.support import (
    ADMIN,
    JOIN_CODE,
    answer_fields,
    current_question,
    join,
    open_store,
    settings,
    take_form,
)

# Words of the pages that are names, not English: the product, its logo, and the formats.
NAMES = frozenset({"rolefit", "rf", "HTML", "Sam"})  # Sam: the participant's own name


class _Words(HTMLParser):
    """The text a person meets on a page: its text, and the attributes read aloud or shown."""

    SPOKEN = ("title", "aria-label", "alt", "placeholder", "data-announce")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        self.parts.extend(value for name, value in attrs if name in self.SPOKEN and value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def words_of(page: str) -> str:
    parser = _Words()
    parser.feed(page)
    return " ".join(parser.parts)


def room(tmp_path: Path, bank: Bank, tr: Translator, **changes: object) -> Iterator[TestClient]:
    store = open_store(tmp_path, bank)
    try:
        yield TestClient(create_app(bank, store, settings(**changes), tr))
    finally:
        store.close()


@pytest.fixture
def marked(tmp_path: Path) -> Iterator[tuple[TestClient, Bank]]:
    bank = marked_bank(tmp_path / "bank")
    for client in room(tmp_path, bank, Marking(), short=False, anonymity_floor=1):
        yield client, bank


@pytest.fixture(scope="module")
def german_bank() -> Bank:
    return bank_in_language(load_bank(BankFiles.bundled()), "de")


@pytest.fixture
def german(tmp_path: Path, german_bank: Bank) -> Iterator[TestClient]:
    yield from room(tmp_path, german_bank, catalogs.translator("de"))


def test_every_word_of_the_participant_pages_reaches_the_catalog(
    marked: tuple[TestClient, Bank],
) -> None:
    client, bank = marked
    pages = [client.get("/").text]
    client.post("/join", data={"code": "WRONG", "name": "Sam"})
    pages.append(client.post("/join", data={"code": "WRONG", "name": "Sam"}).text)
    join(client)
    first = client.get("/q").text
    pages.append(first)
    question = current_question(first)
    pages.append(client.post("/q", data={"question": question, "action": "answer"}).text)
    seen_rank = False
    while (question := current_question(page := client.get("/q").text)) is not None:
        found = bank.by_id[question]
        if found.type in ("rank", "multi") and not seen_rank:
            pages.append(page)
            empty = {"question": question, "action": "answer"}
            pages.append(client.post("/q", data=empty).text)
            seen_rank = found.type == "rank"
        client.post("/q", data={"question": question, "action": "answer", **answer_fields(found)})
    pages.append(client.get("/review").text)
    client.post("/review", data={"action": "submit"})
    pages.append(client.get("/result").text)
    pages.append(client.get("/result/card").text)
    left = [english_left(words_of(page), NAMES) for page in pages]
    assert left == [[] for _ in pages]


def test_every_word_of_the_dashboard_reaches_the_catalog(marked: tuple[TestClient, Bank]) -> None:
    client, bank = marked
    admin = TestClient(client.app)
    empty = admin.get("/dashboard", headers=ADMIN).text
    take_form(client, bank)
    pages = [
        empty,
        admin.get("/dashboard", headers=ADMIN).text,
        admin.get("/dashboard?names=hidden", headers=ADMIN).text,
        TestClient(client.app).get("/dashboard").text,  # denied
        client.get("/no-such-page").text,
    ]
    left = [english_left(words_of(page), NAMES) for page in pages]
    assert left == [[] for _ in pages]


def test_a_german_room_asks_in_german(german: TestClient, german_bank: Bank) -> None:
    page = german.get("/").text
    assert '<html lang="de">' in page
    assert "Teilnahmecode" in page
    join(german)
    page = german.get("/q").text
    question = german_bank.by_id[str(current_question(page))]
    assert question.prompt in page
    assert "Frage 1 von" in page
    labels = [option.label for option in options_of(question, catalogs.translator("de"))]
    assert all(label in page for label in labels)


def test_a_german_room_explains_a_missing_answer_in_german(german: TestClient) -> None:
    join(german)
    question = current_question(german.get("/q").text)
    page = german.post("/q", data={"question": question, "action": "answer"}).text
    assert "Wähle eine Antwort" in page


def test_a_german_room_gives_german_results_with_the_numbers_of_an_english_one(
    german: TestClient, german_bank: Bank, tmp_path: Path
) -> None:
    take_form(german, german_bank)
    page = german.get("/result").text
    assert "Dein Ergebnis" in page
    german_result = german.get("/api/v1/report", headers=ADMIN).json()
    markdown = german.get("/result.md").text
    assert "Nächste Schritte" in markdown or "Kompetenzstand" in markdown

    english_bank = german_bank.english
    for english in room(tmp_path / "en", english_bank, Marking()):
        take_form(english, english_bank)
        english_result = english.get("/api/v1/report", headers=ADMIN).json()
    assert (
        german_result["respondents"][0]["product_pct"]
        == english_result["respondents"][0]["product_pct"]
    )
    assert german_result["respondents"][0]["margin"] == english_result["respondents"][0]["margin"]


def test_rolefit_serve_with_lang_de_serves_german_pages(tmp_path: Path) -> None:
    server = start_server(tmp_path / "room.db", "--lang", "de")
    try:
        page = httpx.get(f"{server.base}/?code={JOIN_CODE}", timeout=10).text
    finally:
        server.stop()
    assert '<html lang="de">' in page
    assert re.search(r"\d+ kurze Fragen, eine pro Bildschirm", page)


def test_rolefit_serve_in_an_english_locale_serves_english_pages(tmp_path: Path) -> None:
    server = start_server(tmp_path / "room.db", env={"LANG": "en_GB.UTF-8", "LANGUAGE": ""})
    try:
        page = httpx.get(f"{server.base}/", timeout=10).text
    finally:
        server.stop()
    assert '<html lang="en">' in page
    assert "short questions, one per screen" in page


def test_a_room_over_a_bank_without_german_falls_back_to_english_with_one_notice(
    tmp_path: Path,
) -> None:
    (tmp_path / "bank").mkdir()
    for part in ("questions", "scoring"):
        document = yaml.safe_load((ROOT / part / "default.yaml").read_text(encoding="utf-8"))
        english_only = yaml.safe_dump(without_translations(document), sort_keys=False)
        (tmp_path / "bank" / f"{part}.yaml").write_text(english_only, encoding="utf-8")
    server = start_server(tmp_path / "room.db", "--bank", str(tmp_path / "bank"), "--lang", "de")
    try:
        page = httpx.get(f"{server.base}/", timeout=10).text
    finally:
        server.stop()
    assert '<html lang="en">' in page
    notices = [line for line in server.banner.splitlines() if "showing English" in line]
    assert notices == [
        "rolefit: warning: --lang de: bank 'default' has no German (de) texts; showing English."
    ]


def test_a_german_room_refuses_a_browser_over_its_rate_in_german(
    tmp_path: Path, german_bank: Bank
) -> None:
    for client in room(
        tmp_path, german_bank, catalogs.translator("de"), rate_per_second=1, rate_burst=1
    ):
        browser = {"accept": "text/html"}
        client.get("/", headers=browser)
        response = client.get("/", headers=browser)
    assert response.status_code == 429
    assert '<html lang="de">' in response.text
    assert "<h1>Zu viele Anfragen</h1>" in response.text
    assert f"Warte {response.headers['retry-after']} Sekunde" in response.text


def test_a_result_taken_in_german_stays_german_when_the_room_restarts_in_english(
    tmp_path: Path, german_bank: Bank
) -> None:
    store = open_store(tmp_path, german_bank)
    try:
        german = TestClient(create_app(german_bank, store, settings(), catalogs.translator("de")))
        take_form(german, german_bank)
        english = TestClient(create_app(german_bank.english, store, settings()))
        english.cookies = german.cookies
        card = english.get("/result/card").text
    finally:
        store.close()
    assert '<html lang="de">' in card
    assert "Dimensionen" in card and "Dimensions" not in card
