"""The HTTP side: one request with limits, retries, redirects, robots and snapshots.

All network I/O of ``ingest fetch`` happens in :meth:`Fetcher._exchange`; httpx
exceptions are translated there into :class:`~ingest.errors.FetchError`
subclasses. Redirects are followed by hand (not by httpx) so that every hop is
checked (scheme, robots.txt, the loop and hop limits), paced per host, and
written to the WARC.
"""

from __future__ import annotations

import asyncio
import logging
import random
import zlib
from concurrent.futures import Executor
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ingest.errors import (
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    InvalidURL,
    RedirectError,
    TooLarge,
    UnsupportedContent,
    UnsupportedScheme,
)
from ingest.fetch.config import FetchConfig
from ingest.fetch.decode import ACCEPT_ENCODING, BoundedDecoder
from ingest.fetch.exchange import Captured, now_second
from ingest.fetch.pages import FetchedPage, page_from
from ingest.fetch.politeness import Politeness
from ingest.fetch.refresh import refresh_target
from ingest.fetch.retry import backoff_delay, is_retry_status, parse_retry_after
from ingest.fetch.robots import Robots
from ingest.fetch.snapshot import REDIRECT_STATUSES, AsyncSnapshots, SnapshotIndex, load_response
from ingest.media import is_html, media_type

log = logging.getLogger("ingest.fetch")

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def check_scheme(url: str) -> None:
    """Refuse what cannot be requested: other schemes, no host, a host or port that is no
    host or port."""
    try:
        parts = urlsplit(url)
        if parts.port is not None and not 0 < parts.port < 65536:
            raise ValueError(f"port {parts.port} is out of range")
        httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:  # an unclosed IPv6 literal,
        raise InvalidURL(f"invalid URL: {' '.join(str(exc).split())}") from exc  # a bad port
    if not parts.scheme:
        raise UnsupportedScheme("not an absolute URL (only http and https URLs are fetched)")
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsupportedScheme(f"only http and https URLs are fetched, not {parts.scheme}:")
    if not parts.hostname:
        raise UnsupportedScheme("URL has no host")


def to_uri(url: str) -> str:
    """An IRI as the ASCII URI that is requested, paced, checked and stored: the host in
    IDNA form, path and query percent-encoded. An ASCII URL is kept as it is."""
    if url.isascii() and " " not in url:
        return url
    try:
        return str(httpx.URL(url))
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise InvalidURL(f"invalid URL: {' '.join(str(exc).split())}") from exc


def _location(value: str) -> str:
    """A Location header as sent: raw UTF-8 bytes (read as Latin-1) become the IRI they spell."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def make_client(config: FetchConfig) -> httpx.AsyncClient:
    """The one httpx client of a run: timeouts, pool size, default headers, no auto-redirects."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(connect=config.connect_timeout, read=config.read_timeout,
                              write=config.read_timeout, pool=None),
        limits=httpx.Limits(max_connections=config.concurrency,
                            max_keepalive_connections=config.concurrency),
        headers={"User-Agent": config.user_agent, "Accept": ACCEPT,
                 "Accept-Encoding": ACCEPT_ENCODING},
        follow_redirects=False,
        trust_env=config.trust_env,
    )


@dataclass(slots=True)
class _Outcome:
    captured: Captured | None
    error: FetchError | None = None
    retryable: bool = False


def _translate(exc: httpx.HTTPError, when: str) -> _Outcome:
    """An httpx failure as one of our errors, and whether another attempt may help."""
    if isinstance(exc, httpx.ConnectTimeout):
        return _Outcome(None, FetchTimeout(f"connect timeout {when}"), True)
    if isinstance(exc, httpx.TimeoutException):
        return _Outcome(None, FetchTimeout(f"read timeout {when} (server silent too long)"), True)
    if isinstance(exc, httpx.ConnectError):
        return _Outcome(None, ConnectionFailed(f"cannot connect: {exc}"), True)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return _Outcome(None, UnsupportedScheme(str(exc)), False)
    if isinstance(exc, httpx.TransportError):
        detail = str(exc) or type(exc).__name__
        return _Outcome(None, ConnectionFailed(f"connection lost {when}: {detail}"), True)
    return _Outcome(None, FetchError(f"{type(exc).__name__}: {exc}"), False)


class Fetcher:
    """Fetches pages politely; one instance per run, shared by all tasks."""

    def __init__(self, config: FetchConfig, client: httpx.AsyncClient, politeness: Politeness,
                 snapshots: AsyncSnapshots | None = None, index: SnapshotIndex | None = None,
                 *, rng: random.Random | None = None,
                 io_executor: Executor | None = None) -> None:
        self.config = config
        self.client = client
        self.politeness = politeness
        self.snapshots = snapshots
        self.index = index or SnapshotIndex()
        self.rng = rng or random.Random()
        self.io_executor = io_executor
        self.robots = Robots(self._fetch_robots, config.robots_token, politeness) \
            if config.respect_robots else None

    # -- one exchange ---------------------------------------------------------------

    def _refusal(self, response: httpx.Response, html_only: bool,
                 max_bytes: int) -> FetchError | None:
        """Why the body will not be read, judged on the headers alone."""
        if html_only and 200 <= response.status_code < 300:
            mime = media_type(response.headers.get("content-type"))
            if not is_html(mime, missing=True):
                return UnsupportedContent(f"content type {mime} is not HTML")
        length = response.headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > max_bytes:
            return TooLarge(f"Content-Length {int(length)} is over the {_mb(max_bytes)} cap")
        return None

    async def _exchange(self, url: str, headers: dict[str, str], *, html_only: bool,
                        max_bytes: int, keep_prefix: bool = False) -> _Outcome:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.total_timeout
        total = f"{self.config.total_timeout:g}s"
        try:
            request = self.client.build_request("GET", url, headers=headers)
        except httpx.HTTPError as exc:
            return _Outcome(None, FetchError(f"invalid URL: {exc}"), False)
        try:
            async with asyncio.timeout_at(deadline):
                response = await self.client.send(request, stream=True)
        except TimeoutError:
            return _Outcome(None, FetchTimeout(f"no response within the {total} total timeout"),
                            False)
        except httpx.HTTPError as exc:
            return _translate(exc, "before the response")
        captured = Captured(
            url=url,
            request_headers=[(k.decode("latin-1"), v.decode("latin-1"))
                             for k, v in request.headers.raw],
            status=response.status_code, reason=response.reason_phrase,
            headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],
            raw_body=b"", body=b"", fetched_at=now_second(),
            http_version=response.http_version,
        )
        outcome = _Outcome(captured)
        try:
            refusal = None if keep_prefix else self._refusal(response, html_only, max_bytes)
            if refusal is not None:
                captured.truncated = "length" if isinstance(refusal, TooLarge) else "unspecified"
                outcome.error = refusal
                return outcome
            raw: list[bytes] = []
            size = 0
            decoder = BoundedDecoder(response.headers.get("content-encoding"), max_bytes,
                                     keep_prefix=keep_prefix)
            async with asyncio.timeout_at(deadline):
                async for chunk in response.aiter_raw():
                    size += len(chunk)
                    if size > max_bytes:
                        if not keep_prefix:
                            raise TooLarge(f"body is over the {_mb(max_bytes)} cap; "
                                           f"download aborted")
                        # sitemaps and feeds: the first max_bytes are read, the rest dropped
                        chunk, captured.truncated = chunk[: max_bytes - size], "length"
                    raw.append(chunk)
                    decoder.feed(chunk)
                    if captured.truncated or decoder.truncated:
                        captured.truncated = "length"
                        break
            captured.body = decoder.finish()
            captured.raw_body = b"".join(raw)
        except TooLarge as exc:
            captured.truncated, outcome.error = "length", exc
        except UnsupportedContent as exc:
            captured.truncated, outcome.error = "unspecified", exc
        except TimeoutError:
            captured.truncated = "time"
            outcome.error = FetchTimeout(f"body not complete within the {total} total timeout")
        except httpx.HTTPError as exc:
            failed = _translate(exc, f"after {size} bytes of body")
            captured.truncated = "time" if isinstance(failed.error, FetchTimeout) else "disconnect"
            outcome.error, outcome.retryable = failed.error, failed.retryable
        except zlib.error as exc:
            captured.truncated = "unspecified"
            outcome.error = UnsupportedContent(f"corrupt compressed body ({exc})")
        finally:
            await response.aclose()
        return outcome

    # -- retries ----------------------------------------------------------------------

    async def _attempts(self, url: str, headers: dict[str, str], *, html_only: bool,
                        max_bytes: int, keep_prefix: bool = False) -> tuple[Captured, int]:
        """One URL with retries: connection errors, timeouts, 429 and 5xx, with backoff."""
        cfg = self.config
        attempt = 0
        while True:
            attempt += 1
            asked: float | None = None
            async with self.politeness.slot(url):
                outcome = await self._exchange(url, headers, html_only=html_only,
                                               max_bytes=max_bytes, keep_prefix=keep_prefix)
                captured = outcome.captured
                retry_status = captured is not None and outcome.error is None \
                    and is_retry_status(captured.status)
                if captured is not None and retry_status:
                    asked = parse_retry_after(captured.header("retry-after"))
                    if asked is not None and asked <= cfg.retry_after_cap:
                        # Before the slot is released: no request to this host slips in.
                        self.politeness.hold_off(url, asked)
            if captured is not None and self.snapshots is not None:
                await self.snapshots.write(captured)
            error = outcome.error
            if error is not None and (not outcome.retryable or attempt > cfg.retries):
                if outcome.retryable:
                    raise type(error)(f"{error.one_line()} (gave up after {attempt} attempts)")
                raise error
            if error is None:
                assert captured is not None  # an exchange without an error has a response
                if not retry_status or attempt > cfg.retries:
                    return captured, attempt  # the caller judges the final status
                if asked is not None and asked > cfg.retry_after_cap:
                    raise HTTPStatusError(
                        f"HTTP {captured.status}: server asks to retry after {asked:.0f}s, "
                        f"more than the {cfg.retry_after_cap:g}s cap")
                why = f"HTTP {captured.status}"
            else:
                why = error.one_line()
            wait = backoff_delay(attempt, cfg.backoff_base, cfg.backoff_cap, self.rng)
            if asked is not None:
                wait = asked
                why += f", Retry-After {asked:g}s"
            log.info("retrying %s in %.2fs (attempt %d failed: %s)", url, wait, attempt, why)
            await asyncio.sleep(wait)

    # -- redirects --------------------------------------------------------------------

    async def _follow(self, url: str, *, html_only: bool, max_bytes: int, use_robots: bool,
                      conditional: bool, keep_prefix: bool = False,
                      ) -> tuple[Captured, list[str], int, bool]:
        """Request ``url`` and follow its redirects (and, for pages, short meta refreshes);
        (final response, chain, attempts, whether validators were sent on the final request)."""
        chain: list[str] = []
        attempts = 0
        current = to_uri(url)
        while True:
            check_scheme(current)
            if use_robots and self.robots is not None:
                await self.robots.check(current)
            headers = self.index.validators(current) if conditional else {}
            captured, n = await self._attempts(current, headers, html_only=html_only,
                                               max_bytes=max_bytes, keep_prefix=keep_prefix)
            attempts += n
            chain.append(current)
            nxt = self._redirect(captured, current, html_only)
            if nxt is None:
                return captured, chain, attempts, bool(headers)
            if nxt in chain:
                raise RedirectError("redirect loop: " + " -> ".join([*chain, nxt]))
            if len(chain) > self.config.max_redirects:
                raise RedirectError(f"more than {self.config.max_redirects} redirects "
                                    f"(last: {nxt})")
            current = nxt

    def _redirect(self, captured: Captured, current: str, html_only: bool) -> str | None:
        """Where a response sends the fetcher next: its Location, or a page's meta refresh."""
        if captured.status in REDIRECT_STATUSES:
            location = captured.header("location")
            if not location or not location.strip():
                raise RedirectError(f"HTTP {captured.status} without a Location header")
            return to_uri(urljoin(current, _location(location.strip())).split("#", 1)[0])
        limit = self.config.max_refresh_delay
        if html_only and limit is not None and 200 <= captured.status < 300:
            target = refresh_target(captured.body, current, limit)
            if target is not None:
                log.info("%s: meta refresh to %s followed", current, target)
                return to_uri(target)
        return None

    # -- public -----------------------------------------------------------------------

    async def get_page(self, url: str) -> FetchedPage:
        """Fetch one HTML page (robots, pacing, retries, redirects, caps, conditional GET)."""
        cfg = self.config
        captured, chain, attempts, sent_validators = await self._follow(
            url, html_only=True, max_bytes=cfg.max_bytes, use_robots=True,
            conditional=cfg.conditional)
        if captured.status == 304 and sent_validators:
            ref = self.index.responses[captured.url]
            loop = asyncio.get_running_loop()
            stored = await loop.run_in_executor(self.io_executor, load_response, ref,
                                                cfg.max_bytes)
            log.info("%s: not modified since %s; snapshot reused", captured.url, ref.date)
            return page_from(stored, url, chain, unchanged=True, attempts=attempts)
        if not 200 <= captured.status < 300:
            raise HTTPStatusError(f"HTTP {captured.status} {captured.reason}".strip()
                                  + (f" (after {attempts} attempts)" if attempts > 1 else ""))
        return page_from(captured, url, chain, attempts=attempts)

    async def get_document(self, url: str, max_bytes: int) -> Captured:
        """Fetch a sitemap or feed like a page (robots, pacing, retries, redirects, WARC), any
        content type, the body read up to ``max_bytes`` (``truncated`` says when cut)."""
        captured, _, attempts, _ = await self._follow(
            url, html_only=False, max_bytes=max_bytes, use_robots=True, conditional=False,
            keep_prefix=True)
        if not 200 <= captured.status < 300:
            raise HTTPStatusError(f"HTTP {captured.status} {captured.reason}".strip()
                                  + (f" (after {attempts} attempts)" if attempts > 1 else ""))
        return captured

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        captured, _, _, _ = await self._follow(
            url, html_only=False, max_bytes=self.config.max_bytes, use_robots=False,
            conditional=False)
        # RFC 9309: parse at least the first 500 KiB; the rest is ignored.
        return captured.status, captured.body[: self.config.robots_max_bytes]
