"""An output folder as a whole: its lock, its temporary files, its lists and manifest.

``pages.jsonl`` and ``errors.jsonl`` are streamed to ``OUT/.ingest/tmp`` while a
run goes on and renamed into place when it ends (:class:`ListWriter`), so a
reader sees the previous run's lists or this run's, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

from ingest.errors import OutputError, OutputLocked
from ingest.store.files import FILE_MODE, write_file
from ingest.store.names import ERRORS_FILE, LOCK_FILE, MANIFEST_FILE, PAGES_FILE, TMP_DIR
from ingest.store.records import ErrorRecord

try:
    import fcntl
except ImportError:  # not POSIX: runs are not locked against each other
    fcntl = None  # type: ignore[assignment]


class OutputLock:
    """An exclusive lock on an output folder (``OUT/.ingest/lock``) for one run."""

    def __init__(self, out: Path, command: str = "ingest batch") -> None:
        self.path = out / LOCK_FILE
        self.command = command
        self._handle: IO[bytes] | None = None

    def __enter__(self) -> OutputLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "ab")
        except OSError as exc:
            raise OutputError(f"{self.path.parent}: cannot create ({exc.strerror or exc})") \
                from exc
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            raise OutputLocked(f"{self.path.parent.parent}: another {self.command} is writing "
                               "there (wait for it, or choose another -o)") from exc
        self._handle = handle
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._handle is not None:
            if fcntl is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def clear_tmp(out: Path) -> None:
    """Remove what a killed run left in ``OUT/.ingest/tmp`` (call with the lock held)."""
    shutil.rmtree(out / TMP_DIR, ignore_errors=True)


class ListWriter:
    """``pages.jsonl`` and ``errors.jsonl`` of one run, streamed and then moved into place.

    Feed it page lines and error records in output order, then :meth:`commit`
    (or :meth:`abort`, which leaves the previous run's lists as they were).
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        tmp = out / TMP_DIR
        try:
            tmp.mkdir(parents=True, exist_ok=True)
            self._pages_tmp = Path(tempfile.mkstemp(prefix="pages.", suffix=".tmp", dir=tmp)[1])
            self._errors_tmp = Path(tempfile.mkstemp(prefix="errors.", suffix=".tmp",
                                                     dir=tmp)[1])
        except OSError as exc:
            raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from exc
        self._pages = open(self._pages_tmp, "wb")  # noqa: SIM115 - closed in commit/abort
        self._errors = open(self._errors_tmp, "wb")  # noqa: SIM115

    def pages(self, data: bytes | str) -> None:
        """Append JSON Lines (one or more whole lines) to ``pages.jsonl``."""
        self._pages.write(data.encode("utf-8") if isinstance(data, str) else data)

    def error(self, record: ErrorRecord) -> None:
        """Append one line to ``errors.jsonl``."""
        self._errors.write(record.line().encode("utf-8"))

    def commit(self, *, with_pages: bool = True) -> None:
        """Move both lists into place; ``with_pages=False`` (``--format json``) removes a
        ``pages.jsonl`` left by an earlier run, which would no longer match the outputs."""
        self._pages.close()
        self._errors.close()
        try:
            for path in (self._pages_tmp, self._errors_tmp):
                os.chmod(path, FILE_MODE)
            if with_pages:
                os.replace(self._pages_tmp, self.out / PAGES_FILE)
            else:
                self._pages_tmp.unlink()
                (self.out / PAGES_FILE).unlink(missing_ok=True)
            os.replace(self._errors_tmp, self.out / ERRORS_FILE)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write ({exc.strerror or exc})") from exc

    def abort(self) -> None:
        for handle in (self._pages, self._errors):
            handle.close()
        for path in (self._pages_tmp, self._errors_tmp):
            with contextlib.suppress(OSError):
                path.unlink()


def write_manifest(out: Path, manifest: dict[str, object]) -> None:
    """``OUT/.ingest/manifest.json``: what the last run was and how it ended."""
    write_file(out, MANIFEST_FILE, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
