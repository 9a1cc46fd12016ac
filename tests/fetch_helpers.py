"""Shared settings and helpers of the fetch tests (fast timeouts, no real delays)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ingest.fetch import FetchConfig, FetchRecord, FetchSummary, fetch_urls
from tests.fetch_server import FaultServer

FAST = FetchConfig(
    delay=0, per_host=4, concurrency=8, connect_timeout=1.0, read_timeout=1.0,
    total_timeout=3.0, retries=2, backoff_base=0.05, backoff_cap=0.2, retry_after_cap=5.0,
    workers=0, trust_env=False,
)


def run(server: FaultServer, paths: list[str], out: Path, **overrides: object,
        ) -> tuple[FetchSummary, dict[str, FetchRecord]]:
    """Fetch server paths into ``out``; the summary and the records by path."""
    config = dataclasses.replace(FAST, **overrides)
    summary = fetch_urls([server.url(p) for p in paths], out, config)
    by_path = {r.url.split(str(server.port), 1)[1]: r for r in summary.records}
    return summary, by_path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line]
