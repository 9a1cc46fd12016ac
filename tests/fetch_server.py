"""A local HTTP server that misbehaves on purpose, for the fetcher's tests.

It listens on 127.0.0.1 on an ephemeral port, in a thread with its own event
loop, speaks just enough HTTP/1.1 (one request per connection), and records
every request it gets (path, headers, start time). Each route is one fault.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT"


def listicle(title: str, ranks: list[int], *, head: str = "", extra: str = "",
             intro: str = "A short introduction to this list of things worth knowing.") -> str:
    items = "".join(
        f"<h2>{r}. Item number {r}</h2><p>Paragraph about item {r}, long enough to be "
        f"real text that a reader would read with some interest.</p>" for r in ranks)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"{head}</head><body><article><h1>{title}</h1><p>{intro}</p>{items}{extra}"
            f"</article></body></html>")


OK_PAGE = listicle("5 Things About Servers", [5, 4, 3, 2, 1]).encode()
CP1252_PAGE = (
    "<!doctype html><html><head><meta http-equiv='Content-Type' "
    "content='text/html; charset=windows-1252'><title>Caf\u00e9 list</title></head><body>"
    "<article><h1>3 Caf\u00e9s \u2014 na\u00efve \u201cpicks\u201d</h1>"
    "<p>Cr\u00e8me br\u00fbl\u00e9e costs \u20ac5 \u2014 that\u2019s fine.</p>"
    "<h2>1. Caf\u00e9 One</h2><p>Na\u00efve espresso, \u00bd price.</p>"
    "<h2>2. Caf\u00e9 Two</h2><p>Cr\u00e8me everything.</p>"
    "<h2>3. Caf\u00e9 Three</h2><p>\u201cQuoted\u201d coffee.</p>"
    "</article></body></html>").encode("cp1252")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def multi_page(n: int) -> bytes:
    """Page n of a 3-page listicle (10..1), page 2 repeats page 1's last entry."""
    ranks = {1: [10, 9, 8, 7], 2: [7, 6, 5, 4], 3: [3, 2, 1]}[n]
    base = "/list/top-10-servers"
    head = f"<link rel='canonical' href='{base}'>"
    if n < 3:
        head += f"<link rel='next' href='{base}?page={n + 1}'>"
    if n > 1:
        head += f"<link rel='prev' href='{base}?page={n - 1}' >"
    extra = ("<nav class='pagination'><a href='/list/top-10-servers?page=2'>2</a> "
             "<a href='/list/top-10-servers?page=3'>3</a></nav>")
    if n == 3:
        extra += "<p>NEXT: <a href='/list/other-article'>The best routers of the year</a></p>"
    return listicle("Top 10 Servers", ranks, head=head, extra=extra,
                    intro="The ten best servers, ranked.").encode()


@functools.cache
def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1024 * 1024)
    out = [packer.compress(b"<html><body>")]
    out += [packer.compress(chunk) for _ in range(64)]  # 64 MB of spaces in ~64 KB
    return b"".join(out) + packer.flush()


def _compress(coding: str, data: bytes) -> bytes:
    import brotli

    from ingest.fetch.decode import zstd

    return brotli.compress(data) if coding == "br" else zstd.compress(data)


@functools.cache
def _bomb_of(coding: str) -> bytes:
    return _compress(coding, b"<html><body>" + b" " * (64 * 1024 * 1024))  # 64 MB in ~10 KB


@dataclass
class Seen:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    at: float


@dataclass
class FaultServer:
    robots: str = "User-agent: *\nDisallow: /private/\n"
    robots_status: int = 200
    requests: list[Seen] = field(default_factory=list)
    hits: Counter = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0
    hold: float = 0.0
    """Seconds every /slow/* response waits (for concurrency tests)."""
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """Extra routes: path -> (body, content type), served 200 with an ETag of the body."""
    encoded: set[str] = field(default_factory=set)
    """Paths of ``files`` sent gzip-compressed with ``Content-Encoding: gzip``."""

    def __post_init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self._ready.wait(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    def close(self) -> None:
        async def stop() -> None:
            self.server.close()
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # -- HTTP plumbing ----------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        _, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        self.requests.append(Seen(target, headers, time.monotonic()))
        self.hits[target] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await self._route(target, headers, writer)
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        finally:
            self.in_flight -= 1
            if not writer.is_closing():
                writer.close()

    @staticmethod
    def _head(status: str, headers: list[tuple[str, str]]) -> bytes:
        lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers), "Connection: close"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def _send(self, writer: asyncio.StreamWriter, status: str, body: bytes = b"",
                    ctype: str = "text/html; charset=utf-8",
                    extra: list[tuple[str, str]] | None = None) -> None:
        headers = [("Content-Type", ctype), ("Content-Length", str(len(body))), *(extra or [])]
        writer.write(self._head(status, headers) + body)
        await writer.drain()

    # -- routes -----------------------------------------------------------------------

    async def _route(self, target: str, h: dict[str, str], w: asyncio.StreamWriter) -> None:
        path = target.split("?", 1)[0]
        n = self.hits[target]
        if path in self.files:
            body, ctype = self.files[path]
            etag = f'"{zlib.crc32(body):08x}"'
            if h.get("if-none-match") == etag:
                w.write(self._head("304 Not Modified", [("ETag", etag)]))
                await w.drain()
                return
            extra = [("ETag", etag)]
            if path in self.encoded:
                body, extra = gzip.compress(body), [*extra, ("Content-Encoding", "gzip")]
            await self._send(w, "200 OK", body, ctype, extra=extra)
        elif path == "/robots.txt":
            await self._send(w, f"{self.robots_status} X", self.robots.encode(), "text/plain")
        elif path in ("/ok", "/private/secret", "/other") or path.startswith("/slow/"):
            if path.startswith("/slow/") and self.hold:
                await asyncio.sleep(self.hold)
            if h.get("if-none-match") == ETAG:
                w.write(self._head("304 Not Modified", [("ETag", ETAG)]))
                await w.drain()
                return
            await self._send(w, "200 OK", OK_PAGE,
                             extra=[("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)])
        elif path == "/gzip":
            await self._send(w, "200 OK", gzip.compress(OK_PAGE),
                             extra=[("Content-Encoding", "gzip")])
        elif path in ("/br", "/zstd", "/br-bomb", "/zstd-bomb"):
            coding = path[1:].split("-")[0]
            body = _bomb_of(coding) if path.endswith("-bomb") else _compress(coding, OK_PAGE)
            await self._send(w, "200 OK", body, extra=[("Content-Encoding", coding)])
        elif path.startswith("/refresh/"):
            # a consent wall or a moved article: 200 with a meta refresh in its head
            delay, _, to = path.removeprefix("/refresh/").partition("/")
            page = (f"<html><head><title>Moved</title><meta http-equiv='refresh' "
                    f"content='{delay}; url=/{to}'></head><body>Moved.</body></html>")
            await self._send(w, "200 OK", page.encode())
        elif path == "/utf8-url/caf%C3%A9":
            await self._send(w, "200 OK", OK_PAGE)
        elif path == "/to-iri":  # a Location in raw UTF-8, as servers send it
            await self._send(w, "302 Found",
                             extra=[("Location", "/utf8-url/caf\u00e9".encode().decode("latin-1"))])
        elif path == "/slow-first-byte":
            if n == 1:
                await asyncio.sleep(3)
            await self._send(w, "200 OK", OK_PAGE)
        elif path == "/trickle":
            w.write(self._head("200 OK", [("Content-Type", "text/html"),
                                          ("Content-Length", str(len(OK_PAGE)))]))
            for i in range(len(OK_PAGE)):
                w.write(OK_PAGE[i:i + 1])
                await w.drain()
                await asyncio.sleep(0.05)
        elif path == "/flaky":
            if n == 1:
                await self._send(w, "500 Internal Server Error", b"oops")
            else:
                await self._send(w, "200 OK", OK_PAGE)
        elif path == "/busy":
            if n == 1:
                await self._send(w, "429 Too Many Requests", b"", extra=[("Retry-After", "1")])
            else:
                await self._send(w, "200 OK", OK_PAGE)
        elif path == "/busy-date":
            if n == 1:
                when = formatdate(time.time() + 2, usegmt=True)
                await self._send(w, "503 Service Unavailable", b"", extra=[("Retry-After", when)])
            else:
                await self._send(w, "200 OK", OK_PAGE)
        elif path == "/busy-long":
            await self._send(w, "429 Too Many Requests", b"", extra=[("Retry-After", "3600")])
        elif path == "/always-500":
            await self._send(w, "503 Service Unavailable", b"down")
        elif path == "/reset":
            w.write(self._head("200 OK", [("Content-Type", "text/html"),
                                          ("Content-Length", "50000")]) + OK_PAGE[:500])
            await w.drain()
            await asyncio.sleep(0.05)
            sock = w.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            w.transport.abort()
        elif path == "/loop/a":
            await self._send(w, "302 Found", extra=[("Location", "/loop/b")])
        elif path == "/loop/b":
            await self._send(w, "302 Found", extra=[("Location", "/loop/a")])
        elif path == "/moved":
            await self._send(w, "301 Moved Permanently", extra=[("Location", "/hop")])
        elif path == "/hop":
            await self._send(w, "307 Temporary Redirect",
                             extra=[("Location", self.url("/ok", "localhost"))])
        elif path == "/to-private":
            await self._send(w, "302 Found", extra=[("Location", "/private/secret")])
        elif path == "/to-ftp":
            await self._send(w, "302 Found", extra=[("Location", "ftp://127.0.0.1/x")])
        elif path == "/big":
            w.write(self._head("200 OK", [("Content-Type", "text/html"),
                                          ("Content-Length", str(30 * 1024 * 1024))]))
            await self._stream_big(w)
        elif path == "/big-chunked":
            w.write(self._head("200 OK", [("Content-Type", "text/html"),
                                          ("Transfer-Encoding", "chunked")]))
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            for _ in range(30 * 16):
                w.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                await w.drain()
            w.write(b"0\r\n\r\n")
        elif path == "/bomb":
            await self._send(w, "200 OK", _bomb(), extra=[("Content-Encoding", "gzip")])
        elif path == "/image":
            await self._send(w, "200 OK", PNG, "image/png")
        elif path == "/cp1252":
            await self._send(w, "200 OK", CP1252_PAGE, "text/html")
        elif path == "/list/top-10-servers":
            query = target.split("?", 1)[1] if "?" in target else ""
            page = int(query.split("=")[1]) if query.startswith("page=") else 1
            await self._send(w, "200 OK", multi_page(page))
        elif path == "/missing":
            await self._send(w, "404 Not Found", b"<h1>not here</h1>")
        else:
            await self._send(w, "404 Not Found", b"no such route")

    async def _stream_big(self, w: asyncio.StreamWriter) -> None:
        chunk = b"x" * 65536
        for _ in range(30 * 16):
            w.write(chunk)
            await w.drain()

