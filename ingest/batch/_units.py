"""Units of work, options and summaries (output names live in :mod:`ingest.store.names`).

Everything here is small, frozen and picklable: a unit names inputs by path
(the worker reads them itself), a result carries counts and names, never page
bytes. The same objects travel to a local process pool or to a Dask cluster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ingest.store.freshness import fingerprint
from ingest.store.names import digest
from ingest.store.records import ErrorRecord

Format = Literal["json", "jsonl", "both"]


@dataclass(frozen=True, slots=True)
class Options:
    """What shapes the output of a batch (and so is part of each unit's freshness check)."""

    format: Format = "both"
    """``json``: one file per page; ``jsonl``: ``pages.jsonl`` only; ``both``."""
    base_url: str | None = None
    """URL for pages without a sidecar: ending in ``/`` it is joined with each page's
    relative path, otherwise it is used as is."""
    force: bool = False
    """Redo every unit even when its output is up to date."""
    page_timeout: float | None = 120.0
    """Seconds one page may take to extract before it is recorded as an error."""

    @property
    def writes_json(self) -> bool:
        return self.format in ("json", "both")

    @property
    def writes_jsonl(self) -> bool:
        return self.format in ("jsonl", "both")

    def fingerprint(self) -> str:
        """A digest of the options that change what is written."""
        return fingerprint(self.format, self.base_url)


@dataclass(frozen=True, slots=True)
class FileUnit:
    """One saved page file (``.html``, ``.htm``, ``.xhtml``, optionally ``.gz``)."""

    path: str
    """The file, as the worker can open it."""
    out: str
    """Its JSON file, relative to the output folder (POSIX, already made safe)."""
    relative: str
    """Its path below the folder it was found in (joined to ``--base-url``)."""
    size: int = 0

    @property
    def key(self) -> str:
        return digest("file", self.out)


@dataclass(frozen=True, slots=True)
class WarcUnit:
    """The page records of one WARC file within the byte range ``[start, end)``."""

    path: str
    out_dir: str
    """Folder, relative to the output folder, that receives one JSON per record."""
    start: int = 0
    end: int | None = None
    """End of the range, exclusive; None is the end of the file."""
    size: int = 0

    @property
    def key(self) -> str:
        return digest("warc", self.out_dir, str(self.start), str(self.end))


WorkUnit = FileUnit | WarcUnit


@dataclass(frozen=True, slots=True)
class PlanError:
    """An argument that produced no unit (no such file, no match, an unreadable WARC)."""

    input: str
    error: str
    message: str
    size: int = 0
    offset: int | None = None
    """For a damaged WARC: the byte offset where the damage starts."""

    @property
    def key(self) -> str:
        return digest("plan", self.input, self.message)


@dataclass(frozen=True, slots=True)
class PageSummary:
    """What one page produced, in a few fields."""

    output: str | None
    """The page's JSON file relative to the output folder (None when only JSONL is written)."""
    record: str | None
    """The WARC record id, for pages read from a WARC."""
    url: str | None
    title: str | None
    entries: int
    warnings: int


@dataclass(slots=True)
class UnitResult:
    """What a worker sends back for one unit: counts and names, no page content."""

    key: str
    input: str
    part: str | None
    """The unit's part file relative to the output folder (its JSONL lines and state)."""
    pages: list[PageSummary] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    skipped: bool = False
    """True when the unit's outputs were already up to date and nothing was extracted."""
    size: int = 0
    """Input bytes the unit covered (for progress)."""


Planned = WorkUnit | PlanError
"""What the planner yields and the executors take: a unit, or an argument that gave none."""


def crashed(unit: WorkUnit, why: str) -> UnitResult:
    """The result of a unit whose worker died or was lost: one error record, no pages."""
    record = ErrorRecord(unit.path, None, None, "WorkerCrashed", f"{unit.path}: {why}")
    return UnitResult(unit.key, unit.path, None, errors=[record], size=unit.size)


def plan_result(error: PlanError) -> UnitResult:
    """The result of a planning error: one error record, nothing written."""
    record = ErrorRecord(error.input, None, None, error.error, error.message, error.offset)
    return UnitResult(error.key, error.input, None, errors=[record], size=error.size)
