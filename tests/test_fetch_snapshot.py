"""WARC snapshots: every exchange recorded, replay gives byte-identical JSON, conditional GET."""

from __future__ import annotations

import json

from warcio.archiveiterator import ArchiveIterator

from ingest.fetch import replay_document
from ingest.fetch.snapshot import warc_files
from ingest.store import dumps
from ingest.store.names import stamp_path
from tests.fetch_helpers import read_jsonl, run
from tests.fetch_server import ETAG, LAST_MODIFIED

pytest_plugins = ("tests.fetch_plugin",)  # the `server` fixture


def _records(out):
    found = []
    for path in warc_files(out / "snapshots"):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI"),
                              record.rec_headers, record.http_headers,
                              record.content_stream().read()))
    return found


def test_every_request_and_response_is_in_the_warc(server, tmp_path):
    run(server, ["/flaky", "/moved", "/image"], tmp_path)
    records = _records(tmp_path)
    assert records[0][0] == "warcinfo"
    responses = [(uri.split(str(server.port))[1], int(http.get_statuscode()))
                 for kind, uri, _, http, _ in records if kind == "response"]
    requests = [uri for kind, uri, *_ in records if kind == "request"]
    assert ("/flaky", 500) in responses and ("/flaky", 200) in responses
    assert [r for r in responses if r[0] in ("/moved", "/hop")] == [("/moved", 301), ("/hop", 307)]
    assert ("/ok", 200) in responses and ("/robots.txt", 200) in responses
    assert len(requests) == len(responses) == len(server.requests)
    ids = {h.get_header("WARC-Record-ID") for kind, _, h, _, _ in records if kind == "response"}
    assert all(h.get_header("WARC-Concurrent-To") in ids
               for kind, _, h, _, _ in records if kind == "request")
    image = next(r for r in records if r[0] == "response" and r[1].endswith("/image"))
    assert image[2].get_header("WARC-Truncated") == "unspecified" and image[4] == b""


def test_fetched_at_is_the_warc_date(server, tmp_path):
    _, rec = run(server, ["/ok"], tmp_path)
    data = json.loads((tmp_path / rec["/ok"].output).read_text())
    ok = next(h for kind, uri, h, _, _ in _records(tmp_path)
              if kind == "response" and uri.endswith("/ok"))
    assert data["source"]["fetched_at"] == ok.get_header("WARC-Date")


def test_replay_from_the_warc_is_byte_identical(server, tmp_path):
    paths = ["/ok", "/gzip", "/moved", "/cp1252", "/flaky", "/list/top-10-servers"]
    _, rec = run(server, paths, tmp_path)
    for path in paths:
        written = (tmp_path / rec[path].output).read_text(encoding="utf-8")
        replayed = dumps(replay_document(tmp_path / "snapshots", server.url(path)))
        assert replayed == written, path


def test_refetch_is_conditional_and_skips_unchanged_pages(server, tmp_path):
    _, first = run(server, ["/ok"], tmp_path)
    target = tmp_path / first["/ok"].output
    before = target.read_bytes()
    mtime = target.stat().st_mtime_ns
    _, second = run(server, ["/ok"], tmp_path)
    last = [r for r in server.requests if r.path == "/ok"][-1]
    assert last.headers.get("if-none-match") == ETAG
    assert last.headers.get("if-modified-since") == LAST_MODIFIED
    assert second["/ok"].ok and second["/ok"].unchanged
    assert target.read_bytes() == before and target.stat().st_mtime_ns == mtime  # not rewritten
    assert read_jsonl(tmp_path / "pages.jsonl") == [json.loads(before)]
    assert len(warc_files(tmp_path / "snapshots")) == 2
    statuses = [int(http.get_statuscode()) for kind, uri, _, http, _ in _records(tmp_path)
                if kind == "response" and uri.endswith("/ok")]
    assert statuses == [200, 304]
    # The replay still rebuilds the page from the 200 it refers back to.
    assert dumps(replay_document(tmp_path / "snapshots", server.url("/ok"))) == before.decode()


def test_304_when_the_json_is_gone_rebuilds_it_from_the_snapshot(server, tmp_path):
    _, first = run(server, ["/ok"], tmp_path)
    target = tmp_path / first["/ok"].output
    before = target.read_bytes()
    target.unlink()
    _, second = run(server, ["/ok"], tmp_path)
    assert second["/ok"].unchanged
    assert target.read_bytes() == before


def _ok_downloads(server) -> list[str | None]:
    """The conditional header of every request for /ok (None: a plain download)."""
    return [r.headers.get("if-none-match") for r in server.requests if r.path == "/ok"]


def test_304_after_an_extractor_upgrade_re_extracts_the_snapshot(server, tmp_path):
    _, first = run(server, ["/ok"], tmp_path)
    target = tmp_path / first["/ok"].output
    before = target.read_bytes()
    stamp = tmp_path / stamp_path(server.url("/ok"))
    held = json.loads(stamp.read_text())
    assert set(held) == {"sha256", "extractor", "options"}
    # What an older extractor left: other JSON, stamped with its version.
    target.write_text(before.decode().replace('"title": "', '"title": "OLD '), encoding="utf-8")
    stamp.write_text(json.dumps(dict(held, extractor="0.0.1+older")), encoding="utf-8")
    _, second = run(server, ["/ok"], tmp_path)
    assert second["/ok"].unchanged  # the server said 304 ...
    assert _ok_downloads(server) == [None, ETAG]  # ... and the page was not downloaded again
    assert target.read_bytes() == before  # rebuilt from the snapshot by this extractor
    assert json.loads(stamp.read_text()) == held


def test_304_without_a_stamp_re_extracts_and_with_one_reuses(server, tmp_path):
    _, first = run(server, ["/ok"], tmp_path)
    target = tmp_path / first["/ok"].output
    before = target.read_bytes()
    (tmp_path / stamp_path(server.url("/ok"))).unlink()  # a folder from before stamps
    target.write_text("{}", encoding="utf-8")
    run(server, ["/ok"], tmp_path)
    assert target.read_bytes() == before
    mtime = target.stat().st_mtime_ns
    run(server, ["/ok"], tmp_path)
    assert target.stat().st_mtime_ns == mtime  # stamped now: reused as it is
    assert _ok_downloads(server) == [None, ETAG, ETAG]


def test_no_conditional_request_when_disabled(server, tmp_path):
    run(server, ["/ok"], tmp_path)
    _, second = run(server, ["/ok"], tmp_path, conditional=False)
    last = [r for r in server.requests if r.path == "/ok"][-1]
    assert "if-none-match" not in last.headers and not second["/ok"].unchanged
