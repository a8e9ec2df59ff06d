"""The pure core: the bank, answers, the questionnaire's flow, scoring and statistics.

Everything here takes parsed data and returns values. Nothing reads a file, standard input
or the environment, prints, or keeps state between calls (tests/test_architecture.py
enforces it); the edges around it (`rolefit.files`, `rolefit.quiz`, `rolefit.cli`) do that.
"""
