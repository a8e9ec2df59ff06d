"""Where the bundled bank lives: inside an installed wheel, or in an editable checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder holding `questions/` and `scoring/`.

    A wheel carries them in `rolefit/data/` (hatchling force-include). An editable install
    has no such copy, so fall back to the checkout's top-level folders, two levels up from
    `src/rolefit/`, which facilitators edit directly.
    """
    bundled = PACKAGE_DIR / "data"
    if (bundled / "questions").is_dir():
        return bundled
    return PACKAGE_DIR.parent.parent


def default_questions() -> Path:
    return data_dir() / "questions" / "default.yaml"


def default_scoring() -> Path:
    return data_dir() / "scoring" / "default.yaml"
