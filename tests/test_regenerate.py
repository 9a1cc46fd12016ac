"""The regenerate command: writes what the extractor produces, never a hand-corrected file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tests.regenerate as regenerate

SEED = "cbr-saddest-anime"


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for suffix in (".html", ".meta.json"):
        shutil.copy(regenerate.PAGES / f"{SEED}{suffix}", tmp_path / f"{SEED}{suffix}")
    shutil.copy(regenerate.PAGES / f"{SEED}.html", tmp_path / "other.html")
    monkeypatch.setattr(regenerate, "PAGES", tmp_path)
    monkeypatch.setattr(regenerate, "HAND_CORRECTED", tmp_path / "HAND_CORRECTED.txt")
    return tmp_path


def test_writes_missing_expected_files(pages: Path):
    assert regenerate.main([]) == 0
    expected = (pages / f"{SEED}.expected.json").read_text(encoding="utf-8")
    assert expected == (regenerate.PAGES / f"{SEED}.expected.json").read_text(encoding="utf-8")
    assert expected == regenerate.render(regenerate.Fixture(SEED, pages / f"{SEED}.html"))
    assert (pages / "other.expected.json").exists()


def test_check_writes_nothing_and_fails_on_change(pages: Path):
    assert regenerate.main(["--check"]) == 1
    assert not list(pages.glob("*.expected.json"))
    assert regenerate.main([]) == 0
    assert regenerate.main(["--check"]) == 0


def test_hand_corrected_files_are_never_overwritten(pages: Path, capsys):
    (pages / "other.expected.json").write_text("{}\n", encoding="utf-8")
    (pages / "HAND_CORRECTED.txt").write_text(
        "# comment\n\nother  # entries: some rule fails\n", encoding="utf-8")
    assert regenerate.hand_corrected() == {"other": "entries: some rule fails"}
    assert regenerate.main(["--actual"]) == 0
    assert (pages / "other.expected.json").read_text(encoding="utf-8") == "{}\n"
    assert (pages / "other.actual.json").exists()
    assert "hand-corrected, kept" in capsys.readouterr().out


def test_unknown_names_are_refused(pages: Path):
    assert regenerate.main(["no-such-fixture"]) == 2


def test_url_comes_from_meta_json(pages: Path):
    fixtures = {f.name: f for f in regenerate.fixtures()}
    assert fixtures[SEED].url == "https://www.cbr.com/saddest-anime-make-you-cry/"
    assert fixtures["other"].url is None
