"""The message catalogs: the template is current with the code, and German is complete.

`make messages` re-extracts the template and merges it into every language; these tests fail
until it has been run after a message changed, and until every German message is translated
(no empty and no fuzzy entry, the same placeholders as the English).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "rolefit" / "locale"
TEMPLATE = LOCALE / "rolefit.pot"
GERMAN = LOCALE / "de" / "LC_MESSAGES" / "rolefit.po"
# `{name}` in Python's messages; `%(name)s` and a literal `%%` in the web app's templates
# (Jinja's new-style gettext formats every message with %).
_PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%%")


def key(message: Message) -> tuple[str, str]:
    single = message.id if isinstance(message.id, str) else message.id[0]
    return message.context or "", single


def messages(catalog: Catalog) -> dict[tuple[str, str], Message]:
    return {key(m): m for m in catalog if m.id}


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The template as `make messages` extracts it from the code now."""
    out = tmp_path_factory.mktemp("pot") / "rolefit.pot"
    command = [
        *(sys.executable, "-m", "babel.messages.frontend", "extract"),
        *("--mapping-file", "babel.cfg", "--keywords", "N_", "--keywords", "pgettext:1c,2"),
        *("--no-location", "--sort-output", "--output-file", str(out), "."),
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return read(out)


def test_the_committed_template_is_current_with_the_code(fresh: Catalog) -> None:
    committed = read(TEMPLATE)
    assert sorted(messages(committed)) == sorted(messages(fresh)), "run `make messages`"


def test_every_message_of_the_code_is_translated_into_german(fresh: Catalog) -> None:
    german = messages(read(GERMAN, "de"))
    missing = [k for k in messages(fresh) if k not in german or not _translated(german[k])]
    assert missing == []


def test_german_has_no_fuzzy_or_obsolete_entries() -> None:
    catalog = read(GERMAN, "de")
    assert [key(m) for m in catalog if m.id and m.fuzzy] == []
    assert list(catalog.obsolete) == []


def test_german_keeps_every_placeholder_of_the_english() -> None:
    wrong = []
    for message in read(GERMAN, "de"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = _strings(message)
        wanted = {name for text in ids for name in _PLACEHOLDER.findall(text)}
        for text in strings:
            if set(_PLACEHOLDER.findall(text)) != wanted:
                wrong.append((ids[0], text))
    assert wrong == []


def test_german_uses_its_plural_rule() -> None:
    assert read(GERMAN, "de").plural_forms == "nplurals=2; plural=(n != 1);"


def _strings(message: Message) -> list[str]:
    if isinstance(message.string, str):
        return [message.string]
    return list(message.string or ())


def _translated(message: Message) -> bool:
    strings = _strings(message)
    return bool(strings) and all(s.strip() for s in strings)
