"""Shared helpers for the test suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


def subprocess_env() -> dict[str, str]:
    """The environment for running ``python -m ingest.cli`` in a child process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


PYTHON = sys.executable
