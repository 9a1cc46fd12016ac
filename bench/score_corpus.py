"""Run extract() over corpus sets and score the output with shared/tools/score.py.

    PYTHONPATH=. python bench/score_corpus.py [SET ...] [--corpus DIR] [--out DIR] [-v]

For each set (default: listicles-dev, article-benchmark-dev, wcxb-articles-dev)
every ``html/NAME.html[.gz]`` is extracted (with the URL from labels.json)
into ``OUT/body-SET/NAME.json``, then score.py is run with the set's
``ground-truth.json`` and ``score-args``. Prints ms/page (extract only) and
the score summary; ``-v`` passes -v to score.py for per-page lines.

Companions: ``bench/body_diff.py SET [NAME…]`` lists the worst pages by word F1
or prints the paragraphs a page has too many (+) or misses (-);
``bench/compare_runs.py SET OLD_DIR NEW_DIR`` lists the pages two runs disagree on.
``--halves`` also scores each half of the set (split by site, ``shared/corpus/halves.json``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ingest.extract import extract
from ingest.store import dumps

SETS = ("listicles-dev", "listicles-wcxb-dev", "article-benchmark-dev", "wcxb-articles-dev")
SHARED = Path("/work/shared")


def page_name(path: Path) -> str:
    name = path.name
    for suffix in (".html.gz", ".html"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def run_set(set_dir: Path, out_dir: Path) -> tuple[int, float]:
    """Extract every page of one set into out_dir; return (pages, ms per page)."""
    labels = json.loads((set_dir / "labels.json").read_text(encoding="utf-8"))
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    pages = sorted(p for p in (set_dir / "html").iterdir() if p.name.endswith((".html", ".gz")))
    spent = 0.0
    for path in pages:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if path.name.endswith(".gz") else raw
        name = page_name(path)
        url = (labels.get(name) or {}).get("url")
        start = time.perf_counter()
        try:
            record = extract(data, url)
        except Exception as exc:  # a failed page is scored as missing
            print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        finally:
            spent += time.perf_counter() - start
        (out_dir / f"{name}.json").write_text(dumps(record), encoding="utf-8")
    return len(pages), 1000 * spent / max(1, len(pages))


def score(set_dir: Path, out_dir: Path, verbose: bool, half: str | None = None) -> None:
    cmd = [sys.executable, str(SHARED / "tools" / "score.py"),
           "--labels", str(set_dir / "labels.json"), "--out", str(out_dir)]
    if half:
        cmd += ["--half", half]
    if (set_dir / "ground-truth.json").is_file():
        cmd += ["--bodies", str(set_dir / "ground-truth.json")]
    args_file = set_dir / "score-args"
    if args_file.is_file():
        cmd += args_file.read_text(encoding="utf-8").split()
    if verbose:
        cmd.append("-v")
    subprocess.run(cmd, check=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", default=list(SETS))
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--out", type=Path, default=Path("/tmp"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--halves", action="store_true",
                    help="score halves A and B (split by site, shared/corpus/halves.json) too")
    args = ap.parse_args(argv)
    for name in args.sets:
        set_dir = args.corpus / name
        out_dir = args.out / f"body-{name}"
        n, ms = run_set(set_dir, out_dir)
        print(f"== {name}: {n} pages, {ms:.1f} ms/page -> {out_dir}", flush=True)
        score(set_dir, out_dir, args.verbose)
        for half in ("A", "B") if args.halves else ():
            print(f"-- half {half}:", flush=True)
            score(set_dir, out_dir, False, half)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
