"""Golden tests: every fixture page against the full JSON expected from it.

The expected files are regenerated with ``python -m tests.regenerate`` (``make
golden``); fixtures listed in ``tests/fixtures/pages/HAND_CORRECTED.txt`` hold
hand-written expectations the extractor does not meet yet (strict xfail).
"""

from __future__ import annotations

import difflib
import json

import pytest

from ingest.models import Listicle
from tests.regenerate import Fixture, fixtures, hand_corrected, render

_BY_HAND = hand_corrected()


def _params() -> list:
    out = []
    for fixture in fixtures():
        marks = []
        if fixture.name in _BY_HAND:
            marks.append(pytest.mark.xfail(strict=True, reason=_BY_HAND[fixture.name]))
        out.append(pytest.param(fixture, id=fixture.name, marks=marks))
    return out


def test_every_page_has_expected_json():
    missing = [f.name for f in fixtures() if not f.expected.exists()]
    assert not missing, f"no .expected.json for {missing}: run `python -m tests.regenerate`"


def test_there_are_enough_fixtures():
    assert len(fixtures()) >= 11


def test_hand_corrected_list_names_real_fixtures():
    names = {f.name for f in fixtures()}
    assert set(_BY_HAND) <= names


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda f: f.name)
def test_expected_json_is_a_valid_record(fixture: Fixture):
    text = fixture.expected.read_text(encoding="utf-8")
    Listicle.model_validate_json(text)
    assert text.endswith("\n") and json.loads(text)["schema_version"] == "1.0"


@pytest.mark.timeout(30)
@pytest.mark.parametrize("fixture", _params())
def test_golden(fixture: Fixture):
    expected = fixture.expected.read_text(encoding="utf-8")
    produced = render(fixture)
    if produced != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), produced.splitlines(keepends=True),
            f"{fixture.name}.expected.json", "extractor output", n=2))
        pytest.fail(f"{fixture.name}: output differs from the expected JSON. If the change is "
                    f"intended, run `python -m tests.regenerate {fixture.name}` and review the "
                    f"diff.\n{diff[:6000]}", pytrace=False)
