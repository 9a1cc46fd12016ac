"""Content-Encoding decoding that refuses to inflate past a cap.

A gzip, brotli or zstd bomb (a few kilobytes that inflate to gigabytes) is
stopped as soon as the output passes the cap: each decoder is asked for at most
``cap + 1`` bytes at a time (zlib's ``max_length``, brotli's
``output_buffer_limit``, zstd's ``max_length``), so no more than that is ever
held in memory. With ``keep_prefix`` the decoder keeps the first ``cap`` bytes
instead of refusing (sitemaps and feeds are read up to their limit), and says
so in ``truncated``.
"""

from __future__ import annotations

import sys
import zlib
from typing import Any

import brotli

from ingest.errors import TooLarge, UnsupportedContent

if sys.version_info >= (3, 14):
    from compression import zstd
else:  # the same module, for Pythons before 3.14
    from backports import zstd

SUPPORTED = ("gzip", "x-gzip", "deflate", "br", "zstd")
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
"""What the fetcher asks for: exactly the encodings it decodes, each with a bound."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


class BoundedDecoder:
    """Decode a body chunk by chunk; raise :class:`TooLarge` past ``cap`` decoded bytes."""

    def __init__(self, content_encoding: str | None, cap: int, *,
                 keep_prefix: bool = False) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise UnsupportedContent(f"stacked content encodings are not supported: "
                                     f"{content_encoding}")
        if codings and codings[0] not in SUPPORTED:
            raise UnsupportedContent(f"content encoding {codings[0]!r} is not supported")
        self.coding = codings[0] if codings else None
        self.cap = cap
        self.keep_prefix = keep_prefix
        self.truncated = False
        """True when output past the cap was dropped (only with ``keep_prefix``)."""
        self.size = 0
        self._parts: list[bytes] = []
        self._z: zlib._Decompress | None = None
        self._other: Any = None
        """The brotli or zstd decompressor, when one of them is the coding."""
        if self.coding == "br":
            self._other = brotli.Decompressor()
        elif self.coding == "zstd":
            self._other = zstd.ZstdDecompressor()
        elif self.coding:
            self._z = self._new()
        self._first = True

    def _new(self, wbits: int | None = None) -> zlib._Decompress:
        if wbits is None:
            # gzip: header required (16+); deflate: zlib-wrapped, raw tried on failure.
            wbits = 16 + zlib.MAX_WBITS if self.coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        return zlib.decompressobj(wbits)

    def _take(self, out: bytes) -> None:
        if self.keep_prefix and self.size + len(out) > self.cap:
            out, self.truncated = out[: self.cap - self.size], True
        self.size += len(out)
        if self.size > self.cap:
            raise TooLarge(f"body decompresses to more than the {_mb(self.cap)} cap "
                           f"({self.coding}); refused without inflating it")
        self._parts.append(out)

    def _room(self) -> int:
        return self.cap - self.size + 1

    def _brotli_step(self) -> int:
        return min(self._room(), 64 * 1024)

    def _feed_brotli(self, chunk: bytes) -> None:
        # brotli's limit is where its buffer stops growing, so it is asked for small steps:
        # past the cap by at most one step.
        try:
            self._take(self._other.process(chunk, output_buffer_limit=self._brotli_step()))
            while not self._other.can_accept_more_data() and not self.truncated:
                self._take(self._other.process(b"", output_buffer_limit=self._brotli_step()))
        except brotli.error as exc:
            raise UnsupportedContent(f"corrupt br body ({exc})") from exc

    def _feed_zstd(self, chunk: bytes) -> None:
        data = chunk
        try:
            while True:
                self._take(self._other.decompress(data, max_length=self._room()))
                data = b""
                if self.truncated:
                    return
                if self._other.eof:
                    rest = self._other.unused_data
                    if not rest:
                        return
                    self._other, data = zstd.ZstdDecompressor(), rest  # another frame follows
                elif self._other.needs_input:
                    return
        except zstd.ZstdError as exc:
            raise UnsupportedContent(f"corrupt zstd body ({exc})") from exc

    def feed(self, chunk: bytes) -> None:
        if self.truncated:
            return
        if self.coding == "br":
            self._feed_brotli(chunk)
            return
        if self.coding == "zstd":
            self._feed_zstd(chunk)
            return
        if self._z is None:
            self._take(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._z.decompress(data, self.cap - self.size + 1)
            except zlib.error as exc:
                if self._first and self.coding == "deflate":
                    # Some servers send raw deflate without the zlib wrapper.
                    self._z, self._first = self._new(-zlib.MAX_WBITS), False
                    continue
                raise UnsupportedContent(f"corrupt {self.coding} body ({exc})") from exc
            self._first = False
            self._take(out)
            if self.truncated:
                return
            if self._z.unconsumed_tail:
                data = self._z.unconsumed_tail
            elif self._z.eof and self._z.unused_data:
                # Another gzip member follows (concatenated gzip is valid).
                data = self._z.unused_data
                self._z = self._new()
            else:
                data = b""

    def finish(self) -> bytes:
        """All decoded bytes (checks that a compressed stream was complete)."""
        # As for gzip: a cut body that gave some bytes is kept, one that gave none is refused.
        if self._other is not None and self.size == 0:
            finished = self._other.is_finished() if self.coding == "br" else self._other.eof
            if not finished:
                raise UnsupportedContent(f"truncated {self.coding} body")
        if self._z is not None and not self.truncated:
            self._take(self._z.flush())
            if not self._z.eof and self.size == 0 and not self._parts:
                raise UnsupportedContent(f"truncated {self.coding} body")
        return b"".join(self._parts)


def inflate_prefix(raw: bytes, cap: int) -> tuple[bytes, bool]:
    """A gzip file's content, at most ``cap`` bytes of it, and whether more was dropped."""
    decoder = BoundedDecoder("gzip", cap, keep_prefix=True)
    decoder.feed(raw)
    return decoder.finish(), decoder.truncated


def decode_body(raw: bytes, content_encoding: str | None, cap: int) -> bytes:
    """The decoded body of a stored response (the same decoding the fetch did)."""
    decoder = BoundedDecoder(content_encoding, cap)
    decoder.feed(raw)
    return decoder.finish()
