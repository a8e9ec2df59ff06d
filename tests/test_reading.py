"""The one way in: regular files only, the cap first, a bounded YAML 1.2 parse, one clear line.

Each class of hostile or careless input is tried through the reader itself (`parse`, `load`,
`read_answers`) and through the real CLI in a subprocess held to 1 GiB of memory and 10 s of
CPU, which must end with its exit code, one line on stderr and no traceback.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml

from rolefit.core.bank import Bank
from rolefit.errors import ExitCode, FileSystemError, InputFileError
from rolefit.files import reading, yaml12
from rolefit.files.answers import read_answers
from rolefit.files.reading import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, line_of, load, parse
from rolefit.files.submissions import find_submissions
from tests.conftest import DATA, MINI_QUESTIONS, MINI_SCORING, ROOT

MINI = ("--questions", str(MINI_QUESTIONS), "--scoring", str(MINI_SCORING))
ANA = (DATA / "cohort" / "ana.yaml").read_text("utf-8")
MINI_CONDITION = 'when: {equals: {question: work.led, answer: "yes"}}'


def refusal(text: str, name: str = "x.yaml") -> InputFileError:
    with pytest.raises(InputFileError) as raised:
        parse(text, name)
    return raised.value


def answers_with(value: str) -> str:
    """Ana's answers file with `work.many` set to `value` (written as is)."""
    return ANA.replace("work.many: disagree", f"work.many: {value}")


def deep_flow(levels: int, inner: str = "x") -> str:
    return "[" * levels + inner + "]" * levels


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: a read that blocks is interrupted after 10 s."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("the read hung")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- The real CLI, under limits ----------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (10, 10))


def rolefit(*args: str, cwd: Path, stdin: bytes | None = None) -> Ran:
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    done = subprocess.run(
        [sys.executable, "-m", "rolefit", *args],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=30,
        preexec_fn=_limits,
        env=env,
    )
    return Ran(done.returncode, done.stdout.decode(), done.stderr.decode())


def assert_one_clear_line(ran: Ran, code: int, *fragments: str) -> None:
    assert ran.code == code, ran.err
    assert "Traceback" not in ran.err
    assert ran.err.count("\n") == 1, ran.err
    assert ran.err.startswith("rolefit: ")
    assert len(ran.err) < 600, ran.err
    for fragment in fragments:
        assert fragment in ran.err


# --- Scalars: the YAML 1.2 core schema ---------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "Yes", "no", "No", "on", "off", "y", "n", "ON"])
def test_yaml_1_1_booleans_stay_text(word: str) -> None:
    assert parse(f"name: {word}\n", "x.yaml") == {"name": word}


def test_a_time_like_1_30_stays_text() -> None:
    assert parse("time: 1:30\n", "x.yaml") == {"time": "1:30"}


@pytest.mark.parametrize("text", ["2026-11-22", "2026-11-22 10:00:00", "2026-13-45"])
def test_a_date_stays_text(text: str) -> None:
    assert parse(f"when: {text}\n", "x.yaml") == {"when": text}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("FALSE", False),
        ("12", 12),
        ("-12", -12),
        ("+12", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("2.5E-2", 0.025),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("tRUE", "tRUE"),
        ("nULL", "nULL"),
        ("+", "+"),
        (".", "."),
        ("-x", "-x"),
        ("1e", "1e"),
    ],
)
def test_plain_scalars_mean_what_the_core_schema_says(text: str, value: Any) -> None:
    read = parse(f"v: {text}\n", "x.yaml")["v"]
    assert read == value
    assert type(read) is type(value)


def test_a_leading_zero_is_a_decimal_integer() -> None:
    assert parse("mode: 0777\n", "x.yaml") == {"mode": 777}


@pytest.mark.parametrize("text", ["'12'", '"true"', "'~'", '"1:30"', "|\n  12\n"])
def test_quoted_and_block_scalars_are_text(text: str) -> None:
    assert isinstance(parse(f"v: {text}", "x.yaml")["v"], str)


@pytest.mark.parametrize("text", [".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN"])
def test_infinity_and_nan_are_refused_with_their_line(text: str) -> None:
    error = refusal(f"a: 1\nb: {text}\n")
    assert error.line == 2
    assert "numbers must be finite" in error.detail


def test_a_number_too_large_for_a_float_is_refused() -> None:
    error = refusal("a: 1e400\n")
    assert (error.line, "numbers must be finite" in error.detail) == (1, True)


def test_a_number_too_long_to_convert_is_refused_in_one_short_line() -> None:
    error = refusal("a: " + "9" * 100_000 + "\n")
    assert "too long" in error.detail
    assert len(str(error)) < 200


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/name:os.system",
        "!!set",
        "!!omap",
        "!!pairs",
        "!!binary",
        "!!timestamp",
        "!custom",
        "!<tag:example.com,2026:thing>",
    ],
)
def test_tags_outside_the_core_schema_are_refused(tag: str) -> None:
    error = refusal(f"a: 1\nb: {tag} x\n")
    assert error.line == 2
    assert "tags that build objects are not allowed" in error.detail


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("!!str 12", "12"),
        ("! 12", "12"),
        ("!!int 0x1F", 31),
        ("!!float 1", 1.0),
        ("!!bool false", False),
        ("!!null ''", None),
        ("!!map {a: 1}", {"a": 1}),
        ("!!seq [1]", [1]),
        ("! [1]", [1]),
    ],
)
def test_the_core_schema_tags_are_honoured(text: str, value: Any) -> None:
    assert parse(f"v: {text}\n", "x.yaml") == {"v": value}


@pytest.mark.parametrize(
    "text", ["!!int x", "!!int 1.5", "!!bool yes", "!!null 0", "!!float x", "!!seq x"]
)
def test_a_value_its_tag_cannot_hold_is_refused(text: str) -> None:
    assert "cannot" in refusal(f"v: {text}\n").detail


def test_a_collection_tagged_as_the_other_kind_is_refused() -> None:
    assert "!!seq cannot tag a mapping" in refusal("v: !!seq {a: 1}\n").detail


# --- Keys ----------------------------------------------------------------------------------


def test_a_merge_key_is_an_ordinary_key() -> None:
    text = "base: &b {a: 1}\nmine:\n  <<: *b\n  a: 2\n"
    assert parse(text, "x.yaml") == {"base": {"a": 1}, "mine": {"<<": {"a": 1}, "a": 2}}


def test_mixed_scalar_key_types_are_kept_as_yaml_gives_them() -> None:
    assert parse("{1: a, x: b, null: c, 2.5: d}\n", "x.yaml") == {
        1: "a",
        "x": "b",
        None: "c",
        2.5: "d",
    }


def test_keys_that_python_cannot_tell_apart_are_refused() -> None:
    error = refusal("a: 1\n1: x\ntrue: y\n")
    assert error.line == 3
    assert "count as the same key" in error.detail


@pytest.mark.parametrize("text", ["? [a, b]\n: v\n", "? {a: 1}\n: v\n", "k: &k [1]\n*k : v\n"])
def test_a_mapping_or_list_used_as_a_key_is_refused(text: str) -> None:
    assert "keys must be plain values" in refusal(text).detail


def test_a_key_written_twice_in_a_flow_mapping_is_refused() -> None:
    assert "duplicate key 'a'" in refusal("v: {a: 1, b: 2, a: 3}\n").detail


# --- Aliases and the node budget -----------------------------------------------------------


def test_an_alias_repeats_the_value_of_its_anchor() -> None:
    text = "a: &x {k: [1, 2]}\nb: *x\nc: &s text\nd: *s\n"
    assert parse(text, "x.yaml") == {
        "a": {"k": [1, 2]},
        "b": {"k": [1, 2]},
        "c": "text",
        "d": "text",
    }


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + f"\nanswers: *a{levels}\n"


def test_billion_laughs_is_refused_by_the_node_budget() -> None:
    error = refusal(billion_laughs())
    assert f"over {MAX_NODES:,}" in error.detail
    assert error.line is not None


def test_aliases_within_the_budget_are_read() -> None:
    data = parse(billion_laughs(levels=3), "x.yaml")
    assert len(data["answers"]) == 9


def test_a_document_of_more_values_than_the_budget_is_refused() -> None:
    assert parse("- x\n" * (MAX_NODES - 1), "x.yaml") is not None  # the list is one more
    error = refusal("- x\n" * MAX_NODES)
    assert (error.line, "too many values" in error.detail) == (MAX_NODES, True)


def merge_chain(size: int) -> str:
    lines = ["n0: &n0 {a: 0}"]
    total, number = 16, 1
    while total < size:
        line = f"n{number}: &n{number} {{<<: *n{number - 1}, k{number}: {number}}}"
        lines.append(line)
        total += len(line) + 1
        number += 1
    return "\n".join(lines) + "\n"


def test_a_200_kb_chain_of_merge_keys_is_refused_by_the_limits() -> None:
    error = refusal(merge_chain(200_000))
    assert "nested too deeply" in error.detail or "too many values" in error.detail


def test_a_fan_out_of_merges_is_refused_by_the_node_budget() -> None:
    lines = ["m0: &m0 [a, b]"] + [f"m{n}: &m{n} [*m{n - 1}, *m{n - 1}]" for n in range(1, 41)]
    assert "too many values" in refusal("\n".join(lines) + "\n").detail


def test_an_alias_counts_the_nesting_of_what_it_repeats() -> None:
    text = f"a: &x {deep_flow(40)}\nb: {deep_flow(30, '*x')}\n"
    error = refusal(text)
    assert (error.line, "nested too deeply" in error.detail) == (2, True)


def test_an_alias_to_no_anchor_is_refused() -> None:
    assert "no anchor &b" in refusal("a: *b\n").detail


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert "inside the value it repeats" in refusal("a: &a [1, *a]\n").detail


# --- Depth -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: " + deep_flow(5_000) + "\n", id="flow"),
        pytest.param("a: " + deep_flow(990) + "\n", id="990-levels"),
        pytest.param("a:\n" + "- " * 5_000 + "x\n", id="block-sequences"),
        pytest.param(
            "".join(" " * (2 * n) + f"k{n}:\n" for n in range(200)) + " " * 400 + "x\n",
            id="block-mappings",
        ),
        pytest.param(
            "a: " + "[" * 300 + "x # " + "]" * 300 + "\n" + "]" * 300 + "\n", id="comment"
        ),
        pytest.param("# " + "]" * 5_000 + "\na: " + deep_flow(5_000) + "\n", id="comment-first"),
        pytest.param("a: " + '["]", ' * 1_000 + '"x"' + "]" * 1_000 + "\n", id="quoted"),
        pytest.param("n: x" + "]" * 5_000 + "\na: " + deep_flow(5_000) + "\n", id="plain"),
        pytest.param("n: |\n  " + "]" * 5_000 + "\na: " + deep_flow(5_000) + "\n", id="block"),
        pytest.param("a: {" + "b: {" * 200 + "}" * 201 + "\n", id="flow-mappings"),
    ],
)
def test_nesting_past_the_limit_is_refused_while_parsing(text: str) -> None:
    error = refusal(text)
    assert f"nested too deeply (over {MAX_DEPTH} levels)" in error.detail
    assert error.line is not None


def test_nesting_up_to_the_limit_is_read() -> None:
    data = parse(deep_flow(MAX_DEPTH), "x.yaml")
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == ["x"]


def test_a_few_hundred_nested_nots_in_a_bank_are_refused_in_one_short_line(
    tmp_path: Path,
) -> None:
    chain = "when: " + "{not: " * 300 + '{equals: {question: work.x, answer: "y"}}' + "}" * 300
    questions = tmp_path / "questions.yaml"
    questions.write_text(MINI_QUESTIONS.read_text("utf-8").replace(MINI_CONDITION, chain))
    with pytest.raises(InputFileError) as raised:
        load(questions)
    assert "nested too deeply" in raised.value.detail
    assert len(str(raised.value)) < 300


# --- Documents -------------------------------------------------------------------------------


def test_an_empty_file_is_no_document() -> None:
    assert parse("", "x.yaml") is None
    assert parse("# only a comment\n", "x.yaml") is None


def test_a_second_document_is_refused_with_its_line() -> None:
    error = refusal("a: 1\n---\nb: 2\n")
    assert (error.line, "one document" in error.detail) == (2, True)


def test_a_control_character_is_refused_with_its_line() -> None:
    error = refusal("a: 1\nb: x\x1b[2J\n")
    assert error.line == 2
    assert "#x001b" in error.detail
    assert "\x1b" not in str(error)


def test_a_lone_surrogate_escape_in_yaml_is_refused() -> None:
    error = refusal('a: "\\ud800"\n')
    assert error.line == 1
    assert "\n" not in str(error)


def test_an_error_echoes_at_most_about_200_characters_of_a_value() -> None:
    error = refusal("a: !!int " + "x" * 200_000 + "\n")
    assert len(str(error)) < 500
    assert "200,000 characters" in str(error)


def test_an_error_keeps_a_value_on_one_line() -> None:
    error = refusal('a: !!int "x\\ny\\u001b"\n')
    assert "\n" not in str(error)
    assert "\x1b" not in str(error)


def test_the_pure_python_parser_reads_and_refuses_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "a: yes\nb: [1, 2.5, ~, 0o17]\nc: &x {d: 'q'}\ne: *x\n",
        "a: " + deep_flow(100) + "\n",
        billion_laughs(),
        "a: 1\na: 2\n",
        "a: !!set {b}\n",
        "a: .inf\n",
        "a: \x07\n",
    ]

    def outcome(text: str) -> Any:
        try:
            return parse(text, "x.yaml")
        except InputFileError as error:
            return error.line, error.detail.split(" (")[0]

    fast = [outcome(text) for text in texts]
    monkeypatch.setattr(yaml12, "_Parser", yaml.SafeLoader)
    assert [outcome(text) for text in texts] == fast


# --- JSON -------------------------------------------------------------------------------------


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_in_json_are_refused_with_their_line(constant: str) -> None:
    error = refusal('{"note": "NaN Infinity",\n "a": ' + constant + "}", "x.json")
    assert error.line == 2
    assert "numbers must be finite" in error.detail


def test_a_json_number_too_large_for_a_float_is_refused() -> None:
    error = refusal('{"a":\n 1e400}', "x.json")
    assert (error.line, "numbers must be finite" in error.detail) == (2, True)


def test_a_lone_surrogate_in_json_is_refused_with_its_line() -> None:
    error = refusal('{"a": "ok",\n "b": "x\\ud800"}', "x.json")
    assert error.line == 2
    assert "lone surrogate" in error.detail


def test_a_surrogate_pair_in_json_is_one_character() -> None:
    assert parse('{"a": "\\ud83d\\ude00"}', "x.json") == {"a": "\U0001f600"}


def test_an_escaped_backslash_before_u_is_no_surrogate() -> None:
    assert parse('{"a": "\\\\ud800"}', "x.json") == {"a": "\\ud800"}


def test_a_duplicate_key_in_json_is_refused() -> None:
    assert "duplicate key 'a'" in refusal('{"a": 1, "a": 2}', "x.json").detail


def test_json_nesting_past_the_limit_is_refused_with_its_line() -> None:
    error = refusal('{"a":\n' + deep_flow(MAX_DEPTH, "1") + "}", "x.json")
    assert (error.line, "nested too deeply" in error.detail) == (2, True)


def test_brackets_inside_json_strings_do_not_count_as_nesting() -> None:
    text = '{"a": "' + "[" * 1_000 + '", "b": "\\"' + "{" * 1_000 + '"}'
    assert parse(text, "x.json") == {"a": "[" * 1_000, "b": '"' + "{" * 1_000}


def test_a_json_integer_too_long_to_convert_is_refused() -> None:
    assert "too long" in refusal('{"a": ' + "1" * 10_000 + "}", "x.json").detail


# --- Lines -------------------------------------------------------------------------------------

LOCATED = "a: 1\nb:\n  c: [x, y,\n    z]\n  d: 2\n"


@pytest.mark.parametrize(
    ("location", "line"),
    [
        ((), 1),
        (("a",), 1),
        (("b", "c"), 3),
        (("b", "c", 2), 4),
        (("b", "d"), 5),
        (("b", "nope"), 2),
        (("b", "c", 9), 3),
        (("a", "deeper"), 1),
    ],
)
def test_line_of_finds_the_deepest_step_of_a_location(
    location: tuple[str | int, ...], line: int
) -> None:
    assert line_of(LOCATED, location) == line


def test_line_of_matches_keys_by_their_text() -> None:
    assert line_of("x: 0\n1: a\ntrue: b\n", [1]) == 2


def test_line_of_skips_complex_keys_and_nested_values() -> None:
    text = "? [a]\n: {b: [1, {c: 2}]}\nk:\n  - v\n"
    assert line_of(text, ["k", 0]) == 4


def test_line_of_walks_a_deep_text_without_recursion() -> None:
    text = "a: " + deep_flow(900) + "\nb: 1\n"
    assert line_of(text, ["b"]) == 2
    assert line_of("x: " + "- " * 50_000 + "y\n", ["x", 0]) in (1, None)


def test_line_of_in_a_text_broken_before_the_location_is_unknown() -> None:
    assert line_of("a: [1\nb: 2\n", ["b"]) is None


# --- Reading files -----------------------------------------------------------------------------


def test_a_missing_file_is_named() -> None:
    with pytest.raises(InputFileError) as raised:
        reading.read_text(Path("no-such-file.yaml"))
    assert str(raised.value) == "no-such-file.yaml: no such file; check the path"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as raised:
        load(tmp_path)
    assert "is a folder, not a file" in raised.value.detail


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_without_reading_it(device: str, deadline: None) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(InputFileError) as raised:
        load(Path(device))
    assert "is a character device, not a file" in raised.value.detail


def test_a_fifo_without_a_writer_is_refused_at_once(tmp_path: Path, deadline: None) -> None:
    os.mkfifo(tmp_path / "answers.yaml")
    with pytest.raises(InputFileError) as raised:
        load(tmp_path / "answers.yaml")
    assert "is a FIFO, not a file" in raised.value.detail


def test_a_fifo_is_refused_even_if_it_looked_like_a_file_a_moment_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deadline: None
) -> None:
    # The look before opening is only a courtesy; the open descriptor's fstat decides.
    os.mkfifo(tmp_path / "answers.yaml")
    regular = os.stat(ROOT / "pyproject.toml")
    monkeypatch.setattr("rolefit.files.reading.os.stat", lambda path: regular)
    with pytest.raises(InputFileError) as raised:
        load(tmp_path / "answers.yaml")
    assert "is a FIFO, not a file" in raised.value.detail


def test_a_symlink_to_dev_zero_is_refused_naming_its_target(tmp_path: Path, deadline: None) -> None:
    (tmp_path / "answers.yaml").symlink_to("/dev/zero")
    with pytest.raises(InputFileError) as raised:
        load(tmp_path / "answers.yaml")
    assert "is a symlink to a character device (/dev/zero), not a file" in raised.value.detail


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    with pytest.raises(InputFileError) as raised:
        load(tmp_path / "a.yaml")
    assert "is a symlink loop" in raised.value.detail


def test_a_symlink_to_nothing_is_refused_naming_its_target(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to("gone.yaml")
    with pytest.raises(InputFileError) as raised:
        load(tmp_path / "a.yaml")
    assert "is a symlink to a missing file (gone.yaml)" in raised.value.detail


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n")
    (tmp_path / "link.yaml").symlink_to("real.yaml")
    assert load(tmp_path / "link.yaml") == ({"a": 1}, "a: 1\n")


def test_a_file_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(InputFileError) as raised:
        load(path)
    assert raised.value.detail == (
        f"is {MAX_FILE_BYTES + 1:,} bytes; files over {MAX_FILE_BYTES:,} bytes are refused"
    )


def test_a_file_of_exactly_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"#" * MAX_FILE_BYTES)
    assert load(path)[0] is None


def test_a_file_that_grew_after_its_size_was_taken_is_still_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"#" * (3 * MAX_FILE_BYTES))
    real_fstat = os.fstat

    def small(handle: int) -> os.stat_result:
        info = list(real_fstat(handle))
        info[6] = 10  # st_size, as it was a moment before the file grew
        return os.stat_result(info)

    reads: list[int] = []
    real_read = os.read

    def counted(handle: int, size: int) -> bytes:
        reads.append(size)
        return real_read(handle, size)

    monkeypatch.setattr("rolefit.files.reading.os.fstat", small)
    monkeypatch.setattr("rolefit.files.reading.os.read", counted)
    with pytest.raises(InputFileError) as raised:
        load(path)
    assert "files over" in raised.value.detail
    assert sum(reads) <= MAX_FILE_BYTES + 1


def test_text_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(InputFileError) as raised:
        load(path)
    assert (raised.value.line, "is not UTF-8 text" in raised.value.detail) == (2, True)


def test_a_nul_byte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"a: 1\x00\n")
    with pytest.raises(InputFileError) as raised:
        load(path)
    assert "NUL byte" in raised.value.detail


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM, errno.EIO])
def test_what_the_system_refuses_is_a_file_system_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")

    def refuse(*args: object) -> int:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr("rolefit.files.reading.os.open", refuse)
    with pytest.raises(FileSystemError) as raised:
        load(path)
    assert raised.value.exit_code == ExitCode.FAILED
    assert os.strerror(code) in raised.value.detail


def test_an_io_error_while_reading_is_a_file_system_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")

    def broken(handle: int, size: int) -> bytes:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr("rolefit.files.reading.os.read", broken)
    with pytest.raises(FileSystemError) as raised:
        load(path)
    assert f"cannot be read ({os.strerror(errno.EIO)})" in raised.value.detail


def test_a_path_too_long_is_bad_input() -> None:
    with pytest.raises(InputFileError) as raised:
        load(Path("x" * 5_000 + ".yaml"))
    assert "too long" in raised.value.detail


def test_read_answers_refuses_a_fifo_without_hanging(
    tmp_path: Path, mini_bank: Bank, deadline: None
) -> None:
    os.mkfifo(tmp_path / "answers.yaml")
    with pytest.raises(InputFileError):
        read_answers(tmp_path / "answers.yaml", mini_bank)


def test_read_answers_keeps_yes_as_the_name_it_is(tmp_path: Path, mini_bank: Bank) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(ANA.replace("respondent: Ana Lima", "respondent: yes"))
    assert read_answers(path, mini_bank).respondent == "yes"


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ('"  Ana   Lima "', "Ana Lima"),  # runs of spaces made one, the ends trimmed
        ('"   "', None),  # nothing to see: no name
        ('"\\u200b\\u200b"', None),  # zero-width spaces only
        ('"\\u00ad\\u00ad"', None),  # soft hyphens only
        ('"Zo\\u00eb\\u200bO"', "Zo\u00eb\u200bO"),  # a name with an invisible part stays
    ],
)
def test_a_name_is_kept_as_every_output_shows_it(
    tmp_path: Path, mini_bank: Bank, written: str, kept: str | None
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(ANA.replace("respondent: Ana Lima", f"respondent: {written}"))
    assert read_answers(path, mini_bank).respondent == kept


def test_read_answers_refuses_on_as_an_answer_to_a_yes_no_question(
    tmp_path: Path, mini_bank: Bank
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(ANA.replace('work.led: "yes"', "work.led: on"))
    with pytest.raises(InputFileError) as raised:
        read_answers(path, mini_bank)
    assert "'on'" in raised.value.detail


# --- The CLI, one clear line for each class ------------------------------------------------------

Setup = Callable[[Path], tuple[str, ...]]


def written(name: str, content: str | bytes) -> Setup:
    def setup(folder: Path) -> tuple[str, ...]:
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        return ("score", name, *MINI)

    return setup


def linked(target: str) -> Setup:
    def setup(folder: Path) -> tuple[str, ...]:
        (folder / "answers.yaml").symlink_to(target)
        return ("score", "answers.yaml", *MINI)

    return setup


def fifo(folder: Path) -> tuple[str, ...]:
    os.mkfifo(folder / "answers.yaml")
    return ("score", "answers.yaml", *MINI)


def loop(folder: Path) -> tuple[str, ...]:
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    return ("score", "a.yaml", *MINI)


def deep_nots(folder: Path) -> tuple[str, ...]:
    chain = "when: " + "{not: " * 300 + '{equals: {question: work.x, answer: "y"}}' + "}" * 300
    text = "# " + "}" * 300 + "\n" + MINI_QUESTIONS.read_text("utf-8")
    (folder / "questions.yaml").write_text(text.replace(MINI_CONDITION, chain))
    (folder / "answers.yaml").write_text(ANA)
    return (
        "score",
        "answers.yaml",
        "--questions",
        "questions.yaml",
        "--scoring",
        str(MINI_SCORING),
    )


def folder_itself(folder: Path) -> tuple[str, ...]:
    (folder / "sub").mkdir()
    return ("score", "sub", *MINI)


def device(path: str) -> Setup:
    def setup(folder: Path) -> tuple[str, ...]:
        if not os.path.exists(path):
            pytest.skip(f"no {path} here")
        return ("score", path, *MINI)

    return setup


REFUSED: dict[str, tuple[Setup, str]] = {
    "flow-5000": (written("a.yaml", answers_with(deep_flow(5_000))), "nested too deeply"),
    "flow-990": (written("a.yaml", answers_with(deep_flow(990))), "nested too deeply"),
    "block-5000": (
        written("a.yaml", "answers:\n  work.many:\n    " + "- " * 5_000 + "x\n"),
        "nested too deeply",
    ),
    "closers-in-comments": (
        written("a.yaml", "# " + "]" * 5_000 + "\n" + answers_with(deep_flow(5_000))),
        "nested too deeply",
    ),
    "closers-in-quoted-scalars": (
        written("a.yaml", answers_with('["]", ' * 990 + '"x"' + "]" * 990)),
        "nested too deeply",
    ),
    "closers-in-a-block-scalar": (
        written("a.yaml", "note: |\n  " + "]" * 5_000 + "\n" + answers_with(deep_flow(5_000))),
        "nested too deeply",
    ),
    "json-100000": (
        written("a.json", '{"answers": {"work.many": ' + deep_flow(100_000, "1") + "}}"),
        "nested too deeply",
    ),
    "nots-in-a-bank": (deep_nots, "questions.yaml"),
    "merge-chain-200kb": (written("a.yaml", merge_chain(200_000)), "a.yaml:"),
    "billion-laughs": (written("a.yaml", billion_laughs()), "too many values"),
    "dev-zero": (device("/dev/zero"), "is a character device, not a file"),
    "dev-urandom": (device("/dev/urandom"), "is a character device, not a file"),
    "fifo": (fifo, "is a FIFO, not a file"),
    "symlink-to-dev-zero": (linked("/dev/zero"), "a symlink to a character device (/dev/zero)"),
    "symlink-loop": (loop, "is a symlink loop"),
    "folder": (folder_itself, "is a folder, not a file"),
    "over-the-cap": (written("a.yaml", b"#" * (MAX_FILE_BYTES + 1)), "bytes are refused"),
    "not-utf8": (written("a.yaml", answers_with("agr\xe9e").encode("latin-1")), "not UTF-8"),
    "nul-byte": (written("a.yaml", answers_with("agree\x00")), "NUL byte"),
    "yaml-inf": (written("a.yaml", answers_with(".inf")), "numbers must be finite"),
    "yaml-nan": (written("a.yaml", answers_with(".nan")), "numbers must be finite"),
    "yaml-python-tag": (
        written("a.yaml", answers_with("!!python/object/apply:os.system [echo hi]")),
        "not allowed",
    ),
    "json-nan": (written("a.json", '{"answers": {"work.many": NaN}}'), "numbers must be finite"),
    "json-infinity": (
        written("a.json", '{"answers": {"work.many": -Infinity}}'),
        "numbers must be finite",
    ),
    "json-lone-surrogate": (
        written("a.json", '{"respondent": "\\udc00", "answers": {}}'),
        "lone surrogate",
    ),
    "mixed-key-types": (
        written("a.yaml", "answers:\n  1: agree\n  work.many: agree\n"),
        "a.yaml:2:",
    ),
    "mixed-key-types-at-the-top": (written("a.yaml", "1: x\nanswers: {}\n"), "a.yaml:1:"),
    "on-is-not-yes": (
        written("a.yaml", ANA.replace('work.led: "yes"', "work.led: on")),
        "'on'",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_the_cli_refuses_bad_input_in_one_clear_line(case: str, tmp_path: Path) -> None:
    setup, fragment = REFUSED[case]
    ran = rolefit(*setup(tmp_path), cwd=tmp_path)
    assert_one_clear_line(ran, ExitCode.BAD_INPUT, fragment)
    assert ran.out == ""


def test_the_cli_reads_standard_input_with_the_same_cap(tmp_path: Path) -> None:
    ran = rolefit("score", "-", *MINI, cwd=tmp_path, stdin=b"#" * (MAX_FILE_BYTES + 1))
    assert_one_clear_line(ran, ExitCode.BAD_INPUT, "<stdin>: is too large")


def test_the_cli_reads_answers_from_standard_input(tmp_path: Path) -> None:
    ran = rolefit("score", "-", "--format", "json", *MINI, cwd=tmp_path, stdin=ANA.encode())
    assert (ran.code, json.loads(ran.out)["respondent"]) == (0, "Ana Lima")


@pytest.mark.parametrize("name", ["yes", "1:30", "on", "2026-11-22", "null-ish"])
def test_the_cli_keeps_a_yaml_1_1_special_name_as_written(tmp_path: Path, name: str) -> None:
    (tmp_path / "a.yaml").write_text(ANA.replace("respondent: Ana Lima", f"respondent: {name}"))
    ran = rolefit("score", "a.yaml", "--format", "json", *MINI, cwd=tmp_path)
    assert (ran.code, ran.err) == (0, "")
    assert json.loads(ran.out)["respondent"] == name


# --- Folder walks ---------------------------------------------------------------------------------


def submissions_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "subs"
    (folder / "nested").mkdir(parents=True)
    (folder / "ana.yaml").write_text(ANA)
    (folder / "nested" / "ben.yaml").write_text(ANA.replace("Ana Lima", "Ben Okafor"))
    return folder


def report(tmp_path: Path, *paths: str) -> tuple[Ran, dict[str, Any]]:
    ran = rolefit("report", *paths, "--format", "json", *MINI, cwd=tmp_path)
    return ran, json.loads(ran.out) if ran.out else {}


def assert_skipped(ran: Ran, path: str, reason: str) -> None:
    assert f"rolefit: warning: {path}: skipped: {reason}\n" in ran.err
    assert "Traceback" not in ran.err


def test_a_fifo_in_a_report_folder_is_named_and_skipped(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    os.mkfifo(folder / "pipe.yaml")
    ran, data = report(tmp_path, "subs")
    assert ran.code == ExitCode.PROBLEMS_FOUND
    assert_skipped(ran, "subs/pipe.yaml", "a FIFO, not a file")
    assert "1 entry was skipped" in ran.err
    assert (data["files"], data["count"]) == (2, 2)


def test_a_symlink_loop_file_in_a_report_folder_is_named_and_skipped(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    (folder / "loop.yaml").symlink_to("loop.yaml")
    ran, data = report(tmp_path, "subs")
    assert ran.code == ExitCode.PROBLEMS_FOUND
    assert_skipped(ran, "subs/loop.yaml", "a symlink loop")
    assert data["count"] == 2


def test_a_symlink_back_to_a_folder_above_is_a_loop_named_and_skipped(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    (folder / "nested" / "up").symlink_to("..")
    ran, data = report(tmp_path, "subs")
    assert ran.code == ExitCode.PROBLEMS_FOUND
    assert_skipped(ran, "subs/nested/up", "a symlink loop (it leads back to a folder above it)")
    assert (data["files"], data["count"]) == (2, 2)


def test_a_symlink_to_a_fifo_in_a_report_folder_is_named_and_skipped(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    os.mkfifo(folder / "pipe")
    (folder / "pipe.yaml").symlink_to("pipe")
    ran, _ = report(tmp_path, "subs")
    assert ran.code == ExitCode.PROBLEMS_FOUND
    assert_skipped(ran, "subs/pipe.yaml", "a symlink to a FIFO, not a file")


def test_a_symlink_leading_out_of_a_report_folder_is_named_and_never_read(
    tmp_path: Path,
) -> None:
    folder = submissions_folder(tmp_path)
    secret = tmp_path / "git-credentials"
    secret.write_text("https://user:ghp_SECRET@github.com\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "someone.yaml").write_text(ANA)
    (folder / "sam.yaml").symlink_to(secret)
    (folder / "everything").symlink_to(elsewhere)
    (folder / "root").symlink_to("/")
    (folder / "inside.yaml").symlink_to("nested")  # inside the folder: followed as before
    ran, data = report(tmp_path, "subs")
    assert ran.code == ExitCode.PROBLEMS_FOUND
    outside = (
        "a symlink leading out of subs (not followed: a report reads only what is inside the "
        "folders it is given; name the file itself to include it)"
    )
    for name in ("sam.yaml", "everything", "root"):
        assert_skipped(ran, f"subs/{name}", outside)
    assert "SECRET" not in ran.out + ran.err + json.dumps(data)
    assert (data["files"], data["count"]) == (2, 2)


def test_a_broken_symlink_in_a_report_folder_is_named_and_skipped(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    (folder / "gone").symlink_to("nowhere")
    ran, _ = report(tmp_path, "subs")
    assert ran.code == ExitCode.PROBLEMS_FOUND
    assert_skipped(ran, "subs/gone", "a broken symlink (what it points to does not exist)")


def test_a_fifo_named_on_the_command_line_is_an_invalid_file(tmp_path: Path) -> None:
    submissions_folder(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    ran, data = report(tmp_path, "subs", "pipe.yaml")
    assert ran.code == ExitCode.PROBLEMS_FOUND
    assert [(i["source"], i["error"]) for i in data["invalid"]] == [
        ("pipe.yaml", "is a FIFO, not a file; give the path of a YAML or JSON file")
    ]


def test_a_report_with_nothing_but_skipped_entries_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "subs").mkdir()
    os.mkfifo(tmp_path / "subs" / "pipe.yaml")
    ran, _ = report(tmp_path, "subs")
    assert ran.code == ExitCode.BAD_INPUT
    assert_skipped(ran, "subs/pipe.yaml", "a FIFO, not a file")
    assert "no answers files" in ran.err


def test_a_clean_report_folder_exits_0_without_warnings(tmp_path: Path) -> None:
    submissions_folder(tmp_path)
    ran, data = report(tmp_path, "subs")
    assert (ran.code, ran.err, data["count"]) == (0, "", 2)


def test_the_report_help_says_what_a_skipped_entry_does_to_the_exit_code(tmp_path: Path) -> None:
    ran = rolefit("report", "--help", cwd=tmp_path)
    assert "skipped" in ran.out


def test_an_unreadable_subfolder_is_named_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = submissions_folder(tmp_path)
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path).name == "nested":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr("rolefit.files.submissions.os.scandir", scandir)
    found = find_submissions([folder])
    assert found.files == (folder / "ana.yaml",)
    assert [str(skipped) for skipped in found.skipped] == [
        f"{folder / 'nested'}: skipped: cannot be read ({os.strerror(errno.EACCES)})"
    ]


def test_a_symlink_to_a_folder_already_searched_is_named_and_skipped(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    (folder / "zz-again").symlink_to("nested")
    found = find_submissions([folder])
    assert len(found.files) == 2
    assert [s.reason for s in found.skipped] == ["a symlink to a folder already searched"]


def test_a_symlinked_folder_inside_is_searched_once(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    (folder / "zz-target").mkdir()
    (folder / "zz-target" / "cy.yaml").write_text(ANA)
    (folder / "a-linked").symlink_to("zz-target")
    found = find_submissions([folder])
    assert [path.relative_to(folder).as_posix() for path in found.files] == [
        "ana.yaml",
        "a-linked/cy.yaml",
        "nested/ben.yaml",
    ]
    assert found.skipped == ()


def test_a_folder_named_twice_is_searched_once_without_a_warning(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    found = find_submissions([folder, folder / "nested", folder])
    assert (len(found.files), found.skipped) == (2, ())


def test_a_non_answers_fifo_in_a_folder_is_ignored(tmp_path: Path) -> None:
    folder = submissions_folder(tmp_path)
    os.mkfifo(folder / "notes")
    os.mkfifo(folder / ".hidden.yaml")
    assert find_submissions([folder]).skipped == ()


def test_score_dash_at_a_terminal_says_it_waits_for_the_answers(tmp_path: Path) -> None:
    import pexpect

    child = pexpect.spawn(
        sys.executable,
        ["-m", "rolefit", "score", "-", "--format", "json"],
        cwd=str(ROOT),
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 80),
    )
    try:
        child.expect("reading the answers from the terminal: paste or type them, then press Ctrl-D")
        child.send(yaml.safe_dump({"respondent": "Kim", "answers": {}}))
        child.sendeof()
        child.expect('"respondent": "Kim"')  # scored as `score FILE` scores it
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
