"""The texts of a bank: which fields hold text a person reads, and the translations written
beside them (`prompt::de` beside `prompt`).

`models.BankModel`'s validator calls `has_translations` and `lifted` to take every
`FIELD::LANG` key out of a part of a bank before pydantic validates it, so the fields hold
English exactly as written and the translations are kept apart (docs/bank-format.md). What
is wrong with a translation is reported at its own key, beside every other problem of the
model. This module knows nothing of the models themselves: each hands in its `Texts` and its
pydantic fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from rolefit.core.fields import unsafe_text_error
from rolefit.core.languages import (
    BASE,
    SEPARATOR,
    is_language_code,
    language_name,
    split_key,
    translation_key,
)
from rolefit.core.text import shown

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

# Where a translation sits inside its model: the field (`prompt`), or the field and the key
# of a mapping of texts (`grow`, `program`).
TextPath = tuple[str, ...]
# A model's translations: for each text path, the text in each language code.
Translations = Mapping[TextPath, Mapping[str, str]]


class Texts:
    """Which fields of a part of a bank hold text a person reads, and so take translations.

    `fields`: each may have `FIELD::LANG` beside it. `maps`: fields holding a mapping of
    texts (a skill's `grow`), each entry of which may have `KEY::LANG` beside it inside the
    mapping. `untranslated`: text fields that stay as written in every language, and why.
    """

    __slots__ = ("fields", "maps", "untranslated")

    def __init__(
        self,
        *fields: str,
        maps: tuple[str, ...] = (),
        untranslated: Mapping[str, str] | None = None,
    ) -> None:
        self.fields = fields
        self.maps = maps
        self.untranslated: Mapping[str, str] = untranslated or {}


NO_TEXTS = Texts()


def is_translation(key: object) -> bool:
    return isinstance(key, str) and SEPARATOR in key


def has_translations(texts: Texts, data: dict[Any, Any]) -> bool:
    """Whether a part of a bank as written (`data`) has a translation key anywhere in it."""
    if any(is_translation(key) for key in data):
        return True
    return any(
        isinstance(entries := data.get(name), dict) and any(is_translation(k) for k in entries)
        for name in texts.maps
    )


def lifted(
    texts: Texts, fields: Mapping[str, FieldInfo], data: dict[Any, Any]
) -> tuple[dict[Any, Any], dict[TextPath, dict[str, str]], list[InitErrorDetails]]:
    """A part of a bank as written without its translation keys, the translations, and what
    is wrong with them; `texts` and `fields` are its model's (BankModel.texts, model_fields)."""
    translations: dict[TextPath, dict[str, str]] = {}
    problems: list[InitErrorDetails] = []
    plain = {key: value for key, value in data.items() if not is_translation(key)}
    for key, value in data.items():
        if is_translation(key):
            field, code = split_key(key) or ("", "")
            wrong = _wrong_field(texts, fields, data, field, code) or _wrong_code(field, code)
            _keep(translations, problems, (field,), code, value, (key,), wrong)
    for name in texts.maps:
        entries = data.get(name)
        if not isinstance(entries, dict):
            continue
        plain[name] = {key: value for key, value in entries.items() if not is_translation(key)}
        for key, value in entries.items():
            if is_translation(key):
                entry, code = split_key(key) or ("", "")
                wrong = None
                if entry not in entries:
                    wrong = (
                        f"translates {shown(entry, 60)!r}, which `{name}` does not have; "
                        f"add {shown(entry, 60)!r} in English or remove {shown(key, 60)}"
                    )
                wrong = wrong or _wrong_code(entry, code)
                _keep(translations, problems, (name, entry), code, value, (name, key), wrong)
    return plain, translations, problems


def _keep(
    translations: dict[TextPath, dict[str, str]],
    problems: list[InitErrorDetails],
    path: TextPath,
    code: str,
    value: Any,
    location: tuple[str, ...],
    wrong: str | None,
) -> None:
    """Keep one translation, or the problem with it (of its key first, then of its text)."""
    if wrong is not None:
        problems.append(_detail(location, wrong, value, "translation_key"))
        return
    if not isinstance(value, str):
        wrong = "a translation is text, written like the English beside it"
    elif not value.strip():
        wrong = f"is empty; give the {language_name(code)} text or remove {shown(location[-1], 60)}"
    elif (unsafe := unsafe_text_error(value)) is not None:
        wrong = unsafe.message()
    else:
        translations.setdefault(path, {})[code] = value.strip()
        return
    problems.append(_detail(location, wrong, value, "translation_text"))


def _wrong_field(
    texts: Texts, fields: Mapping[str, FieldInfo], data: Mapping[Any, Any], field: str, code: str
) -> str | None:
    """What is wrong with translating `field` (key `field::code`), if anything."""
    key = shown(translation_key(field, code), 60)
    if field in texts.fields:
        if data.get(field) is None and not fields[field].is_required():
            return (
                f"translates `{field}`, which is not given; add `{field}` in English "
                f"or remove {key}"
            )
        return None
    if field in texts.untranslated:
        return f"`{field}` {texts.untranslated[field]}; remove {key}"
    if field in texts.maps:
        return (
            f"`{field}` holds one text per key; translate each of them inside it "
            f"(KEY{SEPARATOR}{shown(code, 30)} beside KEY) and remove {key}"
        )
    if field in {info.alias or name for name, info in fields.items()}:
        return f"`{field}` is not a text a person reads, so it takes no translation; remove {key}"
    beside = " or ".join(shown(translation_key(text, code), 60) for text in texts.fields)
    fix = f"a translation goes beside a text: {beside}" if beside else f"remove {key}"
    return f"unknown field {shown(field, 60)!r} in {key}; {fix}"


def _wrong_code(field: str, code: str) -> str | None:
    if code == BASE:
        return (
            f"English is the plain key `{shown(field, 60)}`; remove "
            f"{shown(translation_key(field, code), 60)} (translations name another language)"
        )
    if not is_language_code(code):
        return (
            f"{shown(code, 30)!r} is not a language code; write it in lowercase "
            "letters, like de, es or pt-br"
        )
    return None


def _detail(location: tuple[str, ...], message: str, value: Any, kind: str) -> InitErrorDetails:
    """A problem with a translation: `translation_key` (the key: its message says what it
    found) or `translation_text` (the text, which the message is followed by)."""
    error = PydanticCustomError(kind, "{message}", {"message": message})
    return InitErrorDetails(type=error, loc=location, input=value)


def pydantic_details(error: ValidationError) -> list[InitErrorDetails]:
    """The errors pydantic found, as details to raise again beside the translations'."""
    return [
        InitErrorDetails(
            type=PydanticCustomError(item["type"], "{message}", {"message": item["msg"]}),
            loc=item["loc"],
            input=item["input"],
        )
        for item in error.errors(include_url=False)
    ]
