"""What a request the app cannot serve is answered with: a page not found, Starlette's own
refusals, the store unavailable. The API gets one line of JSON, a browser a short page in the
room's language, and the terminal never a traceback."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rolefit.serve.handling import workshop_of
from rolefit.serve.security import Refusals
from rolefit.serve.workshop import RETRY_AFTER, RETRY_SECONDS, Unavailable


async def not_found(request: Request, exc: Exception) -> Response:
    workshop = workshop_of(request)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "not found"}, 404)
    title = workshop.tr.gettext("Not found")
    return workshop.pages.page("missing.html", status=404, **workshop.frame(title=title))


async def http_error(request: Request, exc: Exception) -> Response:
    """Any other refusal of Starlette's (a method not allowed, a form it cannot parse) as the
    guards refuse: one line of JSON, or for a browser asking for a page a short page in the
    room's language saying what to do; never a traceback on the terminal."""
    status = getattr(exc, "status_code", 400)
    detail = str(getattr(exc, "detail", "") or "bad request").splitlines()[0][:200].lower()
    content_type, body = Refusals(workshop_of(request).tr).body(request.scope, status, detail, None)
    headers = getattr(exc, "headers", None) or {}  # 405 says which methods it takes (Allow)
    return Response(body, status, headers=headers, media_type=content_type.decode())


async def unavailable(request: Request, exc: Exception) -> Response:
    """Unavailable as the guards refuse: 503 and Retry-After, one line of JSON or a page."""
    reason = exc.reason if isinstance(exc, Unavailable) else "the store is unavailable"
    refusals = Refusals(workshop_of(request).tr)
    content_type, body = refusals.body(request.scope, 503, reason, str(RETRY_SECONDS))
    return Response(body, 503, headers=RETRY_AFTER, media_type=content_type.decode())
