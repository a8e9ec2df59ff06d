"""The Jinja2 templates of the web app, autoescaped: every value a page shows is escaped."""

from __future__ import annotations

from typing import Any

import jinja2
from starlette.responses import HTMLResponse

from rolefit.core.text import shown
from rolefit.render.cohort import FLAG_SHORT

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("rolefit.serve", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Text people typed (names) on one line with control characters shown, as everywhere else.
_ENVIRONMENT.filters["shown"] = shown
_ENVIRONMENT.filters["pct"] = lambda value: "–" if value is None else f"{value:.0f} %"
_ENVIRONMENT.filters["points"] = lambda value: "–" if value is None else f"±{value:.0f}"
# A person's flags in the words the cohort report's People table uses.
_ENVIRONMENT.filters["flag"] = lambda code: FLAG_SHORT.get(code, code)


def render(template: str, **context: Any) -> str:
    return _ENVIRONMENT.get_template(template).render(**context)


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **context), status_code=status)


def warm_up() -> None:
    """Compile every template now rather than on a participant's first request."""
    for name in _ENVIRONMENT.list_templates():
        _ENVIRONMENT.get_template(name)
