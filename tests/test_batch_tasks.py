"""Task sizing, shared by the local pool and the Dask runner (``ingest.batch._tasks``)."""

from __future__ import annotations

from collections import deque

from ingest.batch._tasks import CLUSTER_TASK, LOCAL_TASK, TaskBounds, take_task
from ingest.batch._units import FileUnit, PlanError, WarcUnit


def _pages(n: int, size: int = 1000) -> list[FileUnit]:
    return [FileUnit(f"p{i}.html", f"p{i}.json", f"p{i}.html", size) for i in range(n)]


def _tasks(units: list, workers: int, bounds: TaskBounds) -> list[list]:
    ahead = deque(units)
    tasks = []
    while ahead:
        tasks.append(take_task(ahead, workers, bounds))
    return tasks


def test_a_long_plan_goes_in_full_tasks_and_ends_in_small_ones():
    sizes = [len(t) for t in _tasks(_pages(200), 2, LOCAL_TASK)]
    assert sum(sizes) == 200
    assert sizes[0] == LOCAL_TASK.units and max(sizes) == LOCAL_TASK.units
    assert sizes[-4:] == [1, 1, 1, 1]  # the last pages spread over the workers
    assert sizes == sorted(sizes, reverse=True)


def test_the_cluster_bounds_allow_larger_tasks():
    sizes = [len(t) for t in _tasks(_pages(1000), 4, CLUSTER_TASK)]
    assert max(sizes) == CLUSTER_TASK.units > LOCAL_TASK.units


def test_a_task_stops_at_its_byte_bound_but_holds_at_least_one_unit():
    big = _pages(6, size=5 << 20)
    assert [len(t) for t in _tasks(big, 1, LOCAL_TASK)] == [1] * 6
    assert [len(t) for t in _tasks(_pages(6, size=3 << 20), 1, LOCAL_TASK)] == [2, 2, 1, 1]


def test_warc_ranges_and_planning_errors_travel_alone_and_in_order():
    warc = WarcUnit("a.warc.gz", "a", 0, None, 100)
    error = PlanError("missing.html", "SourceError", "missing.html: no such file")
    units = [*_pages(3), warc, *_pages(3), error, *_pages(2)]
    tasks = _tasks(units, 1, TaskBounds(units=8, bytes=1 << 30))
    assert [u for t in tasks for u in t] == units
    assert [warc] in tasks and [error] in tasks
    assert all(len(t) == 1 for t in tasks if not isinstance(t[0], FileUnit))


def test_lookahead_scales_with_workers_and_task_size():
    assert LOCAL_TASK.lookahead(4) == 2 * 4 * LOCAL_TASK.units
