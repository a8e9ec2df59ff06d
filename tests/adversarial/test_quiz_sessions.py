"""Class 5 of issue 10 in a real terminal: answers are never lost to a second quiz.

Two people on one laptop share the state folder: a second quiz on the same bank must say
plainly that another one is running (and leave the first alone), and every finished quiz
keeps its own answers file. What needs no terminal is in the corpus (`lost.*` cases).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.adversarial.harness import UNSAFE_BYTES
from tests.quiz_support import CTRL_C, ENTER, SPACE, Terminal, write_tiny_bank

# (what the screen shows when the question is asking, keys) through the tiny bank's short form.
SHORT_WALK = (
    ("Have you led a team?", "1" + ENTER),
    ("I enjoyed settling disagreements", "4" + ENTER),
    ("I like running many projects", "2" + ENTER),
    ("I like going deep on one product", "5" + ENTER),
    ("Which would you rather own?", ENTER),
    ("Which would you enjoy?", SPACE + ENTER),
    ("Managing risks", "3" + ENTER),
)
BUSY = r"(?i)another quiz|already running|is running|in use|locked"


def start(folder: Path, *args: str) -> Terminal:
    questions, scoring = write_tiny_bank(folder)
    bank = ["--questions", questions.name, "--scoring", scoring.name]
    return Terminal([*bank, *args], state_home=folder / "state", cwd=folder)


def finish_walk(term: Terminal) -> int:
    for prompt, keys in SHORT_WALK:
        term.answer(prompt, keys)
    term.answer("Score my answers", ENTER)
    return term.finish()


def test_a_second_quiz_on_the_same_bank_says_another_is_running(tmp_path: Path) -> None:
    first = start(tmp_path)
    first.answer("Have you led a team?", "2" + ENTER)
    first.wait_for("I like running many projects")

    second = start(tmp_path)
    line = second.wait_for_line(BUSY)
    code = second.finish()
    said = b"\n".join(line.encode() for line in second.history())
    assert code in (1, 2), f"the second quiz ended with {code}: {line}"
    assert b"Traceback" not in second.transcript
    assert UNSAFE_BYTES.search(said) is None

    first.wait_for_idle()
    first.send(CTRL_C)
    assert first.finish() == 130
    progress = list((tmp_path / "state" / "rolefit").glob("*.progress.json"))
    assert len(progress) == 1
    assert yaml.safe_load(progress[0].read_text())["answers"] == {"work.led": "no"}


def test_finished_quizzes_never_overwrite_each_others_answers(tmp_path: Path) -> None:
    assert finish_walk(start(tmp_path, "--short", "--name", "Ann")) == 0
    assert finish_walk(start(tmp_path, "--short", "--name", "Ben")) == 0
    kept = sorted((tmp_path / "state" / "rolefit").glob("*.answers.yaml"))
    respondents = sorted(yaml.safe_load(path.read_text())["respondent"] for path in kept)
    assert respondents == ["Ann", "Ben"]


def test_a_killed_quiz_leaves_no_temporary_file_and_no_stale_lock(tmp_path: Path) -> None:
    first = start(tmp_path)
    first.answer("Have you led a team?", "2" + ENTER)
    first.wait_for("I like running many projects")
    first.child.kill(9)
    first.child.close(force=True)

    second = start(tmp_path, "--resume")
    second.wait_for("Question 2 of")  # resumed after the one answer: the lock was let go
    second.wait_for_idle()
    second.send(CTRL_C)
    assert second.finish() == 130
    state = tmp_path / "state" / "rolefit"
    known = re.compile(r"[^.][^/]*\.(progress\.json|answers\.yaml|lock)")
    assert [path.name for path in state.iterdir() if not known.fullmatch(path.name)] == []
