"""Check JSON and JSONL files against the contract (the models)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from ingest.models import Listicle


def _problems(record: object, where: str) -> list[str]:
    try:
        Listicle.model_validate(record)
    except ValidationError as exc:
        out = []
        for error in exc.errors():
            field = ".".join(str(x) for x in error.get("loc", ())) or "(record)"
            out.append(f"{where}: {field}: {error['msg']}")
        return out
    return []


def validate_files(files: list[Path]) -> tuple[list[str], int]:
    """Every problem found (one line each, with file, line and field) and the records checked."""
    problems: list[str] = []
    checked = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot read ({exc})")
            continue
        if path.suffix == ".jsonl":
            for n, line in enumerate(text.splitlines(), 1):
                if not line.strip():
                    continue
                checked += 1
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    problems.append(f"{path}:{n}: not JSON ({exc})")
                    continue
                problems.extend(_problems(record, f"{path}:{n}"))
        else:
            checked += 1
            try:
                record = json.loads(text)
            except ValueError as exc:
                problems.append(f"{path}: not JSON ({exc})")
                continue
            problems.extend(_problems(record, str(path)))
    return problems, checked
