"""Which language rolefit speaks: the one place that decides, from `--lang` and the environment.

Pure: the edge reads the environment and lists the catalogs that ship (`rolefit.files.
catalogs`), and passes both in. The order is GNU gettext's: `--lang` first, then `LANGUAGE`
(a colon-separated list of preferences, honoured unless the locale is `C`/`POSIX`), then the
first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set. `C`, `POSIX` and nothing set mean
English; `de_DE.UTF-8` means `de`.

A language that cannot be shown falls back to English with one notice, and wholly: the words
of rolefit and the texts of the bank are never in two languages at once. What "can be shown"
means is `shortfall`: rolefit has a catalog for it, and the bank (when the command has one)
has every text in it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from rolefit.core.languages import (
    BASE,
    carried_code,
    language_name,
    normalised,
    requested,
)
from rolefit.core.records import record
from rolefit.errors import RolefitError


@record
class LanguageChoice:
    """The language to show: `code` names rolefit's catalog and `bank` the bank's texts (`de`
    and `de`; `de_AT` and `de-at`), with the one line to tell the user why it is not the one
    asked for (None when it is, or when English was all the environment asked for)."""

    code: str
    notice: str | None = None
    bank: str = BASE


@record
class BankLanguages:
    """The languages a bank carries besides English, each with how many texts it lacks."""

    bank_id: str
    missing: Mapping[str, int]
    # How a command names the bank's files (` --questions Q --scoring S`; empty for the
    # bundled bank), so that the notice's `rolefit validate` checks the same bank.
    files_options: str = ""

    def code_for(self, catalog: str) -> str | None:
        """The bank's code for catalog `catalog` (`de_AT` -> `de-at`, else `de`); None if the
        bank carries neither."""
        return carried_code(catalog, self.missing)


def candidates(code: str) -> tuple[str, ...]:
    """The catalogs that serve `code`, most specific first: `de_AT` -> (`de_AT`, `de`)."""
    language = code.split("_", 1)[0]
    return (code,) if language == code else (code, language)


@record
class Shortfall:
    """Why a language cannot be shown; `rolefit_lacks_it` when no catalog ships for it (then
    only a `--lang` asking for it hears about it: a locale is a wish, not a request)."""

    reason: str
    rolefit_lacks_it: bool = False


def shortfall(
    code: str, catalogs: Collection[str], bank: BankLanguages | None = None
) -> Shortfall | None:
    """Why `code` cannot be shown (None when it can): the one place that decides.

    Two conditions: rolefit ships a catalog for it, and the bank the command uses (if any)
    has every one of its texts in it. English needs neither.
    """
    if code.split("_", 1)[0] == BASE:
        return None
    if not any(candidate in catalogs for candidate in candidates(code)):
        name = language_name(code.replace("_", "-").lower())
        return Shortfall(f"rolefit has no {name} translation", rolefit_lacks_it=True)
    if bank is None:
        return None
    catalog = shown_as(code, catalogs)
    bank_code = bank.code_for(catalog)
    if bank_code is None:
        name = language_name(catalog.replace("_", "-").lower())
        return Shortfall(f"bank '{bank.bank_id}' has no {name} texts")
    lacking = bank.missing[bank_code]
    if lacking:
        texts = "text" if lacking == 1 else "texts"
        return Shortfall(
            f"bank '{bank.bank_id}' lacks {lacking} {language_name(bank_code)} {texts} "
            f"(`rolefit validate --lang {bank_code}{bank.files_options}` lists them)"
        )
    return None


def shown_as(code: str, catalogs: Collection[str]) -> str:
    """The catalog that serves `code` (`de_AT` -> `de` when only `de` ships), or English."""
    if code.split("_", 1)[0] == BASE:
        return BASE
    return next((c for c in candidates(code) if c in catalogs), BASE)


def choose_language(
    flag: str | None,
    environ: Mapping[str, str],
    catalogs: Collection[str],
    bank: BankLanguages | None = None,
) -> LanguageChoice:
    """The language to show, from `--lang` (`flag`) or the environment, among `catalogs` and
    (when the command uses a bank) the languages `bank` is complete in.

    A `--lang` that is no language code at all is a usage error (RolefitError, exit 2); one
    that cannot be shown, or a locale rolefit has but the bank lacks, is English with one
    notice; a locale in a language rolefit has no translation for is English, silently.
    """
    wanted, source = requested(flag, environ)
    if not wanted:
        return LanguageChoice(BASE)
    first: tuple[str, Shortfall] | None = None
    for value in wanted:
        code = normalised(value)
        if code is None:
            if source == "--lang":
                raise RolefitError(
                    f"--lang {value!r} is no language code; use one such as de, de_AT or en"
                )
            continue
        problem = shortfall(code, catalogs, bank)
        if problem is None:
            shown = shown_as(code, catalogs)
            bank_code = bank.code_for(shown) if bank is not None else None
            return LanguageChoice(shown, bank=bank_code or BASE)
        first = first or (value, problem)
    if first is None:
        return LanguageChoice(BASE)
    value, problem = first
    if problem.rolefit_lacks_it and source != "--lang":
        return LanguageChoice(BASE)
    asked = f"--lang {value}" if source == "--lang" else f"{source}={value}"
    offered = {BASE, *(c for c in catalogs if shortfall(c, catalogs, bank) is None)}
    choose = f" Choose one with --lang {'|'.join(sorted(offered))}." if len(offered) > 1 else ""
    return LanguageChoice(BASE, f"{asked}: {problem.reason}; showing English.{choose}")
