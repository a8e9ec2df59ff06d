"""The YAML 1.2 core schema: what a scalar means, and which explicit tags a file may use.

Scalars mean what the core schema says (https://yaml.org/spec/1.2.2/#1032-tag-resolution):
`yes`, `on`, `1:30` and `2026-11-22` stay text; numbers must be finite. Explicit tags other
than the core schema's own are refused, so nothing in a file ever builds an object or runs.
A refusal is a `Refused`, without file or line: `yaml12`, which builds the document, adds them.
"""

from __future__ import annotations

import math
import re
from typing import Any

from rolefit.core.text import shown

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_INT = _CORE + "int"
_FLOAT = _CORE + "float"
_BOOL = _CORE + "bool"
_NULL = _CORE + "null"
_MAP = _CORE + "map"
_SEQ = _CORE + "seq"
_SCALAR_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, "!"})

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOLS["FALSE"] = False
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_TEXT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
# A plain scalar that may be something other than text starts with one of these.
MAY_NOT_BE_TEXT = frozenset("0123456789+-.~nNtTfF")

# A cohort's files repeat the same few option ids thousands of times; each text is resolved
# once. Only short texts are kept (option ids and numbers; names are rarely repeated).
_resolved: dict[str, Any] = {}
_RESOLVED_CACHE_SIZE = 10_000
_RESOLVED_MAX_LENGTH = 64
_MISSING = object()


class Refused(Exception):
    """A value the reader refuses; the builder adds the file and line."""


def plain(text: str) -> Any:
    """What an untagged plain scalar means in the core schema."""
    if text and text[0] not in MAY_NOT_BE_TEXT:
        return text
    value = _resolved.get(text, _MISSING)
    if value is _MISSING:
        value = _resolve(text)
        if len(text) <= _RESOLVED_MAX_LENGTH and len(_resolved) < _RESOLVED_CACHE_SIZE:
            _resolved[text] = value
    return value


def _resolve(text: str) -> Any:
    if text in _NULLS:
        return None
    boolean = _BOOLS.get(text)
    if boolean is not None:
        return boolean
    number = _number(text)
    return text if number is None else number


def _number(text: str) -> int | float | None:
    """The core schema's int or float `text` stands for, or None if it is not a number."""
    if _DECIMAL.fullmatch(text):
        return _integer(text, 10)
    if _OCTAL.fullmatch(text):
        return _integer(text[2:], 8)
    if _HEX.fullmatch(text):
        return _integer(text[2:], 16)
    if _FLOAT_TEXT.fullmatch(text):
        number = float(text)
        if not math.isfinite(number):
            raise Refused(f"the number {shown(text)} is too large; numbers must be finite")
        return number
    if _NOT_FINITE.fullmatch(text):
        raise Refused(
            f"{text} is not a finite number; numbers must be finite (quote it to keep it as text)"
        )
    return None


def _integer(digits: str, base: int) -> int:
    try:
        return int(digits, base)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise Refused(f"a number of {len(digits):,} digits is too long; quote it") from None


def tagged(text: str, tag: str) -> Any:
    """A scalar with an explicit tag: only the core schema's tags, and what they can hold."""
    if tag == _STR or tag == "!":
        return text
    if tag not in _SCALAR_TAGS:
        if tag in (_MAP, _SEQ):
            raise Refused(f"{_short(tag)} cannot tag a plain value ('{shown(text)}'); remove it")
        raise Refused(_tag_refused(tag))
    value: Any
    if tag == _NULL:
        value = None if text in _NULLS else _MISSING
    elif tag == _BOOL:
        value = _BOOLS.get(text, _MISSING)
    elif tag == _INT:
        value = _number(text) if _DECIMAL.fullmatch(text) or text[:2] in ("0o", "0x") else None
        value = _MISSING if value is None else value
    else:  # a float: an int written as one is a float too
        value = _number(text)
        value = _MISSING if value is None else float(value)
    if value is _MISSING:
        raise Refused(
            f"a value cannot be read as its type ({_short(tag)} '{shown(text)}'); quote it "
            "to keep it as text, or fix its `!!` tag"
        )
    return value


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _tag_refused(tag: str) -> str:
    return (
        f"the tag {shown(_short(tag))} is not allowed (tags that build objects are not allowed; "
        "only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq); remove it"
    )


def check_collection_tag(tag: str, is_map: bool) -> None:
    if tag == (_MAP if is_map else _SEQ):
        return
    if tag in _SCALAR_TAGS or tag in (_MAP, _SEQ):
        what = "a mapping" if is_map else "a list"
        raise Refused(f"{_short(tag)} cannot tag {what}; remove it")
    raise Refused(_tag_refused(tag))
