"""A participant's own result once they submitted: the result page (in the room's language,
like every page), the card as a page of its own and the downloads (markdown, HTML), these in
the language the quiz was taken in."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from rolefit.core.i18n import ENGLISH, Translator
from rolefit.core.result import Result
from rolefit.render import result_renderers
from rolefit.serve.error_pages import not_found
from rolefit.serve.handling import participant_of, see_other, workshop_of


def result_document(result: Result, tr: Translator = ENGLISH) -> str:
    """The result as a standalone HTML page: the same page `rolefit score -o result.html`
    writes (never drawn here)."""
    return str(result_renderers(result, tr=tr)["html"]())


async def _own_result(request: Request) -> Result | None:
    found = await participant_of(request)
    if found is None or found[2] is None:
        return None
    workshop = workshop_of(request)
    return await workshop.queued(workshop.stored_result, found[2])


async def result_page(request: Request) -> Response:
    workshop = workshop_of(request)
    result = await _own_result(request)
    if result is None:
        return see_other("/")
    title = workshop.tr.gettext("Your result")
    return workshop.pages.page("result.html", **workshop.frame(title=title, result=result))


async def result_card(request: Request) -> Response:
    result = await _own_result(request)
    if result is None:
        return see_other("/")
    workshop = workshop_of(request)
    html = await run_in_threadpool(result_document, result, workshop.words_for(result))
    return Response(html, media_type="text/html; charset=utf-8")


async def result_download(request: Request) -> Response:
    result = await _own_result(request)
    if result is None:
        return see_other("/")
    kind = request.path_params["kind"]
    if kind not in ("md", "html"):
        return await not_found(request, LookupError(kind))
    tr = workshop_of(request).words_for(result)
    if kind == "md":
        body = await run_in_threadpool(result_renderers(result, tr=tr)["markdown"])
        media = "text/markdown; charset=utf-8"
    else:
        body = await run_in_threadpool(result_document, result, tr)
        media = "text/html; charset=utf-8"
    filename = f"rolefit-result.{kind}"
    return Response(
        str(body),
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
