"""Language codes, as a bank writes them beside its texts (`prompt::de`, `label::pt-br`).

English is the base language of every bank: a plain key (`prompt`) holds the English text,
and `FIELD::LANG` beside it holds that text in another language (docs/bank-format.md). This
module knows only the shape of those keys and the names of languages; what a bank carries
and lacks is `rolefit.core.translations`.
"""

from __future__ import annotations

import re

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
