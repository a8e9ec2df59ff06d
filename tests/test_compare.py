"""`rolefit compare A B`: changes in fit and per dimension, judged by the reliable change index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.compare import RULE
from tests.conftest import DATA, EXAMPLE_ANSWERS, MINI_QUESTIONS, MINI_SCORING

runner = CliRunner()
MINI = ["--questions", str(MINI_QUESTIONS), "--scoring", str(MINI_SCORING)]
ANA = DATA / "cohort" / "ana.yaml"
BEN = DATA / "cohort" / "ben.yaml"
ELI = DATA / "cohort" / "eli.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def compare_json(before: Path, after: Path) -> dict[str, Any]:
    code, out, err = run("compare", str(before), str(after), "--format", "json", *MINI)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def save_result(tmp_path: Path, answers: Path, name: str = "result.json") -> Path:
    code, out, _ = run("score", str(answers), "--format", "json", *MINI)
    assert code == 0
    path = tmp_path / name
    path.write_text(out)
    return path


def ana_again(tmp_path: Path, **changes: str) -> Path:
    """Ana's answers with some of them changed, as a later answers file."""
    text = ANA.read_text()
    for question, answer in changes.items():
        lines = [line for line in text.splitlines() if line.strip().startswith(question + ":")]
        text = text.replace(lines[0], f"  {question}: {answer}")
    path = tmp_path / "after.yaml"
    path.write_text(text)
    return path


def test_the_same_answers_twice_change_nothing() -> None:
    data = compare_json(ANA, ANA)
    assert data["fit"]["change"] == 0.0
    assert data["fit"]["changed"] is False
    assert data["fit"]["rci"] == 0.0
    assert data["verdict_changed"] is False
    assert all(d["change"] == 0.0 for d in data["dimensions"])


def test_a_saved_result_compares_with_its_own_answers_file(tmp_path: Path) -> None:
    data = compare_json(save_result(tmp_path, ANA), ANA)
    assert (data["before"]["kind"], data["after"]["kind"]) == ("result", "answers")
    assert data["fit"]["change"] == 0.0
    assert data["before"]["product_pct"] == data["after"]["product_pct"]


def test_two_saved_results_compare_without_scoring_again(tmp_path: Path) -> None:
    before = save_result(tmp_path, ANA, "before.json")
    after = save_result(tmp_path, ana_again(tmp_path, **{"work.pick": "rollout"}), "after.json")
    data = compare_json(before, after)
    assert (data["before"]["kind"], data["after"]["kind"]) == ("result", "result")
    assert data["fit"]["change"] < 0


def test_a_move_from_one_role_to_the_other_is_a_reliable_change(tmp_path: Path) -> None:
    # Ana answering as Ben did: from a clear product fit to a clear program fit.
    after = tmp_path / "after.yaml"
    after.write_text(BEN.read_text().replace("Ben Okafor", "Ana Lima"))
    data = compare_json(ANA, after)
    fit = data["fit"]
    sems = (data["before"]["sem"], data["after"]["sem"])
    expected = fit["change"] / (sems[0] ** 2 + sems[1] ** 2) ** 0.5
    assert fit["rci"] == pytest.approx(expected, abs=0.02)  # the change is rounded
    assert fit["rci"] < -1.96
    assert fit["changed"] is True
    assert data["verdict_changed"] is True


def test_a_one_answer_change_is_not_a_reliable_change(tmp_path: Path) -> None:
    data = compare_json(ANA, ana_again(tmp_path, **{"work.one": "agree"}))
    fit = data["fit"]
    assert fit["change"] != 0
    assert abs(fit["rci"]) <= 1.96
    assert fit["changed"] is False


@pytest.mark.parametrize("sem", [1e-200, 1e-160, 0.01])
def test_sems_too_small_to_show_give_no_change_index(tmp_path: Path, sem: float) -> None:
    # Edited results: rolefit itself writes an SEM to one decimal, never below 0.1.
    paths = []
    for name in ("before.json", "after.json"):
        path = save_result(tmp_path, ANA, name)
        document = json.loads(path.read_text())
        document["sem"] = sem
        path.write_text(json.dumps(document))
        paths.append(path)
    fit = compare_json(*paths)["fit"]
    assert (fit["sem"], fit["rci"], fit["changed"]) == (None, None, None)


def test_a_file_named_like_a_history_entry_is_read_as_the_file_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The history is empty: reading `./@1` as entry @1 would fail instead.
    save_result(tmp_path, ANA, "@1")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("compare", "./@1", "./@1", "--format", "json", *MINI)
    assert code == 0, err
    assert json.loads(out)["before"]["kind"] == "result"


def test_without_a_verdict_on_one_side_changes_are_not_judged() -> None:
    data = compare_json(ELI, ANA)
    assert data["fit"]["changed"] is None
    assert data["fit"]["rci"] is None
    assert all(d["changed"] is None for d in data["dimensions"])


def test_shared_dimensions_are_left_to_readiness() -> None:
    data = compare_json(ANA, BEN)
    assert [d["id"] for d in data["dimensions"]] == ["scope", "people"]
    assert [r["role"] for r in data["readiness"]] == ["product", "program"]


@pytest.mark.parametrize("format", ["text", "markdown", "json"])
def test_every_format_states_the_rule(format: str) -> None:
    code, out, _ = run("compare", str(ANA), str(BEN), "--format", format, *MINI)
    assert code == 0
    flat = " ".join(out.replace("│", " ").split())
    assert " ".join(RULE.split()) in flat


def test_the_markdown_comparison_is_a_table(tmp_path: Path) -> None:
    after = ana_again(tmp_path, **{"work.pick": "rollout"})
    code, out, _ = run("compare", str(ANA), str(after), "--format", "markdown", *MINI)
    assert code == 0
    assert out.startswith("# What changed for Ana Lima")
    assert "| **Overall** |" in out
    assert "| Scope |" in out


def test_two_different_people_get_a_warning() -> None:
    code, _, err = run("compare", str(ANA), str(BEN), *MINI)
    assert code == 0
    assert "warning:" in err
    assert "'Ana Lima'" in err


def test_each_dimension_is_judged_against_its_own_sem(tmp_path: Path) -> None:
    after = tmp_path / "after.yaml"
    after.write_text(BEN.read_text().replace("Ben Okafor", "Ana Lima"))
    data = compare_json(ANA, after)
    scope = next(d for d in data["dimensions"] if d["id"] == "scope")
    before = json.loads(run("score", str(ANA), "--format", "json", *MINI)[1])
    sem = next(d["sem"] for d in before["dimensions"] if d["id"] == "scope")
    assert scope["sem"] == pytest.approx((2 * sem**2) ** 0.5, abs=0.1)


# --- Bad input ---------------------------------------------------------------------------


def test_a_broken_file_is_one_line_and_exit_2() -> None:
    code, out, err = run("compare", str(ANA), str(DATA / "cohort" / "broken.yaml"), *MINI)
    assert code == 2
    assert out == ""
    assert err.startswith(f"rolefit: {DATA / 'cohort' / 'broken.yaml'}:3: invalid YAML")
    assert err.count("\n") == 1


def test_results_of_two_banks_cannot_be_compared(tmp_path: Path) -> None:
    code, out, _ = run("score", str(EXAMPLE_ANSWERS), "--format", "json")
    default_result = tmp_path / "default.json"
    default_result.write_text(out)
    code, _, err = run("compare", str(default_result), str(ANA), *MINI)
    assert code == 2
    assert "scored with bank 'mini', but" in err
    assert "with bank 'default'" in err


def test_a_result_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    saved = save_result(tmp_path, ANA)
    data = json.loads(saved.read_text())
    data["schema_version"] = 99
    saved.write_text(json.dumps(data, indent=2))
    code, _, err = run("compare", str(saved), str(ANA), *MINI)
    assert code == 2
    assert "a result with schema_version 99; this rolefit reads version 2" in err
    assert f"{saved}:2:" in err


def test_a_damaged_result_names_the_field_and_its_line(tmp_path: Path) -> None:
    saved = save_result(tmp_path, ANA)
    data = json.loads(saved.read_text())
    data["product_pct"] = "lots"
    saved.write_text(json.dumps(data, indent=2))
    code, _, err = run("compare", str(saved), str(ANA), *MINI)
    assert code == 2
    assert "not a valid result (from `rolefit score --format json`): product_pct:" in err
    line = next(n for n, text in enumerate(saved.read_text().splitlines(), 1) if "lots" in text)
    assert f"{saved}:{line}:" in err


@pytest.mark.parametrize("written", [True, "73.2"], ids=["true", "text"])
def test_a_number_written_as_something_else_is_refused_not_converted(
    tmp_path: Path, written: object
) -> None:
    # rolefit writes numbers as numbers: `true` was read as 1, and "73.2" as 73.2.
    saved = save_result(tmp_path, ANA)
    data = json.loads(saved.read_text())
    data["margin"] = written
    saved.write_text(json.dumps(data, indent=2))
    code, _, err = run("compare", str(saved), str(ANA), *MINI)
    assert code == 2
    assert "not a valid result (from `rolefit score --format json`): margin:" in err
    assert f"found {json.dumps(written) if written is True else repr(written)}" in err


def test_a_file_that_is_neither_answers_nor_a_result_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.yaml"
    other.write_text("title: my notes\n")
    code, _, err = run("compare", str(other), str(ANA), *MINI)
    assert code == 2
    assert "unknown top-level key 'title'" in err


def test_a_short_form_answers_file_is_compared_as_the_short_form(tmp_path: Path) -> None:
    short = tmp_path / "short.yaml"
    short.write_text(
        "form: short\nanswers:\n  work.many: strongly_disagree\n  work.one: strongly_agree\n"
        "  work.pick: phone\n  work.rank: [customers, execs]\n"
    )
    code, out, _ = run("score", str(short), "--format", "json", *MINI)
    assert code == 0
    scored = json.loads(out)
    data = compare_json(short, short)
    assert (data["before"]["verdict"], data["before"]["product_pct"]) == (
        scored["verdict"],
        scored["product_pct"],
    )
    assert scored["verdict"] != "undetermined"


# --- Text from a saved result ------------------------------------------------------------


def test_markup_in_a_saved_result_is_shown_as_written(tmp_path: Path) -> None:
    saved = save_result(tmp_path, ANA)
    data = json.loads(saved.read_text())
    data["respondent"] = "[bold red]Ana[/]"
    data["headline"] = "[link=http://x]click[/link] <b>me</b>"
    data["dimensions"][0]["label"] = "[blink]Work[/blink]"
    saved.write_text(json.dumps(data, indent=2))
    code, out, err = run("compare", str(saved), str(saved), *MINI)
    assert code == 0, err
    for text in ("[bold red]Ana[/]", "[link=http://x]click[/link] <b>me</b>", "[blink]Work"):
        assert text in out
    code, markdown, _ = run("compare", str(saved), str(saved), "--format", "markdown", *MINI)
    assert r"\[link=http://x\]click\[/link\] \<b\>me\</b\>" in markdown
    assert r"| \[blink\]Work\[/blink\] |" in markdown
