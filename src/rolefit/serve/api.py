"""The JSON API: `POST /api/v1/responses` for a script with the join code, `GET /api/v1/report`
for the facilitator, and `/healthz` for anyone. They answer in JSON, refusals too."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from rolefit.core.answers import NAME_LIMIT, tidy_name
from rolefit.core.cohort import summarise
from rolefit.core.text import MESSAGE_LIMIT, shown
from rolefit.errors import InputFileError
from rolefit.files import reading
from rolefit.files.jsonio import parse_json
from rolefit.serve.handling import is_admin, workshop_of
from rolefit.serve.security import same_secret
from rolefit.serve.workshop import RETRY_AFTER
from rolefit.store.cohort import score_responses

JOIN_HEADER = "x-rolefit-join"
# `/healthz` answers within this long: a store busy for longer is reported, not waited for.
HEALTH_SECONDS = 2.0


async def api_submit(request: Request) -> Response:
    workshop = workshop_of(request)
    code = request.headers.get(JOIN_HEADER)
    if not same_secret(code and code.upper(), workshop.settings.join_code.upper()):
        return JSONResponse({"error": f"a valid join code is needed (header {JOIN_HEADER})"}, 403)
    body = await request.body()
    # A body sent as JSON is read as JSON (its errors say so); anything else as `rolefit
    # score -` reads standard input, as YAML, of which JSON is a part.
    json_body = request.headers.get("content-type", "").split(";")[0].strip().lower() == (
        "application/json"
    )

    def parsed() -> tuple[str, Any]:
        text = reading.decode(body, reading.STDIN_NAME)
        parse = parse_json if json_body else reading.parse
        return text, parse(text, reading.STDIN_NAME)

    try:
        text, document = await run_in_threadpool(parsed)
    except InputFileError as error:  # not a document at all: the request itself is bad
        return JSONResponse({"error": shown(str(error), limit=MESSAGE_LIMIT)}, 400)
    name = _name_length(document.get("respondent") if isinstance(document, dict) else None)
    if name > NAME_LIMIT:
        # The room's dashboard shows every name: as long as the web form takes, no longer.
        said = f"respondent: at most {NAME_LIMIT} characters here (this one has {name:,})"
        return JSONResponse({"error": said}, 422)
    try:
        result_json = await workshop.queued(lambda: workshop.submit(document, text, via="api")[0])
    except InputFileError as error:
        # The same line `rolefit score -` prints for this document (without "rolefit: ").
        return JSONResponse({"error": shown(str(error), limit=MESSAGE_LIMIT)}, 422)
    return Response(result_json, status_code=201, media_type="application/json")


def _name_length(value: object) -> int:
    """How long a respondent name is as it is stored and shown (`tidy_name`, as the web form
    counts it); 0 for no name or no text at all."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return 0  # no name, or none the answers check would take: it says so itself
    try:
        return len(tidy_name(str(value)) or "")
    except ValueError:  # an integer too long for Python to print: far too long a name
        return NAME_LIMIT + 1


async def api_report(request: Request) -> Response:
    workshop = workshop_of(request)
    if not is_admin(request):
        return JSONResponse(
            {"error": "the admin token is needed (Authorization: Bearer TOKEN)"},
            401,
            headers={"www-authenticate": "Bearer"},
        )
    anonymous = request.query_params.get("anonymous") in ("1", "true", "yes")

    def report() -> str:
        from rolefit.render.json import cohort_json

        live = workshop.live
        outcomes = score_responses(
            workshop.store.responses(), live.store_name, workshop.bank, live.plan
        )
        return cohort_json(summarise(workshop.bank, live.plan, outcomes, anonymous=anonymous))

    body = await run_in_threadpool(workshop.guarded, report)
    return Response(body, media_type="application/json")


async def healthz(request: Request) -> Response:
    workshop = workshop_of(request)
    try:
        count = await asyncio.wait_for(workshop.queued(workshop.store.count), HEALTH_SECONDS)
    except TimeoutError:  # participants' work is waiting for a busy store: so would this
        return JSONResponse({"status": "busy"}, 503, headers=RETRY_AFTER)
    except Exception:  # a closed or failing store, a server stopping: not healthy
        return JSONResponse({"status": "unavailable"}, 503, headers=RETRY_AFTER)
    return JSONResponse({"status": "ok", "responses": count})
