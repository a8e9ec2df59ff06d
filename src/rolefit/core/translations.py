"""The texts of a bank in the languages it carries: which it has, which it lacks, and the
bank's models with every text in one language.

Every model of a bank file (`models.BankModel`) names the fields that hold text a person
reads (`models.TEXTS`) and keeps the translations found beside them. This module walks
the two files' models generically, field by field, so a text is found wherever it sits and a
new model only has to name its texts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, TypeVar

from rolefit.core.languages import BASE, language_name, translation_key
from rolefit.core.models import BankModel, QuestionsFile, ScoringFile
from rolefit.core.records import record
from rolefit.errors import Location

File = Literal["questions", "scoring"]
M = TypeVar("M", bound=BankModel)

# How a part of a bank is named in a message, by the list or mapping that holds it (`sections`
# holds sections); `{id}` is its id, `{owner}` what holds it.
_ITEM_NAMES = {
    "sections": "section {id}",
    "questions": "{id}",
    "options": "option {id} of {owner}",
    "dimensions": "dimension {id}",
    "items": "{id}",
    "skills": "skill {id}",
}
# A part of a bank that is a field of another, named otherwise than what holds it.
_PART_NAMES = {"bank": "the bank"}
# A text named otherwise than `FIELD of OWNER`.
_TEXT_NAMES = {
    ("Citation", "section"): "source section of {owner}",
    ("LevelTexts", "product"): "product level text of {owner}",
    ("LevelTexts", "balanced"): "balanced level text of {owner}",
    ("LevelTexts", "program"): "program level text of {owner}",
    ("Skill", "grow"): "{entry} `grow` text of {owner}",
    ("LikertKey", "because"): "reason (`because`) of {owner}",
    ("OptionLean", "because"): "reason (`because`) of {owner}",
}


@record
class BankText:
    """One text of a bank a person reads: where it is, what it is, in English and translated."""

    file: File
    # Where the English text is: the keys and list indices down to it.
    location: Location
    # What a message calls it: `prompt of scope.one_product`.
    name: str
    english: str
    # The text in each language the bank gives it in, by code.
    translations: Mapping[str, str]


@record
class MissingText:
    """A text a bank does not give in a language: where to add it, and what to add."""

    file: File
    # Where the English text is; the translation goes beside it, as `key`.
    location: Location
    name: str
    language: str

    @property
    def key(self) -> str:
        """The key to add beside the English text: `help::de`."""
        return translation_key(str(self.location[-1]), self.language)

    @property
    def message(self) -> str:
        return f"no {language_name(self.language)} text for the {self.name}; add {self.key}"


def bank_texts(questions_file: QuestionsFile, scoring: ScoringFile) -> Iterator[BankText]:
    """Every text a person reads in a bank, in the order of the files."""
    yield from _texts(questions_file, "questions", (), "")
    yield from _texts(scoring, "scoring", (), "")


def languages_of(questions_file: QuestionsFile, scoring: ScoringFile) -> tuple[str, ...]:
    """The codes of the languages a bank gives any text in besides English, sorted."""
    found: set[str] = set()
    for text in bank_texts(questions_file, scoring):
        found.update(text.translations)
    return tuple(sorted(found))


def missing_in(questions_file: QuestionsFile, scoring: ScoringFile, code: str) -> list[MissingText]:
    """Every text a bank does not give in language `code`, in the order of the files.

    English (`en`) is never missing anything: it is the plain keys, which are required.
    """
    if code == BASE:
        return []
    return [
        MissingText(text.file, text.location, text.name, code)
        for text in bank_texts(questions_file, scoring)
        if code not in text.translations
    ]


def in_language(model: M, code: str) -> M:
    """`model` with every text in language `code`; KeyError if a text lacks it (`missing_in`
    says which).

    Everything else is the same object as before, so ids, numbers and conditions are the
    ones the English model holds.
    """
    translated: M = _translated(model, code)
    return translated


def _texts(value: Any, file: File, location: Location, owner: str) -> Iterator[BankText]:
    if isinstance(value, BankModel):
        texts = value.texts()
        translations = value.translations if texts.fields or texts.maps else {}
        kind = type(value).__name__
        for name, info in type(value).model_fields.items():
            field = getattr(value, name)
            key = info.alias or name
            if field is None:
                continue
            if name in texts.fields:
                said = _TEXT_NAMES.get((kind, name), "{field} of {owner}")
                yield BankText(
                    file,
                    (*location, key),
                    said.format(field=name, owner=owner),
                    field,
                    translations.get((name,), {}),
                )
            elif name in texts.maps:
                said = _TEXT_NAMES.get((kind, name), "{entry} of {field} of {owner}")
                for entry, text in field.items():
                    yield BankText(
                        file,
                        (*location, key, entry),
                        said.format(entry=entry, field=name, owner=owner),
                        text,
                        translations.get((name, entry), {}),
                    )
            else:
                part = _PART_NAMES.get(key, owner).format(owner=owner)
                yield from _texts(field, file, (*location, key), part)
    elif isinstance(value, tuple | dict):
        # A list or mapping of parts: each is named by its id (`section scope`) where the
        # list's name says what they are.
        pattern = _ITEM_NAMES.get(str(location[-1])) if location else None
        entries = value.items() if isinstance(value, dict) else enumerate(value)
        for entry, item in entries:
            ident = entry if isinstance(value, dict) else getattr(item, "id", None)
            part = pattern.format(id=ident, owner=owner) if pattern and ident else owner
            yield from _texts(item, file, (*location, entry), part)


def _translated(value: Any, code: str) -> Any:
    """`value` with its texts in `code`; the very same object when it holds no text."""
    if isinstance(value, BankModel):
        texts = value.texts()
        translations = value.translations if texts.fields or texts.maps else {}
        changes: dict[str, Any] = {}
        for name in type(value).model_fields:
            field = getattr(value, name)
            if field is None:
                continue
            if name in texts.fields:
                changes[name] = translations[(name,)][code]
            elif name in texts.maps:
                changes[name] = {entry: translations[(name, entry)][code] for entry in field}
            elif (changed := _translated(field, code)) is not field:
                changes[name] = changed
        return value.model_copy(update=changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(_translated(item, code) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        entries = {key: _translated(item, code) for key, item in value.items()}
        return value if all(entries[key] is item for key, item in value.items()) else entries
    return value
