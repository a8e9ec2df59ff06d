"""Numbers no bank, answers file or result may hold, and the exit code of every kind of failure.

Bad input exits 2, what the file system or the runtime refused exits 1, and 70 is kept for
bugs in rolefit; `--debug` adds a traceback and never changes the code. The behaviours of
the command line run through the real console script in a subprocess.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.fields import MAX_WEIGHT, MIN_WEIGHT
from rolefit.core.models import Dimension
from rolefit.core.scoring import ScoringBug, score
from tests.conftest import EXAMPLE_ANSWERS, MINI_QUESTIONS, MINI_SCORING

MINI = ["--questions", str(MINI_QUESTIONS), "--scoring", str(MINI_SCORING)]
MINI_ANSWERS = "answers: {work.many: agree, work.one: disagree, work.pick: phone}\n"


def rolefit(
    *args: str, env: dict[str, str] | None = None, stdout: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """The console script (`rolefit.cli.main`), as a shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "rolefit", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        env=env,
    )


runner = CliRunner()


def run_in_process(*args: str) -> tuple[int, str, str]:
    """The typer app in this process: for behaviours that need a monkeypatch or are quick."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line(stderr: str) -> str:
    """The one error line rolefit printed, checked to be alone and free of a traceback."""
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith("rolefit: ")
    return stderr


def line_of_key(text: str, key: str) -> int:
    """The line of a top-level key in JSON written with indent=2."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f'  "{key}":'))


# --- Bank numbers ------------------------------------------------------------------------


def scoring_with_weight(tmp_path: Path, weight: str) -> Path:
    text = MINI_SCORING.read_text()
    assert "    weight: 1.0\n" in text  # line 4 of the mini scoring file
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("    weight: 1.0\n", f"    weight: {weight}\n", 1))
    return path


@pytest.mark.parametrize("weight", [".inf", "-.inf", ".nan", "1.0e+308", "0", "-1", "100.5"])
def test_a_weight_that_is_not_finite_or_out_of_bounds_is_refused_with_file_and_line(
    tmp_path: Path, weight: str
) -> None:
    scoring = scoring_with_weight(tmp_path, weight)
    answers = tmp_path / "a.yaml"
    answers.write_text(MINI_ANSWERS)
    done = rolefit(
        "score", str(answers), "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert one_line(done.stderr).startswith(f"rolefit: {scoring}:4: ")


@pytest.mark.parametrize("weight", ["1.0e+308", "0", "-1", "0.001", "100.5", "yes"])
def test_the_weight_message_says_the_bounds(tmp_path: Path, weight: str) -> None:
    scoring = scoring_with_weight(tmp_path, weight)
    code, _, err = run_in_process(
        "validate", "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert code == 1
    assert (
        f"{scoring}:4: dimensions.0.weight: a weight is a number from "
        f"{MIN_WEIGHT:g} to {MAX_WEIGHT:g}" in err
    )


@pytest.mark.parametrize("weight", [MIN_WEIGHT, 1, 2.5, MAX_WEIGHT])
def test_a_weight_within_the_bounds_is_accepted(weight: float) -> None:
    dimension = Dimension.model_validate(
        {
            "id": "scope",
            "label": "Scope",
            "weight": weight,
            "levels": {"product": "a", "balanced": "b", "program": "c"},
        }
    )
    assert dimension.weight == weight


def test_a_lean_that_overflows_to_infinity_is_refused(tmp_path: Path) -> None:
    scoring = tmp_path / "s.yaml"
    text = MINI_SCORING.read_text().replace("lean: {scope: 1.0,", "lean: {scope: 1.0e+400,")
    scoring.write_text(text)
    code, _, err = run_in_process(
        "validate", "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert code == 2  # the reader refuses the file: it cannot be parsed at all
    line = text[: text.index("1.0e+400")].count("\n") + 1
    assert f"{scoring}:{line}: " in err
    assert "finite" in err


def test_a_bank_version_too_long_to_print_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        MINI_QUESTIONS.read_text().replace("version: 1", f"version: 0x{'f' * 5_000}")
    )
    code, _, err = run_in_process(
        "validate", "--questions", str(questions), "--scoring", str(MINI_SCORING)
    )
    assert code == 1
    assert f"{questions}:" in err
    assert "Traceback" not in err


# --- Bank text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "shown"),
    [("\\e[31m", "\\x1b"), ("\\u202e", "\\u202e"), ("\\a", "\\x07"), ("line\\nbreak", "\\x0a")],
)
def test_a_control_character_in_a_bank_prompt_is_refused(
    tmp_path: Path, escape: str, shown: str
) -> None:
    text = MINI_QUESTIONS.read_text()
    old = "prompt: I like running many projects at once."
    assert old in text
    questions = tmp_path / "q.yaml"
    questions.write_text(text.replace(old, f'prompt: "I like running{escape} many projects."'))
    done = rolefit("validate", "--questions", str(questions), "--scoring", str(MINI_SCORING))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    line = text[: text.index(old)].count("\n") + 1
    assert f"{questions}:{line}: sections.0.questions.1.prompt: contains " in done.stderr
    assert f"({shown}); remove it" in done.stderr
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr


def test_a_control_character_in_a_level_text_is_refused(tmp_path: Path) -> None:
    scoring = tmp_path / "s.yaml"
    scoring.write_text(
        MINI_SCORING.read_text().replace("product: One product.", 'product: "One\\e]0;x\\a"')
    )
    code, _, err = run_in_process(
        "validate", "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert code == 1
    assert "dimensions.0.levels.product: contains a control character (\\x1b)" in err


def test_no_bundled_bank_text_needs_a_newline_or_a_tab() -> None:
    # Bank text refuses every control character, newlines and tabs included: that holds only
    # while the bundled bank, the model for custom ones, uses none.
    import yaml

    from rolefit.files import paths

    def texts(node: object) -> list[str]:
        if isinstance(node, dict):
            return [t for value in node.values() for t in texts(value)]
        if isinstance(node, list):
            return [t for value in node for t in texts(value)]
        return [node] if isinstance(node, str) else []

    for path in (paths.default_questions(), paths.default_scoring()):
        found = texts(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert found
        assert not [t for t in found if "\n" in t.strip() or "\t" in t]


# --- Result files for compare ------------------------------------------------------------


@pytest.fixture
def saved_result(tmp_path: Path, bank: Bank, example_sheet: AnswerSheet) -> Path:
    path = tmp_path / "before.json"
    path.write_text(score(bank, example_sheet).model_dump_json(indent=2))
    return path


def tampered(tmp_path: Path, saved: Path, change: dict[str, Any]) -> tuple[Path, str]:
    data = json.loads(saved.read_text())
    for key, value in change.items():
        if "." in key:
            outer, index, inner = key.split(".")
            data[outer][int(index)][inner] = value
        else:
            data[key] = value
    text = json.dumps(data, indent=2, allow_nan=True)
    path = tmp_path / "after.json"
    path.write_text(text)
    return path, text


@pytest.mark.parametrize(
    "change",
    [
        {"product_pct": math.nan},
        {"product_pct": math.inf},
        {"margin": -math.inf},
        {"interval": [math.nan, 80.0]},
    ],
    ids=["nan", "infinity", "minus-infinity", "nan-in-interval"],
)
def test_compare_refuses_a_result_holding_nan_or_infinity(
    tmp_path: Path, saved_result: Path, change: dict[str, Any]
) -> None:
    after, _ = tampered(tmp_path, saved_result, change)
    done = rolefit("compare", str(saved_result), str(after))
    assert done.returncode == 2
    assert done.stdout == ""
    assert re.match(rf"rolefit: {re.escape(str(after))}:\d+: ", one_line(done.stderr))


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        ({"product_pct": -5.0, "program_pct": 105.0}, "product_pct", "greater than or equal to 0"),
        ({"product_pct": 150.0, "program_pct": -50.0}, "product_pct", "less than or equal to 100"),
        ({"margin": -1.0}, "margin", "greater than or equal to 0"),
        ({"margin": 120.0}, "margin", "less than or equal to 50"),
        ({"program_pct": 10.0}, "program_pct", "must add up to 100"),
        ({"interval": [90.0, 10.0]}, "interval", "from low to high"),
        ({"strength": "none"}, "strength", "has strength clear or leans"),
        ({"verdict": "program"}, "verdict", "needs product_pct on its side of 50"),
        ({"answered": -1}, "answered", "greater than or equal to 0"),
    ],
)
def test_compare_refuses_a_result_rolefit_could_not_have_written(
    tmp_path: Path, saved_result: Path, change: dict[str, Any], field: str, expected: str
) -> None:
    after, text = tampered(tmp_path, saved_result, change)
    done = rolefit("compare", str(saved_result), str(after))
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert line.startswith(f"rolefit: {after}:{line_of_key(text, field)}: not a valid result")
    assert f"{field}: " in line
    assert expected in line


@pytest.mark.parametrize(
    ("change", "location"),
    [
        ({"readiness.0.score": 0.0}, "readiness.0.score"),
        ({"readiness.0.score": 7.5}, "readiness.0.score"),
        ({"reasons.0.points": -3.0}, "reasons.0.points"),
        ({"dimensions.0.weight": 0.0}, "dimensions.0.weight"),
        ({"dimensions.0.lean": 1.5}, "dimensions.0.lean"),
    ],
)
def test_compare_refuses_out_of_range_figures_inside_a_result(
    tmp_path: Path, saved_result: Path, change: dict[str, Any], location: str
) -> None:
    after, _ = tampered(tmp_path, saved_result, change)
    code, out, err = run_in_process("compare", str(saved_result), str(after))
    assert code == 2
    assert out == ""
    assert re.match(rf"rolefit: {re.escape(str(after))}:\d+: not a valid result", err)
    assert f"{location}: " in err


def test_compare_accepts_the_result_rolefit_wrote(saved_result: Path) -> None:
    code, _, err = run_in_process("compare", str(saved_result), str(saved_result))
    assert code == 0, err


# --- The scorer never emits NaN ----------------------------------------------------------


def test_a_bank_that_bypassed_validation_cannot_make_the_scorer_emit_nan(
    bank: Bank, example_sheet: AnswerSheet
) -> None:
    # model_copy skips validation, as only a bug could; the scorer's last guard still holds.
    dimensions = tuple(d.model_copy(update={"weight": math.inf}) for d in bank.scoring.dimensions)
    broken = Bank(bank.questions_file, bank.scoring.model_copy(update={"dimensions": dimensions}))
    with pytest.warns(RuntimeWarning), pytest.raises(ScoringBug, match="product_pct = nan"):
        score(broken, example_sheet)


# --- Answers files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("answers: {1: agree, work.many: agree}\n", "answers: unknown question id 1;"),
        ("answers: {work.many: agree, 1: agree}\n", "answers: unknown question id 1;"),
        ("answers: {null: agree, 2.5: agree}\n", "answers: unknown question id null;"),
        ("answers: {2026-01-01: agree}\n", "answers: unknown question id "),  # a date in YAML 1.1
        ("1: x\nanswers: {}\n", "a.yaml:1: unknown top-level key 1;"),
        ("answers: {}\n1: x\nz: y\n", "a.yaml:2: unknown top-level key 1;"),
    ],
)
def test_mixed_key_types_in_an_answers_file_give_one_line_and_exit_2(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text)
    done = rolefit("score", str(path), *MINI)
    assert done.returncode == 2
    assert expected in one_line(done.stderr)


def test_a_numeric_respondent_is_taken_as_a_name(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("respondent: 42\n" + MINI_ANSWERS)
    code, out, _ = run_in_process("score", str(path), "-f", "json", *MINI)
    assert code == 0
    assert json.loads(out)["respondent"] == "42"


@pytest.mark.parametrize("value", ["[Ana, Ben]", "{first: Ana}"])
def test_a_respondent_that_is_a_list_or_mapping_is_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"respondent: {value}\n" + MINI_ANSWERS)
    code, _, err = run_in_process("score", str(path), *MINI)
    assert code == 2
    assert "a.yaml:1: respondent: expected a name (text)" in one_line(err)


def test_a_200_kb_answer_value_gives_a_short_error_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"answers:\n  work.many: {'x' * 200_000}\n")
    done = rolefit("score", str(path), *MINI)
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert len(line) < 2_500
    assert "(200,002 characters)" in line


def test_a_newline_and_an_escape_in_an_answer_stay_on_one_escaped_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text('answers:\n  work.many: "agree\\n\\e[2J\\e]0;owned\\a"\n')
    done = rolefit("score", str(path), *MINI)
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert "\x1b" not in line and "\x07" not in line
    assert "\\x1b[2J" in line


def test_a_huge_hexadecimal_answer_is_bad_input_not_a_crash(tmp_path: Path) -> None:
    # Python refuses to print an integer of over 4,300 digits; YAML reads 0x... into one.
    path = tmp_path / "a.yaml"
    path.write_text(f"answers:\n  work.many: 0x{'f' * 5_000}\n")
    done = rolefit("score", str(path), *MINI)
    assert done.returncode == 2
    one_line(done.stderr)


# --- Exit codes --------------------------------------------------------------------------


def test_debug_keeps_exit_2_for_bad_input_and_prints_the_traceback(tmp_path: Path) -> None:
    done = rolefit("--debug", "score", str(tmp_path / "missing.yaml"))
    assert done.returncode == 2
    assert "Traceback" in done.stderr
    assert done.stderr.splitlines()[-1] == f"rolefit: {tmp_path / 'missing.yaml'}: " + (
        "no such file; check the path"
    )


BROKEN_SCORER = """
import sys
import rolefit.core.scoring
from rolefit.cli import main

def broken(*args, **kwargs):
    raise ZeroDivisionError("boom")

rolefit.core.scoring.score = broken
sys.argv = ["rolefit", *sys.argv[1:]]
main()
"""


def test_an_unexpected_error_with_debug_exits_70_after_the_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_SCORER, "--debug", "score", str(EXAMPLE_ANSWERS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 70
    assert "Traceback" in done.stderr
    assert "ZeroDivisionError: boom" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("rolefit: internal error (ZeroDivisionError")


def test_an_unexpected_error_without_debug_exits_70_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BROKEN_SCORER, "score", str(EXAMPLE_ANSWERS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 70
    assert one_line(done.stderr).startswith("rolefit: internal error (ZeroDivisionError: boom)")


def test_an_os_error_escaping_a_command_names_the_file_and_exits_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import rolefit.core.scoring

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "/srv/workshop/answers.yaml")

    monkeypatch.setattr(rolefit.core.scoring, "score", refused)
    code, _, err = run_in_process("score", str(EXAMPLE_ANSWERS))
    assert code == 1
    assert one_line(err) == "rolefit: /srv/workshop/answers.yaml: Permission denied\n"


def test_an_error_message_is_one_line_whatever_it_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    import rolefit.core.scoring
    from rolefit.errors import RolefitError

    def hostile(*args: object, **kwargs: object) -> None:
        raise RolefitError("first\nsecond \x1b[2J " + "y" * 100_000)

    monkeypatch.setattr(rolefit.core.scoring, "score", hostile)
    code, _, err = run_in_process("score", str(EXAMPLE_ANSWERS))
    assert code == 2
    line = one_line(err)
    assert "\x1b" not in line
    assert len(line) < 2_100


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_into_a_full_disk_exit_1_in_one_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = rolefit(*args, stdout=full)
    assert done.returncode == 1
    assert "No space left on device" in one_line(done.stderr)


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_with_stdout_closed_exit_1_in_one_line(args: list[str]) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", sys.executable, "-m", "rolefit", *args],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "standard output" in one_line(done.stderr)


def with_stderr_closed(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", 'exec "$@" 2>&-', "sh", sys.executable, "-m", "rolefit", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_report_with_stderr_closed_keeps_its_exit_code(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("answers: [\n")
    (tmp_path / "good.yaml").write_text(Path(EXAMPLE_ANSWERS).read_text())
    done = with_stderr_closed("report", str(tmp_path))
    assert done.returncode == 1  # one file invalid: problems found, as with stderr open
    assert "1 invalid" in done.stdout


def test_validate_with_stderr_closed_keeps_its_exit_code(tmp_path: Path) -> None:
    scoring = tmp_path / "scoring.yaml"
    scoring.write_text(MINI_SCORING.read_text().replace("weight: 1.0", "weight: 500", 1))
    done = with_stderr_closed(
        "validate", "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert done.returncode == 1


@pytest.mark.parametrize(
    "variable",
    [
        "COLUMNS=0",
        "COLUMNS=abc",
        "COLUMNS=5",
        "COLUMNS=3000000",
        "TERMINAL_WIDTH=abc",
        "TERMINAL_WIDTH=0",
    ],
)
@pytest.mark.parametrize("args", [["--help"], ["score", "--help"]])
def test_a_useless_terminal_width_still_prints_the_help(variable: str, args: list[str]) -> None:
    name, value = variable.split("=")
    done = rolefit(*args, env={**os.environ, name: value})
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
    assert "Usage: rolefit" in done.stdout


@pytest.mark.parametrize("broken", ["bank: [\n", "\xff", None], ids=["syntax", "bytes", "missing"])
def test_validate_calls_a_file_it_cannot_read_or_parse_bad_input(
    tmp_path: Path, broken: str | None
) -> None:
    questions = tmp_path / "q.yaml"
    if broken is not None:
        questions.write_bytes(broken.encode("latin-1"))
    code, _, err = run_in_process(
        "validate", "--questions", str(questions), "--scoring", str(MINI_SCORING)
    )
    assert code == 2
    assert err.startswith(f"{questions}")
    assert err.endswith("rolefit: 1 problem found\n")


def test_validate_calls_a_readable_bank_with_problems_problems_found(tmp_path: Path) -> None:
    scoring = tmp_path / "s.yaml"
    scoring.write_text(MINI_SCORING.read_text().replace("weight: 1.0", "weight: 500", 1))
    code, _, err = run_in_process(
        "validate", "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert code == 1
    assert err.endswith("rolefit: 1 problem found\n")


def test_an_absurdly_wide_terminal_gets_the_card_80_columns_wide() -> None:
    done = rolefit(
        "score", str(EXAMPLE_ANSWERS), "--brief", env={**os.environ, "COLUMNS": "3000000"}
    )
    assert done.returncode == 0
    assert max(len(line) for line in done.stdout.splitlines()) == 80
