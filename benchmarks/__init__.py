"""Benchmarks: scripts run by `make bench`; validity also backs tests/test_validity.py."""
