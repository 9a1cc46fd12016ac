"""Small pure processors that normalise values: text, URLs, dates, counts.

Selection happens in ``ingest.extract``; cleaning happens here, so every field
is normalised the same way whichever rule found it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

# Characters that render as nothing, left by CMS editors: zero-width characters, soft
# hyphens, stray byte order marks, and control characters other than whitespace (C0, DEL, C1).
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1b\x7f\x80-\x84\x86-\x9f]"
)


def clean_text(text: str | None) -> str:
    """NFC, no zero-width or soft-hyphen debris, every run of whitespace one space.

    Non-breaking and other Unicode spaces count as whitespace (``str.split``).
    """
    if not text:
        return ""
    if text.isprintable():
        return _clean_printable(text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


_SPACES = re.compile(" {2,}")


def _clean_printable(text: str) -> str:
    """clean_text of text with no whitespace but the space and nothing invisible.

    isprintable() is False for every control, format and separator character (all of
    _INVISIBLE and all whitespace but " "), so only NFC and runs of spaces are left to do.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "  " in text:
        return _SPACES.sub(" ", text).strip(" ")  # not split/join: a huge text stays one object
    if text[0] == " " or text[-1] == " ":
        return text.strip(" ")
    return text


MEMO_SIZE = 2048
"""Entries in each memo of a pure helper: a page's links and classes repeat within the
page; a small bound keeps a long batch worker's memory flat."""

_NON_WORD = re.compile(r"\W+")


def text_key(text: str | None) -> str:
    """A comparison key for titles and paragraphs: case-folded words, punctuation dropped."""
    return _NON_WORD.sub(" ", (text or "").casefold()).strip()


# Query parameters that only track the reader.
_TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid"
    r"|_hsenc|_hsmi|mkt_tok|oly_enc_id|oly_anon_id|vero_id|ref_src|cmpid|__twitter_impression)$",
    re.I,
)


def clean_url(href: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL with tracking parameters removed, or None."""
    if not href:
        return None
    return _clean_url(href, base)


@lru_cache(maxsize=MEMO_SIZE)
def _clean_url(href: str, base: str | None) -> str | None:
    href = clean_text(href)
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        url = _join(base, href)
    except ValueError:
        return None
    plain = PLAIN_URL.fullmatch(url)
    if plain is not None:
        return _clean_plain_url(plain)
    return _clean_split_url(url)


def _clean_split_url(url: str) -> str | None:
    """The clean form of an absolute URL (or None), by urlsplit and urlunsplit."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    userinfo, _, host = parts.netloc.rpartition("@")
    host = host.lower()
    # The default port says nothing: "https://x.com:443/" is "https://x.com/".
    default = {"http": ":80", "https": ":443"}[scheme]
    if host.endswith(default) and not host.endswith("]" + default[1:]):
        host = host.removesuffix(default)
    netloc = f"{userinfo}@{host}" if userinfo else host
    path = (parts.path or "/").replace(" ", "%20")
    return urlunsplit((scheme, netloc, path, _strip_tracking(parts.query), parts.fragment))


# The common absolute URL that _clean_split_url would only split and put back:
# a lower-case http(s) scheme and a host of plain ASCII (no user, port, IPv6 brackets,
# upper case is lowered), then path, query and fragment as urlsplit cuts them; no tab or
# line break, which urlsplit would delete.
PLAIN_URL = re.compile(
    r"(https?)://([a-zA-Z0-9._~-]+)(/[^?#\t\n\r]*)?(?:\?([^#\t\n\r]*))?(?:#([^\t\n\r]*))?"
)


def _clean_plain_url(plain: re.Match[str]) -> str:
    """What _clean_split_url makes of a URL that matches PLAIN_URL, without urlsplit."""
    scheme, host, path, query, fragment = plain.groups()
    url = f"{scheme}://{host.lower()}{(path or '/').replace(' ', '%20')}"
    query = _strip_tracking(query) if query else ""
    if query:
        url += "?" + query
    if fragment:
        url += "#" + fragment
    return url


# An absolute http(s) URL with a host: "https://" and a character that starts the host.
_ABSOLUTE_HTTP = re.compile(r"https?://[^/?#]")


def _join(base: str | None, href: str) -> str:
    """``urljoin(base, href)`` (``href`` without a base), as far as urlsplit can tell.

    An absolute http(s) href with a host and no ``;params`` joins to itself but for
    an empty "?" or "#", which urlunsplit drops anyway: urljoin's two parses are skipped.
    """
    if not base:
        return href
    if _ABSOLUTE_HTTP.match(href) and ";" not in href:
        urlsplit(base)  # raises ValueError for a broken base, as urljoin would
        return href
    return urljoin(base, href)


def _strip_tracking(query: str) -> str:
    """The query without tracking parameters; the other pairs keep their exact spelling."""
    if not query:
        return ""
    kept = []
    for pair in query.split("&"):
        if not pair:
            continue
        key = unquote_plus(pair.split("=", 1)[0])
        if not _TRACKING_PARAMS.match(key):
            kept.append(pair.replace(" ", "%20"))
    return "&".join(kept)


_ISO_LIKE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$", re.I,
)
_RFC_FORMATS = ("%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M:%S %Z", "%d %b %Y %H:%M:%S %z",
                "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%B %d, %Y %I:%M %p", "%Y/%m/%d")


def parse_date(value: str | None) -> datetime | None:
    """A timezone-aware datetime from ISO 8601 or a common written form; UTC if none given."""
    value = clean_text(value)
    if not value:
        return None
    match = _ISO_LIKE.match(value)
    if match:
        y, mo, d, h, mi, s, tz = match.groups()
        try:
            dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            return None
        if tz and tz.upper() not in ("Z", "UTC", "GMT"):
            tz = tz.replace(":", "")
            sign = 1 if tz[0] == "+" else -1
            from datetime import timedelta, timezone

            offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5]))
            if offset >= timedelta(hours=24):
                return None
            return dt.replace(tzinfo=timezone(sign * offset))
        return dt.replace(tzinfo=UTC)
    for fmt in _RFC_FORMATS:
        try:
            dt = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return None


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}


def number_word(word: str) -> int | None:
    """The value of an English number word ("seven" -> 7), or None."""
    return _NUMBER_WORDS.get(word.lower())
