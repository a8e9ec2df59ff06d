"""`rolefit quiz --plain`: line by line, numbers typed, nothing redrawn; the same walk, review,
saved progress and result as the arrow-key quiz, driven here through a pipe, a real
pseudo-terminal and the asker itself."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, Move, Reply
from rolefit.core.models import Answer
from rolefit.files.answers import read_answers
from rolefit.quiz.plain import PlainAsker
from rolefit.quiz.session import plain_wanted
from rolefit.render.plain import result_plain
from tests.helpers import score_answers
from tests.quiz_support import ENTER, quiz, tiny_bank, walk, write_tiny_bank

# The arrow-key walk of tests/quiz_support.WALK_TO_REVIEW, typed as lines: leading a team,
# agree, disagree, strongly agree, the phone, customers-roadmap-execs, user interviews, then
# the three skills; an empty line at the review scores.
PLAIN_WALK = ["1", "4", "2", "5", "1", "1 3 2", "1", "3", "4", "2", ""]
TIMEOUT = 60
# Anything that moves the cursor, clears, scrolls or switches screens (CSI ... A-H, J, K, S, T,
# f, the alternate screen `?1049h`), which a screen reader cannot follow.
CURSOR_OR_CLEAR = re.compile(r"\x1b\[[0-9;?]*[ABCDEFGHJKSTf]|\x1b\[\?1049|\x1b[78c]")


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    return tiny_bank(tmp_path)


def piped(
    tmp_path: Path,
    lines: list[str],
    *args: str,
    environ: dict[str, str] | None = None,
    name: str | None = "Sam",
) -> subprocess.CompletedProcess[str]:
    """`rolefit quiz ARGS` on the tiny bank with `lines` piped to its standard input; with
    `--name NAME` unless `name` is None (then the quiz asks for one first)."""
    questions, scoring = write_tiny_bank(tmp_path)
    if name is not None:
        args = (*args, "--name", name)
    env = {k: v for k, v in os.environ.items() if k not in ("ROLEFIT_PLAIN", "TERM")}
    bank = ("--questions", str(questions), "--scoring", str(scoring))
    return subprocess.run(
        [sys.executable, "-m", "rolefit", "quiz", *args, *bank],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=TIMEOUT,
        env={**env, "XDG_STATE_HOME": str(tmp_path / "state"), **(environ or {})},
    )


def asked(bank: Bank, typed: str, flow: Flow | None = None) -> tuple[object, str]:
    """What PlainAsker replies to the flow's current question given `typed`, and what it said."""
    output = io.StringIO()
    reply = PlainAsker(io.StringIO(typed), output).ask(flow or Flow.start(bank))
    return reply, output.getvalue()


# --- the whole quiz, piped ------------------------------------------------------------------


def test_piped_answers_finish_the_quiz_with_the_answers_the_arrow_keys_give(
    tmp_path: Path, bank: Bank
) -> None:
    done = piped(tmp_path, PLAIN_WALK, "--plain", "--save-answers", "mine.yaml")
    assert done.returncode == 0, done.stderr
    kept = read_answers(tmp_path / "mine.yaml", bank)
    assert kept.respondent == "Sam"
    answers = kept.answers
    assert answers["work.led"] == "yes"
    assert answers["work.conflicts"] == "agree"
    assert answers["work.rank"] == ("customers", "roadmap", "execs")
    assert answers["work.multi"] == ("users",)
    assert len(answers) == 10
    assert "Readiness:\n" in done.stdout


def test_each_question_is_printed_with_numbered_options(tmp_path: Path) -> None:
    done = piped(tmp_path, PLAIN_WALK, "--plain")
    assert "Your work · Question 1 of 10\nHave you led a team?\n  1. Yes\n  2. No\n" in done.stdout
    assert "Review: 10 answered" in done.stdout


def test_piped_output_has_no_escape_sequences_at_all(tmp_path: Path) -> None:
    done = piped(tmp_path, PLAIN_WALK, "--plain")
    assert done.returncode == 0
    assert "\x1b" not in done.stdout + done.stderr


def test_rolefit_plain_in_the_environment_takes_piped_answers_too(tmp_path: Path) -> None:
    done = piped(tmp_path, PLAIN_WALK, environ={"ROLEFIT_PLAIN": "1"})
    assert done.returncode == 0, done.stderr


def test_piped_answers_without_plain_are_still_refused(tmp_path: Path) -> None:
    done = piped(tmp_path, PLAIN_WALK)
    assert done.returncode == 2
    assert "needs an interactive terminal" in done.stderr


def test_input_ending_early_keeps_the_answers_and_says_how_to_resume_plainly(
    tmp_path: Path, bank: Bank
) -> None:
    done = piped(tmp_path, PLAIN_WALK[:2], "--plain")
    assert done.returncode == 130
    assert re.search(r"Saved 2 of 10 answers\. Run `\S.* quiz --resume --plain", done.stderr)
    assert "Traceback" not in done.stderr

    rest = piped(tmp_path, PLAIN_WALK[2:], "--plain", "--resume", "--save-answers", "mine.yaml")
    assert rest.returncode == 0, rest.stderr
    assert len(read_answers(tmp_path / "mine.yaml", bank).answers) == 10


# --- in a real terminal -----------------------------------------------------------------


def test_term_dumb_gives_the_plain_quiz_and_it_never_moves_the_cursor(tmp_path: Path) -> None:
    questions, scoring = write_tiny_bank(tmp_path)
    term = quiz(
        tmp_path,
        *("--questions", questions.name, "--scoring", scoring.name),
        environ={"TERM": "dumb"},
    )
    for line in PLAIN_WALK:
        term.wait_for_idle(0.3)
        term.send(line + ENTER)
    assert term.finish() == 0
    seen = term.transcript.decode()
    assert "  1. Yes" in seen
    assert "Answers kept in" in seen
    assert CURSOR_OR_CLEAR.search(seen) is None


def test_the_environment_chooses_plain_for_rolefit_plain_or_a_dumb_terminal() -> None:
    assert plain_wanted({"ROLEFIT_PLAIN": "1"})
    assert plain_wanted({"TERM": "dumb"})
    assert not plain_wanted({"ROLEFIT_PLAIN": "0", "TERM": "xterm-256color"})
    assert not plain_wanted({})


# --- one question at a time -------------------------------------------------------------


def test_a_number_out_of_range_is_asked_again(bank: Bank) -> None:
    reply, said = asked(bank, "7\n2\n")
    assert reply == "no"
    assert "'7' is not an answer here. Type a number from 1 to 2." in said


def test_there_is_no_going_back_from_the_first_question(bank: Bank) -> None:
    reply, said = asked(bank, "b\n1\n")
    assert reply == "yes"
    assert "This is the first question" in said


def test_a_required_question_cannot_be_skipped(bank: Bank) -> None:
    reply, said = asked(bank, "s\n1\n")
    assert reply == "yes"
    assert "cannot be skipped" in said


def test_b_goes_back_and_s_skips_where_allowed(bank: Bank) -> None:
    second = walk(Flow.start(bank), ["yes"])
    assert asked(bank, "b\n", second)[0] is Move.BACK
    assert asked(bank, "s\n", second)[0] is Move.SKIP


def test_a_question_mark_shows_the_help_and_asks_again(bank: Bank) -> None:
    reply, said = asked(bank, "?\n1\n")
    assert reply == "yes"
    assert "Any team counts." in said


def test_an_empty_line_keeps_the_answer_given_before(bank: Bank) -> None:
    back_on_first = walk(Flow.start(bank), ["no", Move.BACK])
    reply, said = asked(bank, "\n", back_on_first)
    assert reply == "no"
    assert "Enter keeps No" in said


def test_an_empty_line_with_nothing_to_keep_is_asked_again(bank: Bank) -> None:
    reply, said = asked(bank, "\n2\n")
    assert reply == "no"
    assert "Type an answer." in said


def test_a_multi_choice_takes_several_numbers_within_its_limits(bank: Bank) -> None:
    rank = ("customers", "execs", "roadmap")
    at_multi = walk(Flow.start(bank), ["yes", "agree", "agree", "agree", "phone", rank])
    assert at_multi.current is not None and at_multi.current.id == "work.multi"
    reply, said = asked(bank, "1 2 3\n1, 2\n", at_multi)
    assert reply == ("users", "risks")
    assert "Pick 1 to 2; you typed 3." in said


def test_a_ranking_needs_every_option_once(bank: Bank) -> None:
    at_rank = walk(Flow.start(bank), ["yes", "agree", "agree", "agree", "phone"])
    assert at_rank.current is not None and at_rank.current.id == "work.rank"
    reply, said = asked(bank, "1 2\n1 1 2\n3 1 2\n", at_rank)
    assert reply == ("roadmap", "customers", "execs")
    assert "Put all 3 in order; you typed 2." in said
    assert "Each number counts once" in said


def test_the_review_changes_a_question_by_its_number_or_scores_on_enter(bank: Bank) -> None:
    replies: list[Reply] = ["no", "agree", "agree", "phone", ("customers", "execs", "roadmap")]
    done = walk(Flow.start(bank), [*replies, ("users",), "capable", "capable", "capable"])
    assert done.at_review
    output = io.StringIO()
    assert PlainAsker(io.StringIO("42\n2\n"), output).review(done) == "work.many"
    assert "There is no question 42" in output.getvalue()
    assert PlainAsker(io.StringIO("\n"), io.StringIO()).review(done) is None


@pytest.mark.parametrize(("typed", "resumes"), [("\n", True), ("y\n", True), ("maybe\nn\n", False)])
def test_saved_progress_is_resumed_unless_n_is_typed(typed: str, resumes: bool) -> None:
    assert PlainAsker(io.StringIO(typed), io.StringIO()).resume("1 of 9 answered") is resumes


def test_end_of_input_is_an_interruption_not_an_answer(bank: Bank) -> None:
    with pytest.raises(EOFError):
        asked(bank, "")


def test_a_typed_escape_sequence_is_shown_escaped_never_sent_to_the_terminal(bank: Bank) -> None:
    _, said = asked(bank, "\x1b[2J\n1\n")
    assert "\x1b" not in said
    assert "\\x1b[2J" in said


# --- the result, plainly ----------------------------------------------------------------


def test_the_plain_result_has_every_part_of_the_card_and_draws_nothing(bank: Bank) -> None:
    answers: dict[str, Answer] = {
        "work.led": "yes",
        "work.conflicts": "agree",
        "work.many": "agree",
        "work.one": "disagree",
        "work.pick": "rollout",
        "work.rank": ("execs", "roadmap", "customers"),
        "work.multi": ("risks",),
        "skills.risk": "novice",
    }
    result = score_answers(bank, answers, "Sam")
    text = result_plain(result, width=60)
    for heading in ("Dimensions:", "Why:", "Readiness:", "Next steps:", "Sources:"):
        assert f"\n{heading}\n" in text
    assert text.startswith("Result for Sam\n")
    assert result.headline in " ".join(text.split())
    assert all(len(line) <= 60 for line in text.splitlines())
    drawn = {c for c in text if "BOX DRAWINGS" in unicodedata.name(c, "") or c in "▶◀■□█"}
    assert drawn == set()


@pytest.mark.parametrize(("typed", "respondent"), [("Ada  Lovelace", "Ada Lovelace"), ("", None)])
def test_without_a_name_the_plain_quiz_asks_for_one_and_enter_leaves_it_out(
    tmp_path: Path, bank: Bank, typed: str, respondent: str | None
) -> None:
    done = piped(tmp_path, [typed, *PLAIN_WALK], "--plain", "--save-answers", "a.yaml", name=None)
    assert done.returncode == 0, done.stderr
    assert "Your name, for the report (optional; press Enter to skip)" in done.stdout
    assert read_answers(tmp_path / "a.yaml", bank).respondent == respondent


def test_a_name_that_is_not_text_is_asked_again() -> None:
    output = io.StringIO()
    name = PlainAsker(io.StringIO("\udcff\x1b[2J\nAda\n"), output).name()
    assert name == "Ada"
    assert "plain text" in output.getvalue()
    assert "\x1b" not in output.getvalue()


def test_a_name_option_that_is_not_text_is_refused_before_the_first_question(
    tmp_path: Path,
) -> None:
    done = piped(tmp_path, PLAIN_WALK, "--plain", name="\udcff")
    assert done.returncode == 2
    assert "--name: holds control characters" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_line_too_long_for_any_answer_is_asked_again(bank: Bank) -> None:
    reply, said = asked(bank, "9" * 5000 + "\n" + "1" * 20 + "\n2\n")
    assert reply == "no"
    assert "over 1000 characters" in said
    assert "is not an answer here" in said  # twenty digits: no option's number


def test_input_ending_at_the_name_says_nothing_was_saved(tmp_path: Path) -> None:
    done = piped(tmp_path, [], "--plain", name=None)
    assert done.returncode == 130
    assert "Stopped before the first question; nothing was saved." in done.stderr


def test_a_full_disk_mid_quiz_says_the_last_answer_was_not_saved_and_how_to_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from rolefit.cli import app
    from rolefit.errors import FileSystemError
    from rolefit.quiz.store import Store

    saves: list[object] = []
    save = Store.save

    def full_after_three(self: Store, *args: object, **kwargs: object) -> None:
        if len(saves) == 3:  # the start, then two answers: the third answer finds no room
            raise FileSystemError(
                "progress.json", "cannot write: no space left on the device; the file is unchanged"
            )
        saves.append(args)
        save(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save", full_after_three)
    questions, scoring = write_tiny_bank(tmp_path)
    done = CliRunner().invoke(
        app,
        [
            "quiz",
            "--plain",
            "--name",
            "Sam",
            *("--questions", str(questions)),
            "--scoring",
            str(scoring),
        ],
        input="".join(line + "\n" for line in PLAIN_WALK),
        env={"XDG_STATE_HOME": str(tmp_path / "state"), "ROLEFIT_PLAIN": "", "TERM": "xterm"},
    )
    assert done.exit_code == 1
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("rolefit: progress.json: cannot write: no space left on the device")
    assert "your last answer was not saved (2 of 10 are)" in line
    assert re.search(r"then run `\S.* quiz --resume --plain.*` to go on$", line)
