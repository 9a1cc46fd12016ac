"""Evaluation gate: the extractor's scores on the dev corpus must not fall below the floors.

Runs ``extract()`` over every page of each set in ``../shared/corpus`` and scores
the output with ``../shared/tools/score.py`` (the same figures the README and the
issue notes quote). Skipped when the shared corpus is not next to the project.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.sources import read_page_file, strip_page_suffix
from ingest.store import dumps

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SCORE = SHARED / "tools" / "score.py"

# Floors: the targets for listicles; for body text, the figures reached so far.
FLOORS = {
    "listicles-dev": {"entry_f1": 0.97, "page_accuracy": 0.85, "related_f1": 0.9,
                      "next_accuracy": 0.95, "negative_fp": ("max", 0.0)},
    # What was reached on 2026-12-02 (both halves together; see the README's accuracy table).
    # Metadata (title, authors, publication day): what was reached on 2026-12-02, less 0.01.
    "listicles-wcxb-dev": {"entry_f1": 0.97, "page_accuracy": 0.92, "related_f1": 0.95,
                           "entry_text_accuracy": 0.99, "negative_fp": ("max", 0.12),
                           "title_accuracy": 0.91, "author_f1": 0.91, "date_accuracy": 0.69},
    "article-benchmark-dev": {"body_f1": 0.975},
    "wcxb-articles-dev": {"body_f1": 0.96, "title_accuracy": 0.88, "author_f1": 0.79,
                          "date_accuracy": 0.76},
}

pytestmark = pytest.mark.skipif(not SCORE.is_file(), reason="../shared/corpus is not here")


def _score(name: str, out: Path) -> dict:
    folder = CORPUS / name
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    for path in sorted((folder / "html").iterdir()):
        if not path.name.endswith((".html", ".html.gz")):
            continue  # NAME.meta.json sidecars
        url = (labels.get(strip_page_suffix(path.name)) or {}).get("url")
        record = extract(read_page_file(path), url)
        (out / f"{strip_page_suffix(path.name)}.json").write_text(dumps(record), encoding="utf-8")
    args = [sys.executable, str(SCORE), "--labels", str(folder / "labels.json"),
            "--out", str(out), "--json"]
    if (folder / "ground-truth.json").is_file():
        args += ["--bodies", str(folder / "ground-truth.json")]
    if (folder / "score-args").is_file():
        args += (folder / "score-args").read_text().split()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_corpus_scores_stay_above_floors(name: str, tmp_path: Path) -> None:
    totals = _score(name, tmp_path)
    for metric, floor in FLOORS[name].items():
        if isinstance(floor, tuple):
            assert totals[metric] <= floor[1], f"{name}: {metric} {totals[metric]} > {floor[1]}"
        else:
            assert totals[metric] >= floor, f"{name}: {metric} {totals[metric]} < {floor}"
