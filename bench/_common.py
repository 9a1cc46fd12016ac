"""Shared helpers of the benchmarks: the corpus pages and a description of the machine."""

from __future__ import annotations

import gzip
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((p / "shared" / "corpus" for p in ROOT.parents
               if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared" / "corpus")
"""../shared/corpus beside the project (or beside a folder holding it, for git worktrees)."""


def corpus_folders() -> list[Path]:
    """The ``html`` folders of every corpus set (empty when ../shared is absent)."""
    return sorted(p for p in CORPUS.glob("*/html") if p.is_dir())


def corpus_pages() -> list[tuple[str, bytes]]:
    """(name, raw bytes) of every corpus page, gunzipped, in a stable order."""
    pages = []
    for folder in corpus_folders():
        for path in sorted(folder.iterdir()):
            name = path.name.lower()
            if not name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
                continue
            data = path.read_bytes()
            pages.append((f"{folder.parent.name}/{path.name}",
                          gzip.decompress(data) if name.endswith(".gz") else data))
    return pages


def machine() -> str:
    """One line: CPU model, cores, memory, OS, Python."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{model}, {cores} cores{memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def load() -> str:
    """The 1-minute load average (other work on the machine skews wall times)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"
