"""The canonical JSON text, and atomic file output.

Every JSON file ``ingest`` writes (fixtures included) goes through
:func:`dumps`: the models' field order, indent 2, UTF-8, a trailing newline.
Files are written to a temporary name and renamed into place, so a reader
never sees half a file; inside an output folder the temporary files live in
``OUT/.ingest/tmp`` (:func:`write_file`), so a killed run leaves nothing stray
among the outputs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from ingest.errors import OutputError
from ingest.normalize import MEMO_SIZE
from ingest.store.names import TMP_DIR

_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK
"""Mode of written files: what ``open()`` would give (mkstemp alone gives 0600)."""


def dumps(record: BaseModel) -> str:
    """The canonical pretty JSON of one record, with a trailing newline."""
    return record.model_dump_json(indent=2) + "\n"


def dumps_line(record: BaseModel) -> str:
    """The canonical one-line JSON of one record (for JSONL), with a newline."""
    return record.model_dump_json() + "\n"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename."""
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


@lru_cache(maxsize=MEMO_SIZE)
def _make_folder(folder: str) -> None:
    """``mkdir -p`` once per folder and process: pages share folders, and a mkdir of a
    folder that exists costs two system calls and an exception per page."""
    os.makedirs(folder, exist_ok=True)


def write_file(out: Path, relative: str, data: str) -> None:
    """Write ``out/relative`` atomically, the temporary file in ``out/.ingest/tmp``."""
    target = out / relative
    payload = data.encode("utf-8")
    try:
        try:
            _replace_atomically(target, payload, out / TMP_DIR)
        except FileNotFoundError:
            # A folder this process made was removed since (a long-lived Dask worker
            # serving a new run into a cleared folder): forget the memo and make it again.
            _make_folder.cache_clear()
            _replace_atomically(target, payload, out / TMP_DIR)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc})") from exc


def _replace_atomically(target: Path, payload: bytes, tmp_dir: Path) -> None:
    _make_folder(str(target.parent))
    _make_folder(str(tmp_dir))
    fd, tmp = tempfile.mkstemp(prefix="w.", suffix=".tmp", dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            os.fchmod(handle.fileno(), FILE_MODE)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno != errno.EXDEV:  # the target is on another file system
            raise
        write_atomic(target, payload)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
