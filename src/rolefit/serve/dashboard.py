"""The facilitator's dashboard: the page the admin token opens, and the live part of it that
the page's script fetches again every few seconds. Figures appear only once the room holds as
many responses as the anonymity floor."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rolefit.serve.handling import ADMIN_COOKIE, is_admin, see_other, set_cookie, workshop_of
from rolefit.serve.security import same_secret
from rolefit.serve.workshop import Workshop

# The dashboard without the admin token: 401, as the API answers (the README's one rule).
_NEEDS_TOKEN = {"www-authenticate": "Bearer"}


async def dashboard(request: Request) -> Response:
    workshop = workshop_of(request)
    given = request.query_params.get("token")
    if given is not None:
        if not same_secret(given, workshop.settings.admin_token):
            return _denied(workshop)
        # Swap the token in the address bar for a cookie, so it leaves no trace in history.
        response = see_other("/dashboard")
        set_cookie(response, ADMIN_COOKIE, given)
        return response
    if not is_admin(request):
        return _denied(workshop)
    hidden = request.query_params.get("names") == "hidden"
    title = workshop.tr.gettext("Dashboard")
    # Summing up the room runs numpy over every response: not on the event loop.
    context = await run_in_threadpool(_live_context, workshop, hidden)
    return workshop.pages.page("dashboard.html", **workshop.frame(title=title, **context))


def _denied(workshop: Workshop) -> Response:
    title = workshop.tr.gettext("Dashboard")
    page = workshop.pages.page("denied.html", status=401, **workshop.frame(title=title))
    page.headers.update(_NEEDS_TOKEN)
    return page


async def dashboard_live(request: Request) -> Response:
    workshop = workshop_of(request)
    if not is_admin(request):
        return JSONResponse({"error": "the admin token is needed"}, 401, headers=_NEEDS_TOKEN)
    hidden = request.query_params.get("names") == "hidden"
    context = await run_in_threadpool(_live_context, workshop, hidden)
    html = workshop.pages.render("live.html", **context)
    return Response(html, media_type="text/html; charset=utf-8")


def _live_context(workshop: Workshop, hidden: bool) -> dict[str, Any]:
    live = workshop.live
    count = live.count
    floor = workshop.settings.anonymity_floor
    report = live.report() if count >= floor else None
    return {
        "count": count,
        "floor": floor,
        "report": report,
        "rows": live.rows(),
        "names_hidden": hidden,
        "refresh": workshop.settings.refresh_seconds,
    }
