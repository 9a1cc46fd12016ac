"""Metadata of trafilatura beside ingest's, scored by shared/tools/score.py on the same labels.

    PYTHONPATH=. python bench/metadata_baseline.py [SET ...] [--halves] [-v]

For each set (default: listicles-wcxb-dev and wcxb-articles-dev, whose labels carry
``meta``) every page is read by ``trafilatura.bare_extraction(with_metadata=True)``
with the labelled URL, its title, authors and date written as
``OUT/traf-SET/NAME.json`` in ingest's field names, and score.py prints the
title / author / date rows; then ``extract()`` is run and scored the same way
(``OUT/body-SET``). ``--halves`` scores half A and half B (split by site) too, and
each half with the pages of all the sets pooled.
trafilatura is a baseline only: it is never called by ``extract()``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.score_corpus import SHARED, page_name, run_set

FIELDS = ("title_accuracy", "author_f1", "date_accuracy")


def trafilatura_set(set_dir: Path, out_dir: Path) -> None:
    """trafilatura's metadata of every page of one set, as ingest-shaped JSON files."""
    import trafilatura

    labels = json.loads((set_dir / "labels.json").read_text(encoding="utf-8"))
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    for path in sorted((set_dir / "html").iterdir()):
        raw = path.read_bytes()
        data = gzip.decompress(raw) if path.name.endswith(".gz") else raw
        name = page_name(path)
        url = (labels.get(name) or {}).get("url")
        try:
            doc = trafilatura.bare_extraction(data.decode("utf-8", "replace"), url=url,
                                              with_metadata=True)
        except Exception as exc:  # a baseline failure is scored as a miss
            print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            doc = None
        meta = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
        authors = [a.strip() for a in re.split(r";", meta.get("author") or "") if a.strip()]
        record = {"title": meta.get("title"), "authors": authors,
                  "published_at": meta.get("date"), "image": meta.get("image"), "entries": []}
        (out_dir / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


def scores(set_dir: Path, out_dir: Path, half: str | None, verbose: bool) -> dict[str, float]:
    cmd = [sys.executable, str(SHARED / "tools" / "score.py"), "--labels",
           str(set_dir / "labels.json"), "--out", str(out_dir), "--json"]
    if half:
        cmd += ["--half", half]
    if verbose:
        cmd.append("-v")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if verbose:
        print(done.stderr, end="")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def pooled(sets: list[str], folders: dict[str, Path], half: str) -> dict[str, float]:
    """Title / author F1 / day of one half with the pages of all sets pooled, matched as
    score.py matches them (its functions are imported, not copied)."""
    sys.path.insert(0, str(SHARED / "tools"))
    from score import norm_name, same_day, titles_match

    halves = json.loads((SHARED / "corpus" / "halves.json").read_text(encoding="utf-8"))
    titles = title_ok = dated = day_ok = tp = fp = fn = 0
    for name in sets:
        labels = json.loads((SHARED / "corpus" / name / "labels.json").read_text(encoding="utf-8"))
        for page, label in labels.items():
            gold = (label or {}).get("meta") or {}
            if halves.get(name, {}).get(page) != half or not gold:
                continue
            path = folders[name] / f"{page}.json"
            out = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            if gold.get("title"):
                titles += 1
                title_ok += titles_match(gold["title"], out.get("title") or "")
            if gold.get("authors"):
                want = {norm_name(a) for a in gold["authors"]} - {""}
                got = {norm_name(a) for a in out.get("authors") or [] if isinstance(a, str)} - {""}
                tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
            if gold.get("published"):
                dated += 1
                got_day, want_day = same_day(str(out.get("published_at") or ""), gold["published"])
                day_ok += got_day == want_day
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"title_accuracy": title_ok / titles if titles else 0.0, "author_f1": f1,
            "date_accuracy": day_ok / dated if dated else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", default=["listicles-wcxb-dev", "wcxb-articles-dev"])
    ap.add_argument("--out", type=Path, default=Path("/tmp"))
    ap.add_argument("--halves", action="store_true")
    ap.add_argument("--skip-trafilatura", action="store_true",
                    help="reuse trafilatura's output of an earlier run")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    print("| set | half | tool | " + " | ".join(FIELDS) + " |")
    print("|---|---|---|" + "---:|" * len(FIELDS))
    for name in args.sets:
        set_dir = SHARED / "corpus" / name
        ours, theirs = args.out / f"body-{name}", args.out / f"traf-{name}"
        if not args.skip_trafilatura:
            trafilatura_set(set_dir, theirs)
        run_set(set_dir, ours)
        for half in (None, "A", "B") if args.halves else (None,):
            for tool, folder in (("trafilatura", theirs), ("ingest", ours)):
                got = scores(set_dir, folder, half, args.verbose and tool == "ingest")
                cells = " | ".join(f"{got.get(f, 0) or 0:.3f}" for f in FIELDS)
                print(f"| {name} | {half or 'all'} | {tool} | {cells} |", flush=True)
    if args.halves and len(args.sets) > 1:
        for half in ("A", "B"):
            for tool, prefix in (("trafilatura", "traf"), ("ingest", "body")):
                got = pooled(args.sets, {n: args.out / f"{prefix}-{n}" for n in args.sets}, half)
                cells = " | ".join(f"{got[f]:.3f}" for f in FIELDS)
                print(f"| all sets pooled | {half} | {tool} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
