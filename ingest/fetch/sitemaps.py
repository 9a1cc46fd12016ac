"""Reading one sitemap document (sitemaps.org 0.9): a urlset, an index, or a text list.

Pure: bytes in, :class:`SitemapDoc` out. Elements are matched by local name,
so the 0.9 namespace, the old Google one and none at all read the same; the
news (``<news:publication_date>``, ``<news:title>``) and image
(``<image:loc>``) extensions are read where present. XML goes through
:mod:`.safexml` (no entity expansion). At most ``max_urls`` entries are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from ingest.errors import MalformedSitemap
from ingest.fetch.candidates import Candidate, parse_w3c_date
from ingest.fetch.safexml import ParseError, iterparse, local_name

ROOTS = ("urlset", "sitemapindex")


@dataclass
class SitemapDoc:
    """What one sitemap lists: pages (a urlset) or other sitemaps (an index)."""

    url: str
    pages: list[Candidate] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    """Sitemap URLs of an index, in document order."""
    over_limit: bool = False
    """More entries than ``max_urls``; the rest were not read."""
    cut_short: bool = False
    """The body ended mid-document (it was read up to the size cap); entries up to there kept."""

    @property
    def is_index(self) -> bool:
        return bool(self.children)


def _child_text(elem: Element, name: str) -> str | None:
    for child in elem:
        if local_name(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def _children(elem: Element, name: str) -> list[Element]:
    return [child for child in elem if local_name(child.tag) == name]


def _page(elem: Element, base: str) -> Candidate | None:
    """A ``<url>`` entry: loc, lastmod, and the news/image extensions."""
    loc = _child_text(elem, "loc")
    if not loc:
        return None
    news = _children(elem, "news")
    published = title = None
    if news:
        published = parse_w3c_date(_child_text(news[0], "publication_date"))
        title = _child_text(news[0], "title")
    images = tuple(urljoin(base, src) for image in _children(elem, "image")
                   if (src := _child_text(image, "loc")))
    return Candidate(url=urljoin(base, loc), lastmod=parse_w3c_date(_child_text(elem, "lastmod")),
                     published=published, title=title, found_in=base, images=images)


def _text_sitemap(body: bytes, url: str, max_urls: int) -> SitemapDoc:
    """The protocol's plain-text form: one absolute URL a line."""
    doc = SitemapDoc(url)
    for line in body.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line.startswith(("http://", "https://")):
            continue
        if len(doc.pages) >= max_urls:
            doc.over_limit = True
            break
        doc.pages.append(Candidate(url=line, found_in=url))
    if not doc.pages:
        raise MalformedSitemap("sitemap is neither XML nor a list of URLs")
    return doc


def read_sitemap(body: bytes, url: str, *, max_urls: int, truncated: bool = False) -> SitemapDoc:
    """Parse one sitemap; ``truncated`` says the body was cut at the size cap, so a parse
    error at its end keeps what came before instead of failing the sitemap."""
    body = body.removeprefix(b"\xef\xbb\xbf")
    if not body.lstrip().startswith(b"<"):
        return _text_sitemap(body, url, max_urls)
    doc = SitemapDoc(url)
    root: str | None = None
    try:
        for event, elem in iterparse(body, "sitemap"):
            name = local_name(elem.tag)
            if root is None:
                root = name
                if name not in ROOTS:
                    raise MalformedSitemap(f"sitemap has a <{name}> root, not <urlset> "
                                           f"or <sitemapindex>")
            if event != "end":
                continue
            if root == "urlset" and name == "url":
                page = _page(elem, url)
                elem.clear()  # keep memory flat over 50,000 entries
                if page is None:
                    continue
                if len(doc.pages) >= max_urls:
                    doc.over_limit = True
                    break
                doc.pages.append(page)
            elif root == "sitemapindex" and name == "sitemap":
                loc = _child_text(elem, "loc")
                elem.clear()
                if not loc:
                    continue
                if len(doc.children) >= max_urls:
                    doc.over_limit = True
                    break
                doc.children.append(urljoin(url, loc))
    except ParseError as exc:
        if not truncated or root is None:
            raise MalformedSitemap(f"sitemap is not well-formed XML ({exc})") from exc
        doc.cut_short = True
    return doc
