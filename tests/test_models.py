"""The models are the contract: strict, frozen, absolute URLs, aware datetimes."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ingest import models
from ingest.models import Entry, Image, Link, Listicle, Related, Source
from ingest.store import dumps


def test_minimal_record_has_defaults():
    record = Listicle()
    assert record.schema_version == "1.0"
    assert record.entries == [] and record.text == "" and record.next is None


def test_extra_fields_are_refused():
    with pytest.raises(ValidationError, match="extra"):
        Listicle.model_validate({"titel": "typo"})


def test_models_are_frozen():
    record = Listicle(title="x")
    with pytest.raises(ValidationError):
        record.title = "y"  # type: ignore[misc]


@pytest.mark.parametrize("url", ["/relative/path", "ftp://example.com/x", "example.com/x", ""])
def test_urls_must_be_absolute_http(url):
    with pytest.raises(ValidationError):
        Link(text="x", url=url)


def test_rank_must_be_positive_and_title_non_empty():
    with pytest.raises(ValidationError):
        Entry(rank=0, title="x")
    with pytest.raises(ValidationError):
        Entry(rank=1, title="")


def test_datetimes_need_a_time_zone():
    with pytest.raises(ValidationError):
        Listicle.model_validate({"published_at": "2024-01-01T10:00:00"})
    ok = Listicle.model_validate({"published_at": "2024-01-01T10:00:00+02:00"})
    assert ok.published_at is not None and ok.published_at.utcoffset() is not None


def test_related_position_is_a_closed_set():
    with pytest.raises(ValidationError):
        Related(text="x", url="https://example.com/", position="sidebar")  # type: ignore[arg-type]


def test_sha256_is_hex():
    with pytest.raises(ValidationError):
        Source(sha256="not-a-hash")


def test_key_order_is_field_order():
    record = Listicle(title="t", entries=[Entry(rank=1, title="a",
                                                images=[Image(src="https://e.com/i.png")])])
    text = dumps(record)
    keys = list(Listicle.model_fields)
    positions = [text.index(f'\n  "{k}":') for k in keys]
    assert positions == sorted(positions)
    assert text.endswith("}\n") and text.startswith("{\n  \"schema_version\"")


def test_round_trip_is_identical():
    record = Listicle(title="Ünïcode “quotes”", declared_count=3, order="ascending")
    again = Listicle.model_validate_json(dumps(record))
    assert dumps(again) == dumps(record)
    assert "Ünïcode" in dumps(record)  # UTF-8, not \u escapes



# URL pieces: host characters, the delimiters urlsplit cuts at, and what it deletes or rejects.
_URL_PIECES = st.lists(st.sampled_from(
    ["a", "Z", "9", ".", "-", "_", "~", ":", "@", "[", "]", "/", "?", "#", "\t", "\n", "\r",
     " ", "\x00", "\u00e9", "%", "::1"]), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(scheme=st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "http:", " https://"]),
       rest=st.one_of(_URL_PIECES, st.tuples(st.from_regex(r"[a-z0-9.-]{1,8}", fullmatch=True),
                                              _URL_PIECES).map("".join)))
def test_plain_absolute_url_check_agrees_with_urlsplit(scheme: str, rest: str) -> None:
    url = scheme + rest
    try:
        parts = urlsplit(url)
        absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
    except ValueError:
        absolute = False
    # The shortcut only ever says yes to a URL that urlsplit finds absolute.
    assert not models._is_plain_absolute(url) or absolute, url
