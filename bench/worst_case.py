"""Adversarial pages at 1x and 8x their size: is every stage of extract() linear?

Each builder makes a page that stresses one part of the extractor: long
``<br>`` runs of one repeated rank, thousands of numbered headings or bold
run-ins, deep nesting, one huge text node, a huge attribute, huge broken
JSON-LD, many tables. For each, the best of ``--repeat`` runs of ``extract()``
at 1x and 8x, and the growth ratio: linear is 8x, n log n a little more; the
bar is 10x (``--check`` exits 1 above it).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import extract

HEAD = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{t}</title>{h}</head>"


def page(title: str, body: str, head: str = "") -> bytes:
    return (HEAD.format(t=title, h=head) + f"<body><article><h1>{title}</h1>{body}"
            "</article></body></html>").encode()


def br_run(n: int) -> bytes:
    """One paragraph of n <br>-separated lines that all carry the same rank."""
    return page(f"{n} Lines", "<p>" + "<br>".join("1. line of text" for _ in range(n)) + "</p>")


def br_numbered(n: int) -> bytes:
    """One paragraph of n <br>-separated lines numbered 1..n."""
    return page(f"{n} Lines", "<p>" + "<br>".join(f"{k}. line {k} of text" for k in range(1, n + 1))
                + "</p>")


def headings(n: int) -> bytes:
    """n numbered headings, each with a short paragraph."""
    return page(f"The {n} Best Things", "".join(
        f"<h2>{k}. Thing number {k}</h2><p>Why thing {k} is on the list at all.</p>"
        for k in range(n, 0, -1)))


def bold_run_ins(n: int) -> bytes:
    """n paragraphs opening with a bold numbered name."""
    return page(f"{n} Ideas", "".join(
        f"<p><strong>{k}. Idea {k}.</strong> What idea {k} is about, in a sentence.</p>"
        for k in range(1, n + 1)))


def nesting(n: int) -> bytes:
    """Text n <div>s deep."""
    return page("Deep", "<div>" * n + "<p>Deep text at the bottom.</p>" + "</div>" * n)


def text_node(n: int) -> bytes:
    """One paragraph of n words."""
    return page("Long", "<p>" + "word " * n + "</p>")


def attribute(n: int) -> bytes:
    """An element whose attribute holds n bytes."""
    return page("Attr", f"<div data-x='{'x' * n}'><p>Some text in the attributed block.</p></div>")


def broken_json_ld(n: int) -> bytes:
    """A JSON-LD script of n bytes that never closes its object."""
    blob = '{"@context":"https://schema.org","@type":"Article","headline":"' + "x" * n
    return page("Broken", "<p>A paragraph of text.</p>",
                head=f"<script type='application/ld+json'>{blob}</script>")


def tables(n: int) -> bytes:
    """n small tables with ranked rows."""
    rows = "".join(f"<tr><td>{r}</td><td>Row {r}</td><td>detail</td></tr>" for r in range(1, 6))
    return page(f"{n} Tables", "".join(f"<h3>Table {k}</h3><table>{rows}</table>"
                                       for k in range(n)))


CASES: list[tuple[str, Callable[[int], bytes], int]] = [
    ("<br> lines of one repeated rank", br_run, 1000),
    ("<br> lines numbered 1..n", br_numbered, 1000),
    ("numbered headings", headings, 1000),
    ("bold numbered run-ins", bold_run_ins, 1000),
    ("nested <div>s", nesting, 500),
    ("one huge text node (words)", text_node, 100_000),
    ("one huge attribute (bytes)", attribute, 1_000_000),
    ("huge broken JSON-LD (bytes)", broken_json_ld, 1_000_000),
    ("many tables", tables, 100),
]


def best(data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        extract(data, "https://example.com/worst/")
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio is over 10")
    args = parser.parse_args()
    extract(headings(10), None)  # warm
    gc.freeze()  # as `ingest` does after its imports: the modules stay out of the collector's way
    print("| page | n (1x) | KB (1x) | ms at 1x | ms at 8x | growth (8x size) |")
    print("|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    for name, build, n in CASES:
        small, large = build(n), build(8 * n)
        a, b = best(small, args.repeat), best(large, args.repeat)
        ratio = b / a
        worst = max(worst, ratio)
        print(f"| {name} | {n:,} | {len(small) / 1024:,.0f} | {a * 1000:,.1f} | "
              f"{b * 1000:,.1f} | {ratio:.1f}x |", flush=True)
    print(f"\nworst growth: {worst:.1f}x for 8x the size (linear: 8x; the bar: 10x)")
    return 1 if args.check and worst > 10 else 0


if __name__ == "__main__":
    sys.exit(main())
