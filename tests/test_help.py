"""Help that reads like a man page, and banks given as a pair."""

from __future__ import annotations

import re
from pathlib import Path

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


# --- Hand-filled answers files ----------------------------------------------------------


def score_file(tmp_path: Path, answers: str) -> tuple[int, str]:
    path = tmp_path / "answers.yaml"
    path.write_text(f"bank: default\nanswers:\n{answers}")
    result = runner.invoke(app, ["score", str(path)])
    return result.exit_code, result.stderr


def test_a_mistyped_question_id_gets_a_did_you_mean(tmp_path: Path) -> None:
    code, err = score_file(tmp_path, "  scope.next_rol: one_line\n")
    assert code == 2
    assert "did you mean 'scope.next_role'?" in err


def test_a_mistyped_option_id_gets_a_did_you_mean(tmp_path: Path) -> None:
    code, err = score_file(tmp_path, "  scope.many_projects: agre\n")
    assert code == 2
    assert "did you mean 'agree'?" in err


def test_an_option_s_text_written_for_its_id_names_the_id(tmp_path: Path) -> None:
    code, err = score_file(
        tmp_path, "  scope.next_role: owning one product line from idea to growth\n"
    )
    assert code == 2
    assert "that is the text of option 'one_line': write its id" in err


def test_the_template_shows_each_option_s_text_beside_its_id() -> None:
    result = runner.invoke(app, ["questions", "--format", "template"])
    assert "#   one_line: Owning one product line from idea to growth" in result.stdout
