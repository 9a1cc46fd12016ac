"""Throughput of `ingest fetch` against a bare httpx download loop, on the same local server.

    python bench/fetch_bench.py [--pages 2000] [--concurrency 64]

A server process serves the corpus pages (shared/corpus/*/html, .html and
.html.gz, gzip-encoded on the wire as real servers do) from memory over
HTTP/1.1 keep-alive on 127.0.0.1; URLs cycle through the pages until there
are ``--pages`` of them. Then, one after the other, in their own processes:

- bare:  an httpx.AsyncClient loop that downloads every URL (the floor);
- fetch: ``ingest fetch -i urls.txt --concurrency 64 --per-host 64 --delay 0``
         (robots.txt, snapshots, extraction in worker processes, JSON output).

For each: pages/s and the peak RSS of the process tree (sampled every 50 ms).
The server shares the machine's cores with the client, as in the issue.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import CORPUS as SHARED_CORPUS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("INGEST_CORPUS", SHARED_CORPUS))


def load_pages(corpus: Path) -> list[bytes]:
    pages = []
    for path in sorted(corpus.glob("*/html/*")):
        if path.name.endswith(".html.gz"):
            pages.append(gzip.decompress(path.read_bytes()))
        elif path.name.endswith(".html"):
            pages.append(path.read_bytes())
    return pages


# -- the server ----------------------------------------------------------------------


def serve(port_queue: multiprocessing.Queue, corpus: str) -> None:
    bodies = [gzip.compress(p, 6) for p in load_pages(Path(corpus))]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()
                if target.startswith("/p/"):
                    body = bodies[int(target.split("/")[2]) % len(bodies)]
                    status, extra = b"200 OK", b"Content-Encoding: gzip\r\n"
                else:
                    body, status, extra = b"not found", b"404 Not Found", b""
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; "
                             b"charset=utf-8\r\n" + extra + b"Content-Length: "
                             + str(len(body)).encode() + b"\r\n\r\n" + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port_queue.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# -- the floor: a bare httpx loop ----------------------------------------------------


async def bare_loop(urls: list[str], concurrency: int) -> int:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    slots = asyncio.Semaphore(concurrency)
    done = 0
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one(url: str) -> None:
            nonlocal done
            async with slots:
                response = await client.get(url)
                if response.status_code == 200 and response.content:
                    done += 1

        await asyncio.gather(*(one(u) for u in urls))
    return done


# -- measuring -----------------------------------------------------------------------


def cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def measure(cmd: list[str], server: psutil.Process) -> dict[str, float]:
    """Run a command: wall seconds, peak RSS of its process tree (MB), CPU seconds of
    the client process, of its worker processes, and of the server meanwhile."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server_before = cpu_seconds(server)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    watched = psutil.Process(proc.pid)
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                tree = [watched, *watched.children(recursive=True)]
                rss = 0
                for p in tree:
                    with contextlib.suppress(psutil.Error):
                        rss += p.memory_info().rss
                        cpu[p.pid] = cpu_seconds(p)
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.stdout.write(out.decode(errors="replace")[-3000:])
    client = cpu.pop(proc.pid, 0.0)
    return {"seconds": seconds, "peak_mb": peak / 1e6, "exit": proc.returncode,
            "client_cpu": client, "workers_cpu": sum(cpu.values()),
            "server_cpu": cpu_seconds(server) - server_before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--bare-only-urls", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_only_urls:  # the child process of the bare loop
        urls = args.bare_only_urls.read_text().split()
        got = asyncio.run(bare_loop(urls, args.concurrency))
        print(f"bare: {got} pages")
        sys.exit(0 if got == len(urls) else 1)

    pages = load_pages(args.corpus)
    if not pages:
        sys.exit(f"no pages under {args.corpus}/*/html")
    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(ports, str(args.corpus)), daemon=True)
    server.start()
    port = ports.get(timeout=60)
    urls = [f"http://127.0.0.1:{port}/p/{i}/page-{i}" for i in range(args.pages)]
    mean_kb = sum(len(p) for p in pages) / len(pages) / 1024
    print(f"{len(pages)} corpus pages (mean {mean_kb:.0f} KB decoded), {len(urls)} URLs, "
          f"{os.cpu_count()} CPUs, concurrency {args.concurrency}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "urls.txt"
        listing.write_text("\n".join(urls) + "\n")
        server_proc = psutil.Process(server.pid)
        bare = measure([sys.executable, __file__, "--bare-only-urls", str(listing),
                        "--concurrency", str(args.concurrency)], server_proc)
        rows.append(("bare httpx loop", bare))
        out = Path(tmp) / "out"
        fetch = measure([sys.executable, "-m", "ingest.cli", "fetch", "-i", str(listing),
                         "-o", str(out), "--concurrency", str(args.concurrency),
                         "--per-host", str(args.concurrency), "--delay", "0", "--quiet"],
                        server_proc)
        rows.append(("ingest fetch", fetch))
        written = len((out / "pages.jsonl").read_text().splitlines()) \
            if (out / "pages.jsonl").exists() else 0
        failed = len((out / "errors.jsonl").read_text().splitlines()) \
            if (out / "errors.jsonl").exists() else 0
        warc_mb = sum(p.stat().st_size for p in (out / "snapshots").glob("*.warc.gz")) / 1e6
    server.terminate()
    print(f"\n{'run':<18}{'seconds':>9}{'pages/s':>10}{'peak RSS MB':>13}"
          f"{'CPU s: client':>15}{'workers':>9}{'server':>8}{'exit':>6}")
    for name, m in rows:
        print(f"{name:<18}{m['seconds']:>9.2f}{args.pages / m['seconds']:>10.1f}"
              f"{m['peak_mb']:>13.0f}{m['client_cpu']:>15.1f}{m['workers_cpu']:>9.1f}"
              f"{m['server_cpu']:>8.1f}{m['exit']:>6}")
    ratio = rows[0][1]["seconds"] / rows[1][1]["seconds"]
    # The machine may be shared: CPU seconds are steadier than wall time. The best a run
    # could do on an idle machine is bounded by its busiest process and by all of its CPU
    # spread over every core.
    cores = os.cpu_count() or 1
    bound = {name: max(m["client_cpu"],
                       (m["client_cpu"] + m["workers_cpu"] + m["server_cpu"]) / cores)
             for name, m in rows}
    print("\nCPU-bound ceiling on an idle machine: " + ", ".join(
        f"{name} {args.pages / b:.0f} pages/s" for name, b in bound.items())
        + f" (ratio {bound[rows[0][0]] / bound[rows[1][0]]:.0%})")
    print(f"\ningest fetch at {ratio:.0%} of the bare loop's pages/s; {written} JSON records, "
          f"{failed} errors, WARC {warc_mb:.0f} MB")


if __name__ == "__main__":
    main()
