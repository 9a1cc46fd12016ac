"""The committed JSON Schema is generated from the models and must not drift from them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ingest.cli import app
from ingest.models import json_schema
from tests.conftest import ROOT

SCHEMA = ROOT / "schemas" / "listicle.schema.json"
REGENERATE = "make schema  (i.e. `ingest schema -o schemas/listicle.schema.json`)"


def test_committed_schema_matches_models():
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        f"{SCHEMA.relative_to(ROOT)} is out of date with ingest/models.py; "
        f"regenerate it with: {REGENERATE}")


def test_committed_schema_is_byte_identical_to_cli_output():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == SCHEMA.read_text(encoding="utf-8"), (
        f"schema file formatting differs from `ingest schema`; regenerate it with: {REGENERATE}")


def test_schema_command_writes_file(tmp_path):
    target = tmp_path / "out" / "schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json_schema()


def test_schema_names_the_contract_fields():
    schema = json_schema()
    fields = set(schema["properties"])
    for name in ("schema_version", "source", "title", "authors", "published_at", "modified_at",
                 "canonical_url", "site_name", "language", "description", "image",
                 "declared_count", "order", "intro", "entries", "conclusion", "related", "next",
                 "text", "warnings"):
        assert name in fields
    entry = schema["$defs"]["Entry"]["properties"]
    assert {"rank", "title", "anchor", "paragraphs", "images", "links"} <= set(entry)
    related = schema["$defs"]["Related"]["properties"]
    assert {"text", "url", "position"} <= set(related)


def test_schema_fields_are_documented():
    """use_attribute_docstrings: every property of every object carries a description."""
    schema = json_schema()
    objects = [schema, *schema["$defs"].values()]
    for obj in objects:
        for name, prop in obj.get("properties", {}).items():
            assert prop.get("description"), f"{obj.get('title')}.{name} has no description"
