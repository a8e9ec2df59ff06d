"""Issue 10's invariants over generated input, in process: the reader, the scorer, the renderers.

Whatever a file holds, `reading.parse` returns data or raises a RolefitError; an answers
document is accepted or refused with a RolefitError, never another exception; a result has no
NaN or Infinity in it; and the card, the markdown report and the bank's views carry no raw
control character, whatever the names, answers, prompts and titles were. JSON stays lossless.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from functools import cache
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from rolefit.core.bank import Bank, build_bank
from rolefit.core.result import Result
from rolefit.core.scoring import score
from rolefit.errors import RolefitError
from rolefit.files import reading
from rolefit.files.answers import answers_in
from rolefit.files.banks import BankFiles, load_bank
from rolefit.render.bank_views import questions_markdown, questions_table
from rolefit.render.card import result_card
from rolefit.render.json import result_json
from rolefit.render.markdown import result_markdown
from tests.adversarial.corpus import MINI_QUESTIONS, MINI_SCORING
from tests.adversarial.harness import unsafe_in

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@cache
def mini_bank() -> Bank:
    return load_bank(BankFiles(MINI_QUESTIONS, MINI_SCORING))


# --- text that could be anything ---------------------------------------------------------

# C0 and C1 controls, DEL, escape sequences, bidirectional overrides and isolates, line and
# paragraph separators, and a few ordinary letters to hold them together.
NASTY = (
    "\x00\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x85\x9b\u200e\u202a\u202e\u2028\u2029\u2066\u2069"
    "\ufeffaZ é→ "
)
nasty_text = st.text(alphabet=st.sampled_from(NASTY), max_size=30) | st.text(max_size=30)
ESCAPES = [
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\x1b[31m",
    "\x9b1m",
    "\u202eevil",
    "\x1b]8;;http://x\x1b\\",
]
names = st.one_of(
    nasty_text,
    st.lists(st.sampled_from(ESCAPES) | nasty_text, max_size=5).map("".join),
    st.text(min_size=190, max_size=400),
)

# Scalars whose meaning differs between YAML 1.1 and 1.2, numbers at the edges, tags, and
# bits of syntax that should never reach a constructor.
SPECIALS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "ON", "true", "False", "~", "null", "NULL",
    ".inf", "-.inf", ".nan", ".NaN", "1:30", "190:20:30", "0o17", "0x1F", "017", "0b101",
    "1_000", "1e3", "1e308", "1e999", "-1e999", "-0", "+12", "2026-13-45", "2026-01-02",
    "2001-12-14t21:59:43.10-05:00", "<<", "=", "!!python/object:os.system", "!!binary aGk=",
    "!!set {a, b}", "!!omap [a: 1]", "!!float nan", "!!int x", "!!str 1", "!!timestamp x",
    "!custom x", "'single'", '"double"', "@", "`", "%", "*undefined", "? x", "- x", "#c",
    "agree", "strongly_agree", "phone", "users", "3", "0", "7", "work.led", "respondent",
]  # fmt: skip
plain_scalar = st.sampled_from(SPECIALS) | st.from_regex(r"[a-z][a-z0-9._-]{0,10}", fullmatch=True)
quoted_scalar = nasty_text.map(lambda text: json.dumps(text))  # escapes, as a person would
scalar = plain_scalar | quoted_scalar
anchor_id = st.integers(min_value=0, max_value=3)


def collections(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    sequence = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    pairs = st.lists(st.tuples(scalar, children), max_size=4)
    mapping = pairs.map(lambda items: "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}")
    anchored = st.tuples(anchor_id, sequence | mapping).map(lambda a: f"&a{a[0]} {a[1]}")
    merged = st.tuples(anchor_id, pairs).map(
        lambda m: f"{{<<: *a{m[0]}" + "".join(f", {k}: {v}" for k, v in m[1]) + "}"
    )
    return sequence | mapping | anchored | merged


flow_node = st.recursive(scalar | anchor_id.map(lambda n: f"*a{n}"), collections, max_leaves=40)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    node = draw(flow_node)
    depth = draw(st.sampled_from([0, 0, 0, 3, 70, 300]))
    node = "[" * depth + node + "]" * depth
    shape = draw(st.sampled_from(["bare", "key", "block", "answers", "comment"]))
    if shape == "key":
        return f"{draw(scalar)}: {node}\n"
    if shape == "block":
        return f"a:\n  - {node}\n  - b: {draw(scalar)}\n"
    if shape == "answers":
        return f"respondent: {draw(scalar)}\nanswers:\n  work.many: {node}\n"
    if shape == "comment":
        return "# " + "]}" * depth + "\n" + node + "\n"
    return node + "\n"


@SETTINGS
@given(yaml_documents())
def test_the_reader_returns_data_or_a_rolefit_error(text: str) -> None:
    with contextlib.suppress(RolefitError):  # its line is made safe where it is printed
        reading.parse(text, "doc.yaml")


@SETTINGS
@given(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_the_reader_survives_any_text(text: str) -> None:
    for name in ("doc.yaml", "doc.json"):
        with contextlib.suppress(RolefitError):
            reading.parse(text, name)


@pytest.mark.parametrize("token", ["yes", "no", "on", "off", "y", "n", "1:30", "2026-01-02"])
def test_yaml_1_1_scalars_keep_their_text(token: str) -> None:
    assert reading.parse(f"value: {token}\n", "doc.yaml") == {"value": token}


# --- answers files, scored and rendered ---------------------------------------------------

OPTION_IDS = ["yes", "no", "agree", "disagree", "neutral", "phone", "rollout", "customers"]
OPTION_IDS += ["execs", "users", "risks", "lunch", "capable", "strong", "basic", "nope"]
QUESTION_IDS = [
    "work.led", "work.many", "work.one", "work.pick", "work.conflicts", "work.rank",
    "work.multi", "skills.risk", "skills.research", "skills.talk",
]  # fmt: skip
values = st.one_of(
    st.none(),
    st.sampled_from(OPTION_IDS),
    st.integers(min_value=-2, max_value=8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.lists(st.sampled_from(OPTION_IDS), max_size=4),
    names,
)
answer_maps = st.dictionaries(
    st.sampled_from(QUESTION_IDS) | st.from_regex(r"[a-z]{1,6}\.[a-z]{1,6}", fullmatch=True),
    values,
    max_size=12,
)


@st.composite
def answers_documents(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text) of an answers document: JSON (lone surrogates possible) or YAML."""
    document: dict[str, Any] = {"answers": draw(answer_maps)}
    if draw(st.booleans()):
        document["respondent"] = draw(names | st.integers() | st.none())
    if draw(st.booleans()):
        document["bank"] = draw(st.sampled_from(["mini", "default", "x\x1b[2J"]))
    if draw(st.booleans()):
        document["form"] = draw(st.sampled_from(["full", "short", "long"]))
    if draw(st.booleans()):
        text = json.dumps(document)  # NaN and Infinity as JavaScript writes them
        if draw(st.booleans()):
            text = text.replace('"answers"', '"respondent": "x\\ud800", "answers"', 1)
        return "answers.json", text
    return "answers.yaml", yaml.safe_dump(document, allow_unicode=draw(st.booleans()))


def rendered(result: Result, width: int) -> tuple[str, str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(result_card(result))
    card = console.file.getvalue()  # type: ignore[attr-defined]
    return card, result_markdown(result)


def numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, dict):
        return [n for item in value.values() for n in numbers(item)]
    if isinstance(value, list | tuple):
        return [n for item in value for n in numbers(item)]
    return []


def check_result(result: Result, width: int) -> None:
    data = json.loads(result_json(result), parse_constant=lambda name: pytest.fail(name))
    assert all(math.isfinite(n) for n in numbers(data)), "NaN or Infinity in the result"
    assert result.product_pct is None or 0 <= result.product_pct <= 100
    for name, text in zip(("card", "markdown"), rendered(result, width), strict=True):
        found = unsafe_in(text)
        assert found is None, f"raw {found} in the {name}"


@SETTINGS
@given(answers_documents(), st.integers(min_value=20, max_value=160))
def test_any_answers_file_is_scored_and_shown_safely_or_refused(
    document: tuple[str, str], width: int
) -> None:
    name, text = document
    try:
        sheet = answers_in(reading.parse(text, name), text, name, mini_bank())
    except RolefitError:  # its line is made safe where it is printed (the corpus checks it)
        return
    check_result(score(mini_bank(), sheet), width)


VALID = {
    "work.led": "yes",
    "work.many": "agree",
    "work.one": "disagree",
    "work.pick": "phone",
    "work.conflicts": "neutral",
    "work.rank": ["customers", "execs"],
    "work.multi": ["users"],
    "skills.risk": "capable",
}


@SETTINGS
@given(names, st.integers(min_value=20, max_value=160))
def test_any_name_is_shown_safely_and_kept_in_json_with_only_its_spaces_tidied(
    name: str, width: int
) -> None:
    text = json.dumps({"respondent": name, "answers": VALID})
    try:
        sheet = answers_in(reading.parse(text, "a.json"), text, "a.json", mini_bank())
    except RolefitError:
        return  # refusing a name is allowed; showing it raw is not
    result = score(mini_bank(), sheet)
    check_result(result, width)
    kept = json.loads(result_json(result))["respondent"]
    if kept is None:  # only a name with nothing to see becomes no name
        assert all(c.isspace() or not c.isprintable() for c in name)
    else:
        assert kept == " ".join(name.split())


# --- a bank's own texts --------------------------------------------------------------------


@cache
def mini_documents() -> tuple[dict[str, Any], dict[str, Any]]:
    return (
        yaml.safe_load(MINI_QUESTIONS.read_text("utf-8")),
        yaml.safe_load(MINI_SCORING.read_text("utf-8")),
    )


@SETTINGS
@given(names, names, names, st.integers(min_value=20, max_value=160))
def test_bank_titles_prompts_and_labels_are_shown_safely_or_refused(
    title: str, prompt: str, label: str, width: int
) -> None:
    questions, scoring = json.loads(json.dumps(mini_documents()))
    questions["bank"]["title"] = title
    questions["sections"][0]["questions"][1]["prompt"] = prompt
    questions["sections"][0]["questions"][0]["options"][0]["label"] = label
    scoring["dimensions"][0]["label"] = label
    bank, _ = build_bank(questions, scoring)
    if bank is None:
        return
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    console.print(questions_table(bank, bank.questions))
    for name, text in (
        ("table", console.file.getvalue()),  # type: ignore[attr-defined]
        ("handout", questions_markdown(bank, bank.questions)),
    ):
        found = unsafe_in(text)
        assert found is None, f"raw {found} in the {name}"
