"""Find the next page of *this* article (not the next article): a pure helper.

A listicle split over several URLs links its pages with ``<link rel="next">``,
``<a rel="next">``, a "Next" / "›" button, or page numbers. A link is taken as
the next page only when its URL is pagination of the same article: same host
(``www.`` ignored), the same path stem, and a page marker (``?page=2``,
``?p=2``, ``/2/``, ``/page/2/``) with a number after the current page's.
"NEXT: <another article>" promos fail that test and are never followed.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from ingest.extract.document import decode
from ingest.extract.links import is_pagination, site_host
from ingest.normalize import clean_text

# Text of a "next page" control.
_NEXT_TEXT = re.compile(r"^(next|next page|next slide|continue|more|›|»|>|→|>>)\W*$", re.I)
# The page number in a URL: ?page=N (and its aliases) or a trailing /N or /page/N.
_QUERY_PAGE = re.compile(r"(?:^|&)(?:page|p|pg|paged)=(\d{1,4})(?:&|$)", re.I)
_PATH_PAGE = re.compile(r"/(?:page/)?(\d{1,3})/?$", re.I)


def page_number(url: str) -> int:
    """The page number a URL carries (1 when it carries none)."""
    parts = urlsplit(url)
    match = _QUERY_PAGE.search(parts.query) or _PATH_PAGE.search(parts.path)
    return int(match.group(1)) if match else 1


def _stem(url: str) -> tuple[str, str]:
    """The article's identity in a URL: path without its page marker, other query params."""
    parts = urlsplit(url)
    path = _PATH_PAGE.sub("", parts.path.rstrip("/") if parts.path != "/" else "/")
    query = "&".join(sorted(q for q in parts.query.split("&")
                            if q and not _QUERY_PAGE.match(q)))
    return path.rstrip("/"), query


def defragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def is_next_page(candidate: str, page_url: str) -> bool:
    """True when ``candidate`` is a later page of the article at ``page_url``."""
    if urlsplit(candidate).scheme not in ("http", "https"):
        return False
    if site_host(candidate) != site_host(page_url):
        return False
    if defragment(candidate) == defragment(page_url):
        return False
    if not is_pagination("", candidate, page_url):
        return False
    return _stem(candidate) == _stem(page_url) and page_number(candidate) > page_number(page_url)


# Cheap first pass over the raw bytes: every href, then a page marker in it. (A literal
# lower-case prefix keeps the scan fast; pages with an upper-case HREF are always parsed.)
_HREF = re.compile(rb"""href\s*=\s*["']?([^"'\s>]{1,500})""")
_MARKER = re.compile(rb"(?:[?&](?:page|p|pg|paged)=\d|/\d{1,3}/?(?:$|#))", re.I)


def may_paginate(html: bytes, page_url: str) -> bool:
    """False when no link in the page can be a later page of it (skips the parse)."""
    if b"\x00" in html[:400] or b"HREF" in html or b"Href" in html:
        return True  # UTF-16 or upper-case markup: the byte pattern cannot be trusted; parse
    for match in _HREF.finditer(html):
        href = match.group(1)
        if _MARKER.search(href) and is_next_page(
                defragment(urljoin(page_url, href.decode("latin-1").replace("&amp;", "&"))),
                page_url):
            return True
    return False


def next_page_url(html: bytes, page_url: str, encoding: str | None = None) -> str | None:
    """The URL of the next page of the same article, or None (parses the page)."""
    if not may_paginate(html, page_url):
        return None
    try:
        text, _, _ = decode(html, encoding)
    except Exception:  # not a page: extraction reports it, nothing to follow
        return None
    return next_page_in(LexborHTMLParser(text), page_url)


def next_page_in(tree: LexborHTMLParser, page_url: str) -> str | None:
    """The URL of the next page of the same article in an already parsed page, or None."""
    base = page_url
    base_node = tree.css_first("base[href]")
    if base_node is not None and base_node.attributes.get("href"):
        base = urljoin(page_url, base_node.attributes["href"] or "")
    current = page_number(page_url)

    def usable(href: str | None) -> str | None:
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            return None
        url = defragment(urljoin(base, href.strip()))
        return url if is_next_page(url, page_url) else None

    # 1. Declared: <link rel=next> in the head, then <a rel=next>.
    for selector in ('link[rel~="next"]', 'a[rel~="next"]'):
        for node in tree.css(selector):
            found = usable(node.attributes.get("href"))
            if found:
                return found
    # 2. A "Next" control, or the link numbered current+1.
    numbered: str | None = None
    for node in tree.css("a[href]"):
        label = clean_text(node.text(deep=True) or node.attributes.get("aria-label") or "")
        if _NEXT_TEXT.match(label):
            found = usable(node.attributes.get("href"))
            if found:
                return found
        elif numbered is None and label == str(current + 1):
            found = usable(node.attributes.get("href"))
            if found and page_number(found) == current + 1:
                numbered = found
    return numbered
