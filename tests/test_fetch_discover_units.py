"""The pure parts of watching: sitemaps, feeds, dates, --since, merging, the state rule."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import pytest

from ingest.errors import MalformedFeed, MalformedSitemap, XMLEntitiesRefused
from ingest.fetch.candidates import Candidate, merge_candidates, parse_w3c_date
from ingest.fetch.decode import inflate_prefix
from ingest.fetch.feeds import read_feed
from ingest.fetch.seen import SeenState
from ingest.fetch.sitemaps import read_sitemap
from ingest.fetch.watch import WatchOptions, parse_since, select
from tests.watch_site import BOMB, index, urlset

BASE = "https://example.com/sitemap.xml"


def test_urlset_with_news_and_image_extensions():
    body = urlset([
        "<url><loc>https://example.com/a</loc><lastmod>2026-05-01</lastmod>"
        "<news:news><news:publication_date>2026-04-30T10:00:00+02:00</news:publication_date>"
        "<news:title>Ten things</news:title></news:news>"
        "<image:image><image:loc>/img/a.jpg</image:loc></image:image></url>",
        "<url><loc> https://example.com/b </loc></url>",
        "<url><lastmod>2026-01-01</lastmod></url>",  # no <loc>: skipped
    ])
    doc = read_sitemap(body, BASE, max_urls=100)
    a, b = doc.pages
    assert a == Candidate("https://example.com/a", lastmod=datetime(2026, 5, 1, tzinfo=UTC),
                          published=datetime(2026, 4, 30, 8, tzinfo=UTC), title="Ten things",
                          found_in=BASE, images=("https://example.com/img/a.jpg",))
    assert b.url == "https://example.com/b" and b.date is None
    assert not doc.is_index


def test_index_without_namespace_and_text_sitemap():
    doc = read_sitemap(b"<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap></sitemapindex>",
                       BASE, max_urls=10)
    assert doc.children == ["https://example.com/s1.xml"]
    text = read_sitemap(b"https://example.com/x\n\nnot a url\nhttps://example.com/y\n", BASE,
                        max_urls=10)
    assert [c.url for c in text.pages] == ["https://example.com/x", "https://example.com/y"]


def test_sitemap_limits_and_truncation():
    body = urlset([f"<url><loc>https://example.com/{i}</loc></url>" for i in range(20)])
    over = read_sitemap(body, BASE, max_urls=5)
    assert len(over.pages) == 5 and over.over_limit
    cut = read_sitemap(body[:400], BASE, max_urls=100, truncated=True)
    assert cut.cut_short and 0 < len(cut.pages) < 20
    with pytest.raises(MalformedSitemap, match="not well-formed"):
        read_sitemap(body[:400], BASE, max_urls=100)  # not cut by us: broken
    idx = read_sitemap(index([f"/s{i}.xml" for i in range(9)]), BASE, max_urls=3)
    assert len(idx.children) == 3 and idx.over_limit


@pytest.mark.parametrize(("body", "message"), [
    (b"<html><body>hi</body></html>", "has a <html> root"),
    (b"<urlset><url><loc>x</loc>", "not well-formed"),
    (b"just words", "neither XML nor a list of URLs"),
])
def test_malformed_sitemaps(body, message):
    with pytest.raises(MalformedSitemap, match=message):
        read_sitemap(body, BASE, max_urls=10)


def test_entities_are_refused_not_expanded():
    with pytest.raises(XMLEntitiesRefused, match="billion laughs"):
        read_sitemap(BOMB, BASE, max_urls=10)
    one = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>'
           b'<rss version="2.0"><channel><item><link>&e;</link></item></channel></rss>')
    with pytest.raises(XMLEntitiesRefused):
        read_feed(one, "https://example.com/feed")
    external = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b"<urlset><url><loc>&e;</loc></url></urlset>")
    with pytest.raises(XMLEntitiesRefused):
        read_sitemap(external, BASE, max_urls=10)


def test_rss_atom_json_feed_items():
    rss = (b'<rss version="2.0"><channel><item><title>One</title><link>/one</link>'
           b"<pubDate>Fri, 01 May 2026 08:00:00 GMT</pubDate></item>"
           b"<item><title>No link</title></item></channel></rss>")
    (one,) = read_feed(rss, "https://example.com/feed")
    assert (one.url, one.title) == ("https://example.com/one", "One")
    assert one.published == one.lastmod == datetime(2026, 5, 1, 8, tzinfo=UTC)
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Two</title>'
            b'<link href="https://example.com/two"/><published>2026-05-01T00:00:00Z</published>'
            b"<updated>2026-05-03T00:00:00Z</updated></entry></feed>")
    (two,) = read_feed(atom, "https://example.com/atom")
    assert two.lastmod == datetime(2026, 5, 3, tzinfo=UTC)
    assert two.published == datetime(2026, 5, 1, tzinfo=UTC)
    js = (b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"url": "/three", '
          b'"title": "Three", "date_published": "2026-05-02T00:00:00Z"}, {"id": "x"}]}')
    (three,) = read_feed(js, "https://example.com/feed.json", "application/feed+json")
    assert (three.url, three.date) == ("https://example.com/three",
                                       datetime(2026, 5, 2, tzinfo=UTC))


@pytest.mark.parametrize("body", [b"{not json", b'{"items": []}', b"<html><p>x</p></html>",
                                  b"words"])
def test_malformed_feeds(body):
    with pytest.raises(MalformedFeed):
        read_feed(body, "https://example.com/feed")


def test_dates_and_since():
    assert parse_w3c_date("2026") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_w3c_date("2026-05") == datetime(2026, 5, 1, tzinfo=UTC)
    assert parse_w3c_date("2026-05-01T10:00+02:00") == datetime(2026, 5, 1, 8, tzinfo=UTC)
    assert parse_w3c_date("yesterday") is None and parse_w3c_date(None) is None
    now = datetime(2026, 5, 10, tzinfo=UTC)
    assert parse_since("7d", now) == now - timedelta(days=7)
    assert parse_since("12h", now) == now - timedelta(hours=12)
    assert parse_since("2w", now) == now - timedelta(weeks=2)
    assert parse_since("2026-05-01") == datetime(2026, 5, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_since("soon")


def test_merge_keeps_one_per_url_with_the_newest_date():
    d1, d2 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    merged = merge_candidates([Candidate("https://e.com/a#top", lastmod=d1, found_in="s1"),
                               Candidate("https://e.com/b"),
                               Candidate("https://e.com/a", lastmod=d2, title="A")])
    assert [c.url for c in merged] == ["https://e.com/a", "https://e.com/b"]
    assert (merged[0].lastmod, merged[0].title, merged[0].found_in) == (d2, "A", "s1")


def test_state_rule_new_newer_seen(tmp_path):
    old, new = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    state = SeenState.load(tmp_path)
    state.mark(Candidate("https://e.com/a", lastmod=old))
    state.mark(Candidate("https://e.com/b"))
    state.save()
    state = SeenState.load(tmp_path)
    cands = [Candidate("https://e.com/a", lastmod=old), Candidate("https://e.com/a2"),
             Candidate("https://e.com/b", lastmod=new)]
    sel = select(cands, state, WatchOptions())
    assert [c.url for c in sel.fetch] == ["https://e.com/a2"] and sel.seen == 2
    # b had no date: it takes this one, so the next newer date is noticed
    assert state.is_new(Candidate("https://e.com/b", lastmod=new + timedelta(days=1)))
    assert state.is_new(Candidate("https://e.com/a", lastmod=new))


def test_inflate_prefix_stops_at_the_cap():
    data = b"x" * 100_000
    assert inflate_prefix(gzip.compress(data), 1000) == (b"x" * 1000, True)
    assert inflate_prefix(gzip.compress(data), 200_000) == (data, False)
