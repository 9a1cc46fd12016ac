"""Where saved HTML comes from: files, folders, globs, gzip-compressed pages, WARC.

A *page source* is anything that yields raw page bytes plus what is known of
where they came from. Reading is the only I/O here; extraction happens
elsewhere.

- :func:`discover` turns command-line arguments (files, folders, globs) into a
  stream of :class:`FoundInput`, folder by folder, without listing a whole tree.
- :func:`read_page_file` reads one saved page; :func:`read_sidecar` reads its
  ``NAME.meta.json`` (``{"url": ..., "fetched_at": ..., ...}``) if there is one.
- WARC archives are read by :mod:`ingest.warc`.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Literal

from ingest.errors import SourceError

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Saved pages larger than this (after decompression) are refused."""


def is_page_file(path: Path) -> bool:
    """True for .html, .htm, .xhtml and their .gz forms."""
    return path.name.lower().endswith(PAGE_SUFFIXES)


def strip_page_suffix(name: str) -> str:
    """'a.html.gz' -> 'a'."""
    lower = name.lower()
    for suffix in sorted(PAGE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def read_page_file(path: Path) -> bytes:
    """The raw bytes of a saved page, gunzipped when it ends in .gz."""
    try:
        if path.is_dir():
            raise SourceError(f"{path}: is a folder, not a page")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SourceError(f"{path}: {size // (1024 * 1024)} MB is larger than the "
                              f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit")
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise SourceError(f"{path}: decompresses to more than "
                                  f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
            return data
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise SourceError(f"{path}: permission denied") from exc
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        raise SourceError(f"{path}: not a valid gzip file ({exc})") from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc


# --------------------------------------------------------------------------- discovery

WARC_SUFFIXES = (".warc", ".warc.gz")
SIDECAR_SUFFIX = ".meta.json"
"""``NAME.meta.json`` beside ``NAME.html[.gz]`` says where a saved page came from."""
_GLOB_MAGIC = re.compile(r"[*?\[]")


def is_warc_file(path: Path | str) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def strip_warc_suffix(name: str) -> str:
    """'crawl.warc.gz' -> 'crawl'."""
    lower = name.lower()
    for suffix in (".warc.gz", ".warc"):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, slots=True)
class FoundInput:
    """One input file found on disk: a saved page or a WARC archive."""

    path: Path
    """The file, as reachable from the current directory."""
    relative: PurePosixPath
    """Its path below the folder or glob base it was found in (just its name for a file)."""
    kind: Literal["page", "warc"]
    size: int
    """Its size on disk in bytes (0 when it could not be read)."""


@dataclass(frozen=True, slots=True)
class MissingInput:
    """An argument that names nothing: no such file, folder, or glob match."""

    arg: str
    message: str


def _kind(path: Path | str) -> Literal["page", "warc"] | None:
    if is_warc_file(path):
        return "warc"
    if is_page_file(Path(path)):
        return "page"
    return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def walk_folder(root: Path, base: PurePosixPath | None = None
                ) -> Iterator[FoundInput | MissingInput]:
    """Saved pages and WARC files under ``root``, recursively, streamed in name order.

    Each folder is listed and sorted on its own, its files first, then its
    subfolders, so memory stays bounded by the largest folder, not by the whole
    tree. Hidden entries (``.name``) are skipped, and so are symbolic links to
    folders (no cycles); a folder that cannot be listed is reported and the
    walk goes on.
    """
    try:
        with os.scandir(root) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")),
                             key=lambda e: e.name)
    except OSError as exc:
        yield MissingInput(str(root), f"{root}: cannot list ({exc.strerror or exc})")
        return
    base = base or PurePosixPath()
    folders = []
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry)
                continue
            kind = _kind(entry.name)
            if kind is None or not entry.is_file():
                continue
            size = entry.stat().st_size
        except OSError:
            continue
        yield FoundInput(Path(entry.path), base / entry.name, kind, size)
    for entry in folders:
        yield from walk_folder(Path(entry.path), base / entry.name)


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    literal: list[str] = []
    for part in parts:
        if _GLOB_MAGIC.search(part):
            break
        literal.append(part)
    return Path(*literal) if literal else Path(".")


def discover(args: Iterable[str]) -> Iterator[FoundInput | MissingInput]:
    """Every input named by ``args``: files, folders (recursively) and glob patterns.

    A file named explicitly is taken whatever its suffix (``.warc``/``.warc.gz``
    are archives, anything else a page); folders contribute their
    ``.html``/``.htm``/``.xhtml`` (optionally ``.gz``) and WARC files. A folder's
    files are relative to it; a glob's matches to the pattern's literal prefix.
    """
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            yield from walk_folder(path)
        elif path.is_file():
            kind = "warc" if is_warc_file(path) else "page"
            yield FoundInput(path, PurePosixPath(path.name), kind, _size(path))
        elif _GLOB_MAGIC.search(arg):
            base = _glob_base(arg)
            matches = sorted(glob.iglob(arg, recursive=True))
            if not matches:
                yield MissingInput(arg, f"{arg}: no file matches this pattern")
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    yield from walk_folder(found)
                    continue
                kind = _kind(found)
                if kind is None or not found.is_file():
                    continue
                try:
                    rel = PurePosixPath(found.relative_to(base).as_posix())
                except ValueError:
                    rel = PurePosixPath(found.name)
                yield FoundInput(found, rel, kind, _size(found))
        else:
            yield MissingInput(arg, f"{arg}: no such file or folder")


@dataclass(frozen=True, slots=True)
class Sidecar:
    """What ``NAME.meta.json`` says about a saved page (every field optional)."""

    url: str | None = None
    fetched_at: str | None = None
    status: int | None = None
    content_type: str | None = None
    raw: bytes = b""
    """The sidecar's bytes, part of the input's content hash."""


def sidecar_path(page: Path) -> Path:
    """``dir/NAME.html.gz`` -> ``dir/NAME.meta.json``."""
    return page.with_name(strip_page_suffix(page.name) + SIDECAR_SUFFIX)


def read_sidecar(page: Path) -> Sidecar | None:
    """The sidecar of a saved page, or None when there is none."""
    path = sidecar_path(page)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        meta = json.loads(raw)
    except ValueError as exc:
        raise SourceError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(meta, dict):
        raise SourceError(f"{path}: expected a JSON object")
    headers = meta.get("headers") if isinstance(meta.get("headers"), dict) else {}
    lowered = {str(k).lower(): v for k, v in headers.items()}
    status = meta.get("status")
    return Sidecar(
        url=_str_or_none(meta.get("url") or meta.get("final_url")),
        fetched_at=_str_or_none(meta.get("fetched_at")),
        status=status if isinstance(status, int) and not isinstance(status, bool) else None,
        content_type=_str_or_none(meta.get("content_type") or lowered.get("content-type")),
        raw=raw,
    )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# --------------------------------------------------------------------------- shared

def aware_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp (a WARC-Date, a sidecar's fetched_at) with a time zone; UTC if none."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def charset_of(content_type: str | None) -> str | None:
    """The charset a Content-Type header declares, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else None
