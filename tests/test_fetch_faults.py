"""Each fault of the local server, and what the fetcher does about it."""

from __future__ import annotations

import gzip
import hashlib
import json

from ingest.store.names import page_path
from tests.fetch_helpers import read_jsonl, run
from tests.fetch_server import CP1252_PAGE, OK_PAGE

pytest_plugins = ("tests.fetch_plugin",)  # the `server` fixture


def test_good_page_writes_json_pages_and_empty_errors(server, tmp_path):
    summary, rec = run(server, ["/ok"], tmp_path)
    assert rec["/ok"].ok and summary.ok == 1
    data = json.loads(page_path(tmp_path, server.url("/ok")).read_text())
    assert data["title"] == "5 Things About Servers"
    assert [e["rank"] for e in data["entries"]] == [5, 4, 3, 2, 1]
    src = data["source"]
    assert src["status"] == 200 and src["final_url"] == server.url("/ok")
    assert src["content_type"] == "text/html; charset=utf-8"
    assert src["sha256"] == hashlib.sha256(OK_PAGE).hexdigest()
    assert read_jsonl(tmp_path / "pages.jsonl") == [data]
    assert (tmp_path / "errors.jsonl").read_text() == ""


def test_slow_first_byte_times_out_then_retry_succeeds(server, tmp_path):
    _, rec = run(server, ["/slow-first-byte"], tmp_path)
    assert rec["/slow-first-byte"].ok
    assert rec["/slow-first-byte"].attempts == 2
    assert server.hits["/slow-first-byte"] == 2


def test_slow_trickle_hits_total_timeout_and_is_not_retried(server, tmp_path):
    _, rec = run(server, ["/trickle"], tmp_path, total_timeout=1.0)
    assert rec["/trickle"].error == "FetchTimeout"
    assert "total timeout" in rec["/trickle"].message
    assert server.hits["/trickle"] == 1


def test_500_then_200_is_retried(server, tmp_path):
    _, rec = run(server, ["/flaky"], tmp_path)
    assert rec["/flaky"].ok and rec["/flaky"].attempts == 2


def test_429_retry_after_seconds_is_honoured(server, tmp_path):
    _, rec = run(server, ["/busy"], tmp_path)
    assert rec["/busy"].ok and rec["/busy"].attempts == 2
    first, second = [r.at for r in server.requests if r.path == "/busy"]
    assert second - first >= 0.8  # Retry-After: 1, not the 0.05 s backoff (slack for load)


def test_503_retry_after_http_date_is_honoured(server, tmp_path):
    _, rec = run(server, ["/busy-date"], tmp_path)
    assert rec["/busy-date"].ok
    first, second = [r.at for r in server.requests if r.path == "/busy-date"]
    assert second - first >= 0.8  # the date is 2 s ahead, cut to whole seconds


def test_retry_after_over_the_cap_fails_without_waiting(server, tmp_path):
    _, rec = run(server, ["/busy-long"], tmp_path)
    assert rec["/busy-long"].error == "HTTPStatusError"
    assert "3600" in rec["/busy-long"].message
    assert server.hits["/busy-long"] == 1


def test_persistent_5xx_gives_up_after_the_retries(server, tmp_path):
    _, rec = run(server, ["/always-500"], tmp_path, retries=2)
    assert rec["/always-500"].error == "HTTPStatusError"
    assert "503" in rec["/always-500"].message
    assert server.hits["/always-500"] == 3


def test_404_is_not_retried(server, tmp_path):
    _, rec = run(server, ["/missing"], tmp_path)
    assert rec["/missing"].error == "HTTPStatusError" and "404" in rec["/missing"].message
    assert server.hits["/missing"] == 1


def test_connection_reset_mid_body_is_retried_then_reported(server, tmp_path):
    _, rec = run(server, ["/reset"], tmp_path, retries=1)
    assert rec["/reset"].error == "ConnectionFailed"
    assert "after 2 attempts" in rec["/reset"].message
    assert server.hits["/reset"] == 2


def test_redirect_loop_is_detected(server, tmp_path):
    _, rec = run(server, ["/loop/a"], tmp_path)
    assert rec["/loop/a"].error == "RedirectError"
    assert "loop" in rec["/loop/a"].message
    assert server.hits["/loop/a"] == 1 and server.hits["/loop/b"] == 1


def test_redirect_limit(server, tmp_path):
    _, rec = run(server, ["/moved"], tmp_path, max_redirects=1)
    assert rec["/moved"].error == "RedirectError"
    assert "more than 1 redirects" in rec["/moved"].message


def test_redirect_chain_and_final_url_are_recorded(server, tmp_path):
    _, rec = run(server, ["/moved"], tmp_path)
    r = rec["/moved"]
    assert r.ok
    assert r.redirects == [server.url("/moved"), server.url("/hop"),
                           server.url("/ok", "localhost")]
    data = json.loads((tmp_path / r.output).read_text())
    assert data["source"]["url"] == server.url("/moved")
    assert data["source"]["final_url"] == server.url("/ok", "localhost")


def test_only_http_and_https(server, tmp_path):
    _, rec = run(server, ["/to-ftp"], tmp_path)
    assert rec["/to-ftp"].error == "UnsupportedScheme"
    from ingest.fetch import fetch_urls
    from tests.fetch_helpers import FAST
    other = fetch_urls(["file:///etc/passwd", "ftp://127.0.0.1/x", "not a url"],
                       tmp_path / "o2", FAST)
    assert [r.error for r in other.records] == ["UnsupportedScheme"] * 3


def test_30mb_body_with_content_length_is_refused_before_reading(server, tmp_path):
    _, rec = run(server, ["/big"], tmp_path)
    assert rec["/big"].error == "TooLarge"
    assert "Content-Length" in rec["/big"].message


def test_30mb_chunked_body_is_aborted_at_the_cap(server, tmp_path):
    _, rec = run(server, ["/big-chunked"], tmp_path)  # 30 MB, default 10 MiB cap
    assert rec["/big-chunked"].error == "TooLarge"
    assert "aborted" in rec["/big-chunked"].message


def test_gzip_bomb_is_refused_not_inflated(server, tmp_path):
    _, rec = run(server, ["/bomb"], tmp_path)  # 64 MB of spaces in ~64 KB, 10 MB cap
    assert rec["/bomb"].error == "TooLarge"
    assert "decompresses" in rec["/bomb"].message


def test_gzip_encoded_page_is_decoded(server, tmp_path):
    _, rec = run(server, ["/gzip"], tmp_path)
    data = json.loads((tmp_path / rec["/gzip"].output).read_text())
    assert data["source"]["sha256"] == hashlib.sha256(OK_PAGE).hexdigest()
    assert len(data["entries"]) == 5


def test_image_content_type_is_refused(server, tmp_path):
    _, rec = run(server, ["/image"], tmp_path)
    assert rec["/image"].error == "UnsupportedContent"
    assert "image/png" in rec["/image"].message


def test_windows_1252_without_header_charset(server, tmp_path):
    _, rec = run(server, ["/cp1252"], tmp_path)
    data = json.loads((tmp_path / rec["/cp1252"].output).read_text())
    assert data["source"]["encoding"] == "cp1252"
    assert "Crème brûlée costs €5 — that’s fine." in data["text"]
    assert data["title"] == "3 Cafés — naïve “picks”"
    assert data["source"]["sha256"] == hashlib.sha256(CP1252_PAGE).hexdigest()


def test_three_page_listicle_is_merged(server, tmp_path):
    _, rec = run(server, ["/list/top-10-servers"], tmp_path)
    r = rec["/list/top-10-servers"]
    assert r.ok
    data = json.loads((tmp_path / r.output).read_text())
    assert [e["rank"] for e in data["entries"]] == list(range(10, 0, -1))  # no duplicate 7
    assert data["order"] == "descending" and data["declared_count"] == 10
    base = server.url("/list/top-10-servers")
    assert data["source"]["pages"] == [base, base + "?page=2", base + "?page=3"]
    assert data["next"]["url"] == server.url("/list/other-article")
    assert not any("promises" in w for w in data["warnings"])
    assert "/list/other-article" not in server.paths()  # NEXT: is another article


def test_max_pages_stops_the_article(server, tmp_path):
    _, rec = run(server, ["/list/top-10-servers"], tmp_path, max_pages=2)
    data = json.loads((tmp_path / rec["/list/top-10-servers"].output).read_text())
    assert len(data["source"]["pages"]) == 2
    assert any("stopped after 2 pages" in w for w in data["warnings"])
    assert "/list/top-10-servers?page=3" not in server.paths()


def test_one_bad_url_never_stops_the_run(server, tmp_path):
    paths = ["/ok", "/image", "/loop/a", "/bomb", "/gzip", "/missing"]
    _, rec = run(server, paths, tmp_path)
    assert [rec[p].ok for p in paths] == [True, False, False, False, True, False]
    errors = read_jsonl(tmp_path / "errors.jsonl")
    assert [(e["url"], e["error"]) for e in errors] == [
        (server.url("/image"), "UnsupportedContent"), (server.url("/loop/a"), "RedirectError"),
        (server.url("/bomb"), "TooLarge"), (server.url("/missing"), "HTTPStatusError")]
    assert all(set(e) == {"input", "record", "url", "error", "message", "offset"}
               and e["input"] == e["url"] and e["message"] for e in errors)
    assert len(read_jsonl(tmp_path / "pages.jsonl")) == 2
    assert len(read_jsonl(tmp_path / "fetch.jsonl")) == len(paths)


def test_extraction_in_a_worker_process(server, tmp_path):
    _, rec = run(server, ["/ok", "/list/top-10-servers"], tmp_path, workers=1)
    assert rec["/ok"].ok and rec["/list/top-10-servers"].ok
    data = json.loads((tmp_path / rec["/list/top-10-servers"].output).read_text())
    assert len(data["entries"]) == 10


def test_brotli_and_zstd_bodies_are_decoded(server, tmp_path):
    _, rec = run(server, ["/br", "/zstd"], tmp_path)
    for path in ("/br", "/zstd"):
        assert rec[path].ok, rec[path].message
        data = json.loads((tmp_path / rec[path].output).read_text())
        assert data["title"] == "5 Things About Servers" and len(data["entries"]) == 5
    asked = {r.headers["accept-encoding"] for r in server.requests if r.path in ("/br", "/zstd")}
    assert asked == {"gzip, deflate, br, zstd"}


def test_brotli_and_zstd_bombs_are_refused_like_gzip_bombs(server, tmp_path):
    _, rec = run(server, ["/br-bomb", "/zstd-bomb", "/bomb"], tmp_path, max_bytes=1024 * 1024)
    for path in ("/br-bomb", "/zstd-bomb", "/bomb"):
        assert rec[path].error == "TooLarge", rec[path].message
        assert "decompresses to more than the 1 MB cap" in rec[path].message


def test_a_short_meta_refresh_is_followed_like_a_redirect(server, tmp_path):
    _, rec = run(server, ["/refresh/0/ok"], tmp_path)
    r = rec["/refresh/0/ok"]
    assert r.ok, r.message
    assert r.redirects == [server.url("/refresh/0/ok"), server.url("/ok")]
    data = json.loads((tmp_path / r.output).read_text())
    assert data["title"] == "5 Things About Servers"
    assert data["source"]["final_url"] == server.url("/ok")
    assert server.hits["/robots.txt"] == 1  # robots.txt was asked (once per host)
    (line,) = [x for x in read_jsonl(tmp_path / "fetch.jsonl") if x["url"].endswith("/0/ok")]
    assert line["redirects"] == r.redirects


def test_a_long_meta_refresh_is_not_followed(server, tmp_path):
    _, rec = run(server, ["/refresh/30/ok"], tmp_path)
    assert rec["/refresh/30/ok"].ok
    assert server.hits["/ok"] == 0
    _, rec = run(server, ["/refresh/0/ok"], tmp_path / "off", max_refresh_delay=None)
    assert server.hits["/ok"] == 0  # --no-meta-refresh


def test_meta_refreshes_count_as_redirects_for_loops_and_limits(server, tmp_path):
    _, rec = run(server, ["/refresh/0/refresh/0/ok"], tmp_path, max_redirects=0)
    assert rec["/refresh/0/refresh/0/ok"].error == "RedirectError"
    _, rec = run(server, ["/refresh/1/moved"], tmp_path / "b")  # refresh, then 301, 307
    assert rec["/refresh/1/moved"].ok
    assert rec["/refresh/1/moved"].redirects[-1] == server.url("/ok", "localhost")


def test_an_iri_is_fetched_and_stored_as_an_ascii_uri(server, tmp_path):
    iri = "/utf8-url/caf\u00e9"
    _, rec = run(server, [iri, "/to-iri"], tmp_path)
    for path in (iri, "/to-iri"):
        assert rec[path].ok, rec[path].message
    assert server.hits["/utf8-url/caf%C3%A9"] == 2  # both reached the percent-encoded path
    data = json.loads((tmp_path / rec[iri].output).read_text())
    assert data["source"]["url"] == server.url(iri)  # the IRI as given
    assert data["source"]["final_url"] == server.url("/utf8-url/caf%C3%A9")
    assert rec["/to-iri"].redirects[-1] == server.url("/utf8-url/caf%C3%A9")
    uris = [line.split(b": ", 1)[1].strip() for warc in (tmp_path / "snapshots").glob("*.warc.gz")
            for line in gzip.decompress(warc.read_bytes()).split(b"\r\n")
            if line.startswith(b"WARC-Target-URI")]
    assert uris and all(uri.isascii() for uri in uris)
    assert server.url("/utf8-url/caf%C3%A9").encode() in uris
