"""Renderers: a Result (or the bank) turned into terminal output, markdown, JSON or a picture."""
