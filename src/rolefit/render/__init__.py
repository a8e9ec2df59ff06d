"""Renderers: the core's data (a result, a cohort report, a comparison, the bank) as terminal
output, markdown, JSON or a picture. They depend on the core's models only, never on files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rolefit.core.i18n import ENGLISH

if TYPE_CHECKING:
    from rolefit.core.cohort_report import CohortReport
    from rolefit.core.i18n import Translator
    from rolefit.core.result import Result


def result_renderers(
    result: Result, *, brief: bool = False, tr: Translator = ENGLISH
) -> dict[str, Callable[[], Any]]:
    """A result's renderer per format (json, markdown, html, svg, text: a Rich card), their
    words through `tr` (the JSON has no words of its own: its sentences are the result's).

    Callables, so that only the one asked for runs and imports (the card pulls in more of Rich).
    """

    def as_json() -> str:
        from rolefit.render.json import result_json

        return result_json(result)

    def as_markdown() -> str:
        from rolefit.render.markdown import result_markdown

        return result_markdown(result, tr)

    def as_card() -> Any:
        from rolefit.render.card import result_card

        return result_card(result, brief=brief, tr=tr)

    def as_html() -> str:
        from rolefit.render.page import result_page

        return result_page(result, tr)

    def as_svg() -> str:
        from rolefit.render.picture import result_svg

        return result_svg(result, tr)

    return {
        "json": as_json,
        "markdown": as_markdown,
        "text": as_card,
        "html": as_html,
        "svg": as_svg,
    }


def cohort_renderers(
    report: CohortReport, tr: Translator = ENGLISH
) -> dict[str, Callable[[], Any]]:
    """A cohort report's renderer per format, as `result_renderers` gives a result's: a JSON
    report for a script imports neither Rich nor the page and picture code."""

    def as_json() -> str:
        from rolefit.render.json import cohort_json

        return cohort_json(report)

    def as_markdown() -> str:
        from rolefit.render.cohort import cohort_markdown

        return cohort_markdown(report, tr)

    def as_view() -> Any:
        from rolefit.render.cohort import cohort_view

        return cohort_view(report, tr)

    def as_html() -> str:
        from rolefit.render.cohort_page import cohort_page

        return cohort_page(report, tr)

    def as_svg() -> str:
        from rolefit.render.cohort_picture import cohort_svg

        return cohort_svg(report, tr)

    return {
        "json": as_json,
        "markdown": as_markdown,
        "text": as_view,
        "html": as_html,
        "svg": as_svg,
    }
