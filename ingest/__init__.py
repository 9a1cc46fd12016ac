"""ingest: listicle web pages in, validated, normalized JSON out.

The public door: :func:`extract` (bytes + URL -> :class:`Listicle`), the
models of the JSON contract, and the :class:`IngestError` hierarchy.
"""

from __future__ import annotations

from ingest.errors import IngestError
from ingest.extract import extract
from ingest.models import SCHEMA_VERSION, Entry, Image, Link, Listicle, Next, Related, Source
from ingest.version import __version__

__all__ = [
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
