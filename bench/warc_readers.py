"""Reading the corpus pages back from a WARC: warcio against fastwarc, and ingest's damage scan.

The same records, the same run, best of ``--repeat``: the pages of every
corpus set are written as HTTP response records (gzipped per record, and
plain), then read back with each library's iterator (payload decoded). The
scan row is ``ingest.warc.warc_ranges`` (framing and checking every record),
the batch row ``iter_warc_pages`` over its ranges (what ``ingest batch`` does).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import corpus_pages, load, machine
from extract_bench import warc_of


def with_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    size = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                size += len(record.content_stream().read())
    return size


def with_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    size = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle, record_types=WarcRecordType.response,
                                      parse_http=True, auto_decode="all", fsspec_args=False):
            size += len(record.reader.read())
    return size


def scan_only(path: Path) -> int:
    from ingest.warc import warc_ranges

    return sum(1 for _ in warc_ranges(path))


def scan_and_read(path: Path) -> int:
    from ingest.warc import WarcDamage, iter_warc_pages, warc_ranges

    size = 0
    for item in warc_ranges(path):
        assert not isinstance(item, WarcDamage)
        size += sum(len(page.data) for page in iter_warc_pages(path, *item))  # type: ignore[union-attr]
    return size


def best(fn: Callable[[Path], int], path: Path, repeat: int) -> float:
    fn(path)  # warm: imports, page cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pages = [data for _, data in corpus_pages()]
    if not pages:
        raise SystemExit("no corpus pages found in ../shared/corpus/*/html")
    blob = warc_of(pages)
    with tempfile.TemporaryDirectory() as tmp:
        gz, plain = Path(tmp) / "c.warc.gz", Path(tmp) / "c.warc"
        gz.write_bytes(blob)
        plain.write_bytes(gzip.decompress(blob))
        assert with_warcio(gz) == with_fastwarc(gz) == scan_and_read(gz)
        print(f"{len(pages)} pages, {len(blob) / 2**20:.1f} MB gzipped; {machine()}; "
              f"load {load()}\n")
        print("| reader | .warc.gz ms | .warc ms | pages/s (.warc.gz) |")
        print("|---|---:|---:|---:|")
        rows = [("warcio ArchiveIterator", with_warcio),
                ("fastwarc ArchiveIterator", with_fastwarc),
                ("ingest scan (warc_ranges)", scan_only),
                ("ingest batch reading (scan + fastwarc)", scan_and_read)]
        for name, fn in rows:
            a, b = best(fn, gz, args.repeat), best(fn, plain, args.repeat)
            print(f"| {name} | {a * 1000:.0f} | {b * 1000:.0f} | {len(pages) / a:,.0f} |")


if __name__ == "__main__":
    main()
