"""Places in a parsed document and the values found there, as a message names them.

A problem in a bank, an answers file, a result or a norms file says where it is by keys
(`sections.0.questions.3.when`, which the edge that read the file turns into `file:line`) and
what it found there (`a number (42)`, a text in quotes), on one safe line whatever the file
held.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rolefit.core.text import shown


def error_location(loc: Sequence[Any]) -> tuple[str | int, ...]:
    """The keys and indices of the value a pydantic error names by `loc`.

    pydantic also names the union member it tried (e.g. "LikertKey", or for a bank model
    "function-wrap[_lift_translations()]", after the validator that wraps it); the file has
    no such key, so those steps are left out.
    """
    return tuple(
        step
        for step in loc
        if isinstance(step, int)
        or (
            isinstance(step, str)
            and not step[:1].isupper()
            and not (step.startswith("function-") and step.endswith("()]"))
            and step != "[key]"  # a mapping's key itself: the step before names it
        )
    )


def found(value: object, limit: int = 60) -> str:
    """A value from a document as a message shows it: as written (text in quotes), one safe
    line of at most about `limit` characters (rolefit.core.text.shown)."""
    if value is None or isinstance(value, bool):  # spelt as YAML and JSON spell them
        return "null" if value is None else str(value).lower()
    try:
        text = repr(value)
    except ValueError:  # Python prints no integer of over 4,300 digits (0x... can hold one)
        return f"a {type(value).__name__} holding a number too long to print"
    return shown(text, limit)


def shape_of(value: object) -> str:
    """What a document holds where a mapping should be, in a reader's words: `a number (42)`,
    `a list`, `nothing` (an empty file, or null) — never Python's type names."""
    if value is None:
        return "nothing (it is empty, or only null)"
    if isinstance(value, bool):
        return f"a true/false value ({found(value)})"
    if isinstance(value, int | float):
        return f"a number ({found(value)})"
    if isinstance(value, str):
        return f"a text ({found(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a value of another kind ({found(value)})"


def dotted(location: Sequence[str | int]) -> str:
    """A location as a reader writes it: `sections.0.questions.3.when`.

    Keys come from the document, so each is shown safely (a key may hold anything).
    """
    return ".".join(shown(step, 60) for step in location) or "top level"
