"""What every handler does with a request: find its workshop, tell who sent it (a participant's
cookie, the facilitator's token), read a form field, and answer with a redirect or a cookie."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from rolefit.serve.participants import Progress
from rolefit.serve.security import same_secret
from rolefit.serve.workshop import Workshop

PARTICIPANT_COOKIE = "rolefit_participant"
ADMIN_COOKIE = "rolefit_admin"


def workshop_of(request: Request) -> Workshop:
    workshop: Workshop = request.app.state.workshop
    return workshop


async def participant_of(request: Request) -> tuple[str, Progress, int | None] | None:
    """The participant whose cookie this request carries: their key, progress and response
    (`Workshop.progress_for`, on the participants' thread)."""
    workshop = workshop_of(request)
    return await workshop.queued(workshop.progress_for, request.cookies.get(PARTICIPANT_COOKIE))


def is_admin(request: Request) -> bool:
    """The facilitator: the admin token as a Bearer header, or as the dashboard's cookie."""
    token = workshop_of(request).settings.admin_token
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return same_secret(header[7:].strip(), token)
    return same_secret(request.cookies.get(ADMIN_COOKIE), token)


def form_text(form: FormData, name: str) -> str:
    """The text a form sent under `name`; empty when it sent none (or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/")
