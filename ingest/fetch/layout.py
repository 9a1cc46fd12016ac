"""Where a fetched page's JSON goes: ``OUT/<host>/<slug>.json``, safe on any file system.

Names are built from the URL but never trusted: only ``[A-Za-z0-9._-]``
survive, dots cannot lead (no ``..``, no hidden files), length is capped, and a
hash of the full URL keeps two URLs that clean to the same slug apart.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_SLUG = 80


def _clean(text: str, limit: int) -> str:
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-.")
    return text[:limit].rstrip("-.")


def host_folder(url: str) -> str:
    """The folder for a URL's host: ``example.com`` or ``example.com_8080``."""
    parts = urlsplit(url)
    host = (parts.hostname or "unknown-host").lower()
    name = _clean(host + (f"_{parts.port}" if parts.port else ""), 100)
    return name or "unknown-host"


def page_slug(url: str) -> str:
    """A file-name stem for a URL: its path and query, cleaned and capped, plus a hash."""
    parts = urlsplit(url)
    text = unquote(parts.path).strip("/")
    if parts.query:
        text += "-" + unquote(parts.query)
    slug = _clean(text, MAX_SLUG) or "index"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{slug}-{digest}"


def page_path(out: Path, url: str) -> Path:
    """``out/<host>/<slug>.json`` for a URL; always inside ``out``."""
    return out / host_folder(url) / f"{page_slug(url)}.json"
