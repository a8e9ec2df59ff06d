"""The terminal edge: `rolefit quiz`.

The core's `Flow` decides what comes next; `prompts` shows it through questionary, `store`
keeps the progress on disk after every step, and `session` runs the walk from start to
result card and exports.
"""
