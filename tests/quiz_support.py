"""Shared by the quiz tests: a tiny bank, scripted replies, and a real terminal to watch.

The tiny bank is written here rather than borrowed from another test's data, so the quiz tests
pin exactly what they walk through: two sections, every question type, one required question,
and one `when` condition.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pexpect
import pyte
import yaml
from rich.console import Console

from rolefit.core.bank import Bank
from rolefit.core.flow import Flow, Move, Reply
from rolefit.errors import ExitCode
from rolefit.files.banks import BankFiles, load_bank
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.session import play
from rolefit.quiz.store import Store

SOURCE = {"title": "Program management Vs product management", "section": "Key differences"}

TINY_QUESTIONS: dict[str, Any] = {
    "bank": {"id": "tiny", "title": "Tiny bank", "version": 1},
    "sources": [{"title": SOURCE["title"]}],
    "sections": [
        {
            "id": "work",
            "title": "Your work",
            "questions": [
                {
                    "id": "work.led",
                    "type": "choice",
                    "required": True,
                    "short": True,
                    "prompt": "Have you led a team?",
                    "help": "Any team counts.",
                    "source": SOURCE,
                    "options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
                },
                {
                    "id": "work.conflicts",
                    "type": "likert",
                    "short": True,
                    "prompt": "I enjoyed settling disagreements in my team.",
                    "source": SOURCE,
                    "when": {"equals": {"question": "work.led", "answer": "yes"}},
                },
                {
                    "id": "work.many",
                    "type": "likert",
                    "short": True,
                    "prompt": "I like running many projects at once.",
                    "source": SOURCE,
                },
                {
                    "id": "work.one",
                    "short": True,
                    "type": "likert",
                    "prompt": "I like going deep on one product.",
                    "source": SOURCE,
                },
                {
                    "id": "work.pick",
                    "short": True,
                    "type": "choice",
                    "prompt": "Which would you rather own?",
                    "source": SOURCE,
                    "options": [
                        {"id": "phone", "label": "A new phone"},
                        {"id": "rollout", "label": "A network rollout"},
                    ],
                },
                {
                    "id": "work.rank",
                    "type": "rank",
                    "prompt": "Order these tasks.",
                    "source": SOURCE,
                    "options": [
                        {"id": "customers", "label": "Talk to customers"},
                        {"id": "execs", "label": "Report to executives"},
                        {"id": "roadmap", "label": "Plan the roadmap"},
                    ],
                },
                {
                    "id": "work.multi",
                    "short": True,
                    "type": "multi",
                    "min": 1,
                    "max": 2,
                    "prompt": "Which would you enjoy?",
                    "source": SOURCE,
                    "options": [
                        {"id": "users", "label": "User interviews"},
                        {"id": "risks", "label": "Risk reviews"},
                        {"id": "lunch", "label": "Team lunches"},
                    ],
                },
            ],
        },
        {
            "id": "skills",
            "title": "Your skills",
            "questions": [
                {
                    "id": f"skills.{name}",
                    "type": "likert",
                    "kind": "skill",
                    "short": name == "risk",
                    "prompt": label,
                    "source": SOURCE,
                }
                for name, label in (
                    ("risk", "Managing risks"),
                    ("research", "Market research"),
                    ("talk", "Communication"),
                )
            ],
        },
    ],
}

LEVELS = {"product": "Product.", "balanced": "Either.", "program": "Program."}
TINY_SCORING: dict[str, Any] = {
    "dimensions": [
        {"id": "scope", "label": "Scope", "levels": LEVELS},
        {"id": "people", "label": "People", "levels": LEVELS},
        {"id": "foundations", "label": "Foundations", "shared": True, "levels": LEVELS},
    ],
    "items": {
        "work.led": {"options": {"yes": "neutral", "no": "neutral"}},
        "work.conflicts": {
            "keyed": "program",
            "dimensions": ["people"],
            "because": "Program managers balance many stakeholders.",
        },
        "work.many": {
            "keyed": "program",
            "dimensions": ["scope"],
            "because": "Program managers run several projects.",
        },
        "work.one": {
            "keyed": "product",
            "dimensions": ["scope"],
            "because": "Product managers own one product.",
        },
        "work.pick": {
            "options": {
                "phone": {"lean": {"scope": 1.0, "people": 0.5}, "because": "Phones are products."},
                "rollout": {"lean": {"scope": -1.0, "people": -0.5}, "because": "Rollouts run."},
            }
        },
        "work.rank": {
            "options": {
                "customers": {"lean": {"people": 1.0}, "because": "Product managers meet users."},
                "execs": {"lean": {"people": -1.0}, "because": "Program managers report up."},
                "roadmap": "neutral",
            }
        },
        "work.multi": {
            "options": {
                "users": {"lean": {"people": 1.0}, "because": "Product managers interview."},
                "risks": {"lean": {"people": -1.0}, "because": "Program managers review risks."},
                "lunch": "neutral",
            }
        },
    },
    "skills": {
        "skills.risk": {
            "label": "Risk management",
            "dimension": "foundations",
            "roles": ["program"],
            "grow": {"program": "Program managers mitigate risks."},
        },
        "skills.research": {
            "label": "Market research",
            "dimension": "foundations",
            "roles": ["product"],
            "grow": {"product": "Product managers research the market."},
        },
        "skills.talk": {
            "label": "Communication",
            "dimension": "foundations",
            "roles": ["product", "program"],
            "grow": {"product": "Keep people informed.", "program": "Report on health."},
        },
    },
}

# One full walk through the tiny bank (leading a team, so the condition holds): 10 answers.
FULL_WALK: tuple[Reply, ...] = (
    "yes",
    "agree",
    "disagree",
    "strongly_agree",
    "phone",
    ("customers", "roadmap", "execs"),
    ("users",),
    "capable",
    "strong",
    "basic",
)


def write_tiny_bank(
    folder: Path,
    questions: dict[str, Any] | None = None,
    scoring: dict[str, Any] | None = None,
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    questions_path, scoring_path = folder / "questions.yaml", folder / "scoring.yaml"
    questions_path.write_text(yaml.safe_dump(questions or TINY_QUESTIONS, sort_keys=False))
    scoring_path.write_text(yaml.safe_dump(scoring or TINY_SCORING, sort_keys=False))
    return questions_path, scoring_path


def tiny_bank_files(folder: Path) -> BankFiles:
    return BankFiles(*write_tiny_bank(folder))


def tiny_bank(folder: Path) -> Bank:
    return load_bank(tiny_bank_files(folder))


def walk(flow: Flow, replies: Sequence[Reply]) -> Flow:
    for reply in replies:
        flow = flow.apply(reply)
    return flow


class ScriptedAsker:
    """Answers the quiz from a list; raises KeyboardInterrupt when the list runs out early."""

    def __init__(
        self,
        replies: Sequence[Reply],
        reviews: Sequence[str | None] = (None,),
        resume: bool = True,
        name: str | None = None,
    ) -> None:
        self.name_answer = name
        self.names_asked = 0
        self.replies = list(replies)
        self.reviews = list(reviews)
        self.resume_answer = resume
        self.asked: list[str] = []
        self.resume_summaries: list[str] = []

    def ask(self, flow: Flow) -> Reply:
        assert flow.current is not None
        self.asked.append(flow.current.id)
        if not self.replies:
            raise KeyboardInterrupt
        return self.replies.pop(0)

    def review(self, flow: Flow) -> str | None:
        if not self.reviews:
            raise KeyboardInterrupt
        return self.reviews.pop(0)

    def resume(self, summary: str) -> bool:
        self.resume_summaries.append(summary)
        return self.resume_answer

    def name(self) -> str | None:
        self.names_asked += 1
        return self.name_answer


SKIP, BACK = Move.SKIP, Move.BACK


class Run:
    """One in-process quiz: what it printed, what it told, what it left on disk."""

    def __init__(
        self, bank: Bank, files: BankFiles, folder: Path, session: str | None = None
    ) -> None:
        self.bank = bank
        self.files = files
        self.store = Store.for_bank(bank, files, folder / "state", session=session)
        self.card = Console(record=True, file=io.StringIO(), width=80)
        self.messages = io.StringIO()

    def play(self, asker: ScriptedAsker, **options: object) -> ExitCode:
        quiz_options = QuizOptions(**options)  # type: ignore[arg-type]
        return play(
            self.bank, self.files, quiz_options, asker, self.store, self.card, self.messages
        )


# --- a real terminal ---------------------------------------------------------------------

ROWS, COLUMNS = 24, 80
UP, DOWN, ENTER, SPACE, CTRL_C = "\x1b[A", "\x1b[B", "\r", " ", "\x03"

# (what the screen shows when the question is asking, keys) for the tiny bank, leading a team.
WALK_TO_REVIEW = (
    ("Have you led a team?", "1" + ENTER),
    ("I enjoyed settling disagreements", "4" + ENTER),
    ("I like running many projects", "2" + ENTER),
    ("I like going deep on one product", "5" + ENTER),
    ("Which would you rather own?", ENTER),
    ("Which first?", ENTER),
    ("Which next?", "2" + ENTER),
    ("Which would you enjoy?", SPACE + ENTER),
    ("Managing risks", "3" + ENTER),
    ("Market research", "4" + ENTER),
    ("Communication", "2" + ENTER),
)


class Terminal:
    """`rolefit quiz` in a pseudo-terminal, with pyte showing what a person would see."""

    def __init__(
        self,
        args: Sequence[str],
        state_home: Path,
        cwd: Path,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        # The caller's colour and plain-mode settings must not leak into what tests see.
        inherited = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ROLEFIT_PLAIN")}
        env = {
            **inherited,
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "XDG_STATE_HOME": str(state_home),
            "TERM": "xterm",
            "COLUMNS": str(COLUMNS),
            "LINES": str(ROWS),
            **(environ or {}),
        }
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.transcript = b""
        self.ended = False
        self.child = pexpect.spawn(
            sys.executable,
            # A name is asked for unless given; `--name ""` is none, without the question.
            ["-m", "rolefit", "quiz", *args, *([] if "--name" in args else ["--name", ""])],
            env=env,
            cwd=str(cwd),
            dimensions=(ROWS, COLUMNS),
            timeout=10,
        )

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _pump(self, wait: float) -> bool:
        """Feed whatever the quiz drew within `wait` seconds to the screen; False if nothing."""
        try:
            chunk = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return False
        except pexpect.EOF:
            self.ended = True
            return False
        self.transcript += chunk
        self.stream.feed(chunk)
        return True

    def wait_for(self, text: str, timeout: float = 10.0) -> None:
        """Until `text` is on the screen; fails showing the screen if it never comes."""
        deadline = time.monotonic() + timeout
        while text not in self.text:
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}; the screen shows:\n{self.text}")
            if not self._pump(0.05) and self.ended:
                raise AssertionError(f"quiz ended before {text!r}; the screen shows:\n{self.text}")

    def wait_for_line(self, pattern: str, timeout: float = 10.0) -> str:
        """Until a line on the screen matches the regex `pattern`; that line."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.text.splitlines():
                if re.search(pattern, line):
                    return line
            if time.monotonic() > deadline:
                raise AssertionError(f"no line matches {pattern!r}; the screen shows:\n{self.text}")
            if not self._pump(0.05) and self.ended:
                raise AssertionError(f"quiz ended; no line matches {pattern!r}:\n{self.text}")

    def wait_for_idle(self, quiet: float = 0.1) -> None:
        """Until nothing is drawn for `quiet` seconds, so keys reach the prompt on show."""
        while self._pump(quiet):
            pass

    def send(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)

    def answer(self, prompt: str, *keys: str) -> None:
        """Wait for the prompt to be the one asking, then type."""
        self.wait_for(prompt)
        self.wait_for_idle()
        self.send(*keys)

    def finish(self, timeout: float = 15.0) -> int:
        """Read to the end; the exit status."""
        deadline = time.monotonic() + timeout
        while not self.ended:
            if time.monotonic() > deadline:
                raise AssertionError(f"quiz did not end; the screen shows:\n{self.text}")
            self._pump(0.05)
        self.child.close()
        status = self.child.exitstatus
        return int(status) if status is not None else -1

    def history(self) -> Iterator[str]:
        """Every line ever drawn, for what has scrolled off the top of the screen."""
        rendered = pyte.Screen(COLUMNS, 2000)
        pyte.ByteStream(rendered).feed(self.transcript)
        yield from (line.rstrip() for line in rendered.display)


def quiz(tmp_path: Path, *args: str, environ: Mapping[str, str] | None = None) -> Terminal:
    return Terminal(args, state_home=tmp_path / "state", cwd=tmp_path, environ=environ)
