"""Every name written in an output folder: fixed files, per-page JSON, state.

A name is built from an input path or a URL but never trusted: only safe
characters survive, dots cannot lead (no ``..``, no hidden files), length is
capped, and a digest keeps two inputs that clean to the same text apart.

    OUT/pages.jsonl                 every page of the run, in input order
    OUT/errors.jsonl                one :class:`~ingest.store.records.ErrorRecord` a line
    OUT/a/b/NAME.json               a saved page ``a/b/NAME.html[.gz]``  (batch)
    OUT/a/crawl/<slug>-<id>.json    a record of ``a/crawl.warc[.gz]``    (batch)
    OUT/<host>/<slug>-<hash>.json   a fetched URL                         (fetch)
    OUT/.ingest/                    state: part files, fetch stamps, the lock, temporary files
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ingest.sources import strip_page_suffix, strip_warc_suffix

STATE_DIR = ".ingest"
"""Below the output folder: resume state, temporary files, the lock."""
PARTS_DIR = f"{STATE_DIR}/parts"
FETCHED_DIR = f"{STATE_DIR}/fetched"
TMP_DIR = f"{STATE_DIR}/tmp"
LOCK_FILE = f"{STATE_DIR}/lock"
MANIFEST_FILE = f"{STATE_DIR}/manifest.json"
PAGES_FILE = "pages.jsonl"
ERRORS_FILE = "errors.jsonl"
FETCH_FILE = "fetch.jsonl"

MAX_NAME_BYTES = 200
"""Longest output file or folder name written (file systems allow 255 bytes)."""
MAX_SLUG = 80
"""Longest slug of a fetched URL's path, before its hash."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_UNSAFE_COMPONENT = re.compile(r"[\x00-\x1f/\\]")


def digest(*parts: str, length: int = 32) -> str:
    """A hex digest of ``parts`` (joined by NUL), for keys and name suffixes."""
    joined = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.sha256(joined).hexdigest()[:length]


# --------------------------------------------------------------------------- saved pages

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


def page_output(relative: PurePosixPath) -> PurePosixPath:
    """``a/b/NAME.html.gz`` -> ``a/b/NAME.json`` (every component made safe)."""
    rel = safe_relative(relative)
    return rel.parent / (safe_component(strip_page_suffix(rel.name)) + ".json")


def warc_output_dir(relative: PurePosixPath) -> PurePosixPath:
    """``a/crawl.warc.gz`` -> ``a/crawl``: the folder that receives its records."""
    rel = safe_relative(relative)
    return rel.parent / safe_component(strip_warc_suffix(rel.name))


# --------------------------------------------------------------------------- WARC records

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
    return f"{url_slug(url)}-{digest(record_id, length=12)}.json"


# --------------------------------------------------------------------------- fetched URLs

def _dashed(text: str, limit: int) -> str:
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-.")
    return text[:limit].rstrip("-.")


def host_folder(url: str) -> str:
    """The folder for a URL's host: ``example.com`` or ``example.com_8080``."""
    parts = urlsplit(url)
    host = (parts.hostname or "unknown-host").lower()
    name = _dashed(host + (f"_{parts.port}" if parts.port else ""), 100)
    return name or "unknown-host"


def page_slug(url: str) -> str:
    """A file-name stem for a URL: its path and query, cleaned and capped, plus a hash."""
    parts = urlsplit(url)
    text = unquote(parts.path).strip("/")
    if parts.query:
        text += "-" + unquote(parts.query)
    slug = _dashed(text, MAX_SLUG) or "index"
    return f"{slug}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}"


def url_output(url: str) -> str:
    """``<host>/<slug>.json`` for a fetched URL, relative to the output folder."""
    return f"{host_folder(url)}/{page_slug(url)}.json"


def page_path(out: Path, url: str) -> Path:
    """``out/<host>/<slug>.json`` for a URL; always inside ``out``."""
    return out / url_output(url)


# --------------------------------------------------------------------------- state

def part_path(key: str) -> str:
    """Where a batch unit's part file lives, relative to the output folder."""
    return f"{PARTS_DIR}/{key[:2]}/{key}.jsonl"


def stamp_path(url: str) -> str:
    """Where the freshness stamp of a fetched URL's JSON lives, relative to the output folder."""
    key = digest("fetch", url)
    return f"{FETCHED_DIR}/{key[:2]}/{key}.json"
