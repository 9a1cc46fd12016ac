"""From fetched bytes to one document: extraction, the next page, the merge.

Everything here is shared by the live fetch and the replay from WARC
snapshots, so both produce the same JSON: :func:`process_page` is the pure
step (it runs in a worker process), :func:`collect_document` the loop that
follows an article's pages through any page getter.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from ingest.errors import FetchError, IngestError
from ingest.extract.assemble import extract_with_next_page
from ingest.extract.links import site_host
from ingest.extract.pagination import defragment
from ingest.fetch.exchange import Captured
from ingest.merge import merge_pages
from ingest.models import Listicle, Source
from ingest.sources import charset_of
from ingest.store.freshness import Freshness, fingerprint

PAGE_OPTIONS = fingerprint("fetch", "single page")
"""The options part of a fetched page's freshness (a page of one document, extracted alone)."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page as the extractor needs it: bytes, where they came from, when."""

    requested_url: str
    final_url: str
    redirects: tuple[str, ...]
    """Every URL requested on the way, in order, ``final_url`` last."""
    status: int
    content_type: str | None
    body: bytes
    """The decoded (content-encoding undone) body."""
    fetched_at: datetime
    unchanged: bool = False
    """True when the server answered 304 and the body is the last snapshot's."""
    attempts: int = 1


def page_from(captured: Captured, requested_url: str, chain: list[str], *,
              unchanged: bool = False, attempts: int = 1) -> FetchedPage:
    """The page of a final response (live or stored)."""
    return FetchedPage(
        requested_url=requested_url, final_url=captured.url, redirects=tuple(chain),
        status=captured.status, content_type=captured.header("content-type"),
        body=captured.body, fetched_at=captured.fetched_at, unchanged=unchanged,
        attempts=attempts,
    )


def page_source(page: FetchedPage) -> Source:
    """``source`` of a fetched page: a function of the response and its WARC-Date only."""
    return Source(url=page.requested_url, final_url=page.final_url, fetched_at=page.fetched_at,
                  status=page.status, content_type=page.content_type)


def page_freshness(page: FetchedPage) -> Freshness:
    """What a fetched page's JSON is made from: its body and :func:`page_source`'s fields,
    by this extractor. A page that answers 304 is reused only while this holds."""
    digest = hashlib.sha256(page.body)
    known = [page.requested_url, page.final_url, page.fetched_at.isoformat(), page.status,
             page.content_type]
    digest.update(b"\0" + json.dumps(known).encode())
    return Freshness(digest.hexdigest(), PAGE_OPTIONS)


def process_page(page: FetchedPage) -> tuple[Listicle, str | None]:
    """Extract one page and find the URL of its next page (pure; runs in a worker)."""
    charset = charset_of(page.content_type)
    return extract_with_next_page(page.body, page.final_url, source=page_source(page),
                                  encoding=charset)


@dataclass
class DocumentResult:
    """One input URL's document and the pages it was built from."""

    url: str
    listicle: Listicle
    pages: list[FetchedPage] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return bool(self.pages) and all(p.unchanged for p in self.pages)


PageGetter = Callable[[str], Awaitable[FetchedPage]]
Processor = Callable[[FetchedPage], Awaitable[tuple[Listicle, str | None]]]


async def collect_document(url: str, get: PageGetter, process: Processor, *, max_pages: int,
                           reuse: Callable[[FetchedPage], Listicle | None] | None = None,
                           ) -> DocumentResult:
    """Fetch and extract ``url`` and the later pages of the same article, then merge.

    The first page's failure is the document's failure (raised); a later page's
    failure ends the article there with a warning. Pages are followed on the
    same host only, never twice, and at most ``max_pages`` in all.
    """
    first = await get(url)
    if reuse is not None and first.unchanged:
        kept = reuse(first)
        if kept is not None:
            return DocumentResult(url, kept, [first])
    listicle, nxt = await process(first)
    pages, listicles = [first], [listicle]
    seen = {defragment(url), defragment(first.final_url)}
    notes: list[str] = []
    while nxt:
        nxt = defragment(nxt)
        if nxt in seen or site_host(nxt) != site_host(first.final_url):
            break
        if len(pages) >= max_pages:
            notes.append(f"stopped after {max_pages} pages; more pages not followed ({nxt})")
            break
        seen.add(nxt)
        try:
            page = await get(nxt)
            if defragment(page.final_url) in seen - {nxt}:
                break  # redirected back to a page already read
            seen.add(defragment(page.final_url))
            more, nxt = await process(page)
        except (FetchError, IngestError) as exc:
            notes.append(f"page {len(pages) + 1} ({nxt}) failed: "
                         f"{type(exc).__name__}: {exc.one_line()}")
            break
        pages.append(page)
        listicles.append(more)
    merged = merge_pages(listicles) if len(listicles) > 1 else listicle
    if notes:
        merged = merged.model_copy(update={"warnings": [*merged.warnings, *notes]})
    return DocumentResult(url, merged, pages)
