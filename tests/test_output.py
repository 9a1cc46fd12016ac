"""Output is canonical: byte-identical for the same input, normalized, atomically written."""

from __future__ import annotations

import re
import unicodedata

import pytest

from ingest import Listicle, extract
from ingest.errors import OutputError
from ingest.store import dumps, write_atomic, write_json, write_jsonl
from tests.regenerate import fixtures


def test_extract_is_deterministic_to_the_byte():
    """Same input, same bytes: no clock, no randomness, stable key order."""
    for fixture in fixtures():
        data = fixture.html.read_bytes()
        first = dumps(extract(data, fixture.url))
        second = dumps(extract(bytes(data), fixture.url))
        assert first == second, fixture.name


def test_output_is_normalized():
    """Whitespace collapsed, NFC, no invisible debris, absolute untracked URLs."""
    for fixture in fixtures():
        record = extract(fixture.html.read_bytes(), fixture.url)
        _check_strings(record, fixture.name)
        assert isinstance(record, Listicle)


_DEBRIS = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u202f\u3000\t\r]")
_TRACKING = re.compile(r"[?&](utm_[a-z]+|fbclid|gclid)=", re.I)


def _check_strings(record, name: str) -> None:
    data = record.model_dump(mode="json")

    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
        elif isinstance(value, str):
            where = f"{name}{path}"
            assert unicodedata.is_normalized("NFC", value), where
            assert not _DEBRIS.search(value), where
            if path != ".text":
                assert "\n" not in value or path.endswith(".path"), where
                assert value == value.strip() and "  " not in value, where
            if path.endswith((".url", ".src", "canonical_url", ".image")) or \
                    path.endswith("image"):
                assert value.startswith(("http://", "https://")), where
                assert not _TRACKING.search(value), where

    walk(data, "")
    text = data["text"]
    assert "\n\n\n" not in text and text == text.strip()
    for para in text.split("\n\n"):
        assert para == para.strip() and "  " not in para, f"{name}.text"


DEBRIS_PAGE = """<html lang="en"><head><title>3 Cafe\u0301s\u00a0To Try</title>
<link rel="canonical" href="https://Example.com:443/cafes?utm_source=x&amp;id=1&amp;fbclid=y">
<meta property="article:published_time" content="2024-03-01T10:00:00">
</head><body><article>
<p>A\u00a0paragraph\u200b with   debris\u00ad and a\u202fthin space,
long enough to be prose here.</p>
<h2>1.\u00a0Cafe\u0301 One</h2>
<p>First <a href="/one?gclid=1&amp;x=2">link</a> in the text of entry one.</p>
<h2>2. Cafe Two</h2><p>Second entry text, with its own words and <a href="two#menu">a link</a>.</p>
<h2>3. Cafe Three</h2><p>Third entry text.\ufeff Nothing else to say about it, really.</p>
</article></body></html>"""


def test_debris_is_normalized_in_the_output():
    record = extract(DEBRIS_PAGE.encode("utf-8"), "https://example.com/cafes")
    _check_strings(record, "debris")
    assert record.title == "3 Caf\u00e9s To Try"
    assert record.canonical_url == "https://example.com/cafes?id=1"
    assert record.published_at is not None and record.published_at.utcoffset() is not None
    assert [e.title for e in record.entries] == ["Caf\u00e9 One", "Cafe Two", "Cafe Three"]
    links = [link.url for e in record.entries for link in e.links]
    assert links == ["https://example.com/one?x=2", "https://example.com/two#menu"]


def test_write_json_is_the_canonical_text(tmp_path):
    record = Listicle(title="x")
    write_json(tmp_path / "a" / "b.json", record)
    assert (tmp_path / "a" / "b.json").read_text(encoding="utf-8") == dumps(record)
    assert not [p for p in (tmp_path / "a").iterdir() if p.name.endswith(".tmp")]


def test_write_jsonl_one_record_per_line(tmp_path):
    n = write_jsonl(tmp_path / "p.jsonl", [Listicle(title="a"), Listicle(title="b")])
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert n == 2 and len(lines) == 2
    assert [Listicle.model_validate_json(x).title for x in lines] == ["a", "b"]


def test_write_into_a_file_path_fails_with_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(blocker / "child.json", "{}")
