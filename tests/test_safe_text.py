"""One way to the screen: text from files is shown safe in every human format, whole in JSON.

`shown` is the sanitiser; the rest runs the real CLI in subprocesses on files that hold
terminal escapes (a window title, a screen clear, a bidi override) in a respondent's name, a
file's name, an answer, a saved result's headline and labels, and checks every byte of
stdout and stderr.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from rolefit.core import text
from rolefit.core.bank import Bank
from rolefit.core.text import shown
from rolefit.render.picture import card_html, card_svg
from tests.conftest import EXAMPLE_ANSWERS, ROOT
from tests.helpers import score_answers

# What a terminal would act on: C0 (but tab and line feed, which only lay out), DEL, C1, and
# the bidirectional embeddings and overrides.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")
# Sets the window title to "owned", then clears the screen.
EVIL = "Eve\x1b]0;owned\x07\x1b[2J"
EVIL_YAML = r'"Eve\e]0;owned\a\e[2J"'  # the same name as a YAML double-quoted scalar
EVIL_SHOWN = r"Eve\x1b]0;owned\x07\x1b[2J"
HUGE = "Z" * 200_000


def assert_no_raw_controls(text: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, f"raw {found.group()!r} at {found.start()}: {text[:300]!r}"


def rolefit(*args: str | Path) -> tuple[int, str, str]:
    """The installed CLI in a process of its own: exit code, stdout and stderr as text."""
    env = {**os.environ, "PYTHONUTF8": "1", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "rolefit", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def answers_file(folder: Path, respondent: str, name: str = "answers.yaml") -> Path:
    """The example answers under another respondent (a YAML scalar, written as given)."""
    body = EXAMPLE_ANSWERS.read_text(encoding="utf-8").split("answers:", 1)[1]
    path = folder / name
    path.write_text(f"respondent: {respondent}\nanswers:{body}", encoding="utf-8")
    return path


@pytest.fixture
def evil_answers(tmp_path: Path) -> Path:
    return answers_file(tmp_path, EVIL_YAML)


# --- shown -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("\x1b[2J", r"\x1b[2J"),
        ("\x07", r"\x07"),
        ("\x00", r"\x00"),
        ("\x7f", r"\x7f"),
        ("\x9b31m", r"\x9b31m"),
    ],
)
def test_escape_bell_nul_del_and_c1_controls_are_shown_escaped(raw: str, escaped: str) -> None:
    assert shown(f"a{raw}b") == f"a{escaped}b"


def test_a_bidi_override_is_shown_escaped() -> None:
    assert shown("abc\u202edef") == r"abc\u202edef"


def test_a_lone_surrogate_is_shown_escaped() -> None:
    assert shown("a\udcffb") == r"a\udcffb"


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\t", "\u2028"])
def test_line_breaks_and_tabs_fold_into_one_space(brk: str) -> None:
    assert shown(f"one{brk}two") == "one two"


def test_a_200_kb_value_is_cut_to_about_200_characters_and_says_its_length() -> None:
    cut = shown(HUGE)
    assert cut.startswith("Z" * 200)
    assert cut.endswith("… (200,000 characters)")
    assert len(cut) < 250


@pytest.mark.parametrize("text", ["Zoë", "李小龙", "Ana 👩🏽‍💻 🎉", "Chloé Martin", "x" * 200])
def test_ordinary_text_is_left_untouched(text: str) -> None:
    assert shown(text) == text


def test_every_character_shown_changes_is_one_that_isprintable_refuses() -> None:
    # `shown`, `has_unsafe` and `has_surrogate` pass printable text through without their
    # patterns: that is only right if no printable character is one the patterns catch.
    caught = re.compile(f"{text._UNSAFE}|{text._LINE_BREAKS}|{text.SURROGATES}")
    printable_but_caught = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if chr(code).isprintable() and caught.match(chr(code))
    ]
    assert printable_but_caught == []


@pytest.mark.parametrize(
    ("value", "unsafe", "surrogate"),
    [("Zoë 👩🏽‍💻", False, False), ("a\x1bb", True, False), ("a\u202eb", True, False),
     ("a\udcffb", True, True), ("a\u200db", False, False)],
)  # fmt: skip
def test_unsafe_and_surrogate_checks_see_only_what_they_name(
    value: str, unsafe: bool, surrogate: bool
) -> None:
    assert (text.has_unsafe(value), text.has_surrogate(value)) == (unsafe, surrogate)


# --- pictures ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [EVIL, "Eve\uffff\ufffe", "Eve\x00\x0b"])
def test_the_svg_stays_valid_xml_with_a_control_character_in_the_name(
    bank: Bank, name: str
) -> None:
    svg = card_svg(score_answers(bank, {}, respondent=name))
    ElementTree.fromstring(svg)  # raises on any character XML cannot hold
    assert_no_raw_controls(svg)


def test_the_html_picture_shows_the_name_escaped(bank: Bank) -> None:
    html = card_html(score_answers(bank, {}, respondent=EVIL))
    assert_no_raw_controls(html)
    assert "owned" in html


# --- rolefit score -----------------------------------------------------------------------


@pytest.mark.parametrize("format", ["text", "markdown"])
def test_score_shows_an_escape_in_the_name_escaped(evil_answers: Path, format: str) -> None:
    code, out, err = rolefit("score", evil_answers, "--format", format)
    assert code == 0, err
    assert_no_raw_controls(out + err)
    # Markdown escapes the backslash and the bracket of the escaped name once more.
    shown_name = EVIL_SHOWN if format == "text" else r"Eve\\x1b\]0;owned\\x07\\x1b\[2J"
    assert shown_name in out


def test_score_json_keeps_the_name_exactly(evil_answers: Path) -> None:
    code, out, err = rolefit("score", evil_answers, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["respondent"] == EVIL


def test_score_cuts_a_200_kb_name_in_markdown_and_says_how_long_it_was(tmp_path: Path) -> None:
    code, out, err = rolefit("score", answers_file(tmp_path, HUGE), "--format", "markdown")
    assert code == 0, err
    assert f"for {'Z' * 200}… (200,000 characters)?" in out
    assert len(out) < 20_000


def test_score_cuts_a_200_kb_name_on_the_card(tmp_path: Path) -> None:
    code, out, err = rolefit("score", answers_file(tmp_path, HUGE), "--format", "text")
    assert code == 0, err
    assert "Z" * 80 in out  # the title holds what fits of it on one line
    assert "Z" * 201 not in out
    assert len(out) < 20_000


def test_score_json_keeps_a_200_kb_name_whole(tmp_path: Path) -> None:
    code, out, err = rolefit("score", answers_file(tmp_path, HUGE), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["respondent"] == HUGE


# --- rolefit report ----------------------------------------------------------------------


@pytest.fixture
def evil_cohort(tmp_path: Path) -> Path:
    """Eve's file, and an invalid one with an escape in its file name and in its bad answer
    (the report lists invalid files with their errors; it never lists valid ones by name)."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    answers_file(folder, EVIL_YAML, "eve.yaml")
    bad = answers_file(folder, "Mallory", "bad.yaml")
    text = bad.read_text(encoding="utf-8").replace(
        "people.wide_range: disagree", r'people.wide_range: "\e[31mmaybe\u202e"'
    )
    (folder / "mal\x1b[2Jlory.yaml").write_text(text, encoding="utf-8")
    bad.unlink()
    return folder


@pytest.mark.parametrize("format", ["text", "markdown"])
def test_report_shows_escapes_in_names_and_errors_escaped(evil_cohort: Path, format: str) -> None:
    code, out, err = rolefit("report", evil_cohort, "--format", format)
    assert code == 1, err
    assert_no_raw_controls(out + err)
    assert "mal" in out
    assert "lory.yaml" in out
    assert "x1b" in out


def test_report_json_keeps_names_and_file_names_exactly(evil_cohort: Path) -> None:
    code, out, err = rolefit("report", evil_cohort, "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    assert [r["respondent"] for r in data["respondents"]] == [EVIL]
    assert [Path(i["source"]).name for i in data["invalid"]] == ["mal\x1b[2Jlory.yaml"]


@pytest.fixture
def undecodable_cohort(tmp_path: Path) -> Path:
    """Two files whose names are not UTF-8 (one valid, one broken): Python sees `\\udcff`."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    shutil.copy(EXAMPLE_ANSWERS, os.fsdecode(os.fsencode(folder) + b"/\xff.yaml"))
    Path(os.fsdecode(os.fsencode(folder) + b"/bad\xfe.yaml")).write_text("answers: [\n")
    return folder


@pytest.mark.parametrize("format", ["text", "markdown"])
def test_report_shows_a_file_name_that_is_not_utf8_escaped(
    undecodable_cohort: Path, format: str
) -> None:
    code, out, err = rolefit("report", undecodable_cohort, "--format", format)
    assert code == 1, err
    assert_no_raw_controls(out + err)
    assert "bad\\udcfe.yaml" in out.replace("\\\\", "\\")  # markdown doubles the backslash


def test_report_json_keeps_a_file_name_that_is_not_utf8_to_the_byte(
    undecodable_cohort: Path,
) -> None:
    code, out, err = rolefit("report", undecodable_cohort, "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    names = [os.fsencode(Path(r["source"]).name) for r in data["respondents"] + data["invalid"]]
    assert names == [b"\xff.yaml", b"bad\xfe.yaml"]


# --- rolefit compare ---------------------------------------------------------------------


@pytest.fixture
def evil_result(tmp_path: Path, evil_answers: Path) -> Path:
    """A saved result whose respondent, headline and a dimension label hold escapes."""
    code, out, err = rolefit("score", evil_answers, "--format", "json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    result["headline"] = "You lean \x1b[31mtoward\x1b[0m product\u202e; \x1b]0;owned\x07"
    result["dimensions"][0]["label"] = "Market\x1b[2J\x9b1m"
    path = tmp_path / "before.json"
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


@pytest.mark.parametrize("format", ["text", "markdown"])
def test_compare_shows_a_saved_results_escapes_escaped(
    evil_result: Path, evil_answers: Path, format: str
) -> None:
    code, out, err = rolefit("compare", evil_result, evil_answers, "--format", format)
    assert code == 0, err
    assert_no_raw_controls(out + err)
    assert "owned" in out
    assert "Market" in out


def test_compare_json_keeps_a_saved_results_text_exactly(
    evil_result: Path, evil_answers: Path
) -> None:
    code, out, err = rolefit("compare", evil_result, evil_answers, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    saved = json.loads(evil_result.read_text(encoding="utf-8"))
    assert data["before"]["respondent"] == EVIL
    assert data["before"]["headline"] == saved["headline"]
    assert saved["dimensions"][0]["label"] in {d["label"] for d in data["dimensions"]}


def test_compare_shows_an_escape_in_a_file_name_escaped(tmp_path: Path, evil_answers: Path) -> None:
    other = tmp_path / "after\x1b[2J.yaml"
    shutil.copy(evil_answers, other)
    code, out, err = rolefit("compare", evil_answers, other, "--format", "markdown")
    assert code == 0, err
    assert_no_raw_controls(out + err)
    assert r"after\\x1b\[2J.yaml" in out
