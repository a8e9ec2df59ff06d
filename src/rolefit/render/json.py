"""The result as JSON: the contract CI scripts read (schema: `rolefit schema result`).

JSON is the one output that keeps text from files exactly as it was: nothing here goes
through `shown`. `model_json` writes the result, the cohort report and the comparison.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from rolefit.core.result import Result
from rolefit.core.text import SURROGATES

if TYPE_CHECKING:
    from rolefit.core.cohort_report import CohortReport


def result_json(result: Result) -> str:
    return model_json(result)


def cohort_json(report: CohortReport) -> str:
    return model_json(report)


def model_json(model: BaseModel) -> str:
    """`model` as indented JSON, as pydantic writes it, ending in a line break.

    A file name that is not UTF-8 reaches Python as lone surrogates (`surrogateescape`), which
    UTF-8 cannot encode, so pydantic refuses the document. Such a document is written by the
    standard library instead, each surrogate as its JSON escape (`"\\udcff"`), which reads
    back to the same string: still lossless, and still plain UTF-8.
    """
    try:
        return model.model_dump_json(indent=2) + "\n"
    except PydanticSerializationError:
        import json  # only for this rare document, like the pattern below

        text = json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False)
        return re.sub(SURROGATES, lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
