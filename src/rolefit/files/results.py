"""Reading one side of `rolefit compare`: a saved result JSON, or an answers file to score."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from rolefit.core.bank import Bank
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.places import dotted, error_location, found
from rolefit.core.result import RESULT_SCHEMA_VERSION, Result
from rolefit.core.scoring import score
from rolefit.errors import InputFileError
from rolefit.files import reading
from rolefit.files.answers import answers_in
from rolefit.files.output import warn

Kind = Literal["answers", "result"]


def load_result(path: Path, bank: Bank, tr: Translator = ENGLISH) -> tuple[Result, Kind]:
    """A result from a result JSON as saved, or from an answers file scored with `bank` (its
    sentences in `tr`'s language)."""
    data, text = reading.load(path)
    if (
        isinstance(data, dict)
        and "answers" not in data
        and {"schema_version", "verdict"} & set(data)
    ):
        return _validate_result(data, text, path), "result"
    sheet = answers_in(data, text, str(path), bank)
    for warning in sheet.warnings:
        warn(f"{path}: {warning}")
    return score(bank, sheet, tr), "answers"


def _validate_result(data: dict[str, Any], text: str, path: Path) -> Result:
    """The result in `data`, refused with its file and line unless rolefit could have written
    it: finite numbers in range, figures that agree with each other (the model checks both)."""
    version = data.get("schema_version")
    if version != RESULT_SCHEMA_VERSION:
        raise InputFileError(
            path,
            f"a result with schema_version {found(version)}; this rolefit reads version "
            f"{RESULT_SCHEMA_VERSION}: score the answers again, or compare the answers files",
            line=reading.line_of(text, ["schema_version"]),
        )
    try:
        # Strictly: rolefit writes numbers as numbers, so `true` or "73.2" where one belongs
        # is refused rather than read as 1 or 73.2. JSON has no tuples: its arrays are.
        return Result.model_validate(_arrays_as_tuples(data), strict=True)
    except ValidationError as error:
        item = error.errors()[0]
        location = error_location(item["loc"])
        context = item.get("ctx") or {}
        if not location and "field" in context:  # a rule across fields names the one to fix
            location = (context["field"],)
        value = "" if item["type"] in _NO_VALUE else f"; found {found(item.get('input'))}"
        raise InputFileError(
            path,
            "not a valid result (from `rolefit score --format json`): "
            f"{dotted(location)}: {item['msg']}{value}",
            line=reading.line_of(text, location),
        ) from None


def _arrays_as_tuples(value: Any) -> Any:
    """`value` with every list in it a tuple, as the result's fields are."""
    if isinstance(value, list):
        return tuple(_arrays_as_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _arrays_as_tuples(item) for key, item in value.items()}
    return value


# Errors whose input is not one value worth showing: a missing field, or a rule across fields.
_NO_VALUE = frozenset({"missing", "result_inconsistent"})
