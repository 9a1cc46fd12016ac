"""All benchmarks (``make bench``): each script prints its own table.

Add a benchmark by adding its script to ``SCRIPTS``; each must be runnable as
``python bench/NAME.py`` and print a Markdown table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["extract_bench.py", "batch_bench.py", "dask_bench.py", "fetch_bench.py"]


def main() -> int:
    failed = 0
    for script in SCRIPTS:
        print(f"## {script}\n", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *sys.argv[1:]], check=False)
        failed |= done.returncode != 0
        print(flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
