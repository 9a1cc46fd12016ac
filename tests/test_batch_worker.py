"""process_unit and the executors: failures become records, units are picklable, names are safe."""

from __future__ import annotations

import io
import json
import os
import pickle
import time
from pathlib import Path, PurePosixPath

import pytest
from rich.console import Console

import ingest.batch._worker as worker
from ingest.batch import (
    FileUnit,
    Options,
    UnitResult,
    WarcUnit,
    plan_units,
    process_unit,
    run_inline,
    run_pool,
)
from ingest.batch._progress import PlainReporter
from ingest.batch._runner import WINDOW_PER_JOB, BatchSummary
from ingest.store.names import record_name, safe_relative, url_slug

PAGE = (b"<html><head><title>3 Things</title></head><body><article><h1>3 Things</h1>"
        b"<h2>1. One</h2><p>First thing, with words.</p><h2>2. Two</h2><p>Second thing.</p>"
        b"<h2>3. Three</h2><p>Third thing.</p></article></body></html>")


def units_for(folder: Path, names: list[str]) -> list[FileUnit]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(PAGE.replace(b"3 Things", name.encode()))
    units = list(plan_units([str(folder)]))
    assert all(isinstance(u, FileUnit) for u in units)
    return units  # type: ignore[return-value]


def test_units_and_results_pickle() -> None:
    unit = WarcUnit("/data/a.warc.gz", "a", 10, 20, 10)
    assert pickle.loads(pickle.dumps(unit)) == unit
    assert unit.key == WarcUnit("/elsewhere/a.warc.gz", "a", 10, 20).key
    result = UnitResult("k", "in", None)
    assert pickle.loads(pickle.dumps(result)) == result


def test_unit_key_depends_on_output_not_on_input_location(tmp_path: Path) -> None:
    a = FileUnit("/x/p.html", "p.json", "p.html")
    assert a.key == FileUnit("/y/p.html", "p.json", "p.html").key
    assert a.key != FileUnit("/x/p.html", "q.json", "p.html").key


def test_a_slow_page_is_an_error_not_a_hang(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (unit,) = units_for(tmp_path / "in", ["slow.html"])

    def slow(*args: object, **kwargs: object) -> None:
        time.sleep(5)

    monkeypatch.setattr(worker, "extract", slow)
    start = time.monotonic()
    result = process_unit(unit, tmp_path / "out", Options(page_timeout=0.2))
    assert time.monotonic() - start < 2
    (error,) = result.errors
    assert error.error == "ExtractionTimeout"
    assert not result.pages


def test_a_bug_in_extraction_is_recorded_with_its_class(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (unit,) = units_for(tmp_path / "in", ["bug.html"])

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(worker, "extract", broken)
    (error,) = process_unit(unit, tmp_path / "out", Options()).errors
    assert (error.error, error.message) == ("ZeroDivisionError", "ZeroDivisionError: oops")


def test_a_worker_that_dies_costs_only_its_own_unit(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    units = units_for(tmp_path / "in", [f"p{n}.html" for n in range(8)] + ["crash.html"])
    real = worker.extract

    def crashing(data: bytes, *args: object, **kwargs: object) -> object:
        if b"crash.html" in data:
            os._exit(3)  # what a segfault or the OOM killer looks like from the parent
        return real(data, *args, **kwargs)

    monkeypatch.setattr(worker, "extract", crashing)  # inherited by the forked workers
    results = list(run_pool(units, tmp_path / "out", Options(), lambda: False, 2))
    assert [r.input for r in results] == [u.path for u in units]
    crashed = [r for r in results if r.errors]
    assert [r.errors[0].error for r in crashed] == ["WorkerCrashed"]
    assert crashed[0].input.endswith("crash.html")
    assert sum(len(r.pages) for r in results) == 8


def test_inline_and_pool_give_the_same_results(tmp_path: Path) -> None:
    units = units_for(tmp_path / "in", [f"p{n}.html" for n in range(6)])
    inline = list(run_inline(units, tmp_path / "a", Options(), lambda: False))
    pool = list(run_pool(units, tmp_path / "b", Options(), lambda: False, 2))
    assert [r.pages for r in inline] == [r.pages for r in pool]


def test_stop_cancels_what_has_not_started(tmp_path: Path) -> None:
    units = units_for(tmp_path / "in", [f"p{n:03d}.html" for n in range(2 * WINDOW_PER_JOB + 40)])
    seen: list[UnitResult] = []
    stop = [False]

    for result in run_pool(units, tmp_path / "out", Options(), lambda: stop[0], 2):
        seen.append(result)
        stop[0] = True
    assert 1 <= len(seen) <= 2 * WINDOW_PER_JOB + 1
    assert [r.input for r in seen] == [u.path for u in units][: len(seen)]


@pytest.mark.parametrize(("rel", "expected"), [
    ("../../etc/passwd", "etc/passwd"),
    ("a/./b/../c.html", "a/b/c.html"),
    (".hidden/x", "hidden/x"),
    ("a\\b\x00c", "a_b_c"),
])
def test_safe_relative(rel: str, expected: str) -> None:
    assert safe_relative(PurePosixPath(rel)).as_posix() == expected


def test_long_names_are_cut_with_a_digest() -> None:
    rel = safe_relative(PurePosixPath("d/" + "é" * 300 + ".html"))
    assert len(rel.name.encode()) <= 200
    other = safe_relative(PurePosixPath("d/" + "é" * 300 + "x.html"))
    assert rel != other


def test_record_names_are_safe_and_distinct() -> None:
    url = "https://example.com/../../a b/" + "x" * 500 + "?q=<script>"
    name = record_name(url, "urn:uuid:1")
    assert "/" not in name and ".." not in name and len(name) <= 120
    assert name != record_name(url, "urn:uuid:2")
    assert record_name(None, "urn:uuid:1").startswith("record-")
    assert url_slug("https://Example.com/a/b") == "Example.com_a_b"


def test_plain_progress_lines(tmp_path: Path) -> None:
    buffer = io.StringIO()
    reporter = PlainReporter(Console(file=buffer, width=200), interval=0)
    reporter.start()
    reporter.set_total(100)
    summary = BatchSummary(pages=5, extracted=5, bytes=50)
    reporter.advance(UnitResult("k", "in", None), summary)
    summary.seconds = 1.0
    reporter.finish(summary, tmp_path)
    text = buffer.getvalue()
    assert "5 pages" in text and "pages/s" in text and "50%" in text and "ETA" in text
    assert "5 pages, 0 listicles, 0 entries, 0 warnings, 0 errors in 1.0 s" in text


def test_a_bug_outside_extraction_costs_one_unit(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (unit,) = units_for(tmp_path / "in", ["a.html"])

    def broken(unit: object) -> None:
        raise RuntimeError("unexpected")

    monkeypatch.setattr(worker, "_read_unit", broken)
    (error,) = process_unit(unit, tmp_path / "out", Options()).errors
    assert error.error == "RuntimeError"


def test_a_sidecar_with_a_bad_field_keeps_the_rest(tmp_path: Path) -> None:
    (unit,) = units_for(tmp_path / "in", ["a.html"])
    (tmp_path / "in" / "a.meta.json").write_text(
        '{"url": "https://example.com/a", "status": 999, "fetched_at": "2024-01-01T00:00:00Z"}')
    result = process_unit(unit, tmp_path / "out", Options())
    assert not result.errors
    record = json.loads((tmp_path / "out" / "a.json").read_text())
    assert record["source"]["status"] is None
    assert record["source"]["url"] == "https://example.com/a"


def test_write_file_makes_folders_again_after_they_were_removed(tmp_path: Path) -> None:
    # Folders are made once per process; a long-lived (Dask) worker can outlive them.
    import shutil

    out = tmp_path / "out"
    worker.write_file(out, "a/b/page.json", "{}\n")
    shutil.rmtree(out)
    worker.write_file(out, "a/b/page.json", '{"again": true}\n')
    assert (out / "a" / "b" / "page.json").read_text() == '{"again": true}\n'
    assert not list((out / ".ingest" / "tmp").iterdir())
