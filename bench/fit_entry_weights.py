"""Fit the weights of the entry candidates' features on labelled pages, test them on others.

    PYTHONPATH=. python bench/fit_entry_weights.py [--train A] [--write]

Every candidate list that :func:`ingest.extract.entries.candidates` offers on a page
of listicles-dev and listicles-wcxb-dev becomes one example: its named
:func:`~ingest.extract.entries.features`, and whether it is the page's list (it
matches at least 80% of the labelled entries, rank and title, and its extra
entries are at most 20% of the labels; on an article no candidate is). A logistic
regression, L2-regularised toward the weights in use, is fitted on the pages of
the ``--train`` half (split by site, shared/corpus/halves.json) and scored by
running the extractor with each set of weights over the pages of the other half:
entry F1 and pages exactly right, as shared/tools/score.py counts them. ``--write``
stores the fitted weights in ingest/extract/entry_weights.json with the figures.
Standard library plus NumPy (a dev dependency through pandas).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import math
import sys
from pathlib import Path

import numpy as np

from ingest.extract import entries as entry_rules
from ingest.extract.assemble import read_page
from ingest.extract.document import parse
from ingest.extract.metadata import extract_metadata
from ingest.normalize import clean_url

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = ("listicles-dev", "listicles-wcxb-dev")
WEIGHTS_FILE = ROOT / "ingest" / "extract" / "entry_weights.json"


def _score_module():
    """shared/tools/score.py, imported (its matching rules are the ones the figures use)."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _score_module()


def pages(half: str | None) -> list[tuple[str, dict, bytes]]:
    """(set/name, label, html) of every labelled page of the half (None: all)."""
    halves = json.loads((SHARED / "corpus" / "halves.json").read_text())
    out = []
    for set_name in SETS:
        folder = SHARED / "corpus" / set_name
        labels = json.loads((folder / "labels.json").read_text())
        for path in sorted((folder / "html").iterdir()):
            if not path.name.endswith((".html", ".html.gz")):
                continue
            name = path.name.split(".")[0]
            if name not in labels or (half and halves[set_name].get(name) != half):
                continue
            data = path.read_bytes()
            out.append((f"{set_name}/{name}", labels[name],
                        gzip.decompress(data) if path.name.endswith(".gz") else data))
    return out


def examples(label: dict, html: bytes) -> list[tuple[dict[str, float], int]]:
    """(features, is the page's list) of each candidate list of one page."""
    url = clean_url(label.get("url")) if label.get("url") else None
    doc = parse(html)
    meta = extract_metadata(doc.tree, url)
    content = read_page(doc, meta, url or meta.canonical_url).content
    gold = label.get("entries") or [] if label.get("kind") == "listicle" else []
    listy = entry_rules.is_listy(meta.title, meta.declared_count)
    out = []
    for cand in entry_rules.candidates(content, meta.title, meta.declared_count, meta.how_to,
                                       meta.other_counts):
        end = entry_rules._end_of(cand, content)
        feats = entry_rules.features(cand, content, meta.declared_count, listy, end,
                                     meta.other_counts)
        pred = [{"rank": m.rank if cand.numbered else None, "title": m.title}
                for m in cand.markers]
        tp = SCORE.match_entries(gold, pred, use_rank=True) if gold else 0
        right = bool(gold) and tp >= 0.8 * len(gold) and len(pred) - tp <= 0.2 * len(gold)
        out.append((feats, int(right)))
    return out


def fit(rows: list[tuple[dict[str, float], int]], prior: dict[str, float], scale: float,
        strength: float) -> dict[str, float]:
    """Logistic regression over the rows, pulled toward ``prior / scale`` (L2)."""
    names = sorted({k for f, _ in rows for k in f} | (set(prior) - {"bias"}))
    x = np.array([[f.get(k, 0.0) for k in names] + [1.0] for f, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    w0 = np.array([prior.get(k, 0.0) / scale for k in names] + [prior.get("bias", 0.0) / scale])
    w = w0.copy()
    for _ in range(4000):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) / len(y) + strength * (w - w0)
        w -= 0.5 * grad
    fitted = {k: round(float(v) * scale, 3) for k, v in zip(names, w[:-1], strict=True)}
    fitted["bias"] = round(float(w[-1]) * scale, 3)
    return fitted


def evaluate(weights: dict[str, float], held: list[tuple[str, dict, bytes]]) -> dict[str, float]:
    """Entry F1 and pages exactly right of the extractor with these weights."""
    from ingest import extract

    saved = dict(entry_rules.WEIGHTS)
    entry_rules.WEIGHTS.clear()
    entry_rules.WEIGHTS.update(weights)
    tp = fp = fn = right = listicles = wrong_articles = articles = 0
    try:
        for _, label, html in held:
            record = extract(html, label.get("url"))
            pred = [{"rank": e.rank, "title": e.title} for e in record.entries]
            gold = label.get("entries") or []
            if label.get("kind") == "article":
                articles += 1
                wrong_articles += bool(pred)
                continue
            if label.get("kind") != "listicle":
                continue
            listicles += 1
            hit = SCORE.match_entries(gold, pred, use_rank=True)
            tp, fp, fn = tp + hit, fp + len(pred) - hit, fn + len(gold) - hit
            right += hit == len(gold) == len(pred)
    finally:
        entry_rules.WEIGHTS.clear()
        entry_rules.WEIGHTS.update(saved)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"entry_f1": round(f1, 4), "page_accuracy": round(right / max(listicles, 1), 4),
            "articles_given_entries": f"{wrong_articles}/{articles}"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", choices=("A", "B"), default="A")
    ap.add_argument("--strength", type=float, default=0.05, help="L2 pull toward the prior")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    held_half = "B" if args.train == "A" else "A"
    stored = json.loads(WEIGHTS_FILE.read_text())
    prior = stored.get("prior", stored["weights"])
    train = pages(args.train)
    held = pages(held_half)
    rows = [row for _, label, html in train for row in examples(label, html)]
    scale = 4.0  # hand weights are in points; one logit is about four of them
    fitted = fit(rows, prior, scale, args.strength)
    print(f"{len(rows)} candidates from {len(train)} pages of half {args.train} "
          f"({sum(y for _, y in rows)} right)")
    before = evaluate(prior, held)
    after = evaluate(fitted, held)
    print(f"half {held_half} (held out), hand weights:   {before}")
    print(f"half {held_half} (held out), fitted weights: {after}")
    for name in sorted(fitted):
        print(f"  {name:28} {prior.get(name, 0.0):8.2f} -> {fitted[name]:8.2f}")
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps({
            "source": f"bench/fit_entry_weights.py --train {args.train} "
                      f"--strength {args.strength}",
            "held_out": {"half": held_half, "hand": before, "fitted": after},
            "prior": prior, "weights": fitted}, indent=1) + "\n")
        print(f"written: {WEIGHTS_FILE}")
    return 0 if math.isfinite(sum(fitted.values())) else 1


if __name__ == "__main__":
    sys.exit(main())
