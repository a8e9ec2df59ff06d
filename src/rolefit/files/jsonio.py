"""JSON documents, read with the same limits and refusals as YAML.

The json module parses; around it, rolefit refuses what it would let through: nesting past
MAX_DEPTH (counted on the brackets before parsing, so the parser never recurses that deep),
a key written twice in one object, NaN and Infinity, numbers too large to be finite, and
lone surrogate escapes. Every refusal is an InputFileError (exit 2) naming `file:line` where
it can be found.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from rolefit.core.text import has_surrogate, shown
from rolefit.errors import InputFileError
from rolefit.files.limits import MAX_DEPTH, too_deep

# A string (skipped), an opening bracket (group 1) or a closing one (group 2).
_JSON_BRACKETS = re.compile(r'"(?:[^"\\]++|\\.)*+"|([\[{])|([\]}])')
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


class _JSONRefused(ValueError):
    """A value the json module reads but rolefit refuses; `token` is its text, to find its line."""

    def __init__(self, message: str, token: str | None = None) -> None:
        super().__init__(message)
        self.token = token


def parse_json(text: str, path: Path | str) -> Any:
    _check_json_depth(text, path)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as error:
        raise InputFileError(path, f"invalid JSON: {error.msg}", line=error.lineno) from None
    except _JSONRefused as error:
        line = _token_line(text, error.token) if error.token else None
        raise InputFileError(path, f"invalid JSON: {error}", line=line) from None
    except ValueError:  # an integer longer than Python converts
        raise InputFileError(
            path, "invalid JSON: a number is too long; write it with fewer digits"
        ) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InputFileError(path, f"is nested too deeply (over {MAX_DEPTH} levels)") from None
    if _MAYBE_SURROGATE.search(text) and _has_surrogate(data):
        raise InputFileError(
            path,
            "invalid JSON: a lone surrogate escape (\\ud800-\\udfff) is not text; write the "
            "character itself, or a pair of escapes",
            line=_surrogate_line(text),
        )
    return data


def _check_json_depth(text: str, path: Path | str) -> None:
    """Refuse JSON nested past MAX_DEPTH, counting brackets outside strings only."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for token in _JSON_BRACKETS.finditer(text):
        if token.lastindex == 1:
            depth += 1
            if depth > MAX_DEPTH:
                raise too_deep(path, text.count("\n", 0, token.start()) + 1)
        elif token.lastindex == 2:
            depth -= 1


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JSONRefused(f"duplicate key {shown(repr(key))}; each key may appear once")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise _JSONRefused(f"{name} is not a finite number; numbers must be finite", name)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _JSONRefused(f"the number {shown(text)} is too large; numbers must be finite", text)
    return number


def _token_line(text: str, token: str) -> int | None:
    """The line of the first `token` outside a string."""
    pattern = re.compile(rf'"(?:[^"\\]++|\\.)*+"|(?<![\w.+-])({re.escape(token)})(?![\w.])')
    for match in pattern.finditer(text):
        if match.group(1):
            return text.count("\n", 0, match.start()) + 1
    return None


def _has_surrogate(data: Any) -> bool:
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if has_surrogate(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _surrogate_line(text: str) -> int | None:
    escapes = re.finditer(
        r"\\u([dD][89a-fA-F][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?", text
    )
    for match in escapes:
        if match.group(1)[1] in "89abAB" and match.group(2):
            continue  # a high surrogate and its low one: one character
        return text.count("\n", 0, match.start()) + 1
    return None
