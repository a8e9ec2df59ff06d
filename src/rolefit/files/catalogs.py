"""The compiled message catalogs that ship in the package, and the translator read from one.

`src/rolefit/locale/<code>/LC_MESSAGES/rolefit.po` are the sources; the build compiles each
to a `.mo` beside it (`hatch_build.py`), in the wheel and in an editable checkout alike. They
are read here with the standard library's `gettext` (babel is needed to build, never to run),
and only when a language other than English is asked for: the English path opens nothing.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.languages import BASE
from rolefit.files.paths import PACKAGE_DIR
from rolefit.files.reading import read_bytes

DOMAIN = "rolefit"
LOCALE_DIR = PACKAGE_DIR / "locale"
# A catalog is a few tens of kilobytes; this is far more than any will be.
MAX_CATALOG_BYTES = 4 * 1024 * 1024


def catalog_path(code: str, folder: Path = LOCALE_DIR) -> Path:
    return folder / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def available(folder: Path = LOCALE_DIR) -> frozenset[str]:
    """The languages with a compiled catalog."""
    if not folder.is_dir():
        return frozenset()
    return frozenset(
        entry.name for entry in folder.iterdir() if catalog_path(entry.name, folder).is_file()
    )


def translator(code: str, folder: Path = LOCALE_DIR) -> Translator:
    """The translator for `code` (one of `available()`), or English for English."""
    if code == BASE:
        return ENGLISH
    data = read_bytes(catalog_path(code, folder), max_bytes=MAX_CATALOG_BYTES)
    return gettext.GNUTranslations(io.BytesIO(data))


def translator_of(language: str, folder: Path = LOCALE_DIR) -> Translator:
    """The translator that writes in `language` (a result's `language`): its catalog when one
    ships, else English (a result from a rolefit with a language this one lacks)."""
    if language == BASE or language not in available(folder):
        return ENGLISH
    return translator(language, folder)
