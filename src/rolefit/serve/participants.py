"""A web participant's progress: their name, form and `Flow`, as the JSON the store keeps.

Saved after every step, so a reload, a dropped connection or a server restart loses nothing;
read back against the bank, keeping only answers that are still valid (as the terminal quiz
does with its progress file).
"""

from __future__ import annotations

import json
from typing import Any

from rolefit.core.answers import check_answer
from rolefit.core.bank import Bank
from rolefit.core.flow import Flow
from rolefit.core.models import Answer
from rolefit.core.records import record


@record
class Progress:
    respondent: str | None
    short: bool
    flow: Flow

    def dumps(self) -> str:
        flow = self.flow
        return json.dumps(
            {
                "respondent": self.respondent,
                "short": self.short,
                "order": list(flow.order),
                "answers": {qid: _plain(answer) for qid, answer in flow.answers.items()},
                "skipped": sorted(flow.skipped),
                "position": flow.position,
                "editing": flow.editing,
            }
        )

    @classmethod
    def loads(cls, text: str, bank: Bank) -> Progress:
        data = json.loads(text)
        answers: dict[str, Answer] = {}
        for qid, raw in dict(data.get("answers", {})).items():
            question = bank.by_id.get(qid)
            if question is not None:
                checked, problem = check_answer(question, raw, bank)
                if problem is None and checked is not None:
                    answers[qid] = checked
        flow = Flow.restore(
            bank,
            [str(qid) for qid in data.get("order", ())],
            answers,
            [str(qid) for qid in data.get("skipped", ())],
            data.get("position"),
            bool(data.get("editing", False)),
        )
        return cls(data.get("respondent"), bool(data.get("short", False)), flow)

    def answers_document(self) -> dict[str, Any]:
        """The answers file this person would have written: the shape `rolefit score` reads."""
        document: dict[str, Any] = {}
        if self.respondent:
            document["respondent"] = self.respondent
        document["bank"] = self.flow.bank.id
        if self.short:
            document["form"] = "short"
        answers = self.flow.answers_in_bank_order()
        document["answers"] = {qid: _plain(answer) for qid, answer in answers.items()}
        return document


def _plain(answer: Answer | None) -> str | list[str] | None:
    return list(answer) if isinstance(answer, tuple) else answer
