"""The schema steps of each kind of store, in order. A released step never changes: a new
column or table is a new step appended to the list, so every older file can be brought up."""

from __future__ import annotations

import sqlite3

from rolefit.store.database import Schema


def _workshop_1(connection: sqlite3.Connection) -> None:
    # meta: which bank the responses answer (a store holds one bank's responses).
    # participants: a web participant's progress, under a hash of their cookie's secret.
    # responses: each submitted answers document exactly as `rolefit score` would read it,
    # and the result it was acknowledged with.
    connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.execute(
        """CREATE TABLE participants (
            key TEXT PRIMARY KEY,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            progress TEXT NOT NULL,
            response_id INTEGER REFERENCES responses (id)
        )"""
    )
    connection.execute(
        """CREATE TABLE responses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            received TEXT NOT NULL,
            respondent TEXT,
            form TEXT NOT NULL,
            via TEXT NOT NULL,
            document TEXT NOT NULL,
            result TEXT NOT NULL
        )"""
    )


WORKSHOP = Schema(kind="workshop", steps=(_workshop_1,))


def _history_1(connection: sqlite3.Connection) -> None:
    # results: one row per finished quiz. The listing's columns are kept beside the whole
    # result JSON (for show and compare) and the answers document (to score again when a
    # newer rolefit reads the result differently).
    connection.execute(
        """CREATE TABLE results (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            taken TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            bank_version TEXT NOT NULL,
            form TEXT NOT NULL,
            respondent TEXT,
            verdict TEXT NOT NULL,
            product_pct REAL,
            headline TEXT NOT NULL,
            result TEXT NOT NULL,
            answers TEXT NOT NULL
        )"""
    )


HISTORY = Schema(kind="history", steps=(_history_1,))
