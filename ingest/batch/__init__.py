"""Run extraction over many saved pages and WARC archives: in parallel, resumable.

The pieces, usable by any executor (the local process pool here, a Dask
cluster elsewhere):

- :func:`plan_units` turns arguments (files, folders, globs) into a lazy
  stream of picklable units: :class:`FileUnit` (one saved page) and
  :class:`WarcUnit` (a record-aligned byte range of a WARC file), plus
  :class:`PlanError` for arguments that name nothing usable;
- :func:`process_unit` ``(unit, out_dir, options) -> UnitResult`` reads the
  unit's input itself, extracts, writes each page's JSON and the unit's part
  file atomically, and returns a small :class:`UnitResult`; it skips units
  whose outputs are up to date (same input hash, extractor version, options);
  :func:`process_units` does several in one task;
- :class:`Assembler` takes results in plan order and writes ``pages.jsonl``,
  ``errors.jsonl`` and the manifest atomically;
- :func:`run_batch` is the local runner that ties them together.

Another executor follows the local runner (:func:`run_batch`)::

    with OutputLock(out):                      # one writer per output folder
        clear_tmp(out)                         # what a killed run left behind
        assembler = Assembler(out, options, args)
        for result in ordered(submit(process_unit, unit, out, options)
                              for unit in plan_units(args)):   # PlanError -> plan_result()
            assembler.add(result)              # in plan order
        assembler.commit()

Workers need only paths they can read and the output folder; results are a
few hundred bytes per page.

Output layout::

    OUT/<relative path>/<name>.json          one per saved page
    OUT/<relative path>/<warc name>/<url slug>-<record digest>.json
    OUT/pages.jsonl                          every page, one line each, plan order
    OUT/errors.jsonl                         {input, record, url, error, message, offset}
    OUT/.ingest/parts/, manifest.json, lock  resume state
"""

from __future__ import annotations

from ingest.batch._plan import expand_args, plan_units
from ingest.batch._runner import Assembler, BatchSummary, run_batch, run_inline, run_pool
from ingest.batch._units import (
    FileUnit,
    Options,
    PageSummary,
    PlanError,
    Planned,
    UnitResult,
    WarcUnit,
    WorkUnit,
    plan_result,
)
from ingest.batch._worker import process_unit, process_units
from ingest.store import ErrorRecord, OutputLock, clear_tmp, extractor_version

__all__ = [
    "Assembler",
    "BatchSummary",
    "ErrorRecord",
    "FileUnit",
    "Options",
    "OutputLock",
    "PageSummary",
    "PlanError",
    "Planned",
    "UnitResult",
    "WarcUnit",
    "WorkUnit",
    "clear_tmp",
    "expand_args",
    "extractor_version",
    "plan_result",
    "plan_units",
    "process_unit",
    "process_units",
    "run_batch",
    "run_inline",
    "run_pool",
]
