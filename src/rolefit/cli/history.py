"""`rolefit history`: one's own past results: list, show, forget (and `compare @last @1`)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from rolefit.cli.options import (
    BankOption,
    FormatOption,
    LangOption,
    OutputOption,
    QuestionsOption,
    ScoringOption,
    TextFormatOption,
    bank_files,
    bank_in,
    chosen_format,
    chosen_text_format,
    translator_for,
)
from rolefit.cli.root import app, reports_errors

if TYPE_CHECKING:
    from rolefit.core.bank import Bank
    from rolefit.core.i18n import Translator
    from rolefit.core.result import Result
    from rolefit.store.history import Entry

history_app = typer.Typer(
    help=(
        "Your own past results: every finished quiz is kept (`rolefit quiz --no-history` keeps "
        "nothing). `rolefit history` lists them with a chart of your lean over time.\n\n"
        "Examples: `rolefit history`; `rolefit history show @last`; "
        "`rolefit compare @1 @last`; `rolefit history forget @2`."
    ),
    rich_markup_mode="markdown",
    add_completion=False,
)
app.add_typer(history_app, name="history")

EntryArgument = Annotated[
    str,
    typer.Argument(
        metavar="ENTRY",
        help="Which result: its number as listed (3 or @3), @last, @last-1 or @first.",
    ),
]


@history_app.callback(invoke_without_command=True)
@reports_errors
def history(
    context: typer.Context,
    format: TextFormatOption = None,
    output: OutputOption = None,
    lang: LangOption = None,
) -> None:
    """List your past results (date, bank, form, verdict, lean) and chart your lean over time.

    Examples: `rolefit history`; `rolefit history --format json -o history.json`.
    """
    if context.invoked_subcommand is not None:
        return
    from rolefit.files.output import emit_as
    from rolefit.render import history as render
    from rolefit.store.history import History

    chosen = chosen_text_format(format, output, "history")
    tr = translator_for(lang)
    with History.open() as opened:
        items = [entry.past for entry in opened.entries()]
    emit_as(
        chosen.value,
        output,
        json=lambda: render.history_json(items),
        markdown=lambda: render.history_markdown(items, tr),
        text=lambda: render.history_view(items, tr),
    )


@history_app.command("show")
@reports_errors
def show(
    entry: EntryArgument = "@last",
    format: FormatOption = None,
    output: OutputOption = None,
    questions: QuestionsOption = None,
    scoring: ScoringOption = None,
    bank_dir: BankOption = None,
    lang: LangOption = None,
) -> None:
    """Show one past result as `rolefit score` would: the card, markdown, JSON, an HTML page
    or an SVG card.

    Examples: `rolefit history show` (the latest); `rolefit history show 3 --format markdown`.
    """
    from rolefit.core.i18n import language_tag
    from rolefit.files.catalogs import translator_of
    from rolefit.files.output import emit_as
    from rolefit.render import result_renderers
    from rolefit.store.history import History

    chosen = chosen_format(format, output)
    tr = translator_for(lang)
    with History.open() as opened:
        found = opened.get(entry)
    files = bank_files(questions, scoring, bank_dir)
    result = result_of(found, lambda: bank_in(files, language_tag(tr)), tr)
    # The result's own words in its language: one language on the page, even for a result
    # that could not be scored again in the one asked for.
    emit_as(chosen.value, output, **result_renderers(result, tr=translator_of(result.language)))


@history_app.command("forget")
@reports_errors
def forget(
    entry: Annotated[
        str | None,
        typer.Argument(
            metavar="[ENTRY]",
            help="The result to delete: 3, @3, @last, @last-1 or @first.",
            show_default=False,
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Delete every result in your history.")
    ] = False,
) -> None:
    """Delete one past result, or all of them with --all. Nothing else is touched.

    Examples: `rolefit history forget @2`; `rolefit history forget --all`.
    """
    from rolefit.errors import RolefitError
    from rolefit.files.output import emit
    from rolefit.store.history import History

    if (entry is None) == (not everything):
        raise RolefitError(
            "history forget: give one ENTRY (for example @2) or --all, not both or neither"
        )
    with History.open() as opened:
        removed = opened.forget(entry)
    deleted = translator_for(None).ngettext(
        "Deleted {count} result from your history.",
        "Deleted {count} results from your history.",
        removed,
    )
    emit(deleted.format(count=removed) + "\n", None)


def result_of(entry: "Entry", bank: Callable[[], "Bank"], tr: "Translator") -> "Result":
    """The entry's result in `tr`'s language: as recorded when it was taken in that language,
    else its answers scored again with `bank()` (which gives the bank in that language). A
    result whose answers cannot be scored again in it (another bank, an incomplete language)
    stays as recorded, in the language it was taken in; a result written in a schema this
    rolefit does not read is always scored again."""
    from rolefit.core.i18n import language_tag
    from rolefit.errors import RolefitError

    recorded = entry.result()
    if recorded is not None and recorded.language == language_tag(tr):
        return recorded
    if recorded is not None:
        try:
            return _scored_again(entry, bank(), tr)
        except RolefitError:  # its bank is not the one at hand, or lacks the language
            return recorded
    return _scored_again(entry, bank(), tr)


def _scored_again(entry: "Entry", loaded: "Bank", tr: "Translator") -> "Result":
    from rolefit.core.scoring import score
    from rolefit.errors import FileSystemError, InputFileError, RolefitError
    from rolefit.files.answers import answers_in
    from rolefit.files.reading import parse

    if loaded.id != entry.past.bank_id:
        raise RolefitError(
            f"@{entry.number} was taken with bank '{entry.past.bank_id}' and recorded by an "
            "older rolefit; pass that bank's --questions and --scoring to score it again"
        )
    source = f"history @{entry.number}"
    try:
        sheet = answers_in(parse(entry.answers, source), entry.answers, source, loaded)
    except InputFileError as error:
        # Both the recorded result and its answers unreadable: the entry was damaged.
        raise FileSystemError(
            source,
            f"damaged in your history ({error.detail}); delete it with "
            f"`rolefit history forget @{entry.number}`",
        ) from None
    return score(loaded, sheet, tr)
