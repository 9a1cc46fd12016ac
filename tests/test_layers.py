"""The package's layers: every module imports only from layers below its own.

    cli                                   the command line
    batch, fetch                          the two ways in (never each other)
    store, warc, merge, validate          output folders, archives, merging, checking
    sources                               reading saved files
    extract                               the pure extractor (pagination included)
    models                                the JSON contract
    normalize, errors, media, version     leaves

The README's development section describes the same picture.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ingest

RANK = {
    "ingest.cli": 6,
    "ingest.batch": 5, "ingest.fetch": 5,
    "ingest.store": 4, "ingest.warc": 4, "ingest.merge": 4, "ingest.validate": 4,
    "ingest.sources": 3,
    "ingest.extract": 2,
    "ingest.models": 1,
    "ingest.normalize": 0, "ingest.errors": 0, "ingest.media": 0, "ingest.version": 0,
}
ROOT = Path(ingest.__file__).parent


def _wing(module: str) -> str:
    """``ingest.fetch.runner`` -> ``ingest.fetch``: the part of the package it belongs to."""
    return ".".join(module.split(".")[:2])


def _imports() -> dict[str, set[str]]:
    """Each module of the package -> the ``ingest`` modules it imports (at any depth)."""
    found: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[".".join(parts)] = {n for n in names if n == "ingest" or n.startswith("ingest.")}
    return found


def test_every_part_of_the_package_has_a_layer():
    assert {_wing(m) for m in _imports() if m != "ingest"} == set(RANK)


def test_no_module_imports_upward_or_across():
    wrong = []
    for module, targets in _imports().items():
        if module == "ingest":  # the package's front door re-exports from below
            continue
        for target in targets:
            if target == "ingest":
                wrong.append(f"{module} imports the package itself")
            elif _wing(target) != _wing(module) and RANK[_wing(target)] >= RANK[_wing(module)]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_graph_has_no_cycle_between_wings():
    graph: dict[str, set[str]] = {}
    for module, targets in _imports().items():
        for target in targets:
            if target != "ingest" and _wing(target) != _wing(module):
                graph.setdefault(_wing(module), set()).add(_wing(target))
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        assert state.get(node) != 1, " -> ".join([*path, node])
        if state.get(node) == 2:
            return
        state[node] = 1
        for nxt in graph.get(node, ()):
            visit(nxt, [*path, node])
        state[node] = 2

    for node in list(graph):
        visit(node, [])


def test_pagination_is_part_of_the_extractor():
    assert "ingest.extract.pagination" in _imports()
    assert not (ROOT / "pagination.py").exists()
