"""The Starlette application of `rolefit serve`: its routing table, guards and error handlers.

Handlers only read the request, drive the core (`Flow`, `parse_answers` through
`files.answers.answers_in`, `score`), store through `WorkshopStore` and render: no rule about
answers lives in them. They live beside this module: `quiz_pages` and `result_pages` for
participants, `dashboard` for the facilitator, `api` for scripts, `error_pages` for what cannot
be served; `workshop` is what they share.

Who may do what:
- anyone on the network: the join page, `/healthz`, the static files;
- a participant (their cookie, made when they joined with the join code): their own
  questions, review and result, and nothing of anyone else's (there is no id in any URL);
- a script with the join code (`X-Rolefit-Join`): `POST /api/v1/responses`;
- the facilitator (the admin token, as a cookie set by the dashboard URL, or as a Bearer
  header): the dashboard and `GET /api/v1/report`.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from rolefit.core.bank import Bank
from rolefit.core.i18n import ENGLISH, Translator
from rolefit.serve.api import api_report, api_submit, healthz
from rolefit.serve.dashboard import dashboard, dashboard_live
from rolefit.serve.error_pages import http_error, not_found, unavailable
from rolefit.serve.quiz_pages import (
    answer,
    back_from_review,
    join,
    join_page,
    question_page,
    review,
    review_page,
)
from rolefit.serve.result_pages import result_card, result_download, result_page
from rolefit.serve.security import (
    BodyLimit,
    ClientGone,
    KnownHosts,
    RateLimit,
    RateLimiter,
    Refusals,
    SameOrigin,
    SecurityHeaders,
)
from rolefit.serve.workshop import Settings, Unavailable, Workshop
from rolefit.store.workshop import WorkshopStore

# The stylesheet and the one script, shipped in the package.
STATIC = Path(__file__).parent / "static"


def create_app(
    bank: Bank, store: WorkshopStore, settings: Settings, tr: Translator = ENGLISH
) -> Starlette:
    """The web app over `store`, its pages and results in the language of `tr` (the bank
    given in the same language); the caller opens and closes the store."""
    limiter = (
        RateLimiter(settings.rate_per_second, settings.rate_burst)
        if settings.rate_per_second > 0
        else None
    )
    refusals = Refusals(tr)
    app = Starlette(
        routes=[
            Route("/", join_page, methods=["GET"]),
            Route("/join", join, methods=["POST"]),
            Route("/q", question_page, methods=["GET"]),
            Route("/q", answer, methods=["POST"]),
            Route("/review", review_page, methods=["GET"]),
            Route("/review", review, methods=["POST"]),
            Route("/review/back", back_from_review, methods=["POST"]),
            Route("/result", result_page, methods=["GET"]),
            Route("/result/card", result_card, methods=["GET"]),
            Route("/result.{kind:str}", result_download, methods=["GET"]),
            Route("/dashboard", dashboard, methods=["GET"]),
            Route("/dashboard/live", dashboard_live, methods=["GET"]),
            Route("/api/v1/responses", api_submit, methods=["POST"]),
            Route("/api/v1/report", api_report, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[
            Middleware(ClientGone),
            Middleware(SecurityHeaders),
            *(
                [Middleware(KnownHosts, hosts=settings.allowed_hosts, refusals=refusals)]
                if settings.allowed_hosts is not None
                else []
            ),
            Middleware(RateLimit, limiter=limiter, refusals=refusals),
            Middleware(BodyLimit, max_bytes=settings.max_body_bytes, refusals=refusals),
            Middleware(SameOrigin, refusals=refusals),
        ],
        exception_handlers={404: not_found, HTTPException: http_error, Unavailable: unavailable},
    )
    app.state.workshop = Workshop(bank, store, settings, tr)
    return app
