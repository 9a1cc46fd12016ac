"""`ingest fetch --sitemap/--feed` on the command line: the summary line, errors, usage."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ingest.cli import app
from tests.watch_site import BOMB, NEW_ARTICLE, Site

pytest_plugins = ("tests.fetch_plugin",)  # the `server` fixture

FAST = ["--delay", "0", "--workers", "0", "--retries", "1", "--timeout", "1",
        "--total-timeout", "3"]


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args):
    return CliRunner().invoke(app, ["fetch", *FAST, *args])


def test_first_run_rerun_and_a_new_article(server, tmp_path):
    site = Site(server).publish()
    args = ["--sitemap", site.url("/"), "--feed", site.url("/feed.rss"),
            "--feed", site.url("/feed.atom"), "-o", str(tmp_path)]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert "4 discovered, 0 skipped as seen, 4 fetched, 0 unchanged, 0 failed" in first.output
    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert "4 discovered, 4 skipped as seen, 0 fetched, 0 unchanged, 0 failed" in again.output
    site.articles.append(NEW_ARTICLE)
    site.publish()
    third = invoke(*args)
    assert "5 discovered, 4 skipped as seen, 1 fetched, 0 unchanged, 0 failed" in third.output
    rechecked = invoke(*args, "--recheck")
    assert "5 discovered, 5 rechecked, 0 fetched, 5 unchanged, 0 failed" in rechecked.output


def test_filters_on_the_command_line(server, tmp_path):
    site = Site(server).publish()
    result = invoke("--sitemap", site.url("/sitemap_index.xml"), "--match", "/articles/a[23]",
                    "--match", "/about", "--since", "2026-05-05", "--limit", "1",
                    "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    # a1 is dated too early; of a2, a3 and /about (undated, kept), the newest is fetched
    assert ("4 discovered, 1 filtered out, 0 skipped as seen, 2 left for later (--limit), "
            "1 fetched") in result.output
    assert site.article_hits() == ["/articles/a3"]


def test_malformed_feed_and_bomb_are_one_line_each_exit_1(server, tmp_path):
    site = Site(server).publish()
    server.files["/not-a-feed"] = (b"plain words, no markup", "text/plain")
    server.files["/bomb.xml"] = (BOMB, "application/xml")
    result = invoke("--feed", site.url("/not-a-feed"), "--feed", site.url("/feed.rss"),
                    "--sitemap", site.url("/bomb.xml"), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2  # sitemaps first, then feeds
    assert errors[0] == (
        f"error: {site.url('/bomb.xml')}: XMLEntitiesRefused: sitemap declares XML entities or "
        f'external references (a "billion laughs" bomb?); refused without expanding them')
    assert errors[1].startswith(f"error: {site.url('/not-a-feed')}: MalformedFeed: feed is "
                                f"not RSS, Atom or JSON Feed (")
    assert "3 fetched, 0 unchanged, 2 failed" in result.output


def test_usage_errors_exit_2(tmp_path):
    bad_since = invoke("--feed", "http://127.0.0.1:9/feed", "--since", "last week",
                       "-o", str(tmp_path))
    assert bad_since.exit_code == 2 and "--since 'last week'" in bad_since.output
    bad_match = invoke("--feed", "http://127.0.0.1:9/feed", "--match", "(", "-o", str(tmp_path))
    assert bad_match.exit_code == 2 and "--match '('" in bad_match.output


def test_broken_state_file_is_a_usage_error(server, tmp_path):
    site = Site(server).publish()
    (tmp_path / "seen.json").write_text("{not json")
    result = invoke("--feed", site.url("/feed.rss"), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "seen.json: not an ingest state file" in result.output
    assert site.article_hits() == []


def test_a_second_run_into_a_folder_being_written_is_refused(server, tmp_path):
    # One fetch or watch run writes a folder at a time: its lists, stamps and seen.json.
    from ingest.fetch.runner import fetch_lock

    site = Site(server).publish()
    with fetch_lock(tmp_path):
        watched = invoke("--feed", site.url("/feed.rss"), "-o", str(tmp_path))
        fetched = invoke(site.url("/"), "-o", str(tmp_path))
    for result in (watched, fetched):
        assert result.exit_code == 2
        assert "another ingest fetch is writing there" in result.output
    assert not (tmp_path / "seen.json").exists() and not (tmp_path / "pages.jsonl").exists()
    assert [r for r in server.requests if r.path != "/robots.txt"] == []
    after = invoke("--feed", site.url("/feed.rss"), "-o", str(tmp_path))  # the lock is free
    assert after.exit_code == 0, after.output
