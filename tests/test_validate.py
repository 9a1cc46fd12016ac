"""`ingest validate FILE...`: each bad record reported with its location and field; exit 1."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ingest.cli import app
from ingest.models import Entry, Listicle
from ingest.store import dumps, dumps_line
from ingest.validate import validate_files

GOOD = Listicle(title="Good", entries=[Entry(rank=1, title="One")], order="ascending")


def _run(*args: str):
    return CliRunner().invoke(app, ["validate", *args])


def test_valid_json_and_jsonl_pass(tmp_path):
    (tmp_path / "a.json").write_text(dumps(GOOD), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(dumps_line(GOOD) * 3, encoding="utf-8")
    result = _run(str(tmp_path / "a.json"), str(tmp_path / "b.jsonl"))
    assert result.exit_code == 0, result.output
    assert "4 record(s) valid" in result.output


def test_bad_json_record_names_file_and_field(tmp_path):
    record = json.loads(dumps(GOOD))
    record["entries"][0]["rank"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = _run(str(path))
    assert result.exit_code == 1
    assert f"{path}: entries.0.rank:" in result.output


def test_jsonl_reports_each_bad_line_with_its_number(tmp_path):
    good = dumps_line(GOOD)
    bad_url = json.loads(good)
    bad_url["canonical_url"] = "/relative"
    extra = json.loads(good)
    extra["surprise"] = 1
    lines = [good, json.dumps(bad_url) + "\n", good, json.dumps(extra) + "\n", "{not json\n"]
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    problems, checked = validate_files([path])
    assert checked == 5
    assert any(p.startswith(f"{path}:2: canonical_url:") for p in problems)
    assert any(p.startswith(f"{path}:4: surprise:") for p in problems)
    assert any(p.startswith(f"{path}:5: not JSON") for p in problems)
    assert not any(p.startswith((f"{path}:1:", f"{path}:3:")) for p in problems)
    result = _run(str(path))
    assert result.exit_code == 1
    assert "problem(s) in 5 record(s)" in result.output


def test_missing_required_nested_field(tmp_path):
    record = json.loads(dumps(GOOD))
    del record["entries"][0]["title"]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    problems, _ = validate_files([path])
    assert problems == [f"{path}: entries.0.title: Field required"]


def test_unreadable_and_non_json_files(tmp_path):
    missing = tmp_path / "missing.json"
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff\xfe\x00binary")
    result = _run(str(missing), str(garbage))
    assert result.exit_code == 1
    assert str(missing) in result.output and str(garbage) in result.output
    assert "Traceback" not in result.output


def test_expected_fixture_files_validate():
    from tests.regenerate import fixtures

    problems, checked = validate_files([f.expected for f in fixtures()])
    assert problems == [] and checked == len(fixtures())
