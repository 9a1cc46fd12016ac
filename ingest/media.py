"""Which content types are web pages: one rule for fetched responses and archive records."""

from __future__ import annotations

HTML_TYPES = ("text/html", "application/xhtml+xml")
"""The media types read as HTML; ``Accept`` headers and WARC filters name these."""


def media_type(content_type: str | bytes | None) -> str:
    """``text/HTML; charset=utf-8`` -> ``text/html`` ('' when there is none)."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html(content_type: str | bytes | None, *, missing: bool) -> bool:
    """True for an HTML media type; ``missing`` is the answer when none is given."""
    kind = media_type(content_type)
    return kind in HTML_TYPES if kind else missing
