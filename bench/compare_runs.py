"""Per-page word F1 of two output folders of the same set, pages that changed.

    python bench/compare_runs.py SET OLD_DIR NEW_DIR [--min 0.005]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from body_diff import prf


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--min", type=float, default=0.005)
    ap.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    args = ap.parse_args()
    truth = json.loads((args.corpus / args.set / "ground-truth.json").read_text(encoding="utf-8"))

    def text(folder: Path, name: str) -> str:
        path = folder / f"{name}.json"
        return json.loads(path.read_text(encoding="utf-8"))["text"] if path.is_file() else ""

    rows = []
    for name, item in truth.items():
        ref = item["articleBody"]
        a, b = prf(ref, text(args.old, name)), prf(ref, text(args.new, name))
        if abs(a[2] - b[2]) >= args.min:
            rows.append((b[2] - a[2], name, a, b))
    rows.sort()
    for delta, name, a, b in rows:
        print(f"{delta:+.3f}  {name[:20]:20}  F {a[2]:.3f} -> {b[2]:.3f}  "
              f"P {a[0]:.3f} -> {b[0]:.3f}  R {a[1]:.3f} -> {b[1]:.3f}")
    print(f"{len(rows)} pages changed; net {sum(r[0] for r in rows):+.3f}")


if __name__ == "__main__":
    main()
