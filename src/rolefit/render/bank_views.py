"""The bank as a table, JSON, a printable handout, or an answers-file template.

Bank text is checked when the bank is read (no control characters), and reaches Rich as
`Text`, never as a str Rich would read as [markup]. The only other text here is the bank's
file paths in the template's hint, made safe with `shown`. rolefit's own words go through `tr`
(English by default); the template's keys and option ids stay as they are, so that it is an
answers file in any language.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from rolefit.core.bank import Bank
from rolefit.core.conditions import describe
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.items import multi_bounds, options_of
from rolefit.core.models import Question
from rolefit.core.text import shown
from rolefit.render.markdown import escape


def _shape(question: Question, tr: Translator = ENGLISH) -> str:
    if question.type == "multi":
        low, high = multi_bounds(question)
        if low != high:
            return tr.gettext("pick {low} to {high}").format(low=low, high=high)
        return tr.gettext("pick {count}").format(count=low)
    if question.type == "rank":
        return tr.gettext("order all, most preferred first")
    return tr.gettext("pick one")


def questions_table(bank: Bank, questions: Sequence[Question], tr: Translator = ENGLISH) -> Table:
    # Bank text goes in as Text, never as a str that Rich would read as [markup].
    title = tr.ngettext(
        "{title} ({count} question)", "{title} ({count} questions)", len(questions)
    ).format(title=bank.title, count=len(questions))
    table = Table(title=Text(title), show_lines=False)
    # Translators: the column headings of `rolefit questions` (the type and kind below them
    # are the bank's codes, kept as they are).
    table.add_column(tr.pgettext("questions column", "id"), style="bold", overflow="fold")
    table.add_column(tr.pgettext("questions column", "type"), no_wrap=True)
    table.add_column(tr.pgettext("questions column", "short"), no_wrap=True, justify="center")
    table.add_column(tr.pgettext("questions column", "prompt"), overflow="fold", ratio=3)
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


def questions_markdown(bank: Bank, questions: Sequence[Question], tr: Translator = ENGLISH) -> str:
    """A handout for a paper workshop: tick boxes, numbered ranks, the source of each."""
    lines = [f"# {escape(bank.title)}", ""]
    lines.append(
        tr.gettext(
            "Tick one box per question unless it says otherwise; skip any question you prefer "
            "not to answer. Write the ids you ticked into an answers file to score it with "
            "`rolefit score`."
        )
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
            condition = (
                " *"
                + tr.gettext("(only if {condition})").format(
                    condition=escape(describe(question.when, tr))
                )
                + "*"
                if question.when
                else ""
            )
            lines.append(f"**{number}. {escape(question.prompt)}**{condition}  ")
            lines.append(f"`{question.id}` · {_shape(question, tr)}")
            if question.help:
                lines += ["", f"> {escape(question.help)}"]
            lines.append("")
            box = "- ___" if question.type == "rank" else "- [ ]"
            lines.extend(
                f"{box} {escape(option.label)} (`{option.id}`)"
                for option in options_of(question, tr)
            )
            source = tr.gettext("Source: {source}").format(source=escape(str(question.source)))
            lines += ["", f"<sub>{source}</sub>", ""]
    return "\n".join(lines)


def answers_template(
    bank: Bank,
    questions: Sequence[Question],
    *,
    short: bool = False,
    bank_options: str = "",
    tr: Translator = ENGLISH,
) -> str:
    """A valid answers file with every answer left null and its options in comments.

    `bank_options` is what `rolefit score` needs to find a custom bank (`--questions ...`);
    its paths stay whole, but a line break or a control character in one would end the
    comment or make the file unreadable, so they are shown escaped.
    """
    info = bank.questions_file.bank
    options = shown(bank_options, limit=len(bank_options))
    # Translators: the comments of an answers file to fill in; keep THIS_FILE, the keys
    # (respondent, bank, form, answers), null and the ids as they are: rolefit reads them.
    this_file = tr.gettext("THIS_FILE")
    lines = [
        "# "
        + tr.gettext("rolefit answers for bank '{id}' (version {version}).").format(
            id=info.id, version=info.version
        ),
        "# " + tr.gettext("Replace each null with your answer; leave null to skip. Score with:"),
        f"#   rolefit score {this_file}{options}",
        "respondent: null",
        f"bank: {info.id}",
    ]
    if short:
        lines.append(
            "form: short  # " + tr.gettext("the short form: only these questions are scored")
        )
    lines.append("answers:")
    for question in questions:
        lines.append(f"  # {_one_line(question.prompt)}")
        choices = options_of(question, tr)
        ids = " | ".join(o.id for o in choices)
        # In English a statement's ids say what they mean (agree, disagree...); in another
        # language they are listed with their labels, as the other questions' options are.
        if question.type == "likert" and tr is ENGLISH:
            lines.append("  # " + tr.gettext("one of: {ids}").format(ids=ids))
        else:
            # Each option's text beside its id, so nobody has to guess what `one_line` means.
            if question.type in ("choice", "likert"):
                lines.append("  # " + tr.gettext("one of these ids:"))
            elif question.type == "multi":
                shape = tr.gettext("a list, {shape} of these ids:").format(
                    shape=_shape(question, tr)
                )
                lines.append(f"  # {shape}")
            else:
                lines.append("  # " + tr.gettext("a list of all these ids, most preferred first:"))
            lines.extend(f"  #   {o.id}: {_one_line(o.label)}" for o in choices)
        if question.when is not None:
            condition = describe(question.when, tr)
            only = tr.gettext("(answer only if {condition})").format(condition=condition)
            lines.append(f"  # {only}")
        lines.append(f"  {question.id}: null")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())
