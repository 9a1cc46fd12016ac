"""The local runner: executors, ordered assembly, the output lock, Ctrl-C.

``run_batch`` plans units lazily, sends them to an executor (this process
for ``--jobs 1``, a process pool otherwise) through a bounded window, takes
results back in plan order and hands them to an :class:`Assembler`, which
streams ``pages.jsonl`` and ``errors.jsonl`` to temporary files and renames
them into place at the end. Memory is bounded by the window, not by the
number of inputs.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Protocol

from ingest.batch._plan import count_bytes, expand_args, plan_units
from ingest.batch._tasks import LOCAL_TASK, take_task
from ingest.batch._units import (
    Options,
    PlanError,
    Planned,
    UnitResult,
    crashed,
    plan_result,
)
from ingest.batch._worker import init_worker, process_unit, process_units
from ingest.errors import OutputError
from ingest.models import SCHEMA_VERSION
from ingest.store import (
    ErrorRecord,
    ListWriter,
    OutputLock,
    clear_tmp,
    extractor_version,
    write_manifest,
)
from ingest.version import __version__

WINDOW_PER_JOB = 32
"""Units in flight per worker: enough that a slow page at the head of the (ordered) window
does not leave workers idle; results are small, so memory stays flat."""


@dataclass
class BatchSummary:
    """The totals of one run, for the final summary line and the exit code."""

    pages: int = 0
    """Pages in the output (extracted now or already up to date)."""
    extracted: int = 0
    """Pages extracted by this run."""
    up_to_date: int = 0
    """Pages skipped because their output was already up to date."""
    listicles: int = 0
    entries: int = 0
    warnings: int = 0
    errors: int = 0
    units: int = 0
    bytes: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def pages_per_second(self) -> float:
        return self.extracted / self.seconds if self.seconds > 0 else 0.0

    def add(self, result: UnitResult) -> None:
        self.units += 1
        self.bytes += result.size
        self.pages += len(result.pages)
        if result.skipped:
            self.up_to_date += len(result.pages)
        else:
            self.extracted += len(result.pages)
        self.listicles += sum(1 for p in result.pages if p.entries)
        self.entries += sum(p.entries for p in result.pages)
        self.warnings += sum(p.warnings for p in result.pages)
        self.errors += len(result.errors)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.errors else 0


class Reporter(Protocol):
    """Progress and messages for a person (see :mod:`._progress`).

    A reporter may say ``wants_total = False`` (as the quiet one does): the runner then
    does not size the inputs for :meth:`set_total`, a second walk of every folder.
    """

    def start(self) -> None: ...
    def set_total(self, total_bytes: int) -> None: ...
    def advance(self, result: UnitResult, summary: BatchSummary) -> None: ...
    def stopping(self) -> None: ...
    def finish(self, summary: BatchSummary, out: Path) -> None: ...


# --------------------------------------------------------------------------- assembly

class Assembler:
    """Builds ``pages.jsonl``, ``errors.jsonl`` and the manifest from results in plan order.

    Feed it every :class:`UnitResult` in plan order (from any executor), then
    :meth:`commit`: the files are streamed to ``OUT/.ingest/tmp`` and renamed
    into place, so a reader never sees a half-written one.
    """

    def __init__(self, out: Path, options: Options, inputs: list[str]) -> None:
        self.out = out
        self.options = options
        self.inputs = inputs
        self.summary = BatchSummary()
        self._lists = ListWriter(out)

    def add(self, result: UnitResult) -> None:
        if self.options.writes_jsonl and result.part and result.pages:
            missing = self._copy_lines(result)
            if missing:
                result.errors.append(missing)
        for error in result.errors:
            self._lists.error(error)
        self.summary.add(result)

    def _copy_lines(self, result: UnitResult) -> ErrorRecord | None:
        assert result.part is not None
        try:
            data = (self.out / result.part).read_bytes()
        except OSError as exc:
            return ErrorRecord(result.input, None, None, OutputError.__name__,
                               f"{result.part}: cannot read ({exc.strerror or exc})")
        body = data.split(b"\n", 1)[1] if b"\n" in data else b""
        if body.count(b"\n") != len(result.pages):
            result.pages.clear()
            return ErrorRecord(result.input, None, None, OutputError.__name__,
                               f"{result.part}: holds a different number of pages than "
                               "its header (re-run with --force)")
        self._lists.pages(body)
        return None

    def commit(self, interrupted: bool = False) -> BatchSummary:
        """Close the streams and move the files into place; returns the totals."""
        self.summary.interrupted = interrupted
        self._lists.commit(with_pages=self.options.writes_jsonl)
        write_manifest(self.out, {
            "ingest": __version__,
            "extractor": extractor_version(),
            "schema_version": SCHEMA_VERSION,
            "format": self.options.format,
            "base_url": self.options.base_url,
            "inputs": self.inputs,
            "complete": not interrupted,
            "pages": self.summary.pages,
            "listicles": self.summary.listicles,
            "entries": self.summary.entries,
            "warnings": self.summary.warnings,
            "errors": self.summary.errors,
        })
        return self.summary

    def abort(self) -> None:
        self._lists.abort()


# --------------------------------------------------------------------------- executors

def run_inline(units: Iterable[Planned], out: Path, options: Options,
               stop: Callable[[], bool]) -> Iterator[UnitResult]:
    """Process units one after another in this process (``--jobs 1``)."""
    for unit in units:
        if stop():
            return
        yield plan_result(unit) if isinstance(unit, PlanError) else process_unit(unit, out, options)


def new_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes, started now.

    Workers are forked (on Linux): they start at once with everything the
    parent imported. Create the pool before starting any thread, so no lock
    held by another thread is copied into a child.

    What every worker needs is made here, once, and inherited: the extractor
    version is computed before the fork, and the objects alive at the fork are
    frozen out of the workers' garbage collector (``gc.freeze``), so its passes
    neither walk nor touch them, and the pages shared with this process stay
    shared instead of being copied into each worker.
    """
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else "spawn")
    extractor_version()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init_worker)
    freeze = fork and not gc.get_freeze_count()  # else the caller manages it (the CLI does)
    if freeze:
        gc.freeze()
    try:
        pool.submit(int).result()  # start the workers before the caller starts threads
    finally:
        if freeze:
            gc.unfreeze()  # this process collects as before; the workers keep theirs frozen
    return pool


def run_pool(units: Iterable[Planned], out: Path, options: Options, stop: Callable[[], bool],
             jobs: int, pool: ProcessPoolExecutor | None = None) -> Iterator[UnitResult]:
    """Process units in ``jobs`` worker processes; yield results in plan order.

    Saved pages travel in tasks of a few units (see :mod:`._tasks`), so
    the cost of a round trip to a worker is shared by several pages. At most
    ``jobs * WINDOW_PER_JOB`` units are in flight. When ``stop()`` turns
    true, tasks not yet started are cancelled and those running are waited
    for. A worker that dies (a crash in a parser, the OOM killer) breaks the
    pool: the pool is rebuilt, the units of the task that was at the head are
    retried one by one, alone, and one that breaks it again is recorded as an
    error.
    """
    pool = pool or new_pool(jobs)
    window: deque[tuple[list[Planned], Future[list[UnitResult]] | None]] = deque()
    ahead: deque[Planned] = deque()
    source = iter(units)
    exhausted = False
    out_arg = str(out)
    in_flight = 0  # units in the window
    limit = jobs * WINDOW_PER_JOB

    def submit(task: list[Planned]) -> Future[list[UnitResult]] | None:
        if isinstance(task[0], PlanError):
            return None
        return pool.submit(process_units, task, out_arg, options)

    try:
        while True:
            while not stop() and (ahead or not exhausted) and in_flight < limit:
                while not exhausted and len(ahead) < LOCAL_TASK.lookahead(jobs):
                    unit = next(source, None)
                    if unit is None:
                        exhausted = True
                    else:
                        ahead.append(unit)
                if not ahead:
                    break
                task = take_task(ahead, jobs, LOCAL_TASK)
                window.append((task, submit(task)))
                in_flight += len(task)
            if not window:
                return
            if stop():
                for _, future in window:
                    if future is not None:
                        future.cancel()
            task, future = window.popleft()
            in_flight -= len(task)
            if future is None:
                assert isinstance(task[0], PlanError)
                yield plan_result(task[0])
                continue
            if future.cancelled():
                continue
            try:
                results = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = new_pool(jobs)
                for k, unit in enumerate(task):
                    if k:
                        pool = _rebuilt_if_broken(pool, jobs)
                    yield _retry_alone(pool, unit, out_arg, options)
                pool = _rebuilt_if_broken(pool, jobs)
                window = deque((t, submit(t)) for t, _ in window)
                continue
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _retry_alone(pool: ProcessPoolExecutor, unit: Planned, out: str, options: Options
                 ) -> UnitResult:
    assert not isinstance(unit, PlanError)
    try:
        return pool.submit(process_unit, unit, out, options).result()
    except BrokenProcessPool:
        return crashed(unit, "the worker process died while extracting it")


def _rebuilt_if_broken(pool: ProcessPoolExecutor, jobs: int) -> ProcessPoolExecutor:
    try:
        pool.submit(int).result()
        return pool
    except BrokenProcessPool:
        pool.shutdown(wait=True)
        return new_pool(jobs)


# --------------------------------------------------------------------------- the run

class _StopFlag:
    """Ctrl-C (or SIGTERM) once: finish the units in flight and stop. Twice: stop now."""

    def __init__(self) -> None:
        self.requested = False
        self.on_request: Callable[[], None] | None = None
        self._previous: dict[int, object] = {}

    def __call__(self) -> bool:
        return self.requested

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        if self.on_request is not None:
            self.on_request()

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


@contextlib.contextmanager
def batch_run(out: Path, reporter: Reporter) -> Iterator[_StopFlag]:
    """The frame of a batch run, local or on Dask: ``out`` checked, locked and cleared of
    what a killed run left, and Ctrl-C turned into a stop request; yields the flag."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    with OutputLock(out), _StopFlag() as stop:
        clear_tmp(out)
        stop.on_request = reporter.stopping
        yield stop
        clear_tmp(out)


def count_in_background(reporter: Reporter, paths: Iterable[str]) -> None:
    """Give the reporter the plan's total input bytes, counted on a thread of its own (a
    reporter without a bar says ``wants_total = False``)."""
    if getattr(reporter, "wants_total", True):
        threading.Thread(target=lambda: reporter.set_total(count_bytes(paths)),
                         daemon=True).start()


def run_batch(args: list[str], out: Path, options: Options, *, jobs: int,
              reporter: Reporter, stdin_list: Path | None = None) -> BatchSummary:
    """Run a whole batch locally; see the module docstring.

    Raises :class:`OutputLocked` when another run holds ``out``, and
    :class:`OutputError` when ``out`` cannot be written at all.
    """
    out = Path(out)
    started = time.perf_counter()
    with batch_run(out, reporter) as stop:
        assembler = Assembler(out, options, list(args))
        pool = new_pool(jobs) if jobs > 1 else None  # before any thread starts
        reporter.start()
        count_in_background(reporter, expand_args(args, stdin_list))
        units = plan_units(expand_args(args, stdin_list))
        results = (run_inline(units, out, options, stop) if pool is None
                   else run_pool(units, out, options, stop, jobs, pool))
        try:
            for result in results:
                assembler.add(result)
                reporter.advance(result, assembler.summary)
        except BaseException:
            assembler.abort()
            raise
        summary = assembler.commit(interrupted=stop.requested)
    summary.seconds = time.perf_counter() - started
    reporter.finish(summary, out)
    return summary
