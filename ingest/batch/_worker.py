"""The worker side: :func:`process_unit` reads, extracts and writes one unit.

It runs wherever the unit is sent (this process, a pool worker, a Dask
worker) and needs only the unit, the output folder and the options. For each
unit it writes, atomically:

- one canonical JSON file per page (unless ``--format jsonl``);
- a *part file* ``OUT/.ingest/parts/<k>/<key>.jsonl``: a header line (the
  input's content hash, the extractor version, the options, the page
  summaries and error records) followed by the unit's pages as JSON Lines.

The part file is written last and is the unit's commit record: a re-run that
finds it with the same input hash, extractor version and options, and finds
the page files in place, skips the unit. ``pages.jsonl`` is the concatenation
of the part files' lines in plan order (see :mod:`._runner`).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from types import FrameType
from urllib.parse import quote, urljoin, urlsplit

from pydantic import ValidationError

from ingest.batch._units import (
    FileUnit,
    Options,
    PageSummary,
    UnitResult,
    WarcUnit,
    WorkUnit,
)
from ingest.errors import ExtractionTimeout, IngestError, OutputCollision, OutputError, describe
from ingest.extract import extract
from ingest.models import Listicle, Source
from ingest.sources import Sidecar, aware_datetime, charset_of, read_page_file, read_sidecar
from ingest.store import ErrorRecord, Freshness, dumps, dumps_line, write_file
from ingest.store.names import part_path, record_name
from ingest.warc import WarcPage, WarcRecordError, hash_warc_range, iter_warc_pages

PART_VERSION = 1
"""Bumped when the part file layout changes (old parts are then redone)."""


# --------------------------------------------------------------------------- entry point

def process_unit(unit: WorkUnit, out_dir: str | os.PathLike[str], options: Options) -> UnitResult:
    """Read, extract and write one unit; return its small summary. Never raises for bad input.

    Failures of single pages become :class:`ErrorRecord` items; only a failure
    to write to the output folder itself propagates (as :class:`OutputError`).
    """
    try:
        return _process(unit, Path(out_dir), options)
    except OutputError:
        raise
    except Exception as exc:  # a bug must cost one unit, not the batch
        error = ErrorRecord(unit.path, None, None, type(exc).__name__, describe(exc))
        return UnitResult(unit.key, unit.path, None, errors=[error], size=unit.size)


def _process(unit: WorkUnit, out: Path, options: Options) -> UnitResult:
    key = unit.key
    part = part_path(key)
    label = unit.path
    try:
        raw, digest = _read_unit(unit)
    except IngestError as exc:
        error = ErrorRecord(label, None, None, type(exc).__name__, exc.one_line())
        return UnitResult(key, label, None, errors=[error], size=unit.size)

    state = {
        "part": PART_VERSION,
        "input": label,
        "range": [unit.start, unit.end] if isinstance(unit, WarcUnit) else None,
        **Freshness(digest, options.fingerprint()).fields(),
    }
    if not options.force:
        cached = _up_to_date(out, part, state, options)
        if cached is not None:
            return UnitResult(key, label, part, cached[0], cached[1], skipped=True,
                              size=unit.size)

    pages: list[PageSummary] = []
    errors: list[ErrorRecord] = []
    lines: list[str] = []
    written: set[str] = set()
    for item in _pages(unit, raw, options):
        if isinstance(item, ErrorRecord):
            errors.append(item)
            continue
        summary, record = item
        if summary.output is not None and summary.output in written:
            errors.append(ErrorRecord(label, summary.record, summary.url, OutputCollision.__name__,
                                      f"{summary.output} was already written by this input"))
            continue
        if options.writes_json and summary.output is not None:
            written.add(summary.output)
            write_file(out, summary.output, dumps(record))
        if options.writes_jsonl:
            lines.append(dumps_line(record))
        pages.append(summary if options.writes_json else _no_output(summary))

    header = dict(state, pages=[asdict(p) for p in pages], errors=[asdict(e) for e in errors])
    write_file(out, part, json.dumps(header, ensure_ascii=False, separators=(",", ":")) + "\n"
               + "".join(lines))
    return UnitResult(key, label, part, pages, errors, size=unit.size)


def process_units(units: Iterable[WorkUnit], out_dir: str | os.PathLike[str], options: Options
                  ) -> list[UnitResult]:
    """:func:`process_unit` over several units, for executors that batch small units
    (a Dask task per few hundred files); results in the order given."""
    return [process_unit(unit, out_dir, options) for unit in units]


def _no_output(summary: PageSummary) -> PageSummary:
    return PageSummary(None, summary.record, summary.url, summary.title, summary.entries,
                       summary.warnings)


def _up_to_date(out: Path, part: str, state: dict, options: Options
                ) -> tuple[list[PageSummary], list[ErrorRecord]] | None:
    """The stored summaries when the part matches ``state`` and the page files exist."""
    try:
        with open(out / part, "rb") as handle:
            header = json.loads(handle.readline())
        if any(header.get(k) != v for k, v in state.items()):
            return None
        pages = [PageSummary(**p) for p in header["pages"]]
        errors = [ErrorRecord(**e) for e in header["errors"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if options.writes_json and not all(
            p.output is not None and (out / p.output).is_file() for p in pages):
        return None
    return pages, errors


# --------------------------------------------------------------------------- reading

def _read_unit(unit: WorkUnit) -> tuple[tuple[bytes, Sidecar | None] | bytes, str]:
    """The unit's raw input and the SHA-256 of everything that determines its output.

    A WARC range is only hashed here (in blocks); its records are read one at
    a time later, so a range with huge records never sits in memory whole.
    """
    if isinstance(unit, FileUnit):
        path = Path(unit.path)
        data = read_page_file(path)
        sidecar = read_sidecar(path)
        digest = hashlib.sha256(data)
        digest.update(b"\0sidecar\0" + (sidecar.raw if sidecar else b""))
        return (data, sidecar), digest.hexdigest()
    return b"", hash_warc_range(Path(unit.path), unit.start, unit.end)


Item = tuple[PageSummary, Listicle] | ErrorRecord


def _pages(unit: WorkUnit, raw: tuple[bytes, Sidecar | None] | bytes, options: Options
           ) -> Iterator[Item]:
    if isinstance(unit, FileUnit):
        assert isinstance(raw, tuple)
        data, sidecar = raw
        yield _file_page(unit, data, sidecar, options)
        return
    try:
        for page in iter_warc_pages(Path(unit.path), unit.start, unit.end):
            if isinstance(page, WarcRecordError):
                yield ErrorRecord(unit.path, page.record_id, page.url, "SourceError",
                                  f"{unit.path} at {page.offset}: {page.message}", page.offset)
                continue
            yield _warc_page(unit, page, options)
    except IngestError as exc:
        yield ErrorRecord(unit.path, None, None, type(exc).__name__, exc.one_line())


def _file_page(unit: FileUnit, data: bytes, sidecar: Sidecar | None, options: Options) -> Item:
    url = (sidecar.url if sidecar else None) or _base_url(options.base_url, unit.relative)
    url = url if _is_http(url) else None
    source = _source(
        unit.path, url,
        fetched_at=aware_datetime(sidecar.fetched_at) if sidecar else None,
        status=_status(sidecar.status if sidecar else None),
        content_type=sidecar.content_type if sidecar else None,
    )
    encoding = charset_of(sidecar.content_type) if sidecar else None
    return _extract(unit.path, None, url, data, source, encoding, unit.out,
                    options.page_timeout)


def _warc_page(unit: WarcUnit, page: WarcPage, options: Options) -> Item:
    url = page.url if _is_http(page.url) else None
    source = _source(
        f"{unit.path}#{page.record_id}", url,
        fetched_at=page.fetched_at,
        status=_status(page.status),
        content_type=page.content_type,
    )
    output = f"{unit.out_dir}/{record_name(url, page.record_id)}"
    return _extract(unit.path, page.record_id, url, page.data, source, page.charset, output,
                    options.page_timeout)


def _status(code: int | None) -> int | None:
    return code if code is not None and 100 <= code <= 599 else None


def _source(path: str, url: str | None, **known: object) -> Source:
    """The Source of a page; a field the input got wrong (a status of 999) is left out."""
    try:
        return Source(path=path, url=url, **known)  # type: ignore[arg-type]
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
        kept = {k: v for k, v in known.items() if k not in bad}
        return Source(path=path, url=url if "url" not in bad else None, **kept)  # type: ignore[arg-type]


def _extract(label: str, record: str | None, url: str | None, data: bytes, source: Source,
             encoding: str | None, output: str, timeout: float | None) -> Item:
    try:
        with _time_limit(timeout):
            result = extract(data, url, source=source, encoding=encoding)
    except IngestError as exc:
        return ErrorRecord(label, record, url, type(exc).__name__, exc.one_line())
    except (Exception, RecursionError) as exc:  # a bug in extraction must not stop the batch
        return ErrorRecord(label, record, url, type(exc).__name__, describe(exc))
    summary = PageSummary(
        output=output,
        record=record,
        url=result.source.url,
        title=result.title,
        entries=len(result.entries),
        warnings=len(result.warnings),
    )
    return summary, result


def _base_url(base: str | None, relative: str) -> str | None:
    if not base:
        return None
    if not base.endswith("/"):
        return base
    rel = relative[:-3] if relative.lower().endswith(".gz") else relative
    return urljoin(base, quote(rel))


def _is_http(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# --------------------------------------------------------------------------- time limit

@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ExtractionTimeout` after ``seconds`` (main thread only; else no limit)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def _expired(signum: int, frame: FrameType | None) -> None:
        raise ExtractionTimeout(f"extraction took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- pool workers

def init_worker() -> None:
    """Initializer of local pool workers: ignore Ctrl-C (the parent stops them) and die
    with the parent, so a killed run leaves no worker writing behind it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
