"""How units are grouped into tasks: one rule for the local pool and the Dask cluster.

A task is what an executor sends to a worker in one round trip. Saved pages
are small, so several travel together; a WARC range or a planning error is
always a task of its own. Each task takes a share of what is planned ahead
(guided self-scheduling): full tasks while the plan runs on, smaller ones at
its end, so the last tasks spread over every worker instead of leaving one to
finish a long task alone. The executors differ only in the bounds.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import TypeVar

from ingest.batch._units import FileUnit


@dataclass(frozen=True, slots=True)
class TaskBounds:
    """The most one task may hold (a task always holds at least one unit)."""

    units: int
    """Saved pages in one task."""
    bytes: int
    """Input bytes in one task."""

    def lookahead(self, workers: int) -> int:
        """Units to keep planned ahead of the tasks, so each task's share can be judged."""
        return 2 * workers * self.units


LOCAL_TASK = TaskBounds(units=8, bytes=8 << 20)
"""A round trip through the local pool costs about a millisecond of the parent's and the
worker's time, as much as a small page takes to extract: pages travel a few at a time."""
CLUSTER_TASK = TaskBounds(units=32, bytes=32 << 20)
"""The Dask scheduler's cost per task is higher: a few dozen pages keep it negligible."""

T = TypeVar("T")


def take_task(ahead: deque[T], workers: int, bounds: TaskBounds) -> list[T]:
    """Pop the next task from the head of ``ahead``: a unit that is not a saved page
    alone, or up to ``bounds`` consecutive saved pages, at most a ``1 / (2 * workers)``
    share of what is ahead."""
    head = ahead.popleft()
    if not isinstance(head, FileUnit):
        return [head]
    size = max(1, min(bounds.units, math.ceil(len(ahead) / (2 * workers))))
    task = [head]
    total = head.size
    while ahead and len(task) < size:
        unit = ahead[0]
        if not isinstance(unit, FileUnit) or total + unit.size > bounds.bytes:
            break
        ahead.popleft()
        total += unit.size
        task.append(unit)
    return task
