"""End to end in a real headless Chromium (Debian's `chromium`, driven by Playwright): a
participant on a phone-sized screen takes the short form, goes back, reloads midway, finishes
and downloads the markdown; the dashboard shows the response; axe-core finds no violation.

Skipped, with the reason in pytest's summary, when Playwright or Chromium is missing
(`.ci/run` installs both).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rolefit.core.bank import Bank
from rolefit.core.items import multi_bounds
from tests.chromium import CHROMIUM, HEADLESS_ARGS
from tests.serve.running import RunningServer, start_server

PHONE = {"width": 390, "height": 844}

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')"
)
axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
)
if CHROMIUM is None or not os.access(CHROMIUM, os.X_OK):
    pytest.skip(
        "no Chromium found: install Debian's chromium (apt-get install chromium) or set "
        "ROLEFIT_CHROMIUM",
        allow_module_level=True,
    )
CHROMIUM_PATH: str = CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=HEADLESS_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_server(
        tmp_path / "workshop.db", "--short", "--rate-limit", "0", "--anonymity-floor", "1"
    )
    yield running
    running.stop()


def no_violations(page: Any) -> None:
    results = axe_module.Axe().run(page)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def answer_current(page: Any, bank: Bank) -> None:
    """Answer the question on screen with its first option(s), by clicking the labels."""
    question_id = page.locator("input[name=question]").get_attribute("value")
    question = bank.by_id[question_id]
    if question.type == "rank":
        for place, option in enumerate(bank.option_ids[question_id], start=1):
            page.select_option(f"#rank-{place}", option)
    elif question.type == "multi":
        low, _ = multi_bounds(question)
        for index in range(1, max(low, 1) + 1):
            page.click(f"label[for=opt-{index}]")
    else:
        page.click("label[for=opt-1]")
    page.click("button[value=answer]")


def progress_number(page: Any) -> str:
    return str(page.locator(".progress-line").inner_text())


def test_a_participant_takes_the_short_form_on_a_phone(
    browser: Any, server: RunningServer, bank: Bank, tmp_path: Path
) -> None:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True
    )
    page = context.new_page()
    page.goto(server.join_url)
    assert page.locator("#code").input_value() == "ROOM42"
    no_violations(page)
    page.fill("#name", "Robin")
    page.click("button[type=submit]")

    # The first question: answered with the keyboard alone (Tab to the options, Space, Enter).
    assert "Question 1 of" in progress_number(page)
    no_violations(page)
    page.locator("#opt-2").focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Question 2 of" in progress_number(page)

    # Back shows the earlier answer chosen.
    page.click("button[value=back]")
    assert "Question 1 of" in progress_number(page)
    assert page.locator("#opt-2").is_checked()
    page.click("button[value=answer]")

    # A reload midway loses nothing.
    for _ in range(3):
        answer_current(page, bank)
    before = progress_number(page)
    page.reload()
    assert progress_number(page) == before

    while page.locator("input[name=question]").count():
        answer_current(page, bank)
    assert page.url.endswith("/review")
    assert page.get_by_role("heading", name="Check your answers").is_visible()
    no_violations(page)
    page.click("button[value=submit]")

    assert page.url.endswith("/result")
    assert page.get_by_role("heading", name="Your result").is_visible()
    no_violations(page)
    with page.expect_download() as download_info:
        page.click("a[href='/result.md']")
    saved = tmp_path / "result.md"
    download_info.value.save_as(saved)
    markdown = saved.read_text(encoding="utf-8")
    assert markdown.startswith("# ") and "Robin" in markdown

    # The full result, the page the frame shows, on its own: readable on the phone as it is.
    page.goto(f"{server.base}/result/card")
    assert page.get_by_role("heading", name="Where you sit").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    no_violations(page)

    dashboard = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    dashboard.goto(server.dashboard_url)
    assert dashboard.url.endswith("/dashboard")  # the token left the address bar
    assert dashboard.locator(".live-count").inner_text().startswith("1 response")
    assert "Robin" in dashboard.locator("table").inner_text()
    no_violations(dashboard)
    dashboard.check("#hide-names")
    sync_api.expect(dashboard.locator("table")).not_to_contain_text("Robin", timeout=10_000)
    context.close()


def test_the_dashboard_shows_a_new_response_without_a_reload(
    browser: Any, server: RunningServer
) -> None:
    import json

    import httpx
    import yaml

    from tests.conftest import EXAMPLE_ANSWERS

    dashboard = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    dashboard.goto(server.dashboard_url)
    assert dashboard.locator(".live-count").inner_text().startswith("0 responses")
    document = {**yaml.safe_load(EXAMPLE_ANSWERS.read_text()), "respondent": "Jordan"}
    response = httpx.post(
        f"{server.base}/api/v1/responses",
        content=json.dumps(document),
        headers={"x-rolefit-join": "ROOM42"},
    )
    assert response.status_code == 201
    # The page's policy allows no evaluated script, so wait on what it shows instead.
    sync_api.expect(dashboard.locator(".live-count")).to_contain_text("1 response", timeout=10_000)
    assert "Jordan" in dashboard.locator("table").inner_text()
    assert dashboard.locator("#announce").inner_text() == "1 response so far"


def test_the_german_dashboard_fits_a_360_pixel_phone_table_and_all(
    browser: Any, tmp_path: Path
) -> None:
    import json

    import httpx
    import yaml

    from tests.conftest import EXAMPLE_ANSWERS

    running = start_server(
        tmp_path / "workshop.db", "--rate-limit", "0", "--lang", "de", "--anonymity-floor", "1"
    )
    try:
        document = {**yaml.safe_load(EXAMPLE_ANSWERS.read_text()), "respondent": "Jordan"}
        for _ in range(2):
            response = httpx.post(
                f"{running.base}/api/v1/responses",
                content=json.dumps(document),
                headers={"x-rolefit-join": "ROOM42"},
            )
            assert response.status_code == 201
        context = browser.new_context(viewport={"width": 360, "height": 800})
        dashboard = context.new_page()
        dashboard.goto(running.dashboard_url)
        assert "Jordan" in dashboard.locator("table").inner_text()
        page_width, table_past = dashboard.evaluate(
            "[document.documentElement.scrollWidth,"
            " Math.max(...[...document.querySelectorAll('.table-scroll')]"
            ".map(s => s.scrollWidth - s.clientWidth))]"
        )
        assert page_width <= 360
        assert table_past == 0
        context.close()
    finally:
        running.stop()


def _page_and_table_overflow(page: Any) -> tuple[int, int]:
    """How wide the page is, and how far the widest table reaches past its box (pixels)."""
    width, past = page.evaluate(
        "[document.documentElement.scrollWidth,"
        " Math.max(0, ...[...document.querySelectorAll('.table-scroll')]"
        ".map(s => s.scrollWidth - s.clientWidth))]"
    )
    return int(width), int(past)


def test_one_long_name_leaves_every_verdict_in_sight(browser: Any, tmp_path: Path) -> None:
    import json

    import httpx
    import yaml

    from tests.conftest import EXAMPLE_ANSWERS

    running = start_server(
        tmp_path / "workshop.db", "--rate-limit", "0", "--lang", "de", "--anonymity-floor", "1"
    )
    try:
        document = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
        # The longest name the join form takes, as one word, and a real long surname.
        for name in ("W" * 80, "Maximiliane Wolfeschlegelsteinhausenbergerdorff", "Jordan"):
            response = httpx.post(
                f"{running.base}/api/v1/responses",
                content=json.dumps({**document, "respondent": name}),
                headers={"x-rolefit-join": "ROOM42"},
            )
            assert response.status_code == 201
        for width in (360, 540, 768, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            dashboard = context.new_page()
            dashboard.goto(running.dashboard_url)
            assert "Jordan" in dashboard.locator("table").inner_text()
            assert _page_and_table_overflow(dashboard) <= (width, 0), width
            context.close()
    finally:
        running.stop()


def test_the_dashboard_says_when_its_figures_stop_updating(
    browser: Any, server: RunningServer
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    dashboard = context.new_page()
    dashboard.goto(server.dashboard_url)
    notice = dashboard.locator("#connection")
    assert notice.is_hidden()
    context.clear_cookies()  # as a restart with a new admin token leaves the page
    sync_api.expect(notice).to_be_visible(timeout=10_000)
    assert "admin token no longer works" in notice.inner_text()
    server.stop()
    sync_api.expect(notice).to_contain_text("cannot be reached", timeout=15_000)
    context.close()


def test_a_refresh_with_new_figures_keeps_the_focus_on_the_table(
    browser: Any, server: RunningServer
) -> None:
    import json

    import httpx
    import yaml

    from tests.conftest import EXAMPLE_ANSWERS

    document = yaml.safe_load(EXAMPLE_ANSWERS.read_text())

    def submit(name: str) -> None:
        response = httpx.post(
            f"{server.base}/api/v1/responses",
            content=json.dumps({**document, "respondent": name}),
            headers={"x-rolefit-join": "ROOM42"},
        )
        assert response.status_code == 201

    submit("Jordan")
    dashboard = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    dashboard.goto(server.dashboard_url)
    dashboard.focus("#responses-table")
    submit("Robin")
    sync_api.expect(dashboard.locator("table")).to_contain_text("Robin", timeout=10_000)
    assert dashboard.evaluate("document.activeElement.id") == "responses-table"


def test_german_questions_and_review_fit_a_360_pixel_phone(
    browser: Any, bank: Bank, tmp_path: Path
) -> None:
    import httpx

    from tests.serve.support import answer_all, join

    running = start_server(tmp_path / "workshop.db", "--rate-limit", "0", "--lang", "de")
    try:
        with httpx.Client(base_url=running.base, follow_redirects=True, timeout=30) as client:
            join(client, "Kim")  # type: ignore[arg-type]
            answer_all(client, bank)  # type: ignore[arg-type]
            secret = client.cookies["rolefit_participant"]
        context = browser.new_context(viewport={"width": 360, "height": 800})
        context.add_cookies([{"name": "rolefit_participant", "value": secret, "url": running.base}])
        page = context.new_page()
        page.goto(f"{running.base}/review")
        assert "Telekommunikationsunternehmen" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # The question with that word, as a participant changing its answer sees it.
        page.locator("li", has_text="Telekommunikationsunternehmen").locator("button").click()
        assert "Telekommunikationsunternehmen" in page.locator("h1").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        context.close()
    finally:
        running.stop()
