"""The test suite of ``ingest`` (a package so that ``python -m tests.regenerate`` works)."""
