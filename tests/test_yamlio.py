"""Reading YAML: the YAML 1.2 core schema, duplicate keys refused, nothing ever run.

Where YAML 1.1 and 1.2 agree, rolefit reads what PyYAML reads; where they differ (`yes`,
`on`, `1:30`, dates, merge keys), it reads what YAML 1.2's core schema says.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.errors import InputFileError
from rolefit.files.reading import parse

STOCK = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What the YAML 1.2 core schema reads as something other than text, stated here on its own
# (https://yaml.org/spec/1.2.2/#1032-tag-resolution), so that the tests do not borrow the
# reader's own regular expressions.
CORE_NOT_TEXT = re.compile(
    r"null|Null|NULL|~|"
    r"true|True|TRUE|false|False|FALSE|"
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|"
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|"
    r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)

# Texts that YAML 1.1 reads as something else; PyYAML's dumper quotes them, so they come
# back as text either way.
YAML_1_1_SPECIAL = ["yes", "No", "on", "OFF", "y", "~", "0x1f", "1_000", "0777", "2026-11-22"]
YAML_1_1_SPECIAL += ["1:30", "true", "null", ".inf", ".NaN"]


def not_core_special(text: str) -> bool:
    return not CORE_NOT_TEXT.fullmatch(text)


def documents_of(texts: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | texts
        | st.sampled_from(YAML_1_1_SPECIAL)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(texts | st.integers(), children, max_size=4)
        ),
        max_leaves=20,
    )


# Any text; and text without the line breaks that YAML folds in a plain scalar (NEL, U+2028,
# U+2029: PyYAML writes them raw and every YAML reader then reads a space).
documents = documents_of(st.text(max_size=12).filter(not_core_special))
unfolded = st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029")
round_trip_documents = documents_of(st.text(unfolded, max_size=12).filter(not_core_special))

# Characters that may stand raw in a YAML stream (no controls, surrogates or non-characters).
json_texts = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Cn")) | st.sampled_from("\t\n\r\x00\x1b"),
    max_size=12,
)
json_documents = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | json_texts,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(json_texts, children, max_size=4)
    ),
    max_leaves=20,
)


def stock(text: str) -> Any:
    return yaml.load(text, Loader=STOCK)


@settings(max_examples=300)
@given(round_trip_documents, st.sampled_from([False, True, None]))
def test_plain_documents_read_back_as_they_were_dumped(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert parse(text, "x.yaml") == data


@settings(max_examples=200)
@given(documents, st.sampled_from([False, True, None]))
def test_where_yaml_1_1_and_1_2_agree_the_reading_is_pyyamls(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert parse(text, "x.yaml") == stock(text)


@settings(max_examples=200)
@given(json_documents)
def test_json_reads_the_same_as_json_and_as_yaml(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False)
    assert parse(text, "x.json") == data
    assert parse(text, "x.yaml") == data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("base: &base {a: 1}\ncopy: *base\n", {"base": {"a": 1}, "copy": {"a": 1}}),
        ("ratio: .5\nbig: 1.5e+3\nodd: !!str 12\n", {"ratio": 0.5, "big": 1500.0, "odd": "12"}),
        ("", None),
        ("just text\n", "just text"),
    ],
)
def test_less_common_yaml_reads_as_pyyaml_reads_it(text: str, expected: Any) -> None:
    assert parse(text, "x.yaml") == stock(text) == expected


@pytest.mark.parametrize(
    ("text", "yaml_1_2", "yaml_1_1"),
    [
        ("v: yes\n", "yes", True),
        ("v: on\n", "on", True),
        ("v: No\n", "No", False),
        ("v: 1:30\n", "1:30", 90),
        ("v: 0o17\n", 15, "0o17"),
        ("v: 0777\n", 777, 511),
        ("v: 1_000\n", "1_000", 1000),
        ("v: 1e3\n", 1000.0, "1e3"),
        ("v: 0b11\n", "0b11", 3),
    ],
)
def test_where_yaml_1_1_and_1_2_differ_the_reading_is_the_core_schemas(
    text: str, yaml_1_2: Any, yaml_1_1: Any
) -> None:
    assert stock(text) == {"v": yaml_1_1}
    assert parse(text, "x.yaml") == {"v": yaml_1_2}


def test_a_timestamp_is_text() -> None:
    text = "when: 2026-11-22 10:00:00\nday: 2026-11-22\n"
    assert parse(text, "x.yaml") == {"when": "2026-11-22 10:00:00", "day": "2026-11-22"}


def test_a_merge_key_does_not_merge() -> None:
    text = "merged:\n  <<: {a: 1, b: 2}\n  b: 3\n"
    assert parse(text, "x.yaml") == {"merged": {"<<": {"a": 1, "b": 2}, "b": 3}}


@pytest.mark.parametrize(
    "text",
    ["items: !!set {a, b}\n", "pairs: !!omap [{a: 1}, {b: 2}]\n", "? [complex, key]\n: value\n"],
)
def test_what_builds_sets_ordered_maps_or_complex_keys_is_refused(text: str) -> None:
    with pytest.raises(InputFileError) as raised:
        parse(text, "x.yaml")
    assert raised.value.line == 1


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('answers:\n  x: 1\n  x: 2\nb: !!python/name:os.system ""\n', 3, "duplicate key 'x'"),
        ("answers:\n  a: {b: {c: !!int x}}\n  d: {e: 1, e: 2}\n", 2, "!!int 'x'"),
        ("answers:\n  a: {b: {c: 1, c: 2}}\n  d: !!bool maybe\n", 2, "duplicate key 'c'"),
        ("answers:\n  a: !!set {b}\n  a: [\n", 2, "!!set"),
    ],
)
def test_a_file_with_several_problems_reports_the_first_in_the_file(
    text: str, line: int, problem: str
) -> None:
    with pytest.raises(InputFileError) as raised:
        parse(text, "x.yaml")
    assert raised.value.line == line
    assert problem in raised.value.detail


def test_a_duplicate_key_is_refused_with_its_line() -> None:
    with pytest.raises(InputFileError) as raised:
        parse("answers:\n  a: 1\n  b: 2\n  a: 3\n", "x.yaml")
    assert raised.value.line == 4
    assert "duplicate key 'a'" in raised.value.detail


def test_a_tag_that_builds_an_object_is_refused_not_run() -> None:
    text = "answers: !!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(InputFileError) as raised:
        parse(text, "x.yaml")
    assert "tags that build objects are not allowed" in raised.value.detail
