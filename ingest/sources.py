"""Where saved HTML comes from: files, folders, globs, gzip-compressed pages, WARC.

A *page source* is anything that yields raw page bytes plus what is known of
where they came from. Reading is the only I/O here; extraction happens
elsewhere.

- :func:`discover` turns command-line arguments (files, folders, globs) into a
  stream of :class:`FoundInput`, folder by folder, without listing a whole tree.
- :func:`read_page_file` reads one saved page; :func:`read_sidecar` reads its
  ``NAME.meta.json`` (``{"url": ..., "fetched_at": ..., ...}``) if there is one.
- :func:`warc_ranges` splits a WARC file into record-aligned byte ranges;
  :func:`hash_warc_range` + :func:`iter_warc_pages` hash and read the HTML
  response records of one range (warcio does the WARC parsing).
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from ingest.errors import SourceError

if TYPE_CHECKING:  # warcio is imported on first use: most runs read no WARC
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecord

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Saved pages larger than this (after decompression) are refused."""


def is_page_file(path: Path) -> bool:
    """True for .html, .htm, .xhtml and their .gz forms."""
    return path.name.lower().endswith(PAGE_SUFFIXES)


def strip_page_suffix(name: str) -> str:
    """'a.html.gz' -> 'a'."""
    lower = name.lower()
    for suffix in sorted(PAGE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def read_page_file(path: Path) -> bytes:
    """The raw bytes of a saved page, gunzipped when it ends in .gz."""
    try:
        if path.is_dir():
            raise SourceError(f"{path}: is a folder, not a page")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"{path}: {size // (1024 * 1024)} MB is larger than the "
                              f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit")
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise SourceError(f"{path}: decompresses to more than "
                                  f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
            return data
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise SourceError(f"{path}: permission denied") from exc
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        raise SourceError(f"{path}: not a valid gzip file ({exc})") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc


# --------------------------------------------------------------------------- discovery

WARC_SUFFIXES = (".warc", ".warc.gz")
SIDECAR_SUFFIX = ".meta.json"
"""``NAME.meta.json`` beside ``NAME.html[.gz]`` says where a saved page came from."""
_GLOB_MAGIC = re.compile(r"[*?\[]")


def is_warc_file(path: Path | str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def strip_warc_suffix(name: str) -> str:
    """'crawl.warc.gz' -> 'crawl'."""
    lower = name.lower()
    for suffix in (".warc.gz", ".warc"):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, slots=True)
class FoundInput:
    """One input file found on disk: a saved page or a WARC archive."""

    path: Path
    """The file, as reachable from the current directory."""
    relative: PurePosixPath
    """Its path below the folder or glob base it was found in (just its name for a file)."""
    kind: Literal["page", "warc"]
    size: int
    """Its size on disk in bytes (0 when it could not be read)."""


@dataclass(frozen=True, slots=True)
class MissingInput:
    """An argument that names nothing: no such file, folder, or glob match."""

    arg: str
    message: str


def _kind(path: Path | str) -> Literal["page", "warc"] | None:
    if is_warc_file(path):
        return "warc"
    if is_page_file(Path(path)):
        return "page"
    return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def walk_folder(root: Path, base: PurePosixPath | None = None
                ) -> Iterator[FoundInput | MissingInput]:
    """Saved pages and WARC files under ``root``, recursively, streamed in name order.

    Each folder is listed and sorted on its own, its files first, then its
    subfolders, so memory stays bounded by the largest folder, not by the whole
    tree. Hidden entries (``.name``) are skipped, and so are symbolic links to
    folders (no cycles); a folder that cannot be listed is reported and the
    walk goes on.
    """
    try:
        with os.scandir(root) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError as exc:
        yield MissingInput(str(root), f"{root}: cannot list ({exc.strerror or exc})")
        return
    base = base or PurePosixPath()
    folders = []
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry)
                continue
            kind = _kind(entry.name)
            if kind is None or not entry.is_file():
                continue
            size = entry.stat().st_size
        except OSError:
            continue
        yield FoundInput(Path(entry.path), base / entry.name, kind, size)
    for entry in folders:
        yield from walk_folder(Path(entry.path), base / entry.name)


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    literal: list[str] = []
    for part in parts:
        if _GLOB_MAGIC.search(part):
            break
        literal.append(part)
    return Path(*literal) if literal else Path(".")


def discover(args: Iterable[str]) -> Iterator[FoundInput | MissingInput]:
    """Every input named by ``args``: files, folders (recursively) and glob patterns.

    A file named explicitly is taken whatever its suffix (``.warc``/``.warc.gz``
    are archives, anything else a page); folders contribute their
    ``.html``/``.htm``/``.xhtml`` (optionally ``.gz``) and WARC files. A folder's
    files are relative to it; a glob's matches to the pattern's literal prefix.
    """
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            yield from walk_folder(path)
        elif path.is_file():
            kind = "warc" if is_warc_file(path) else "page"
            yield FoundInput(path, PurePosixPath(path.name), kind, _size(path))
        elif _GLOB_MAGIC.search(arg):
            base = _glob_base(arg)
            matches = sorted(glob.iglob(arg, recursive=True))
            if not matches:
                yield MissingInput(arg, f"{arg}: no file matches this pattern")
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    yield from walk_folder(found)
                    continue
                kind = _kind(found)
                if kind is None or not found.is_file():
                    continue
                try:
                    rel = PurePosixPath(found.relative_to(base).as_posix())
                except ValueError:
                    rel = PurePosixPath(found.name)
                yield FoundInput(found, rel, kind, _size(found))
        else:
            yield MissingInput(arg, f"{arg}: no such file or folder")


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What ``NAME.meta.json`` says about a saved page (every field optional)."""

    url: str | None = None
    fetched_at: str | None = None
    status: int | None = None
    content_type: str | None = None
    raw: bytes = b""
    """The sidecar's bytes, part of the input's content hash."""


def sidecar_path(page: Path) -> Path:
    """``dir/NAME.html.gz`` -> ``dir/NAME.meta.json``."""
    return page.with_name(strip_page_suffix(page.name) + SIDECAR_SUFFIX)


def read_sidecar(page: Path) -> Sidecar | None:
    """The sidecar of a saved page, or None when there is none."""
    path = sidecar_path(page)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        meta = json.loads(raw)
    except ValueError as exc:
        raise SourceError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise SourceError(f"{path}: expected a JSON object")
    headers = meta.get("headers") if isinstance(meta.get("headers"), dict) else {}
    lowered = {str(k).lower(): v for k, v in headers.items()}
    status = meta.get("status")
    return Sidecar(
        url=_str_or_none(meta.get("url") or meta.get("final_url")),
        fetched_at=_str_or_none(meta.get("fetched_at")),
        status=status if isinstance(status, int) and not isinstance(status, bool) else None,
        content_type=_str_or_none(meta.get("content_type") or lowered.get("content-type")),
        raw=raw,
    )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --------------------------------------------------------------------------- WARC

WARC_RECORDS_PER_RANGE = 64
"""Page records per WARC range: the unit of parallel work and of resume inside an archive."""
WARC_RANGE_BYTES = 64 * 1024 * 1024
"""A range is also closed once it spans this many bytes (big non-page records in between)."""
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML response (or resource) record of a WARC file."""

    data: bytes
    """The HTTP payload, transfer- and content-encoding removed."""
    record_id: str
    """WARC-Record-ID without the angle brackets (``urn:uuid:…``)."""
    url: str | None
    """WARC-Target-URI."""
    fetched_at: datetime | None
    """WARC-Date."""
    status: int | None
    content_type: str | None
    charset: str | None
    """The charset the HTTP Content-Type declared, if any."""
    offset: int
    """Byte offset of the record in the file."""


@dataclass(frozen=True, slots=True)
class WarcRecordError:
    """A page record whose payload could not be read."""

    record_id: str
    url: str | None
    offset: int
    message: str


def _is_page_record(record: ArcWarcRecord) -> bool:
    if record.rec_type == "response":
        if record.http_headers is None:
            return False
        status = record.http_headers.get_statuscode() or ""
        ctype = (record.http_headers.get_header("Content-Type") or "").lower()
        return status.startswith("2") and (not ctype or ctype.startswith(_HTML_TYPES))
    if record.rec_type == "resource":
        ctype = (record.rec_headers.get_header("Content-Type") or "").lower()
        return ctype.startswith(_HTML_TYPES)
    return False


def _check_warc(record: ArcWarcRecord) -> None:
    if record.format != "warc":  # warcio also reads ARC files, and takes any text for one
        raise ValueError("not WARC records (ARC or unknown data)")


def _warc_error(path: Path, exc: Exception) -> SourceError:
    if isinstance(exc, FileNotFoundError):
        return SourceError(f"{path}: no such file")
    if isinstance(exc, OSError) and not isinstance(exc, gzip.BadGzipFile):
        return SourceError(f"{path}: cannot read ({exc.strerror or exc})")
    return SourceError(f"{path}: not a readable WARC file ({' '.join(str(exc).split())})")


def warc_ranges(path: Path, per_range: int = WARC_RECORDS_PER_RANGE,
                max_bytes: int = WARC_RANGE_BYTES) -> Iterator[tuple[int, int | None]]:
    """Byte ranges ``[start, end)`` of ``path`` holding ``per_range`` page records each.

    Ranges start on record boundaries, so a reader can seek to ``start`` and
    read records until ``end`` (None: the end of the file). A range is also
    closed when it spans more than ``max_bytes``. Needs a WARC that is gzipped
    per record (the standard) or not at all. Streams as it scans.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    start = 0
    count = 0
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                _check_warc(record)
                if not _is_page_record(record):
                    continue
                offset = records.get_record_offset()
                if count == per_range or (count and offset - start >= max_bytes):
                    yield start, offset
                    start, count = offset, 0
                count += 1
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed, ValueError) as exc:
        raise _warc_error(path, exc) from exc
    yield start, None


class _Window(io.RawIOBase):
    """A read-only view of ``handle`` from its current position up to ``end``."""

    def __init__(self, handle: io.BufferedReader, end: int | None) -> None:
        self.handle = handle
        self.end = end

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.handle.tell()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        if self.end is not None:
            size = max(0, min(size, self.end - self.handle.tell()))
        data = self.handle.read(size)
        buffer[: len(data)] = data
        return len(data)


def hash_warc_range(path: Path, start: int = 0, end: int | None = None) -> str:
    """SHA-256 (hex) of the bytes of a WARC range, read in blocks."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            remaining = None if end is None else end - start
            while remaining is None or remaining > 0:
                block = handle.read(1 << 20 if remaining is None else min(1 << 20, remaining))
                if not block:
                    break
                digest.update(block)
                if remaining is not None:
                    remaining -= len(block)
    except OSError as exc:
        raise _warc_error(path, exc) from exc
    return digest.hexdigest()


def iter_warc_pages(path: Path, start: int = 0, end: int | None = None
                    ) -> Iterator[WarcPage | WarcRecordError]:
    """The HTML pages among the records of the range ``[start, end)`` of ``path``.

    Requests, metadata, revisits, non-HTML and non-2xx responses are passed
    over; only one record is in memory at a time.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            records = ArchiveIterator(io.BufferedReader(_Window(handle, end), 1 << 16))
            for record in records:
                _check_warc(record)
                if not _is_page_record(record):
                    continue
                yield _warc_page(record, records)
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed, ValueError) as exc:
        raise _warc_error(path, exc) from exc


def _warc_page(record: ArcWarcRecord, records: ArchiveIterator) -> WarcPage | WarcRecordError:
    headers = record.rec_headers
    record_id = (headers.get_header("WARC-Record-ID") or "").strip().strip("<>")
    url = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None
    http = record.http_headers
    status: int | None = None
    ctype = headers.get_header("Content-Type") if record.rec_type == "resource" else None
    if http is not None:
        code = http.get_statuscode()
        status = int(code) if code and code.isdigit() else None
        ctype = http.get_header("Content-Type")
    try:
        payload = record.content_stream().read(MAX_FILE_BYTES + 1)
    except Exception as exc:  # any decoding failure of one record is data, not a crash
        offset = records.get_record_offset()
        return WarcRecordError(record_id, url, offset,
                               f"cannot decode the payload ({type(exc).__name__}: {exc})")
    offset = records.get_record_offset()
    if len(payload) > MAX_FILE_BYTES:
        return WarcRecordError(record_id, url, offset, f"payload larger than the "
                               f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit")
    return WarcPage(
        data=payload,
        record_id=record_id or f"offset:{offset}",
        url=url,
        fetched_at=aware_datetime(headers.get_header("WARC-Date")),
        status=status,
        content_type=ctype,
        charset=charset_of(ctype),
        offset=offset,
    )


def aware_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp (a WARC-Date, a sidecar's fetched_at) with a time zone; UTC if none."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def charset_of(content_type: str | None) -> str | None:
    """The charset a Content-Type header declares, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else None
