"""The commands, their formats and exit codes, driven through the real typer app."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from rolefit.cli import app
from tests.conftest import EXAMPLE_ANSWERS, MINI_QUESTIONS, MINI_SCORING

runner = CliRunner()
MINI = ["--questions", str(MINI_QUESTIONS), "--scoring", str(MINI_SCORING)]


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_version_prints_the_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("rolefit ")


def test_help_documents_the_exit_codes() -> None:
    code, out, _ = run("--help")
    assert code == 0
    words = " ".join(out.replace("│", " ").split())
    for meaning in ("1 problems found", "the system refused", "2 bad input", "70 internal error"):
        assert meaning in words
    assert "130 interrupted" in words


def test_score_prints_a_result_card() -> None:
    code, out, _ = run("score", str(EXAMPLE_ANSWERS))
    assert code == 0
    assert "product management" in out
    assert "Why" in out


def test_score_json_holds_the_contract() -> None:
    code, out, _ = run("score", str(EXAMPLE_ANSWERS), "--format", "json")
    assert code == 0
    result = json.loads(out)
    for key in (
        "schema_version",
        "verdict",
        "product_pct",
        "program_pct",
        "margin",
        "dimensions",
        "reasons",
        "flags",
        "readiness",
    ):
        assert key in result
    assert result["verdict"] in ("product", "program", "balanced", "undetermined")
    assert result["product_pct"] + result["program_pct"] == 100


def test_score_markdown_is_a_report() -> None:
    code, out, _ = run("score", str(EXAMPLE_ANSWERS), "--format", "markdown")
    assert code == 0
    assert out.startswith("# Product or program management for Alex Rivera?")
    assert "| Dimension | Lean | Product % | What it means |" in out


def test_score_reads_answers_from_standard_input() -> None:
    code, out, _ = run("score", "-", "--format", "json", stdin=EXAMPLE_ANSWERS.read_text())
    assert code == 0
    assert json.loads(out)["respondent"] == "Alex Rivera"


def test_score_reads_a_json_answers_file(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"answers": {"work.many": "agree"}}), "a.json")
    code, out, _ = run("score", path, "-f", "json", *MINI)
    assert code == 0
    assert json.loads(out)["bank_id"] == "mini"


def test_score_writes_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    code, out, _ = run("score", str(EXAMPLE_ANSWERS), "-f", "markdown", "-o", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text().startswith("# Product or program management")


def test_a_failed_score_leaves_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "result.md"
    bad = write(tmp_path, "answers: {work.many: maybe}\n")
    code, _, _ = run("score", bad, "-o", str(target), *MINI)
    assert code == 2
    assert list(tmp_path.iterdir()) == [Path(bad)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "answers: {work.ghost: agree}\n",
            "answers.yaml:1: answers: unknown question id 'work.ghost'",
        ),
        (
            "answers:\n  work.many: maybe\n",
            "answers.yaml:2: work.many: expected one of strongly_disagree",
        ),
        ("answers:\n  work.many: 7\n", "work.many: expected 1 to 5"),
        (
            "answers:\n  work.multi: [users, risks, lunch]\n",
            "work.multi: expected 1 to 2 options; found 3",
        ),
        ("answers:\n  work.multi: []\n", "work.multi: expected 1 to 2 options; found 0"),
        ("answers:\n  work.rank: [customers]\n", "work.rank: expected all 2 options in order"),
        ("answers:\n  work.rank: [customers, customers]\n", "each option may appear once"),
        ("answers:\n  work.pick: [phone]\n", "work.pick: expected one option id"),
        ("answers: [1, 2]\n", "answers: expected a mapping of question id to answer"),
        ("answers:\n  work.many: true\n", "work.many: expected one of strongly_disagree"),
        ("answers:\n  work.rank: [1, 2]\n", "found a list holding 1, which is no option id"),
        ("- just\n- a list\n", "expected a mapping with an `answers:` key; found a list"),
        ("", "found nothing (it is empty, or only null)"),
        ("null\n", "found nothing (it is empty, or only null)"),
        ("42\n", "found a number (42)"),
        (
            "answers: 42\n",
            "answers: expected a mapping of question id to answer; found a number (42)",
        ),
        ("answers: {work.many: agree\n", "invalid YAML"),
        ("bank: default\nanswers: {}\n", "answers bank 'default', but the bank in use is 'mini'"),
        ("answerz: {}\n", "unknown top-level key 'answerz'"),
        ("respondent: Sam\n", "no `answers:` mapping"),
        ("form: tiny\nanswers: {}\n", "answers.yaml:1: form: expected full or short"),
        ("form: short\nanswers: {work.multi: [users]}\n", "work.multi: is not in the short form"),
        (
            "answers:\n  work.many: agree\n  work.many: disagree\n",
            "answers.yaml:3: invalid YAML: duplicate key 'work.many'",
        ),
        ("answers: !!python/object/apply:os.system ['echo hi']\n", "not allowed"),
    ],
)
def test_bad_answers_get_one_clear_line_and_exit_2(
    tmp_path: Path, text: str, expected: str
) -> None:
    code, out, err = run("score", write(tmp_path, text), *MINI)
    assert code == 2
    assert out == ""
    assert expected in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_a_short_form_answers_file_is_scored_as_the_short_form(tmp_path: Path) -> None:
    path = write(tmp_path, "form: short\nanswers: {work.many: agree, skills.risk: basic}\n")
    code, out, _ = run("score", path, "-f", "json", *MINI)
    assert code == 0
    result = json.loads(out)
    assert (result["form"], result["asked"]) == ("short", 6)


def test_an_output_file_follows_the_umask(tmp_path: Path) -> None:
    import os

    target = tmp_path / "result.json"
    previous = os.umask(0o022)
    try:
        code, _, _ = run("score", str(EXAMPLE_ANSWERS), "-f", "json", "-o", str(target))
    finally:
        os.umask(previous)
    assert code == 0
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_duplicate_key_in_a_json_answers_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '{"answers": {"work.many": "agree", "work.many": "no"}}', "a.json")
    code, _, err = run("score", path, *MINI)
    assert code == 2
    assert "duplicate key 'work.many'" in err


def test_debug_shows_the_traceback_behind_an_error_and_keeps_its_exit_code(
    tmp_path: Path,
) -> None:
    code, _, err = run("--debug", "score", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "Traceback" in err
    assert "InputFileError" in err
    assert err.splitlines()[-1].endswith("missing.yaml: no such file; check the path")


def test_a_missing_answers_file_is_named(tmp_path: Path) -> None:
    code, _, err = run("score", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "nope.yaml: no such file" in err


def test_a_folder_is_not_an_answers_file(tmp_path: Path) -> None:
    code, _, err = run("score", str(tmp_path))
    assert code == 2
    assert "is a folder" in err


def test_a_binary_answers_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run("score", str(path))
    assert code == 2
    assert "binary file" in err


def test_a_huge_answers_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("# " + "x" * (1024 * 1024 + 10))
    code, _, err = run("score", str(path))
    assert code == 2
    assert "refused" in err


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = write(tmp_path, "\n".join(lines) + "\nanswers: *a8\n")
    code, _, err = run("score", path)
    assert code == 2
    assert "too many values" in err


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("flow.yaml", "answers: " + "[" * 30_000 + "]" * 30_000 + "\n"),
        ("flow.json", '{"answers": ' + "[" * 2_000 + "]" * 2_000 + "}"),
        ("block.yaml", "answers:\n" + "- " * 20_000 + "x\n"),
        ("carriage-returns.yaml", "answers:\r" + "- " * 100_000 + "x\r"),
        ("line-separators.yaml", "answers:\u2028" + "- " * 100_000 + "x\u2028"),
        ("alias.yaml", "a: &a [x]\nanswers: " + "[" * 600 + "*a" + "]" * 600 + "\n"),
    ],
)
def test_absurdly_deep_nesting_is_refused_in_one_line(tmp_path: Path, name: str, text: str) -> None:
    code, _, err = run("score", write(tmp_path, text, name))
    assert code == 2
    assert "is nested too deeply" in err
    assert err.count("\n") == 1


def test_deeply_nested_explicit_keys_are_refused_in_one_line(tmp_path: Path) -> None:
    # Refused as nesting or as a mapping used as a key: either way bad input, in one line.
    code, _, err = run("score", write(tmp_path, "? " * 60_000 + "x\n", "explicit-keys.yaml"))
    assert code == 2
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_a_value_its_yaml_type_cannot_hold_is_bad_input(tmp_path: Path) -> None:
    # (An impossible date such as 2026-13-45 is plain text under YAML 1.2, not a bad date.)
    code, _, err = run("score", write(tmp_path, "answers:\n  work.many: !!int agree\n"), *MINI)
    assert code == 2
    assert "invalid YAML: a value cannot be read as its type" in err
    assert err.count("\n") == 1


def test_an_unexpected_error_is_one_line_with_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import rolefit.core.scoring

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(rolefit.core.scoring, "score", broken)
    code, _, err = run("score", str(EXAMPLE_ANSWERS))
    assert code == 70
    assert err.startswith("rolefit: internal error (ZeroDivisionError: boom)")
    assert err.count("\n") == 1


def test_bank_text_is_never_read_as_rich_markup(tmp_path: Path) -> None:
    scoring = tmp_path / "s.yaml"
    scoring.write_text(MINI_SCORING.read_text().replace("label: Scope", "label: Scope [/] [b]x"))
    answers = write(tmp_path, "answers: {work.many: agree, work.one: disagree, work.pick: phone}")
    code, out, _ = run(
        "score", answers, "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert code == 0
    assert "Scope [/] [b]x" in out


def test_an_answer_behind_an_unmet_condition_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "answers:\n  work.led: 'no'\n  work.conflicts: agree\n")
    code, _, err = run("score", path, "-f", "json", *MINI)
    assert code == 0
    assert "ignored the answer to 'work.conflicts'" in err


def test_a_bare_yes_in_yaml_still_means_the_option_yes(tmp_path: Path) -> None:
    path = write(tmp_path, "answers:\n  work.led: yes\n  work.conflicts: agree\n")
    code, _, err = run("score", path, "-f", "json", *MINI)
    assert code == 0
    assert err == ""


def test_questions_lists_the_bank() -> None:
    code, out, _ = run("questions", *MINI)
    assert code == 0
    assert "work.many" in out


def test_questions_json_holds_the_contract() -> None:
    code, out, _ = run("questions", "--format", "json", *MINI)
    assert code == 0
    document = json.loads(out)
    assert document["bank"]["id"] == "mini"
    first = document["questions"][0]
    assert {"id", "section", "type", "prompt", "options", "short", "source"} <= set(first)
    multi = next(q for q in document["questions"] if q["type"] == "multi")
    assert (multi["min"], multi["max"]) == (1, 2)
    conditional = next(q for q in document["questions"] if q["id"] == "work.conflicts")
    assert conditional["when"] == {"equals": {"question": "work.led", "answer": "yes"}}


def test_questions_short_lists_only_the_short_form() -> None:
    code, out, _ = run("questions", "--short", "--format", "json", *MINI)
    assert code == 0
    ids = [q["id"] for q in json.loads(out)["questions"]]
    assert ids == [
        "work.led",
        "work.many",
        "work.one",
        "work.pick",
        "work.conflicts",
        "work.rank",
        "skills.risk",
    ]


def test_questions_markdown_is_a_printable_handout() -> None:
    code, out, _ = run("questions", "--format", "markdown", *MINI)
    assert code == 0
    assert "## Your work" in out
    assert "- [ ] A new phone (`phone`)" in out


def test_the_answers_template_is_itself_a_valid_answers_file(tmp_path: Path) -> None:
    template = tmp_path / "template.yaml"
    code, _, _ = run("questions", "--format", "template", "-o", str(template))
    assert code == 0
    code, out, _ = run("score", str(template), "--format", "json")
    assert code == 0
    assert json.loads(out)["verdict"] == "undetermined"


def test_a_filled_short_form_template_is_scored_as_the_short_form(tmp_path: Path) -> None:
    template = tmp_path / "short.yaml"
    code, _, _ = run("questions", "--short", "--format", "template", "-o", str(template), *MINI)
    assert code == 0
    text = template.read_text()
    assert "form: short" in text
    assert f"--questions {MINI_QUESTIONS}" in text
    filled = text.replace("work.many: null", "work.many: disagree").replace(
        "work.one: null", "work.one: agree"
    )
    template.write_text(filled.replace("work.pick: null", "work.pick: phone"))
    code, out, _ = run("score", str(template), "--format", "json", *MINI)
    assert code == 0
    assert json.loads(out)["form"] == "short"


def test_the_handout_names_the_condition_of_a_follow_up() -> None:
    code, out, _ = run("questions", "--format", "markdown", *MINI)
    assert code == 0
    assert "*(only if work.led is yes)*" in out


def test_validate_accepts_the_default_bank() -> None:
    code, out, _ = run("validate")
    assert code == 0
    assert "ok (" in out


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    scoring = tmp_path / "s.yaml"
    scoring.write_text(MINI_SCORING.read_text().replace("dimensions: [scope]", "dimensions: [x]"))
    code, _, err = run("validate", "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring))
    assert code == 1
    assert err.count("unknown dimension 'x'") == 2
    assert f"{scoring}:" in err


def test_scoring_with_a_broken_bank_is_bad_input(tmp_path: Path) -> None:
    scoring = tmp_path / "s.yaml"
    scoring.write_text(MINI_SCORING.read_text().replace("dimensions: [scope]", "dimensions: [x]"))
    code, _, err = run(
        "score", str(EXAMPLE_ANSWERS), "--questions", str(MINI_QUESTIONS), "--scoring", str(scoring)
    )
    assert code == 2
    assert "unknown dimension 'x'" in err


@pytest.mark.parametrize("name", ["answers", "result"])
def test_schema_prints_a_json_schema(name: str) -> None:
    code, out, _ = run("schema", name)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "properties" in schema


def test_an_unknown_format_is_a_usage_error() -> None:
    code, _, _ = run("score", str(EXAMPLE_ANSWERS), "--format", "pdf")
    assert code == 2


def run_console_script(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point (`rolefit.cli.main`), as a person's shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "rolefit", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["score"], "rolefit: missing argument 'ANSWERS'; see `rolefit score --help`"),
        (
            ["score", str(EXAMPLE_ANSWERS), "--format", "pdf"],
            "rolefit: invalid value for '--format' / '-f': 'pdf' is not one of 'text', "
            "'markdown', 'json', 'html', 'svg'; see `rolefit score --help`",
        ),
        (
            ["compare", str(EXAMPLE_ANSWERS), str(EXAMPLE_ANSWERS), "--format", "html"],
            "rolefit: invalid value for '--format' / '-f': 'html' is not one of 'text', "
            "'markdown', 'json'; see `rolefit compare --help`",
        ),
        (
            ["scroe"],
            "rolefit: no such command 'scroe'. Did you mean 'score'? See `rolefit --help`",
        ),
        (["nothing"], "rolefit: no such command 'nothing'; see `rolefit --help`"),
        (["score", "-o"], "rolefit: option '-o' requires an argument; see `rolefit score --help`"),
    ],
)
def test_a_usage_error_is_one_line_on_stderr(args: list[str], expected: str) -> None:
    done = run_console_script(*args)
    assert done.returncode == 2
    assert done.stderr == expected + "\n"
    assert done.stdout == ""


def test_a_text_only_command_refuses_a_page_named_by_the_output_file(tmp_path: Path) -> None:
    page = tmp_path / "change.html"
    done = run_console_script(
        "compare", str(EXAMPLE_ANSWERS), str(EXAMPLE_ANSWERS), "-o", str(page)
    )
    assert done.returncode == 2
    assert done.stderr == "rolefit: compare writes text, markdown or json, not html\n"
    assert not page.exists()


def test_no_arguments_show_the_help() -> None:
    done = run_console_script()
    assert done.returncode == 2
    assert "Usage: rolefit" in done.stdout
    assert done.stderr == ""


def test_the_console_script_passes_on_a_commands_exit_code() -> None:
    assert run_console_script("score", str(EXAMPLE_ANSWERS), "--format", "json").returncode == 0
    missing = run_console_script("score", "no-such-file.yaml")
    assert missing.returncode == 2
    assert missing.stderr == "rolefit: no-such-file.yaml: no such file; check the path\n"


IMPORTED_BY = """
import sys
from rolefit.cli import main
sys.argv = ["rolefit", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(name for name in sys.modules if "." not in name)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [["--version"], ["validate"], ["questions", "--format", "json"], ["schema", "result"]],
)
def test_commands_that_do_not_score_never_load_numpy_or_questionary(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED_BY, *args], capture_output=True, text=True, check=True
    )
    loaded = set(done.stderr.split())
    assert "rolefit" in loaded
    assert not loaded & {"numpy", "questionary", "prompt_toolkit"}


def test_a_command_imports_no_other_command_module() -> None:
    code = IMPORTED_BY.replace('if "." not in name', 'if name.startswith("rolefit.cli.")')
    done = subprocess.run(
        [sys.executable, "-c", code, "score", str(EXAMPLE_ANSWERS), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    from rolefit.cli.root import COMMAND_MODULES

    command_modules = {f"rolefit.cli.{module}" for module in COMMAND_MODULES.values()}
    assert set(done.stderr.split()) & command_modules == {"rolefit.cli.results"}


def test_a_command_runs_with_what_it_loaded_frozen_and_fewer_young_collections() -> None:
    from rolefit.cli.root import YOUNG_COLLECTION_EVERY

    code = (
        "import gc, sys\n"
        "from rolefit.cli import main\n"
        "sys.argv = ['rolefit', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.get_freeze_count(), gc.get_threshold()[0], file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "score", str(EXAMPLE_ANSWERS), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, young = map(int, done.stderr.split())
    # typer, what it loads and the command's module: thousands of objects
    assert frozen > 5_000
    assert young == YOUNG_COLLECTION_EVERY


def test_help_lists_the_commands_in_one_order_whichever_module_came_first() -> None:
    code = (
        "import sys, rolefit.cli.serve, rolefit.cli.results\n"
        "from rolefit.cli import main\n"
        "sys.argv = ['rolefit', '--help']\n"
        "main()\n"
    )
    env = {**os.environ, "COLUMNS": "100"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    fresh = subprocess.run(
        [sys.executable, "-m", "rolefit", "--help"], capture_output=True, text=True, env=env
    )
    assert first.stdout == fresh.stdout
    assert fresh.stdout.index("questions") < fresh.stdout.index("score")


def test_the_table_of_command_modules_is_the_application() -> None:
    from rolefit.cli.root import COMMAND_MODULES

    commands = {
        (info.name or info.callback.__name__): info.callback.__module__
        for info in app.registered_commands
        if info.callback
    }
    groups = {info.name: info.typer_instance for info in app.registered_groups}
    assert set(COMMAND_MODULES) == {*commands, *groups}
    for name, module in COMMAND_MODULES.items():
        if name in commands:
            assert commands[name] == f"rolefit.cli.{module}"
        else:  # a group: the module holds the typer app that is added under that name
            defined = vars(sys.modules[f"rolefit.cli.{module}"]).values()
            assert any(value is groups[name] for value in defined)


# --- what typer builds for a command line -------------------------------------------------


def test_a_named_command_is_all_that_typer_builds_for_it() -> None:
    from rolefit.cli.root import app_for

    narrowed = app_for(["score", "answers.yaml", "--format", "json"])
    assert [info.callback.__name__ for info in narrowed.registered_commands if info.callback] == [
        "score"
    ]
    assert narrowed.registered_groups == []


def test_a_named_group_is_all_that_typer_builds_for_it() -> None:
    from rolefit.cli.root import app_for

    narrowed = app_for(["history", "show", "@last"])
    assert narrowed.registered_commands == []
    assert [info.name for info in narrowed.registered_groups] == ["history"]


def test_version_alone_builds_no_command_and_help_or_a_typo_builds_them_all() -> None:
    from rolefit.cli.root import app_for

    version = app_for(["--version"])
    assert version.registered_commands == [] and version.registered_groups == []
    for args in (["--help"], ["--version", "--help"], ["scor"], []):
        assert app_for(args) is app


def _commands(typer_app: Any, prefix: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for command in typer_app.registered_commands:
        yield prefix + (command.name or command.callback.__name__), command.callback
    for group in typer_app.registered_groups:
        yield from _commands(group.typer_instance, f"{prefix}{group.name} ")


def test_every_path_rolefit_takes_is_checked_by_its_own_reader_not_by_typer() -> None:
    # typer refuses a file it may not read with a usage error (exit 2, "is not readable");
    # rolefit's reader says what the system refused and where (exit 1), as for every file.
    checked = []
    for name, callback in _commands(app):
        hints = typing.get_type_hints(inspect.unwrap(callback), include_extras=True)
        for parameter, hint in hints.items():
            kind, *extras = typing.get_args(hint) or (hint,)
            if "Path" not in str(kind):
                continue
            infos = [e for e in extras if isinstance(e, typer.models.ParameterInfo)]
            assert infos and not any(info.readable for info in infos), f"{name} {parameter}"
            checked.append((name, parameter))
    assert ("score", "answers") in checked and len(checked) > 20
