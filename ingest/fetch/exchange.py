"""One HTTP exchange as captured by the fetcher (what the WARC stores)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


def warc_date(when: datetime) -> str:
    """WARC-Date (WARC/1.0: UTC, whole seconds)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_second() -> datetime:
    """The current time in UTC, cut to the second (the WARC-Date precision)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(slots=True)
class Captured:
    """One HTTP exchange as it happened: what was sent, what came back."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    headers: list[tuple[str, str]]
    raw_body: bytes
    """The body as received (still content-encoded); empty when not kept."""
    body: bytes
    """The decoded body (not written; the WARC keeps ``raw_body``)."""
    fetched_at: datetime
    http_version: str = "HTTP/1.1"
    truncated: str | None = None
    """WARC-Truncated reason when the body was not kept: length, time, disconnect, unspecified."""

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None
