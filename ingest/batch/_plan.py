"""Planning: command-line arguments in, a stream of work units out.

The plan is produced lazily, folder by folder and WARC range by WARC range,
so a million inputs never sit in memory at once. Its order (sorted names,
each folder's files before its subfolders) is the order of ``pages.jsonl``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from ingest.batch._units import FileUnit, PlanError, WarcUnit
from ingest.errors import OutputCollision, SourceError
from ingest.sources import FoundInput, MissingInput, discover
from ingest.store.names import page_output, warc_output_dir
from ingest.warc import WARC_RECORDS_PER_RANGE, WarcDamage, warc_ranges


def expand_args(args: Iterable[str], stdin_list: Path | None = None) -> Iterator[str]:
    """``args`` with each ``-`` replaced by the paths listed (one a line) in ``stdin_list``."""
    for arg in args:
        if arg != "-":
            yield arg
            continue
        if stdin_list is None:
            continue
        with open(stdin_list, encoding="utf-8", errors="surrogateescape") as handle:
            for line in handle:
                path = line.rstrip("\r\n")
                if path.strip() and not path.lstrip().startswith("#"):
                    yield path


def plan_units(args: Iterable[str], *, warc_records: int = WARC_RECORDS_PER_RANGE
               ) -> Iterator[FileUnit | WarcUnit | PlanError]:
    """The units of work for ``args`` (files, folders, globs), in output order.

    Each saved page is a :class:`FileUnit`; each WARC file is scanned once and
    cut into :class:`WarcUnit` ranges of ``warc_records`` page records. Inputs
    that cannot be used become :class:`PlanError` items in place.
    """
    for item in plan_inputs(args):
        if isinstance(item, FoundInput):
            yield from _warc_units(item, warc_records)
        else:
            yield item


def plan_inputs(args: Iterable[str]) -> Iterator[FileUnit | FoundInput | PlanError]:
    """:func:`plan_units` before WARC files are read: each is yielded as found, in place."""
    folder: PurePosixPath | None = None
    taken: dict[str, str] = {}
    for found in discover(args):
        if isinstance(found, MissingInput):
            yield PlanError(found.arg, SourceError.__name__, found.message)
            continue
        if found.kind == "warc":
            yield found
            continue
        out = page_output(found.relative)
        if out.parent != folder:  # a folder's files come together: collisions are local
            folder, taken = out.parent, {}
        if out.name in taken:
            yield PlanError(str(found.path), OutputCollision.__name__,
                            f"{found.path}: its output {out} is already written for "
                            f"{taken[out.name]}")
            continue
        taken[out.name] = str(found.path)
        yield FileUnit(str(found.path), out.as_posix(), found.relative.as_posix(), found.size)


def _warc_units(found: FoundInput, warc_records: int) -> Iterator[WarcUnit | PlanError]:
    out_dir = warc_output_dir(found.relative).as_posix()
    try:
        for item in warc_ranges(found.path, warc_records):
            if isinstance(item, WarcDamage):  # the records around it are still read
                yield PlanError(str(found.path), SourceError.__name__,
                                item.describe(found.path), offset=item.offset)
                continue
            start, end = item
            size = (end if end is not None else max(found.size, start)) - start
            yield WarcUnit(str(found.path), out_dir, start, end, size)
    except SourceError as exc:
        yield PlanError(str(found.path), type(exc).__name__, exc.one_line())


def count_bytes(args: Iterable[str]) -> int:
    """The total size of the inputs ``args`` name (for a progress bar's ETA)."""
    total = 0
    with contextlib.suppress(Exception):
        for found in discover(args):
            if isinstance(found, FoundInput):
                total += found.size
    return total
