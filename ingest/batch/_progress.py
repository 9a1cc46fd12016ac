"""What a person sees while a batch runs: a progress bar, periodic lines, or nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.batch._runner import BatchSummary
from ingest.batch._units import UnitResult
from ingest.store import ERRORS_FILE, PAGES_FILE

if TYPE_CHECKING:  # rich is imported only by the reporters that print
    from rich.console import Console
    from rich.progress import TaskID

MAX_ERROR_LINES = 20
"""Error lines printed while running; the rest are only in errors.jsonl."""


def summary_line(summary: BatchSummary) -> str:
    """The final summary: pages, listicles, entries, warnings, errors, seconds, pages/s."""
    pages = f"{summary.pages} pages"
    if summary.up_to_date:
        pages += f" ({summary.extracted} extracted, {summary.up_to_date} already up to date)"
    return (f"{pages}, {summary.listicles} listicles, {summary.entries} entries, "
            f"{summary.warnings} warnings, {summary.errors} errors in {summary.seconds:.1f} s "
            f"({summary.pages_per_second:.1f} pages/s)")


class QuietReporter:
    """``--quiet``: nothing at all; the exit code and errors.jsonl say what happened."""

    wants_total = False
    """Whether :meth:`set_total` is worth calling (the runner then sizes the inputs in a
    thread of its own, walking the folders a second time)."""

    def start(self) -> None:
        pass

    def set_total(self, total_bytes: int) -> None:
        pass

    def advance(self, result: UnitResult, summary: BatchSummary) -> None:
        pass

    def stopping(self) -> None:
        pass

    def finish(self, summary: BatchSummary, out: Path) -> None:
        pass


class PlainReporter(QuietReporter):
    """Not a terminal: a plain progress line every ``interval`` seconds, then the summary."""

    wants_total = True

    def __init__(self, console: Console, interval: float = 10.0) -> None:
        self.console = console
        self.interval = interval
        self.total = 0
        self.started = time.monotonic()
        self._last = self.started
        self._shown_errors = 0

    def start(self) -> None:
        self.started = self._last = time.monotonic()

    def set_total(self, total_bytes: int) -> None:
        self.total = total_bytes

    def _errors(self, result: UnitResult) -> None:
        for error in result.errors:
            self._shown_errors += 1
            if self._shown_errors <= MAX_ERROR_LINES:
                where = f"{error.input} [{error.record}]" if error.record else error.input
                self.console.print(f"error: {where}: {error.error}: {error.message}",
                                   markup=False, highlight=False)
            elif self._shown_errors == MAX_ERROR_LINES + 1:
                self.console.print(f"(further errors only in {ERRORS_FILE})", markup=False)

    def advance(self, result: UnitResult, summary: BatchSummary) -> None:
        self._errors(result)
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self.console.print(self._line(summary, now), markup=False, highlight=False)

    def _line(self, summary: BatchSummary, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        line = (f"{summary.pages} pages, {summary.extracted / elapsed:.1f} pages/s, "
                f"{summary.errors} errors")
        if self.total:
            done = min(summary.bytes / self.total, 1.0)
            line += f", {done:.0%}"
            if done > 0:
                line += f", ETA {_clock(elapsed * (1 - done) / done)}"
        return line

    def stopping(self) -> None:
        self.console.print("stopping: finishing the pages in progress (Ctrl-C again to abort)",
                           markup=False)

    def finish(self, summary: BatchSummary, out: Path) -> None:
        self.console.print(summary_line(summary), markup=False, highlight=False)
        if summary.interrupted:
            self.console.print(f"interrupted: what was done is in {out}; run the same command "
                               "again to finish", markup=False)
        elif summary.errors:
            self.console.print(f"{summary.errors} inputs failed: see {out / ERRORS_FILE}",
                               markup=False)
        else:
            self.console.print(f"written to {out} ({PAGES_FILE} and one JSON per page)",
                               markup=False)


class RichReporter(PlainReporter):
    """A terminal: a live bar with pages, pages/s, errors and ETA."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        super().__init__(console)
        self.progress = Progress(
            TextColumn("[bold]{task.fields[pages]}[/] pages"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[rate]:.1f} pages/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None

    def start(self) -> None:
        super().start()
        self.progress.start()
        self.task = self.progress.add_task("batch", total=self.total or None, pages=0, rate=0.0,
                                           errors=0)

    def set_total(self, total_bytes: int) -> None:
        self.total = total_bytes
        if self.task is not None:
            self.progress.update(self.task, total=max(total_bytes, 1))

    def advance(self, result: UnitResult, summary: BatchSummary) -> None:
        self._errors(result)
        if self.task is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.progress.update(self.task, completed=summary.bytes, pages=summary.pages,
                             rate=summary.extracted / elapsed, errors=summary.errors)

    def finish(self, summary: BatchSummary, out: Path) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=summary.bytes)
        self.progress.stop()
        super().finish(summary, out)


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def make_reporter(console: Console, *, quiet: bool, interval: float = 10.0) -> QuietReporter:
    """The reporter for this terminal: rich on a TTY, plain lines otherwise, none when quiet."""
    if quiet:
        return QuietReporter()
    if console.is_terminal:
        return RichReporter(console)
    return PlainReporter(console, interval)
