"""Damaged WARC files: what is whole is read, the damage is one error line, nothing hangs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ingest.cli import app
from ingest.errors import SourceError
from ingest.warc import WarcDamage, WarcPage, iter_warc_pages, warc_ranges
from tests.test_sources_warc import write_warc


def read_all(path: Path, per_range: int = 2) -> tuple[list[WarcPage], list[WarcDamage]]:
    pages: list[WarcPage] = []
    damage: list[WarcDamage] = []
    for item in warc_ranges(path, per_range):
        if isinstance(item, WarcDamage):
            damage.append(item)
            continue
        for page in iter_warc_pages(path, *item):
            assert isinstance(page, WarcPage)
            pages.append(page)
    return pages, damage


def record_spans(path: Path) -> list[tuple[int, int]]:
    """(start, end) of each page record of an undamaged file: the next record's start is its end."""
    data = path.read_bytes()
    marker = b"\x1f\x8b\x08" if data[:2] == b"\x1f\x8b" else b"WARC/1.0\r\n"
    starts = []
    at = data.find(marker)
    while at >= 0:
        starts.append(at)
        at = data.find(marker, at + 1)
    ends = dict(zip(starts, [*starts[1:], len(data)], strict=True))
    pages, _ = read_all(path)
    return [(p.offset, ends[p.offset]) for p in pages]


def batch(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def jsons(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.rglob("*.json"))
            if p.name != "manifest.json"}


def test_a_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    cut = tmp_path / "crawl.warc.gz"
    write_warc(cut, 8, extras=False)
    spans = record_spans(cut)
    assert batch([str(cut), "-o", str(tmp_path / "out-good")])[0] == 0
    data = cut.read_bytes()
    cut_at = len(data) * 2 // 3
    cut.write_bytes(data[:cut_at])  # a crawl interrupted mid-write
    whole = [n for n, (_, end) in enumerate(spans) if end <= cut_at]
    assert 3 <= len(whole) < 8

    code, output = batch([str(cut), "-o", str(tmp_path / "out-cut")])
    assert code == 1
    assert "Traceback" not in output
    (error,) = [json.loads(line) for line in
                (tmp_path / "out-cut" / "errors.jsonl").read_text().splitlines()]
    assert error["input"] == str(cut) and error["error"] == "SourceError"
    assert error["offset"] == spans[len(whole)][0]  # the first record that is not whole
    assert "truncated" in error["message"] and f"byte {error['offset']}" in error["message"]
    before, after = jsons(tmp_path / "out-good"), jsons(tmp_path / "out-cut")
    assert len(after) == len(whole)
    assert all(before[name] == body for name, body in after.items())  # byte-identical


def test_a_plain_warc_record_claiming_more_bytes_than_the_file_holds(tmp_path: Path) -> None:
    path = tmp_path / "a.warc"
    urls = write_warc(path, 5, gz=False, extras=False)
    data = path.read_bytes()
    second = data.index(b"WARC/1.0\r\n", 1)
    length = data.index(b"Content-Length: ", second)
    eol = data.index(b"\r\n", length)
    data = data[:length] + b"Content-Length: 987654321" + data[eol:]
    path.write_bytes(data)
    pages, (damage,) = read_all(path)
    assert damage.offset == second
    assert "claims 987654321 bytes" in damage.message
    assert damage.resumed == data.index(b"WARC/1.0\r\n", second + 1)  # the next record
    assert [p.url for p in pages] == [urls[0], *urls[2:]]


def test_a_corrupt_gzip_member_is_skipped_to_the_next_member(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    urls = write_warc(path, 6, extras=False)
    spans = record_spans(path)
    data = bytearray(path.read_bytes())
    start, end = spans[2]
    middle = (start + end) // 2
    data[middle:middle + 8] = bytes(b ^ 0xA5 for b in data[middle:middle + 8])
    path.write_bytes(bytes(data))
    pages, (damage,) = read_all(path)
    assert (damage.offset, damage.resumed) == (start, end)
    assert "corrupt gzip member" in damage.message
    assert f"bytes {start}-{end} skipped" in damage.describe(path)
    assert [p.url for p in pages] == urls[:2] + urls[3:]


def test_garbage_between_members_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    urls = write_warc(path, 4, extras=False)
    spans = record_spans(path)
    data = path.read_bytes()
    at = spans[2][0]
    path.write_bytes(data[:at] + b"\0junk\0" * 50 + data[at:])
    pages, (damage,) = read_all(path)
    assert (damage.offset, damage.resumed) == (at, at + 300)
    assert [p.url for p in pages] == urls


def test_a_file_that_is_no_warc_at_all_is_one_source_error(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gzip.compress(b"hello, this is not a WARC\r\n\r\n" * 20))
    with pytest.raises(SourceError, match="not a readable WARC"):
        list(warc_ranges(path))


def _good_warcs(tmp: Path) -> dict[bool, tuple[bytes, list[WarcPage], list[tuple[int, int]]]]:
    out = {}
    for gz in (True, False):
        path = tmp / ("fuzz.warc.gz" if gz else "fuzz.warc")
        write_warc(path, 5)
        pages, damage = read_all(path)
        assert not damage
        out[gz] = (path.read_bytes(), pages, record_spans(path))
    return out


@pytest.fixture(scope="module")
def good_warcs(tmp_path_factory: pytest.TempPathFactory
               ) -> dict[bool, tuple[bytes, list[WarcPage], list[tuple[int, int]]]]:
    return _good_warcs(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=250, deadline=2000, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gz=st.booleans(), where=st.floats(0, 1), how=st.sampled_from(["cut", "flip", "zero"]),
       width=st.integers(1, 64))
def test_fuzz_damage_never_loses_what_came_before(
        good_warcs: dict[bool, tuple[bytes, list[WarcPage], list[tuple[int, int]]]],
        tmp_path: Path, gz: bool, where: float, how: str, width: int) -> None:
    data, pages, spans = good_warcs[gz]
    at = int(where * (len(data) - 1))
    if how == "cut":
        damaged = data[:at]
    else:
        hit = bytes(b ^ 0xFF for b in data[at:at + width]) if how == "flip" \
            else bytes(len(data[at:at + width]))
        damaged = data[:at] + hit + data[at + width:]
    path = tmp_path / f"{how}-{at}-{width}.warc{'.gz' if gz else ''}"
    path.write_bytes(damaged)
    whole_before = [p for p, (_, end) in zip(pages, spans, strict=True) if end <= at]
    try:
        got, damage = read_all(path, per_range=2)
    except SourceError:
        assert not whole_before  # only a file with no whole record is refused whole
        return
    assert got[: len(whole_before)] == whole_before  # byte-identical, in order
    if gz or how == "cut":  # gzip's CRC catches a changed byte; a cut record is never a page
        assert all(page in pages for page in got)
    if how == "cut" and len(whole_before) < len(pages):
        assert damage or len(got) == len(whole_before)


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("block", [7, 100, 4096])
def test_records_across_read_blocks_are_framed_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gz: bool, block: int) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    urls = write_warc(path, 9, gz=gz)
    monkeypatch.setattr("ingest.warc._BLOCK", block)  # headers and members cut by every edge
    pages, damage = read_all(path, per_range=4)
    assert not damage
    assert [p.url for p in pages] == urls
