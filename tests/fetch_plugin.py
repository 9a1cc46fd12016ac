"""The `server` fixture of the fetch tests (loaded with ``pytest_plugins``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fetch_server import FaultServer


@pytest.fixture
def server() -> Iterator[FaultServer]:
    """A fresh misbehaving server on 127.0.0.1 per test."""
    srv = FaultServer()
    yield srv
    srv.close()
