"""The wheel carries the bank: an installed rolefit works from any folder, without a checkout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # A copy, so that building never writes into the working tree.
    source = out / "src-copy"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "*.egg-info", "__pycache__", ".*_cache"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        check=True,
    )
    return next(out.glob("rolefit-*.whl"))


def test_the_wheel_contains_the_bundled_bank(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rolefit/data/questions/default.yaml" in names
    assert "rolefit/data/scoring/default.yaml" in names


def test_the_wheel_carries_the_compiled_german_catalog(wheel: Path) -> None:
    """The build compiles every .po (hatch_build.py): the .mo is in the wheel, not in git."""
    names = zipfile.ZipFile(wheel).namelist()
    assert "rolefit/locale/de/LC_MESSAGES/rolefit.mo" in names


def test_an_installed_wheel_scores_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answers = elsewhere / "answers.yaml"
    answers.write_text((ROOT / "examples" / "answers.yaml").read_text())

    def installed(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(environment / "bin" / "rolefit"), *args],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            check=False,
        )

    completed = installed("score", "answers.yaml", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["verdict"] == "product"
    german = installed("score", "answers.yaml", "--lang", "de")
    assert german.returncode == 0, german.stderr
    assert "Produktmanagement passt klar zu dir" in german.stdout
    # Without the serve extra, `rolefit serve` says how to get it.
    serve = installed("serve")
    assert serve.returncode == 2
    assert (
        serve.stderr == "rolefit: rolefit serve needs the web extra: pip install 'rolefit[serve]'\n"
    )


def test_the_wheel_carries_the_web_apps_templates_and_assets(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rolefit/serve/templates/question.html" in names
    assert "rolefit/serve/static/rolefit.css" in names
    assert "rolefit/serve/static/dashboard.js" in names
