"""Language codes, as a bank writes them beside its texts (`prompt::de`, `label::pt-br`).

English is the base language of every bank: a plain key (`prompt`) holds the English text,
and `FIELD::LANG` beside it holds that text in another language (docs/bank-format.md). This
module knows the shape of those keys, the names of languages, and what a `--lang` or the
locale asks for (read on the English path of every command, so it stays light: the choice
among them is `rolefit.core.language`); what a bank carries and lacks is
`rolefit.core.translations`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

# English: the plain keys. A `FIELD::en` key is refused, since it would say the same twice.
BASE = "en"
SEPARATOR = "::"

# A lowercase language code: two or three letters (ISO 639), then optional subtags of two to
# eight letters or digits (a region or a script): `de`, `es`, `pt-br`, `zh-hant`, `es-419`.
# Compiled on first use (re keeps it), not at import: a bank read in English never asks.
LANGUAGE_CODE = r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*"

# The names messages use for the languages a bank is most likely to carry; any other code
# that has the right shape is just as welcome and is named by its code alone.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nb": "Norwegian Bokmål",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "pt-br": "Brazilian Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
    "zh-hans": "Simplified Chinese",
    "zh-hant": "Traditional Chinese",
}


def is_language_code(code: str) -> bool:
    """Whether `code` has the shape of a language code: `de`, `pt-br`; never `DE` or `de_DE`."""
    return re.fullmatch(LANGUAGE_CODE, code) is not None


def language_name(code: str) -> str:
    """A language as messages name it: `German (de)`, `German (de-ch)`; a code without a
    known name is named by the code itself, quoted: `'tlh'`."""
    name = LANGUAGE_NAMES.get(code) or LANGUAGE_NAMES.get(code.split("-")[0])
    return f"'{code}'" if name is None else f"{name} ({code})"


def split_key(key: str) -> tuple[str, str] | None:
    """`prompt::de` -> (`prompt`, `de`); a key without `::` -> None (a plain key)."""
    field, separator, code = key.partition(SEPARATOR)
    return (field, code) if separator else None


def translation_key(field: str, code: str) -> str:
    """The key that holds `field` in language `code`: `prompt::de`."""
    return f"{field}{SEPARATOR}{code}"


# --- what a --lang or the locale asks for ------------------------------------------------------

# The variables of the POSIX locale, in the order they override each other.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
# What a --lang or a locale may look like: `de`, `de_DE`, `de-AT`, `pt_BR`, `en_US.UTF-8@euro`.
LOCALE_CODE = r"^([A-Za-z]{2,3})(?:[_-]([A-Za-z0-9]{2,8}))?(?:\.[A-Za-z0-9_-]*)?(?:@\w*)?$"


def normalised(value: str) -> str | None:
    """The catalog code a language or locale names: `de_DE.UTF-8` -> `de_DE`, `de-at` ->
    `de_AT`, `C` and `POSIX` -> `en`; None for what is no language code at all."""
    value = value.strip()
    if value in ("C", "POSIX") or value.startswith(("C.", "POSIX.")):
        return BASE
    match = re.match(LOCALE_CODE, value)
    if match is None:
        return None
    language, region = match.group(1).lower(), match.group(2)
    return f"{language}_{region.upper()}" if region else language


def _is_c_locale(locale: str) -> bool:
    """`C`, `POSIX`, `C.UTF-8`: the locale of no language, which means English."""
    return locale.strip().split(".", 1)[0] in ("C", "POSIX")


def requested(flag: str | None, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The languages asked for, in order of preference, and where they came from (`--lang`
    or a variable's name); ([], "") when nothing asks for one."""
    if flag is not None:
        return [flag], "--lang"
    locale, source = "", ""
    for variable in LOCALE_VARIABLES:
        if environ.get(variable):
            locale, source = environ[variable], variable
            break
    if _is_c_locale(locale):
        return [locale], source  # GNU: LANGUAGE is ignored under the C locale
    language = environ.get("LANGUAGE", "")
    preferences = [part for part in language.split(":") if part.strip()]
    if preferences:
        return preferences, "LANGUAGE"
    return ([locale], source) if locale else ([], "")


def english_only(flag: str | None, environ: Mapping[str, str]) -> bool:
    """Whether nothing but English is asked for: then no catalog needs to be looked at."""
    wanted, _ = requested(flag, environ)
    return all(
        (code := normalised(value)) is not None and code.split("_", 1)[0] == BASE
        for value in wanted
    )


def carried_code(code: str, carried: Collection[str]) -> str | None:
    """Which of the codes a bank carries serves `code` (a catalog's or a --lang's: `de_AT`):
    `de-at` when carried, else `de`; None when neither is."""
    exact = code.lower().replace("_", "-")
    language = exact.split("-", 1)[0]
    return next((found for found in (exact, language) if found in carried), None)
