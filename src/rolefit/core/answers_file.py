"""The answers file as `rolefit schema answers` publishes it, for editors and CI.

`core.answers` checks the files rolefit reads, with a message that names the place and the
fix; this model describes the same shape as a JSON Schema. It lives apart from the bank's
models so that only the command that prints it makes its class, not every `rolefit score`.
"""

# No `from __future__ import annotations` here: see core.models.

from typing import Literal

from pydantic import Field

from rolefit.core.fields import Frozen

AnswerValue = str | int | list[str] | None


class AnswersFile(Frozen):
    """What a person (or a script) hands to `rolefit score`."""

    respondent: str | None = Field(default=None, description="Shown on the report; optional.")
    bank: str | None = Field(default=None, description="The id of the bank answered, if given.")
    form: Literal["full", "short"] = Field(
        default="full",
        description="short: only the bank's short form was asked, so only it is scored.",
    )
    answers: dict[str, AnswerValue] = Field(
        description=(
            "question id -> answer. likert and choice: one option id (likert also 1-5); "
            "multi: a list of option ids; rank: every option id, most preferred first; "
            "null or left out: skipped."
        )
    )
