"""`ingest batch`: outputs, errors, exit codes, resume, WARC input, stdin lists, formats."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ingest.batch import OutputLock
from ingest.cli import app


def listicle(n: int, entries: int = 4) -> bytes:
    items = "".join(
        f"<h2>{k}. Thing {k} of page {n}</h2><p>Why thing {k} matters, in a sentence or two "
        f"that make a real paragraph about it.</p>" for k in range(entries, 0, -1))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{entries} Best Things, Part {n}</title></head><body><article>"
            f"<h1>{entries} Best Things, Part {n}</h1><p>An introduction to page {n}, long "
            f"enough to count as prose for the extractor's purposes.</p>{items}"
            f"</article></body></html>").encode()


def make_folder(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / "a.html").write_bytes(listicle(1))
    (root / "sub" / "b.html").write_bytes(listicle(2))
    (root / "c.html.gz").write_bytes(gzip.compress(listicle(3)))
    (root / "bad.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "empty.htm").write_bytes(b"")


def run(args: list[str], stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["batch", *args], input=stdin)
    return result.exit_code, result.output


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_folder_to_json_jsonl_and_errors(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    code, output = run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert code == 1, output
    out = tmp_path / "out"
    for name in ["a.json", "c.json", "sub/b.json"]:
        record = json.loads((out / name).read_text())
        assert len(record["entries"]) == 4
        assert record["source"]["path"].endswith(name.replace(".json", "") + (
            ".html.gz" if name == "c.json" else ".html"))
    pages = lines(out / "pages.jsonl")
    assert [p["title"] for p in pages] == ["4 Best Things, Part 1", "4 Best Things, Part 3",
                                           "4 Best Things, Part 2"]
    assert pages[0] == json.loads((out / "a.json").read_text())
    errors = lines(out / "errors.jsonl")
    assert {(Path(e["input"]).name, e["error"]) for e in errors} == {
        ("bad.html", "NotHTMLError"), ("empty.htm", "EmptyDocumentError")}
    assert set(errors[0]) == {"input", "record", "url", "error", "message", "offset"}
    assert "3 pages, 3 listicles, 12 entries" in output
    assert "2 errors" in output


def test_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(listicle(1))
    out = str(tmp_path / "out")
    assert run([str(tmp_path / "in"), "-o", out])[0] == 0
    assert run([str(tmp_path / "in"), str(tmp_path / "missing"), "-o", out])[0] == 1
    assert run([str(tmp_path / "in"), "-o", out, "--jobs", "0"])[0] == 2
    assert run([str(tmp_path / "in"), "-o", out, "--format", "xml"])[0] == 2
    assert run([str(tmp_path / "in"), "-o", out, "--base-url", "ftp://x"])[0] == 2
    assert run(["-o", out])[0] == 2
    (tmp_path / "file").write_text("x")
    assert run([str(tmp_path / "in"), "-o", str(tmp_path / "file")])[0] == 2
    with OutputLock(Path(out)):
        code, output = run([str(tmp_path / "in"), "-o", out])
    assert code == 2 and "another ingest batch" in output


def test_rerun_skips_up_to_date_and_redoes_what_changed(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1"]
    run(args)
    first = tree(tmp_path / "out")
    code, output = run(args)
    assert code == 1
    assert "0 extracted, 3 already up to date" in output
    assert tree(tmp_path / "out") == first

    (tmp_path / "in" / "a.html").write_bytes(listicle(1, entries=5))
    code, output = run(args)
    assert "1 extracted, 2 already up to date" in output
    assert len(json.loads((tmp_path / "out" / "a.json").read_text())["entries"]) == 5

    (tmp_path / "out" / "sub" / "b.json").unlink()
    assert "1 extracted, 2 already up to date" in run(args)[1]
    assert (tmp_path / "out" / "sub" / "b.json").exists()

    assert "3 pages, " in run([*args, "--force"])[1]


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    for n in range(12):
        (tmp_path / "in" / f"more{n:02d}.html").write_bytes(listicle(10 + n))
    run([str(tmp_path / "in"), "-o", str(tmp_path / "one"), "-j", "1"])
    run([str(tmp_path / "in"), "-o", str(tmp_path / "two"), "-j", "2"])
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def write_warc(path: Path, pages: int) -> None:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.com/list/{n}/../{'x' * 300}", "response",
                payload=io.BytesIO(listicle(n)), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-05-01T10:00:00Z"}))
        writer.write_record(writer.create_warc_record(
            "https://example.com/broken", "response", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1")))


def test_warc_records_become_pages(tmp_path: Path) -> None:
    (tmp_path / "in" / "2024").mkdir(parents=True)
    write_warc(tmp_path / "in" / "2024" / "crawl.warc.gz", 5)
    code, output = run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "2"])
    assert code == 1, output  # the empty record
    files = sorted((tmp_path / "out" / "2024" / "crawl").iterdir())
    assert len(files) == 5
    for path in files:
        assert len(path.name.encode()) <= 200 and ".." not in path.name
        record = json.loads(path.read_text())
        assert record["source"]["fetched_at"] == "2024-05-01T10:00:00Z"
        assert record["source"]["url"].startswith("https://example.com/")
        assert record["source"]["status"] == 200
        assert "#urn:uuid:" in record["source"]["path"]
    pages = lines(tmp_path / "out" / "pages.jsonl")
    assert [p["title"] for p in pages] == [f"4 Best Things, Part {n}" for n in range(5)]
    (error,) = lines(tmp_path / "out" / "errors.jsonl")
    assert error["record"].startswith("urn:uuid:") and error["url"] == "https://example.com/broken"


def test_paths_from_stdin_and_globs(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    listed = f"{tmp_path / 'in' / 'a.html'}\n\n# a comment\n{tmp_path / 'in' / 'sub' / 'b.html'}\n"
    code, _ = run(["-", "-o", str(tmp_path / "out")], stdin=listed)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "b.json"]
    code, _ = run([f"{tmp_path / 'in'}/**/*.html", "-o", str(tmp_path / "glob")])
    assert code == 1  # bad.html matches too
    assert (tmp_path / "glob" / "sub" / "b.json").exists()


def test_sidecar_and_base_url_supply_urls(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    (tmp_path / "in" / "a.meta.json").write_text(
        '{"url": "https://news.example/a-story", "fetched_at": "2024-02-03T04:05:06+00:00"}')
    run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--base-url", "https://mirror.example/"])
    a = json.loads((tmp_path / "out" / "a.json").read_text())
    assert a["source"]["url"] == "https://news.example/a-story"
    assert a["source"]["fetched_at"] == "2024-02-03T04:05:06Z"
    b = json.loads((tmp_path / "out" / "sub" / "b.json").read_text())
    assert b["source"]["url"] == "https://mirror.example/sub/b.html"
    c = json.loads((tmp_path / "out" / "c.json").read_text())
    assert c["source"]["url"] == "https://mirror.example/c.html"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_format(tmp_path: Path, fmt: str) -> None:
    make_folder(tmp_path / "in")
    run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--format", fmt])
    assert (tmp_path / "out" / "a.json").exists() == (fmt == "json")
    assert (tmp_path / "out" / "pages.jsonl").exists() == (fmt == "jsonl")
    assert (tmp_path / "out" / "errors.jsonl").exists()
    _code, output = run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--format", fmt])
    assert "0 extracted" in output


def test_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(listicle(1))
    (tmp_path / "in" / "a.htm").write_bytes(listicle(2))
    code, _ = run([str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert code == 1
    (error,) = lines(tmp_path / "out" / "errors.jsonl")
    assert error["error"] == "OutputCollision" and error["input"].endswith("a.html")
    assert "Part 2" in (tmp_path / "out" / "a.json").read_text()


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    make_folder(tmp_path / "in")
    code, output = run([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"])
    assert code == 1 and output == ""
