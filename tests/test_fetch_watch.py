"""`ingest fetch --sitemap/--feed` against a real local server: discovery, filters, re-runs."""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
from datetime import UTC, datetime

import pytest

from ingest.fetch import WatchOptions, watch
from ingest.fetch import discover as discover_module
from ingest.fetch.snapshot import SnapshotIndex, warc_files
from tests.fetch_helpers import FAST, read_jsonl
from tests.fetch_server import listicle
from tests.watch_site import BOMB, NEW_ARTICLE, Site, index, urlset

pytest_plugins = ("tests.fetch_plugin",)  # the `server` fixture


@pytest.fixture
def site(server):
    return Site(server).publish()


def run(site, out, **options):
    config = dataclasses.replace(FAST, **options.pop("config", {}))
    return watch([], out, config, WatchOptions(**options))


def test_site_root_uses_robots_sitemap_lines_index_plain_and_gzip(site, tmp_path):
    summary = run(site, tmp_path, sitemaps=(site.url("/"),))
    assert summary.discovered == 4  # a1 (gzip), a2, a3 (plain), /about (gzip)
    assert summary.fetched == 4 and summary.failed == 0
    assert site.article_hits() == ["/articles/a1", "/articles/a2", "/articles/a3"]
    for path in ("/robots.txt", "/sitemap_index.xml", "/sitemap-news.xml",
                 "/sitemap-old.xml.gz"):
        assert site.server.hits[path] == 1, path
    assert "/sitemap.xml" not in site.server.paths()  # robots.txt listed the index
    # the sitemaps and robots.txt are in the run's WARC, like the pages
    snapped = SnapshotIndex.scan(warc_files(tmp_path / "snapshots")).responses
    assert {site.url("/robots.txt"), site.url("/sitemap_index.xml"),
            site.url("/sitemap-old.xml.gz"), site.url("/articles/a2")} <= set(snapped)
    state = json.loads((tmp_path / "seen.json").read_text())
    a3 = state["pages"][site.url("/articles/a3")]
    assert a3["date"] == "2026-05-20T08:00:00Z"  # <lastmod>
    assert a3["title"] == "3 Switches That Last"  # <news:title>
    assert a3["found_in"] == site.url("/sitemap-news.xml")
    assert state["pages"][site.url("/about")]["date"] is None


def test_site_without_sitemap_lines_falls_back_to_sitemap_xml(site, tmp_path):
    site.server.robots = "User-agent: *\nDisallow:\n"
    site.server.files["/sitemap.xml"] = site.server.files["/sitemap-news.xml"]
    summary = run(site, tmp_path, sitemaps=(site.url("/"),))
    assert site.server.hits["/sitemap.xml"] == 1
    assert site.article_hits() == ["/articles/a2", "/articles/a3"]
    assert summary.failed == 0


def test_rss_and_atom_listing_the_same_articles_fetch_each_once(site, tmp_path):
    summary = run(site, tmp_path, feeds=(site.url("/feed.rss"), site.url("/feed.atom")),
                  sitemaps=(site.url("/sitemap-news.xml"),))
    assert summary.discovered == 3
    assert site.article_hits() == ["/articles/a1", "/articles/a2", "/articles/a3"]
    pages = read_jsonl(tmp_path / "pages.jsonl")
    assert sorted(p["title"] for p in pages) == sorted(a.title for a in site.articles)


def test_json_feed(site, tmp_path):
    summary = run(site, tmp_path, feeds=(site.url("/feed.json"),))
    assert summary.discovered == 3 and summary.fetched == 3


def test_since_and_match(site, tmp_path):
    summary = run(site, tmp_path, sitemaps=(site.url("/sitemap_index.xml"),),
                  match=(r"/articles/",), since=datetime(2026, 5, 5, tzinfo=UTC))
    assert summary.selection.filtered == 2  # /about (no match), a1 (May 1st)
    assert site.article_hits() == ["/articles/a2", "/articles/a3"]
    assert "/about" not in site.server.paths()


def test_rerun_fetches_nothing_then_only_the_new_article(site, tmp_path):
    feeds = (site.url("/feed.rss"), site.url("/feed.atom"))
    first = run(site, tmp_path, feeds=feeds)
    assert first.fetched == 3
    site.server.requests.clear()

    again = run(site, tmp_path, feeds=feeds)
    assert (again.discovered, again.selection.seen, again.fetched) == (3, 3, 0)
    assert site.article_hits() == []  # not even a conditional request
    assert read_jsonl(tmp_path / "pages.jsonl") == []

    site.articles.append(NEW_ARTICLE)
    site.publish()
    site.server.requests.clear()
    third = run(site, tmp_path, feeds=feeds)
    assert (third.discovered, third.selection.seen, third.fetched) == (4, 3, 1)
    assert site.article_hits() == ["/articles/a4"]
    assert [p["title"] for p in read_jsonl(tmp_path / "pages.jsonl")] == [NEW_ARTICLE.title]
    state = json.loads((tmp_path / "seen.json").read_text())
    assert len(state["pages"]) == 4


def test_state_is_saved_as_pages_finish(site, tmp_path, monkeypatch):
    """An interrupted run keeps what it fetched: seen.json grows during the run."""
    monkeypatch.setattr("ingest.fetch.seen.SAVE_EVERY", 0.0)
    sizes: list[int] = []

    def on_record(_record):
        sizes.append(len(json.loads((tmp_path / "seen.json").read_text())["pages"]))

    config = dataclasses.replace(FAST, concurrency=1, per_host=1)
    watch([], tmp_path, config, WatchOptions(feeds=(site.url("/feed.rss"),)),
          on_record=on_record)
    assert sizes == [1, 2, 3]


def test_newer_lastmod_is_fetched_again(site, tmp_path):
    sitemaps = (site.url("/sitemap_index.xml"),)
    run(site, tmp_path, sitemaps=sitemaps)
    site.lastmod["a2"] = "2026-06-01T00:00:00Z"
    site.publish()
    a2 = site.url("/articles/a2")
    site.server.files["/articles/a2"] = (listicle("8 Cables Nobody Needs", [1]).encode(),
                                         "text/html")
    site.server.requests.clear()
    summary = run(site, tmp_path, sitemaps=sitemaps)
    assert site.article_hits() == ["/articles/a2"]
    assert summary.fetched == 1 and summary.selection.seen == 3
    state = json.loads((tmp_path / "seen.json").read_text())
    assert state["pages"][a2]["date"] == "2026-06-01T00:00:00Z"
    assert read_jsonl(tmp_path / "pages.jsonl")[0]["title"] == "8 Cables Nobody Needs"


def test_recheck_sends_conditional_requests(site, tmp_path):
    feeds = (site.url("/feed.rss"),)
    run(site, tmp_path, feeds=feeds)
    site.server.requests.clear()
    summary = run(site, tmp_path, feeds=feeds, recheck=True)
    assert summary.unchanged == 3 and summary.fetched == 0
    asked = [r for r in site.server.requests if r.path.startswith("/articles/")]
    assert len(asked) == 3 and all("if-none-match" in r.headers for r in asked)


def test_limit_takes_the_newest_and_leaves_the_rest_for_later(site, tmp_path):
    feeds = (site.url("/feed.atom"),)
    first = run(site, tmp_path, feeds=feeds, limit=2)
    assert site.article_hits() == ["/articles/a2", "/articles/a3"]
    assert first.selection.deferred == 1
    site.server.requests.clear()
    run(site, tmp_path, feeds=feeds, limit=2)
    assert site.article_hits() == ["/articles/a1"]


def test_malformed_feed_is_one_error_and_the_others_go_on(site, tmp_path):
    site.server.files["/broken.rss"] = (b"<html><body>Not a feed {{{", "application/rss+xml")
    summary = run(site, tmp_path, feeds=(site.url("/broken.rss"), site.url("/feed.rss")))
    assert summary.fetched == 3
    errors = read_jsonl(tmp_path / "errors.jsonl")
    assert len(errors) == 1
    assert errors[0]["url"] == site.url("/broken.rss")
    assert errors[0]["error"] == "MalformedFeed"
    assert errors[0]["message"].startswith("feed is not RSS, Atom or JSON Feed")


def test_missing_and_disallowed_sitemaps_are_error_lines(site, tmp_path):
    site.server.files["/private/sitemap.xml"] = site.server.files["/sitemap-news.xml"]
    summary = run(site, tmp_path, sitemaps=(site.url("/nope.xml"), site.url("/private/sitemap.xml"),
                                            site.url("/sitemap-news.xml")))
    errors = {e["url"]: e for e in read_jsonl(tmp_path / "errors.jsonl")}
    assert errors[site.url("/nope.xml")]["error"] == "HTTPStatusError"
    assert errors[site.url("/nope.xml")]["message"] == "sitemap: HTTP 404 Not Found"
    assert errors[site.url("/private/sitemap.xml")]["error"] == "RobotsDisallowed"
    assert "/private/sitemap.xml" not in site.server.paths()
    assert summary.fetched == 2 and summary.failed == 2


def test_xml_bomb_sitemap_and_feed_are_refused(site, tmp_path):
    site.server.files["/bomb.xml"] = (BOMB, "application/xml")
    site.server.files["/bomb.rss"] = (BOMB.replace(b"urlset", b"rss"), "application/rss+xml")
    summary = run(site, tmp_path, sitemaps=(site.url("/bomb.xml"),),
                  feeds=(site.url("/bomb.rss"), site.url("/feed.rss")))
    errors = {e["url"]: e for e in read_jsonl(tmp_path / "errors.jsonl")}
    assert errors[site.url("/bomb.xml")]["error"] == "XMLEntitiesRefused"
    assert "billion laughs" in errors[site.url("/bomb.xml")]["message"]
    assert errors[site.url("/bomb.rss")]["error"] == "XMLEntitiesRefused"
    assert summary.fetched == 3


def test_cyclic_and_deep_indexes_end(site, tmp_path):
    files = site.server.files
    files["/idx-a.xml"] = (index([site.url("/idx-b.xml"), site.url("/sitemap-news.xml")]),
                           "application/xml")
    files["/idx-b.xml"] = (index([site.url("/idx-a.xml"), site.url("/idx-a.xml")]),
                           "application/xml")
    summary = run(site, tmp_path, sitemaps=(site.url("/idx-a.xml"), site.url("/idx-b.xml")))
    assert site.server.hits["/idx-a.xml"] == 1 and site.server.hits["/idx-b.xml"] == 1
    assert summary.discovered == 2 and summary.failed == 0
    # an index chain deeper than MAX_DEPTH stops with a warning, not a request per level
    for n in range(8):
        files[f"/deep-{n}.xml"] = (index([site.url(f"/deep-{n + 1}.xml")]), "application/xml")
    run(site, tmp_path / "deep", sitemaps=(site.url("/deep-0.xml"),))
    assert site.server.hits["/deep-4.xml"] == 0
    assert site.server.hits[f"/deep-{discover_module.MAX_DEPTH}.xml"] == 1


def test_over_the_protocol_limits_reads_up_to_them_with_a_warning(site, tmp_path, monkeypatch,
                                                                  caplog):
    entries = [f"<url><loc>{site.url(f'/articles/x{i}')}</loc></url>" for i in range(400)]
    big = urlset(entries)
    site.server.files["/big.xml"] = (big, "application/xml")
    site.server.files["/big.xml.gz"] = (gzip.compress(big), "application/x-gzip")
    monkeypatch.setattr(logging.getLogger("ingest.fetch"), "propagate", True)
    nothing = ("nothing-matches",)  # discover only
    monkeypatch.setattr(discover_module, "MAX_URLS", 50)
    with caplog.at_level(logging.WARNING, logger="ingest.fetch"):
        summary = run(site, tmp_path, sitemaps=(site.url("/big.xml"),), match=nothing)
    assert summary.discovered == 50 and summary.failed == 0
    assert "sitemap lists more than 50 URLs; the rest is not read" in caplog.text
    caplog.clear()
    monkeypatch.setattr(discover_module, "MAX_URLS", 50_000)
    monkeypatch.setattr(discover_module, "MAX_BYTES", 4096)  # ~60 entries' worth
    with caplog.at_level(logging.WARNING, logger="ingest.fetch"):
        plain = run(site, tmp_path / "plain", sitemaps=(site.url("/big.xml"),), match=nothing)
        packed = run(site, tmp_path / "gz", sitemaps=(site.url("/big.xml.gz"),), match=nothing)
        site.server.encoded.add("/big.xml")
        encoded = run(site, tmp_path / "ce", sitemaps=(site.url("/big.xml"),), match=nothing)
    # read up to the cap (on the wire, inflating the .gz file, undoing Content-Encoding),
    # not past it, and not failed
    assert 40 < plain.discovered < 80 and plain.failed == 0
    assert packed.discovered == plain.discovered and packed.failed == 0
    assert encoded.discovered == plain.discovered and encoded.failed == 0
    for path in ("/big.xml", "/big.xml.gz"):
        assert f"{site.url(path)}: sitemap is over the 0.00390625 MB limit; read up to it" \
            in caplog.text
