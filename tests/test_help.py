"""Help that reads like a man page, and banks given as a pair."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from rolefit.cli import app
from tests.conftest import ROOT

runner = CliRunner()
COMMANDS = ["questions", "validate", "schema", "quiz", "score", "report", "compare"]
WORKSHOP_BANK = ROOT / "examples" / "workshop" / "bank"


def help_of(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_shows_no_python_types(command: list[str]) -> None:
    text = help_of(*command)
    assert "<bool>" not in text and "<list" not in text and "<int>" not in text
    assert not re.search(r"\{[A-Z.]+\}", text)  # usage as `ANSWERS`, never `{ANSWERS}`
    assert "list[" not in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_gives_at_least_two_examples(command: str) -> None:
    examples = re.findall(r"^\s*[•-] rolefit " + command, help_of(command), flags=re.M)
    assert len(examples) >= 2


def test_usage_lines_name_arguments_as_man_pages_do() -> None:
    assert "Usage: rolefit report [OPTIONS] PATH..." in help_of("report")
    assert "Usage: rolefit compare [OPTIONS] A B" in help_of("compare")


def test_quiz_help_lists_the_keys_and_where_progress_is_kept() -> None:
    text = " ".join(help_of("quiz").split())
    assert "Enter" in text and "Space" in text and "Ctrl-C" in text
    assert "~/.local/state/rolefit/" in text


@pytest.mark.parametrize(
    ("given", "missing"), [("--questions", "--scoring"), ("--scoring", "--questions")]
)
def test_half_a_bank_is_an_error_naming_the_missing_half(given: str, missing: str) -> None:
    file = WORKSHOP_BANK / ("questions.yaml" if given == "--questions" else "scoring.yaml")
    result = runner.invoke(app, ["validate", given, str(file)])
    assert result.exit_code == 2
    assert f"{given} needs {missing} too" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_bank_folder_gives_both_files() -> None:
    result = runner.invoke(app, ["validate", "--bank", str(WORKSHOP_BANK)])
    assert result.exit_code == 0, result.stderr
    assert "ok" in result.stdout
