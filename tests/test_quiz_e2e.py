"""`rolefit quiz` from start to result: first the walk in process with scripted replies, then
the real thing in a pseudo-terminal, asserting on what a person sees (pexpect + pyte)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from rolefit.core.bank import Bank
from rolefit.errors import ExitCode, InputFileError, NoTerminalError, RolefitError
from rolefit.files.answers import read_answers
from rolefit.files.banks import BankFiles, load_bank
from rolefit.files.paths import command_name
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.session import check_options, run_quiz
from tests.quiz_support import (
    BACK,
    CTRL_C,
    DOWN,
    ENTER,
    FULL_WALK,
    WALK_TO_REVIEW,
    Run,
    ScriptedAsker,
    quiz,
    tiny_bank_files,
    write_tiny_bank,
)


@pytest.fixture
def files(tmp_path: Path) -> BankFiles:
    return tiny_bank_files(tmp_path / "bank")


@pytest.fixture
def bank(files: BankFiles) -> Bank:
    return load_bank(files)


# --- the walk, in process ----------------------------------------------------------------


def test_a_finished_quiz_shows_the_card_keeps_the_answers_and_clears_progress(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    assert run.play(ScriptedAsker(FULL_WALK), name="Sam") is ExitCode.OK
    assert "rolefit · Sam" in run.card.export_text()
    assert not run.store.progress.exists()
    [kept] = run.store.answers_files()
    sheet = read_answers(kept, bank)
    assert sheet.respondent == "Sam"
    assert len(sheet.answers) == 10
    assert f"Answers kept in {kept}\n" in run.messages.getvalue()
    assert f"To see this result again: rolefit score {kept} --questions" in run.messages.getvalue()


def test_save_answers_writes_a_second_copy(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK), save_answers=tmp_path / "mine.yaml")
    [kept] = run.store.answers_files()
    assert (tmp_path / "mine.yaml").read_text() == kept.read_text()


def test_saved_answers_are_one_per_line_under_a_header_command_that_runs(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK), save_answers=tmp_path / "mine.yaml")
    text = (tmp_path / "mine.yaml").read_text()
    header = next(line for line in text.splitlines() if "Score them again" in line)
    assert f"score THIS_FILE --questions {files.questions} --scoring {files.scoring}" in header
    answers = text[text.index("answers:\n") :].splitlines()[1:]
    saved = yaml.safe_load(text)["answers"]
    assert len(answers) == len(saved)
    assert all(line.startswith("  ") and ": " in line for line in answers)


def test_a_new_quiz_asks_for_a_name_when_none_was_given(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    asker = ScriptedAsker(FULL_WALK, name="Sam Lee")
    run.play(asker)
    [kept] = run.store.answers_files()
    assert asker.names_asked == 1
    assert yaml.safe_load(kept.read_text())["respondent"] == "Sam Lee"


def test_a_name_given_on_the_command_line_is_not_asked_for_again(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    asker = ScriptedAsker(FULL_WALK)
    Run(bank, files, tmp_path).play(asker, name="Kim")
    assert asker.names_asked == 0


def test_an_empty_name_option_means_no_name_without_asking(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    asker = ScriptedAsker(FULL_WALK)
    run.play(asker, name="")
    [kept] = run.store.answers_files()
    assert asker.names_asked == 0
    assert "respondent" not in yaml.safe_load(kept.read_text())


def test_exports_follow_their_extension(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    exports = tuple(tmp_path / f"result.{ext}" for ext in ("md", "json", "svg", "html"))
    Run(bank, files, tmp_path).play(ScriptedAsker(FULL_WALK), exports=exports)
    markdown, result, svg, html = (path.read_text() for path in exports)
    assert markdown.startswith("# Product or program management")
    assert json.loads(result)["bank_id"] == "tiny"
    assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert html.startswith("<!DOCTYPE html>") and "<title>" in html


def test_the_svg_renders_without_fetching_a_web_font(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    export = tmp_path / "card.svg"
    Run(bank, files, tmp_path).play(ScriptedAsker(FULL_WALK), exports=(export,))
    svg = export.read_text()
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", svg)
    assert "cdnjs" not in svg
    assert "@font-face" not in svg and "url(" not in svg
    assert "DejaVu Sans" in svg and "sans-serif" in svg


def test_ctrl_c_saves_and_says_how_to_resume(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    run = Run(bank, files, tmp_path)
    assert run.play(ScriptedAsker(FULL_WALK[:3])) is ExitCode.INTERRUPTED
    assert run.messages.getvalue() == (
        f"Saved 3 of 10 answers. Run `rolefit quiz --resume --questions {files.questions} "
        f"--scoring {files.scoring}` to continue.\n"
    )
    saved = run.store.load(bank)
    assert saved is not None
    assert saved.flow.position == "work.one"


def test_saved_progress_asks_whether_to_resume(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK[:3]))
    asker = ScriptedAsker(FULL_WALK[3:], resume=True)
    assert run.play(asker) is ExitCode.OK
    assert asker.resume_summaries == ["3 of 10 answered, saved just now"]
    assert asker.asked[0] == "work.one"


def test_starting_over_asks_from_the_first_question(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK[:3]))
    asker = ScriptedAsker(FULL_WALK, resume=False)
    assert run.play(asker) is ExitCode.OK
    assert asker.asked[0] == "work.led"


def test_resume_continues_without_asking(bank: Bank, tmp_path: Path, files: BankFiles) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK[:3]))
    asker = ScriptedAsker(FULL_WALK[3:])
    run.play(asker, resume=True)
    assert asker.resume_summaries == []
    assert asker.asked[0] == "work.one"


def test_restart_discards_saved_progress_without_asking(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker(FULL_WALK[:3]))
    asker = ScriptedAsker(FULL_WALK)
    run.play(asker, restart=True)
    assert asker.resume_summaries == []
    assert asker.asked[0] == "work.led"


def test_a_resumed_quiz_gives_the_same_result_as_an_uninterrupted_one(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    straight = tmp_path / "straight.json"
    Run(bank, files, tmp_path / "one").play(ScriptedAsker(FULL_WALK), exports=(straight,))

    resumed = tmp_path / "resumed.json"
    run = Run(bank, files, tmp_path / "two")
    run.play(ScriptedAsker([*FULL_WALK[:4], BACK]))
    run.play(ScriptedAsker(FULL_WALK[3:]), resume=True, exports=(resumed,))
    assert resumed.read_text() == straight.read_text()


def test_a_shuffled_quiz_keeps_its_order_when_resumed(
    bank: Bank, tmp_path: Path, files: BankFiles
) -> None:
    run = Run(bank, files, tmp_path)
    run.play(ScriptedAsker([]), shuffle=True)
    saved = run.store.load(bank)
    assert saved is not None and saved.settings.seed is not None
    order = saved.flow.order
    run.play(ScriptedAsker([]), resume=True)
    again = run.store.load(bank)
    assert again is not None and again.flow.order == order


def test_quiz_refuses_to_run_without_a_terminal(bank: Bank, files: BankFiles) -> None:
    # Under pytest, stdin is not a terminal.
    with pytest.raises(NoTerminalError, match="needs an interactive terminal"):
        run_quiz(bank, files, QuizOptions(), {})


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (QuizOptions(exports=(Path("card.pdf"),)), "unknown format ('.pdf')"),
        (QuizOptions(exports=(Path("card"),)), "unknown format (no extension)"),
        (QuizOptions(exports=(Path("no/such/folder/card.md"),)), "folder no/such/folder"),
        (QuizOptions(save_answers=Path("no/such/a.yaml")), "does not exist"),
        (QuizOptions(resume=True, restart=True), "--resume and --restart"),
        (QuizOptions(seed=3), "--seed only applies with --shuffle"),
    ],
)
def test_bad_options_are_refused_before_the_first_question(
    options: QuizOptions, message: str
) -> None:
    with pytest.raises((InputFileError, RolefitError), match=re.escape(message)):
        check_options(options)


# --- the real thing, in a pseudo-terminal -------------------------------------------------


@pytest.fixture
def bank_files(tmp_path: Path) -> list[str]:
    questions, scoring = write_tiny_bank(tmp_path)
    return ["--questions", questions.name, "--scoring", scoring.name]


def test_without_a_terminal_the_quiz_refuses_and_says_how_to_score(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rolefit", "quiz"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"XDG_STATE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    # Started as `python -m rolefit`, the hint says so: it runs as printed.
    assert done.stderr == (
        "rolefit: the quiz needs an interactive terminal; to score without one, run: "
        f"{shlex.quote(sys.executable)} -m rolefit score ANSWERS_FILE\n"
    )
    assert done.stdout == ""


def test_a_hint_names_rolefit_by_the_path_it_was_started_by_when_not_on_the_path() -> None:
    assert command_name(".venv/bin/rolefit", which=lambda name: None) == ".venv/bin/rolefit"


def test_a_hint_says_rolefit_when_the_path_finds_this_rolefit(tmp_path: Path) -> None:
    program = tmp_path / "rolefit"
    program.write_text("")
    assert command_name(str(program), which=lambda name: str(program)) == "rolefit"


def test_no_input_refuses_even_in_a_terminal(tmp_path: Path, bank_files: list[str]) -> None:
    term = quiz(tmp_path, *bank_files, "--no-input")
    term.wait_for("needs an interactive terminal")
    assert term.finish() == 2


def test_a_whole_quiz_ends_on_the_result_card(tmp_path: Path, bank_files: list[str]) -> None:
    term = quiz(tmp_path, *bank_files, "--name", "Sam", "--save-answers", "mine.yaml")
    term.wait_for("Your work · Question 1 of 10")
    term.wait_for("Any team counts.")
    for prompt, keys in WALK_TO_REVIEW:
        term.answer(prompt, keys)
    term.wait_for("Score my answers")
    assert "Review · 10 answered" in term.text
    term.send(ENTER)
    assert term.finish() == 0
    seen = "\n".join(term.history())
    assert "rolefit · Sam" in seen
    assert "Readiness and next steps" in seen
    assert "Answers kept in" in seen
    answers = read_answers(tmp_path / "mine.yaml", load_bank(BankFiles(*write_tiny_bank(tmp_path))))
    assert answers.answers["work.rank"] == ("customers", "roadmap", "execs")
    assert answers.answers["work.multi"] == ("users",)


def test_going_back_preselects_and_a_changed_answer_updates_the_count(
    tmp_path: Path, bank_files: list[str]
) -> None:
    term = quiz(tmp_path, *bank_files)
    term.answer("Have you led a team?", "1" + ENTER)
    term.answer("I enjoyed settling disagreements", "4" + ENTER)
    term.wait_for("Your work · Question 3 of 10")
    term.answer("I like running many projects", "7" + ENTER)  # 6 is Skip, 7 Back
    # Back on question 2, the pointer rests on the answer given before.
    term.wait_for_line(r"» 4\) Agree")
    term.wait_for("Your work · Question 2 of 10")
    term.answer("I enjoyed settling disagreements", "7" + ENTER)
    term.wait_for_line(r"» 1\) Yes")
    term.wait_for_idle()
    term.send("2" + ENTER)
    term.wait_for("Your work · Question 2 of 9")
    term.answer("I like running many projects", CTRL_C)
    assert term.finish() == 130
    saved = json.loads(next((tmp_path / "state" / "rolefit").glob("*.progress.json")).read_text())
    assert saved["answers"] == {"work.led": "no"}


def test_ctrl_c_then_resume_loses_no_answer(tmp_path: Path, bank_files: list[str]) -> None:
    term = quiz(tmp_path, *bank_files)
    for prompt, keys in WALK_TO_REVIEW[:2]:
        term.answer(prompt, keys)
    term.answer("I like running many projects", CTRL_C)
    term.wait_for("Saved 2 of 10 answers. Run `")
    assert term.finish() == 130
    # The raw output, not the screen: the terminal wraps a long interpreter path mid-command.
    assert " -m rolefit quiz --resume " in term.transcript.decode()  # as started: `python -m`
    assert "Traceback" not in "\n".join(term.history())

    term = quiz(tmp_path, *bank_files, "--resume", "--save-answers", "mine.yaml")
    term.wait_for("Your work · Question 3 of 10")
    for prompt, keys in WALK_TO_REVIEW[2:]:
        term.answer(prompt, keys)
    term.answer("Score my answers", ENTER)
    assert term.finish() == 0
    answers = read_answers(tmp_path / "mine.yaml", load_bank(BankFiles(*write_tiny_bank(tmp_path))))
    assert answers.answers["work.led"] == "yes"
    assert answers.answers["work.conflicts"] == "agree"
    assert len(answers.answers) == 10


def test_a_plain_quiz_with_saved_progress_asks_to_resume(
    tmp_path: Path, bank_files: list[str]
) -> None:
    term = quiz(tmp_path, *bank_files)
    term.answer("Have you led a team?", "2" + ENTER)
    term.answer("I like running many projects", CTRL_C)
    assert term.finish() == 130

    term = quiz(tmp_path, *bank_files)
    term.answer("Saved progress found: 1 of 9 answered", DOWN + ENTER)  # Start over
    term.wait_for("Your work · Question 1 of 10")
    term.answer("Have you led a team?", CTRL_C)
    assert term.finish() == 130
