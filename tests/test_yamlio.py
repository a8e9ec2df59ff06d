"""Reading YAML: the results PyYAML gives, duplicate keys refused, nothing ever run."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rolefit.errors import InputFileError
from rolefit.files.reading import parse

STOCK = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["yes", "No", "on", "~", "0x1f", "1_000", "0o17", "2026-11-22", "1:30"])
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)


def stock(text: str) -> Any:
    return yaml.load(text, Loader=STOCK)


@settings(max_examples=300)
@given(documents, st.sampled_from([False, True, None]))
def test_plain_documents_read_exactly_as_pyyaml_reads_them(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert parse(text, "x.yaml") == stock(text)


@pytest.mark.parametrize(
    "text",
    [
        "base: &base {a: 1}\ncopy: *base\n",
        "merged:\n  <<: {a: 1, b: 2}\n  b: 3\n",
        "items: !!set {a, b}\n",
        "pairs: !!omap [{a: 1}, {b: 2}]\n",
        "when: 2026-11-22 10:00:00\nratio: .5\nbig: 1e3\nodd: !!str 12\n",
        "? [complex, key]\n: value\n",
        "",
        "just text\n",
    ],
)
def test_less_common_yaml_reads_as_pyyaml_reads_it(text: str) -> None:
    try:
        expected = stock(text)
    except yaml.YAMLError:
        with pytest.raises(InputFileError):
            parse(text, "x.yaml")
    else:
        assert parse(text, "x.yaml") == expected


@pytest.mark.parametrize(
    "text",
    [
        'answers:\n  x: 1\n  x: 2\nb: !!python/name:os.system ""\n',
        "answers:\n  a: {b: {c: !!int x}}\n  d: {e: 1, e: 2}\n",
        "answers:\n  a: {b: {c: 1, c: 2}}\n  d: !!bool maybe\n",
    ],
)
def test_a_file_with_several_problems_reports_the_one_pyyaml_meets_first(text: str) -> None:
    with pytest.raises(InputFileError) as fast:
        parse(text, "x.yaml")
    with pytest.raises(InputFileError) as stock_way:
        parse(text + "# *\n", "x.yaml")  # an asterisk sends the whole file the stock way
    assert (fast.value.line, fast.value.detail) == (stock_way.value.line, stock_way.value.detail)


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
