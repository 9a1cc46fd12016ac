"""Print a corpus page's blocks as the extractor sees them, beside its label.

    PYTHONPATH=. python bench/show_blocks.py SET NAME [--all] [--width N]

Each line is one block of the article body (``--all``: every block of the page,
``*`` marking those in the body): its index, kind and level, signature,
flags (bold ``B``, italic ``I``, lead ``L``, list position ``#n``, slide ``S``,
lines ``br``) and the start of its text. Then the label's entries and what
``extract()`` found. A tool for reading pages, not part of the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from ingest.extract import extract
from ingest.extract.body import attach_detached_ranks, body_blocks, drop_repeats
from ingest.extract.content import linearize
from ingest.extract.document import parse
from ingest.extract.links import find_promos
from ingest.extract.metadata import extract_metadata

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _flags(b: object) -> str:
    f = ""
    f += "B" if b.bold else ""
    f += "I" if b.italic else ""
    f += f"L({b.lead[:20]})" if b.lead else ""
    f += f"#{b.list_pos}{'o' if b.list_ordered else 'u'}" if b.list_pos is not None else ""
    f += "S" if b.slide is not None else ""
    f += f"br{len(b.lines)}" if b.lines else ""
    f += f"r{b.rank_hint}" if b.rank_hint is not None else ""
    f += "P" if b.promo else ""
    return f


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("name")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--width", type=int, default=90)
    args = ap.parse_args()
    folder = SHARED / "corpus" / args.set
    labels = json.loads((folder / "labels.json").read_text())
    gold = labels[args.name]
    path = next(p for p in (folder / "html").iterdir() if p.name.startswith(args.name + ".h"))
    data = path.read_bytes()
    data = gzip.decompress(data) if path.name.endswith(".gz") else data
    url = gold.get("url")
    doc = parse(data, None)
    meta = extract_metadata(doc.tree, url)
    blocks = linearize(doc.body, url)
    body, _ = body_blocks(blocks, meta)
    body = attach_detached_ranks(drop_repeats(body))
    _, taken = find_promos(body, url)
    ids = {id(b) for b in body}
    shown = blocks if args.all else body
    print(f"title={meta.title!r} declared={meta.declared_count} how_to={meta.how_to} "
          f"other={sorted(meta.other_counts)}")
    for i, b in enumerate(shown):
        mark = "*" if id(b) in ids else " "
        tk = "T" if args.all is False and i in taken else " "
        kind = f"{b.kind}{b.level or ''}"
        print(f"{i:4}{mark}{tk} {kind:8} {b.signature[:28]:28} {_flags(b):10} "
              f"{b.text[:args.width]!r}")
    print("\nLABEL:", gold.get("kind"), gold.get("declared_count"), gold.get("order"))
    for e in gold.get("entries") or []:
        print(f"   {e.get('rank')!s:>4} {e.get('title')!r:60.60} | {e.get('first_words')!r:.40}")
    print("   related:", [r.get("url") for r in gold.get("related") or []])
    print("   notes:", gold.get("notes"))
    record = extract(data, url)
    print("\nFOUND:", len(record.entries), record.order)
    for e in record.entries:
        print(f"   {e.rank!s:>4} {e.title!r:60.60} | {(e.paragraphs or [''])[0]!r:.40}")
    print("   related:", [r.url for r in record.related])


if __name__ == "__main__":
    main()
