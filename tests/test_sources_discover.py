"""Finding inputs: files, folders (recursive, streamed), globs, sidecars."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from ingest.errors import SourceError
from ingest.sources import FoundInput, MissingInput, discover, read_sidecar, sidecar_path


def tree(root: Path) -> None:
    for name in ["a.html", "b.htm.gz", "c.xhtml", "notes.txt", "sub/d.html", "sub/deeper/e.html",
                 "crawl.warc.gz", ".hidden/x.html", "sub/f.meta.json"]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"<html></html>")


def rels(found: list[FoundInput | MissingInput]) -> list[str]:
    return [str(f.relative) for f in found if isinstance(f, FoundInput)]


def test_folder_is_walked_files_first_then_subfolders(tmp_path: Path) -> None:
    tree(tmp_path)
    found = list(discover([str(tmp_path)]))
    assert rels(found) == ["a.html", "b.htm.gz", "c.xhtml", "crawl.warc.gz", "sub/d.html",
                           "sub/deeper/e.html"]
    kinds = {str(f.relative): f.kind for f in found if isinstance(f, FoundInput)}
    assert kinds["crawl.warc.gz"] == "warc" and kinds["a.html"] == "page"


def test_an_explicit_file_is_taken_whatever_its_suffix(tmp_path: Path) -> None:
    tree(tmp_path)
    (found,) = discover([str(tmp_path / "notes.txt")])
    assert isinstance(found, FoundInput)
    assert found.relative == PurePosixPath("notes.txt") and found.kind == "page"


def test_glob_matches_are_relative_to_the_pattern_base(tmp_path: Path) -> None:
    tree(tmp_path)
    found = list(discover([f"{tmp_path}/**/*.html"]))
    assert rels(found) == ["a.html", "sub/d.html", "sub/deeper/e.html"]


def test_missing_paths_and_empty_globs_are_reported(tmp_path: Path) -> None:
    found = list(discover([str(tmp_path / "nope"), f"{tmp_path}/*.zzz"]))
    assert all(isinstance(f, MissingInput) for f in found)
    assert len(found) == 2


def test_sidecar(tmp_path: Path) -> None:
    page = tmp_path / "p.html.gz"
    assert sidecar_path(page) == tmp_path / "p.meta.json"
    assert read_sidecar(page) is None
    (tmp_path / "p.meta.json").write_text(
        '{"url": "https://example.com/p", "fetched_at": "2024-01-02T03:04:05Z", "status": 200,'
        ' "headers": {"Content-Type": "text/html; charset=latin-1"}}')
    meta = read_sidecar(page)
    assert meta is not None
    assert meta.url == "https://example.com/p"
    assert meta.fetched_at == "2024-01-02T03:04:05Z"
    assert meta.status == 200
    assert meta.content_type == "text/html; charset=latin-1"
    (tmp_path / "p.meta.json").write_text("[1, 2]")
    with pytest.raises(SourceError):
        read_sidecar(page)


def test_symlinked_folders_are_not_followed_and_unreadable_ones_reported(tmp_path: Path) -> None:
    tree(tmp_path)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = list(discover([str(tmp_path)]))
    assert "sub/loop/a.html" not in rels(found)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "z.html").write_bytes(b"<p>x</p>")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user that reads any folder")
        found = list(discover([str(tmp_path)]))
        assert any(isinstance(f, MissingInput) for f in found)
        assert "sub/deeper/e.html" in rels(found)
    finally:
        locked.chmod(0o755)
