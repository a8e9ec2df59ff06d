"""The adversarial corpus: every class of issue 10 as cases run through the real CLI.

Each case makes its own folder (files, FIFOs, device nodes, symlinks), names the command to run
in it and says what must come of it: the exit code (bad input 2; file-system and runtime
failures 1; a report that skipped or could not score some files 1; never 70), a fragment of
stderr, and the paths in the folder that may change: anything else created, removed or changed
fails the case. `harness.assert_clean` holds for every case. Where issue 10 leaves a choice
open (whether a lone surrogate in a name is refused or shown escaped, whether ASCII-only
stdout gets the card or a clear exit 1), a case accepts each answer it allows and `why` says so.

Cases are spec, not today's behaviour: many fail until the fixes of issue 10 land.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tests.adversarial.harness import (
    MAX_STDERR_LINES,
    Entry,
    Outcome,
    Output,
    StdoutTarget,
    changes,
    describe,
    entry,
    isolated_env,
    permissions_apply,
    problems,
    restore_device,
    run_cli,
    snapshot,
    unsafe_in,
    visible,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "answers.yaml"
MINI_QUESTIONS = ROOT / "tests" / "data" / "mini_questions.yaml"
MINI_SCORING = ROOT / "tests" / "data" / "mini_scoring.yaml"
MINI_BANK = ("--questions", str(MINI_QUESTIONS), "--scoring", str(MINI_SCORING))

# Ten times the goal of benchmarks/adversarial.py (1 s a case), so that a busy machine does not
# make a case flaky: a case that takes longer hangs.
CASE_TIMEOUT = float(os.environ.get("ROLEFIT_ADVERSARIAL_TIMEOUT", "10"))
# As root, `-o /dev/null` with a writer that replaces its target replaces the machine's
# /dev/null. The output cases aim at device nodes of the same numbers made in the case's folder
# unless this is set (the run then puts back any device it finds replaced).
REAL_DEVICES = "ROLEFIT_ADVERSARIAL_REAL_DEVICES"

OK, FAILED, BAD_INPUT = 0, 1, 2

CLASSES = {
    "crash": "1 crashes and hangs",
    "output": "2 output targets",
    "hostile": "3 hostile input and environment",
    "escape": "4 terminal escapes",
    "lost": "5 lost answers",
    "sloppy": "6 sloppy values",
}

# Escape sequences that retitle a window (OSC), clear the screen and colour text (CSI, also as
# the one-byte C1 CSI), reverse the reading order (U+202E) and isolate it (U+2066), DEL,
# backspace and NUL. `quoted` writes it as a YAML (and JSON) double-quoted scalar.
PAYLOAD = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b1m\u202eevil\u2066\x7f\x08\x00end"
FILE_PAYLOAD = "\x1b]0;pwned\x07\x1b[2J\x9b1m\u202eevil.yaml"

MINI_ANSWERS = """\
respondent: Mini
bank: mini
answers:
  work.led: "yes"
  work.many: agree
  work.one: disagree
  work.pick: phone
  work.conflicts: neutral
  work.rank: [customers, execs]
  work.multi: [users]
  skills.risk: capable
  skills.research: strong
  skills.talk: basic
"""
MINI_CONDITION = 'when: {equals: {question: work.led, answer: "yes"}}'


class CaseSkipped(Exception):
    """This machine cannot set the case up (the reason says why)."""


Check = Callable[[Path, Outcome], None]


@dataclass(frozen=True)
class Invocation:
    """What a case runs in its folder, and how."""

    args: tuple[str, ...]
    stdin: bytes | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    stdout: StdoutTarget = "pipe"
    drop_dac: bool = False
    watch: tuple[Path, ...] = ()  # outside the folder; must be left exactly as they are
    check: Check | None = None  # more assertions, on the folder and the outcome


@dataclass(frozen=True)
class Case:
    name: str
    klass: str
    setup: Callable[[Path], Invocation]
    expected_exit: frozenset[int]
    stderr_contains: str | re.Pattern[str] | None = None
    touches: frozenset[str] = frozenset()
    output: Output = "text"
    max_stderr_lines: int = MAX_STDERR_LINES
    traceback_ok: bool = False
    why: str = ""
    timeout: float = CASE_TIMEOUT

    @property
    def expected(self) -> str:
        return "|".join(str(code) for code in sorted(self.expected_exit))


CASES: list[Case] = []


def case(
    klass: str,
    expected_exit: int | Iterable[int],
    *,
    stderr: str | re.Pattern[str] | None = None,
    touches: Iterable[str] = (),
    output: Output = "text",
    stderr_lines: int = MAX_STDERR_LINES,
    traceback_ok: bool = False,
    why: str = "",
) -> Callable[[Callable[[Path], Invocation]], Callable[[Path], Invocation]]:
    """Register the decorated setup as the case `<klass>.<function name with dashes>`."""
    assert klass in CLASSES

    def register(setup: Callable[[Path], Invocation]) -> Callable[[Path], Invocation]:
        codes = {expected_exit} if isinstance(expected_exit, int) else set(expected_exit)
        CASES.append(
            Case(
                name=f"{klass}.{setup.__name__.replace('_', '-')}",
                klass=klass,
                setup=setup,
                expected_exit=frozenset(codes),
                stderr_contains=stderr,
                touches=frozenset(touches),
                output=output,
                max_stderr_lines=stderr_lines,
                traceback_ok=traceback_ok,
                why=why,
            )
        )
        return setup

    return register


# --- running a case ------------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """A case run in its folder, with the folder before and after."""

    case: Case
    folder: Path
    invocation: Invocation
    outcome: Outcome
    before: dict[str, Entry | None]
    after: dict[str, Entry | None]
    watched_before: dict[str, Entry | None]
    watched_after: dict[str, Entry | None]
    restored: tuple[str, ...]

    def failures(self) -> list[str]:
        """Every way this run missed its case, each as a short phrase; empty if it passed."""
        case, outcome = self.case, self.outcome
        found: list[str] = []
        if outcome.exit_code not in case.expected_exit and not outcome.timed_out:
            found.append(f"exit {outcome.exit_code}, expected {case.expected}")
        fragment = case.stderr_contains
        if fragment is not None and not outcome.timed_out:
            text = outcome.stderr_text
            hit = fragment.search(text) if isinstance(fragment, re.Pattern) else fragment in text
            if not hit:
                shown = fragment.pattern if isinstance(fragment, re.Pattern) else fragment
                found.append(f"stderr lacks {shown!r}")
        found += problems(
            outcome,
            output=case.output,
            max_stderr_lines=case.max_stderr_lines,
            traceback_ok=case.traceback_ok,
        )
        if (
            outcome.exit_code == 0
            and self.invocation.stdout == "pipe"
            and not {"-o", "--output"} & set(self.invocation.args)
            and not outcome.stdout.strip()
        ):
            found.append("exit 0 but nothing on stdout (output lost)")
        for path in changes(self.before, self.after):
            if _in_bank_cache(path, self.after.get(path)):
                continue
            if path not in case.touches:
                was, now = describe(self.before.get(path)), describe(self.after.get(path))
                found.append(f"{visible(path)} changed: {was} -> {now}")
        for path in changes(self.watched_before, self.watched_after):
            was, now = describe(self.watched_before[path]), describe(self.watched_after[path])
            found.append(f"{path} changed: {was} -> {now}")
        found += [f"{path} had to be put back as a device" for path in self.restored]
        if self.invocation.check is not None and not outcome.timed_out:
            try:
                self.invocation.check(self.folder, outcome)
            except AssertionError as error:
                found.append(str(error) or "a check failed")
        return found


def _in_bank_cache(path: str, now: Entry | None) -> bool:
    """Whether `path` is part of rolefit's bank cache as files.bankcache keeps it (private
    folders, private pickles): kept whatever a command's outcome, like Python's byte-code, so
    it is not something a command left behind. Anything else there is still reported."""
    parts = path.split(os.sep)
    if parts[0] != "cache" or now is None:
        return False
    mode, _, what, target = now
    if target is not None:
        return False
    if len(parts) <= 3:  # cache, cache/rolefit (made as any XDG folder), cache/rolefit/banks
        allowed = 0o700 if len(parts) == 3 else 0o777
        return what == "folder" and not stat.S_IMODE(mode) & ~allowed
    return (
        len(parts) == 4
        and parts[3].endswith(".pickle")
        and stat.S_ISREG(mode)
        and stat.S_IMODE(mode) == 0o600
    )


def run_case(case: Case, folder: Path, environ: Mapping[str, str] | None = None) -> Ran:
    """Set `case` up in `folder` (an empty folder), run it, and record what changed; its
    environment is `environ` (os.environ by default) made `isolated_env`."""
    invocation = case.setup(folder)
    before = snapshot(folder)
    watched_before = {str(path): entry(path) for path in invocation.watch}
    restored: list[str] = []
    try:
        outcome = run_cli(
            invocation.args,
            cwd=folder,
            stdin=invocation.stdin,
            env=isolated_env(folder, invocation.env, base=environ),
            timeout=case.timeout,
            stdout=invocation.stdout,
            drop_dac=invocation.drop_dac,
        )
    finally:
        watched_after = {str(path): entry(path) for path in invocation.watch}
        for path in invocation.watch:
            if restore_device(path, watched_before[str(path)]):
                restored.append(str(path))
    after = snapshot(folder)
    _unlock(folder)
    return Ran(
        case,
        folder,
        invocation,
        outcome,
        before,
        after,
        watched_before,
        watched_after,
        tuple(restored),
    )


def _unlock(folder: Path) -> None:
    """Give back the folders a case locked, so that the folder can be removed."""
    for root, folders, _ in os.walk(folder):
        for name in folders:
            path = Path(root, name)
            if not path.is_symlink() and stat.S_IMODE(path.lstat().st_mode) & 0o700 != 0o700:
                path.chmod(0o700)


# --- making files ------------------------------------------------------------------------


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def quoted(text: str) -> str:
    """`text` as a double-quoted scalar, the same in YAML and JSON (escapes, not raw bytes)."""
    return json.dumps(text)


@cache
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def answers_text(respondent: str = "Alex Rivera", **replace: str) -> str:
    """The example answers file with another respondent line and other answers.

    `replace` maps a question id (dots as double underscores) to the text of its new value.
    """
    text = example_text().replace("respondent: Alex Rivera", f"respondent: {respondent}")
    for key, value in replace.items():
        question = key.replace("__", ".")
        pattern = re.compile(rf"(?m)^  {re.escape(question)}: .*$")
        text, count = pattern.subn(f"  {question}: {value}".replace("\\", "\\\\"), text)
        assert count == 1, question
    return text


def mini_bank(
    folder: Path, questions: str | None = None, scoring: str | None = None
) -> tuple[str, ...]:
    """The mini bank written into `folder`, changed as given; the options that pick it."""
    q = write(folder, "bank/questions.yaml", questions or MINI_QUESTIONS.read_text("utf-8"))
    s = write(folder, "bank/scoring.yaml", scoring or MINI_SCORING.read_text("utf-8"))
    return ("--questions", str(q), "--scoring", str(s))


def cohort(folder: Path, name: str = "subs", valid: int = 2) -> Path:
    """A folder of `valid` answers files that score."""
    sub = folder / name
    sub.mkdir(parents=True, exist_ok=True)
    for number in range(valid):
        write(sub, f"ok{number}.yaml", answers_text(f"Person {number}"))
    return sub


def device(folder: Path, name: str) -> tuple[Path, tuple[Path, ...]]:
    """A character device like /dev/NAME to aim at, and the paths to watch outside the folder.

    As root, a node of the same numbers made in the case's folder (see REAL_DEVICES).
    """
    real = Path("/dev", name)
    if os.environ.get(REAL_DEVICES) == "1" or os.geteuid() != 0:
        return real, (real,)
    node = folder / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.stat(real).st_rdev)
    except OSError as error:
        raise CaseSkipped(
            f"cannot make a node like {real} ({error.strerror}); set {REAL_DEVICES}=1 to aim "
            f"at {real} itself"
        ) from None
    return node, ()


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def need_permissions() -> None:
    """Skip the case unless permission bits stop a child started with `drop_dac`."""
    if not permissions_apply():
        raise CaseSkipped(
            "running as root, and root cannot drop CAP_DAC_OVERRIDE here: permission bits "
            "do not apply"
        )


def locked_folder(folder: Path, name: str) -> Path:
    """A folder to lock (run the case with `drop_dac`)."""
    need_permissions()
    path = folder / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def lock(path: Path) -> None:
    path.chmod(0)


@cache
def saved_result() -> str:
    """What `rolefit score examples/answers.yaml --format json` saves."""
    done = subprocess.run(
        [sys.executable, "-m", "rolefit", "score", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        timeout=60,
    )
    if done.returncode != 0:
        raise CaseSkipped(f"cannot save a result to change: {done.stderr.decode()[:200]}")
    return done.stdout.decode("utf-8")


def result_with(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(saved_result())
    data.update(changes)
    return data


def score(*args: str, **options: Any) -> Invocation:
    return Invocation(("score", *args), **options)


def report(*args: str, **options: Any) -> Invocation:
    return Invocation(("report", *args), **options)


def markdown_to(target: Path | str, **options: Any) -> Invocation:
    return score(str(EXAMPLE), "--format", "markdown", "-o", str(target), **options)


def json_field(key: str, expected: Any) -> Check:
    def check(folder: Path, outcome: Outcome) -> None:
        if outcome.exit_code != 0:
            return
        found = json.loads(outcome.stdout).get(key)
        assert found == expected, f"JSON {key} is {found!r}, expected {expected!r}"

    return check


def mentions(fragment: str) -> Check:
    """The run names `fragment`: a report lists invalid files on stdout, skipped ones on stderr."""

    def check(folder: Path, outcome: Outcome) -> None:
        said = outcome.stdout_text + outcome.stderr_text
        assert fragment in said, f"neither stdout nor stderr names {fragment!r}"

    return check


def stdout_contains(fragment: str) -> Check:
    def check(folder: Path, outcome: Outcome) -> None:
        if outcome.exit_code == 0:
            assert fragment in outcome.stdout_text, f"stdout lacks {fragment!r} (dropped?)"

    return check


def file_is_clean(name: str) -> Check:
    def check(folder: Path, outcome: Outcome) -> None:
        path = folder / name
        assert path.is_file(), f"{name} was not written"
        found = unsafe_in(path.read_bytes())
        assert found is None, f"raw {found} in {name}"

    return check


# Deep nesting: brackets that a bracket count sees cancelled by closers the parser never sees.


def flow(levels: int, inner: str = "agree") -> str:
    return "[" * levels + inner + "]" * levels


def deep_answer(value: str, before: str = "") -> str:
    return f"{before}respondent: Deep\nanswers:\n  scope.many_projects: {value}\n"


# === 1. crashes and hangs ================================================================

WHY_DEEP = "nesting far past any real file is refused while parsing: exit 2, no crash"


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP)
def flow_5000(folder: Path) -> Invocation:
    write(folder, "answers.yaml", deep_answer(flow(5000)))
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP)
def block_mappings_1000(folder: Path) -> Invocation:
    lines = ["answers:"] + [" " * (level + 1) + f"k{level}:" for level in range(1000)]
    write(folder, "answers.yaml", "\n".join(lines) + " agree\n")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP)
def block_sequences_5000(folder: Path) -> Invocation:
    write(folder, "answers.yaml", "answers:\n  scope.many_projects:\n    " + "- " * 5000 + "x\n")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP)
def explicit_keys_5000(folder: Path) -> Invocation:
    write(folder, "answers.yaml", "answers:\n  " + "? " * 5000 + "x\n")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP + "; closers in comments")
def closers_in_comments(folder: Path) -> Invocation:
    # Every opener is followed by a closer in a comment: a bracket count never passes 1.
    value = "[ # ]\n    " * 5000 + "agree" + "]" * 5000
    write(folder, "answers.yaml", deep_answer(value))
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP + "; closers in a comment first")
def closers_in_a_comment_first(folder: Path) -> Invocation:
    write(folder, "answers.yaml", deep_answer(flow(5000), before="# " + "]" * 5000 + "\n"))
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP + "; closers in quoted scalars")
def closers_in_quoted_scalars(folder: Path) -> Invocation:
    write(folder, "answers.yaml", deep_answer('["]", ' * 5000 + '"x"' + "]" * 5000))
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP + "; closers in a plain scalar")
def closers_in_a_plain_scalar(folder: Path) -> Invocation:
    write(folder, "answers.yaml", deep_answer(flow(5000), before="note: x" + "]" * 5000 + "\n"))
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_DEEP + "; closers in a block scalar")
def closers_in_a_block_scalar(folder: Path) -> Invocation:
    before = "note: |\n  " + "}" * 2500 + "]" * 2500 + "\n"
    write(folder, "answers.yaml", deep_answer(flow(5000), before=before))
    return score("answers.yaml")


WHY_990 = "990 levels passed every guard and ended in a RecursionError (exit 70)"


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_990)
def deep_990_bank(folder: Path) -> Invocation:
    write(folder, "answers.yaml", "# " + "]" * 990 + "\nbank: " + flow(990, "x") + "\n")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_990)
def deep_990_form(folder: Path) -> Invocation:
    write(folder, "answers.yaml", "form: " + '["]", ' * 990 + '"x"' + "]" * 990 + "\n")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.json", why=WHY_DEEP + "; JSON")
def json_100000(folder: Path) -> Invocation:
    write(
        folder, "answers.json", '{"answers": {"scope.many_projects": ' + flow(100_000, "1") + "}}"
    )
    return score("answers.json")


def not_chain(levels: int, style: str) -> str:
    """A `when` of `levels` nested `not`s around a condition on a question that is not there."""
    inner = '{equals: {question: work.nope, answer: "yes"}}'
    if style == "block":
        lines = ["when:"] + [" " * (10 + 2 * level) + "not:" for level in range(levels)]
        return "\n".join(lines) + "\n" + " " * (10 + 2 * levels) + inner
    return "when: " + "{not: " * levels + inner + "}" * levels


def deep_when(folder: Path, style: str) -> tuple[str, ...]:
    text = MINI_QUESTIONS.read_text("utf-8")
    text = text.replace(MINI_CONDITION, not_chain(300, "block" if style == "block" else "flow"))
    if style == "hidden":
        text = "# " + "}" * 300 + "\n" + text
    return mini_bank(folder, questions=text)


WHY_WHEN = "a few hundred nested `not`s: exit 2 and one short line (was over 1,000 characters)"


@case("crash", BAD_INPUT, stderr="questions.yaml", stderr_lines=1, why=WHY_WHEN)
def when_not_300_flow(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS)
    return score("answers.yaml", *deep_when(folder, "flow"))


@case("crash", BAD_INPUT, stderr="questions.yaml", stderr_lines=1, why=WHY_WHEN)
def when_not_300_hidden(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS)
    return score("answers.yaml", *deep_when(folder, "hidden"))


@case("crash", BAD_INPUT, stderr="questions.yaml", stderr_lines=1, why=WHY_WHEN)
def when_not_300_block(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS)
    return score("answers.yaml", *deep_when(folder, "block"))


@case(
    "crash",
    (FAILED, BAD_INPUT),
    stderr="questions.yaml",
    why="validate: too deep to parse is exit 2; parsed, the unknown question is a finding (1)",
)
def when_not_300_validate(folder: Path) -> Invocation:
    return Invocation(("validate", *deep_when(folder, "hidden")))


def merge_chain(size: int) -> str:
    lines = ["n0: &n0 {a: 0}"]
    total, number = len(lines[0]) + 1, 1
    while total < size:
        line = f"n{number}: &n{number} {{<<: *n{number - 1}, k{number}: {number}}}"
        lines.append(line)
        total += len(line) + 1
        number += 1
    return "\n".join(lines) + "\n"


WHY_MERGE = "merge keys expand within a budget: was 14.5 s and 900 MB (200 KB), 20 s+ (420 KB)"


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_MERGE)
def merge_chain_200k(folder: Path) -> Invocation:
    write(folder, "answers.yaml", merge_chain(200_000))
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_MERGE)
def merge_chain_420k(folder: Path) -> Invocation:
    write(folder, "answers.yaml", merge_chain(420_000))
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why="a fan-out of merges (2^40 if not shared)")
def merge_fan_out(folder: Path) -> Invocation:
    lines = ["m0: &m0 {a: 0}"] + [
        f"m{n}: &m{n} {{<<: [*m{n - 1}, *m{n - 1}], k{n}: {n}}}" for n in range(1, 41)
    ]
    write(folder, "answers.yaml", "\n".join(lines) + "\n")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why="billion laughs: aliases expand in budget")
def billion_laughs(folder: Path) -> Invocation:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    write(folder, "answers.yaml", "\n".join(lines) + "\nanswers: *a9\n")
    return score("answers.yaml")


WHY_SPECIAL = "only regular files are read: a device or FIFO is refused at once (exit 2)"


@case("crash", BAD_INPUT, stderr="/dev/zero", why=WHY_SPECIAL + "; /dev/zero filled memory")
def dev_zero(folder: Path) -> Invocation:
    return score("/dev/zero")


@case("crash", BAD_INPUT, stderr="/dev/urandom", why=WHY_SPECIAL)
def dev_urandom(folder: Path) -> Invocation:
    return score("/dev/urandom")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_SPECIAL + "; a FIFO with no writer hung")
def fifo_without_writer(folder: Path) -> Invocation:
    fifo(folder, "answers.yaml")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="answers.yaml", why=WHY_SPECIAL + "; after resolving symlinks")
def symlink_to_dev_zero(folder: Path) -> Invocation:
    (folder / "answers.yaml").symlink_to("/dev/zero")
    return score("answers.yaml")


@case("crash", BAD_INPUT, stderr="a.yaml", why="a symlink loop is bad input, named")
def symlink_loop(folder: Path) -> Invocation:
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    return score("a.yaml")


@case("crash", BAD_INPUT, stderr="questions.yaml", why="a bank file goes through the same reader")
def bank_file_is_a_fifo(folder: Path) -> Invocation:
    fifo(folder, "questions.yaml")
    return score(str(EXAMPLE), "--questions", "questions.yaml")


@case(
    "crash",
    BAD_INPUT,
    stderr="200",
    why="report over 200 deeply nested files: each refused, none usable (exit 2); it hung",
)
def report_200_nested(folder: Path) -> Invocation:
    body = deep_answer('["]", ' * 990 + '"x"' + "]" * 990)
    for number in range(200):
        write(folder, f"subs/n{number:03}.yaml", body)
    return report("subs")


WHY_WALK = "a folder walk names what it skips and exits 1 (something was skipped)"


@case("crash", FAILED, stderr="loop.yaml", why=WHY_WALK + "; a symlink loop")
def report_symlink_loop(folder: Path) -> Invocation:
    sub = cohort(folder)
    (sub / "loop.yaml").symlink_to("loop.yaml")
    return report("subs")


@case("crash", FAILED, stderr="pipe.yaml", why=WHY_WALK + "; a FIFO")
def report_fifo(folder: Path) -> Invocation:
    cohort(folder)
    fifo(folder, "subs/pipe.yaml")
    return report("subs")


@case("crash", FAILED, stderr="zero.yaml", why=WHY_WALK + "; a symlink to /dev/zero")
def report_device_symlink(folder: Path) -> Invocation:
    sub = cohort(folder)
    (sub / "zero.yaml").symlink_to("/dev/zero")
    return report("subs")


# === 2. output targets ===================================================================

WHY_TARGET = "the writer refuses a non-regular target: exit 1, one line, the target left as is"


@case("output", FAILED, stderr="null", why=WHY_TARGET + "; it replaced /dev/null")
def dev_null(folder: Path) -> Invocation:
    target, watch = device(folder, "null")
    return markdown_to(target, watch=watch)


@case("output", FAILED, stderr="full", why=WHY_TARGET + "; as root it replaced /dev/full, exit 0")
def dev_full(folder: Path) -> Invocation:
    target, watch = device(folder, "full")
    return markdown_to(target, watch=watch)


@case("output", FAILED, stderr="out.md", why=WHY_TARGET + "; a FIFO (and no hang)")
def fifo_target(folder: Path) -> Invocation:
    fifo(folder, "out.md")
    return markdown_to("out.md")


@case("output", FAILED, stderr="out.md", why=WHY_TARGET + "; a symlink to /dev/null stays")
def symlink_to_dev_null(folder: Path) -> Invocation:
    (folder / "out.md").symlink_to("/dev/null")
    return markdown_to("out.md", watch=(Path("/dev/null"),))


@case(
    "output",
    (OK, FAILED),
    touches=["real.md"],
    why="a symlink to a regular file: written through it, or refused; never replaced",
)
def symlink_to_a_file(folder: Path) -> Invocation:
    write(folder, "real.md", "old\n")
    (folder / "out.md").symlink_to("real.md")
    return markdown_to("out.md")


def mode_stays(name: str, mode: int) -> Check:
    def check(folder: Path, outcome: Outcome) -> None:
        now = stat.S_IMODE((folder / name).stat().st_mode)
        assert now == mode, f"{name} is mode {now:o} now, was {mode:o}"
        assert (folder / name).read_text("utf-8").startswith("#"), f"{name} lacks the report"

    return check


@case("output", OK, touches=["out.md"], why="overwriting keeps the file's mode (was 644)")
def keeps_mode_600(folder: Path) -> Invocation:
    write(folder, "out.md", "private\n").chmod(0o600)
    return markdown_to("out.md", check=mode_stays("out.md", 0o600))


@case("output", OK, touches=["out.md"], why="overwriting keeps an unusual mode too")
def keeps_mode_640(folder: Path) -> Invocation:
    write(folder, "out.md", "shared\n").chmod(0o640)
    return markdown_to("out.md", check=mode_stays("out.md", 0o640))


@case("output", FAILED, stderr="newdir", why="`-o newdir/` wrote a file named newdir")
def new_folder_with_slash(folder: Path) -> Invocation:
    return markdown_to("newdir/")


@case("output", FAILED, stderr="there", why="an existing folder with a slash is refused")
def existing_folder_with_slash(folder: Path) -> Invocation:
    (folder / "there").mkdir()
    return markdown_to("there/")


@case("output", FAILED, stderr="there", why="an existing folder is refused, left as it is")
def existing_folder(folder: Path) -> Invocation:
    (folder / "there").mkdir()
    write(folder, "there/keep.txt", "keep\n")
    return markdown_to("there")


@case("output", FAILED, stderr="missing", why="a missing folder: exit 1 and one line")
def missing_folder(folder: Path) -> Invocation:
    return markdown_to("missing/out.md")


@case("output", FAILED, stderr="locked", why="an untraversable folder ended in exit 70")
def untraversable_folder(folder: Path) -> Invocation:
    lock(locked_folder(folder, "locked"))
    return markdown_to("locked/out.md", drop_dac=True)


@case("output", FAILED, stderr="readonly", why="EACCES on a folder one may enter but not write")
def unwritable_folder(folder: Path) -> Invocation:
    locked_folder(folder, "readonly").chmod(0o500)
    return markdown_to("readonly/out.md", drop_dac=True)


@case("output", FAILED, stderr="file.md", why="a file where a folder should be (ENOTDIR)")
def file_as_folder(folder: Path) -> Invocation:
    write(folder, "file.md", "a file\n")
    return markdown_to("file.md/out.md")


@case("output", FAILED, stderr="full", why="JSON to a full device: exit 1, device intact")
def dev_full_json(folder: Path) -> Invocation:
    target, watch = device(folder, "full")
    return score(str(EXAMPLE), "--format", "json", "-o", str(target), watch=watch)


# === 3. hostile input and environment =====================================================


@case("hostile", BAD_INPUT, stderr="answers.yaml", why="mixed key types ended in exit 70")
def mixed_key_types(folder: Path) -> Invocation:
    text = "respondent: Sam\nanswers:\n  1: agree\n  scope.many_projects: agree\n  true: agree\n"
    write(folder, "answers.yaml", text + "  2.5: agree\n  null: agree\n")
    return score("answers.yaml")


@case("hostile", BAD_INPUT, stderr="answers.yaml", output="json", why="mixed keys at the top")
def mixed_key_types_at_the_top(folder: Path) -> Invocation:
    write(folder, "answers.yaml", "1: one\nrespondent: Sam\nnull: x\nanswers: {}\n")
    return score("answers.yaml", "--format", "json")


@case("hostile", FAILED, why="a report lists the file and goes on (exit 1)")
def mixed_key_types_in_a_report(folder: Path) -> Invocation:
    cohort(folder)
    write(folder, "subs/mixed.yaml", "answers:\n  1: agree\n  scope.many_projects: agree\n")
    return report("subs", check=mentions("mixed.yaml"))


def example_json(folder: Path, name: str, respondent: str, **answers: str) -> None:
    data = yaml.safe_load(example_text())
    data["respondent"] = "@@respondent@@"
    data["answers"].update({key.replace("__", "."): f"@@{key}@@" for key in answers})
    text = json.dumps(data, indent=2).replace('"@@respondent@@"', respondent)
    for key, value in answers.items():
        text = text.replace(f'"@@{key}@@"', value)
    write(folder, name, text)


WHY_SURROGATE = "a lone surrogate: refused as bad input (2) or shown escaped (0); never 70"


@case("hostile", (OK, BAD_INPUT), stderr=None, why=WHY_SURROGATE)
def lone_surrogate_name_text(folder: Path) -> Invocation:
    example_json(folder, "answers.json", '"Sam \\ud800"')
    return score("answers.json")


@case("hostile", (OK, BAD_INPUT), output="json", why=WHY_SURROGATE + "; JSON stays strict")
def lone_surrogate_name_json(folder: Path) -> Invocation:
    example_json(folder, "answers.json", '"Sam \\udfff"')
    return score("answers.json", "--format", "json")


@case("hostile", BAD_INPUT, stderr="answers.json", why="a lone surrogate as an answer, shown safe")
def lone_surrogate_answer(folder: Path) -> Invocation:
    example_json(folder, "answers.json", '"Sam"', scope__many_projects='"agree\\ud800"')
    return score("answers.json")


def weights(value: str) -> str:
    text = MINI_SCORING.read_text("utf-8")
    return text.replace("weight: 1.0", f"weight: {value}").replace(
        "weight: 2.0", f"weight: {value}"
    )


WHY_WEIGHT = "bank weights refuse NaN and ±Infinity with file and line (JSON said nan%, exit 0)"


@case("hostile", BAD_INPUT, stderr="scoring.yaml", output="json", why=WHY_WEIGHT)
def bank_weight_inf(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS)
    return score("answers.yaml", "--format", "json", *mini_bank(folder, scoring=weights(".inf")))


@case("hostile", BAD_INPUT, stderr="scoring.yaml", output="json", why=WHY_WEIGHT)
def bank_weight_nan(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS)
    return score("answers.yaml", "--format", "json", *mini_bank(folder, scoring=weights(".nan")))


def pct_in_range(folder: Path, outcome: Outcome) -> None:
    if outcome.exit_code == 0:
        data = json.loads(outcome.stdout)
        assert 0 <= data["product_pct"] <= 100, f"product_pct {data['product_pct']}"


@case(
    "hostile",
    (OK, BAD_INPUT),
    output="json",
    why="1e308 weights: refused as out of range (2) or scored without NaN/Infinity (0)",
)
def bank_weight_1e308(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS)
    bank = mini_bank(folder, scoring=weights("1.0e+308"))
    return score("answers.yaml", "--format", "json", *bank, check=pct_in_range)


@case("hostile", BAD_INPUT, stderr="answers.yaml", why="an answer of .nan is refused")
def answer_nan(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(scope__many_projects=".nan"))
    return score("answers.yaml")


WHY_FULL = "stdout on a full disk: exit 1 and one line (was 70, and a whole traceback)"


@case("hostile", FAILED, why=WHY_FULL)
def stdout_dev_full_text(folder: Path) -> Invocation:
    return score(str(EXAMPLE), stdout=Path("/dev/full"))


@case("hostile", FAILED, why=WHY_FULL)
def stdout_dev_full_json(folder: Path) -> Invocation:
    return score(str(EXAMPLE), "--format", "json", stdout=Path("/dev/full"))


@case("hostile", FAILED, why=WHY_FULL + "; --version")
def stdout_dev_full_version(folder: Path) -> Invocation:
    return Invocation(("--version",), stdout=Path("/dev/full"))


@case("hostile", FAILED, why=WHY_FULL + "; --help")
def stdout_dev_full_help(folder: Path) -> Invocation:
    return Invocation(("--help",), stdout=Path("/dev/full"))


WHY_CLOSED = "stdout closed: exit 1 and one line (JSON was 70; text exit 0 with the card lost)"


@case("hostile", FAILED, why=WHY_CLOSED)
def stdout_closed_text(folder: Path) -> Invocation:
    return score(str(EXAMPLE), stdout="closed")


@case("hostile", FAILED, why=WHY_CLOSED)
def stdout_closed_json(folder: Path) -> Invocation:
    return score(str(EXAMPLE), "--format", "json", stdout="closed")


WHY_ASCII = "PYTHONIOENCODING=ascii: the output (0) or a clear exit 1, never 70"


@case("hostile", (OK, FAILED), why=WHY_ASCII)
def ascii_stdout_text(folder: Path) -> Invocation:
    return score(str(EXAMPLE), env={"PYTHONIOENCODING": "ascii"})


@case("hostile", (OK, FAILED), why=WHY_ASCII)
def ascii_stdout_markdown(folder: Path) -> Invocation:
    return score(str(EXAMPLE), "--format", "markdown", env={"PYTHONIOENCODING": "ascii"})


@case("hostile", (OK, FAILED), output="json", why=WHY_ASCII)
def ascii_stdout_json(folder: Path) -> Invocation:
    return score(str(EXAMPLE), "--format", "json", env={"PYTHONIOENCODING": "ascii"})


@case("hostile", OK, why="COLUMNS=0 printed nothing, exit 0: the card must show")
def columns_0(folder: Path) -> Invocation:
    return score(str(EXAMPLE), env={"COLUMNS": "0"}, check=stdout_contains("Alex Rivera"))


@case("hostile", OK, why="COLUMNS=0 for a report's text view")
def columns_0_report(folder: Path) -> Invocation:
    cohort(folder)
    return report("subs", env={"COLUMNS": "0"})


@case("hostile", OK, why="COLUMNS that are not a width are ignored")
def columns_negative(folder: Path) -> Invocation:
    return score(str(EXAMPLE), env={"COLUMNS": "-3"}, check=stdout_contains("Alex Rivera"))


# === 4. terminal escapes =================================================================

WHY_ESCAPE = "escape sequences from files are shown escaped, never raw"
# A bank is the facilitator's own file: refusing a control character in it with file and
# line (2) is as safe as showing it escaped (0).
SHOWN_OR_REFUSED = (OK, BAD_INPUT)


@case("escape", OK, why=WHY_ESCAPE + "; a name on the card")
def name_text(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(quoted(PAYLOAD)))
    return score("answers.yaml", check=stdout_contains("pwned"))


@case("escape", OK, why=WHY_ESCAPE + "; a name in markdown")
def name_markdown(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(quoted(PAYLOAD)))
    return score("answers.yaml", "--format", "markdown", check=stdout_contains("pwned"))


@case("escape", OK, touches=["out.md"], why=WHY_ESCAPE + "; a name in an exported markdown file")
def name_markdown_file(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(quoted(PAYLOAD)))
    return score(
        "answers.yaml", "--format", "markdown", "-o", "out.md", check=file_is_clean("out.md")
    )


@case("escape", OK, touches=["out.txt"], why=WHY_ESCAPE + "; a name in an exported card")
def name_text_file(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(quoted(PAYLOAD)))
    return score("answers.yaml", "-o", "out.txt", check=file_is_clean("out.txt"))


@case("escape", OK, output="json", why="JSON stays lossless: the name comes back exactly")
def name_json(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(quoted(PAYLOAD)))
    return score("answers.yaml", "--format", "json", check=json_field("respondent", PAYLOAD))


@case("escape", BAD_INPUT, stderr="answers.yaml", why=WHY_ESCAPE + "; an answer in an error line")
def answer_value(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(scope__many_projects=quoted(PAYLOAD)))
    return score("answers.yaml")


@case("escape", BAD_INPUT, stderr="answers.yaml", why=WHY_ESCAPE + "; a question id in an error")
def question_id(folder: Path) -> Invocation:
    text = answers_text().replace("answers:\n", f"answers:\n  {quoted(PAYLOAD)}: agree\n", 1)
    write(folder, "answers.yaml", text)
    return score("answers.yaml")


def mini_with(old: str, new: str) -> str:
    text = MINI_QUESTIONS.read_text("utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


PROMPT = "prompt: I like running many projects at once."
TITLE = "title: Mini bank"


@case("escape", SHOWN_OR_REFUSED, why=WHY_ESCAPE + "; a bank prompt in the questions table")
def bank_prompt_table(folder: Path) -> Invocation:
    bank = mini_bank(folder, questions=mini_with(PROMPT, f"prompt: {quoted(PAYLOAD)}"))
    return Invocation(("questions", *bank))


@case("escape", SHOWN_OR_REFUSED, why=WHY_ESCAPE + "; a bank prompt in the markdown handout")
def bank_prompt_markdown(folder: Path) -> Invocation:
    bank = mini_bank(folder, questions=mini_with(PROMPT, f"prompt: {quoted(PAYLOAD)}"))
    return Invocation(("questions", "--format", "markdown", *bank))


@case(
    "escape",
    SHOWN_OR_REFUSED,
    why=WHY_ESCAPE + "; a bank prompt on the card (reasons quote prompts)",
)
def bank_prompt_card(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS)
    bank = mini_bank(folder, questions=mini_with(PROMPT, f"prompt: {quoted(PAYLOAD)}"))
    return score("answers.yaml", *bank)


@case("escape", SHOWN_OR_REFUSED, why=WHY_ESCAPE + "; a bank title in the questions table")
def bank_title_table(folder: Path) -> Invocation:
    bank = mini_bank(folder, questions=mini_with(TITLE, f"title: {quoted(PAYLOAD)}"))
    return Invocation(("questions", *bank))


@case("escape", SHOWN_OR_REFUSED, why=WHY_ESCAPE + "; a bank title in a report")
def bank_title_report(folder: Path) -> Invocation:
    write(folder, "subs/a.yaml", MINI_ANSWERS)
    write(folder, "subs/b.yaml", MINI_ANSWERS.replace("Mini", "Other"))
    bank = mini_bank(folder, questions=mini_with(TITLE, f"title: {quoted(PAYLOAD)}"))
    return report("subs", *bank)


@case("escape", SHOWN_OR_REFUSED, why=WHY_ESCAPE + "; a bank title in a markdown report")
def bank_title_report_markdown(folder: Path) -> Invocation:
    write(folder, "subs/a.yaml", MINI_ANSWERS)
    bank = mini_bank(folder, questions=mini_with(TITLE, f"title: {quoted(PAYLOAD)}"))
    return report("subs", "--format", "markdown", *bank)


@case("escape", FAILED, stderr="questions.yaml", stderr_lines=20, why=WHY_ESCAPE + "; validate")
def bank_problem_lines(folder: Path) -> Invocation:
    bank = mini_bank(folder, questions=mini_with("type: likert", f"type: {quoted(PAYLOAD)}"))
    return Invocation(("validate", *bank))


@case("escape", FAILED, why=WHY_ESCAPE + "; a file name in a report's text view")
def report_file_name_text(folder: Path) -> Invocation:
    cohort(folder)
    write(folder, "subs/" + FILE_PAYLOAD, "answers: [unclosed\n")
    return report("subs")


@case("escape", FAILED, why=WHY_ESCAPE + "; a file name in a markdown report")
def report_file_name_markdown(folder: Path) -> Invocation:
    cohort(folder)
    write(folder, "subs/" + FILE_PAYLOAD, "answers: [unclosed\n")
    return report("subs", "--format", "markdown")


@case("escape", OK, why=WHY_ESCAPE + "; a respondent in a report's text view")
def report_name_text(folder: Path) -> Invocation:
    sub = cohort(folder)
    write(sub, "evil.yaml", answers_text(quoted(PAYLOAD)))
    return report("subs")


@case("escape", BAD_INPUT, stderr="evil.yaml", why=WHY_ESCAPE + "; a file name in an error")
def file_name_in_error(folder: Path) -> Invocation:
    write(folder, FILE_PAYLOAD, "answers: [unclosed\n")
    return score(FILE_PAYLOAD)


WHY_HEADLINE = "a saved headline with escapes: refused as not rolefit's (2) or shown escaped (0)"


@case("escape", (OK, BAD_INPUT), why=WHY_HEADLINE)
def compare_headline_text(folder: Path) -> Invocation:
    write(folder, "before.json", json.dumps(result_with(headline=PAYLOAD)))
    return Invocation(("compare", "before.json", str(EXAMPLE)))


@case("escape", (OK, BAD_INPUT), why=WHY_HEADLINE + "; markdown")
def compare_headline_markdown(folder: Path) -> Invocation:
    write(folder, "before.json", json.dumps(result_with(headline=PAYLOAD)))
    return Invocation(("compare", "before.json", str(EXAMPLE), "--format", "markdown"))


@case("escape", (OK, BAD_INPUT), why=WHY_HEADLINE + "; a saved respondent in compare's title")
def compare_respondent(folder: Path) -> Invocation:
    write(folder, "before.json", json.dumps(result_with(respondent=PAYLOAD)))
    write(folder, "after.yaml", answers_text(quoted(PAYLOAD)))
    return Invocation(("compare", "before.json", "after.yaml"))


@case("escape", OK, why=WHY_ESCAPE + "; two names in compare's warning line")
def compare_names_warning(folder: Path) -> Invocation:
    write(folder, "a.yaml", answers_text(quoted(PAYLOAD)))
    write(folder, "b.yaml", answers_text(quoted(PAYLOAD + "2")))
    return Invocation(("compare", "a.yaml", "b.yaml"))


# === 5. lost answers (what needs no terminal; the quiz itself: test_quiz_sessions.py) =========

WHY_NO_TTY = "without a terminal the quiz refuses at once: exit 2, one line, nothing kept"


@case("lost", BAD_INPUT, stderr="terminal", stderr_lines=1, why=WHY_NO_TTY + "; --no-input")
def quiz_no_input(folder: Path) -> Invocation:
    return Invocation(("quiz", "--no-input"))


@case("lost", BAD_INPUT, stderr="terminal", stderr_lines=1, why=WHY_NO_TTY)
def quiz_without_a_terminal(folder: Path) -> Invocation:
    return Invocation(("quiz",), stdin=b"1\n2\n")


def seed_progress(folder: Path) -> None:
    """A progress file and a finished answers file, as an earlier quiz left them."""
    state = folder / "state" / "rolefit"
    name = "default-00000000"
    try:
        from rolefit.files.banks import BankFiles, load_bank
        from rolefit.quiz.store import Store

        files = BankFiles.bundled()
        store = Store.for_bank(load_bank(files), files, state)
        name = store.progress.name.removesuffix(".progress.json")
    except Exception:  # the store's names are one engineer's choice; any file will do
        pass
    write(
        state, f"{name}.progress.json", '{"format": 1, "answers": {"scope.one_product": "agree"}}'
    )
    write(state, f"{name}.answers.yaml", answers_text("Earlier"))


@case("lost", BAD_INPUT, stderr="terminal", stderr_lines=1, why=WHY_NO_TTY + "; progress kept")
def quiz_no_input_resume_keeps_progress(folder: Path) -> Invocation:
    seed_progress(folder)
    return Invocation(("quiz", "--no-input", "--resume"))


@case("lost", BAD_INPUT, stderr_lines=1, why="--restart without a terminal deletes nothing")
def quiz_restart_without_a_terminal_keeps_progress(folder: Path) -> Invocation:
    seed_progress(folder)
    return Invocation(("quiz", "--restart"))


@case("lost", BAD_INPUT, stderr_lines=1, why="a bad --export: refused, nothing kept or lost")
def quiz_bad_export(folder: Path) -> Invocation:
    seed_progress(folder)
    return Invocation(("quiz", "--export", "me.pdf"))


@case("lost", BAD_INPUT, stderr_lines=1, why="a broken progress file is not overwritten unasked")
def quiz_broken_progress_kept(folder: Path) -> Invocation:
    seed_progress(folder)
    for path in (folder / "state" / "rolefit").glob("*.progress.json"):
        path.write_text("{not json", encoding="utf-8")
    return Invocation(("quiz", "--no-input", "--resume"))


# === 6. sloppy values ====================================================================

WHY_COMPARE = "compare refuses a result rolefit could not have written: exit 2, file named"


def bad_result(folder: Path, name: str = "before.json", **changes: Any) -> Invocation:
    write(folder, name, json.dumps(result_with(**changes), indent=2))
    return Invocation(("compare", name, str(EXAMPLE)))


@case("sloppy", BAD_INPUT, stderr="before.json", why=WHY_COMPARE + "; NaN")
def compare_nan(folder: Path) -> Invocation:
    return bad_result(folder, product_pct=float("nan"))


@case("sloppy", BAD_INPUT, stderr="before.json", why=WHY_COMPARE + "; Infinity")
def compare_infinity(folder: Path) -> Invocation:
    return bad_result(folder, margin=float("inf"))


@case("sloppy", BAD_INPUT, stderr="before.json", why=WHY_COMPARE + "; negative percentages")
def compare_negative_percentage(folder: Path) -> Invocation:
    return bad_result(folder, product_pct=-5.0, program_pct=105.0)


@case("sloppy", BAD_INPUT, stderr="before.json", why=WHY_COMPARE + "; zero weights (was 70)")
def compare_zero_weights(folder: Path) -> Invocation:
    dimensions = [dict(item, weight=0.0) for item in result_with()["dimensions"]]
    return bad_result(folder, dimensions=dimensions)


@case("sloppy", BAD_INPUT, stderr="before.yaml", why=WHY_COMPARE + "; .nan in a YAML result")
def compare_yaml_nan(folder: Path) -> Invocation:
    text = yaml.safe_dump(result_with(), sort_keys=False)
    text = re.sub(r"(?m)^product_pct: .*$", "product_pct: .nan", text)
    write(folder, "before.yaml", text)
    return Invocation(("compare", "before.yaml", str(EXAMPLE)))


@case("sloppy", BAD_INPUT, stderr="before.json", why=WHY_COMPARE + "; interval outside 0-100")
def compare_interval_out_of_range(folder: Path) -> Invocation:
    return bad_result(folder, interval=[-40.0, 250.0])


@case(
    "sloppy",
    FAILED,
    stderr="locked",
    why="an unreadable subfolder is named and skipped with exit 1 (was skipped silently, 0)",
)
def report_unreadable_subfolder(folder: Path) -> Invocation:
    sub = cohort(folder)
    locked = locked_folder(sub, "locked")
    write(locked, "hidden.yaml", answers_text("Hidden"))
    lock(locked)
    return report("subs", drop_dac=True)


@case("sloppy", FAILED, why="an unreadable file is named (listed or skipped), exit 1")
def report_unreadable_file(folder: Path) -> Invocation:
    need_permissions()
    sub = cohort(folder)
    write(sub, "secret.yaml", answers_text("Secret")).chmod(0)
    return report("subs", drop_dac=True, check=mentions("secret.yaml"))


@case(
    "sloppy",
    BAD_INPUT,
    stderr="missing.yaml",
    traceback_ok=True,
    why="--debug adds the traceback and keeps exit 2 (was 1)",
)
def debug_keeps_2(folder: Path) -> Invocation:
    return Invocation(("--debug", "score", "missing.yaml"))


@case(
    "sloppy",
    BAD_INPUT,
    stderr="answers.yaml",
    traceback_ok=True,
    why="--debug keeps exit 2 for an answer out of range",
)
def debug_keeps_2_for_a_bad_answer(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(scope__many_projects="7"))
    return Invocation(("--debug", "score", "answers.yaml"))


@case("sloppy", FAILED, traceback_ok=True, why="--debug keeps exit 1 for a refused output")
def debug_keeps_1(folder: Path) -> Invocation:
    return Invocation(("--debug", "score", str(EXAMPLE), "-o", "missing/out.md"))


WHY_YAML12 = "YAML 1.2 core schema: scalars keep their text"


@case("sloppy", OK, output="json", why=WHY_YAML12 + "; `yes` was read as True, shown 'True'")
def name_yes(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text("yes"))
    return score("answers.yaml", "--format", "json", check=json_field("respondent", "yes"))


@case("sloppy", OK, output="json", why=WHY_YAML12 + "; `1:30` was read as 90")
def name_sexagesimal(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text("1:30"))
    return score("answers.yaml", "--format", "json", check=json_field("respondent", "1:30"))


@case("sloppy", OK, output="json", why=WHY_YAML12 + "; a date stays text")
def name_date(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text("2026-01-02"))
    return score("answers.yaml", "--format", "json", check=json_field("respondent", "2026-01-02"))


@case("sloppy", BAD_INPUT, stderr=re.compile(r"\bon\b"), why=WHY_YAML12 + "; `on` is not yes")
def on_is_not_yes(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS.replace('work.led: "yes"', "work.led: on"))
    return score("answers.yaml", *MINI_BANK)


@case("sloppy", OK, output="json", why=WHY_YAML12 + "; an unquoted yes is the option yes")
def unquoted_yes_is_the_option(folder: Path) -> Invocation:
    write(folder, "answers.yaml", MINI_ANSWERS.replace('work.led: "yes"', "work.led: yes"))
    return score("answers.yaml", "--format", "json", *MINI_BANK)


def no_forged_line(folder: Path, outcome: Outcome) -> None:
    for line in outcome.stderr_text.splitlines():
        assert not line.startswith("rolefit: forged"), "a value's newline split the error line"


@case(
    "sloppy",
    BAD_INPUT,
    stderr="answers.yaml",
    stderr_lines=1,
    why="line breaks in a value are folded: the error stays one line",
)
def newline_in_a_value(folder: Path) -> Invocation:
    value = quoted("agree\nrolefit: forged\u2028line\x85end")
    write(folder, "answers.yaml", answers_text(scope__many_projects=value))
    return score("answers.yaml", check=no_forged_line)


@case(
    "sloppy",
    BAD_INPUT,
    stderr="answers.yaml",
    stderr_lines=1,
    why="a 200 KB value is cut in the error line (it was echoed whole)",
)
def value_200kb(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text(scope__many_projects="x" * 200_000))
    return score("answers.yaml")


def not_whole(folder: Path, outcome: Outcome) -> None:
    shown = outcome.stdout_text
    assert "y" * 10_000 not in shown and len(shown) < 100_000, "the 200 KB name is shown whole"


@case("sloppy", OK, why="a 200 KB name is cut in markdown")
def name_200kb_markdown(folder: Path) -> Invocation:
    write(folder, "answers.yaml", answers_text("y" * 200_000))
    return score("answers.yaml", "--format", "markdown", check=not_whole)


@case("sloppy", OK, why="a 200 KB name is cut in a report's text view")
def name_200kb_report(folder: Path) -> Invocation:
    sub = cohort(folder)
    write(sub, "long.yaml", answers_text("y" * 200_000))
    return report("subs", check=not_whole)
