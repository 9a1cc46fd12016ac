"""``ingest batch`` wall time with --jobs 1 and --jobs 2, and peak memory for 1x vs 10x inputs.

    python bench/batch_bench.py [--repeat N] [--copies K] [--skip-memory] [--json FILE]

Wall time: the whole command (``python -m ingest.cli batch CORPUS... -o NEW``,
interpreter start included) over the corpus pages, --jobs 1 and --jobs 2
alternating, best of ``--repeat`` each, and the median ratio of the back-to-back
pairs (robust when the host's speed drifts between runs), with the CPU time of that run's
process tree ("cores busy" = CPU s / wall s: below the --jobs count when
other work on the machine takes the cores). ``--copies K`` (default 1: the corpus as
it is) runs the same commands over the corpus linked K times into one folder: the
start-up every run pays (interpreter, imports: ~0.2 s) weighs K times less, so the
ratio says more about the parallel work itself. ingest's bytecode is compiled first, and
the timed runs are not sampled for memory (see :func:`batch`). Memory: the same corpus
1x and 10x, linked into a folder and written into one .warc.gz, run with --jobs 2; the peak RSS
(the kernel's high-water mark, VmHWM) of the main process and of the largest
worker, and main + jobs x largest worker, a bound for all processes at once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, corpus_folders, load, machine

NICE = 0
"""--nice: the niceness of the measured runs (negative needs root; for a shared machine)."""
TARGET_SPEEDUP = 1.7
TARGET_MEMORY_GROWTH = 0.20


def _high_water_mark(pid: int) -> int:
    """The peak resident set size of a process so far (Linux VmHWM), in bytes; 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _renice() -> None:
    os.nice(NICE)


def compile_bytecode() -> None:
    """Compile ingest's bytecode into its ``__pycache__`` folders, as ``pip install`` does.

    Without it, a machine that sets PYTHONDONTWRITEBYTECODE (this one does) recompiles
    ingest's source in every run (~35 ms of start-up that both --jobs runs pay). Python
    checks each file's timestamp, so a stale cache is never used.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "ingest")], check=True)


def env() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    return environment


def batch(inputs: list[str], out: Path, jobs: int, *, watch_memory: bool = False
          ) -> tuple[float, dict[str, float]]:
    """Run one batch; return wall seconds and, with ``watch_memory``, peak RSS (main,
    largest worker, tree).

    ``peak["cpu"]`` is the CPU time (user + system) of the whole process tree. Timed runs
    leave ``watch_memory`` off: reading /proc every 20 ms takes CPU from the workers.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "ingest.cli", "batch", *inputs, "-o", str(out),
               "-j", str(jobs), "-q"]
    start = time.perf_counter()
    proc = psutil.Popen(command, env=env(), preexec_fn=_renice if NICE else None)
    peak: dict[str, float] = {"main": 0, "worker": 0, "tree": 0}
    high: dict[int, int] = {}  # pid -> its own high-water mark (VmHWM), as last read
    main_pid = proc.pid
    while watch_memory and proc.poll() is None:
        try:
            pids = [main_pid] + [c.pid for c in proc.children(recursive=True)]
        except psutil.Error:
            break
        for pid in pids:
            mark = _high_water_mark(pid)
            if mark:
                high[pid] = max(high.get(pid, 0), mark)
        time.sleep(0.02)
    workers = [v for pid, v in high.items() if pid != main_pid]
    peak["main"] = high.get(main_pid, 0)
    peak["worker"] = max(workers, default=0)
    # the bound for all processes at once: each worker can reach the largest worker's peak
    peak["tree"] = peak["main"] + jobs * peak["worker"]
    code = proc.wait()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if code not in (0, 1):
        raise SystemExit(f"ingest batch exited {code}")
    return seconds, peak


def replicated(folders: list[Path], copies: int, base: Path) -> str:
    """A folder holding ``copies`` symlinked copies of every corpus page."""
    root = base / f"x{copies}"
    for k in range(copies):
        for folder in folders:
            target = root / f"copy{k:02d}" / folder.parent.name
            target.mkdir(parents=True)
            for page in folder.iterdir():
                (target / page.name).symlink_to(page)
    return str(root)


def warc_copies(folders: list[Path], copies: int, base: Path) -> str:
    """A .warc.gz holding ``copies`` response records of every corpus page."""
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = base / f"corpus-x{copies}.warc.gz"
    pages = [p for f in folders for p in sorted(f.iterdir()) if ".htm" in p.name]
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for k in range(copies):
            for page in pages:
                data = page.read_bytes()
                data = gzip.decompress(data) if page.name.endswith(".gz") else data
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://corpus.example/{k}/{page.name}", "response",
                    payload=io.BytesIO(data), http_headers=headers))
    return str(path)


def _spin(_: object = None) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i % 7
    return time.perf_counter() - start


def machine_ceiling(rounds: int = 5) -> float:
    """How much faster two processes finish two copies of a pure-Python loop than one does
    them in turn: the best --jobs 2 can do on this machine right now (2.0 on idle cores)."""
    import multiprocessing

    ratios = []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_spin, [0, 0])
        for _ in range(rounds):
            start = time.perf_counter()
            _spin()
            _spin()
            alone = time.perf_counter() - start
            start = time.perf_counter()
            pool.map(_spin, [0, 1], chunksize=1)
            ratios.append(alone / (time.perf_counter() - start))
    return sorted(ratios)[len(ratios) // 2]


def run(repeat: int = 3, memory: bool = True, timed_copies: int = 1) -> dict:
    folders = corpus_folders()
    if not folders:
        raise SystemExit("no corpus pages found in ../shared/corpus/*/html")
    results: dict = {"machine": machine(), "load": load(), "jobs": {}, "copies": timed_copies}
    with tempfile.TemporaryDirectory(prefix="ingest-bench.") as tmp:
        base = Path(tmp)
        pages = sum(1 for f in folders for p in f.iterdir() if ".htm" in p.name)
        inputs = ([replicated(folders, timed_copies, base / "timed")] if timed_copies > 1
                  else [str(f) for f in folders])
        results["pages"] = pages * timed_copies
        compile_bytecode()
        results["ceiling_before"] = machine_ceiling()
        times: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(repeat):
            for jobs in (1, 2):
                out = base / f"out-j{jobs}"
                seconds, peak = batch(inputs, out, jobs)
                times[jobs].append(seconds)
                cpu[jobs].append(peak["cpu"])
                shutil.rmtree(out)
        results["jobs"] = {str(j): min(t) for j, t in times.items()}
        results["jobs_all"] = {str(j): t for j, t in times.items()}
        pairs = sorted(a / b for a, b in zip(times[1], times[2], strict=True))
        results["paired_speedup"] = pairs[len(pairs) // 2] if len(pairs) % 2 else \
            (pairs[len(pairs) // 2 - 1] + pairs[len(pairs) // 2]) / 2
        best = {j: min(range(repeat), key=lambda k, j=j: times[j][k]) for j in times}
        results["cpu"] = {str(j): cpu[j][best[j]] for j in cpu}
        results["ceiling_after"] = machine_ceiling()
        if memory:
            mem = {}
            for kind, make in (("folder", replicated), ("warc", warc_copies)):
                for copies in (1, 10):
                    source = make(folders, copies, base)
                    seconds, peak = batch([source], base / f"mem{copies}", 2,
                                          watch_memory=True)
                    mem[f"{kind}-{copies}"] = {"pages": pages * copies, "seconds": seconds,
                                               **peak}
                    shutil.rmtree(base / f"mem{copies}")
            results["memory"] = mem
    return results


def table(r: dict) -> str:
    n = r["pages"]
    one, two = r["jobs"]["1"], r["jobs"]["2"]
    speedup = r["paired_speedup"]
    lines = [
        f"`ingest batch` over the {n} corpus pages"
        + (f" (the corpus linked {r['copies']} times)" if r.get("copies", 1) > 1 else "")
        + " (whole command, best of runs):",
        "",
        "| run | wall s | pages/s | CPU s (all processes) | cores busy | note |",
        "|---|---:|---:|---:|---:|---|",
        f"| --jobs 1 | {one:.2f} | {n / one:.1f} | {r['cpu']['1']:.2f} | "
        f"{r['cpu']['1'] / one:.2f} | |",
        f"| --jobs 2 | {two:.2f} | {n / two:.1f} | {r['cpu']['2']:.2f} | "
        f"{r['cpu']['2'] / two:.2f} | "
        f"{one / two:.2f}x the best --jobs 1 time; median of the {len(r['jobs_all']['1'])} "
        f"back-to-back pairs: {speedup:.2f}x "
        f"(target >= {TARGET_SPEEDUP:g}x: {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}) |",
    ]
    lines += ["", "Machine ceiling during this run (two copies of a pure-Python loop, two "
              f"processes vs one after the other): {r['ceiling_before']:.2f}x before, "
              f"{r['ceiling_after']:.2f}x after the timings; 2.0x on idle cores."]
    if "memory" in r:
        mb = 1024 * 1024
        lines += [
            "",
            "Peak memory (RSS), --jobs 2, the corpus 1x and 10x, as a folder (symlinks) and "
            "as one .warc.gz:",
            "",
            "| input | pages | wall s | main MB | largest worker MB | main + 2 x worker MB | "
            "growth 1x -> 10x |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for kind in ("folder", "warc"):
            small, large = r["memory"][f"{kind}-1"], r["memory"][f"{kind}-10"]
            growth = large["tree"] / small["tree"] - 1
            verdict = "met" if abs(growth) <= TARGET_MEMORY_GROWTH else "NOT met"
            for label, m in (("1x", small), ("10x", large)):
                note = (f"{growth:+.1%} (target within {TARGET_MEMORY_GROWTH:.0%}: {verdict})"
                        if label == "10x" else "")
                lines.append(f"| {kind} {label} | {m['pages']} | {m['seconds']:.1f} | "
                             f"{m['main'] / mb:.1f} | {m['worker'] / mb:.1f} | "
                             f"{m['tree'] / mb:.1f} | {note} |")
    nice = f"; measured commands run at nice {r['nice']}" if r.get("nice") else ""
    lines += ["", f"Machine: {r['machine']}; load average at start {r['load']}{nice}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--copies", type=int, default=1,
                        help="time the corpus linked this many times into one folder "
                             "(default 1: the corpus as it is)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--nice", type=int, default=0,
                        help="run the measured commands at this niceness (e.g. -20 as root on "
                             "a machine other work shares)")
    args = parser.parse_args()
    global NICE
    NICE = args.nice
    results = run(args.repeat, not args.skip_memory, max(1, args.copies))
    results["nice"] = NICE
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
