"""`rolefit serve`: the questionnaire as a local web app for a workshop room.

An edge like the terminal quiz: handlers parse a request, drive the core's `Flow`, score with
the core, store through `rolefit.store`, and show results with `rolefit.render`. `app` builds
the Starlette application, `security` its guards (size cap, rate limit, headers, secrets),
`forms` turns a question's form fields into an answer, `live` keeps the cohort the dashboard
shows, `pages` renders the Jinja2 templates, `server` runs it under uvicorn.
"""
