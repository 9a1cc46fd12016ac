"""A candidate: a URL that a sitemap or feed lists, with what it says about the page.

Candidates of one run are merged by URL (:func:`merge_candidates`), so a page
listed by three sitemaps and two feeds is fetched once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One URL to fetch, as a sitemap or feed announced it."""

    url: str
    lastmod: datetime | None = None
    """Sitemap ``<lastmod>``; a feed item's updated date (else its published date)."""
    published: datetime | None = None
    """News sitemap ``<news:publication_date>``; a feed item's published date."""
    title: str | None = None
    """News sitemap ``<news:title>``; a feed item's title."""
    found_in: str = ""
    """The sitemap or feed that listed it first."""
    images: tuple[str, ...] = ()
    """Image sitemap ``<image:loc>`` URLs."""

    @property
    def date(self) -> datetime | None:
        """The date the filters and the state file go by: lastmod, else publication."""
        return self.lastmod or self.published


def parse_w3c_date(text: str | None) -> datetime | None:
    """A sitemap / feed date (W3C Datetime: ``2026-05``, ``2026-05-01``, ``…T10:00Z``) in UTC;
    None when absent or unreadable (a bad date never drops the URL)."""
    text = (text or "").strip()
    if not text:
        return None
    short = _YEAR_MONTH.match(text)
    if short:  # W3C allows a bare year or year-month
        return datetime(int(short[1]), int(short[2] or 1), 1, tzinfo=UTC)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return as_utc(when)


def as_utc(when: datetime) -> datetime:
    """A date in UTC; one without a zone is taken to be UTC already."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a and b else a or b


def _merge(a: Candidate, b: Candidate) -> Candidate:
    """One candidate from two listings of a URL: the newest lastmod, the first title."""
    return replace(a, lastmod=_later(a.lastmod, b.lastmod),
                   published=a.published or b.published, title=a.title or b.title,
                   images=a.images or b.images)


def candidate_key(url: str) -> str:
    """What makes two listed URLs the same page: the URL without its fragment."""
    return url.split("#", 1)[0].strip()


def merge_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates by URL, once each, in the order first listed."""
    merged: dict[str, Candidate] = {}
    for cand in candidates:
        key = candidate_key(cand.url)
        if not key:
            continue
        cand = replace(cand, url=key)
        merged[key] = _merge(merged[key], cand) if key in merged else cand
    return list(merged.values())
