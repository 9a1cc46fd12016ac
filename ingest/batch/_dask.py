"""The Dask runner: ``ingest batch --scheduler tcp://HOST:8786``.

The same units, worker function and assembler as the local runner, on a
running Dask distributed cluster instead of local processes:

- the client plans units lazily (input paths made absolute, since workers do
  not share its working directory), in the order of the local plan; a WARC
  file is not read by the client: a worker scans it (:func:`scan_warc`) into
  ranges of page records while others extract, so the client never reads
  page bytes and its own work does not grow with the archive's size;
- saved pages are grouped into tasks as the local pool groups them
  (:func:`~ingest.batch._tasks.take_task`), with the cluster's larger bounds
  (:data:`~ingest.batch._tasks.CLUSTER_TASK`); each WARC range (64 records)
  is a task of its own;
- each task runs :func:`process_units` on a worker, which reads its inputs
  itself from the shared paths, writes each page's JSON and the unit's part
  file atomically into the shared output folder, and sends back only the
  small :class:`UnitResult` summaries, never page bytes;
- at most a few tasks per worker thread are in flight, so memory stays flat
  whatever the number of inputs; tasks are retried (:data:`RETRIES`), and a
  task whose worker died is rescheduled by Dask; one that keeps killing
  workers is split and its units retried alone, as the local pool does;
- results go to the same :class:`Assembler` in plan order, so
  ``pages.jsonl``, ``errors.jsonl`` and every JSON file are byte for byte
  those of a local run on the same inputs.

Dask is an optional extra (``pip install 'ingest[dask]'``); this module is
imported only when a scheduler is given, and imports Dask only when it runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.batch._plan import _warc_units, expand_args, plan_inputs
from ingest.batch._runner import (
    Assembler,
    BatchSummary,
    Reporter,
    batch_run,
    count_in_background,
)
from ingest.batch._tasks import CLUSTER_TASK, TaskBounds, take_task
from ingest.batch._units import (
    FileUnit,
    Options,
    PlanError,
    Planned,
    UnitResult,
    WarcUnit,
    crashed,
    plan_result,
)
from ingest.batch._worker import process_units
from ingest.errors import ClusterError, IngestError, OutputError, describe
from ingest.sources import FoundInput
from ingest.store import TMP_DIR, extractor_version
from ingest.version import __version__
from ingest.warc import WARC_RECORDS_PER_RANGE

if TYPE_CHECKING:
    from distributed import Client, Future

UNITS_PER_TASK = CLUSTER_TASK.units
"""Default of ``--units-per-task``: see :data:`~ingest.batch._tasks.CLUSTER_TASK`."""
TASKS_PER_THREAD = 2
"""Tasks in flight per worker thread: one running, one ready to start."""
WINDOW_PER_THREAD = 8
"""Tasks held per worker thread, done or not, while an earlier one is still running."""
RETRIES = 2
"""Times Dask re-runs a task that raised (a worker that dies is handled by the scheduler)."""
CONNECT_TIMEOUT = 10.0
"""Seconds to reach the scheduler before giving up with a one-line error."""
WORKER_WAIT = 120.0
"""Seconds to wait for a first worker when the scheduler has none."""
POLL = 0.5
"""Seconds between checks of Ctrl-C and of the cluster's size while waiting for results."""
PROGRESS_EVERY = 10.0
"""Seconds between the lines on the cluster's progress (tasks done, workers)."""


SCAN_PRIORITY = 10
"""Dask priority of WARC scans over extraction tasks, so the plan stays ahead of the work."""
SCANS_PER_THREAD = 0.25
"""WARC files scanned at once per worker thread (at least one): a scan reads records some
40 times faster than they are extracted, so a few scanners keep every thread fed."""


# --------------------------------------------------------------------------- on the workers

def scan_warc(found: FoundInput, records: int = WARC_RECORDS_PER_RANGE
              ) -> list[WarcUnit | PlanError]:
    """One task on a worker: the units of a WARC file (ranges of ``records`` page records),
    exactly as the local plan cuts it."""
    return list(_warc_units(found, records))


def probe_worker(out_dir: str, probe: str, token: str) -> dict[str, Any]:
    """What the client checks on each worker before sending work: versions and the output."""
    try:
        sees_output = (Path(out_dir) / probe).read_text(encoding="utf-8") == token
    except OSError:
        sees_output = False
    return {"ingest": __version__, "extractor": extractor_version(), "sees_output": sees_output}


# --------------------------------------------------------------------------- the client side

def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ClusterError("--scheduler needs Dask: pip install 'ingest[dask]'") from exc
    return distributed


def scheduler_address(address: str) -> str:
    """``HOST:PORT`` -> ``tcp://HOST:PORT``; an address with a scheme is kept as is."""
    address = address.strip()
    return address if "://" in address else f"tcp://{address}"


def connect(address: str, timeout: float | None = None) -> Client:
    """A client of the scheduler at ``address``, or :class:`ClusterError` within ``timeout``."""
    distributed = _import_distributed()
    address = scheduler_address(address)
    try:
        return distributed.Client(address, timeout=timeout or CONNECT_TIMEOUT,
                                  set_as_default=False)
    except Exception as exc:  # OSError, TimeoutError, ValueError (bad address), ...
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}") from exc


def dashboard(client: Client) -> str | None:
    """The scheduler's dashboard URL, or None when it runs without one."""
    with contextlib.suppress(Exception):
        if client.scheduler_info(n_workers=0).get("services", {}).get("dashboard"):
            return str(client.dashboard_link)
    return None


def worker_threads(client: Client) -> tuple[int, int]:
    """(workers, threads) now connected to the scheduler."""
    nthreads = client.nthreads()
    return len(nthreads), sum(nthreads.values())


def wait_for_workers(client: Client, stop: Callable[[], bool], timeout: float = WORKER_WAIT
                     ) -> tuple[int, int]:
    """Wait until the scheduler has a worker (or Ctrl-C, or ``timeout``); (workers, threads)."""
    deadline = time.monotonic() + timeout
    while True:
        workers, threads = worker_threads(client)
        if threads or stop():
            return workers, threads
        if time.monotonic() > deadline:
            raise ClusterError(f"no Dask worker joined the scheduler at {client.scheduler.address} "
                               f"within {timeout:g} s (start some with `dask worker ADDRESS`)")
        time.sleep(POLL)


def check_workers(client: Client, out: Path) -> None:
    """Refuse to start unless every worker runs this extractor and sees the output folder."""
    token = secrets.token_hex(8)
    probe = f"{TMP_DIR}/probe.{token}"
    try:
        (out / probe).parent.mkdir(parents=True, exist_ok=True)
        (out / probe).write_text(token, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    try:
        answers = client.run(probe_worker, str(out), probe, token, on_error="return")
    finally:
        with contextlib.suppress(OSError):
            (out / probe).unlink()
    mine = extractor_version()
    for worker, answer in sorted(answers.items()):
        if isinstance(answer, BaseException):
            reason = " ".join(f"{type(answer).__name__}: {answer}".split())
            raise ClusterError(f"Dask worker {worker} cannot run ingest ({reason}); install "
                               f"ingest {__version__} with its [dask] extra on every worker")
        if answer["extractor"] != mine:
            raise ClusterError(f"Dask worker {worker} runs ingest {answer['extractor']}, this "
                               f"machine {mine}: install the same version everywhere")
        if not answer["sees_output"]:
            raise ClusterError(f"Dask worker {worker} cannot see the output folder {out}: "
                               "share it with every worker at the same path")


@contextlib.contextmanager
def quiet_dask_logging() -> Iterator[None]:
    """Silence Dask's own log lines (reconnect attempts, tracebacks) for a while.

    The runner reports what went wrong as one :class:`ClusterError`; Dask's
    client would otherwise print the same failure as pages of log records.
    """
    names = ["distributed"] + [name for name in logging.root.manager.loggerDict
                               if name.startswith("distributed.")]
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def absolute_paths(paths: Iterable[str]) -> Iterator[str]:
    """Each path (or glob) made absolute: workers do not share this working directory."""
    cwd = os.getcwd()
    for path in paths:
        yield path if os.path.isabs(path) else os.path.join(cwd, path)


@dataclass(frozen=True, slots=True)
class WarcFile:
    """A WARC file of the plan, to be cut into units by a worker (:func:`scan_warc`)."""

    found: FoundInput


def plan_for_cluster(args: Iterable[str]) -> Iterator[FileUnit | WarcFile | PlanError]:
    """:func:`~ingest.batch.plan_units` without reading WARC files: each becomes a
    :class:`WarcFile` in its place, for a worker to scan. Same order, same names."""
    for item in plan_inputs(args):
        yield WarcFile(item) if isinstance(item, FoundInput) else item


@dataclass
class _Scan:
    """A WARC file of the buffer, to be scanned (or being scanned) by a worker."""

    file: WarcFile
    future: Future | None = None


@dataclass
class _Task:
    """A slot of the ordered window: a planning error (no future) or a task's units."""

    units: list[Planned]
    future: Future | None = None
    alone: bool = False
    """A unit retried on its own after its task kept killing workers (submitted when no
    other such unit is in flight, so one that kills its worker takes no other down)."""

    @property
    def ready(self) -> bool:
        """Its results can be taken (a planning error, or a task that ended)."""
        if self.future is None:
            return not self.alone
        return bool(self.future.done())


@dataclass
class ClusterStats:
    """What the cluster did, for the closing line."""

    address: str = ""
    workers: int = 0
    threads: int = 0
    tasks: int = 0
    """Tasks submitted."""
    done: int = 0
    """Tasks whose results were assembled."""
    split: int = 0
    """Tasks that kept killing workers and were split into single units."""
    scans: int = 0
    """WARC files sent to workers to be cut into units."""
    dashboard: str | None = None


@dataclass
class _Window:
    """Tasks submitted in plan order; results leave in plan order."""

    client: Client
    out: str
    options: Options
    run_id: str
    bounds: TaskBounds
    stats: ClusterStats
    tasks: deque[_Task] = field(default_factory=deque)
    buffer: deque[Planned | _Scan] = field(default_factory=deque)
    """The plan ahead of the tasks (WARC files being scanned stand in for their units)."""
    cancelled: bool = False
    finished: threading.Event = field(default_factory=threading.Event)
    """Set whenever a task finishes, so the client sleeps until there is news."""

    def running(self) -> int:
        return sum(1 for t in self.tasks if t.future is not None and not t.future.done())

    def submit(self, units: list[Planned]) -> Future:
        self.stats.tasks += 1
        key = f"ingest-units-{self.run_id}-{self.stats.tasks}"
        future = self.client.submit(process_units, units, self.out, self.options, key=key,
                                    pure=False, retries=RETRIES)
        future.add_done_callback(lambda _: self.finished.set())
        return future

    def add(self, item: Planned | WarcFile) -> None:
        """Append to the buffer (a WARC file as a scan to come)."""
        self.buffer.append(_Scan(item) if isinstance(item, WarcFile) else item)

    def submit_scans(self, threads: int) -> None:
        """Send the buffer's WARC files to workers to be scanned, in plan order, a few at
        a time (see :data:`SCANS_PER_THREAD`)."""
        free = max(1, int(threads * SCANS_PER_THREAD))
        for scan in self.buffer:
            if not isinstance(scan, _Scan):
                continue
            if scan.future is None:
                self.stats.scans += 1
                scan.future = self.client.submit(
                    scan_warc, scan.file.found,
                    key=f"ingest-scan-{self.run_id}-{self.stats.scans}",
                    pure=False, retries=RETRIES, priority=SCAN_PRIORITY)
                scan.future.add_done_callback(lambda _: self.finished.set())
            if not scan.future.done():
                free -= 1
            if free <= 0:
                return

    def head_ready(self) -> bool:
        """Replace finished scans at the buffer's head by their units; False while the
        head is a scan still running (or the buffer is empty)."""
        while self.buffer and isinstance(self.buffer[0], _Scan):
            scan = self.buffer[0]
            if scan.future is None or not scan.future.done():
                return False
            self.buffer.popleft()
            self.buffer.extendleft(reversed(self._scanned(scan)))
        return bool(self.buffer)

    def _scanned(self, scan: _Scan) -> list[Planned]:
        assert scan.future is not None
        status = scan.future.status
        if status == "finished":
            return list(scan.future.result())
        if status == "cancelled":
            raise ClusterError(f"lost the Dask scheduler at {self.client.scheduler.address}: "
                               "it cancelled the tasks (was it stopped or restarted?)")
        exc = scan.future.exception()
        path = str(scan.file.found.path)
        if isinstance(exc, _import_distributed().KilledWorker):
            return [PlanError(path, "WorkerCrashed",
                              f"{path}: Dask workers died while scanning it")]
        return [PlanError(path, type(exc).__name__, f"{path}: {describe(exc)}")]

    def submit_alone(self) -> None:
        """Submit the next unit to retry alone, unless one is in flight."""
        waiting = None
        for task in self.tasks:
            if task.alone and task.future is not None and not task.future.done():
                return
            if task.alone and task.future is None and waiting is None:
                waiting = task
        if waiting is not None:
            waiting.future = self.submit(waiting.units)

    def next_task(self, threads: int) -> _Task:
        """The next slot from the buffer's head (see :meth:`head_ready`): a planning error,
        a WARC range, or a task of saved pages."""
        units = take_task(self.buffer, threads, self.bounds)
        assert not isinstance(units[0], _Scan)
        if isinstance(units[0], PlanError):
            return _Task(units)
        return _Task(units, self.submit(units))

    def cancel(self) -> None:
        """Ctrl-C: cancel every task not finished; finished ones are still assembled."""
        if self.cancelled:
            return
        self.cancelled = True
        pending = [t.future for t in self.tasks if t.future is not None and not t.future.done()]
        pending += [s.future for s in self.buffer if isinstance(s, _Scan) and s.future]
        if pending:
            with contextlib.suppress(Exception):
                self.client.cancel(pending)

    def results(self, task: _Task) -> list[UnitResult] | None:
        """The results of a finished head task; None when it is to be skipped or redone."""
        if task.future is None:
            if task.alone:  # stopped before it was retried
                return []
            assert isinstance(task.units[0], PlanError)
            return [plan_result(task.units[0])]
        status = task.future.status
        if self.cancelled and status != "finished":  # stopped: what is not done is skipped
            return []
        if status == "cancelled":
            raise ClusterError(f"lost the Dask scheduler at {self.client.scheduler.address}: "
                               "it cancelled the tasks (was it stopped or restarted?)")
        if status == "finished":
            self.stats.done += 1
            return list(task.future.result())
        exc = task.future.exception()
        if isinstance(exc, _import_distributed().KilledWorker):
            if task.alone:
                unit = task.units[0]
                assert not isinstance(unit, PlanError)
                return [crashed(unit, "Dask workers died while extracting it")]
            self.stats.split += 1
            self.tasks.extendleft(reversed([_Task([u], alone=True) for u in task.units]))
            self.finished.set()  # submit the first of them without waiting
            return None
        if isinstance(exc, IngestError):
            raise exc
        raise ClusterError(f"a task failed on the Dask cluster: {describe(exc)}") from exc


def run_dask(units: Iterable[Planned | WarcFile], out: Path, options: Options,
             stop: Callable[[], bool], client: Client, *, units_per_task: int = UNITS_PER_TASK,
             stats: ClusterStats | None = None) -> Iterator[UnitResult]:
    """Process units on the cluster behind ``client``; yield results in plan order.

    ``units`` is a plan (:func:`plan_for_cluster`, or :func:`~ingest.batch.plan_units`);
    its :class:`WarcFile` items are scanned by workers into their units.

    Keeps at most :data:`TASKS_PER_THREAD` tasks per worker thread running and
    :data:`WINDOW_PER_THREAD` in the window; when ``stop()`` turns true, tasks
    not finished are cancelled and those finished are still yielded.
    """
    distributed = _import_distributed()
    stats = stats or ClusterStats()
    bounds = dataclasses.replace(CLUSTER_TASK, units=units_per_task)
    window = _Window(client, str(out), options, secrets.token_hex(4), bounds, stats)
    source = iter(units)
    exhausted = False
    threads = max(stats.threads, 1)
    checked = time.monotonic()
    try:
        while True:
            if time.monotonic() - checked > 2 * POLL:  # workers come and go
                stats.workers, stats.threads = worker_threads(client)
                threads, checked = max(stats.threads, 1), time.monotonic()
            if stop():
                window.cancel()
            else:
                while not exhausted and len(window.buffer) < bounds.lookahead(threads):
                    unit = next(source, None)
                    if unit is None:
                        exhausted = True
                    else:
                        window.add(unit)
                window.submit_scans(threads)
                window.submit_alone()
                running = window.running()
                while (running < TASKS_PER_THREAD * threads
                       and len(window.tasks) < WINDOW_PER_THREAD * threads
                       and window.head_ready()):
                    task = window.next_task(threads)
                    window.tasks.append(task)
                    running += task.future is not None
            window.finished.clear()  # before looking, so no completion goes unnoticed
            while window.tasks and (window.tasks[0].ready or window.cancelled):
                results = window.results(window.tasks.popleft())
                if results is not None:
                    yield from results
            if not window.tasks and (stop() or (exhausted and not window.buffer)):
                return
            if window.tasks or window.buffer:
                window.finished.wait(POLL)
    except (OSError, distributed.comm.CommClosedError) as exc:  # the scheduler went away
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterError(f"lost the Dask scheduler at {client.scheduler.address}: {reason}"
                           ) from exc
    finally:
        if window.tasks or window.buffer:
            window.cancel()


def run_batch_dask(args: list[str], out: Path, options: Options, *, scheduler: str,
                   reporter: Reporter, stdin_list: Path | None = None,
                   notice: Callable[[str], None] | None = None,
                   units_per_task: int = UNITS_PER_TASK,
                   connect_timeout: float | None = None,
                   dask_logs: bool = True) -> BatchSummary:
    """Run a whole batch on the Dask cluster at ``scheduler``; see the module docstring.

    Raises :class:`ClusterError` when Dask is missing, the scheduler cannot be
    reached (within ``connect_timeout``, default :data:`CONNECT_TIMEOUT`) or
    is lost, or a worker cannot run ingest or see ``out``; otherwise as
    :func:`~ingest.batch.run_batch`. ``notice`` receives a few lines for a
    person (the cluster's size and dashboard, the tasks run); ``dask_logs=False``
    silences Dask's own log records while the batch runs (the command line does).
    """
    _import_distributed()
    if not dask_logs:
        with quiet_dask_logging():
            return run_batch_dask(args, out, options, scheduler=scheduler, reporter=reporter,
                                  stdin_list=stdin_list, notice=notice,
                                  units_per_task=units_per_task,
                                  connect_timeout=connect_timeout)
    say = notice or (lambda message: None)
    out = Path(out).absolute()
    started = time.perf_counter()
    with batch_run(out, reporter) as stop:
        client = connect(scheduler, connect_timeout)
        address = scheduler_address(scheduler)
        try:
            summary, stats = _run_on(client, args, out, options, stop, reporter, stdin_list,
                                     say, units_per_task)
        except OSError as exc:  # CommClosedError, or a timeout reconnecting to the scheduler
            if client.status == "running" and not isinstance(
                    exc, _import_distributed().comm.CommClosedError):
                raise
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ClusterError(f"lost the Dask scheduler at {address}: {reason}") from exc
        finally:
            with contextlib.suppress(Exception):
                client.close(timeout=CONNECT_TIMEOUT)
    summary.seconds = time.perf_counter() - started
    reporter.finish(summary, out)
    split = f", {stats.split} split after killing workers" if stats.split else ""
    plural = "s" if stats.scans != 1 else ""
    scans = f" (and {stats.scans} WARC scan{plural})" if stats.scans else ""
    say(f"Dask: {stats.done} tasks{scans} on {stats.workers} workers ({stats.threads} threads)"
        f"{split}")
    return summary


def _run_on(client: Client, args: list[str], out: Path, options: Options,
            stop: Callable[[], bool], reporter: Reporter, stdin_list: Path | None,
            say: Callable[[str], None], units_per_task: int
            ) -> tuple[BatchSummary, ClusterStats]:
    """The part of :func:`run_batch_dask` that talks to the cluster."""
    stats = ClusterStats(client.scheduler.address, dashboard=dashboard(client))
    stats.workers, stats.threads = worker_threads(client)
    if not stats.threads:
        say(f"waiting for Dask workers at {stats.address}")
        stats.workers, stats.threads = wait_for_workers(client, stop)
    say(f"Dask scheduler {stats.address}: {stats.workers} workers, {stats.threads} threads"
        + (f"; dashboard {stats.dashboard}" if stats.dashboard else ""))
    check_workers(client, out)
    assembler = Assembler(out, options, list(args))
    reporter.start()
    count_in_background(reporter, absolute_paths(expand_args(args, stdin_list)))
    units = plan_for_cluster(absolute_paths(expand_args(args, stdin_list)))
    shown = time.monotonic()
    try:
        for result in run_dask(units, out, options, stop, client,
                               units_per_task=units_per_task, stats=stats):
            assembler.add(result)
            reporter.advance(result, assembler.summary)
            if time.monotonic() - shown >= PROGRESS_EVERY:
                shown = time.monotonic()
                say(f"Dask: {stats.done} of {stats.tasks} tasks done, {stats.workers} workers")
    except BaseException:
        assembler.abort()
        raise
    return assembler.commit(interrupted=stop.requested), stats
