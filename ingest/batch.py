"""Run extraction over many saved pages.

This first version is sequential; see the README for the parallel runner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from ingest.errors import IngestError
from ingest.extract import extract
from ingest.models import Source
from ingest.output import write_json
from ingest.sources import iter_page_files, read_page_file, strip_page_suffix


@dataclass
class Summary:
    pages: int = 0
    errors: list[str] = field(default_factory=list)


def run_simple_batch(paths: list[Path], out: Path, base_url: str | None = None,
                     console: Console | None = None) -> Summary:
    summary = Summary()
    for root in paths:
        for page in iter_page_files(root):
            try:
                data = read_page_file(page.path)
                record = extract(data, base_url, source=Source(path=str(page.path)))
                name = strip_page_suffix(page.relative.name) + ".json"
                target = out / page.relative.parent / name
                write_json(target, record)
                summary.pages += 1
            except IngestError as exc:
                summary.errors.append(f"{page.path}: {exc.one_line()}")
                if console:
                    console.print(f"error: {page.path}: {exc.one_line()}", markup=False)
    if console:
        console.print(f"{summary.pages} page(s) written to {out}, {len(summary.errors)} error(s)")
    return summary
