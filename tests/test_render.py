"""Renderers: golden markdown, escaping, the JSON contract and the card at 80 columns."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from rich.console import Console

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.result import Result
from rolefit.core.scoring import score
from rolefit.render.card import gauge, result_card
from rolefit.render.json import result_json
from rolefit.render.markdown import escape, result_markdown
from tests.helpers import score_answers

GOLDEN = Path(__file__).resolve().parent / "golden" / "example.md"


def test_the_example_report_matches_the_reviewed_golden_file(
    bank: Bank, example_sheet: AnswerSheet
) -> None:
    markdown = result_markdown(score(bank, example_sheet))
    if os.environ.get("ROLEFIT_UPDATE_GOLDEN"):
        GOLDEN.write_text(markdown)
    assert markdown == GOLDEN.read_text(), "rerun with ROLEFIT_UPDATE_GOLDEN=1 and review the diff"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[click](http://x)", r"\[click\](http://x)"),
        ("<script>", r"\<script\>"),
        ("a | b", r"a \| b"),
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("line\nbreak", "line break"),
        ("$\\color{red}{x}$", r"\$\\color\{red\}\{x\}\$"),
        ("# heading", r"\# heading"),
        ("### heading", r"##\# heading"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("1. first", r"1\. first"),
        ("12) twelfth", r"12\) twelfth"),
        ("#", r"\#"),
    ],
)
def test_user_text_never_becomes_markup(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.parametrize("text", ["C# and F#", "#1 fan", "-5 points", "version 1.0", "2024 plan"])
def test_ordinary_text_that_starts_no_block_is_left_as_it_is(text: str) -> None:
    assert escape(text) == text


def test_a_control_character_in_the_respondent_is_shown_escaped_in_the_report(bank: Bank) -> None:
    markdown = result_markdown(score_answers(bank, {}, respondent="Eve\x1b[2J\u202e"))
    assert r"for Eve\\x1b\[2J\\u202e?" in markdown
    assert "\x1b" not in markdown


def test_a_respondent_name_is_escaped_in_the_report(bank: Bank) -> None:
    markdown = result_markdown(score_answers(bank, {}, respondent="<b>Eve</b> | [x](y)"))
    assert r"for \<b\>Eve\</b\> \| \[x\](y)?" in markdown


def test_json_round_trips_to_the_same_result(bank: Bank, example_sheet: AnswerSheet) -> None:
    from rolefit.core.result import Result

    result = score(bank, example_sheet)
    assert Result.model_validate(json.loads(result_json(result))) == result


def test_the_card_fits_in_80_columns(bank: Bank, example_sheet: AnswerSheet) -> None:
    output = io.StringIO()
    console = Console(file=output, width=80, color_system=None)
    console.print(result_card(score(bank, example_sheet)))
    lines = output.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Product management" in lines[1] or "product management" in lines[1]


def card_lines(result: Result, width: int = 100, *, brief: bool = False) -> list[str]:
    output = io.StringIO()
    Console(file=output, width=width, color_system=None).print(result_card(result, brief=brief))
    return output.getvalue().splitlines()


def test_at_100_by_32_the_first_screen_holds_the_headline_gauge_and_every_number(
    bank: Bank, example_sheet: AnswerSheet
) -> None:
    result = score(bank, example_sheet)
    screen = "\n".join(card_lines(result)[:32])
    assert result.headline in screen
    assert "●" in screen and "90 % interval" in screen
    for dimension in result.dimensions:
        if not dimension.shared:
            assert dimension.label[:20] in screen
    values = re.findall(r"\d+ % (?:product|program)\s*│$", screen, flags=re.M)
    assert len(values) == sum(1 for d in result.dimensions if not d.shared)


def test_at_60_columns_the_gauge_keeps_one_line_and_every_number_shows(
    bank: Bank, example_sheet: AnswerSheet
) -> None:
    result = score(bank, example_sheet)
    lines = card_lines(result, width=60, brief=True)
    assert any("Product" in line and "●" in line and "Program" in line for line in lines)
    values = [line for line in lines if re.search(r"\d+ % (product|program)\s*│$", line)]
    assert len(values) == sum(1 for d in result.dimensions if not d.shared)


def test_shared_foundations_leave_the_dimension_table(
    bank: Bank, example_sheet: AnswerSheet
) -> None:
    brief = "\n".join(card_lines(score(bank, example_sheet), brief=True))
    assert "Shared foundations" not in brief
    assert "both include the shared foundations" in brief


def test_the_card_closes_with_the_verdict_in_one_line(
    bank: Bank, example_sheet: AnswerSheet
) -> None:
    result = score(bank, example_sheet)
    assert card_lines(result)[-1] == f"In short: {result.headline}"


def test_brief_is_the_first_screen_alone(bank: Bank, example_sheet: AnswerSheet) -> None:
    result = score(bank, example_sheet)
    brief = card_lines(result, brief=True)
    assert len(brief) <= 20
    assert card_lines(result)[: len(brief)] == brief
    assert "Why" not in "\n".join(brief)


def test_the_gauge_puts_a_product_lean_left_of_the_middle() -> None:
    line = gauge(80.0, (75.0, 85.0), width=41).plain
    track = line.removeprefix("Product ").removesuffix(" Program")
    assert track.index("●") < track.index("┼")
