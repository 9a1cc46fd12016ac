"""Finding pages through sitemaps and feeds, with the run's own fetcher.

Every request (robots.txt, sitemap, index, feed) goes through
:meth:`Fetcher.get_document`, so robots.txt rules, pacing, retries,
Retry-After, the size cap and the WARC apply as for pages. A sitemap index is
followed to :data:`MAX_DEPTH` levels, each sitemap read once however many
indexes list it (so a cycle ends). A document that cannot be read is one
:class:`ErrorRecord` naming it; the others go on.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from protego import Protego

from ingest.errors import IngestError, describe
from ingest.fetch.candidates import Candidate, merge_candidates
from ingest.fetch.client import Fetcher
from ingest.fetch.config import MiB
from ingest.fetch.decode import inflate_prefix
from ingest.fetch.feeds import read_feed
from ingest.fetch.robots import origin
from ingest.fetch.sitemaps import read_sitemap
from ingest.store import ErrorRecord

log = logging.getLogger("ingest.fetch")

MAX_URLS = 50_000
"""URLs one sitemap may list (sitemaps.org); past it the rest is not read, with a warning."""
MAX_BYTES = 50 * MiB
"""Uncompressed size of one sitemap or feed (sitemaps.org); read up to it, with a warning.
The same cap holds for a ``.xml.gz`` file inflated here and for Content-Encoding."""
MAX_DEPTH = 3
"""Sitemap index levels followed below the one given (index -> index -> sitemap)."""
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Discovery:
    """The candidates of a run (merged by URL) and the documents that failed."""

    candidates: list[Candidate] = field(default_factory=list)
    failures: list[ErrorRecord] = field(default_factory=list)


def is_site_root(url: str) -> bool:
    """A URL with no path and no query names a site, not a sitemap."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


class _Walk:
    """One discovery: the fetcher, the sitemaps already read, the failures."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.visited: set[str] = set()
        self.failures: list[ErrorRecord] = []
        self.started: dict[str, int] = {}
        """Document URL -> the order its request was started in (failures are reported so)."""

    def fail(self, url: str, kind: str, exc: BaseException) -> None:
        message = describe(exc)
        if not message.startswith(kind):
            message = f"{kind}: {message}"
        self.failures.append(ErrorRecord.for_url(url, type(exc).__name__, message))
        log.debug("%s failed: %s", url, message)

    async def body(self, url: str, kind: str) -> tuple[bytes, bool, str | None, str]:
        """(body, cut at the cap?, content type, final URL) of a sitemap or feed; a gzip
        file (``.xml.gz``) inflated through the same bounded decoder as pages."""
        self.started.setdefault(url, len(self.started))
        captured = await self.fetcher.get_document(url, MAX_BYTES)
        body, cut = captured.body, captured.truncated is not None
        if body.startswith(GZIP_MAGIC):
            body, inflated_cut = inflate_prefix(body, MAX_BYTES)
            cut = cut or inflated_cut
        if cut:
            log.warning("%s: %s is over the %g MB limit; read up to it", url, kind,
                        MAX_BYTES / MiB)
        return body, cut, captured.header("content-type"), captured.url

    async def robots_sitemaps(self, site: str) -> list[str]:
        """The ``Sitemap:`` lines of a site's robots.txt, else its /sitemap.xml."""
        base = origin(site)
        robots = self.fetcher.robots
        parser: Protego | None = None
        if robots is not None:
            parser = (await robots.rules(base + "/")).parser
        else:  # --ignore-robots: not read for rules, but still where sitemaps are listed
            try:
                body, _, _, _ = await self.body(base + "/robots.txt", "robots.txt")
                parser = Protego.parse(body.decode("utf-8", errors="replace"))
            except IngestError as exc:
                log.info("%s/robots.txt: %s", base, exc.one_line())
        listed = [urljoin(base + "/", s.strip()) for s in (parser.sitemaps if parser else [])]
        if not listed:
            log.info("%s: no Sitemap: line in robots.txt; trying /sitemap.xml", base)
        return listed or [base + "/sitemap.xml"]

    async def sitemap(self, url: str, depth: int = 0) -> list[Candidate]:
        """The pages of a sitemap, or of every sitemap below an index."""
        if url in self.visited:
            log.info("%s: already read in this run (an index lists it twice, or a cycle)", url)
            return []
        self.visited.add(url)
        try:
            body, cut, _, final = await self.body(url, "sitemap")
            doc = read_sitemap(body, final, max_urls=MAX_URLS, truncated=cut)
        except Exception as exc:  # IngestError, or a parser crash: that sitemap fails alone
            self.fail(url, "sitemap", exc)
            return []
        if doc.over_limit:
            log.warning("%s: sitemap lists more than %d URLs; the rest is not read", url,
                        MAX_URLS)
        if not doc.is_index:
            return doc.pages
        if depth >= MAX_DEPTH:
            log.warning("%s: sitemap index nested deeper than %d levels; not followed", url,
                        MAX_DEPTH)
            return []
        found = await asyncio.gather(*(self.sitemap(child, depth + 1)
                                       for child in doc.children))
        return [cand for group in found for cand in group]

    async def start(self, url: str) -> list[Candidate]:
        """A ``--sitemap`` argument: a sitemap, an index, or a site root."""
        if not is_site_root(url):
            return await self.sitemap(url)
        found = await asyncio.gather(*(self.sitemap(s) for s in await self.robots_sitemaps(url)))
        return [cand for group in found for cand in group]

    async def feed(self, url: str) -> list[Candidate]:
        try:
            body, _, ctype, final = await self.body(url, "feed")
            return read_feed(body, final, ctype)
        except Exception as exc:  # IngestError, or a parser crash: that feed fails alone
            self.fail(url, "feed", exc)
            return []


async def discover(fetcher: Fetcher, sitemaps: list[str], feeds: list[str]) -> Discovery:
    """Candidates from every sitemap and feed, merged by URL in the order listed."""
    walk = _Walk(fetcher)
    found = await asyncio.gather(*(walk.start(u) for u in sitemaps),
                                 *(walk.feed(u) for u in feeds))
    failures = sorted(walk.failures, key=lambda f: walk.started.get(f.url, len(walk.started)))
    return Discovery(merge_candidates(c for group in found for c in group), failures)
