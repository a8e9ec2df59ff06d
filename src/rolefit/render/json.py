"""The result as JSON: the contract CI scripts read (schema: `rolefit schema result`)."""

from __future__ import annotations

from rolefit.core.models import Result


def result_json(result: Result) -> str:
    return result.model_dump_json(indent=2) + "\n"
