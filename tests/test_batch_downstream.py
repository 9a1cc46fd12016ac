"""pages.jsonl loads as one row per page in DuckDB and pandas, and validates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.cli import app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((p / "shared" / "corpus" for p in ROOT.parents
               if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared" / "corpus")
LISTICLES = CORPUS / "listicles-dev" / "html"


def listicle(n: int) -> bytes:
    items = "".join(f"<h2>{k}. Thing {k}</h2><p>Why thing {k} of page {n} is on this list, "
                    f"in words.</p>" for k in range(1, 6))
    return (f"<html><head><title>5 Things, Volume {n}</title></head><body><article>"
            f"<h1>5 Things, Volume {n}</h1><p>Intro paragraph for volume {n} of the series, "
            f"with a few more words.</p>{items}</article></body></html>").encode()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("downstream")
    pages = base / "in"
    pages.mkdir()
    for n in range(3):
        (pages / f"volume{n}.html").write_bytes(listicle(n))
    args = [str(pages)] + ([str(LISTICLES)] if LISTICLES.is_dir() else [])
    result = CliRunner().invoke(app, ["batch", *args, "-o", str(base / "out"), "-j", "2"])
    assert result.exit_code == 0, result.output
    return base / "out"


def expected(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "pages.jsonl").read_text().splitlines()]


def test_duckdb_reads_one_row_per_page(out: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    records = expected(out)
    con = duckdb.connect()
    source = f"read_json_auto('{out / 'pages.jsonl'}', format='newline_delimited')"
    rows = con.execute(f"select title, entries, typeof(entries) from {source}").fetchall()
    assert len(rows) == len(records)
    for (title, entries, kind), record in zip(rows, records, strict=True):
        assert kind.startswith("STRUCT(") and kind.endswith("[]")
        assert title == record["title"]
        assert [e["rank"] for e in entries] == [e["rank"] for e in record["entries"]]
        assert [e["title"] for e in entries] == [e["title"] for e in record["entries"]]
    (total,) = con.execute(f"select sum(len(entries)) from {source}").fetchone()
    assert total == sum(len(r["entries"]) for r in records) > 0


def test_pandas_reads_one_row_per_page(out: Path) -> None:
    pandas = pytest.importorskip("pandas")
    records = expected(out)
    frame = pandas.read_json(out / "pages.jsonl", lines=True)
    assert len(frame) == len(records)
    for (_, row), record in zip(frame.iterrows(), records, strict=True):
        assert row["title"] == record["title"]
        assert [e["rank"] for e in row["entries"]] == [e["rank"] for e in record["entries"]]
        assert [e["title"] for e in row["entries"]] == [e["title"] for e in record["entries"]]
    assert frame["entries"].map(len).sum() > 0


def test_ingest_validate_accepts_pages_jsonl(out: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(out / "pages.jsonl")])
    assert result.exit_code == 0, result.output
