"""The bundled demo pages (`make demo`): copies of fixtures that batch turns into JSON."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ingest.cli import app
from ingest.models import Listicle
from tests.conftest import ROOT
from tests.regenerate import PAGES

SAMPLES = ROOT / "ingest" / "samples"


def test_there_are_three_samples_and_each_is_a_fixture():
    samples = sorted(SAMPLES.glob("*.html"))
    assert len(samples) == 3
    assert (SAMPLES / "cbr-saddest-anime.html").exists()
    for sample in samples:
        fixture = PAGES / sample.name
        assert fixture.exists(), f"{sample.name} is not a fixture page"
        assert sample.read_bytes() == fixture.read_bytes(), (
            f"ingest/samples/{sample.name} differs from tests/fixtures/pages/{sample.name}: "
            "copy the fixture over it")


def test_demo_batch_writes_one_valid_json_per_sample(tmp_path: Path):
    result = CliRunner().invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for sample in SAMPLES.glob("*.html"):
        out = tmp_path / (sample.stem + ".json")
        assert out.exists(), out
        record = Listicle.model_validate_json(out.read_text(encoding="utf-8"))
        assert record.entries, f"{sample.name}: the demo page should show entries"
