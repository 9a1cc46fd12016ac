"""``ingest batch`` on a Dask LocalCluster (2 workers) vs locally with --jobs 2, same pages.

    python bench/dask_bench.py [--repeat N] [--copies K] [--json FILE]

Both sides are the whole command (``python -m ingest.cli batch PAGES -o NEW``,
interpreter start and imports included), in ``--repeat`` pairs (local, then
cluster), after one untimed warm-up run of each (which also lets the cluster's
workers import ingest). The overhead is the median of the pairs' ratios, so
that other work on the machine, which moves both runs of a pair alike, does
not decide it; best and median times are shown too. The cluster is a
``dask.distributed.LocalCluster`` of 2 worker processes with 1 thread each,
started once by this script on 127.0.0.1 (its start-up time is reported, not
counted): the cost measured is that of the cluster path itself (connecting,
shipping tasks, the scheduler), as for a user whose cluster is already
running. The corpus pages are linked ``--copies`` times into one folder
(default 2, so fixed costs do not dominate).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, corpus_folders, load, machine

TARGET_OVERHEAD = 0.25
"""The cluster path may take at most this much longer than local --jobs 2."""


def env() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    environment.pop("INGEST_SCHEDULER", None)
    return environment


def cpu_seconds() -> float:
    """CPU time (user + system) so far of this process (the scheduler runs in it), of its
    live children (the cluster's nannies and workers) and of its finished children (the
    ``ingest batch`` commands and their pool workers)."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += sum(child.cpu_times()[:2])
    finished = resource.getrusage(resource.RUSAGE_CHILDREN)
    return total + finished.ru_utime + finished.ru_stime


def batch(inputs: list[str], out: Path, extra: list[str]) -> tuple[float, float]:
    """Run one ``ingest batch`` into a new folder; return its wall and CPU seconds."""
    command = [sys.executable, "-m", "ingest.cli", "batch", *inputs, "-o", str(out), "-q",
               *extra]
    cpu = cpu_seconds()
    start = time.perf_counter()
    done = subprocess.run(command, env=env(), check=False)
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"ingest batch {' '.join(extra)} exited {done.returncode}")
    shutil.rmtree(out)
    return seconds, cpu


def replicated(folders: list[Path], copies: int, base: Path) -> tuple[str, int]:
    """A folder holding ``copies`` symlinked copies of every corpus page; (folder, pages)."""
    root = base / f"x{copies}"
    pages = 0
    for k in range(copies):
        for folder in folders:
            target = root / f"copy{k:02d}" / folder.parent.name
            target.mkdir(parents=True)
            for page in folder.iterdir():
                if ".htm" in page.name:
                    (target / page.name).symlink_to(page)
                    pages += 1
    return str(root), pages


def run(repeat: int = 5, copies: int = 2) -> dict:
    try:
        from distributed import LocalCluster
    except ImportError:
        raise SystemExit("Dask is not installed: pip install 'ingest[dask]'") from None

    folders = corpus_folders()
    if not folders:
        raise SystemExit("no corpus pages found in ../shared/corpus/*/html")
    results: dict = {"machine": machine(), "load": load(), "copies": copies}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ingest-dask-bench.") as tmp, LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster:
        results["cluster_start"] = time.perf_counter() - started
        base = Path(tmp)
        source, results["pages"] = replicated(folders, copies, base)
        sides = {"local": ["--jobs", "2"], "dask": ["--scheduler", cluster.scheduler_address]}
        for name, extra in sides.items():  # warm-up: page cache, the workers' imports
            results[f"{name}_warmup"] = batch([source], base / "out", extra)[0]
        times: dict[str, list[float]] = {name: [] for name in sides}
        cpu: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(repeat):
            for name, extra in sides.items():
                seconds, used = batch([source], base / "out", extra)
                times[name].append(seconds)
                cpu[name].append(used)
    results["all"] = times
    results["cpu_all"] = cpu
    results["best"] = {name: min(t) for name, t in times.items()}
    results["median"] = {name: statistics.median(t) for name, t in times.items()}
    results["cpu"] = {name: statistics.median(t) for name, t in cpu.items()}
    results["overhead"] = statistics.median(
        d / lo - 1 for lo, d in zip(times["local"], times["dask"], strict=True))
    return results


def table(r: dict) -> str:
    n = r["pages"]
    local, dask = r["best"]["local"], r["best"]["dask"]
    overhead = r["overhead"]
    verdict = "met" if overhead <= TARGET_OVERHEAD else "NOT met"
    runs = len(r["all"]["local"])
    return "\n".join([
        f"`ingest batch` over {n} pages (the corpus linked {r['copies']}x; whole command, "
        f"{runs} pairs of runs):",
        "",
        "| run | wall s (best) | wall s (median) | pages/s (best) | CPU s (median) | note |",
        "|---|---:|---:|---:|---:|---|",
        f"| local --jobs 2 | {local:.2f} | {r['median']['local']:.2f} | {n / local:.1f} | "
        f"{r['cpu']['local']:.2f} | |",
        f"| --scheduler, LocalCluster 2 workers | {dask:.2f} | {r['median']['dask']:.2f} | "
        f"{n / dask:.1f} | {r['cpu']['dask']:.2f} | {overhead:+.1%} wall vs local (median "
        f"of the pairs; best vs best {dask / local - 1:+.1%}; target within "
        f"{TARGET_OVERHEAD:.0%}: {verdict}); CPU {r['cpu']['dask'] / r['cpu']['local'] - 1:+.1%} |",
        "",
        f"Cluster start-up (not counted): {r['cluster_start']:.1f} s. First run on the fresh "
        f"cluster (workers import ingest): {r['dask_warmup']:.2f} s; first local run: "
        f"{r['local_warmup']:.2f} s.",
        "",
        f"Machine: {r['machine']}; load average at start {r['load']}.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args, _ = parser.parse_known_args()
    results = run(args.repeat, args.copies)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
