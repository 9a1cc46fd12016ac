"""``ingest fetch``: a polite, bounded, snapshotting fetcher around the pure extractor.

Modules, in the order a URL meets them:

- :mod:`.config`      the knobs (:class:`FetchConfig`) and the default User-Agent
- :mod:`.robots`      robots.txt per origin, fetched once, parsed by protego
- :mod:`.politeness`  global and per-host caps, per-host delay, Crawl-delay, Retry-After hold-off
- :mod:`.client`      the requests: timeouts, retries with backoff, redirects, size caps
- :mod:`.decode`      Content-Encoding decoding that refuses to inflate past the cap
- :mod:`.retry`       backoff with jitter, Retry-After parsing
- :mod:`.snapshot`    WARC writing (warcio), the snapshot index, replay from WARC
- :mod:`.pages`       extraction in a worker, following an article's pages, merging
- :mod:`.runner`      a whole run: its outputs (through :mod:`ingest.store`), the summary

Watching a site (``--sitemap``, ``--feed``):

- :mod:`.safexml`     XML without entity expansion (defusedxml)
- :mod:`.sitemaps`    one sitemap document: urlset, index, news/image extensions
- :mod:`.feeds`       one feed: RSS and Atom (feedparser), JSON Feed
- :mod:`.candidates`  a listed URL with its dates and title; merging by URL
- :mod:`.discover`    robots.txt Sitemap lines, nested indexes, feeds, through the fetcher
- :mod:`.seen`        the state file ``seen.json``
- :mod:`.watch`       filters, the state, and the run
"""

from __future__ import annotations

from ingest.fetch.config import FetchConfig, default_user_agent
from ingest.fetch.runner import (
    FetchRecord,
    FetchSummary,
    fetch_urls,
    fetch_urls_async,
    read_url_file,
    read_url_list,
)
from ingest.fetch.snapshot import replay_document
from ingest.fetch.watch import WatchOptions, WatchSummary, watch, watch_async
from ingest.store import ErrorRecord

__all__ = [
    "ErrorRecord",
    "FetchConfig",
    "FetchRecord",
    "FetchSummary",
    "WatchOptions",
    "WatchSummary",
    "default_user_agent",
    "fetch_urls",
    "fetch_urls_async",
    "read_url_file",
    "read_url_list",
    "replay_document",
    "watch",
    "watch_async",
]
