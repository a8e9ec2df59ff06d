"""The bank as a table, JSON, a printable handout, or an answers-file template.

Bank text is checked when the bank is read (no control characters), and reaches Rich as
`Text`, never as a str Rich would read as [markup]. The only other text here is the bank's
file paths in the template's hint, made safe with `shown`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from rolefit.core.bank import Bank
from rolefit.core.conditions import describe
from rolefit.core.items import multi_bounds, options_of
from rolefit.core.models import Question
from rolefit.core.text import shown
from rolefit.render.markdown import escape


def _shape(question: Question) -> str:
    if question.type == "multi":
        low, high = multi_bounds(question)
        return f"pick {low} to {high}" if low != high else f"pick {low}"
    if question.type == "rank":
        return "order all, most preferred first"
    return "pick one"


def questions_table(bank: Bank, questions: Sequence[Question]) -> Table:
    # Bank text goes in as Text, never as a str that Rich would read as [markup].
    table = Table(title=Text(f"{bank.title} ({len(questions)} questions)"), show_lines=False)
    table.add_column("id", style="bold", overflow="fold")
    table.add_column("type", no_wrap=True)
    table.add_column("short", no_wrap=True, justify="center")
    table.add_column("prompt", overflow="fold", ratio=3)
    for question in questions:
        table.add_row(
            Text(question.id),
            f"{question.type}\n{question.kind}",
            "✓" if question.short else "",
            Text(question.prompt),
        )
    return table


def questions_json(bank: Bank, questions: Sequence[Question]) -> str:
    rows: list[dict[str, Any]] = []
    for question in questions:
        row: dict[str, Any] = {
            "id": question.id,
            "section": bank.section_of[question.id],
            "type": question.type,
            "kind": question.kind,
            "prompt": question.prompt,
            "options": [{"id": o.id, "label": o.label} for o in options_of(question)],
            "short": question.short,
            "required": question.required,
            "source": {"title": question.source.title, "section": question.source.section},
        }
        if question.help:
            row["help"] = question.help
        if question.type == "multi":
            row["min"], row["max"] = multi_bounds(question)
        if question.when is not None:
            row["when"] = question.when.model_dump(by_alias=True, exclude_none=True)
        rows.append(row)
    info = bank.questions_file.bank
    document = {
        "bank": {"id": info.id, "title": info.title, "version": str(info.version)},
        "questions": rows,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def questions_markdown(bank: Bank, questions: Sequence[Question]) -> str:
    """A handout for a paper workshop: tick boxes, numbered ranks, the source of each."""
    lines = [f"# {escape(bank.title)}", ""]
    lines.append(
        "Tick one box per question unless it says otherwise; skip any question you prefer not "
        "to answer. Write the ids you ticked into an answers file to score it with "
        "`rolefit score`."
    )
    lines.append("")
    wanted = {q.id for q in questions}
    number = 0
    for section in bank.questions_file.sections:
        chosen = [q for q in section.questions if q.id in wanted]
        if not chosen:
            continue
        lines += [f"## {escape(section.title)}", ""]
        for question in chosen:
            number += 1
            condition = f" *(only if {escape(describe(question.when))})*" if question.when else ""
            lines.append(f"**{number}. {escape(question.prompt)}**{condition}  ")
            lines.append(f"`{question.id}` · {_shape(question)}")
            if question.help:
                lines += ["", f"> {escape(question.help)}"]
            lines.append("")
            box = "- ___" if question.type == "rank" else "- [ ]"
            lines.extend(
                f"{box} {escape(option.label)} (`{option.id}`)" for option in options_of(question)
            )
            lines += ["", f"<sub>Source: {escape(str(question.source))}</sub>", ""]
    return "\n".join(lines)


def answers_template(
    bank: Bank, questions: Sequence[Question], *, short: bool = False, bank_options: str = ""
) -> str:
    """A valid answers file with every answer left null and its options in comments.

    `bank_options` is what `rolefit score` needs to find a custom bank (`--questions ...`);
    its paths stay whole, but a line break or a control character in one would end the
    comment or make the file unreadable, so they are shown escaped.
    """
    info = bank.questions_file.bank
    options = shown(bank_options, limit=len(bank_options))
    lines = [
        f"# rolefit answers for bank '{info.id}' (version {info.version}).",
        "# Replace each null with your answer; leave null to skip. Score with:",
        f"#   rolefit score THIS_FILE{options}",
        "respondent: null",
        f"bank: {info.id}",
    ]
    if short:
        lines.append("form: short  # the short form: only these questions are scored")
    lines.append("answers:")
    for question in questions:
        lines.append(f"  # {_one_line(question.prompt)}")
        choices = options_of(question)
        ids = " | ".join(o.id for o in choices)
        if question.type == "likert":  # the ids say what they mean: agree, disagree...
            lines.append(f"  # one of: {ids}")
        else:
            # Each option's text beside its id, so nobody has to guess what `one_line` means.
            if question.type == "choice":
                lines.append("  # one of these ids:")
            elif question.type == "multi":
                lines.append(f"  # a list, {_shape(question)} of these ids:")
            else:
                lines.append("  # a list of all these ids, most preferred first:")
            lines.extend(f"  #   {o.id}: {_one_line(o.label)}" for o in choices)
        if question.when is not None:
            lines.append(f"  # (answer only if {describe(question.when)})")
        lines.append(f"  {question.id}: null")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())
