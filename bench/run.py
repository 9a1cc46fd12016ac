"""All benchmarks (``make bench``): each script prints its own table.

Add a benchmark by adding its script to ``SCRIPTS``; each must be runnable as
``python bench/NAME.py`` and print a Markdown table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS: list[list[str]] = [
    ["extract_bench.py"],
    ["extract_stages.py"],
    ["warc_readers.py"],
    ["worst_case.py"],
    ["batch_bench.py"],
    # The same on 4x the corpus, where the ~0.3 s start-up of a 2 s run weighs less.
    ["batch_bench.py", "--copies", "4", "--skip-memory", "--repeat", "3"],
    ["dask_bench.py"],
    ["fetch_bench.py"],
]


def main() -> int:
    failed = 0
    for script, *args in SCRIPTS:
        print(f"## {' '.join([script, *args])}\n", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *args, *sys.argv[1:]],
                              check=False)
        failed |= done.returncode != 0
        print(flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
