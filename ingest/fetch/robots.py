"""robots.txt, fetched once per origin and cached for the run (parsed by protego).

What a missing or broken robots.txt means follows RFC 9309: a 4xx answer
(404, 403, 410, …) means there are no rules; a 5xx, a 429, or a host that
cannot be reached means "assume everything is disallowed" for this run. A
``Crawl-delay`` for our product token raises the host's delay.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from ingest.errors import FetchError, RobotsDisallowed
from ingest.fetch.politeness import Politeness

log = logging.getLogger("ingest.fetch")

RobotsFetch = Callable[[str], Awaitable[tuple[int, bytes]]]
"""Fetches a robots.txt URL: (final status, body)."""


@dataclass(frozen=True, slots=True)
class Rules:
    """The rules for one origin: a parser, or allow/deny everything with a reason."""

    parser: Protego | None
    allow_all: bool
    reason: str

    def allows(self, url: str, token: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, token))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


def rules_from(status: int, body: bytes, token: str) -> Rules:
    """Rules from a robots.txt response (RFC 9309 §2.3.1)."""
    if 200 <= status < 300:
        try:
            parser = Protego.parse(body.decode("utf-8", errors="replace"))
        except Exception as exc:  # a parser crash must not stop the run
            return Rules(None, True, f"robots.txt could not be parsed ({exc}); no rules applied")
        return Rules(parser, True, "robots.txt")
    if status == 429 or status >= 500:
        return Rules(None, False, f"robots.txt unavailable (HTTP {status}); "
                                  f"everything assumed disallowed")
    return Rules(None, True, f"no robots.txt (HTTP {status})")


class Robots:
    """Checks URLs against their origin's robots.txt; each is fetched once."""

    def __init__(self, fetch: RobotsFetch, token: str, politeness: Politeness) -> None:
        self._fetch = fetch
        self._token = token
        self._politeness = politeness
        self._rules: dict[str, asyncio.Task[Rules]] = {}

    async def _load(self, base: str) -> Rules:
        try:
            status, body = await self._fetch(base + "/robots.txt")
        except FetchError as exc:
            rules = Rules(None, False, f"robots.txt unreachable ({type(exc).__name__}: "
                                       f"{exc.one_line()}); everything assumed disallowed")
        else:
            rules = rules_from(status, body, self._token)
        if rules.parser is not None:
            delay = rules.parser.crawl_delay(self._token)
            if delay:
                log.info("%s: Crawl-delay %ss", base, delay)
                self._politeness.set_crawl_delay(base + "/", float(delay))
        log.debug("%s: %s", base, rules.reason)
        return rules

    async def rules(self, url: str) -> Rules:
        base = origin(url)
        task = self._rules.get(base)
        if task is None:
            task = self._rules[base] = asyncio.ensure_future(self._load(base))
        return await asyncio.shield(task)

    async def check(self, url: str) -> None:
        """Raise :class:`RobotsDisallowed` when the URL may not be fetched."""
        rules = await self.rules(url)
        if not rules.allows(url, self._token):
            detail = "disallowed by robots.txt" if rules.parser is not None else rules.reason
            raise RobotsDisallowed(f"{detail} for user agent {self._token!r}")
