"""Shared by the translation tests: a bank whose every text is easy to tell apart from
rolefit's own words, results over it that take every branch the words do, and a pseudo-
translator that marks each message it translates.

Every word of the bank's texts is prefixed with `qq` (`qqHave qqyou qqled…`), so whatever is
left of a rendered result once the marked messages and the `qq` words are taken out is text
rolefit wrote without asking the catalog: an untranslated literal.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.items import ItemScale, options_of
from rolefit.core.models import Answer
from rolefit.core.result import Result
from rolefit.core.scoring import score
from rolefit.files.banks import BankFiles, load_bank

ROOT = Path(__file__).resolve().parent.parent
# The keys whose values are text a person reads (a translated bank's `prompt::de` too).
TEXT_KEYS = {
    "title",
    "section",
    "because",
    "label",
    "prompt",
    "help",
    "author",
    "product",
    "program",
    "balanced",
}
OPEN, CLOSE = "⟦", "⟧"
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_BANK_WORD = re.compile(r"qq[A-Za-z]+")
_WORD = re.compile(r"[A-Za-z]{2,}")


class Marking:
    """A translator that returns every message wrapped in ⟦…⟧ (plural forms too)."""

    def gettext(self, message: str, /) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return f"{OPEN}{singular if n == 1 else plural}{CLOSE}"

    def pgettext(self, context: str, message: str, /) -> str:
        return f"{OPEN}{message}{CLOSE}"


def unmarked(text: str) -> str:
    """`text` without the marked messages (innermost first: messages hold messages)."""
    while True:
        stripped = _MARKED.sub(" ", text)
        if stripped == text:
            return stripped
        text = stripped


def english_left(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The words in `text` that no message marked and no bank text holds."""
    rest = _BANK_WORD.sub(" ", unmarked(text))
    return [word for word in _WORD.findall(rest) if word not in allowed]


def marked_texts(document: Any) -> Any:
    """A copy of a bank document with every word of every text prefixed by `qq`."""

    def mark(value: Any, key: str | None) -> Any:
        if isinstance(value, dict):
            return {k: mark(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v, key) for v in value]
        if isinstance(value, str) and key is not None and key.split("::")[0] in TEXT_KEYS:
            return re.sub(r"[A-Za-z]+", lambda m: "qq" + m.group(), value)
        return value

    return mark(copy.deepcopy(document), None)


def marked_bank_files(folder: Path) -> BankFiles:
    """The default bank with its texts marked (ids, keys and numbers as they are)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in ("questions", "scoring"):
        document = yaml.safe_load((ROOT / part / "default.yaml").read_text(encoding="utf-8"))
        path = folder / f"{part}.yaml"
        path.write_text(yaml.safe_dump(marked_texts(document), sort_keys=False), "utf-8")
        paths.append(path)
    return BankFiles(paths[0], paths[1])


def marked_bank(folder: Path) -> Bank:
    return load_bank(marked_bank_files(folder))


def leaning(bank: Bank, side: float, skill: str = "basic") -> dict[str, Answer]:
    """Answers that pull as far as they can toward product (`side` 1) or program (-1); every
    skill rated `skill`."""
    answers: dict[str, Answer] = {}
    for question in bank.questions:
        if question.kind == "skill":
            answers[question.id] = skill
            continue
        ids = [option.id for option in options_of(question)]
        scale = bank.items.get(question.id)
        if scale is None or not scale.moves_fit:
            answers[question.id] = ids[0]
            continue

        def pull(answer: Answer, scale: ItemScale = scale) -> float:
            return side * sum(scale.leans(answer).values())

        if question.type == "rank":
            answers[question.id] = tuple(sorted(ids, key=lambda o: -pull((o,))))
        elif question.type == "multi":
            low = question.min or 1
            answers[question.id] = tuple(sorted(ids, key=lambda o: -pull((o,)))[:low])
        else:
            answers[question.id] = max(ids, key=pull)
    return answers


def results(bank: Bank, tr: Any) -> dict[str, Result]:
    """Results over `bank` that take the branches the words do, scored through `tr`."""
    sheets = {
        "product": AnswerSheet.of(bank, leaning(bank, 1.0), "Sam"),
        "program": AnswerSheet.of(bank, leaning(bank, -1.0, skill="expert"), None),
        "balanced": AnswerSheet.of(bank, balanced(bank), "Kim", short=False),
        "agreeing": AnswerSheet.of(bank, every_likert(bank, "agree"), None),
        "flat": AnswerSheet.of(bank, every_likert(bank, "neutral", only_likert=True), None),
        "few": AnswerSheet.of(bank, dict(list(leaning(bank, 1.0).items())[:3]), None),
        "short": AnswerSheet.of(bank, leaning(bank, -1.0), "Ana", short=True),
    }
    return {name: score(bank, sheet, tr) for name, sheet in sheets.items()}


def balanced(bank: Bank) -> dict[str, Answer]:
    """Every other question toward product, the rest toward program."""
    product, program = leaning(bank, 1.0, "capable"), leaning(bank, -1.0, "capable")
    return {qid: (product if index % 2 else program)[qid] for index, qid in enumerate(product)}


def every_likert(bank: Bank, answer: str, *, only_likert: bool = False) -> dict[str, Answer]:
    """`answer` to every statement; the other questions as toward product (or skipped)."""
    others = leaning(bank, 1.0, "strong")
    chosen: dict[str, Answer] = {}
    for question in bank.questions:
        if question.type == "likert" and question.kind != "skill":
            chosen[question.id] = answer
        elif not only_likert:
            chosen[question.id] = others[question.id]
    return chosen


def without_translations(value: Any) -> Any:
    """A bank document with every `FIELD::LANG` key left out: English only."""
    if isinstance(value, dict):
        return {k: without_translations(v) for k, v in value.items() if "::" not in k}
    if isinstance(value, list):
        return [without_translations(v) for v in value]
    return value
