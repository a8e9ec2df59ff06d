"""`rolefit report`: discovery, counts, exit codes, identity with score, alpha, golden file."""

from __future__ import annotations

import gc
import io
import json
import math
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.cli import report as report_command
from rolefit.core.bank import Bank
from rolefit.core.cohort import ItemPlan, Scored, histogram, summarise
from rolefit.core.cohort_report import RespondentRow, worth_a_conversation
from rolefit.core.scoring import score
from rolefit.core.stats import alpha_if_deleted, cronbach_alpha
from rolefit.files.answers import read_answers
from rolefit.files.submissions import find_answers_files, score_batch, score_files
from tests.conftest import DATA, EXAMPLE_ANSWERS, MINI_QUESTIONS, MINI_SCORING, ROOT

runner = CliRunner()
MINI = ["--questions", str(MINI_QUESTIONS), "--scoring", str(MINI_SCORING)]
COHORT = DATA / "cohort"
GOLDEN = Path(__file__).resolve().parent / "golden" / "cohort.md"
WORKSHOP = ROOT / "examples" / "workshop"
VALID = [
    "ana.yaml",
    "ben.yaml",
    "chloe.json",
    "dev.json",
    "eli.yaml",
    "fay.yml",
    "nested/gus.yaml",
]
INVALID = ["bad_answer.json", "broken.yaml", "other-bank.yaml"]
NAMES = ["Ana Lima", "Ben Okafor", "Chloé Martin", "Dev Patel", "Eli Cohen", "Fay Nakamura"]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def report_json(*paths: Path | str, extra: tuple[str, ...] = ()) -> tuple[int, dict[str, Any]]:
    code, out, _ = run("report", *map(str, paths), "--format", "json", *MINI, *extra)
    return code, json.loads(out)


# --- A mixed folder ----------------------------------------------------------------------


def test_a_mixed_folder_counts_the_valid_files_and_lists_the_invalid_ones() -> None:
    code, out, err = run("report", str(COHORT), "--format", "json", *MINI)
    data = json.loads(out)
    assert code == 1
    assert data["files"] == 10
    assert data["count"] == 7
    assert [r["source"] for r in data["respondents"]] == [str(COHORT / name) for name in VALID]
    assert [i["source"] for i in data["invalid"]] == [str(COHORT / name) for name in INVALID]
    assert sum(data["verdicts"].values()) == 7
    assert "3 of 10 files are invalid" in err


def test_each_invalid_file_carries_the_error_score_gives_for_it() -> None:
    _, data = report_json(COHORT)
    for item in data["invalid"]:
        code, _, err = run("score", item["source"], *MINI)
        assert code == 2
        where = item["source"] + (f":{item['line']}" if item["line"] is not None else "")
        assert err == f"rolefit: {where}: {item['error']}\n"


def test_answers_for_another_bank_are_invalid_with_their_error() -> None:
    _, data = report_json(COHORT)
    errors = {Path(i["source"]).name: i["error"] for i in data["invalid"]}
    assert errors["other-bank.yaml"].startswith(
        "answers bank 'default', but the bank in use is 'mini'"
    )


def test_folders_skip_hidden_entries_and_files_that_are_not_yaml_or_json() -> None:
    found = [path.relative_to(COHORT).as_posix() for path in find_answers_files([COHORT])]
    assert sorted(found) == sorted(VALID + INVALID)


def test_a_file_named_twice_is_scored_once() -> None:
    files = find_answers_files([COHORT / "ana.yaml", COHORT, COHORT / "ana.yaml"])
    assert len(files) == len(VALID) + len(INVALID)


def test_each_respondent_gets_exactly_what_score_gives(mini_bank: Bank) -> None:
    _, data = report_json(COHORT)
    rows = {r["source"]: r for r in data["respondents"]}
    for name in VALID:
        code, out, _ = run("score", str(COHORT / name), "--format", "json", *MINI)
        assert code == 0
        expected = json.loads(out)
        row = rows[str(COHORT / name)]
        for key in ("respondent", "verdict", "product_pct", "margin"):
            assert row[key] == expected[key], (name, key)


def test_the_kept_record_matches_the_full_score_result(mini_bank: Bank) -> None:
    plan = ItemPlan.of(mini_bank)
    for name in VALID:
        [record] = score_batch([COHORT / name], mini_bank, plan)
        result = score(mini_bank, read_answers(COHORT / name, mini_bank))
        assert isinstance(record, Scored)
        assert record.dimensions == tuple(d.product_pct for d in result.dimensions)
        assert record.readiness == tuple(r.score for r in result.readiness)
        assert record.flags == {f.code for f in result.flags}


def test_the_json_report_names_whom_to_talk_to_and_why() -> None:
    code, out, _ = run("report", str(COHORT), *MINI, "--format", "json")
    assert code == 1
    assert json.loads(out)["worth_a_conversation"] == [
        {
            "source": str(COHORT / "eli.yaml"),
            "respondent": "Eli Cohen",
            "reasons": ["no_verdict", "many_skips", "dimension_left_out"],
        }
    ]


def test_people_without_a_verdict_are_left_out_of_the_dimension_figures(
    tmp_path: Path, bank: Bank
) -> None:
    import yaml

    example = yaml.safe_load(EXAMPLE_ANSWERS.read_text())
    for name in ("ana", "ben", "cy"):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(example))
    agrees = {
        q.id: "strongly_agree"
        for q in bank.questions
        if q.type == "likert" and q.kind == "preference"
    }
    (tmp_path / "dee.yaml").write_text(yaml.safe_dump({"answers": agrees}))
    _, out, _ = run("report", str(tmp_path), "--format", "json")
    report = json.loads(out)
    assert [r["verdict"] for r in report["respondents"]].count("undetermined") == 1
    for dimension in report["dimensions"]:
        if not dimension["shared"]:
            assert dimension["n"] == 3, dimension["id"]


def test_a_flag_that_says_why_there_is_no_verdict_is_the_only_reason_given() -> None:
    row = RespondentRow(
        source="a.yaml",
        respondent=None,
        verdict="undetermined",
        product_pct=None,
        margin=None,
        flags=("straight_lining",),
    )
    [talk] = worth_a_conversation([row])
    assert talk.reasons == ("straight_lining",)


def test_worker_processes_give_the_same_outcomes_in_the_same_order(mini_bank: Bank) -> None:
    plan = ItemPlan.of(mini_bank)
    files = find_answers_files([COHORT]) * 20
    assert score_files(mini_bank, plan, files, workers=2) == score_files(
        mini_bank, plan, files, workers=1
    )


def test_worker_processes_leave_the_garbage_collector_as_they_found_it(mini_bank: Bank) -> None:
    # The pool freezes what the workers inherit; a long-lived caller (the web app) must go on
    # collecting its own objects afterwards, even when scoring fails.
    plan = ItemPlan.of(mini_bank)
    files = find_answers_files([COHORT]) * 20
    score_files(mini_bank, plan, files, workers=2)
    assert gc.get_freeze_count() == 0

    def interrupted(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        score_files(mini_bank, plan, files, workers=2, on_progress=interrupted)
    assert gc.get_freeze_count() == 0


def test_worker_processes_keep_frozen_what_a_caller_had_frozen(mini_bank: Bank) -> None:
    # The command line freezes what it loaded (cli.root); the pool must not thaw it, or every
    # later collection, and the one at exit, would walk it again.
    plan = ItemPlan.of(mini_bank)
    files = find_answers_files([COHORT]) * 20
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        score_files(mini_bank, plan, files, workers=2)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes: Linux only")
def test_a_plain_kill_during_a_large_report_stops_it_as_ctrl_c_does(tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    folder = tmp_path / "answers"
    folder.mkdir()
    text = EXAMPLE_ANSWERS.read_text()
    for number in range(6000):
        (folder / f"p{number:04d}.yaml").write_text(text)
    output = tmp_path / "cohort.html"
    process = subprocess.Popen(
        [sys.executable, "-m", "rolefit", "report", str(folder), "-o", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if children.exists() and children.read_text().strip():
            break  # the workers are scoring
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)  # to rolefit alone, as `kill PID` sends it
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == "rolefit: interrupted"
    assert "Traceback" not in stderr
    assert not output.exists()


# --- Exit codes --------------------------------------------------------------------------


def test_exit_code_is_0_when_every_file_is_valid() -> None:
    code, out, err = run("report", str(COHORT / "ana.yaml"), str(COHORT / "nested"), *MINI)
    assert code == 0
    assert "2 answers files: 2 scored, 0 invalid." in out
    assert err == ""


def test_exit_code_is_2_when_no_file_is_usable_and_the_report_still_lists_them() -> None:
    code, out, err = run(
        "report",
        str(COHORT / "broken.yaml"),
        str(COHORT / "bad_answer.json"),
        "-f",
        "markdown",
        *MINI,
    )
    assert code == 2
    assert "## Invalid files" in out
    assert "none of the 2 files could be scored" in err


def test_a_missing_path_is_bad_input() -> None:
    code, out, err = run("report", str(COHORT / "nobody.yaml"), *MINI)
    assert code == 2
    assert out == ""
    assert err == f"rolefit: {COHORT / 'nobody.yaml'}: no such file or folder; check the path\n"


def test_a_folder_without_answers_files_reports_no_submissions_yet(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("nothing here\n")
    code, out, err = run("report", str(tmp_path), "--format", "markdown", *MINI)
    assert code == 0
    assert "No submissions yet" in out
    assert err == ""


def test_a_missing_answers_folder_reports_no_submissions_yet(tmp_path: Path) -> None:
    code, out, err = run("report", str(tmp_path / "answers"), *MINI)
    assert code == 0
    assert "No submissions yet" in out
    assert "no such folder yet" in err


@pytest.mark.parametrize("format", ["text", "markdown", "json", "html", "svg"])
def test_no_submissions_renders_in_every_format(tmp_path: Path, format: str) -> None:
    code, out, _ = run("report", str(tmp_path), "--format", format, *MINI)
    assert code == 0
    assert ("No submissions yet" in out) or (format == "json" and json.loads(out)["files"] == 0)


# --- Cronbach's alpha --------------------------------------------------------------------

# Four people, three items. By hand (sample variances, n - 1 = 3):
#   item 1: 1 2 3 4 -> var 5/3;  item 2: 1 1 3 3 -> var 4/3;  item 3: 0 1 2 3 -> var 5/3
#   totals: 2 4 8 10 -> var 40/3
#   alpha = 3/2 · (1 - (14/3) / (40/3)) = 3/2 · 26/40 = 39/40
# Without item 2: totals 1 3 5 7 (var 20/3), items 5/3 + 5/3 -> alpha = 2 · (1 - 10/20) = 1
# Without item 1 (or 3): totals 2 3 6 7 or 1 2 5 6 (var 17/3), items 3 -> 2 · (1 - 9/17) = 16/17
HAND_TABLE = [[1.0, 1.0, 0.0], [2.0, 1.0, 1.0], [3.0, 3.0, 2.0], [4.0, 3.0, 3.0]]


def test_cronbach_alpha_matches_a_hand_computed_example() -> None:
    alpha = cronbach_alpha(HAND_TABLE)
    assert alpha is not None
    assert math.isclose(alpha, 39 / 40)


def test_alpha_if_item_deleted_matches_hand_computed_values() -> None:
    deleted = alpha_if_deleted(HAND_TABLE)
    assert all(value is not None for value in deleted)
    expected = [16 / 17, 1.0, 16 / 17]
    assert all(
        math.isclose(value or 0.0, want) for value, want in zip(deleted, expected, strict=True)
    )


@pytest.mark.parametrize(
    "rows",
    [
        [[1.0], [2.0], [3.0]],  # one item
        [[1.0, 2.0]],  # one respondent
        [[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]],  # no spread in the totals
        [[1.0, -1.0], [-1.0, 1.0], [0.5, -0.5]],  # totals all zero
    ],
)
def test_alpha_is_undefined_without_two_items_two_people_and_some_spread(
    rows: list[list[float]],
) -> None:
    assert cronbach_alpha(rows) is None


def test_a_dimension_names_the_question_whose_removal_raises_alpha(mini_bank: Bank) -> None:
    plan = ItemPlan.of(mini_bank)
    scope = plan.by_dimension["scope"]
    assert [plan.columns[c][0] for c in scope] == ["work.many", "work.one", "work.pick"]

    def person(many: float, one: float, pick: float) -> Scored:
        items: list[float | None] = [None] * len(plan.columns)
        for column, value in zip(scope, (many, one, pick), strict=True):
            items[column] = value
        row = RespondentRow(
            source="x", respondent=None, verdict="product", product_pct=50.0, margin=5.0
        )
        return Scored(
            row,
            (50.0, 50.0, None),
            (3.0, 3.0),
            frozenset(),
            tuple(items),
            (),
        )

    # work.many and work.one agree; work.pick runs against them.
    people = [
        person(1.0, 1.0, -1.0),
        person(0.5, 0.5, 1.0),
        person(-0.5, -1.0, 1.0),
        person(-1.0, -0.5, -1.0),
        person(0.0, 0.5, 1.0),
    ] * 2  # ten people: the fewest alpha is estimated for
    summary = summarise(mini_bank, plan, people).dimensions[0]
    assert summary.alpha is not None
    assert summarise(mini_bank, plan, people[:9]).dimensions[0].alpha is None
    assert [effect.question_id for effect in summary.lowered_by] == ["work.pick"]
    assert summary.lowered_by[0].alpha_if_deleted > summary.alpha


# --- The report's pieces -----------------------------------------------------------------


def test_the_histogram_has_ten_bins_and_100_falls_in_the_last() -> None:
    bins = histogram([0.0, 9.9, 10.0, 55.5, 99.9, 100.0])
    assert [(b.low, b.high) for b in bins] == [(k, k + 10) for k in range(0, 100, 10)]
    assert [b.count for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_people_without_a_verdict_stay_out_of_the_product_pct_spread() -> None:
    _, data = report_json(COHORT)
    spread = data["product_pct"]
    assert spread["n"] == 6
    assert sum(b["count"] for b in data["histogram"]) == 6


def test_the_json_report_holds_the_contract() -> None:
    _, data = report_json(COHORT)
    for key in ("count", "verdicts", "respondents", "invalid", "dimensions"):
        assert key in data
    assert set(data["respondents"][0]) >= {"source", "respondent", "verdict", "product_pct"}
    assert set(data["invalid"][0]) >= {"source", "error"}
    assert set(data["dimensions"][0]) >= {"id", "label", "mean", "sd", "alpha"}


def test_the_cohort_report_matches_the_reviewed_golden_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Run from tests/data with a relative path, so no absolute path reaches the report.
    monkeypatch.chdir(DATA)
    code, markdown, _ = run("report", "cohort", "--format", "markdown", *MINI)
    assert code == 1
    if os.environ.get("ROLEFIT_UPDATE_GOLDEN"):
        GOLDEN.write_text(markdown)
    assert markdown == GOLDEN.read_text(), "rerun with ROLEFIT_UPDATE_GOLDEN=1 and review the diff"


def test_file_names_are_escaped_in_markdown(tmp_path: Path) -> None:
    shutil.copy(COHORT / "broken.yaml", tmp_path / "[click](x)_me.yaml")
    _, markdown, _ = run("report", str(tmp_path), "--format", "markdown", *MINI)
    assert r"\[click\](x)\_me.yaml" in markdown
    assert "[click](x)" not in markdown


def test_markup_in_a_file_name_is_shown_as_written_in_the_text_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(COHORT / "broken.yaml", tmp_path / "[red]x[bold].yaml")
    monkeypatch.chdir(tmp_path)  # a short path, so that the line does not wrap
    _, out, _ = run("report", ".", *MINI)
    assert "[red]x[bold].yaml:3: invalid YAML" in out


def test_the_text_report_shows_the_verdicts_and_the_histogram() -> None:
    code, out, _ = run("report", str(COHORT), *MINI)
    assert code == 1
    assert "Product management 3" in out
    assert " 90–100 0" in out
    assert "█" in out
    assert "Invalid files (not counted)" in out


def test_the_report_goes_to_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "cohort.md"
    code, out, _ = run("report", str(COHORT), "-f", "markdown", "-o", str(target), *MINI)
    assert code == 1
    assert out == ""
    assert target.read_text().startswith("# Cohort report: Mini bank")


# --- Anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["json", "markdown", "text"])
def test_anonymous_reports_leave_out_names_and_file_names(format: str) -> None:
    code, out, _ = run("report", str(COHORT), "--anonymous", "--format", format, *MINI)
    assert code == 1
    for name in NAMES:
        assert name not in out
    for file in VALID + INVALID:  # file names are often people's names
        assert Path(file).name not in out
    assert str(COHORT) not in out


def test_anonymous_json_names_each_person_by_a_code_and_drops_the_respondent() -> None:
    _, data = report_json(COHORT, extra=("--anonymous",))
    assert data["anonymous"] is True
    rows = data["respondents"]
    codes = [r["source"] for r in rows]
    assert all(re.fullmatch(r"person-[0-9a-f]{6}", code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert all(r["respondent"] is None for r in rows)
    sources = [i["source"] for i in data["invalid"]]
    assert sources == ["invalid file 1", "invalid file 2", "invalid file 3"]


def test_an_anonymous_code_stays_the_same_when_others_join_the_cohort() -> None:
    _, everyone = report_json(COHORT, extra=("--anonymous",))
    _, two = report_json(*(COHORT / name for name in VALID[:2]), extra=("--anonymous",))
    first_two = [r["source"] for r in everyone["respondents"][:2]]
    assert [r["source"] for r in two["respondents"]] == first_two


def test_each_person_row_carries_the_codes_of_their_flags() -> None:
    _, data = report_json(COHORT)
    flagged = {Path(r["source"]).name: r["flags"] for r in data["respondents"] if r["flags"]}
    total = sum(len(codes) for codes in flagged.values())
    assert total == sum(f["count"] for f in data["flags"])


# --- Progress ----------------------------------------------------------------------------


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_command, "PROGRESS_FROM", 0)
    code, _, err = run("report", str(COHORT), "--format", "json", *MINI)
    assert code == 1
    assert err == "rolefit: 3 of 10 files are invalid; the report lists each with its error\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_shows_on_a_terminal_for_a_large_cohort(
    monkeypatch: pytest.MonkeyPatch, mini_bank: Bank
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(report_command, "PROGRESS_FROM", 5)
    files = find_answers_files([COHORT])
    outcomes = report_command._score_with_progress(mini_bank, ItemPlan.of(mini_bank), files)
    assert len(outcomes) == len(files)
    assert "Scoring" in terminal.getvalue()


def test_no_progress_bar_for_a_small_cohort_even_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, mini_bank: Bank
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    files = find_answers_files([COHORT])
    report_command._score_with_progress(mini_bank, ItemPlan.of(mini_bank), files)
    assert terminal.getvalue() == ""


# --- The workshop example ----------------------------------------------------------------


def test_the_workshop_example_runs_end_to_end_with_the_readme_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(WORKSHOP)
    bank = ["--bank", "bank"]
    code, out, _ = run("validate", *bank)
    assert code == 0
    assert "ok (19 questions, 11 in the short form, 5 dimensions)" in out
    code, template, _ = run("questions", "--format", "template", *bank)
    assert code == 0
    assert "bank: workshop" in template
    code, markdown, err = run("report", "answers/", *bank, "--format", "markdown")
    assert (code, err) == (0, "")
    assert "**10 answers files: 10 scored, 0 invalid.**" in markdown
    code, out, _ = run("report", "answers/", *bank, "--format", "json")
    verdicts = json.loads(out)["verdicts"]
    # Ines's file says `form: short`: scored on the short form, she gets a verdict.
    assert verdicts == {"product": 2, "program": 2, "balanced": 6, "undetermined": 0}


def test_each_dimension_s_histogram_counts_the_people_it_counted() -> None:
    _, data = report_json(COHORT)
    for dimension in data["dimensions"]:
        counts = [b["count"] for b in dimension["histogram"]]
        assert sum(counts) == (0 if dimension["shared"] else dimension["n"])


def test_a_note_is_worded_from_the_question_it_names_not_from_its_english_text() -> None:
    from rolefit.core.cohort_report import Note
    from rolefit.files.catalogs import translator
    from rolefit.render.cohort_words import note_message

    german = translator("de")
    left_out = Note(source="a.yaml", message="anything at all", unreached="scope.many_projects")
    assert note_message(left_out, german) == note_message(
        left_out.model_copy(update={"message": "something else"}), german
    )
    assert "'scope.many_projects'" in note_message(left_out, german)
    assert note_message(left_out, german) != note_message(left_out)  # worded in German
    other = Note(source="a.yaml", message="a note of another kind")
    assert note_message(other, german) == "a note of another kind"
    # The JSON keeps the English sentence alone, as before the question was kept.
    assert "unreached" not in left_out.model_dump_json()


def test_an_anonymous_invalid_file_is_named_by_its_number_not_by_its_english_text() -> None:
    from rolefit.core.cohort_report import InvalidFile
    from rolefit.files.catalogs import translator
    from rolefit.render.cohort_words import invalid_where

    german = translator("de")
    numbered = InvalidFile(source="anything at all", line=3, error="bad", number=2)
    assert (
        invalid_where(numbered, german)
        == german.gettext("invalid file {number}").format(number=2) + ":3"
    )
    assert invalid_where(numbered, german) != invalid_where(numbered)  # worded in German
    # A file that only looks like one keeps its own name.
    named = InvalidFile(source="invalid file 7", line=None, error="bad")
    assert invalid_where(named, german) == "invalid file 7"
    assert "number" not in numbered.model_dump_json()
