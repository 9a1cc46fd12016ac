"""Watching a site: discover candidates, filter them, fetch only what is new.

:func:`watch` is one ``ingest fetch --sitemap/--feed`` run: the state file is
loaded, the sitemaps and feeds are read through the run's fetcher
(:mod:`.discover`), the candidates are filtered (:func:`select`), the rest is
fetched like any URL, and every page fetched is marked in the state file as
it finishes.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ingest.fetch.candidates import Candidate, as_utc, candidate_key
from ingest.fetch.client import Fetcher
from ingest.fetch.config import FetchConfig
from ingest.fetch.discover import discover
from ingest.fetch.exchange import now_second
from ingest.fetch.runner import FetchRecord, FetchSummary, Plan, fetch_lock, fetch_urls_async
from ingest.fetch.seen import SeenState

_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``--since``: an ISO date or date-time (UTC unless a zone is given), or a duration
    back from now: ``30m``, ``12h``, ``7d``, ``2w``. Raises ValueError otherwise."""
    duration = _DURATION.match(text)
    if duration:
        amount, unit = int(duration[1]), _UNITS[duration[2].lower()]
        return (now or now_second()) - timedelta(**{unit: amount})
    try:
        return as_utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise ValueError(f"--since {text!r}: not an ISO date (2026-05-01) nor a duration "
                         f"(7d, 12h, 2w, 30m)") from None


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """Where to look and what to keep."""

    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    match: tuple[str, ...] = ()
    """Regular expressions searched in the URL; a candidate is kept if any matches."""
    since: datetime | None = None
    """Keep candidates dated at or after this (undated ones are kept)."""
    limit: int | None = None
    """Fetch at most this many new candidates, the most recent first."""
    recheck: bool = False
    """Also request the pages seen before (conditionally: 304 when unchanged)."""

    def patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.match]


@dataclass
class Selection:
    """Which candidates a run fetches, and why the others are not."""

    fetch: list[Candidate] = field(default_factory=list)
    filtered: int = 0
    """Dropped by ``--match`` or ``--since``."""
    seen: int = 0
    """Fetched before and not newer (requested anyway with ``--recheck``)."""
    deferred: int = 0
    """New, but over ``--limit``: left for a later run."""


def passes_filters(cand: Candidate, patterns: list[re.Pattern[str]],
                   since: datetime | None) -> bool:
    """``--match`` on the URL (any pattern), ``--since`` on the date when one is known."""
    if patterns and not any(p.search(cand.url) for p in patterns):
        return False
    return since is None or cand.date is None or cand.date >= since


def _newest_first(cands: list[Candidate]) -> list[Candidate]:
    """Dated candidates newest first, then the undated in listing order (stable sort)."""
    return sorted(cands, key=lambda c: (c.date is None, -(c.date.timestamp() if c.date else 0)))


def select(cands: Iterable[Candidate], state: SeenState, options: WatchOptions) -> Selection:
    """Apply the filters, the state file and the limit, in that order."""
    patterns, sel = options.patterns(), Selection()
    new: list[Candidate] = []
    old: list[Candidate] = []
    for cand in cands:
        if not passes_filters(cand, patterns, options.since):
            sel.filtered += 1
        elif state.is_new(cand):
            new.append(cand)
        else:
            sel.seen += 1
            state.note_date(cand)
            old.append(cand)
    if options.limit is not None and len(new) > options.limit:
        kept = {c.url for c in _newest_first(new)[: options.limit]}
        sel.deferred = len(new) - len(kept)
        new = [c for c in new if c.url in kept]
    sel.fetch = new + (old if options.recheck else [])
    return sel


@dataclass
class WatchSummary:
    """A watch run: the counts of the summary line, and the fetch run underneath."""

    run: FetchSummary
    state: Path
    discovered: int = 0
    selection: Selection = field(default_factory=Selection)
    recheck: bool = False

    @property
    def unchanged(self) -> int:
        return self.run.unchanged

    @property
    def fetched(self) -> int:
        return self.run.ok - self.run.unchanged

    @property
    def failed(self) -> int:
        return len(self.run.failed) + len(self.run.plan_failures)

    def line(self) -> str:
        sel = self.selection
        parts = [f"{self.discovered} discovered"]
        if sel.filtered:
            parts.append(f"{sel.filtered} filtered out")
        parts.append(f"{sel.seen} rechecked" if self.recheck else f"{sel.seen} skipped as seen")
        if sel.deferred:
            parts.append(f"{sel.deferred} left for later (--limit)")
        parts += [f"{self.fetched} fetched", f"{self.unchanged} unchanged",
                  f"{self.failed} failed"]
        return ", ".join(parts)


async def watch_async(urls: Iterable[str], out: Path, config: FetchConfig,
                      options: WatchOptions, *,
                      on_record: Callable[[FetchRecord], None] | None = None) -> WatchSummary:
    """One watch run into ``out`` (URLs given directly are fetched as well, every time)."""
    out = Path(out)
    with fetch_lock(out):  # the state file is read and written by one run at a time
        return await _watch(urls, out, config, options, on_record)


async def _watch(urls: Iterable[str], out: Path, config: FetchConfig, options: WatchOptions,
                 on_record: Callable[[FetchRecord], None] | None) -> WatchSummary:
    state = SeenState.load(out)
    summary = WatchSummary(run=FetchSummary(out, []), state=state.path,
                           recheck=options.recheck)
    by_url: dict[str, Candidate] = {}

    async def plan(fetcher: Fetcher) -> Plan:
        found = await discover(fetcher, list(options.sitemaps), list(options.feeds))
        summary.discovered = len(found.candidates)
        summary.selection = select(found.candidates, state, options)
        by_url.update((c.url, c) for c in summary.selection.fetch)
        return Plan([c.url for c in summary.selection.fetch], found.failures)

    def record(rec: FetchRecord) -> None:
        cand = by_url.get(candidate_key(rec.url))
        if cand is not None and rec.ok:
            state.mark(cand)
            state.save_if_due()
        if on_record is not None:
            on_record(rec)

    try:
        summary.run = await fetch_urls_async(urls, out, config, on_record=record, plan=plan,
                                             locked=True)
    finally:
        state.save()
    return summary


def watch(urls: Iterable[str], out: Path, config: FetchConfig, options: WatchOptions, *,
          on_record: Callable[[FetchRecord], None] | None = None) -> WatchSummary:
    """Synchronous door to :func:`watch_async`."""
    return asyncio.run(watch_async(urls, out, config, options, on_record=on_record))
