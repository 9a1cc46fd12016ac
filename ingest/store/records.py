"""The one shape of an ``errors.jsonl`` line, written by fetch, batch and the Dask runner."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One line of ``errors.jsonl``: an input (a file, a WARC record, a URL, a sitemap or
    feed) that produced no page, and why."""

    input: str
    """What was given: a path, a glob, a WARC file, or a URL (for fetch)."""
    record: str | None
    """The WARC record id, for a record of an archive."""
    url: str | None
    """The page's URL when one is known."""
    error: str
    """The error's class name (an IngestError subclass, or the unexpected exception's)."""
    message: str
    offset: int | None = None
    """Byte offset in a WARC input of the damaged stretch or record, when there is one."""

    @classmethod
    def for_url(cls, url: str, error: str, message: str) -> ErrorRecord:
        """The record of a URL that failed (a page, a sitemap or a feed)."""
        return cls(url, None, url, error, message)

    def line(self) -> str:
        """The record as one line of compact JSON, with its newline."""
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":")) + "\n"
