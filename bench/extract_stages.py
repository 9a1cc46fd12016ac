"""Where ``extract()`` spends its time: ms/page of each stage, against a bare parse.

    python bench/extract_stages.py [--repeat N]

Times, over the corpus pages in one process, a bare selectolax parse plus
``body.text()`` (the floor), ``extract()`` as it is, and ``extract()`` again
with each stage function that :mod:`ingest.extract.assemble` calls wrapped in a
timer (parse, metadata, the walk, body and container, promos, entries); what
is left of that run is assembly, validation and the page's sha256. Best of
``--repeat`` runs each, CPU time; the garbage collector runs as usual.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import corpus_pages, load, machine

# The functions assemble calls, by the stage they belong to.
STAGES = {
    "parse": "parse",
    "extract_metadata": "metadata",
    "linearize": "walk (content.linearize)",
    "body_blocks": "body and container",
    "drop_repeats": "body and container",
    "attach_detached_ranks": "body and container",
    "find_promos": "promos",
    "find_series_next": "promos",
    "find_entries": "entries",
}
REST = "assembly, validation, sha256"


def _timed(function: Callable, stage: str, spent: dict[str, float]) -> Callable:
    def timed(*args: object, **kwargs: object) -> object:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] = spent.get(stage, 0.0) + time.process_time() - start
    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from selectolax.lexbor import LexborHTMLParser

    from ingest.extract import assemble

    pages = [data for _, data in corpus_pages()]
    best: dict[str, float] = {}

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    originals = {name: getattr(assemble, name) for name in STAGES}
    for _ in range(args.repeat):
        start = time.process_time()
        for data in pages:
            body = LexborHTMLParser(data).body
            if body is not None:
                body.text()
        keep("floor", time.process_time() - start)

        start = time.process_time()
        for data in pages:
            assemble.extract(data)
        keep("total", time.process_time() - start)

        spent: dict[str, float] = {}
        for name, stage in STAGES.items():
            setattr(assemble, name, _timed(originals[name], stage, spent))
        try:
            start = time.process_time()
            for data in pages:
                assemble.extract(data)
            whole = time.process_time() - start
        finally:
            for name, function in originals.items():
                setattr(assemble, name, function)
        spent[REST] = whole - sum(spent.values())
        for stage, seconds in spent.items():
            keep(stage, seconds)

    def ms(seconds: float) -> str:
        return f"{1000 * seconds / len(pages):.2f}"

    print(f"`extract()` by stage, {len(pages)} corpus pages, best of {args.repeat} runs:\n")
    print("| stage | ms/page |\n|---|---:|")
    print(f"| floor: selectolax parse + `body.text()` | {ms(best['floor'])} |")
    for stage in dict.fromkeys([*STAGES.values(), REST]):
        print(f"| {stage} | {ms(best[stage])} |")
    print(f"| **`extract()`** | **{ms(best['total'])}** "
          f"({best['total'] / best['floor']:.1f}x the floor) |")
    print(f"\nMachine: {machine()}; load average at start {load()}.")


if __name__ == "__main__":
    main()
