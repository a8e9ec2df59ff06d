"""`rolefit serve`: the questionnaire as a local web app for a workshop room.

An edge like the terminal quiz: handlers parse a request, drive the core's `Flow`, score with
the core, store through `rolefit.store`, and show results with `rolefit.render`. `app` builds
the Starlette application (routes, guards, error handlers); its handlers are `quiz_pages` (join,
questions, review), `result_pages` (a participant's own result), `dashboard` (the facilitator's),
`api` (JSON for scripts) and `error_pages`; `workshop` is what they share and `handling` how they
read a request. `security` holds its guards (size cap, rate limit, headers, secrets), `forms`
turns a question's form fields into an answer, `participants` keeps a participant's progress,
`live` the cohort the dashboard shows, `pages` renders the Jinja2 templates, `server` runs it
under uvicorn.
"""
