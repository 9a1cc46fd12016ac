"""The metadata stage alone: ms/page of ``extract_metadata`` over pre-parsed corpus pages.

    python bench/metadata_stage.py [--repeat N] [--base CHECKOUT] [--dump FILE]

Every corpus page is parsed once with ``LexborHTMLParser``; then only
``extract_metadata(tree, None)`` is timed over all the trees (no URL, as
``extract_stages.py`` runs ``extract()``), CPU time, best of ``--repeat`` runs.
``--base`` times another checkout (e.g. a worktree of an older commit) the same
way in a subprocess, run after this one, and prints the ratio of the two.
``--dump`` writes every page's Metadata as JSON lines, read with no URL and with
the labelled URL, so that two versions' outputs can be diffed.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))  # ingest from this checkout unless PYTHONPATH names one

# The corpus helpers of this checkout, whichever checkout ingest is imported from.
_spec = importlib.util.spec_from_file_location("_bench_common", ROOT / "bench" / "_common.py")
_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_common)
CORPUS, corpus_pages = _common.CORPUS, _common.corpus_pages
load, machine = _common.load, _common.machine


def _labelled_urls() -> dict[str, str]:
    """The labelled URL of each page, by the name corpus_pages gives it."""
    urls: dict[str, str] = {}
    for labels in CORPUS.glob("*/labels.json"):
        for name, label in json.loads(labels.read_text(encoding="utf-8")).items():
            if isinstance(label, dict) and label.get("url"):
                urls[f"{labels.parent.name}/{name}"] = label["url"]
    return urls


def _plain(value: Any) -> Any:
    """A Metadata field as JSON: datetimes as ISO strings, sets sorted."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _time(repeat: int) -> float:
    """Best CPU seconds per page of extract_metadata over the pre-parsed corpus."""
    from selectolax.lexbor import LexborHTMLParser

    from ingest.extract.metadata import extract_metadata

    trees = [LexborHTMLParser(data) for _, data in corpus_pages()]
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for tree in trees:
            extract_metadata(tree, None)
        best = min(best, time.process_time() - start)
    return best / len(trees)


def _dump(path: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from ingest.extract.metadata import extract_metadata

    urls = _labelled_urls()
    with path.open("w", encoding="utf-8") as out:
        for name, data in corpus_pages():
            tree = LexborHTMLParser(data)
            page = name.removesuffix(".gz").removesuffix(".html").removesuffix(".htm")
            for url in dict.fromkeys((None, urls.get(page))):
                meta = dataclasses.asdict(extract_metadata(tree, url))
                record = {"page": name, "url": url} | {k: _plain(v) for k, v in meta.items()}
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--base", type=Path, help="another checkout to time the same way")
    parser.add_argument("--dump", type=Path, help="write every page's Metadata here")
    parser.add_argument("--seconds", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        _dump(args.dump)
        return
    now = _time(args.repeat)
    if args.seconds:  # the subprocess of --base
        print(now)
        return
    print(f"metadata stage: {1000 * now:.3f} ms/page (best of {args.repeat})")
    if args.base:
        env = os.environ | {"PYTHONPATH": str(args.base.resolve())}
        out = subprocess.run([sys.executable, __file__, "--seconds", "--repeat", str(args.repeat)],
                             env=env, capture_output=True, text=True, check=True).stdout
        base = float(out.split()[-1])
        print(f"{args.base}: {1000 * base:.3f} ms/page; ratio {now / base:.2f}x")
    print(f"Machine: {machine()}; load average {load()}.")


if __name__ == "__main__":
    main()
