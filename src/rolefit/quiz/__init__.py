"""The terminal edge: `rolefit quiz`.

The core's `Flow` decides what comes next; `prompts` (with `widgets`, `review` and `ranking`)
shows it through questionary, `store` keeps the progress on disk after every step, `session`
runs the walk and `finish` shows and keeps the result.
"""
