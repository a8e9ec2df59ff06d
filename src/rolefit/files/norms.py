"""Norms files: written by `rolefit norms build`, read by `rolefit score --norms`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rolefit.core.norms import MIN_GROUP, Norms
from rolefit.core.places import dotted, error_location, found
from rolefit.errors import InputFileError
from rolefit.files import reading
from rolefit.files.writing import write_atomic

HEADER = (
    "# rolefit norms: the product % of everyone in a group who got a verdict, for percentiles\n"
    "# (`rolefit score --norms FILE`). Made by `rolefit norms build`; no names, no answers.\n"
)


def read_norms(path: Path) -> Norms:
    """The norms in `path`, or one line naming the file, the line and what to fix (exit 2)."""
    data, text = reading.load(path)
    if not isinstance(data, dict):
        raise InputFileError(path, "not a norms file: expected a mapping with `group`, `n` ...")
    try:
        return Norms.model_validate(data)
    except ValidationError as error:
        item = error.errors()[0]
        location = error_location(item["loc"])
        context = item.get("ctx") or {}
        if not location and "field" in context:
            location = (context["field"],)
        value = (
            ""
            if item["type"] in ("missing", "norms_inconsistent")
            else (f"; found {found(item.get('input'))}")
        )
        # Only a count below the minimum is about the group's size.
        hint = (
            f" (groups under {MIN_GROUP} people are refused)"
            if location == ("n",) and item["type"] == "greater_than_equal"
            else ""
        )
        raise InputFileError(
            path,
            f"not a valid norms file (from `rolefit norms build`): {dotted(location)}: "
            f"{item['msg']}{value}{hint}",
            line=reading.line_of(text, location),
        ) from None


def norms_yaml(norms: Norms) -> str:
    import yaml

    data: dict[str, Any] = norms.model_dump(mode="json")
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)
    return HEADER + body


def write_norms(path: Path, norms: Norms) -> None:
    write_atomic(path, norms_yaml(norms))
