"""German: the card fits 80 columns, the numbers are those of English, the language is chosen
by `--lang` or the locale, and an unknown language falls back to English with one notice."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.bank import Bank, bank_in_language
from rolefit.core.i18n import ENGLISH, Translator, whole
from rolefit.core.language import BankLanguages, LanguageChoice, choose_language
from rolefit.core.languages import normalised
from rolefit.core.result import Result
from rolefit.errors import RolefitError
from rolefit.files.banks import BankFiles, load_bank
from rolefit.files.catalogs import available, translator
from rolefit.quiz.progress import bank_fingerprint
from rolefit.render.card import result_card
from tests.conftest import EXAMPLE_ANSWERS, ROOT
from tests.i18n_support import results, without_translations

# Prose: the fields whose words change with the language; everything else is the same.
PROSE = {"headline", "undetermined_reason", "message", "summary", "answer", "language"}


@pytest.fixture(scope="module")
def german() -> Translator:
    return translator("de")


@pytest.fixture(scope="module")
def both(bank: Bank, german: Translator) -> dict[str, tuple[Result, Result]]:
    english, in_german = results(bank, ENGLISH), results(bank, german)
    return {name: (english[name], in_german[name]) for name in english}


def card_lines(result: Result, tr: Translator, width: int = 80) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(result_card(result, tr=tr))
    return console.export_text().splitlines()


def test_german_ships_as_a_compiled_catalog() -> None:
    assert "de" in available()


@pytest.mark.parametrize("name", ["product", "program", "balanced", "agreeing", "few", "short"])
def test_the_german_card_fits_80_columns(
    both: dict[str, tuple[Result, Result]], german: Translator, name: str
) -> None:
    lines = card_lines(both[name][1], german)
    assert max(cell_len(line) for line in lines) <= 80


@pytest.mark.parametrize("name", ["product", "program", "balanced", "agreeing", "few", "short"])
def test_the_german_card_cuts_no_word_but_long_dimension_labels(
    both: dict[str, tuple[Result, Result]], german: Translator, name: str
) -> None:
    result = both[name][1]
    lines = card_lines(result, german)
    cut = [line for line in lines if "…" in line]
    # The dimension table shortens a label too long for its column, by design: those rows
    # end in the dimension's number. Nothing else may be cut.
    assert all(
        re.search(r"(% Produkt|% Programm|50 / 50|außen vor)\s*│?\s*$", line) for line in cut
    )
    text = "\n".join(lines)
    for word in ("Produkt", "Programm", "Dimensionen", "Kompetenzstand", "Kurz gesagt:"):
        assert word in text


@pytest.mark.parametrize("name", ["product", "program", "balanced", "agreeing", "flat", "few"])
def test_the_same_answers_give_the_same_numbers_in_english_and_german(
    both: dict[str, tuple[Result, Result]], name: str
) -> None:
    english, in_german = (r.model_dump(mode="json") for r in both[name])
    assert _without_prose(english) == _without_prose(in_german)
    assert english["headline"] != in_german["headline"]


def _without_prose(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_prose(v) for k, v in value.items() if k not in PROSE}
    if isinstance(value, list):
        return [_without_prose(v) for v in value]
    return value


def test_german_writes_numbers_with_a_decimal_comma(
    both: dict[str, tuple[Result, Result]], german: Translator
) -> None:
    text = "\n".join(card_lines(both["product"][1], german))
    assert re.search(r"Produkt \d,\d · Programm \d,\d", text)
    # No decimal point anywhere (the thousands of "1.000-mal" are German too).
    assert not re.search(r"\d\.\d(?!\d\d)", text)


# --- choosing the language -------------------------------------------------------------------

CATALOGS = frozenset({"de"})


@pytest.mark.parametrize(
    ("flag", "environ", "code"),
    [
        ("de", {}, "de"),
        (None, {"LANG": "de_DE.UTF-8"}, "de"),
        (None, {"LANG": "de_AT"}, "de"),
        (None, {"LANG": "de_DE.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        (None, {"LANG": "en_US.UTF-8", "LC_ALL": "de_CH.UTF-8"}, "de"),
        (None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_DE"}, "de"),
        (None, {"LANG": "C"}, "en"),
        (None, {"LANG": "POSIX"}, "en"),
        (None, {}, "en"),
        (None, {"LANGUAGE": "fr:de", "LANG": "fr_FR.UTF-8"}, "de"),
        (None, {"LANGUAGE": "de", "LC_ALL": "C"}, "en"),
        ("en", {"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_the_language_comes_from_the_flag_then_the_locale_in_gnu_order(
    flag: str | None, environ: dict[str, str], code: str
) -> None:
    assert choose_language(flag, environ, CATALOGS) == LanguageChoice(code)


def test_an_unknown_language_falls_back_to_english_naming_the_fix() -> None:
    choice = choose_language("fr", {}, CATALOGS)
    assert choice.code == "en"
    assert choice.notice is not None
    assert choice.notice == (
        "--lang fr: rolefit has no French (fr) translation; showing English. Choose one with "
        "--lang de|en."
    )


def test_an_english_locale_is_no_reason_for_a_notice() -> None:
    for locale in ("en_US.UTF-8", "en", "C.UTF-8", "C", "POSIX"):
        assert choose_language(None, {"LANG": locale}, CATALOGS).notice is None


def test_a_lang_that_is_no_language_code_is_a_usage_error() -> None:
    assert normalised("../../etc") is None
    with pytest.raises(RolefitError, match=r"--lang '\.\./\.\./etc' is no language code"):
        choose_language("../../etc", {}, CATALOGS)


def test_a_locale_that_is_no_language_code_is_english_without_a_word() -> None:
    assert choose_language(None, {"LANG": "../../etc"}, CATALOGS) == LanguageChoice("en")


def test_a_locale_rolefit_has_no_translation_for_is_english_without_a_word() -> None:
    for environ in ({"LANG": "fr_FR.UTF-8"}, {"LANGUAGE": "ja:fr", "LANG": "ja_JP.UTF-8"}):
        assert choose_language(None, environ, CATALOGS) == LanguageChoice("en")


def test_a_bank_that_lacks_texts_in_a_language_keeps_the_whole_command_in_english() -> None:
    bank = BankLanguages("team", {"de": 3})
    choice = choose_language("de", {}, CATALOGS, bank)
    assert choice == LanguageChoice(
        "en",
        "--lang de: bank 'team' lacks 3 German (de) texts (`rolefit validate --lang de` lists "
        "them); showing English.",
    )


def test_a_bank_without_a_language_keeps_the_whole_command_in_english() -> None:
    choice = choose_language(None, {"LANG": "de_DE.UTF-8"}, CATALOGS, BankLanguages("team", {}))
    assert choice.code == "en" and choice.bank == "en"
    assert choice.notice is not None
    assert (
        choice.notice == "LANG=de_DE.UTF-8: bank 'team' has no German (de) texts; showing English."
    )


def test_a_bank_complete_in_the_language_is_shown_in_it() -> None:
    choice = choose_language("de_AT", {}, CATALOGS, BankLanguages("team", {"de": 0}))
    assert choice == LanguageChoice("de", None, bank="de")


runner = CliRunner()


def score(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    outcome = runner.invoke(app, ["score", str(EXAMPLE_ANSWERS), "--brief", *args], env=env)
    return outcome.exit_code, outcome.stdout, outcome.stderr


def test_score_with_lang_de_speaks_german() -> None:
    code, out, err = score("--lang", "de")
    assert code == 0
    assert "Produktmanagement passt klar zu dir" in out
    assert err == ""


def test_score_follows_a_german_locale() -> None:
    code, out, _ = score(env={"LANG": "de_DE.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert code == 0
    assert "Produktmanagement passt klar zu dir" in out


def test_lc_all_overrides_lang() -> None:
    code, out, _ = score(env={"LANG": "de_DE.UTF-8", "LC_ALL": "C", "LC_MESSAGES": ""})
    assert code == 0
    assert "Product management fits you clearly" in out


def test_the_c_locale_is_english_without_a_notice() -> None:
    code, out, err = score(env={"LANG": "C", "LC_ALL": "", "LC_MESSAGES": ""})
    assert code == 0
    assert "Product management fits you clearly" in out
    assert err == ""


def test_an_unknown_language_is_english_with_exactly_one_notice() -> None:
    code, out, err = score("--lang", "fr")
    assert code == 0
    assert "Product management fits you clearly" in out
    assert err.count("\n") == 1
    assert "--lang fr: rolefit has no French (fr) translation; showing English" in err


def test_the_quiz_compare_and_history_take_lang() -> None:
    for command in (["quiz"], ["compare"], ["history"], ["history", "show"]):
        outcome = runner.invoke(app, [*command, "--help"])
        assert "--lang" in outcome.stdout, command


def test_the_english_path_imports_no_babel_and_reads_no_catalog() -> None:
    """`rolefit score` in English loads neither babel nor gettext's catalogs."""
    probe = (
        "import sys\n"
        "from rolefit.cli import main\n"
        "sys.argv = ['rolefit', 'score', sys.argv[1], '--format', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('babel' in sys.modules, 'rolefit.files.catalogs' in sys.modules, "
        "file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLE_ANSWERS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.stderr.strip().splitlines()[-1] == "False False"


def test_score_in_german_gives_the_reasons_and_next_steps_of_the_german_bank() -> None:
    german_bank = bank_in_language(load_bank(BankFiles.bundled()), "de")
    becauses = set(values_of(german_bank.scoring.model_dump(), "because"))
    grows = set(values_of(german_bank.scoring.model_dump(), "grow"))
    code, out, err = score("--lang", "de", "--format", "markdown")
    assert code == 0 and err == ""
    assert any(reason in out for reason in becauses)
    assert any(step in out for step in grows)


def test_score_over_a_bank_without_german_is_english_with_one_notice(tmp_path: Path) -> None:
    for part in ("questions", "scoring"):
        document = yaml.safe_load((ROOT / part / "default.yaml").read_text(encoding="utf-8"))
        (tmp_path / f"{part}.yaml").write_text(
            yaml.safe_dump(without_translations(document), sort_keys=False), encoding="utf-8"
        )
    code, out, err = score("--lang", "de", "--bank", str(tmp_path))
    assert code == 0
    assert "Product management fits you clearly" in out
    assert err.splitlines() == [
        "rolefit: warning: --lang de: bank 'default' has no German (de) texts; showing English."
    ]


def values_of(document: object, key: str) -> list[str]:
    """Every text under `key` anywhere in a dumped model (a `grow` holds one per role)."""
    found: list[str] = []
    if isinstance(document, dict):
        for name, value in document.items():
            if name == key and isinstance(value, str):
                found.append(value)
            elif name == key and isinstance(value, dict):
                found.extend(v for v in value.values() if isinstance(v, str))
            else:
                found.extend(values_of(value, key))
    elif isinstance(document, list):
        for value in document:
            found.extend(values_of(value, key))
    return found


def test_the_plain_quiz_in_german_asks_the_german_bank_with_german_words(tmp_path: Path) -> None:
    german_bank = bank_in_language(load_bank(BankFiles.bundled()), "de")
    first = german_bank.form(short=True)[0]
    done = subprocess.run(
        [sys.executable, "-m", "rolefit", "quiz", "--plain", "--short", "--name", "Sam"],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "LANG": "de_DE.UTF-8",
            "LC_ALL": "",
            "LC_MESSAGES": "",
            "LANGUAGE": "",
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
        },
    )
    assert done.returncode == 130
    assert f"Frage 1 von {len(german_bank.form(short=True))}" in done.stdout
    assert first.prompt in done.stdout
    assert "1. Stimme gar nicht zu" in done.stdout
    assert done.stderr.startswith("0 von ")


def test_the_commands_a_german_quiz_suggests_keep_its_lang(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rolefit",
            "quiz",
            "--plain",
            "--short",
            "--lang",
            "de",
            "--name",
            "S",
        ],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
    )
    assert done.returncode == 130
    assert done.stderr.rstrip().endswith("quiz --resume --plain --lang de` geht es weiter.")


def test_a_quiz_saved_in_german_is_the_same_quiz_in_english() -> None:
    english = load_bank(BankFiles.bundled())
    assert bank_fingerprint(bank_in_language(english, "de")) == bank_fingerprint(english)


def test_the_notice_about_a_bank_names_the_same_bank_files(tmp_path: Path) -> None:
    for part in ("questions", "scoring"):
        document = yaml.safe_load((ROOT / part / "default.yaml").read_text(encoding="utf-8"))
        if part == "questions":
            del document["sections"][0]["questions"][0]["help::de"]
        (tmp_path / f"{part}.yaml").write_text(
            yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    code, _, err = score("--lang", "de", "--bank", str(tmp_path))
    assert code == 0
    command = (
        f"rolefit validate --lang de --questions {tmp_path / 'questions.yaml'} "
        f"--scoring {tmp_path / 'scoring.yaml'}"
    )
    assert err.splitlines() == [
        f"rolefit: warning: --lang de: bank 'default' lacks 1 German (de) text (`{command}` "
        "lists them); showing English."
    ]
    follow = runner.invoke(app, command.split()[1:])
    assert follow.exit_code == 1
    assert "no German (de) text for the help of" in follow.stderr


def test_a_lang_that_is_no_language_code_exits_2_in_one_line() -> None:
    code, out, err = score("--lang", "../x")
    assert code == 2
    assert out == ""
    assert err == "rolefit: --lang '../x' is no language code; use one such as de, de_AT or en\n"


def test_the_german_history_table_fits_80_columns_and_keeps_every_date(german: Translator) -> None:
    from datetime import UTC, datetime

    from rolefit.core.history import PastResult
    from rolefit.render.history import history_view

    taken = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)
    items = [
        PastResult(1, taken, "default", "3", "short", None, "balanced", 52.0, "x"),
        PastResult(2, taken, "default", "3", "short", None, "undetermined", None, "x"),
    ]
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(history_view(items, german))
    text = console.export_text()
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    stamp = taken.astimezone().strftime("%Y-%m-%d %H:%M")
    assert text.count(stamp) == 2


@pytest.mark.parametrize("format", ["markdown", "html"])
def test_a_name_cut_short_says_its_length_in_german(tmp_path: Path, format: str) -> None:
    answers = yaml.safe_load(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    answers["respondent"] = "Z" * 2500
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    outcome = runner.invoke(app, ["score", str(path), "--lang", "de", "--format", format])
    assert outcome.exit_code == 0
    assert "(2.500 Zeichen)" in outcome.stdout
    assert "characters" not in outcome.stdout


def test_whole_numbers_group_their_thousands_the_readers_way(german: Translator) -> None:
    assert (whole(1234567, ENGLISH), whole(1234567, german), whole(999, german)) == (
        "1,234,567",
        "1.234.567",
        "999",
    )
