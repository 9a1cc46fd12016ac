"""Pacing: a global concurrency cap, a per-host cap, and a minimum delay per host.

The delay is the minimum time between the *starts* of two requests to one
host. ``Crawl-delay`` from robots.txt can raise it, and a ``Retry-After`` on a
429/503 holds the whole host back, not just the request that got it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """The politeness key of a URL: host and port, lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


class _Host:
    __slots__ = ("delay", "hold_until", "last_start", "lock", "slots")

    def __init__(self, per_host: int, delay: float) -> None:
        self.slots = asyncio.Semaphore(per_host)
        self.lock = asyncio.Lock()
        self.delay = delay
        self.last_start = float("-inf")
        self.hold_until = 0.0

    def ready_at(self) -> float:
        # Computed when asked, so a Crawl-delay or Retry-After learnt meanwhile counts.
        return max(self.last_start + self.delay, self.hold_until)


class Politeness:
    """Hands out request slots: ``async with politeness.slot(url): ...``."""

    def __init__(self, concurrency: int, per_host: int, delay: float) -> None:
        self._global = asyncio.Semaphore(concurrency)
        self._per_host = per_host
        self._delay = delay
        self._hosts: dict[str, _Host] = {}

    def _host(self, url: str) -> _Host:
        key = host_key(url)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(self._per_host, self._delay)
        return host

    def delay_of(self, url: str) -> float:
        return self._host(url).delay

    def set_crawl_delay(self, url: str, seconds: float) -> None:
        """Raise the host's delay to a robots.txt Crawl-delay (never lower it)."""
        host = self._host(url)
        host.delay = max(host.delay, seconds)

    def hold_off(self, url: str, seconds: float) -> None:
        """No new request to this host for ``seconds`` (a Retry-After)."""
        host = self._host(url)
        host.hold_until = max(host.hold_until, time.monotonic() + seconds)

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Wait for a host slot, the host's delay, then a global slot."""
        host = self._host(url)
        async with host.slots:
            async with host.lock:
                while (wait := host.ready_at() - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                host.last_start = time.monotonic()
            async with self._global:
                yield
