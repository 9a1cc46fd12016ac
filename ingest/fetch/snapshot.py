"""Raw snapshots: every request and response goes into a WARC file, and comes back out.

Writing: one ``OUT/snapshots/ingest-<UTC time to the µs>-<pid>.warc.gz`` per run. Each
record is its own gzip member and is flushed as soon as it is written, so a
run that dies leaves a WARC that is valid up to its last record. Responses are
stored as they came off the wire: the original status line and headers, the
body still content-encoded (``Transfer-Encoding`` is dropped, since the body
is stored de-chunked). ``WARC-Date`` is the time the response headers arrived;
it is also the page's ``source.fetched_at``, so the JSON of a page is a pure
function of its WARC records. A body that was not kept (refused content type,
over the size cap, connection lost, timed out) is stored empty with a
``WARC-Truncated`` reason.

Reading: :class:`SnapshotIndex` scans the snapshot folder for the latest
complete response of every URL. The fetcher takes ``ETag``/``Last-Modified``
from it for conditional requests, and :func:`replay_document` rebuilds a
page's JSON from the WARC alone (what ``ingest batch`` over the WARC must
reproduce byte for byte).
"""

from __future__ import annotations

import asyncio
import io
import os
import zlib
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urljoin, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ingest.errors import FetchError, HTTPStatusError, OutputError, RedirectError, SourceError
from ingest.fetch.decode import decode_body
from ingest.fetch.exchange import Captured, warc_date
from ingest.fetch.pages import FetchedPage, collect_document, page_from, process_page
from ingest.models import Listicle
from ingest.version import __version__

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DROPPED_HEADERS = frozenset({"transfer-encoding"})


@dataclass(frozen=True, slots=True)
class SnapshotRef:
    """Where a stored response is, and what a conditional request needs from it."""

    warc: Path
    offset: int
    url: str
    status: int
    date: str
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None


class SnapshotWriter:
    """Appends request/response records to this run's WARC file."""

    def __init__(self, folder: Path, *, gzip_level: int = 1,
                 info: dict[str, str] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        # Fixed-width UTC time to the microsecond first: names sort in the order written.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = folder / f"ingest-{stamp}-{os.getpid()}.warc.gz"
        while path.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            path = folder / f"ingest-{stamp}-{os.getpid()}.warc.gz"
        self.path = path
        self.level = gzip_level
        try:
            self._file: IO[bytes] = open(path, "ab")  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise OutputError(f"{path}: cannot create ({exc.strerror or exc})") from exc
        self._buffer = io.BytesIO()
        self._warc = WARCWriter(self._buffer, gzip=False)
        fields = {"software": f"ingest/{__version__}", "format": "WARC File Format 1.0"}
        fields.update(info or {})
        self._append(self._warc.create_warcinfo_record(path.name, fields))

    def _append(self, record: ArcWarcRecord) -> int:
        """Write one record as its own gzip member, flushed; return its offset."""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._warc.write_record(record)
        packer = zlib.compressobj(self.level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        member = packer.compress(self._buffer.getvalue()) + packer.flush()
        offset = self._file.tell()
        self._file.write(member)
        self._file.flush()
        return offset

    def write(self, captured: Captured) -> int:
        """Write the request and response records of one exchange; the response's offset."""
        date = warc_date(captured.fetched_at)
        parts = urlsplit(captured.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = self._warc.create_warc_record(
            captured.url, "request",
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", captured.request_headers,
                                          is_http_request=True),
            warc_headers_dict={"WARC-Date": date},
        )
        headers = [(k, v) for k, v in captured.headers if k.lower() not in _DROPPED_HEADERS]
        warc_headers = {"WARC-Date": date}
        if captured.truncated:
            warc_headers["WARC-Truncated"] = captured.truncated
        response = self._warc.create_warc_record(
            captured.url, "response", payload=io.BytesIO(captured.raw_body),
            length=len(captured.raw_body),
            http_headers=StatusAndHeaders(f"{captured.status} {captured.reason}".strip(),
                                          headers, protocol=captured.http_version),
            warc_headers_dict=warc_headers,
        )
        request.rec_headers.add_header("WARC-Concurrent-To",
                                       response.rec_headers.get_header("WARC-Record-ID"))
        offset = self._append(response)
        self._append(request)
        return offset

    def close(self) -> None:
        self._file.close()


class AsyncSnapshots:
    """The writer behind one I/O thread, so gzip and disk never block the event loop."""

    def __init__(self, writer: SnapshotWriter, executor: Executor) -> None:
        self.writer = writer
        self._executor = executor

    async def write(self, captured: Captured) -> int:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.writer.write, captured)


def warc_files(folder: Path) -> list[Path]:
    """The WARC files of a snapshot folder, oldest first (names start with the UTC time)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.name.endswith((".warc.gz", ".warc")) and p.is_file())


@dataclass
class SnapshotIndex:
    """The latest complete response of every URL in a set of WARC files."""

    responses: dict[str, SnapshotRef] = field(default_factory=dict)

    @classmethod
    def scan(cls, paths: Iterable[Path]) -> SnapshotIndex:
        index = cls()
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    iterator = ArchiveIterator(handle)
                    for record in iterator:
                        index._consider(path, iterator.get_record_offset(), record)
            except (OSError, ArchiveLoadFailed, zlib.error, EOFError, ValueError):
                continue  # a damaged or partial file: keep what was read before the damage
        return index

    def _consider(self, path: Path, offset: int, record: ArcWarcRecord) -> None:
        rec = record.rec_headers
        if record.rec_type != "response" or rec.get_header("WARC-Truncated"):
            return
        http = record.http_headers
        if http is None:
            return
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            return
        # Only what a page can be rebuilt from: successes and redirects.
        if not (200 <= status < 300 or status in REDIRECT_STATUSES):
            return
        url = rec.get_header("WARC-Target-URI")
        self.responses[url] = SnapshotRef(
            warc=path, offset=offset, url=url, status=status,
            date=rec.get_header("WARC-Date") or "",
            etag=http.get_header("ETag"), last_modified=http.get_header("Last-Modified"),
            location=http.get_header("Location"),
        )

    def validators(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for a URL whose last snapshot was a 200."""
        ref = self.responses.get(url)
        if ref is None or ref.status != 200:
            return {}
        headers = {}
        if ref.etag:
            headers["If-None-Match"] = ref.etag
        if ref.last_modified:
            headers["If-Modified-Since"] = ref.last_modified
        return headers


def load_response(ref: SnapshotRef, max_bytes: int) -> Captured:
    """Read one stored response back: headers, body decoded as the fetch decoded it."""
    try:
        with open(ref.warc, "rb") as handle:
            handle.seek(ref.offset)
            record = next(iter(ArchiveIterator(handle)))
            http = record.http_headers
            raw = record.raw_stream.read()
    except (OSError, StopIteration, ArchiveLoadFailed, zlib.error) as exc:
        raise SourceError(f"{ref.warc}@{ref.offset}: cannot read snapshot ({exc})") from exc
    headers = list(http.headers)
    encoding = next((v for k, v in headers if k.lower() == "content-encoding"), None)
    status = int(http.get_statuscode())
    reason = http.statusline.split(" ", 1)[1] if " " in http.statusline else ""
    return Captured(
        url=ref.url, request_headers=[], status=status, reason=reason, headers=headers,
        raw_body=raw, body=decode_body(raw, encoding, max_bytes),
        fetched_at=datetime.fromisoformat(ref.date.replace("Z", "+00:00")),
        http_version=http.protocol or "HTTP/1.1",
    )


class WarcPages:
    """A page getter over stored snapshots: follows stored redirects to the page."""

    def __init__(self, index: SnapshotIndex, max_bytes: int, max_redirects: int = 10) -> None:
        self.index = index
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects

    def resolve(self, url: str) -> tuple[Captured, list[str]]:
        """The stored final response for ``url`` and the chain of URLs that led to it."""
        chain = [url]
        while True:
            ref = self.index.responses.get(chain[-1])
            if ref is None:
                raise FetchError(f"no snapshot of {chain[-1]}")
            if ref.status not in REDIRECT_STATUSES:
                return load_response(ref, self.max_bytes), chain
            if not ref.location:
                raise RedirectError(f"HTTP {ref.status} without a Location")
            nxt = urljoin(chain[-1], ref.location.strip()).split("#", 1)[0]
            if nxt in chain or len(chain) > self.max_redirects:
                raise RedirectError("redirect loop in snapshots: " + " -> ".join([*chain, nxt]))
            chain.append(nxt)

    async def get(self, url: str) -> FetchedPage:
        captured, chain = self.resolve(url)
        if not 200 <= captured.status < 300:
            raise HTTPStatusError(f"HTTP {captured.status} {captured.reason}".strip())
        return page_from(captured, url, chain)


def replay_document(snapshots: Path | Iterable[Path], url: str, *, max_pages: int = 10,
                    max_bytes: int = 10 * 1024 * 1024) -> Listicle:
    """Rebuild the JSON record of a fetched URL from WARC snapshots alone.

    The same pipeline as ``ingest fetch`` (redirects, extraction, following and
    merging pages), with WARC records instead of the network: for a page fetched
    in a run, the result is byte-identical to the JSON that run wrote.
    """
    paths = warc_files(snapshots) if isinstance(snapshots, Path) else list(snapshots)
    pages = WarcPages(SnapshotIndex.scan(paths), max_bytes)

    async def process(page: FetchedPage) -> tuple[Listicle, str | None]:
        return process_page(page)

    result = asyncio.run(collect_document(url, pages.get, process, max_pages=max_pages))
    return result.listicle


__all__ = ["AsyncSnapshots", "Captured", "SnapshotIndex", "SnapshotRef", "SnapshotWriter",
           "WarcPages", "load_response", "replay_document", "warc_files"]
