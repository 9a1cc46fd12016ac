"""A small publisher on the test server: articles, sitemaps (plain, gzip, index), feeds."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime

from tests.fetch_server import FaultServer, listicle

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE = "http://www.google.com/schemas/sitemap-image/1.1"



def _billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE lolz [{"".join(levels)}]>\n'
            f'<urlset xmlns="{SM}"><url><loc>&lol9;</loc></url></urlset>\n').encode()


BOMB = _billion_laughs()
"""The "billion laughs": nine levels of ten-fold entities, 10^9 "lol"s if expanded."""


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    date: str  # ISO, UTC

    def path(self) -> str:
        return f"/articles/{self.slug}"


ARTICLES = [
    Article("a1", "5 Routers Worth Buying", "2026-05-01T08:00:00+00:00"),
    Article("a2", "7 Cables Nobody Needs", "2026-05-10T08:00:00+00:00"),
    Article("a3", "3 Switches That Last", "2026-05-20T08:00:00+00:00"),
]
NEW_ARTICLE = Article("a4", "4 Racks For Small Rooms", "2026-05-25T08:00:00+00:00")


def urlset(entries: list[str]) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SM}" xmlns:news="{NEWS}" '
            f'xmlns:image="{IMAGE}">{"".join(entries)}</urlset>\n').encode()


def index(locs: list[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?>\n<sitemapindex xmlns="{SM}">{items}</sitemapindex>\n'.encode()


def rss(base: str, articles: list[Article]) -> bytes:
    items = "".join(
        f"<item><title>{a.title}</title><link>{base}{a.path()}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(a.date))}</pubDate></item>"
        for a in articles)
    return (f'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Gear</title>'
            f"<link>{base}/</link><description>d</description>{items}</channel></rss>\n").encode()


def atom(base: str, articles: list[Article]) -> bytes:
    entries = "".join(
        f'<entry><title>{a.title}</title><link href="{base}{a.path()}"/>'
        f"<id>{base}{a.path()}</id><updated>{a.date}</updated></entry>" for a in articles)
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Gear</title><id>{base}/</id><updated>2026-05-20T08:00:00Z</updated>"
            f"{entries}</feed>\n").encode()


def json_feed(base: str, articles: list[Article]) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Gear",
                       "items": [{"id": a.slug, "url": base + a.path(), "title": a.title,
                                  "date_published": a.date} for a in articles]}).encode()


@dataclass
class Site:
    """The publisher: call :meth:`publish` after changing ``articles``."""

    server: FaultServer
    articles: list[Article] = field(default_factory=lambda: list(ARTICLES))
    lastmod: dict[str, str] = field(default_factory=dict)
    """Overrides of an article's sitemap <lastmod>."""

    @property
    def base(self) -> str:
        return self.server.url("")

    def url(self, path: str) -> str:
        return self.server.url(path)

    def publish(self) -> Site:
        srv, base, arts = self.server, self.base, self.articles
        srv.robots = (f"User-agent: *\nDisallow: /private/\n"
                      f"Sitemap: {base}/sitemap_index.xml\n")
        for a in arts:
            srv.files[a.path()] = (listicle(a.title, [3, 2, 1]).encode(),
                                   "text/html; charset=utf-8")
        srv.files["/about"] = (listicle("About Us", [1]).encode(), "text/html")
        # the news sitemap: every article but the first, news and image extensions
        news = [f"<url><loc>{base}{a.path()}</loc>"
                f"<lastmod>{self.lastmod.get(a.slug, a.date)}</lastmod>"
                f"<news:news><news:publication><news:name>Gear</news:name>"
                f"<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{a.date}</news:publication_date>"
                f"<news:title>{a.title}</news:title></news:news>"
                f"<image:image><image:loc>{base}/img/{a.slug}.jpg</image:loc></image:image>"
                f"</url>" for a in arts[1:]]
        srv.files["/sitemap-news.xml"] = (urlset(news), "application/xml")
        # the archive: gzipped file, the first article and a page that is no article
        first = arts[0]
        old = [f"<url><loc>{base}{first.path()}</loc>"
               f"<lastmod>{self.lastmod.get(first.slug, first.date)}</lastmod></url>",
               f"<url><loc>{base}/about</loc></url>"]
        srv.files["/sitemap-old.xml.gz"] = (gzip.compress(urlset(old)), "application/gzip")
        srv.files["/sitemap_index.xml"] = (
            index([f"{base}/sitemap-news.xml", f"{base}/sitemap-old.xml.gz"]), "application/xml")
        srv.files["/feed.rss"] = (rss(base, arts), "application/rss+xml")
        srv.files["/feed.atom"] = (atom(base, arts), "application/atom+xml")
        srv.files["/feed.json"] = (json_feed(base, arts), "application/feed+json")
        return self

    def article_hits(self) -> list[str]:
        return sorted(p for p in self.server.paths() if p.startswith("/articles/"))
