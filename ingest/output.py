"""The one canonical JSON writer, and atomic file output.

Every JSON file ``ingest`` writes (fixtures included) goes through
:func:`dumps`: the models' field order, indent 2, UTF-8, a trailing newline.
Files are written to a temporary name in the same folder and renamed into
place, so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from ingest.errors import OutputError


def dumps(record: BaseModel) -> str:
    """The canonical pretty JSON of one record, with a trailing newline."""
    return record.model_dump_json(indent=2) + "\n"


def dumps_line(record: BaseModel) -> str:
    """The canonical one-line JSON of one record (for JSONL), with a newline."""
    return record.model_dump_json() + "\n"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def write_json(path: Path, record: BaseModel) -> None:
    """Write one record as canonical JSON, atomically."""
    write_atomic(path, dumps(record))


def write_jsonl(path: Path, records: Iterable[BaseModel]) -> int:
    """Write records as JSON Lines, atomically; returns how many were written."""
    lines = [dumps_line(r) for r in records]
    write_atomic(path, "".join(lines))
    return len(lines)
