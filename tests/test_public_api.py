"""Quality gates: the public API changes only on purpose; every error says what it means."""

from __future__ import annotations

import inspect
import re

import ingest
import ingest.errors
from ingest.errors import IngestError

PUBLIC_API = [
    "SCHEMA_VERSION",
    "Entry",
    "Image",
    "IngestError",
    "Link",
    "Listicle",
    "Next",
    "Related",
    "Source",
    "__version__",
    "extract",
]


def test_all_is_pinned():
    assert sorted(ingest.__all__) == sorted(PUBLIC_API), (
        "ingest.__all__ changed: update PUBLIC_API here only if the change is intended")


def test_every_public_name_exists():
    for name in ingest.__all__:
        assert hasattr(ingest, name), name


def test_version_is_a_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", ingest.__version__)


def _error_classes() -> list[type[IngestError]]:
    found = []
    for _, obj in inspect.getmembers(ingest.errors, inspect.isclass):
        if issubclass(obj, IngestError):
            found.append(obj)
    return found


def test_every_ingest_error_has_a_docstring():
    classes = _error_classes()
    assert len(classes) > 5
    missing = [c.__name__ for c in classes if not (c.__doc__ or "").strip()]
    assert not missing, f"IngestError subclasses without a docstring: {missing}"


def test_every_ingest_error_is_drawn_in_the_module_tree():
    tree = ingest.errors.__doc__ or ""
    for cls in _error_classes():
        assert cls.__name__ in tree, f"{cls.__name__} missing from the tree in errors.py"


def test_every_ingest_error_gets_one_line_and_an_exit_code():
    for cls in _error_classes():
        error = cls("first line\nsecond   line")
        assert error.one_line() == "first line second line"
        assert isinstance(error.exit_code, int) and error.exit_code != 0
