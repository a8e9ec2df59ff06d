"""A workshop store as files: one answers file per person, or a CSV table and its codebook.

The answers files are exactly the documents the store holds (the shape `rolefit score`
reads), so `rolefit report DIR` on an export gives the report of the store. The CSV has one
row per person (their answers by question id, and their verdict) for spreadsheets and R; the
codebook names every question and option. Every file is written by `write_atomic`.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from rolefit.core.bank import Bank
from rolefit.core.items import options_of
from rolefit.core.text import name_slug
from rolefit.errors import FileSystemError
from rolefit.files.writing import write_atomic
from rolefit.store.workshop import StoredResponse

# Multi and rank answers in one CSV cell: option ids joined by this (ranked best first).
LIST_SEPARATOR = ";"
# A spreadsheet runs a cell that starts with one of these as a formula (after any blank or
# line break in front, which some spreadsheets skip).
_FORMULA_START = ("=", "+", "-", "@")
_LEADING_BLANKS = " \t\r\n"


def answers_file_name(response: StoredResponse, suffix: str) -> str:
    """`response-0007-sam-lee.answers.yaml`: numbered, with a tame form of the name."""
    slug = name_slug(response.respondent, limit=40)
    return f"response-{response.id:04d}{f'-{slug}' if slug else ''}.answers.{suffix}"


def readable(
    responses: Sequence[StoredResponse],
) -> tuple[list[tuple[StoredResponse, dict[str, Any]]], list[StoredResponse]]:
    """The responses whose stored answers document reads as a JSON object, each with it, and
    those whose document is damaged (the store was changed by hand), which an export leaves out
    and names, as `rolefit report workshop.db` does."""
    good: list[tuple[StoredResponse, dict[str, Any]]] = []
    damaged: list[StoredResponse] = []
    for response in responses:
        try:
            document = json.loads(response.document)
        except ValueError:
            document = None
        if isinstance(document, dict):
            good.append((response, document))
        else:
            damaged.append(response)
    return good, damaged


def answers_text(response: StoredResponse, document: dict[str, Any], suffix: str) -> str:
    if suffix == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    header = (
        f"# rolefit answers: response {response.id} of a workshop, received {response.received}.\n"
        "# Score them again with: rolefit score THIS_FILE\n"
    )
    return header + yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, default_flow_style=None
    )


def write_answers_files(
    responses: Sequence[tuple[StoredResponse, dict[str, Any]]], folder: Path, suffix: str
) -> int:
    _make_folder(folder)
    for written, (response, document) in enumerate(responses):
        try:
            write_atomic(
                folder / answers_file_name(response, suffix),
                answers_text(response, document, suffix),
            )
        except FileSystemError as error:
            if not written:
                raise
            # The files before this one are complete and stay: say so, or "nothing was
            # written" about this file would read as the whole export.
            raise error.adding(
                f" (this file); the {written} before it of {len(responses)} are in {folder}"
            ) from None
    return len(responses)


def _make_folder(folder: Path) -> None:
    """The folder `--to` names, made if missing; one line when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise FileSystemError(folder, f"{_what_is_there(folder)}; give --to a folder") from None
    except OSError as error:
        raise FileSystemError(folder, f"cannot make the folder ({error.strerror})") from None


def _what_is_there(folder: Path) -> str:
    """What has the name of the folder `--to` wants, when it is no folder."""
    try:
        os.stat(folder)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link that loops (too many levels of links)"
        if folder.is_symlink():
            return "a symbolic link to nothing (what it points to does not exist)"
    return "not a folder (a file has that name, here or above)"


def _cell(value: Any) -> str:
    """A value as a CSV cell: text a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    text = str(value)
    guarded = text.lstrip(_LEADING_BLANKS).startswith(_FORMULA_START) or text[:1] in "\t\r\n"
    return f"'{text}" if guarded else text


def responses_csv(responses: Sequence[tuple[StoredResponse, dict[str, Any]]], bank: Bank) -> str:
    question_ids = [q.id for q in bank.questions]
    out = io.StringIO()
    # CRLF between rows (RFC 4180): a cell holding a line break is then always quoted.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "response",
            "received",
            "respondent",
            "form",
            "verdict",
            "product_pct",
            "margin",
            *question_ids,
        ]
    )
    for response, document in responses:
        try:
            result = json.loads(response.result)
        except ValueError:
            result = {}
        answers = document.get("answers") or {}
        writer.writerow(
            [
                response.id,
                response.received,
                _cell(response.respondent),
                response.form,
                result.get("verdict"),
                result.get("product_pct"),
                result.get("margin"),
                *(_cell(answers.get(qid)) for qid in question_ids),
            ]
        )
    return out.getvalue()


def codebook_csv(bank: Bank) -> str:
    """One row per option: question id, section, type, kind, the prompt, option id and label."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "question_id",
            "section",
            "type",
            "kind",
            "prompt",
            "position",
            "option_id",
            "option_label",
        ]
    )
    for question in bank.questions:
        for position, option in enumerate(options_of(question), start=1):
            writer.writerow(
                [
                    question.id,
                    bank.section_of[question.id],
                    question.type,
                    question.kind,
                    _cell(question.prompt),
                    position,
                    option.id,
                    _cell(option.label),
                ]
            )
    return out.getvalue()


def write_csv(
    responses: Sequence[tuple[StoredResponse, dict[str, Any]]], bank: Bank, folder: Path
) -> tuple[Path, Path]:
    _make_folder(folder)
    table, codebook = folder / "responses.csv", folder / "codebook.csv"
    write_atomic(table, responses_csv(responses, bank))
    write_atomic(codebook, codebook_csv(bank))
    return table, codebook
