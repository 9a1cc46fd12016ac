"""Decode the bytes and parse them once with selectolax (lexbor).

Decoding follows the order a browser (and a careful archivist) uses: a byte
order mark, then the charset the transport declared, then ``<meta charset>``
in the head, then strict UTF-8, then statistical detection, and as the last
resort windows-1252, which never fails. Binary data is refused before parsing.
Pages larger than :data:`MAX_PARSE_BYTES` are cut there, with a warning, so
that the work per page is bounded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.errors import EmptyDocumentError, NotHTMLError

MAX_PARSE_BYTES = 8 * 1024 * 1024
"""Beyond this many bytes a page is truncated before parsing (real articles are far smaller)."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats that are sometimes saved with an .html name.
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04", b"\x1f\x8b",
    b"RIFF", b"\x00\x00\x01\x00", b"BM", b"OggS", b"ID3", b"\x7fELF", b"7z\xbc\xaf",
)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I
)


@dataclass
class Document:
    """A parsed page: the tree, the text encoding, and what decoding had to flag."""

    tree: LexborHTMLParser
    encoding: str
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> LexborNode | None:
        return self.tree.body


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        found = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    # WHATWG: a page labelled latin-1 or ascii is decoded as windows-1252.
    return "cp1252" if found in ("latin-1", "iso8859-1", "ascii") else found


def looks_binary(data: bytes) -> bool:
    """True for images, PDFs, archives and other data that is not markup."""
    head = data[:1024].lstrip()
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        return True
    sample = data[:4096]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 without a BOM has NULs on every other byte; random binary has them anywhere.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        return not (odd > len(sample) * 0.4 or even > len(sample) * 0.4)
    controls = len(_CONTROL_BYTES.findall(sample))
    return controls > len(sample) * 0.05


_SINGLE_BYTE = frozenset({"cp1252", "iso8859-15", "iso8859-2", "cp1250", "latin-1"})


def _is_utf8_text(data: bytes) -> bool:
    """True when the bytes hold non-ASCII characters and all of them decode as UTF-8."""
    sample = data[:MAX_PARSE_BYTES]
    if sample.isascii():
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 4  # a character cut at the sample's end
    return True


def sniff_encoding(data: bytes, declared: str | None = None) -> tuple[str, int]:
    """The encoding to decode with, and how many leading bytes (a BOM) to skip."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    from_header = _codec(declared)
    if from_header:
        return from_header, 0
    sample = data[:4096]
    if b"\x00" in sample[:200]:
        odd = sample[1::2].count(0)
        return ("utf-16-le" if odd > sample[0::2].count(0) else "utf-16-be"), 0
    meta = _META_CHARSET.search(sample)
    if meta:
        from_meta = _codec(meta.group(1).decode("ascii", "replace"))
        # A page that is UTF-16 cannot declare itself in ASCII bytes; trust the bytes.
        if from_meta and not from_meta.startswith("utf-16"):
            # A page re-saved as UTF-8 often keeps its old single-byte <meta charset>;
            # bytes that are valid, non-ASCII UTF-8 are not windows-1252 text.
            if from_meta in _SINGLE_BYTE and _is_utf8_text(data):
                return "utf-8", 0
            return from_meta, 0
    try:
        data[:MAX_PARSE_BYTES].decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError as exc:
        if exc.start >= MAX_PARSE_BYTES - 4:
            return "utf-8", 0
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None and best.encoding:
            return _codec(best.encoding) or "cp1252", 0
    except Exception:
        pass
    return "cp1252", 0


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Text, encoding name and warnings for the raw bytes of a page."""
    warnings: list[str] = []
    if not data or not data.strip():
        raise EmptyDocumentError("empty document")
    if looks_binary(data):
        raise NotHTMLError("binary data, not HTML")
    encoding, skip = sniff_encoding(data, declared)
    body = data[skip:]
    if len(body) > MAX_PARSE_BYTES:
        warnings.append(f"page truncated to {MAX_PARSE_BYTES // (1024 * 1024)} MB for parsing")
        body = body[:MAX_PARSE_BYTES]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        text = body.decode(encoding, errors="replace")
        warnings.append(f"undecodable bytes replaced while decoding as {encoding}")
    except LookupError:
        encoding = "cp1252"
        text = body.decode(encoding, errors="replace")
    if "<" not in text[:65536] and len(text) > 64 and not text.strip().startswith("<"):
        warnings.append("no markup found; treated as plain text")
    return text, encoding, warnings


def parse(data: bytes, declared_encoding: str | None = None) -> Document:
    """Decode and parse a page exactly once."""
    text, encoding, warnings = decode(data, declared_encoding)
    tree = LexborHTMLParser(text)
    return Document(tree=tree, encoding=encoding, warnings=warnings)
