"""The watch state file, ``OUT/seen.json``: what was fetched from sitemaps and feeds.

One entry per page URL fetched with success: the date its sitemap or feed
gave (lastmod, else publication), when it was fetched or last checked, its
title and where it was listed. A re-run fetches a candidate only when its URL
has no entry or its date is newer than the entry's. The file is rewritten
atomically (temporary file and rename) at most once a second during a run and
once at its end, so an interrupted run keeps what it had done (resumable like
``ingest batch``).
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.errors import StateFileError
from ingest.fetch.candidates import Candidate
from ingest.fetch.exchange import now_second
from ingest.store import write_atomic

STATE_NAME = "seen.json"
STATE_VERSION = 1
SAVE_EVERY = 1.0
"""Seconds between two rewrites of the state file during a run."""


class SeenEntry(BaseModel):
    """One page fetched before."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)
    date: datetime | None = None
    """The lastmod (else publication date) of the listing it was fetched for."""
    fetched_at: datetime
    """When it was last fetched, or found unchanged by ``--recheck``."""
    title: str | None = None
    found_in: str = ""
    """The sitemap or feed that listed it."""


class SeenFile(BaseModel):
    """The whole state file."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)
    version: int = STATE_VERSION
    pages: dict[str, SeenEntry] = Field(default_factory=dict)
    """Page URL (as listed, without fragment) -> what was seen of it."""


class SeenState:
    """The state of one output folder, loaded at the start of a run and saved as it goes."""

    def __init__(self, path: Path, data: SeenFile) -> None:
        self.path = path
        self.data = data
        self._saved_at = time.monotonic()
        self._dirty = False

    @classmethod
    def load(cls, out: Path) -> SeenState:
        path = Path(out) / STATE_NAME
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path, SeenFile())
        except OSError as exc:
            raise StateFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        try:
            data = SeenFile.model_validate_json(raw)
        except ValidationError as exc:
            raise StateFileError(f"{path}: not an ingest state file ({exc.error_count()} "
                                 f"problem(s)); move it away to start afresh") from exc
        if data.version != STATE_VERSION:
            raise StateFileError(f"{path}: state file version {data.version}, this ingest "
                                 f"reads {STATE_VERSION}")
        return cls(path, data)

    def is_new(self, cand: Candidate) -> bool:
        """Never fetched, or listed with a date newer than the one it was fetched for."""
        entry = self.data.pages.get(cand.url)
        if entry is None:
            return True
        return bool(cand.date and entry.date and cand.date > entry.date)

    def note_date(self, cand: Candidate) -> None:
        """A page seen before without a date gets the one it is listed with now, so a later
        change is noticed (and it is not fetched again for the date alone)."""
        entry = self.data.pages.get(cand.url)
        if entry is not None and entry.date is None and cand.date is not None:
            entry.date = cand.date
            self._dirty = True

    def mark(self, cand: Candidate) -> None:
        """``cand`` was fetched (or found unchanged) just now."""
        self.data.pages[cand.url] = SeenEntry(date=cand.date, fetched_at=now_second(),
                                              title=cand.title, found_in=cand.found_in)
        self._dirty = True

    def save_if_due(self) -> None:
        if self._dirty and time.monotonic() - self._saved_at >= SAVE_EVERY:
            self.save()

    def save(self) -> None:
        """Rewrite the file atomically (only when something changed)."""
        if not self._dirty and self.path.exists():
            return
        write_atomic(self.path, self.data.model_dump_json(indent=2) + "\n")
        self._saved_at, self._dirty = time.monotonic(), False
