"""SQLite stores: one shared way to open a database file (`database`), its schema steps
(`migrations`), and the stores built on it (`workshop`: the responses of `rolefit serve`).

An edge beside `rolefit.files`: it may use the core and the file edge, and nothing below it
learns of it. Every SQL query lives in this package, never in a handler or a command.
"""
