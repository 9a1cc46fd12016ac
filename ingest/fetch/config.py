"""The knobs of the fetcher, in one frozen object with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from ingest.version import __version__

MiB = 1024 * 1024


def default_user_agent() -> str:
    """A descriptive User-Agent: project name and version first (robots.txt matches on it)."""
    return (f"ingest/{__version__} (listicle-to-JSON fetcher; honours robots.txt; "
            f"python-httpx/{httpx.__version__})")


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """How ``ingest fetch`` behaves. Times are in seconds, sizes in bytes."""

    user_agent: str = field(default_factory=default_user_agent)
    """Sent with every request; its first word (``ingest``) is the robots.txt product token."""
    concurrency: int = 16
    """Requests in flight at once, over all hosts."""
    per_host: int = 2
    """Requests in flight at once to one host."""
    delay: float = 1.0
    """Minimum time between the starts of two requests to one host (raised by Crawl-delay)."""
    respect_robots: bool = True
    """Honour robots.txt (``--ignore-robots`` turns it off, with a warning in the log)."""
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    """Longest silence while waiting for the headers or the next chunk of body."""
    total_timeout: float = 120.0
    """Longest time for one request, headers and whole body (a slow trickle ends here)."""
    retries: int = 3
    """Extra attempts after a connection error, a timeout, a 5xx or a 429."""
    backoff_base: float = 0.5
    """First backoff step; each retry doubles it (with jitter), up to ``backoff_cap``."""
    backoff_cap: float = 30.0
    retry_after_cap: float = 120.0
    """A Retry-After longer than this is not waited for: the URL fails instead."""
    max_redirects: int = 10
    """Hops followed for one URL: HTTP redirects and meta refreshes together."""
    max_refresh_delay: float | None = 5.0
    """A page's ``<meta http-equiv="refresh">`` with at most this delay is followed like a
    redirect (None: never followed)."""
    max_bytes: int = 10 * MiB
    """Cap on the body as sent and on its decompressed size."""
    robots_max_bytes: int = 512 * 1024
    """robots.txt beyond this size is cut (RFC 9309 asks parsers to read at least 500 KiB)."""
    max_pages: int = 10
    """Pages followed for one multi-page article (the first page included)."""
    conditional: bool = True
    """Send If-None-Match / If-Modified-Since from the last snapshot of a URL."""
    workers: int | None = None
    """Extraction processes (None: one per CPU; 0: a thread in this process)."""
    gzip_level: int = 1
    """zlib level for the WARC snapshots. Most bodies arrive gzip-encoded already (stored
    as such), so a higher level buys little; warcio's fixed 9 costs CPU the fetch needs."""
    trust_env: bool = True
    """Use proxy settings from the environment (HTTP_PROXY, NO_PROXY, …)."""

    def __post_init__(self) -> None:
        checks = {
            "concurrency": self.concurrency >= 1, "per_host": self.per_host >= 1,
            "delay": self.delay >= 0, "retries": self.retries >= 0,
            "max_redirects": self.max_redirects >= 0, "max_bytes": self.max_bytes >= 1,
            "max_pages": self.max_pages >= 1,
            "timeouts": min(self.connect_timeout, self.read_timeout, self.total_timeout) > 0,
            "workers": self.workers is None or self.workers >= 0,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ValueError(f"invalid fetch settings: {', '.join(bad)}")

    @property
    def robots_token(self) -> str:
        """The product token robots.txt groups are matched against."""
        return self.user_agent.split("/", 1)[0].split()[0] if self.user_agent.strip() else "*"
