"""Pages/s of ``extract()`` against the floor (a bare parse) and trafilatura, same pages.

    python bench/extract_bench.py [--repeat N] [--json FILE]

Every method runs over the same in-memory corpus pages (gunzipped bytes) in
this one process; each is timed ``--repeat`` times and the best run counts
(the machine may be shared; the best run is the least disturbed one).
Also times reading the same pages back from a WARC with warcio.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import corpus_pages, load, machine

TARGET_VS_TRAFILATURA = 20.0
TARGET_VS_FLOOR = 4.0


def floor(data: bytes) -> object:
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(data).body
    return body.text() if body is not None else ""


def ingest_extract(data: bytes) -> object:
    from ingest import extract

    try:
        return extract(data, None)
    except Exception as exc:  # a page ingest refuses still costs its time
        return exc


def trafilatura_extract(data: bytes) -> object:
    import trafilatura

    return trafilatura.bare_extraction(data, with_metadata=True)


def best_time(fn: Callable[[bytes], object], pages: list[bytes], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for data in pages:
            fn(data)
        best = min(best, time.perf_counter() - start)
    return best


def warc_of(pages: list[bytes]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n, data in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://example.com/{n}", "response", payload=io.BytesIO(data),
            http_headers=headers))
    return buffer.getvalue()


def warc_read_time(blob: bytes, repeat: int) -> float:
    import tempfile

    from ingest.warc import iter_warc_pages

    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        path.write_bytes(blob)
        for _ in range(repeat):
            start = time.perf_counter()
            count = sum(1 for _ in iter_warc_pages(path))
            best = min(best, time.perf_counter() - start)
    assert count > 0
    return best


def run(repeat: int = 3, traf_repeat: int = 1) -> dict:
    named = corpus_pages()
    if not named:
        raise SystemExit("no corpus pages found in ../shared/corpus/*/html")
    pages = [data for _, data in named]
    for fn in (floor, ingest_extract, trafilatura_extract):  # warm imports and caches
        fn(pages[0])
    results = {
        "pages": len(pages),
        "mean_kb": sum(map(len, pages)) / len(pages) / 1024,
        "floor_s": best_time(floor, pages, repeat),
        "extract_s": best_time(ingest_extract, pages, repeat),
        "trafilatura_s": best_time(trafilatura_extract, pages, traf_repeat),
        "warc_read_s": warc_read_time(warc_of(pages), repeat),
        "machine": machine(),
        "load": load(),
    }
    return results


def table(r: dict) -> str:
    n = r["pages"]

    def row(name: str, seconds: float, note: str) -> str:
        return f"| {name} | {n / seconds:,.1f} | {seconds / n * 1000:.2f} | {note} |"

    vs_traf = r["trafilatura_s"] / r["extract_s"]
    vs_floor = r["extract_s"] / r["floor_s"]
    lines = [
        f"Extraction, one process, {n} corpus pages (mean {r['mean_kb']:.0f} KB), best of runs:",
        "",
        "| method | pages/s | ms/page | note |",
        "|---|---:|---:|---|",
        row("floor: selectolax parse + body.text()", r["floor_s"], "lower bound"),
        row("ingest extract()", r["extract_s"],
            f"{vs_floor:.1f}x the floor's time per page (target <= {TARGET_VS_FLOOR:g}x: "
            f"{'met' if vs_floor <= TARGET_VS_FLOOR else 'NOT met'}); "
            f"{vs_traf:.1f}x trafilatura's pages/s (target >= {TARGET_VS_TRAFILATURA:g}x: "
            f"{'met' if vs_traf >= TARGET_VS_TRAFILATURA else 'NOT met'})"),
        row("trafilatura.bare_extraction(with_metadata=True)", r["trafilatura_s"],
            "what users would otherwise pick"),
        row("reading the pages from a .warc.gz (warcio)", r["warc_read_s"],
            "WARC parsing + gunzip only"),
        "",
        f"Machine: {r['machine']}; load average at start {r['load']}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--trafilatura-repeat", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = run(args.repeat, args.trafilatura_repeat)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
