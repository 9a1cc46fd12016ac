"""Where saved HTML comes from: files, folders and gzip-compressed pages.

A *page source* is anything that yields raw page bytes plus what is known of
where they came from. Reading is the only I/O here; extraction happens
elsewhere.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import SourceError

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Saved pages larger than this (after decompression) are refused."""


@dataclass(frozen=True, slots=True)
class PageFile:
    """A saved page on disk and its path relative to the folder it was found in."""

    path: Path
    relative: Path


def is_page_file(path: Path) -> bool:
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


def iter_page_files(root: Path) -> Iterator[PageFile]:
    """Every saved page under ``root`` (recursively, in sorted order), or root itself."""
    if root.is_file():
        yield PageFile(root, Path(root.name))
        return
    if not root.is_dir():
        raise SourceError(f"{root}: no such file or folder")
    for path in sorted(root.rglob("*")):
        if path.is_file() and is_page_file(path):
            yield PageFile(path, path.relative_to(root))
