"""Units of work, options, summaries, and safe output names.

Everything here is small, frozen and picklable: a unit names inputs by path
(the worker reads them itself), a result carries counts and names, never page
bytes. The same objects travel to a local process pool or to a Dask cluster.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

Format = Literal["json", "jsonl", "both"]

STATE_DIR = ".ingest"
"""Below the output folder: resume state (``parts/``), temporary files, the lock."""
PARTS_DIR = f"{STATE_DIR}/parts"
TMP_DIR = f"{STATE_DIR}/tmp"
PAGES_FILE = "pages.jsonl"
ERRORS_FILE = "errors.jsonl"
MANIFEST_FILE = f"{STATE_DIR}/manifest.json"

MAX_NAME_BYTES = 200
"""Longest output file or folder name written (file systems allow 255 bytes)."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_UNSAFE_COMPONENT = re.compile(r"[\x00-\x1f/\\]")


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
        text = json.dumps([self.format, self.base_url])
        return hashlib.sha256(text.encode()).hexdigest()[:16]


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
        return _digest("file", self.out)


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
        return _digest("warc", self.out_dir, str(self.start), str(self.end))


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
        return _digest("plan", self.input, self.message)


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


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """One line of ``errors.jsonl``: an input (or WARC record) that produced no page."""

    input: str
    record: str | None
    url: str | None
    error: str
    """The error's class name (an IngestError subclass, or the unexpected exception's)."""
    message: str
    offset: int | None = None
    """Byte offset in a WARC input of the damaged stretch or record, when there is one."""

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":")) + "\n"


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


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def part_path(key: str) -> str:
    """Where a unit's part file lives, relative to the output folder."""
    return f"{PARTS_DIR}/{key[:2]}/{key}.jsonl"


# --------------------------------------------------------------------------- safe names

def _cut(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """``name`` cut to ``limit`` UTF-8 bytes, with a digest of the whole when it was cut."""
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= limit:
        return name
    tag = "~" + hashlib.sha256(raw).hexdigest()[:10]
    head = raw[: limit - len(tag)].decode("utf-8", "ignore")
    return head + tag


def safe_component(name: str) -> str:
    """One path component that cannot escape its folder or be hidden, and is not too long."""
    name = unicodedata.normalize("NFC", _UNSAFE_COMPONENT.sub("_", name)).strip()
    name = name.lstrip(".") or "_"
    return _cut(name)


def safe_relative(rel: PurePosixPath) -> PurePosixPath:
    """A relative path made of safe components only (no ``..``, no absolute root)."""
    parts = [safe_component(p) for p in rel.parts if p not in ("", ".", "..", "/")]
    return PurePosixPath(*parts) if parts else PurePosixPath("_")


def url_slug(url: str | None, limit: int = 100) -> str:
    """``https://example.com/a/b?c=1`` -> ``example.com_a_b_c_1`` (ASCII, at most ``limit``)."""
    if not url:
        return "record"
    parts = urlsplit(url)
    text = parts.netloc + parts.path + (("_" + parts.query) if parts.query else "")
    slug = re.sub(r"\.{2,}", ".", _UNSAFE.sub("_", text)).strip("._-")
    return slug[:limit].rstrip("._-") or "record"


def record_name(url: str | None, record_id: str) -> str:
    """The JSON file name of one WARC record: URL slug plus a digest of the record id."""
    tag = hashlib.sha256(record_id.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f"{url_slug(url)}-{tag}.json"

