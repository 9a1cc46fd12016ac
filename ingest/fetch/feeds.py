"""Reading one feed: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed with json.

Pure: bytes in, candidates out (link, title, dates). feedparser is given the
bytes as a stream, never a string (a string may be taken for a URL or a file
name and opened), after :func:`~.safexml.refuse_entities` has checked that
the XML declares no entities.
"""

from __future__ import annotations

import io
import json
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from ingest.errors import MalformedFeed
from ingest.fetch.candidates import Candidate, parse_w3c_date
from ingest.fetch.safexml import refuse_entities

JSON_FEED_TYPES = ("application/feed+json", "application/json")
JSON_FEED_VERSION = "https://jsonfeed.org/version/"


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _is_json(body: bytes, content_type: str | None) -> bool:
    """JSON Feed: said by the Content-Type, or a body that opens with ``{``."""
    return _mime(content_type) in JSON_FEED_TYPES or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _utc(parsed: time.struct_time | None) -> datetime | None:
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _json_feed(body: bytes, url: str) -> list[Candidate]:
    try:
        data: Any = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedFeed(f"feed is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
            JSON_FEED_VERSION) or not isinstance(data.get("items"), list):
        raise MalformedFeed("feed is JSON but not a JSON Feed (no jsonfeed.org version, "
                            "no items)")
    out = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if not isinstance(link, str) or not link.strip():
            continue
        published = parse_w3c_date(str(item.get("date_published") or ""))
        modified = parse_w3c_date(str(item.get("date_modified") or ""))
        title = item.get("title") if isinstance(item.get("title"), str) else None
        out.append(Candidate(url=urljoin(url, link.strip()), lastmod=modified or published,
                             published=published, title=title, found_in=url))
    return out


def _xml_feed(body: bytes, url: str, content_type: str | None) -> list[Candidate]:
    import feedparser  # ~45 ms to import: only runs that read a feed pay it

    refuse_entities(body, "feed")
    parsed = feedparser.parse(io.BytesIO(body), response_headers={
        "content-location": url, "content-type": content_type or "application/xml"})
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({' '.join(str(reason).split())})" if reason else ""
        raise MalformedFeed(f"feed is not RSS, Atom or JSON Feed{detail}")
    out = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        # dict.get: feedparser's own get() maps a missing updated date to the published one
        published = _utc(dict.get(entry, "published_parsed"))
        updated = _utc(dict.get(entry, "updated_parsed"))
        out.append(Candidate(url=urljoin(url, link.strip()), lastmod=updated or published,
                             published=published, title=entry.get("title") or None,
                             found_in=url))
    return out


def read_feed(body: bytes, url: str, content_type: str | None = None) -> list[Candidate]:
    """Every item of a feed that has a link, in feed order."""
    if _is_json(body, content_type):
        return _json_feed(body, url)
    return _xml_feed(body, url, content_type)
