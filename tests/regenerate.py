"""Regenerate the expected JSON of the golden fixtures: ``python -m tests.regenerate``.

Each fixture is ``tests/fixtures/pages/NAME.html`` with ``NAME.expected.json``
beside it, and optionally ``NAME.meta.json`` (``{"url": ...}``: the URL passed
to :func:`ingest.extract`). This command runs the extractor over every page and
writes what it produces now as the expected JSON, through the canonical writer.
It is a deliberate step: review ``git diff tests/fixtures`` before committing.

Fixtures listed in ``tests/fixtures/pages/HAND_CORRECTED.txt`` are never
overwritten: their expected JSON was written by hand because the extractor gets
them wrong, and their golden test is a strict xfail until it gets them right.
For those the command reports whether the extractor now matches (then remove
the line from HAND_CORRECTED.txt) and, with ``--actual``, writes what it
produces to ``NAME.actual.json`` (ignored by git) for comparison.

Usage::

    python -m tests.regenerate               # every fixture not hand-corrected
    python -m tests.regenerate NAME...       # only these
    python -m tests.regenerate --check       # write nothing; exit 1 if any would change
    python -m tests.regenerate --actual      # also write NAME.actual.json for hand-corrected ones
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
HAND_CORRECTED = PAGES / "HAND_CORRECTED.txt"


@dataclass(frozen=True)
class Fixture:
    """One saved page and the files beside it."""

    name: str
    html: Path

    @property
    def expected(self) -> Path:
        return self.html.with_name(self.name + ".expected.json")

    @property
    def actual(self) -> Path:
        return self.html.with_name(self.name + ".actual.json")

    @property
    def meta(self) -> dict:
        path = self.html.with_name(self.name + ".meta.json")
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    @property
    def url(self) -> str | None:
        return self.meta.get("url")


def fixtures() -> list[Fixture]:
    """Every fixture page, sorted by name."""
    return [Fixture(p.name.removesuffix(".html"), p) for p in sorted(PAGES.glob("*.html"))]


def hand_corrected() -> dict[str, str]:
    """NAME -> reason, from HAND_CORRECTED.txt (``NAME  # the rule that fails``)."""
    if not HAND_CORRECTED.exists():
        return {}
    out: dict[str, str] = {}
    for raw in HAND_CORRECTED.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition("#")
        out[name.strip()] = reason.strip() or "expected JSON corrected by hand"
    return out


def render(fixture: Fixture) -> str:
    """What the extractor produces for the fixture now, as canonical JSON."""
    from ingest import extract
    from ingest.store import dumps

    return dumps(extract(fixture.html.read_bytes(), fixture.url))


def differing_fields(expected: str | None, produced: str) -> list[str]:
    """The top-level fields in which two JSON records differ (for hand-corrected fixtures)."""
    if expected is None:
        return ["(no expected file)"]
    a, b = json.loads(expected), json.loads(produced)
    return [k for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k)] or ["(formatting)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.regenerate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="fixture names (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when an expected file would change")
    parser.add_argument("--actual", action="store_true",
                        help="write NAME.actual.json for hand-corrected fixtures")
    args = parser.parse_args(argv)

    everything = {f.name: f for f in fixtures()}
    unknown = [n for n in args.names if n not in everything]
    if unknown:
        print(f"unknown fixture(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    chosen = [everything[n] for n in args.names] if args.names else list(everything.values())
    by_hand = hand_corrected()
    stale = [n for n in by_hand if n not in everything]
    for name in stale:
        print(f"warning: HAND_CORRECTED.txt names {name!r}, which has no page", file=sys.stderr)

    changed = 0
    for fixture in chosen:
        produced = render(fixture)
        old = fixture.expected.read_text(encoding="utf-8") if fixture.expected.exists() else None
        if fixture.name in by_hand:
            if produced == old:
                print(f"{fixture.name}: hand-corrected, and the extractor now matches it: "
                      "remove it from HAND_CORRECTED.txt")
            else:
                print(f"{fixture.name}: hand-corrected, kept; the extractor differs in "
                      f"{', '.join(differing_fields(old, produced))}")
                if args.actual and not args.check:
                    fixture.actual.write_text(produced, encoding="utf-8")
            continue
        if produced == old:
            print(f"{fixture.name}: unchanged")
            continue
        changed += 1
        if args.check:
            print(f"{fixture.name}: would change")
        else:
            fixture.expected.write_text(produced, encoding="utf-8")
            print(f"{fixture.name}: {'written' if old is None else 'UPDATED (review the diff)'}")
    if args.check and changed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
