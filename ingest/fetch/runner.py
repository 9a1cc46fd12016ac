"""A fetch run: many URLs in, JSON files, JSONL summaries and a WARC out.

``OUT/<host>/<slug>.json``  one document per input URL (pages merged)
``OUT/pages.jsonl``         every document of the run, in input order
``OUT/errors.jsonl``        one record per failed URL, sitemap or feed (the batch shape)
``OUT/fetch.jsonl``         one record per input URL: outcome, redirects, pages, attempts
``OUT/snapshots/*.warc.gz`` every request and response of every run
``OUT/.ingest/``            the lock, temporary files, and a freshness stamp per URL

Every file but the snapshots is written through :mod:`ingest.store`, as batch
writes its own.

Fetching happens on the event loop; extraction runs in a process pool (or a
thread), so parsing never stalls the downloads.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import multiprocessing
import os
import random
import sys
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ingest.errors import IngestError, SourceError, describe
from ingest.fetch.client import Fetcher, check_scheme, make_client
from ingest.fetch.config import FetchConfig
from ingest.fetch.pages import (
    DocumentResult,
    FetchedPage,
    collect_document,
    page_freshness,
    process_page,
)
from ingest.fetch.politeness import Politeness
from ingest.fetch.snapshot import AsyncSnapshots, SnapshotIndex, SnapshotWriter, warc_files
from ingest.models import Listicle
from ingest.store import (
    ErrorRecord,
    ListWriter,
    OutputLock,
    clear_tmp,
    dumps,
    dumps_line,
    write_file,
)
from ingest.store.names import FETCH_FILE, stamp_path, url_output
from ingest.version import __version__

log = logging.getLogger("ingest.fetch")


class FetchRecord(BaseModel):
    """One line of ``fetch.jsonl``: what happened to one input URL."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    url: str
    ok: bool
    output: str | None = None
    final_url: str | None = None
    redirects: list[str] = Field(default_factory=list)
    pages: list[str] = Field(default_factory=list)
    status: int | None = None
    attempts: int = 0
    unchanged: bool = False
    error: str | None = None
    message: str | None = None


@dataclass
class Plan:
    """More URLs for a run, found with the run's own fetcher (sitemaps, feeds), and the
    documents that could not be read on the way."""

    urls: list[str] = field(default_factory=list)
    failures: list[ErrorRecord] = field(default_factory=list)


Planner = Callable[[Fetcher], Awaitable[Plan]]
"""Called once, before any page is fetched, with the run's fetcher."""


@dataclass
class FetchSummary:
    """The outcome of a run."""

    out: Path
    records: list[FetchRecord]
    warc: Path | None = None
    plan_failures: list[ErrorRecord] = field(default_factory=list)
    """Sitemaps and feeds that could not be read (also in ``errors.jsonl``)."""

    @property
    def failed(self) -> list[FetchRecord]:
        return [r for r in self.records if not r.ok]

    @property
    def ok(self) -> int:
        return sum(r.ok for r in self.records)

    @property
    def unchanged(self) -> int:
        return sum(r.unchanged for r in self.records)


def read_url_list(lines: Iterable[str]) -> list[str]:
    """URLs from a list: one per line; blank lines and ``#`` comments skipped."""
    urls = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def read_url_file(path: Path) -> list[str]:
    """URLs from a file (``-`` is stdin)."""
    if str(path) == "-":
        return read_url_list(sys.stdin)
    try:
        return read_url_list(path.read_text(encoding="utf-8-sig").splitlines())
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _unique(urls: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for url in urls:
        url = url.strip()
        if url and url not in seen:
            seen.add(url)
            out.append(url)
    return out


def _executor(workers: int | None) -> Executor:
    if workers == 0:
        return ThreadPoolExecutor(1, thread_name_prefix="ingest-extract")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ingest.fetch.pages"])
    return ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1, mp_context=context)


async def fetch_urls_async(urls: Iterable[str], out: Path, config: FetchConfig | None = None,
                           *, on_record: Callable[[FetchRecord], None] | None = None,
                           plan: Planner | None = None, locked: bool = False) -> FetchSummary:
    """Fetch, snapshot, extract and write every URL; never raises for one bad URL.

    ``plan`` adds URLs found through the run's fetcher first (same robots.txt cache,
    pacing and WARC), and reports the documents it could not read. Raises
    :class:`~ingest.errors.OutputLocked` when another run writes to ``out``;
    ``locked``: the caller already holds :func:`fetch_lock` (a watch run, which
    also reads and writes its state file under it).
    """
    out = Path(out)
    with contextlib.nullcontext() if locked else fetch_lock(out):
        clear_tmp(out)
        summary = await _run(urls, out, config or FetchConfig(), on_record, plan)
        clear_tmp(out)
    return summary


def fetch_lock(out: Path) -> OutputLock:
    """The lock that keeps a second fetch or watch run out of ``out`` while one writes."""
    return OutputLock(Path(out), "ingest fetch")


async def _run(urls: Iterable[str], out: Path, config: FetchConfig,
               on_record: Callable[[FetchRecord], None] | None, plan: Planner | None
               ) -> FetchSummary:
    """The run of :func:`fetch_urls_async`, with the output folder locked."""
    urls = _unique(urls)
    snapshot_dir = out / "snapshots"
    if not config.respect_robots:
        log.warning("robots.txt is NOT honoured in this run (--ignore-robots)")
    io = ThreadPoolExecutor(1, thread_name_prefix="ingest-io")
    loop = asyncio.get_running_loop()
    index = await loop.run_in_executor(io, SnapshotIndex.scan, warc_files(snapshot_dir))
    writer = SnapshotWriter(snapshot_dir, gzip_level=config.gzip_level, info={
        "robots": "honoured" if config.respect_robots else "ignored (--ignore-robots)",
        "http-header-user-agent": config.user_agent,
        "description": f"ingest {__version__} fetch: pages for listicle extraction",
    })
    pool = _executor(config.workers)
    records: list[FetchRecord | None] = []
    lines: list[str | None] = []  # pages.jsonl, as compact JSON (small)
    reused: set[str] = set()
    planned = Plan()

    async def process(page: FetchedPage) -> tuple[Listicle, str | None]:
        return await loop.run_in_executor(pool, process_page, page)

    def reuse(page: FetchedPage) -> Listicle | None:
        """The JSON written last time, when the page answered 304 and its stamp says that
        JSON was made from this snapshot by this extractor (else it is extracted again)."""
        try:
            stamp = json.loads((out / stamp_path(page.requested_url)).read_bytes())
            if not isinstance(stamp, dict) or not page_freshness(page).holds_for(stamp):
                return None
            kept = Listicle.model_validate_json((out / url_output(page.requested_url))
                                                .read_bytes())
        except (OSError, ValueError):
            return None
        if kept.source.pages:
            return None  # written as a multi-page document: rebuild it
        reused.add(page.requested_url)
        return kept

    def write_document(url: str, result: DocumentResult) -> None:
        """The document's JSON, then its stamp (a single page) or no stamp (merged pages)."""
        write_file(out, url_output(url), dumps(result.listicle))
        stamp = out / stamp_path(url)
        if len(result.pages) == 1:
            fields = page_freshness(result.pages[0]).fields()
            write_file(out, stamp_path(url), json.dumps(fields) + "\n")
        else:
            stamp.unlink(missing_ok=True)

    doc_slots = asyncio.Semaphore(max(4, config.concurrency * 2))
    try:
        async with make_client(config) as client:
            fetcher = Fetcher(config, client, Politeness(config.concurrency, config.per_host,
                                                         config.delay),
                              AsyncSnapshots(writer, io), index, rng=random.Random(),
                              io_executor=io)

            async def one(i: int, url: str) -> None:
                async with doc_slots:
                    try:
                        check_scheme(url)
                        result = await collect_document(url, fetcher.get_page, process,
                                                        max_pages=config.max_pages, reuse=reuse)
                        if url not in reused:
                            await loop.run_in_executor(io, write_document, url, result)
                        lines[i] = dumps_line(result.listicle)
                        record = _ok_record(url, result)
                    except IngestError as exc:
                        record = _error_record(url, exc)
                    except Exception as exc:  # a worker crash fails one URL only
                        log.error("%s: unexpected %s", url, describe(exc, 300))
                        log.debug("the traceback of %s", url, exc_info=True)
                        record = _error_record(url, exc)
                records[i] = record
                if on_record is not None:
                    on_record(record)

            if plan is not None:
                planned = await plan(fetcher)
                urls = _unique([*urls, *planned.urls])
            records[:] = [None] * len(urls)
            lines[:] = [None] * len(urls)
            await asyncio.gather(*(one(i, url) for i, url in enumerate(urls)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        await loop.run_in_executor(io, writer.close)
    done = [r for r in records if r is not None]
    failures = [*planned.failures,
                *(ErrorRecord.for_url(r.url, r.error or "FetchError", r.message or "")
                  for r in done if not r.ok)]

    def finish() -> None:
        lists = ListWriter(out)
        lists.pages("".join(line for line in lines if line is not None))
        for failure in failures:
            lists.error(failure)
        lists.commit()
        write_file(out, FETCH_FILE, "".join(dumps_line(r) for r in done))

    await loop.run_in_executor(io, finish)
    io.shutdown(wait=True)
    return FetchSummary(out=out, records=done, warc=writer.path,
                        plan_failures=planned.failures)


def _ok_record(url: str, result: DocumentResult) -> FetchRecord:
    first = result.pages[0]
    return FetchRecord(
        url=url, ok=True, output=url_output(url), final_url=first.final_url,
        redirects=list(first.redirects), pages=[p.final_url for p in result.pages],
        status=first.status, attempts=sum(p.attempts for p in result.pages),
        unchanged=result.unchanged,
    )


def _error_record(url: str, exc: BaseException) -> FetchRecord:
    return FetchRecord(url=url, ok=False, error=type(exc).__name__, message=describe(exc))


def fetch_urls(urls: Iterable[str], out: Path, config: FetchConfig | None = None, *,
               on_record: Callable[[FetchRecord], None] | None = None,
               plan: Planner | None = None) -> FetchSummary:
    """Synchronous door to :func:`fetch_urls_async`."""
    return asyncio.run(fetch_urls_async(urls, out, config, on_record=on_record, plan=plan))
