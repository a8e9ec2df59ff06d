"""The file-system edge: every file rolefit reads or writes goes through here.

`reading` is the one way in (size cap, safe and bounded YAML/JSON, line look-ups),
`writing` the one way out to files (atomic writes), `output` to the screen (stdout, warnings),
`locks` holds lock files, `paths` says where the bundled bank and the per-user state live.
`banks`, `answers`, `results` and `submissions` read the documents the core works on and put
the file name and line on the core's errors.
"""
