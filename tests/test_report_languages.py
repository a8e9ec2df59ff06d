"""`rolefit report` and `rolefit questions` in the reader's language.

Every word of the cohort report (terminal, markdown, page, picture) and of the bank's views
(table, handout, answers template) is checked with the marking pseudo-translator over the
marked bank (see `tests/i18n_support.py`): English left over is a literal that skipped the
catalog. Then the real German through the command line: the report reads German and fits 80
columns, and the German template is still an answers file `rolefit score` takes.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.cohort import Invalid, ItemPlan, Outcome, Scored, summarise
from rolefit.core.cohort_report import CohortReport
from rolefit.core.i18n import Translator
from rolefit.core.items import options_of
from rolefit.core.scoring import score_many
from rolefit.files.catalogs import translator
from rolefit.render import bank_views
from rolefit.render.cohort import cohort_markdown, cohort_view
from rolefit.render.cohort_page import cohort_page
from rolefit.render.cohort_picture import cohort_svg
from tests.i18n_support import (
    Marking,
    balanced,
    english_left,
    every_likert,
    leaning,
    marked_bank,
)
from tests.test_translation import page_words

MARKING = Marking()
# The brand, the people's names, the bank's id and the marked file names' dots.
ALLOWED = frozenset({"rolefit", "Sam", "Kim", "Ana", "default"})
# An anonymous report names each person by a code made from their file (`person-3fa94c`):
# the same code in every language, so that a facilitator can match runs.
ANONYMOUS_CODE = re.compile(r"person-[0-9a-f]{6}")
runner = CliRunner()


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return marked_bank(tmp_path_factory.mktemp("marked"))


def cohort_sheets(bank: Bank, people: int) -> list[AnswerSheet]:
    """`people` answer sheets that take the report's branches: every verdict, every flag,
    the short form, and enough spread for alpha where there are enough people."""
    answers = [
        leaning(bank, 1.0),
        leaning(bank, -1.0, skill="expert"),
        balanced(bank),
        every_likert(bank, "agree"),
        every_likert(bank, "neutral", only_likert=True),
        dict(list(leaning(bank, 1.0).items())[:3]),
        leaning(bank, -1.0),
        every_likert(bank, "disagree"),
    ]
    names = ["Sam", None, "Kim", None, None, None, "Ana", None]
    sheets = []
    for n in range(people):
        kind = n % len(answers)
        sheet = AnswerSheet.of(bank, answers[kind], names[kind], short=kind == 6)
        if n == 0:  # an answer left out because its condition was not met
            sheet = dataclasses.replace(sheet, unreached=(bank.questions[-1].id,))
        sheets.append(sheet)
    return sheets


def cohort(bank: Bank, people: int, *, invalid: int = 1, anonymous: bool = False) -> CohortReport:
    sheets = cohort_sheets(bank, people)
    results = score_many(bank, sheets, explain=False, tr=MARKING)
    plan = ItemPlan.of(bank)
    outcomes: list[Outcome] = [
        Scored.of(f"qqfolder/qqperson{n}.qqyaml", sheet, result, bank, plan)
        for n, (sheet, result) in enumerate(zip(sheets, results, strict=True))
    ]
    outcomes += [Invalid(f"qqbroken{n}.qqyaml", 3, "qqnot qqvalid") for n in range(invalid)]
    return summarise(bank, plan, outcomes, anonymous=anonymous)


def without_ids(text: str, bank: Bank) -> str:
    """`text` without the bank's question and option ids: what rolefit reads, in no language
    (the report names the questions that lower alpha by id, the template is keyed by them)."""
    ids = {q.id for q in bank.questions} | {o.id for q in bank.questions for o in options_of(q)}
    for identifier in sorted(ids, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(identifier)}(?![\w.])", " ", text)
    return text


def view_text(report: CohortReport, tr: Translator, width: int = 100) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(cohort_view(report, tr))
    return console.export_text()


REPORT_RENDERERS = {
    "text": lambda r: view_text(r, MARKING),
    "markdown": lambda r: cohort_markdown(r, MARKING),
    "html": lambda r: page_words(cohort_page(r, MARKING)),
    "svg": lambda r: page_words(cohort_svg(r, MARKING)),
}
# A cohort large enough for alpha and the item tables; one too small for them (and
# anonymous); one of invalid files only; and no submissions at all.
COHORTS = {
    "large": {"people": 24},
    "small-anonymous": {"people": 3, "invalid": 2, "anonymous": True},
    "invalid-only": {"people": 0, "invalid": 2},
    "empty": {"people": 0, "invalid": 0},
}


@pytest.fixture(scope="module")
def marked_cohorts(marked: Bank) -> dict[str, CohortReport]:
    return {name: cohort(marked, **settings) for name, settings in COHORTS.items()}  # type: ignore[arg-type]


def test_the_marked_cohorts_take_every_branch_the_report_words_do(
    marked_cohorts: dict[str, CohortReport],
) -> None:
    large = marked_cohorts["large"]
    assert all(count for count in large.verdicts.values())
    assert {flag.code for flag in large.flags} >= {"straight_lining", "many_skips"}
    assert any(d.alpha is not None for d in large.dimensions)
    assert any(d.lowered_by for d in large.dimensions)
    assert any(d.item_analysis for d in large.dimensions)
    assert any(d.shared for d in large.dimensions)
    assert large.notes and large.invalid
    small = marked_cohorts["small-anonymous"]
    assert small.anonymous and any(d.alpha_note for d in small.dimensions)


@pytest.mark.parametrize("renderer", sorted(REPORT_RENDERERS))
@pytest.mark.parametrize("name", sorted(COHORTS))
def test_every_word_of_the_cohort_report_comes_from_the_catalog(
    marked: Bank, marked_cohorts: dict[str, CohortReport], renderer: str, name: str
) -> None:
    shown = REPORT_RENDERERS[renderer](marked_cohorts[name])
    assert "⟦" in shown
    assert english_left(without_ids(ANONYMOUS_CODE.sub(" ", shown), marked), ALLOWED) == []


# --- rolefit questions ---------------------------------------------------------------------


def table_text(bank: Bank, tr: Translator) -> str:
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(bank_views.questions_table(bank, bank.questions, tr))
    return console.export_text()


def template_words(bank: Bank, tr: Translator, short: bool) -> str:
    """The template's comments, as a reader meets them: the YAML keys and the ids are no
    words of a language, they are what rolefit reads."""
    template = bank_views.answers_template(
        bank, bank.form(short=short), short=short, bank_options=" --bank qqbank", tr=tr
    )
    comments = [line.split("#", 1)[1] for line in template.splitlines() if "#" in line]
    # The command line's `rolefit score --bank` names an option, in no language.
    return without_ids(" ".join(comments).replace("--bank", " "), bank)


QUESTION_VIEWS = {
    "table": lambda b: table_text(b, MARKING),
    "handout": lambda b: bank_views.questions_markdown(b, b.questions, MARKING),
    "template": lambda b: template_words(b, MARKING, short=False),
    "short-template": lambda b: template_words(b, MARKING, short=True),
}


@pytest.mark.parametrize("view", sorted(QUESTION_VIEWS))
def test_every_word_of_the_question_views_comes_from_the_catalog(marked: Bank, view: str) -> None:
    shown = without_ids(QUESTION_VIEWS[view](marked), marked)
    assert "⟦" in shown
    # `rolefit score` in the handout's line is the command; the question types and kinds of
    # the table are the bank's codes (likert, choice, preference, ...), as in its files.
    codes = {q.type for q in marked.questions} | {q.kind for q in marked.questions}
    # The handout's <sub> is markup; `rolefit score` (the template's too) the command.
    shown = re.sub(r"</?sub>|`?rolefit score`?", " ", shown)
    left = english_left(shown, ALLOWED | codes)
    assert left == []


def test_the_marked_bank_has_conditions_and_every_question_type(marked: Bank) -> None:
    """What the question views say about a question depends on its type and condition."""
    assert {q.type for q in marked.questions} >= {"likert", "choice", "multi", "rank"}
    assert any(q.when is not None for q in marked.questions)


# --- German through the command line -------------------------------------------------------


@pytest.fixture(scope="module")
def answers_folder(tmp_path_factory: pytest.TempPathFactory, bank: Bank) -> Path:
    """A cohort's answers files over the bundled bank, as people hand them in."""
    folder = tmp_path_factory.mktemp("answers")
    for n, sheet in enumerate(cohort_sheets(bank, 12)):
        document = {
            "respondent": sheet.respondent,
            "bank": bank.id,
            **({"form": "short"} if sheet.short else {}),
            "answers": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in sheet.answers.items()
            },
        }
        (folder / f"person{n:02}.yaml").write_text(yaml.safe_dump(document), "utf-8")
    return folder


def test_report_lang_de_writes_the_report_in_german(answers_folder: Path) -> None:
    outcome = runner.invoke(app, ["report", str(answers_folder), "--lang", "de", "-f", "markdown"])
    assert outcome.exit_code == 0, outcome.stderr
    for german in ("# Gruppenbericht", "## Einordnungen", "Keine Einordnung", "## Kompetenzstand"):
        assert german in outcome.stdout
    assert "Verdicts" not in outcome.stdout
    assert outcome.stderr == ""


def test_report_lang_de_writes_a_german_page(answers_folder: Path) -> None:
    outcome = runner.invoke(app, ["report", str(answers_folder), "--lang", "de", "-f", "html"])
    assert outcome.exit_code == 0, outcome.stderr
    assert '<html lang="de">' in outcome.stdout
    assert "Ein Gespräch wert" in outcome.stdout


def test_the_german_report_card_fits_80_columns(answers_folder: Path, bank: Bank) -> None:
    from rolefit.core.bank import bank_in_language
    from rolefit.files.submissions import score_files

    german_bank = bank_in_language(bank, "de")
    plan = ItemPlan.of(german_bank)
    files = sorted(answers_folder.iterdir())
    report = summarise(german_bank, plan, score_files(german_bank, plan, files))
    lines = view_text(report, translator("de"), width=80).splitlines()
    assert "Gruppe" in lines[0]
    assert max(cell_len(line) for line in lines) <= 80


def test_the_german_template_is_an_answers_file_rolefit_scores(tmp_path: Path) -> None:
    template = tmp_path / "antworten.yaml"
    made = runner.invoke(
        app, ["questions", "--lang", "de", "--format", "template", "-o", str(template)]
    )
    assert made.exit_code == 0, made.stderr
    text = template.read_text("utf-8")
    assert "Ersetze jedes null durch deine Antwort" in text
    document = yaml.safe_load(text)
    assert set(document) == {"respondent", "bank", "answers"}
    # Answer the first question asked of everyone (a German condition says which are not)
    # with the first id its German comment offers: the ids are the bank's, in any language.
    lines = text.splitlines()
    for offered, said in enumerate(lines):
        if said == "  # eine dieser IDs:":
            question = next(n for n in range(offered, len(lines)) if lines[n].endswith(": null"))
            if not any("nur beantworten, wenn" in ln for ln in lines[offered:question]):
                break
    answer = lines[offered + 1].removeprefix("  #   ").split(":")[0]
    lines[question] = lines[question].replace(": null", f": {answer}")
    template.write_text("\n".join(lines) + "\n", "utf-8")
    scored = runner.invoke(app, ["score", str(template), "--lang", "de", "-f", "json"])
    assert scored.exit_code == 0, scored.stderr
    assert scored.stderr == ""
    assert '"verdict"' in scored.stdout


def test_questions_lang_de_writes_a_german_handout() -> None:
    outcome = runner.invoke(app, ["questions", "--lang", "de", "--format", "markdown"])
    assert outcome.exit_code == 0, outcome.stderr
    assert "Kreuze pro Frage ein Kästchen an" in outcome.stdout
    assert "Quelle: " in outcome.stdout and "Source: " not in outcome.stdout
