"""Table-driven tests of the small pure processors in ingest.normalize."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import normalize
from ingest.normalize import clean_text, clean_url, number_word, parse_date

BASE = "https://base.example/dir/page.html"


@pytest.mark.parametrize(("raw", "clean"), [
    ("plain", "plain"),
    ("  a \n\t b  ", "a b"),
    ("a\u00a0b", "a b"),                       # no-break space
    ("a\u202fb", "a b"),                       # narrow no-break space
    ("a\u2009b", "a b"),                       # thin space
    ("a\u3000b", "a b"),                       # ideographic space
    ("a\u2028b\u2029c", "a b c"),              # line and paragraph separators
    ("x\u200by\u200cz\u200dw\u2060v", "xyzwv"),  # zero-width debris
    ("\ufeffbom", "bom"),                      # stray byte order mark
    ("soft\u00adhyphen", "softhyphen"),
    ("a\x07b\x1bc\x7fd\x00e", "abcde"),          # control characters
    ("a\x81b\x9fc", "abc"),                      # C1 controls (mis-decoded latin-1)
    ("a\x85b", "a b"),                           # NEL is a line break
    ("e\u0301", "\u00e9"),                     # NFC: e + combining acute -> é
    ("A\u030a", "\u00c5"),
    ("\u00a0\u00a0", ""),
    ("", ""),
    (None, ""),
    ("日本語\u3000テキスト", "日本語 テキスト"),
    ("keep — dashes “and” quotes", "keep — dashes “and” quotes"),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_printable_text_has_nothing_clean_text_removes():
    """clean_text's shortcut for printable text relies on this, in this Python's Unicode."""
    from ingest.normalize import _INVISIBLE

    for code in range(0x110000):
        char = chr(code)
        if char.isprintable():
            assert char == " " or not char.isspace(), hex(code)
            assert not _INVISIBLE.match(char), hex(code)


def test_clean_text_is_idempotent():
    messy = " \u00a0e\u0301\u200b  x\n"
    assert clean_text(clean_text(messy)) == clean_text(messy)


@pytest.mark.parametrize(("href", "url"), [
    ("https://Example.COM/a?utm_source=x&b=1&fbclid=2#frag", "https://example.com/a?b=1#frag"),
    ("/rel?gclid=1", "https://base.example/rel"),
    ("other.html", "https://base.example/dir/other.html"),
    ("../up/", "https://base.example/up/"),
    ("//cdn.example/i.png", "https://cdn.example/i.png"),
    ("HTTPS://x.example", "https://x.example/"),
    ("https://x.example/?utm_medium=a&utm_campaign=b&utm_content=c", "https://x.example/"),
    ("https://x.example/p?a=1&a=2&UTM_Source=z", "https://x.example/p?a=1&a=2"),
    ("https://x.example/p?gclid=1&id=7&msclkid=2&mc_eid=3", "https://x.example/p?id=7"),
    ("https://x.example/a?q=%20x&flag", "https://x.example/a?q=%20x&flag"),  # pairs kept verbatim
    ("https://x.example/a?q=a+b", "https://x.example/a?q=a+b"),
    ("https://x.example:443/a", "https://x.example/a"),
    ("http://x.example:80/a", "http://x.example/a"),
    ("https://x.example:8443/a", "https://x.example:8443/a"),
    (" https://x.example/a b ", "https://x.example/a%20b"),
    ("https://user:pw@Host.example/", "https://user:pw@host.example/"),
    ("https://x.example/caf\u00e9", "https://x.example/caf\u00e9"),
    ("javascript:void(0)", None),
    ("mailto:a@b.example", None),
    ("tel:+1555", None),
    ("data:image/gif;base64,R0lG", None),
    ("#section", None),
    ("ftp://x.example/f", None),
    ("http://[::1", None),
    ("", None),
    (None, None),
])
def test_clean_url(href, url):
    assert clean_url(href, BASE) == url


def test_clean_url_without_base_refuses_relative():
    assert clean_url("/relative") is None
    assert clean_url("https://x.example/?fbclid=1") == "https://x.example/"


def test_clean_url_is_idempotent():
    once = clean_url("HTTP://X.example:80/a b?utm_source=1&k=v#f", BASE)
    assert once is not None and clean_url(once) == once


# Absolute hrefs skip urljoin: what urljoin would have changed must come out the same.
@pytest.mark.parametrize(("href", "base"), [
    ("https://x.example", BASE), ("https://x.example?", BASE), ("https://x.example/a#", BASE),
    ("https://x.example/a;p", BASE), ("https://x.example/a;", BASE), ("http://x.example/a", BASE),
    ("https:///path", BASE), ("https://?q=1", BASE), ("https://x.example/../a/./b", BASE),
    ("https://x.example/a", "http://[broken"), ("https://[::1/x", BASE),
])
def test_clean_url_joins_absolute_hrefs_like_urljoin(href, base):
    from urllib.parse import urljoin

    try:
        expected = clean_url(urljoin(base, href))
    except ValueError:
        expected = None
    assert clean_url(href, base) == expected


_EST = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(("raw", "when"), [
    ("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC)),
    ("2024-01-02T03:04:05Z", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    ("2024-01-02T03:04:05+0200", datetime(2024, 1, 2, 3, 4, 5,
                                          tzinfo=timezone(timedelta(hours=2)))),
    ("2024-01-02T03:04:05.123+05:30", datetime(2024, 1, 2, 3, 4, 5,
                                               tzinfo=timezone(timedelta(hours=5, minutes=30)))),
    ("2024-01-02T03:04:05-03:00", datetime(2024, 1, 2, 3, 4, 5,
                                           tzinfo=timezone(timedelta(hours=-3)))),
    ("2024-01-02 03:04", datetime(2024, 1, 2, 3, 4, tzinfo=UTC)),
    ("2024-01-02T03:04:05 UTC", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
    ("Tue, 04 Mar 2025 17:47:00 -0500", datetime(2025, 3, 4, 17, 47, tzinfo=_EST)),
    ("Tue, 04 Mar 2025 17:47:00 GMT", datetime(2025, 3, 4, 17, 47, tzinfo=UTC)),
    ("March 4, 2025", datetime(2025, 3, 4, tzinfo=UTC)),
    ("Mar 4, 2025", datetime(2025, 3, 4, tzinfo=UTC)),
    ("4 March 2025", datetime(2025, 3, 4, tzinfo=UTC)),
    ("2024/01/02", datetime(2024, 1, 2, tzinfo=UTC)),
    ("  2024-01-02\u00a0", datetime(2024, 1, 2, tzinfo=UTC)),
    ("garbage", None),
    ("", None),
    (None, None),
    ("2024-13-01", None),
    ("2024-02-30", None),
    ("2024-01-02T25:00:00Z", None),
    ("2024-01-02T03:04:05+24:00", None),
])
def test_parse_date(raw, when):
    got = parse_date(raw)
    assert got == when
    if got is not None:
        assert got.tzinfo is not None and got.utcoffset() == when.utcoffset()


def test_parse_date_always_has_a_time_zone():
    for raw in ("2024-01-02", "2024-01-02T10:00", "March 4, 2025", "2024/01/02"):
        got = parse_date(raw)
        assert got is not None and got.utcoffset() is not None


@pytest.mark.parametrize(("word", "value"), [
    ("seven", 7), ("Seven", 7), ("TWELVE", 12), ("dozen", 12), ("twenty", 20), ("fifty", 50),
    ("eleventy", None), ("", None),
])
def test_number_word(word, value):
    assert number_word(word) == value


# --- the plain-URL fast path of clean_url, checked against the urlsplit path ---------------

# URL pieces: the delimiters urlsplit cuts at, what the fast path must refuse, tracking keys.
_URL_PART = st.lists(st.sampled_from(
    [*"aZ09.-_~/?#&=%:;@[]+ ,!$'()*", "\t", "\n", "\u00e9", "\u200b", "\x00", "utm_source=1",
     "UTM_Medium", "fbclid"]), max_size=30).map("".join)


def _plain_and_split_agree(url: str) -> None:
    plain = normalize.PLAIN_URL.fullmatch(url)
    if plain is not None:
        assert normalize._clean_plain_url(plain) == normalize._clean_split_url(url), url


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(scheme=st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "http:/", ""]),
       host=st.one_of(_URL_PART, st.from_regex(r"[a-zA-Z0-9._~-]{1,12}", fullmatch=True)),
       rest=st.one_of(_URL_PART, _URL_PART.map(lambda rest: "/" + rest.replace("\t", "")
                                                                  .replace("\n", ""))))
def test_plain_url_fast_path_agrees_with_urlsplit(scheme: str, host: str, rest: str) -> None:
    _plain_and_split_agree(scheme + host + rest)


def test_plain_url_fast_path_agrees_with_urlsplit_on_fixture_links() -> None:
    hrefs = set()
    for page in sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html")):
        hrefs.update(re.findall(r"""(?:href|src)=["']([^"']*)""", page.read_text("utf-8")))
    assert len(hrefs) > 100
    for href in hrefs:
        for base in (None, BASE):
            with contextlib.suppress(ValueError):  # a broken href: no URL to compare
                _plain_and_split_agree(normalize._join(base, clean_text(href)))


@pytest.mark.parametrize(("href", "clean"), [
    ("HTTPS://Example.COM/A?utm_source=x&b=1#F", "https://example.com/A?b=1#F"),
    ("https://Example.com", "https://example.com/"),
    ("https://example.com/a b?c d#e f", "https://example.com/a%20b?c%20d#e f"),
    ("https://example.com?#", "https://example.com/"),
    ("https://example.com/p#a?b#c", "https://example.com/p#a?b#c"),
])
def test_clean_url_plain_and_unusual_urls(href: str, clean: str) -> None:
    assert clean_url(href) == clean
