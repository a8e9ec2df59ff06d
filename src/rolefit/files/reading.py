"""Reading YAML and JSON files safely, and finding the line a problem sits on.

Only the safe loader is used (the C one where present): tags such as `!!python/object` are
refused and nothing in a file is ever run. Files are capped in size, and a document whose
aliases would expand past a node budget (a "billion laughs") is refused before anything walks it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml

from rolefit.errors import InputFileError

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader (C parser where present) that also refuses duplicate keys.

    YAML itself keeps the last of two equal keys silently; in an answers file or a bank that
    would lose an answer or a question without a word, so it is an error here.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        refuse_duplicate_keys(node)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    # The tag a plain scalar resolves to depends only on its text and quoting, and a cohort's
    # files repeat the same few option ids thousands of times: resolving each text once
    # takes a regular-expression scan per scalar out of every later file.
    _resolved: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._resolved = {}  # a subclass may resolve differently

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= _RESOLVED_MAX_LENGTH and len(self._resolved) < _RESOLVED_CACHE_SIZE:
                self._resolved[key] = tag
        return tag


# Option ids and numbers are short; long texts (names, notes) are rarely repeated.
_RESOLVED_CACHE_SIZE = 10_000
_RESOLVED_MAX_LENGTH = 64


def refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    # Keys that a `<<` merge brings in may be overridden: that is YAML's own rule, so only
    # the keys written in this mapping are checked.
    seen: set[str] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.value in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key_node.value!r}; each key may appear once",
                    key_node.start_mark,
                )
            seen.add(key_node.value)


MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 200_000
# No bank or answers file nests anywhere near this deep; far deeper input would overflow the
# parser's stack (the C parser crashes outright) before any error could be reported.
MAX_DEPTH = 64
_BRACKETS = re.compile(r"[^\[\]{}]+")
# A line indented (by spaces, list dashes and explicit-key marks) past four columns per level.
# YAML breaks lines at \r, NEL and the Unicode separators as well as at \n.
_DEEP_INDENT = re.compile(rf"[\n\r\x85\u2028\u2029][ ?-]{{{4 * MAX_DEPTH + 1}}}")


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, or an error that says why it cannot be read."""
    if str(path) == "-":
        raise InputFileError(path, "standard input cannot be read here; give a file path")
    try:
        if path.is_dir():
            raise InputFileError(path, "is a folder; expected a file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputFileError(path, "no such file; check the path") from None
    except OSError as error:
        raise InputFileError(path, f"cannot be read ({error.strerror})") from None
    if size > max_bytes:
        raise InputFileError(path, f"is {size:,} bytes; files over {max_bytes:,} bytes are refused")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputFileError(path, f"cannot be read ({error.strerror})") from None
    return decode(raw, path, max_bytes=max_bytes)


def decode(raw: bytes, path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    if len(raw) > max_bytes:
        raise InputFileError(path, f"is over {max_bytes:,} bytes; refused")
    if b"\x00" in raw:
        raise InputFileError(path, "is a binary file; expected YAML or JSON text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(
            path, f"is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8"
        ) from None


def parse(text: str, path: Path | str) -> Any:
    """Parse YAML (JSON is YAML too, but the JSON parser is faster and exact for .json)."""
    check_depth(text, path)
    try:
        return _parse(text, path)
    except RecursionError:
        raise InputFileError(path, f"is nested too deeply (over {MAX_DEPTH} levels)") from None


def check_depth(text: str, path: Path | str) -> None:
    """Refuse text nested deeper than MAX_DEPTH, by brackets or by indentation and dashes.

    Both measures over-count (a bracket inside a quoted string counts too), which only
    matters for input far deeper than any real file.
    """
    deepest = 0
    if "[" in text or "{" in text:
        depth = 0
        for bracket in _BRACKETS.sub("", text):
            depth = depth + 1 if bracket in "[{" else depth - 1
            deepest = max(deepest, depth)
    if deepest > MAX_DEPTH or _DEEP_INDENT.search("\n" + text):  # the first line too
        raise InputFileError(path, f"is nested too deeply (over {MAX_DEPTH} levels); refused")


def _parse(text: str, path: Path | str) -> Any:
    if str(path).endswith(".json"):
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as error:
            raise InputFileError(path, f"invalid JSON: {error.msg}", line=error.lineno) from None
        except ValueError as error:  # a duplicate key, from _unique_keys
            raise InputFileError(path, f"invalid JSON: {error}") from None
        return data
    try:
        data = _load_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or "syntax error"
        if "could not determine a constructor" in str(problem):
            problem = f"{problem}; tags that build objects are not allowed"
        raise InputFileError(path, f"invalid YAML: {problem}", line=line) from None
    except yaml.YAMLError as error:
        raise InputFileError(path, f"invalid YAML: {error}") from None
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        # PyYAML's constructors raise these for a value that its tag, written (`!!int x`)
        # or implied (`2026-13-45` reads as a date), cannot hold.
        raise InputFileError(
            path,
            f"invalid YAML: a value cannot be read as its type ({type(error).__name__}: "
            f"{error}); quote it to keep it as text, or fix its `!!` tag",
        ) from None
    if "*" in text:  # without an alias nothing is shared, so nothing can expand
        check_expansion(data, path)
    return data


def _load_yaml(text: str) -> Any:
    # PyYAML's own construction. A hand-built one that skipped its node walk saved under 10 %
    # of a 10,000-file report (benchmarks/cohort.py), too little to keep a second builder.
    return yaml.load(text, Loader=SafeLoader)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}; each key may appear once")
        result[key] = value
    return result


def load(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, str]:
    """Parsed data and the text it came from (kept for line look-ups on error)."""
    text = read_text(path, max_bytes=max_bytes)
    return parse(text, path), text


def check_expansion(data: Any, path: Path | str) -> None:
    """Refuse documents whose shared (aliased) nodes expand past the node budget."""
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if isinstance(node, dict | list):
            key = id(node)
            if key in sizes:
                return sizes[key]
            sizes[key] = 1  # a cycle counts once, then the budget check stops it
            children = node.values() if isinstance(node, dict) else node
            total = 1 + sum(size(child) for child in children)
            sizes[key] = total
            if total > MAX_EXPANDED_NODES:
                raise InputFileError(
                    path, "expands to too many values (aliases nested too deep); refused"
                )
            return total
        return 1

    size(data)


def line_of(text: str, location: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at `location` (keys and list indices), if it exists.

    Composing a node tree is slower than loading, so it happens only when an error is shown.
    """
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for step in location:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key_node, value_node in node.value:
                if key_node.value == str(step):
                    found = (key_node, value_node)
                    break
            if found is None:
                return line
            line = found[0].start_mark.line + 1
            node = found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                return line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line
