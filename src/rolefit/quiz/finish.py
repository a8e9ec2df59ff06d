"""The end of a quiz: score the answers, show the result, keep it, write what was asked for.

`finish` runs once the person scores their answers at the review: the result card (or plain
paragraphs), the answers file, the history, `--save-answers` and the exports; the saved
progress is dropped only after all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rolefit.core.answers import AnswerSheet
from rolefit.core.flow import Flow
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.errors import RolefitError
from rolefit.files.banks import BankFiles
from rolefit.files.output import emit
from rolefit.quiz.commands import score_command
from rolefit.quiz.options import QuizOptions
from rolefit.quiz.progress import Settings
from rolefit.quiz.store import Store, answers_document, write_answers

if TYPE_CHECKING:
    from rich.console import Console

    from rolefit.core.result import Result

EXPORT_FORMATS = (".md", ".json", ".svg", ".html")


def finish(
    flow: Flow,
    settings: Settings,
    files: BankFiles,
    options: QuizOptions,
    store: Store,
    console: Console,
    tell: Callable[[str], None],
    tr: Translator = ENGLISH,
) -> None:
    """Score, show the card, write the answers and exports; only then drop the progress."""
    from rolefit.core.scoring import score

    sheet = AnswerSheet.of(flow.bank, flow.answers, settings.respondent, short=settings.short)
    result = score(flow.bank, sheet, tr)
    if options.plain:
        from rolefit.render.plain import result_plain

        # Written as it is: no markup, no wrapping of its own, nothing highlighted.
        console.out(result_plain(result, console.width, tr), highlight=False, end="")
    else:
        from rolefit.render.card import result_card

        console.print(result_card(result, tr=tr))
    kept = store.keep_answers(
        flow, settings.respondent, short=settings.short, score_with=files.options()
    )
    tell(tr.gettext("Answers kept in {path}").format(path=kept))
    if not options.no_history:
        record_in_history(
            result, answers_document(flow, settings.respondent, short=settings.short), tell, tr
        )
    if options.save_answers is not None:
        write_answers(
            options.save_answers,
            flow,
            settings.respondent,
            short=settings.short,
            score_with=files.options(),
        )
        tell(tr.gettext("Answers also saved to {path}").format(path=options.save_answers))
    for path in options.exports:
        emit(render_export(path, result, tr), path)
        tell(tr.gettext("Wrote {path}").format(path=path))
    again = score_command(kept, files, options.lang)
    tell(tr.gettext("To see this result again: {command}").format(command=again))
    # Last, so that if a write above fails, `--resume` still lands on the review.
    store.clear()


def record_in_history(
    result: Result, answers: str, tell: Callable[[str], None], tr: Translator = ENGLISH
) -> None:
    """Add the result to the user's history; a history that refuses is said, not fatal: the
    answers file is already kept, and the result is on the screen."""
    from rolefit.render.json import result_json
    from rolefit.store.history import History

    try:
        with History.open(create=True) as history:
            number = history.add(result, result_json(result), answers)
    except RolefitError as error:
        tell(tr.gettext("Not added to your history: {error}").format(error=error))
        return
    tell(
        tr.gettext(
            "Added to your history as @{number} (`rolefit history` lists your results)."
        ).format(number=number)
    )


def render_export(path: Path, result: Result, tr: Translator = ENGLISH) -> str:
    """The result in the format `path`'s extension names (checked in session.check_options)."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        from rolefit.render.markdown import result_markdown

        return result_markdown(result, tr)
    if suffix == ".json":
        from rolefit.render.json import result_json

        return result_json(result)
    from rolefit.render.picture import card_html, card_svg

    return card_svg(result, tr) if suffix == ".svg" else card_html(result, tr)
