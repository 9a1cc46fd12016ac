"""What ``ingest fetch`` shows on the terminal: a progress bar on a TTY, a summary, errors."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ingest.fetch.config import FetchConfig
from ingest.fetch.runner import FetchRecord, FetchSummary, fetch_urls
from ingest.fetch.watch import WatchOptions, WatchSummary, watch


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def setup_logging(verbose: bool) -> None:
    """Warnings of the fetcher on stderr (retries and 304s too with ``verbose``)."""
    logger = logging.getLogger("ingest.fetch")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("ingest: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    logging.getLogger("httpx").setLevel(logging.WARNING)


@contextlib.contextmanager
def _bar(console: Console, total: int | None, quiet: bool
         ) -> Iterator[Callable[[FetchRecord], None] | None]:
    """A live bar counting URLs done and failed, when stderr is a terminal; yields the
    callback that advances it (None when there is no bar)."""
    if quiet or not console.is_terminal:
        yield None
        return
    columns = (TextColumn("fetch"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("fetch", total=total, failed=0)
        failed = 0

        def advance(record: FetchRecord) -> None:
            nonlocal failed
            failed += not record.ok
            progress.update(task, advance=1, failed=failed)

        yield advance


def _print_errors(console: Console, run: FetchSummary) -> None:
    """One line per sitemap, feed or URL that failed."""
    for failure in run.plan_failures:
        console.print(f"error: {failure.url}: {failure.error}: {failure.message}", markup=False)
    for record in run.failed:
        console.print(f"error: {record.url}: {record.error}: {record.message}", markup=False)


def run_with_progress(urls: list[str], out: Path, config: FetchConfig, console: Console, *,
                      quiet: bool = False) -> FetchSummary:
    """Run the fetch; a live bar when stderr is a terminal, then a summary line."""
    with _bar(console, len(urls), quiet) as advance:
        summary = fetch_urls(urls, out, config, on_record=advance)
    if not quiet:
        _print_errors(console, summary)
        console.print(f"{summary.ok} page(s) written to {out} ({summary.unchanged} unchanged), "
                      f"{len(summary.failed)} error(s); snapshots in {summary.warc}",
                      markup=False, highlight=False)
    return summary


def run_watch(urls: list[str], out: Path, config: FetchConfig, options: WatchOptions,
              console: Console, *, quiet: bool = False) -> WatchSummary:
    """A watch run (sitemaps, feeds): a bar once the candidates are known, then the counts."""
    with _bar(console, None, quiet) as advance:
        summary = watch(urls, out, config, options, on_record=advance)
    if not quiet:
        run = summary.run
        _print_errors(console, run)
        console.print(f"{summary.line()}; pages in {out}, state in {summary.state}, "
                      f"snapshots in {run.warc}", markup=False, highlight=False)
    return summary
