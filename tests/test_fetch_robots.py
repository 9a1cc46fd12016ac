"""robots.txt, the User-Agent, and pacing: per-host cap, global cap, delay, Crawl-delay."""

from __future__ import annotations

import itertools
import logging

from ingest import __version__
from tests.fetch_helpers import run

pytest_plugins = ("tests.fetch_plugin",)  # the `server` fixture


def test_disallowed_path_is_never_requested(server, tmp_path):
    _, rec = run(server, ["/private/secret", "/ok"], tmp_path)
    assert rec["/private/secret"].error == "RobotsDisallowed"
    assert "/private/secret" not in server.paths()
    assert rec["/ok"].ok


def test_redirect_into_a_disallowed_path_is_not_followed(server, tmp_path):
    _, rec = run(server, ["/to-private"], tmp_path)
    assert rec["/to-private"].error == "RobotsDisallowed"
    assert "/private/secret" not in server.paths()


def test_each_redirect_hop_gets_its_own_hosts_robots(server, tmp_path):
    _, rec = run(server, ["/moved"], tmp_path)  # 127.0.0.1 -> localhost
    assert rec["/moved"].ok
    robots_hosts = [r.headers["host"] for r in server.requests if r.path == "/robots.txt"]
    assert sorted(h.split(":")[0] for h in robots_hosts) == ["127.0.0.1", "localhost"]


def test_robots_is_fetched_once_per_host(server, tmp_path):
    run(server, ["/ok", "/gzip", "/flaky", "/cp1252", "/private/secret"], tmp_path)
    assert server.hits["/robots.txt"] == 1


def test_robots_group_for_our_product_token(server, tmp_path):
    server.robots = "User-agent: ingest\nDisallow: /ok\n\nUser-agent: *\nDisallow: /gzip\n"
    _, rec = run(server, ["/ok", "/gzip"], tmp_path)
    assert rec["/ok"].error == "RobotsDisallowed"
    assert rec["/gzip"].ok  # the * group does not apply when ours exists


def test_robots_5xx_means_disallow_everything(server, tmp_path):
    server.robots_status = 503
    _, rec = run(server, ["/ok"], tmp_path, retries=0)
    assert rec["/ok"].error == "RobotsDisallowed"
    assert "unavailable" in rec["/ok"].message
    assert "/ok" not in server.paths()


def test_robots_404_means_no_rules(server, tmp_path):
    server.robots_status = 404
    server.robots = "User-agent: *\nDisallow: /\n"  # served with a 404: not rules
    _, rec = run(server, ["/ok"], tmp_path)
    assert rec["/ok"].ok


def test_ignore_robots_is_explicit_and_logged(server, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="ingest.fetch"):
        _, rec = run(server, ["/private/secret"], tmp_path, respect_robots=False)
    assert rec["/private/secret"].ok
    assert "/robots.txt" not in server.paths()
    assert any("robots.txt is NOT honoured" in r.getMessage() for r in caplog.records)


def test_user_agent_names_the_project_and_version(server, tmp_path):
    run(server, ["/ok"], tmp_path)
    agents = {r.headers["user-agent"] for r in server.requests}
    assert len(agents) == 1
    assert agents.pop().startswith(f"ingest/{__version__} (")


def test_custom_user_agent(server, tmp_path):
    run(server, ["/ok"], tmp_path, user_agent="mybot/2.0 (+mailto:ops@example.org)")
    assert {r.headers["user-agent"] for r in server.requests} == {
        "mybot/2.0 (+mailto:ops@example.org)"}


def _gaps(server, prefix: str) -> list[float]:
    times = sorted(r.at for r in server.requests if r.path.startswith(prefix))
    return [b - a for a, b in itertools.pairwise(times)]


def test_crawl_delay_is_respected(server, tmp_path):
    server.robots = "User-agent: *\nCrawl-delay: 0.5\n"
    paths = [f"/slow/{i}" for i in range(4)]
    _, rec = run(server, paths, tmp_path, delay=0, per_host=4)
    assert all(rec[p].ok for p in paths)
    gaps = _gaps(server, "/slow/")
    # Server-side clocks lag a little under load: 0.2 s of slack on a 0.5 s delay.
    assert len(gaps) == 3 and min(gaps) >= 0.3
    # The robots.txt request itself counts: the first page waits the Crawl-delay after it.
    robots_at = next(r.at for r in server.requests if r.path == "/robots.txt")
    assert min(r.at for r in server.requests if r.path.startswith("/slow/")) - robots_at >= 0.3


def test_delay_spaces_requests_to_one_host(server, tmp_path):
    paths = [f"/slow/{i}" for i in range(4)]
    run(server, paths, tmp_path, delay=0.3, per_host=4)
    # Pacing is measured where requests arrive; a loaded machine compresses gaps a little.
    assert min(_gaps(server, "/slow/")) >= 0.15


def test_per_host_cap(server, tmp_path):
    server.hold = 0.2
    paths = [f"/slow/{i}" for i in range(8)]
    _, rec = run(server, paths, tmp_path, per_host=2, concurrency=8, respect_robots=False)
    assert all(rec[p].ok for p in paths)
    # The cap holds; how close a loaded machine gets to it is not the point.
    assert 1 <= server.max_in_flight <= 2


def test_global_cap_across_hosts(server, tmp_path):
    import dataclasses

    from ingest.fetch import fetch_urls
    from tests.fetch_helpers import FAST

    server.hold = 0.15
    urls = [server.url(f"/slow/{i}", host) for i in range(3) for host in ("127.0.0.1", "localhost")]
    config = dataclasses.replace(FAST, per_host=4, concurrency=3, respect_robots=False)
    summary = fetch_urls(urls, tmp_path, config)
    assert all(r.ok for r in summary.records)
    assert 1 <= server.max_in_flight <= 3


def test_retry_after_holds_the_whole_host_back(server, tmp_path):
    _, rec = run(server, ["/busy", "/slow/1"], tmp_path, per_host=1)
    busy = [r.at for r in server.requests if r.path == "/busy"]
    other = [r.at for r in server.requests if r.path == "/slow/1"]
    assert rec["/busy"].ok and rec["/slow/1"].ok
    # /slow/1 went either before the 429 or after the Retry-After second, never inside it.
    assert not any(busy[0] < t < busy[0] + 0.8 for t in other)
