"""`ingest fetch` on the command line: inputs, outputs, exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ingest.cli import app

pytest_plugins = ("tests.fetch_plugin",)  # the `server` fixture

FAST = ["--delay", "0", "--workers", "0", "--retries", "1", "--timeout", "1",
        "--total-timeout", "3"]


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch):
    """The CLI honours proxy variables; the local test server must be reached directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def invoke(args, stdin=None):
    return CliRunner().invoke(app, ["fetch", *FAST, *args], input=stdin)


def test_all_ok_exits_0_and_writes_the_layout(server, tmp_path):
    result = invoke([server.url("/ok"), server.url("/gzip"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "pages.jsonl").read_text().splitlines()) == 2
    assert (tmp_path / "errors.jsonl").read_text() == ""
    host = f"127.0.0.1_{server.port}"
    assert sorted(p.name.split("-")[0] for p in (tmp_path / host).glob("*.json")) == ["gzip", "ok"]
    assert list((tmp_path / "snapshots").glob("*.warc.gz"))
    assert "2 page(s) written" in result.output


def test_some_failed_exits_1_with_error_records(server, tmp_path):
    result = invoke([server.url("/ok"), server.url("/image"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    errors = [json.loads(x) for x in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert errors == [{"input": server.url("/image"), "record": None, "url": server.url("/image"),
                       "error": "UnsupportedContent",
                       "message": "content type image/png is not HTML", "offset": None}]
    assert "UnsupportedContent" in result.output


def test_url_file_and_stdin(server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# pages\n{server.url('/ok')}\n\n{server.url('/gzip')}\n")
    result = invoke(["-i", str(listing), "-", "-o", str(tmp_path / "out")],
                    stdin=server.url("/cp1252") + "\n")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out" / "pages.jsonl").read_text().splitlines()
    assert [json.loads(x)["source"]["url"] for x in lines] == [
        server.url("/cp1252"), server.url("/ok"), server.url("/gzip")]


def test_usage_errors_exit_2(tmp_path):
    assert invoke(["-o", str(tmp_path)]).exit_code == 2  # no URLs
    assert invoke(["-i", str(tmp_path / "missing.txt")]).exit_code == 2
    assert invoke(["--concurrency", "0", "http://127.0.0.1:9/"]).exit_code == 2


def test_quiet_prints_nothing_on_success(server, tmp_path):
    result = invoke([server.url("/ok"), "-o", str(tmp_path), "--quiet"])
    assert result.exit_code == 0 and result.output == ""


def test_ignore_robots_is_announced(server, tmp_path, capfd):
    result = invoke([server.url("/private/secret"), "-o", str(tmp_path), "--ignore-robots"])
    assert result.exit_code == 0
    assert "robots.txt is NOT honoured" in result.output + capfd.readouterr().err
