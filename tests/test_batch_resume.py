"""Kill `ingest batch` partway (SIGINT, SIGKILL), re-run, and get the uninterrupted output."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((p / "shared" / "corpus" for p in ROOT.parents
               if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared" / "corpus")


def listicle(n: int) -> bytes:
    items = "".join(
        f"<h2>{k}. Item {k} on page {n}</h2><p>{'Some words about this item. ' * 30}</p>"
        f"<figure><img src='/img/{n}/{k}.jpg' alt='item {k}'><figcaption>Item {k}</figcaption>"
        "</figure>" for k in range(10, 0, -1))
    return (f"<html><head><title>10 Items, Page {n}</title></head><body><article>"
            f"<h1>10 Items, Page {n}</h1><p>{'An introduction. ' * 20}</p>{items}"
            "</article></body></html>").encode()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Enough pages to kill a run partway: the shared corpus if present, and a WARC."""
    base = tmp_path_factory.mktemp("inputs")
    folders = sorted(CORPUS.glob("*/html"))
    if not folders:
        synthetic = base / "pages"
        synthetic.mkdir()
        for n in range(300):
            (synthetic / f"page{n:03d}.html").write_bytes(listicle(n))
        folders = [synthetic]
    warc = base / "crawl.warc.gz"
    with open(warc, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(150):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.com/p/{n}", "response", payload=io.BytesIO(listicle(n)),
                http_headers=headers, warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"}))
    return [str(f) for f in folders] + [str(warc)]


def command(inputs: list[str], out: Path) -> list[str]:
    return [sys.executable, "-m", "ingest.cli", "batch", *inputs, "-o", str(out), "-j", "2",
            "-q"]


def env() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    return environment


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def parts(out: Path) -> int:
    return sum(1 for _ in (out / ".ingest" / "parts").rglob("*.jsonl"))


@pytest.fixture(scope="module")
def reference(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    done = subprocess.run(command(inputs, out), env=env(), timeout=120)
    assert done.returncode in (0, 1)
    return tree(out)


def interrupt(inputs: list[str], out: Path, sig: int, after_parts: int = 40) -> int:
    """Start a run, send ``sig`` once ``after_parts`` units are done; return its exit code."""
    proc = subprocess.Popen(command(inputs, out), env=env())
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if (out / ".ingest" / "parts").is_dir() and parts(out) >= after_parts:
            proc.send_signal(sig)
            break
        time.sleep(0.01)
    return proc.wait(timeout=60)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_then_resumed_equals_uninterrupted(inputs: list[str], reference: dict[str, bytes],
                                                  tmp_path: Path, sig: int) -> None:
    out = tmp_path / "out"
    code = interrupt(inputs, out, sig)
    assert code == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    done_before = parts(out)
    assert 0 < done_before < len([k for k in reference if k.startswith(".ingest/parts/")])
    if sig == signal.SIGINT:  # stopped cleanly: what was done is kept, pages.jsonl included
        pages = (out / "pages.jsonl").read_text().splitlines()
        assert 0 < len(pages) < reference["pages.jsonl"].count(b"\n")
        assert all(json.loads(line)["schema_version"] for line in pages)
        assert not list((out / ".ingest" / "tmp").glob("*"))
    rerun = subprocess.run(command(inputs, out), env=env(), timeout=120)
    assert rerun.returncode in (0, 1)
    assert tree(out) == reference


def test_a_second_run_redoes_nothing(inputs: list[str], reference: dict[str, bytes],
                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run(command(inputs, out), env=env(), timeout=120, check=False)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    done = subprocess.run([*command(inputs, out)[:-1]], env=env(), timeout=120,
                          capture_output=True, text=True)
    assert "0 extracted" in done.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")
            if p.name != "manifest.json"} == {p: t for p, t in stamps.items()
                                              if p.name != "manifest.json"}
    assert tree(out) == reference
