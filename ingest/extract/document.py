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
from ingest.extract.depth import cap_depth

MAX_PARSE_BYTES = 8 * 1024 * 1024
"""Beyond this many bytes a page is truncated before parsing (real articles are far smaller)."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats that are sometimes saved with an .html name, and what they are.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image", b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip-compressed data", b"RIFF": "a RIFF media file (WebP, WAV, AVI)",
    b"\x00\x00\x01\x00": "an icon", b"OggS": "an Ogg media file", b"\x7fELF": "a program",
    b"7z\xbc\xaf": "a 7-Zip archive", b"\x00asm": "WebAssembly", b"wOFF": "a web font",
    b"wOF2": "a web font", b"\x1aE\xdf\xa3": "a Matroska/WebM video",
    b"BZh": "bzip2-compressed data", b"\xfd7zXZ\x00": "xz-compressed data",
    b"\x28\xb5\x2f\xfd": "zstd-compressed data",
}
# Short magics that are also plausible first letters of text ("BMW…", "ID3 tags…"):
# they count only with the header bytes that follow them in the real format.
_BINARY_HEADERS = (
    (re.compile(rb"^BM.{4}\x00\x00\x00\x00", re.S), "a BMP image"),
    (re.compile(rb"^ID3[\x02-\x04]\x00"), "an MP3 file"),
)
# Share of control characters (other than tab, newline, form feed, carriage return)
# above which a sample is data rather than text.
_MAX_CONTROL_SHARE = 0.05
# Every byte that is not such a control byte: deleting these leaves the control bytes.
_NOT_CONTROL_BYTES = bytes(range(9, 14)) + bytes(range(32, 256))
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")
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


# Codecs Python knows but no web page is written in, or that browsers refuse (UTF-7):
# a page that names one in <meta charset> must not get to run it.
_NOT_PAGE_CODECS = frozenset({
    "undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7",
    "mbcs", "oem", "palmos",
})


def _codec(name: str | None) -> str | None:
    """The Python codec for a charset label, or None when it is not a page encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'").lower())
    except (LookupError, ValueError):
        return None
    # base64, rot13, zlib and friends are codecs too, but not text encodings.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CODECS:
        return None
    # WHATWG: a page labelled latin-1 or ascii is decoded as windows-1252.
    return "cp1252" if info.name in ("latin-1", "iso8859-1", "ascii") else info.name


def binary_kind(data: bytes) -> str | None:
    """What the data is when it is not markup ("a PNG image", "binary data"), else None.

    Text in a Unicode encoding with a byte order mark is judged after decoding, so a
    UTF-16 page is not mistaken for binary because of its NUL bytes; a stray NUL in an
    otherwise ordinary page is not enough either.
    """
    head = data[:1024].lstrip()
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return kind
    for pattern, kind in _BINARY_HEADERS:
        if pattern.match(head):
            return kind
    sample = data[:4096]
    for bom, name in _BOMS:
        if sample.startswith(bom):
            text = sample[len(bom):].decode(name, errors="replace")
            controls = len(_CONTROL_CHARS.findall(text))
            return "binary data" if controls > len(text) * _MAX_CONTROL_SHARE else None
    if b"\x00" in sample:
        # UTF-16 without a BOM has NULs on every other byte; binary has them anywhere.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) * 0.4 or even > len(sample) * 0.4:
            return None
    return "binary data" if _control_bytes(sample) > len(sample) * _MAX_CONTROL_SHARE else None


def _control_bytes(sample: bytes) -> int:
    """How many control bytes (other than tab, newline, form feed, carriage return)."""
    return len(sample.translate(None, _NOT_CONTROL_BYTES))


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
        # UTF-16 without a BOM: ASCII markup leaves a NUL in every other byte.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > len(sample) * 0.4:
            return ("utf-16-le" if odd > even else "utf-16-be"), 0
    meta = _META_CHARSET.search(sample)
    if meta:
        from_meta = _codec(meta.group(1).decode("ascii", "replace"))
        # A page that is UTF-16 or UTF-32 cannot declare itself in ASCII bytes; trust the bytes.
        if from_meta and not from_meta.startswith(("utf-16", "utf-32")):
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

        matches = from_bytes(data[:65536])
        best = matches.best()
        if best is not None and best.encoding:
            # Detection cannot tell apart code pages that decode a sample equally well
            # (é in cp1252 or cp1250); among such ties windows-1252 wins, the WHATWG
            # default for unlabelled legacy pages.
            tied = {_codec(m.encoding) for m in matches
                    if m.chaos == best.chaos and m.coherence == best.coherence}
            if "cp1252" in tied:
                return "cp1252", 0
            return _codec(best.encoding) or "cp1252", 0
    except Exception:  # detection is a hint; never let it fail the page
        pass
    return "cp1252", 0


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Text, encoding name and warnings for the raw bytes of a page."""
    text, encoding, warnings = _decode(data, declared)
    if text is None:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    return text, encoding, warnings


def _decode(data: bytes, declared: str | None) -> tuple[str | None, str, list[str]]:
    """:func:`decode`, but with None for the text of a page that is valid UTF-8 markup.

    Such a page goes to lexbor as bytes, so its text is never built.
    """
    warnings: list[str] = []
    # isspace() is False for empty bytes and stops at the first non-space byte.
    if not data or data.isspace():
        raise EmptyDocumentError("empty document")
    kind = binary_kind(data)
    if kind is not None:
        raise NotHTMLError(f"{kind}, not HTML")
    encoding, skip = sniff_encoding(data, declared)
    truncated = len(data) - skip > MAX_PARSE_BYTES
    if encoding == "utf-8" and not truncated and _is_valid_utf8(data, skip) \
            and data.find(b"<", skip, skip + 65536) != -1:
        # A "<" within the first 65536 bytes is within the first 65536 characters.
        return None, encoding, warnings
    if truncated:
        warnings.append(f"page truncated to {MAX_PARSE_BYTES // (1024 * 1024)} MB for parsing")
    text = _decode_strict(data, encoding, skip, truncated)
    if text is None and skip == 0:
        # The declared charset (transport or <meta>) does not fit the bytes: decide from
        # the bytes alone, then try UTF-8, before replacing undecodable bytes.
        for fallback, fallback_skip in (sniff_encoding(data, None), ("utf-8", 0)):
            if fallback == encoding:
                continue
            text = _decode_strict(data, fallback, fallback_skip, truncated)
            if text is not None:
                warnings.append(f"declared charset {encoding} does not fit the bytes; "
                                f"decoded as {fallback}")
                encoding, skip = fallback, fallback_skip
                break
    if text is None:
        body = data[skip:skip + MAX_PARSE_BYTES]
        try:
            text = body.decode(encoding, errors="replace")
        except (LookupError, UnicodeError, ValueError, TypeError):
            encoding = "cp1252"
            text = body.decode(encoding, errors="replace")
        warnings.append(f"undecodable bytes replaced while decoding as {encoding}")
    if "<" not in text[:65536] and len(text) > 64 and not text.strip().startswith("<"):
        warnings.append("no markup found; treated as plain text")
    return text, encoding, warnings


def _is_valid_utf8(data: bytes, skip: int) -> bool:
    """The bytes after the first ``skip`` decode as UTF-8 (the text is not kept)."""
    if data.isascii():
        return True
    try:
        codecs.utf_8_decode(memoryview(data)[skip:], "strict", True)
    except UnicodeDecodeError:
        return False
    return True


def _decode_strict(data: bytes, encoding: str, skip: int, truncated: bool) -> str | None:
    """The text of the page in this encoding, or None when the bytes do not fit it.

    Incremental and not final when the page was truncated: a character cut in half by
    the size cap is dropped instead of being reported as undecodable.
    """
    body = data[skip:skip + MAX_PARSE_BYTES]
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        text = decoder.decode(body, final=not truncated)
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None
    return text if isinstance(text, str) else None


def parse(data: bytes, declared_encoding: str | None = None) -> Document:
    """Decode and parse a page exactly once."""
    text, encoding, warnings = _decode(data, declared_encoding)
    if text is None:
        # Valid UTF-8 goes to lexbor as bytes: it would encode the str back to UTF-8.
        tree = LexborHTMLParser(cap_depth(data.removeprefix(codecs.BOM_UTF8)))
    else:
        tree = LexborHTMLParser(cap_depth(text))
    return Document(tree=tree, encoding=encoding, warnings=warnings)
