"""The words rolefit writes, in the reader's language: what the core asks a translator for.

Every sentence rolefit itself writes (not the bank's texts) goes through a `Translator`: an
object with the three methods of the standard library's `gettext.NullTranslations` and
`GNUTranslations`, which are what the edge passes in. The core never looks a language up:
it takes the translator as a parameter, `ENGLISH` by default, and so stays pure.

`N_` marks a message that is kept as data (a scale label) so that `pybabel extract` finds it;
it is translated where it is shown. `decimal` is the one way a number with decimals is written
(`3.0` in English, `3,0` in German).
"""

from __future__ import annotations

from typing import Protocol


class Translator(Protocol):
    """What a translation offers: `gettext.NullTranslations` and `GNUTranslations` are ones."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


class English:
    """The messages as written in the code: the default translator, and the fallback."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str, /) -> str:
        return message


ENGLISH = English()


def N_(message: str) -> str:  # the name pybabel and xgettext look for
    """Marks `message` for the catalog without translating it here."""
    return message


def decimal(value: float, places: int, tr: Translator, *, signed: bool = False) -> str:
    """`value` with `places` decimals, its decimal mark the reader's (`3,0` in German);
    `signed` writes + before a positive number."""
    text = f"{value:+.{places}f}" if signed else f"{value:.{places}f}"
    if places <= 0:
        return text
    # Translators: the decimal mark of numbers such as 3.5 ("," in German).
    mark = tr.pgettext("decimal mark", ".")
    return text.replace(".", mark)


def whole(value: int, tr: Translator) -> str:
    """`value` with its thousands grouped the reader's way (`200,000`; `200.000` in German)."""
    # Translators: what separates the thousands of a number such as 200,000 ("." in German).
    return f"{value:,}".replace(",", tr.pgettext("thousands separator", ","))


def language_tag(tr: Translator) -> str:
    """The language `tr` writes in, as a tag (`en`, `de`): a page's `lang`, a result's
    `language`."""
    # Translators: your language's tag as HTML names it ("de" for German).
    return tr.pgettext("language tag", "en")
