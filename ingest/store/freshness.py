"""When an output is still up to date: one rule for batch units and fetched pages.

An output is fresh when it was written from the same input (its SHA-256), by
the same extractor (:func:`extractor_version`) with the same options (those
that change what is written). Batch keeps the three in each unit's part file,
fetch in a stamp per URL; both compare them with :meth:`Freshness.holds_for`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ingest.version import __version__

_ROOT = Path(__file__).resolve().parents[1]
_OUTPUT_SOURCES = ("models.py", "normalize.py", "store/files.py")
"""Besides ``extract/``, the modules whose code shapes a page's JSON."""


@cache
def extractor_version() -> str:
    """``ingest.__version__`` plus a digest of the code that shapes each page's JSON.

    Computed once per process from the source files of ``ingest/extract`` and
    of the models, normalisation and JSON writer modules.
    """
    files = sorted((_ROOT / "extract").rglob("*.py")) + [_ROOT / n for n in _OUTPUT_SOURCES]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(_ROOT).as_posix().encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


def fingerprint(*values: object) -> str:
    """A short digest of the option values that change what is written."""
    return hashlib.sha256(json.dumps(list(values)).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Freshness:
    """What an output was made from; stored beside it, compared on the next run."""

    sha256: str
    """Digest of the input (the page bytes and what is known of where they came from)."""
    options: str
    """:func:`fingerprint` of the options that shape the output."""
    extractor: str = field(default_factory=extractor_version)

    def fields(self) -> dict[str, str]:
        return {"sha256": self.sha256, "extractor": self.extractor, "options": self.options}

    def holds_for(self, stored: Mapping[str, object]) -> bool:
        """True when ``stored`` (a part header, a stamp) names the same input, extractor
        and options."""
        return all(stored.get(key) == value for key, value in self.fields().items())
