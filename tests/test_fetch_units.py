"""Pure pieces of the fetcher: Retry-After, backoff, bounded decoding, file names, config."""

from __future__ import annotations

import gzip
import random
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import brotli
import pytest

from ingest.errors import InvalidURL, TooLarge, UnsupportedContent
from ingest.fetch import FetchConfig, default_user_agent
from ingest.fetch.client import check_scheme, to_uri
from ingest.fetch.decode import ACCEPT_ENCODING, SUPPORTED, BoundedDecoder, decode_body, zstd
from ingest.fetch.refresh import refresh_target
from ingest.fetch.retry import backoff_delay, is_retry_status, parse_retry_after
from ingest.store.names import MAX_SLUG, page_path, page_slug

NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("120", 120.0),
    (" 5 ", 5.0),
    (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
    (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),
    ("Wed, 01 Jan 2026 12:01:00 GMT", 60.0),
    (None, None), ("", None), ("soon", None), ("-5", None), ("1.5", None),
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(("status", "retry"), [
    (429, True), (500, True), (502, True), (503, True), (504, True), (599, True),
    (501, False), (505, False), (404, False), (403, False), (200, False), (301, False),
])
def test_retry_statuses(status, retry):
    assert is_retry_status(status) is retry


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    rng = random.Random(7)
    for attempt, step in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (10, 30.0)]:
        waits = [backoff_delay(attempt, 0.5, 30.0, rng) for _ in range(200)]
        assert all(step / 2 <= w <= step for w in waits)
        assert len({round(w, 6) for w in waits}) > 100  # jittered, not a fixed schedule


def test_decoder_refuses_a_gzip_bomb_without_inflating_it():
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    decoder = BoundedDecoder("gzip", 1024 * 1024)
    with pytest.raises(TooLarge, match="decompresses"):
        for i in range(0, len(bomb), 16384):
            decoder.feed(bomb[i:i + 16384])
    assert decoder.size <= 1024 * 1024 + 1


def test_accept_encoding_names_exactly_what_is_decoded():
    asked = [c.strip() for c in ACCEPT_ENCODING.split(",")]
    assert sorted(asked) == sorted(set(SUPPORTED) - {"x-gzip"})
    page = b"<html><body>" + "caf\u00e9 ".encode() * 1000 + b"</body></html>"
    assert decode_body(brotli.compress(page), "br", 10**6) == page
    assert decode_body(zstd.compress(page[:500]) + zstd.compress(page[500:]), "zstd",
                       10**6) == page  # two frames


@pytest.mark.parametrize("coding", ["br", "zstd"])
def test_brotli_and_zstd_bombs_are_refused_at_the_cap(coding: str):
    bomb = (brotli.compress if coding == "br" else zstd.compress)(b" " * (64 * 1024 * 1024))
    assert len(bomb) < 64 * 1024  # 64 MB of spaces in a few kilobytes
    decoder = BoundedDecoder(coding, 1024 * 1024)
    with pytest.raises(TooLarge, match=coding):
        for i in range(0, len(bomb), 1024):
            decoder.feed(bomb[i:i + 1024])
    step = 64 * 1024 if coding == "br" else 1  # brotli's limit is a buffer size: one step over
    assert decoder.size <= 1024 * 1024 + step


def test_decoder_handles_gzip_members_deflate_and_raw_deflate():
    page = b"<html><body>" + b"caf\xc3\xa9 " * 1000 + b"</body></html>"
    assert decode_body(gzip.compress(page[:100]) + gzip.compress(page[100:]), "gzip",
                       10**6) == page
    assert decode_body(zlib.compress(page), "deflate", 10**6) == page
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert decode_body(raw.compress(page) + raw.flush(), "deflate", 10**6) == page
    assert decode_body(page, None, 10**6) == page
    assert decode_body(page, "identity", 10**6) == page


def test_decoder_refuses_unknown_or_corrupt_encodings():
    with pytest.raises(UnsupportedContent, match="compress"):
        BoundedDecoder("compress", 100)
    with pytest.raises(UnsupportedContent, match="stacked"):
        BoundedDecoder("gzip, br", 100)
    for coding in ("gzip", "br", "zstd"):
        with pytest.raises(UnsupportedContent, match=f"corrupt {coding}"):
            decode_body(b"not compressed at all", coding, 100)
    with pytest.raises(TooLarge):
        decode_body(b"x" * 101, None, 100)


@pytest.mark.parametrize("url", [
    "http://example.com/../../etc/passwd",
    "http://example.com/%2e%2e/%2e%2e/secret",
    "http://example.com/a/..%2F..%2Fb",
    "https://example.com/" + "x" * 5000,
    "http://example.com/",
    "http://example.com/.hidden",
    "http://EXAMPLE.com:8080/a b?c=d&e=<f>",
])
def test_output_paths_stay_inside_the_folder(url, tmp_path):
    path = page_path(tmp_path, url)
    assert path.resolve().is_relative_to(tmp_path.resolve())
    assert path.parent.parent == tmp_path
    assert not path.name.startswith(".") and ".." not in path.parts
    assert len(path.name) <= MAX_SLUG + 16
    assert all(c.isalnum() or c in "._-" for c in path.parent.name + path.name)


def test_slugs_are_readable_and_distinct():
    assert page_slug("https://ex.com/lists/top-10-anime/").startswith("lists-top-10-anime-")
    assert page_slug("https://ex.com/").startswith("index-")
    assert page_slug("https://ex.com/a?page=2") != page_slug("https://ex.com/a?page=3")
    long_a = "https://ex.com/" + "a" * 300 + "/1"
    long_b = "https://ex.com/" + "a" * 300 + "/2"
    assert page_slug(long_a) != page_slug(long_b)
    assert page_path(Path("o"), "http://ex.com:8080/x").parent.name == "ex.com_8080"


def test_default_user_agent_and_robots_token():
    agent = default_user_agent()
    assert agent.startswith("ingest/") and "httpx" in agent
    assert FetchConfig().robots_token == "ingest"
    assert FetchConfig(user_agent="MyBot/1.0 (+mailto:a@b.c)").robots_token == "MyBot"


def test_config_rejects_nonsense():
    with pytest.raises(ValueError, match="concurrency"):
        FetchConfig(concurrency=0)
    with pytest.raises(ValueError, match="delay"):
        FetchConfig(delay=-1)


@pytest.mark.parametrize(("iri", "uri"), [
    ("https://example.org/utf8-url/caf\u00e9", "https://example.org/utf8-url/caf%C3%A9"),
    ("https://b\u00fccher.de/s?q=\u00fc", "https://xn--bcher-kva.de/s?q=%C3%BC"),
    ("https://\u4f8b\u3048.\u30c6\u30b9\u30c8/", "https://xn--r8jz45g.xn--zckzah/"),
    ("https://example.org/a b", "https://example.org/a%20b"),
    ("https://example.org/already%20ascii?x=1", "https://example.org/already%20ascii?x=1"),
])
def test_iris_become_ascii_uris(iri: str, uri: str):
    assert to_uri(iri) == uri


def test_an_iri_that_cannot_be_a_uri_is_a_clear_error():
    with pytest.raises(InvalidURL, match="invalid URL"):
        to_uri("https://" + "\u00e9" * 300 + ".com/")  # an IDNA label over 63 characters


@pytest.mark.parametrize(("head", "target"), [
    ('<meta http-equiv="refresh" content="0; url=/next">', "https://a.com/next"),
    ("<meta content=\"0;URL='https://b.com/y#top'\" http-equiv=Refresh>", "https://b.com/y"),
    ('<meta http-equiv="refresh" content="3,https://c.com/">', "https://c.com/"),
    ('<meta http-equiv="refresh" content="30; url=/later">', None),  # too slow to be a redirect
    ('<meta http-equiv="refresh" content="5">', None),  # reloads itself
    ('<meta http-equiv="refresh" content="0; url=/page">', None),  # to itself
    ('<noscript><meta http-equiv="refresh" content="0; url=/nojs"></noscript>', None),
    ('<meta name="refresh" content="0; url=/x">', None),
])
def test_meta_refresh_targets(head: str, target: str | None):
    body = f"<html><head><title>t</title>{head}</head><body>x</body></html>".encode()
    assert refresh_target(body, "https://a.com/page", 5) == target


def test_a_refresh_tag_in_the_body_is_not_read():
    body = b"<html><head></head><body><p>text</p>" \
           b"<meta http-equiv='refresh' content='0; url=/x'></body></html>"
    assert refresh_target(body, "https://a.com/page", 5) is None


@pytest.mark.parametrize("url", ["http://[::1", "http://256.256.256.256/", "http://127.0.0.1:99999/",
                                 "http://a:b/", "https://" + "\u00e9" * 70 + ".com/"])
def test_urls_that_cannot_be_requested_are_invalid_urls(url: str):
    with pytest.raises(InvalidURL, match="invalid URL"):
        check_scheme(to_uri(url) if url.isascii() else url)
