"""The Jinja2 templates of the web app, autoescaped: every value a page shows is escaped.

The pages speak the room's language: `Pages` is made once per app with the translator of the
language `rolefit serve` was started in, and its templates take their words through Jinja's
i18n extension (`_()`, `ngettext()` and `pgettext()`, new style: the values they format are
escaped too). `pybabel extract` reads the templates with Jinja's extractor (`babel.cfg`).
"""

from __future__ import annotations

from typing import Any

import jinja2
from starlette.responses import HTMLResponse

from rolefit.core.i18n import ENGLISH, Translator, decimal, language_tag
from rolefit.core.items import answer_label
from rolefit.core.text import shown
from rolefit.core.wording import verdict_title
from rolefit.render.cohort_words import FLAG_SHORT


class Pages:
    """The templates, compiled once, with the words of one language."""

    def __init__(self, tr: Translator = ENGLISH) -> None:
        self.tr = tr
        environment = jinja2.Environment(
            loader=jinja2.PackageLoader("rolefit.serve", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        environment.install_gettext_translations(tr, newstyle=True)  # type: ignore[attr-defined]
        filters = environment.filters
        # Text people typed (names) on one line with control characters shown, as elsewhere,
        # a cut one saying its length in the page's language.
        filters["shown"] = lambda value: shown(value, tr=tr)
        filters["pct"] = lambda value: "–" if value is None else f"{value:.0f} %"
        filters["points"] = lambda value: "–" if value is None else f"±{value:.0f}"
        filters["decimal"] = lambda value, places=1: decimal(value, places, tr)
        # A person's flags in the words the cohort report's People table uses.
        filters["flag"] = lambda code: tr.gettext(FLAG_SHORT[code]) if code in FLAG_SHORT else code
        filters["verdict"] = lambda verdict: verdict_title(verdict, tr)
        # A review item's answer as the person reads it, scale labels in their language.
        filters["answer"] = lambda item: answer_label(item.question, item.answer, tr)
        environment.globals["lang"] = language_tag(tr)
        self._environment = environment

    def render(self, template: str, **context: Any) -> str:
        return self._environment.get_template(template).render(**context)

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.render(template, **context), status_code=status)

    def warm_up(self) -> None:
        """Compile every template now rather than on a participant's first request."""
        for name in self._environment.list_templates():
            self._environment.get_template(name)
