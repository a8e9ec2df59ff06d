"""The workshop's CI recipe works as copied: its files pass their schemas and actionlint, its
shell steps run on no answers, valid answers and broken answers, and what it installs exists.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKSHOP = ROOT / "examples" / "workshop"
WORKFLOW = WORKSHOP / ".github" / "workflows" / "rolefit.yml"
GITLAB = WORKSHOP / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent
RECIPE_STEPS = ("Validate the bank", "Score every answers file")


def tool(name: str) -> str | None:
    """A tool from this environment's bin folder (the test extra), else from the PATH."""
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def workflow() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text())
    return document


def gitlab() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(GITLAB.read_text())
    return document


# --- The files themselves ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "schema"),
    [(WORKFLOW, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")],
)
def test_the_ci_files_match_their_platform_s_schema(path: Path, schema: str) -> None:
    checker = tool("check-jsonschema")
    if checker is None:
        pytest.skip("check-jsonschema is not installed (the test extra has it)")
    done = subprocess.run(
        [checker, "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_passes_actionlint() -> None:
    linter = tool("actionlint")
    if linter is None:
        pytest.skip("actionlint is not installed (the test extra has it on Linux x86-64)")
    done = subprocess.run(
        [linter, "-no-color", str(WORKFLOW.relative_to(WORKSHOP))],
        cwd=WORKSHOP,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("package", [workflow()["env"]["ROLEFIT_PACKAGE"], None])
def test_what_the_recipe_installs_is_the_wheel_kept_beside_it(package: str | None) -> None:
    package = package or gitlab()["variables"]["ROLEFIT_PACKAGE"]
    wheel = WORKSHOP / package
    assert wheel.is_file(), f"{package}: run `make workshop-wheel`"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert wheel.name == f"rolefit-{version}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "rolefit/data/questions/default.yaml" in names
    assert "rolefit/render/page.py" in names  # it writes the pages the recipe keeps


def test_the_wheel_kept_beside_the_recipe_holds_todays_code() -> None:
    """A workshop installs this wheel, not the checkout: every module in it must be the one in
    src/rolefit, and every module there must be in it (`make workshop-wheel` after a change)."""
    package = workflow()["env"]["ROLEFIT_PACKAGE"]
    source = ROOT / "src"
    with zipfile.ZipFile(WORKSHOP / package) as wheel:
        in_wheel = {name: wheel.read(name) for name in wheel.namelist() if name.endswith(".py")}
    in_source = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in (source / "rolefit").rglob("*.py")
    }
    stale = sorted(
        name
        for name in in_source.keys() | in_wheel.keys()
        if in_source.get(name) != in_wheel.get(name)
    )
    assert not stale, f"run `make workshop-wheel`: the wheel differs in {stale}"


# --- The shell steps, run ---------------------------------------------------------------


def github_script() -> str:
    steps = workflow()["jobs"]["cohort"]["steps"]
    runs = {step.get("name"): step.get("run") for step in steps}
    return "\n".join(runs[name] for name in RECIPE_STEPS)


def gitlab_script() -> str:
    return "\n".join(gitlab()["rolefit-cohort"]["script"])


def repository(tmp_path: Path, answers: str) -> Path:
    """A new workshop repository: the bank, and the answers folder as asked."""
    repo = tmp_path / "workshop"
    shutil.copytree(WORKSHOP / "bank", repo / "bank")
    if answers != "none":
        shutil.copytree(WORKSHOP / "answers", repo / "answers")
    if answers == "broken":
        (repo / "answers" / "zed.yaml").write_text(
            "respondent: Zed\nbank: workshop\nanswers:\n  scope.many_projects: maybe\n"
        )
    return repo


def run_steps(
    repo: Path, script: str, variables: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    summary = repo.parent / "summary.md"
    summary.write_text("")
    env = {
        **os.environ,
        **variables,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    # As GitHub runs a `run:` block: bash with -e and pipefail.
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")


@needs_jq
def test_a_new_repository_without_answers_reports_no_submissions_yet(tmp_path: Path) -> None:
    repo = repository(tmp_path, "none")
    done = run_steps(repo, github_script(), workflow()["env"])
    assert done.returncode == 0, done.stderr
    assert "No submissions yet" in (tmp_path / "summary.md").read_text()
    assert "No submissions yet" in (repo / "cohort.html").read_text()


@needs_jq
def test_valid_answers_give_a_report_and_pass(tmp_path: Path) -> None:
    repo = repository(tmp_path, "valid")
    done = run_steps(repo, github_script(), workflow()["env"])
    assert done.returncode == 0, done.stderr
    summary = (tmp_path / "summary.md").read_text()
    assert "10 answers files: 10 scored, 0 invalid" in summary
    assert "## People" in summary and "Worth a conversation" in summary
    assert (repo / "cohort.html").read_text().startswith("<!DOCTYPE html>")
    assert "::error" not in done.stdout


@needs_jq
def test_a_broken_answers_file_fails_the_job_with_an_annotation(tmp_path: Path) -> None:
    repo = repository(tmp_path, "broken")
    done = run_steps(repo, github_script(), workflow()["env"])
    assert done.returncode == 1
    assert re.search(r"^::error file=answers/zed\.yaml,line=4::", done.stdout, flags=re.M)
    assert "11 answers files: 10 scored, 1 invalid" in (tmp_path / "summary.md").read_text()
    assert "rolefit: 1 of 11 files is invalid" in done.stderr


@pytest.mark.parametrize(("answers", "code"), [("none", 0), ("valid", 0), ("broken", 1)])
def test_the_gitlab_job_passes_or_fails_as_the_answers_say(
    tmp_path: Path, answers: str, code: int
) -> None:
    repo = repository(tmp_path, answers)
    done = run_steps(repo, gitlab_script(), gitlab()["variables"])
    assert done.returncode == code, done.stderr
    assert (repo / "cohort.md").is_file() and (repo / "cohort.html").is_file()
