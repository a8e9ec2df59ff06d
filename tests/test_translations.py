"""Translations inside a bank: `FIELD::LANG` beside each text, what a language lacks, and the
same bank in another language (docs/bank-format.md, "Translations")."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.bank import (
    Bank,
    IncompleteLanguageError,
    bank_in_language,
    build_bank,
    missing_texts,
)
from rolefit.core.languages import is_language_code, language_name
from rolefit.core.models import Answer, BankModel
from rolefit.errors import ExitCode, RolefitError
from rolefit.files.answers import read_answers
from rolefit.files.banks import BankFiles, check_bank, inspect_bank, load_bank
from tests.conftest import MINI_QUESTIONS, MINI_SCORING
from tests.helpers import score_answers

Data = dict[str, Any]
ARTICLE = "Program management Vs product management"
# Every answer the mini bank can take, the follow-up included.
ANSWERS: dict[str, Answer] = {
    "work.led": "yes",
    "work.many": "agree",
    "work.one": "strongly_disagree",
    "work.pick": "phone",
    "work.conflicts": "disagree",
    "work.rank": ("execs", "customers"),
    "work.multi": ("users", "risks"),
    "skills.risk": "basic",
    "skills.research": "strong",
    "skills.talk": "novice",
}
runner = CliRunner()


def english() -> tuple[Data, Data]:
    """The mini bank's two documents, with every kind of text a bank may hold: a help, an
    author, and sources of their own on a likert key and on an option."""
    questions = yaml.safe_load(MINI_QUESTIONS.read_text())
    scoring = yaml.safe_load(MINI_SCORING.read_text())
    question(questions, "work.led")["help"] = "Any team counts."
    questions["sources"][0]["author"] = "Jane Doe"
    scoring["items"]["work.many"]["source"] = {"title": ARTICLE, "section": "Roles"}
    scoring["items"]["work.pick"]["options"]["phone"]["source"] = {
        "title": ARTICLE,
        "section": "Products",
    }
    return questions, scoring


def question(questions: Data, question_id: str) -> Data:
    found: Data = next(
        q for s in questions["sections"] for q in s["questions"] if q["id"] == question_id
    )
    return found


def built(questions: Data, scoring: Data) -> Bank:
    bank, problems = build_bank(questions, scoring)
    assert problems == []
    assert bank is not None
    return bank


def translated(
    questions: Data, scoring: Data, code: str = "de", leave_out: int = 0
) -> tuple[Data, Data]:
    """The documents with every text they lack in `code` added beside it, as `DE <English>`,
    but for the last `leave_out` of them."""
    documents = {"questions": copy.deepcopy(questions), "scoring": copy.deepcopy(scoring)}
    gaps = missing_texts(built(questions, scoring), code)
    for gap in gaps[: len(gaps) - leave_out]:
        node: Any = documents[gap.file]
        for step in gap.location[:-1]:
            node = node[step]
        node[gap.key] = f"{code.upper()} {node[gap.location[-1]]}"
    return documents["questions"], documents["scoring"]


def written(folder: Path, questions: Data, scoring: Data) -> BankFiles:
    folder.mkdir(parents=True, exist_ok=True)
    files = BankFiles(folder / "questions.yaml", folder / "scoring.yaml")
    files.questions.write_text(yaml.safe_dump(questions, sort_keys=False, allow_unicode=True))
    files.scoring.write_text(yaml.safe_dump(scoring, sort_keys=False, allow_unicode=True))
    return files


def line_of(path: Path, text: str) -> int:
    """The first line of `path` that holds `text`, counted from 1."""
    lines = path.read_text().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def problems_with(tmp_path: Path, questions: Data, scoring: Data) -> tuple[BankFiles, list[str]]:
    files = written(tmp_path, questions, scoring)
    bank, problems = check_bank(files)
    assert bank is None
    return files, problems


def strings(value: Any) -> Iterator[str]:
    """Every string a bank's models hold, anywhere in them (ids and names included)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from strings(getattr(value, name))
    elif isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def numbers(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every number, flag and empty value of a dumped result, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from numbers(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from numbers(item, f"{path}.{index}")
    elif value is None or isinstance(value, int | float | bool):
        yield path, value


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- Reading translations ------------------------------------------------------------------


def test_a_translation_is_read_beside_its_text_and_the_text_stays_english() -> None:
    questions, scoring = english()
    question(questions, "work.led")["prompt::de"] = "Hast du schon ein Team geleitet?"
    bank = built(questions, scoring)
    assert bank.by_id["work.led"].prompt == "Have you led a team?"
    assert bank.by_id["work.led"].translations == {
        ("prompt",): {"de": "Hast du schon ein Team geleitet?"}
    }


def test_a_bank_without_translations_carries_no_other_language() -> None:
    assert built(*english()).languages == ()


def test_a_bank_carries_every_language_it_gives_any_text_in() -> None:
    questions, scoring = english()
    question(questions, "work.pick")["options"][0]["label::pt-br"] = "Um telefone novo"
    scoring["dimensions"][0]["levels"]["balanced::de"] = "Beides."
    assert built(questions, scoring).languages == ("de", "pt-br")


def test_a_translation_inside_a_skills_grow_is_read() -> None:
    questions, scoring = english()
    scoring["skills"]["skills.risk"]["grow"]["program::de"] = "Programmmanager mindern Risiken."
    skill = built(questions, scoring).skill("skills.risk")
    assert skill.grow == {"program": "Program managers mitigate risks."}
    assert skill.translations == {("grow", "program"): {"de": "Programmmanager mindern Risiken."}}


def test_a_translation_is_stripped_like_the_english_text() -> None:
    questions, scoring = english()
    question(questions, "work.led")["prompt::de"] = "  Team geleitet?  "
    bank = built(questions, scoring)
    assert bank.by_id["work.led"].translations[("prompt",)]["de"] == "Team geleitet?"


# --- Refusing what is not a translation ----------------------------------------------------


def test_a_translation_of_an_unknown_field_names_its_line_and_the_fields_to_use(
    tmp_path: Path,
) -> None:
    questions, scoring = english()
    question(questions, "work.pick")["promt::de"] = "Was?"
    files, problems = problems_with(tmp_path, questions, scoring)
    line = line_of(files.questions, "promt::de")
    assert problems == [
        f"{files.questions}:{line}: sections.0.questions.3.promt::de: unknown field 'promt' "
        "in promt::de; a translation goes beside a text: prompt::de or help::de"
    ]


def test_a_translation_beside_a_field_that_is_not_text_is_refused(tmp_path: Path) -> None:
    questions, scoring = english()
    scoring["dimensions"][1]["weight::de"] = "zwei"
    files, problems = problems_with(tmp_path, questions, scoring)
    line = line_of(files.scoring, "weight::de")
    assert problems == [
        f"{files.scoring}:{line}: dimensions.1.weight::de: `weight` is not a text a person "
        "reads, so it takes no translation; remove weight::de"
    ]


def test_a_translation_in_a_part_without_texts_is_refused(tmp_path: Path) -> None:
    questions, scoring = english()
    question(questions, "work.conflicts")["when"]["equals"]["answer::de"] = "ja"
    files, problems = problems_with(tmp_path, questions, scoring)
    line = line_of(files.questions, "answer::de")
    # A condition is one of several shapes, each of which says why it does not fit.
    assert (
        f"{files.questions}:{line}: sections.0.questions.4.when.equals.answer::de: `answer` "
        "is not a text a person reads, so it takes no translation; remove answer::de"
    ) in problems


def test_a_translated_source_title_is_refused_as_a_proper_name(tmp_path: Path) -> None:
    questions, scoring = english()
    question(questions, "work.led")["source"]["title::de"] = "Programm- oder Produktmanagement"
    files, problems = problems_with(tmp_path, questions, scoring)
    line = line_of(files.questions, "title::de")
    assert problems == [
        f"{files.questions}:{line}: sections.0.questions.0.source.title::de: `title` is the "
        "title of an article, a proper name that stays as written; remove title::de"
    ]


@pytest.mark.parametrize("code", ["DE", "de_DE", "d", "deutsch", "de-", "", "pt-BR"])
def test_a_key_that_names_no_language_code_is_refused(tmp_path: Path, code: str) -> None:
    questions, scoring = english()
    question(questions, "work.led")[f"prompt::{code}"] = "Hast du ein Team geleitet?"
    files, problems = problems_with(tmp_path, questions, scoring)
    line = line_of(files.questions, f"prompt::{code}")
    assert problems == [
        f"{files.questions}:{line}: sections.0.questions.0.prompt::{code}: {code!r} is not a "
        "language code; write it in lowercase letters, like de, es or pt-br"
    ]


def test_an_english_translation_is_refused_since_english_is_the_plain_key(
    tmp_path: Path,
) -> None:
    questions, scoring = english()
    question(questions, "work.led")["prompt::en"] = "Have you led a team?"
    files, problems = problems_with(tmp_path, questions, scoring)
    assert len(problems) == 1
    assert problems[0].startswith(f"{files.questions}:{line_of(files.questions, 'prompt::en')}:")
    assert "English is the plain key `prompt`; remove prompt::en" in problems[0]


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_translation_is_refused(tmp_path: Path, empty: str) -> None:
    questions, scoring = english()
    scoring["items"]["work.many"]["because::de"] = empty
    files, problems = problems_with(tmp_path, questions, scoring)
    line = line_of(files.scoring, "because::de")
    assert problems == [
        f"{files.scoring}:{line}: items.work.many.because::de: is empty; give the German (de) "
        f"text or remove because::de; found {empty!r}"
    ]


def test_a_translation_that_is_not_text_is_refused(tmp_path: Path) -> None:
    questions, scoring = english()
    scoring["dimensions"][0]["label::de"] = 3
    files, problems = problems_with(tmp_path, questions, scoring)
    assert problems == [
        f"{files.scoring}:{line_of(files.scoring, 'label::de')}: dimensions.0.label::de: a "
        "translation is text, written like the English beside it; found 3"
    ]


def test_a_translation_with_a_control_character_is_refused(tmp_path: Path) -> None:
    questions, scoring = english()
    questions["sections"][0]["title::de"] = "Deine \x1b[31mArbeit"
    files, problems = problems_with(tmp_path, questions, scoring)
    assert len(problems) == 1
    assert problems[0].startswith(f"{files.questions}:{line_of(files.questions, 'title::de')}:")
    assert "contains a control character (\\x1b); remove it" in problems[0]


def test_a_translation_of_a_help_the_question_does_not_have_is_refused(tmp_path: Path) -> None:
    questions, scoring = english()
    question(questions, "work.pick")["help::de"] = "Eins von beiden."
    files, problems = problems_with(tmp_path, questions, scoring)
    assert problems == [
        f"{files.questions}:{line_of(files.questions, 'help::de')}: "
        "sections.0.questions.3.help::de: translates `help`, which is not given; add `help` "
        "in English or remove help::de"
    ]


def test_a_grow_translation_for_a_role_the_skill_has_no_text_for_is_refused(
    tmp_path: Path,
) -> None:
    questions, scoring = english()
    scoring["skills"]["skills.risk"]["grow"]["product::de"] = "Produktmanager auch."
    files, problems = problems_with(tmp_path, questions, scoring)
    assert problems == [
        f"{files.scoring}:{line_of(files.scoring, 'product::de')}: "
        "skills.skills.risk.grow.product::de: translates 'product', which `grow` does not "
        "have; add 'product' in English or remove product::de"
    ]


def test_a_translation_of_grow_as_a_whole_is_refused(tmp_path: Path) -> None:
    questions, scoring = english()
    scoring["skills"]["skills.risk"]["grow::de"] = "Risiken mindern."
    _, problems = problems_with(tmp_path, questions, scoring)
    assert len(problems) == 1
    assert "skills.skills.risk.grow::de: `grow` holds one text per key" in problems[0]
    assert "(KEY::de beside KEY) and remove grow::de" in problems[0]


def test_a_bad_translation_is_reported_along_with_the_other_problems_of_its_question(
    tmp_path: Path,
) -> None:
    questions, scoring = english()
    question(questions, "work.led")["prompt::DE"] = "Team?"
    question(questions, "work.led")["short"] = "sometimes"
    _, problems = problems_with(tmp_path, questions, scoring)
    assert len(problems) == 2
    assert any("prompt::DE: 'DE' is not a language code" in p for p in problems)
    assert any("sections.0.questions.0.short: " in p for p in problems)


def test_every_text_field_of_a_bank_takes_a_translation_or_is_a_proper_name() -> None:
    """A new text field in a bank model fails here until it is listed in models.TEXTS."""
    said = {
        (model.__name__, name)
        for model in BankModel.__subclasses__()
        for name in (*model.texts().fields, *model.texts().maps, *model.texts().untranslated)
    }
    texts = {
        (model.__name__, name)
        for model in BankModel.__subclasses__()
        for name, info in model.model_fields.items()
        if "_safe_text" in repr(info.annotation) + repr(info.metadata)  # Text, OptionalText
    }
    # A version may be a text, like "2024-spring"; it names the bank's edition, in no language.
    assert texts - said == {("BankInfo", "version")}
    assert said <= texts


# --- What a language lacks ----------------------------------------------------------------


def test_a_missing_text_says_what_it_is_and_the_key_to_add() -> None:
    questions, scoring = translated(*english(), leave_out=0)
    del question(questions, "work.led")["help::de"]
    gaps = missing_texts(built(questions, scoring), "de")
    assert [(g.file, g.location, g.name, g.key) for g in gaps] == [
        ("questions", ("sections", 0, "questions", 0, "help"), "help of work.led", "help::de")
    ]
    assert gaps[0].message == "no German (de) text for the help of work.led; add help::de"


def test_missing_texts_are_listed_in_file_order_with_the_line_of_the_english_text(
    tmp_path: Path,
) -> None:
    questions, scoring = translated(*english())
    del question(questions, "work.pick")["options"][1]["label::de"]
    del scoring["skills"]["skills.talk"]["grow"]["program::de"]
    files = written(tmp_path, questions, scoring)
    check = inspect_bank(files)
    label = line_of(files.questions, "label: A network rollout")
    grow = line_of(files.scoring, "program: Program managers report on health.")
    assert check.missing("de") == [
        f"{files.questions}:{label}: no German (de) text for the label of option rollout of "
        "work.pick; add label::de",
        f"{files.scoring}:{grow}: no German (de) text for the program `grow` text of skill "
        "skills.talk; add program::de",
    ]


def test_every_kind_of_text_is_named_for_a_reader() -> None:
    names = {gap.name for gap in missing_texts(built(*english()), "de")}
    assert {
        "title of the bank",
        "title of section work",
        "prompt of work.led",
        "help of work.led",
        "source section of work.led",
        "label of option yes of work.led",
        "label of dimension scope",
        "product level text of dimension scope",
        "reason (`because`) of work.many",
        "source section of work.many",
        "reason (`because`) of option phone of work.pick",
        "source section of option phone of work.pick",
        "label of skill skills.risk",
        "program `grow` text of skill skills.risk",
    } <= names


def test_nothing_is_missing_in_english() -> None:
    assert missing_texts(built(*english()), "en") == []


def test_a_language_the_bank_does_not_carry_lacks_every_text() -> None:
    bank = built(*translated(*english()))
    assert len(missing_texts(bank, "es")) == len(missing_texts(built(*english()), "de")) > 50


# --- The bank in a language ---------------------------------------------------------------


def test_the_bank_in_a_language_has_every_text_in_that_language() -> None:
    """Every string left in English must be an id, a fixed word of the format, or a proper
    name: a text the translation forgot would be English words here."""
    german = bank_in_language(built(*translated(*english())), "de")
    identifier = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)*")
    proper_names = {ARTICLE, "Jane Doe"}
    left = {
        text
        for text in strings((german.questions_file, german.scoring))
        if not text.startswith("DE ") and not identifier.fullmatch(text)
    }
    assert left == proper_names
    assert all(title.startswith("DE ") for title in german.section_of.values())


def test_the_bank_in_a_language_explains_answers_in_that_language() -> None:
    german = bank_in_language(built(*translated(*english())), "de")
    for qid, scale in german.items.items():
        for option, contribution in scale.single.items():
            if contribution.because:
                assert contribution.because.startswith("DE "), (qid, option)
            assert "· DE " in contribution.source, (qid, option)
        if german.by_id[qid].type != "likert":  # a likert's scale is rolefit's, not the bank's
            assert all(label.startswith("DE ") for label in scale.labels.values())


def test_the_bank_in_a_language_keeps_every_id_condition_and_number() -> None:
    bank = built(*translated(*english()))
    german = bank_in_language(bank, "de")
    assert [q.id for q in german.questions] == [q.id for q in bank.questions]
    assert german.option_ids == bank.option_ids
    assert german.scale_position == bank.scale_position
    assert [q.when for q in german.questions] == [q.when for q in bank.questions]
    assert [(d.id, d.weight, d.shared, d.error_sd) for d in german.dimensions.values()] == [
        (d.id, d.weight, d.shared, d.error_sd) for d in bank.dimensions.values()
    ]
    assert {q: s.option_leans for q, s in german.items.items()} == {
        q: s.option_leans for q, s in bank.items.items()
    }
    assert (german.id, german.version, german.language) == (bank.id, bank.version, "de")


def test_the_same_answers_score_the_same_in_every_language() -> None:
    bank = built(*translated(*english()))
    english_result = score_answers(bank, ANSWERS, "Sam")
    german_result = score_answers(bank_in_language(bank, "de"), ANSWERS, "Sam")
    english_numbers = dict(numbers(english_result.model_dump()))
    assert english_numbers == dict(numbers(german_result.model_dump()))
    assert len(english_numbers) > 40
    assert german_result.verdict == english_result.verdict
    assert german_result.reasons[0].because.startswith("DE ")


def test_an_answers_file_names_option_ids_whatever_the_language(tmp_path: Path) -> None:
    bank = built(*translated(*english()))
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump(
            {"answers": {q: list(a) if isinstance(a, tuple) else a for q, a in ANSWERS.items()}}
        )
    )
    german = bank_in_language(bank, "de")
    assert read_answers(answers, german).answers == read_answers(answers, bank).answers


def test_an_incomplete_language_is_refused_with_how_to_list_what_it_lacks() -> None:
    bank = built(*translated(*english(), leave_out=2))
    with pytest.raises(IncompleteLanguageError) as refused:
        bank_in_language(bank, "de")
    assert str(refused.value) == (
        "bank 'mini' lacks 2 German (de) texts; `rolefit validate --lang de` lists them"
    )
    assert refused.value.exit_code == ExitCode.BAD_INPUT


def test_a_bank_in_a_language_goes_back_to_english_and_on_to_another() -> None:
    questions, scoring = translated(*translated(*english()), code="es")
    bank = built(questions, scoring)
    german = bank_in_language(bank, "de")
    assert bank_in_language(german, "en") is bank
    assert german.english is bank
    spanish = bank_in_language(german, "es")
    assert spanish.by_id["work.led"].prompt == "ES Have you led a team?"
    assert spanish.languages == german.languages == ("de", "es")


def test_a_bank_is_loaded_in_a_language_through_its_files(tmp_path: Path) -> None:
    files = written(tmp_path, *translated(*english()))
    german = load_bank(files, language="de")
    assert german.language == "de"
    assert german.title == "DE Mini bank"
    assert load_bank(files).title == "Mini bank"


# --- Language codes -----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["de", "es", "pt-br", "zh-hant", "es-419", "gsw"])
def test_a_language_code_is_lowercase_letters_with_optional_subtags(code: str) -> None:
    assert is_language_code(code)


@pytest.mark.parametrize("code", ["DE", "de_DE", "d", "deutsch", "de-", "-de", "pt-BR", "de de"])
def test_anything_else_is_not_a_language_code(code: str) -> None:
    assert not is_language_code(code)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("de", "German (de)"),
        ("de-ch", "German (de-ch)"),
        ("pt-br", "Brazilian Portuguese (pt-br)"),
        ("tlh", "'tlh'"),
    ],
)
def test_a_language_is_named_with_its_code(code: str, name: str) -> None:
    assert language_name(code) == name


# --- rolefit validate ---------------------------------------------------------------------


def test_validate_lists_what_a_language_lacks_as_warnings_and_passes(tmp_path: Path) -> None:
    questions, scoring = translated(*english())
    del question(questions, "work.led")["help::de"]
    files = written(tmp_path, questions, scoring)
    code, out, err = run("validate", "--bank", str(tmp_path))
    line = line_of(files.questions, "help: Any team counts.")
    assert code == 0
    assert err == (
        f"{files.questions}:{line}: warning: no German (de) text for the help of work.led; "
        "add help::de\n"
    )
    assert "ok (" in out


def test_validate_says_which_languages_are_complete(tmp_path: Path) -> None:
    questions, scoring = translated(*translated(*english()), code="es", leave_out=3)
    written(tmp_path, questions, scoring)
    code, out, _ = run("validate", "--bank", str(tmp_path))
    assert code == 0
    assert out.splitlines()[-1] == (
        "languages: English (en), German (de) complete, Spanish (es) 3 texts missing"
    )


def test_validate_of_a_bank_in_english_only_says_so(tmp_path: Path) -> None:
    written(tmp_path, *english())
    code, out, err = run("validate", "--bank", str(tmp_path))
    assert code == 0
    assert out.splitlines()[-1] == "languages: English (en)"
    assert err == ""


def test_the_bundled_bank_is_complete_in_german() -> None:
    code, out, err = run("validate", "--lang", "de")
    assert code == 0
    assert out.splitlines()[-1] == "languages: English (en), German (de) complete"
    assert err == ""


def test_validate_with_lang_fails_on_a_text_that_language_lacks(tmp_path: Path) -> None:
    questions, scoring = translated(*english())
    del scoring["dimensions"][1]["levels"]["balanced::de"]
    files = written(tmp_path, questions, scoring)
    code, out, err = run("validate", "--bank", str(tmp_path), "--lang", "de")
    line = line_of(files.scoring, "balanced: Both.")
    assert code == ExitCode.PROBLEMS_FOUND
    assert err.splitlines() == [
        f"{files.scoring}:{line}: no German (de) text for the balanced level text of "
        "dimension people; add balanced::de",
        "rolefit: 1 text missing in German (de)",
    ]
    assert out == ""


def test_validate_with_lang_passes_when_that_language_is_complete(tmp_path: Path) -> None:
    written(tmp_path, *translated(*english()))
    code, out, err = run("validate", "--bank", str(tmp_path), "--lang", "de")
    assert code == 0
    assert "German (de) complete" in out
    assert err == ""


def test_validate_with_lang_still_only_warns_about_the_other_languages(tmp_path: Path) -> None:
    written(tmp_path, *translated(*translated(*english()), code="es", leave_out=1))
    code, _, err = run("validate", "--bank", str(tmp_path), "--lang", "de")
    assert code == 0
    assert [": warning: no Spanish (es) text" in line for line in err.splitlines()] == [True]


def test_validate_with_lang_fails_for_a_language_the_bank_does_not_carry() -> None:
    code, _, err = run("validate", "--lang", "fr")
    assert code == ExitCode.PROBLEMS_FOUND
    assert err.splitlines()[-1].endswith(
        "texts missing in French (fr), which the bank does not carry at all"
    )
    assert "no French (fr) text for the title of the bank; add title::fr" in err


def test_validate_with_lang_en_is_the_plain_check() -> None:
    code, out, _ = run("validate", "--lang", "en")
    assert code == 0
    assert "ok (" in out


def test_validate_with_a_lang_that_is_no_language_code_is_bad_input() -> None:
    code, _, err = run("validate", "--lang", "German")
    assert code == ExitCode.BAD_INPUT
    assert err == "rolefit: --lang 'German' is no language code; use one such as de, de_AT or en\n"


@pytest.mark.parametrize("lang", ["de", "DE", "de_AT", "de-at", "de_DE.UTF-8"])
def test_validate_reads_lang_as_every_other_command_does(lang: str) -> None:
    code, out, err = run("validate", "--lang", lang)
    assert code == 0, err
    assert out.splitlines()[-1] == "languages: English (en), German (de) complete"


def test_a_bank_is_not_asked_for_in_something_that_is_no_language_code() -> None:
    with pytest.raises(RolefitError, match="'German' is not a language code"):
        bank_in_language(built(*translated(*english())), "German")
