"""Show where the extracted body text and the reference disagree, per page.

    python bench/body_diff.py SET [NAME ...] [--out DIR] [--worst N]

Without NAMEs, lists the N worst pages by word F1 with precision and recall.
With NAMEs, prints each paragraph of our text not found in the reference
(``+`` extra) and each reference paragraph not found in ours (``-`` missing).
Reads the output of bench/score_corpus.py (``OUT/body-SET/NAME.json``).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> Counter:
    return Counter(TOKEN.findall(text.lower()))


def prf(ref: str, ours: str) -> tuple[float, float, float]:
    t, p = _words(ref), _words(ours)
    tp = sum((t & p).values())
    prec = tp / max(1, sum(p.values()))
    rec = tp / max(1, sum(t.values()))
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def _norm(text: str) -> str:
    return " ".join(TOKEN.findall(text.lower()))


def show(ref: str, ours: str) -> None:
    ref_n, ours_n = _norm(ref), _norm(ours)
    for para in ours.split("\n\n"):
        if _norm(para) and _norm(para) not in ref_n:
            print("  +", para[:300].replace("\n", " | "))
    for para in ref.split("\n"):
        if _norm(para) and _norm(para) not in ours_n:
            print("  -", para[:300])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("names", nargs="*")
    ap.add_argument("--out", type=Path, default=Path("/tmp"))
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    ap.add_argument("--worst", type=int, default=25)
    args = ap.parse_args()
    truth = json.loads((args.corpus / args.set / "ground-truth.json").read_text(encoding="utf-8"))
    out = args.out / f"body-{args.set}"

    def ours(name: str) -> str:
        path = out / f"{name}.json"
        return json.loads(path.read_text(encoding="utf-8"))["text"] if path.is_file() else ""

    if not args.names:
        rows = []
        for name, item in truth.items():
            rows.append((prf(item["articleBody"], ours(name)), name))
        rows.sort(key=lambda row: row[0][2])
        for (p, r, f), name in rows[: args.worst]:
            print(f"{f:.3f}  P {p:.3f}  R {r:.3f}  {name}")
        return
    for prefix in args.names:
        name = next(n for n in truth if n.startswith(prefix))
        ref = truth[name]["articleBody"]
        text = ours(name)
        p, r, f = prf(ref, text)
        print(f"== {name}  F {f:.3f} P {p:.3f} R {r:.3f}")
        show(ref, text)


if __name__ == "__main__":
    main()
