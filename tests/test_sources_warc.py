"""WARC reading: page records, ranges that start on record boundaries, bad archives."""

from __future__ import annotations

import gzip
import io
import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ingest.errors import SourceError
from ingest.warc import (
    WarcPage,
    hash_warc_range,
    iter_warc_pages,
    warc_ranges,
)


def page(n: int) -> bytes:
    return (f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
            f"<p>Paragraph of page {n} with enough words to be a paragraph.</p>"
            "</article></body></html>").encode()


def write_warc(path: Path, pages: int, *, gz: bool = True, extras: bool = True) -> list[str]:
    """A WARC with ``pages`` HTML responses (and, with ``extras``, records to pass over)."""
    urls = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for n in range(pages):
            url = f"https://example.com/articles/{n}?x=1"
            urls.append(url)
            if extras:
                req = writer.create_warc_record(url, "request", payload=io.BytesIO(
                    b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"))
                writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page(n)), http_headers=headers,
                warc_headers_dict={"WARC-Date": f"2024-05-0{1 + n % 9}T10:00:00Z"})
            writer.write_record(record)
            if extras and n % 3 == 0:
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                         protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://example.com/{n}.png", "response",
                    payload=io.BytesIO(b"\x89PNG...."), http_headers=image))
                missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://example.com/gone/{n}", "response",
                    payload=io.BytesIO(b"<html>not found</html>"), http_headers=missing))
    return urls


def all_pages(path: Path, per_range: int) -> list[WarcPage]:
    out = []
    for start, end in warc_ranges(path, per_range):
        for item in iter_warc_pages(path, start, end):
            assert isinstance(item, WarcPage)
            out.append(item)
    return out


@pytest.mark.parametrize("gz", [True, False])
def test_only_html_2xx_responses_are_pages(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    urls = write_warc(path, 7, gz=gz)
    pages = all_pages(path, 100)
    assert [p.url for p in pages] == urls
    first = pages[0]
    assert first.data == page(0)
    assert first.status == 200
    assert first.charset == "utf-8"
    assert first.fetched_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert first.record_id.startswith("urn:uuid:")


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("per_range", [1, 2, 3, 50])
def test_ranges_split_on_record_boundaries(tmp_path: Path, gz: bool, per_range: int) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    urls = write_warc(path, 10, gz=gz)
    ranges = list(warc_ranges(path, per_range))
    assert len(ranges) == -(-10 // per_range)
    assert ranges[0][0] == 0 and ranges[-1][1] is None
    for (_, end), (start, _) in itertools.pairwise(ranges):
        assert end == start
    pages = all_pages(path, per_range)
    assert [p.url for p in pages] == urls
    offsets = [p.offset for p in pages]
    assert offsets == sorted(set(offsets))


def test_a_warc_gzipped_as_a_whole_is_one_range(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    urls = write_warc(plain, 5, gz=False)
    whole = tmp_path / "b.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert list(warc_ranges(whole, 2)) == [(0, None)]  # no record starts a member of its own
    assert [p.url for p in all_pages(whole, 2)] == urls


def test_garbage_is_a_source_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not a warc file\r\n\r\n" * 10)
    with pytest.raises(SourceError):
        list(warc_ranges(bad, 10))


def test_resource_records_with_html_are_pages(tmp_path: Path) -> None:
    path = tmp_path / "r.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warc_record(
            "https://example.com/saved", "resource", payload=io.BytesIO(page(1)),
            warc_content_type="text/html"))
    (found,) = all_pages(path, 10)
    assert found.url == "https://example.com/saved"
    assert found.data == page(1)
    assert found.status is None


def test_ranges_are_also_closed_by_size(tmp_path: Path) -> None:
    path = tmp_path / "a.warc"
    urls = write_warc(path, 12, gz=False)
    ranges = list(warc_ranges(path, per_range=100, max_bytes=1))
    assert len(ranges) == 12
    pages = [p for start, end in ranges for p in iter_warc_pages(path, start, end)]
    assert [p.url for p in pages if isinstance(p, WarcPage)] == urls


def test_range_hash_covers_exactly_the_range(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    write_warc(path, 6)
    (first, second) = list(warc_ranges(path, 3))
    data = path.read_bytes()
    import hashlib

    assert hash_warc_range(path, *first) == hashlib.sha256(data[first[0]:first[1]]).hexdigest()
    assert hash_warc_range(path, *second) == hashlib.sha256(data[second[0]:]).hexdigest()
