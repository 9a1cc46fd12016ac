"""Bad input: a best-effort result with warnings, or one line naming the file and the reason.

Never a traceback, never a hang, memory bounded. Every case runs through the library
(`extract`) and through the command line (`ingest parse FILE`, in a child process).
"""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from ingest import Listicle, extract
from ingest.errors import EmptyDocumentError, IngestError, NotHTMLError
from tests.conftest import PYTHON, ROOT, subprocess_env

URL = "https://example.com/page"
MB = 1024 * 1024

PAGE = (
    "<html><head><title>Café “quotes” – 3 Things</title></head><body><article>"
    + "<p>Crème brûlée is a dessert — naïve café owners say so, and they are right.</p>" * 4
    + "<h2>1. Über</h2><p>Text one is here.</p><h2>2. Señor</h2><p>Text two is here.</p>"
    + "<h2>3. Façade</h2><p>Text three is here.</p></article></body></html>"
)


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00\xff" * 4)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def _binary() -> bytes:
    # Deterministic noise (an LCG), so a failure can be reproduced.
    out, x = bytearray(), 12345
    for _ in range(8192):
        x = (1103515245 * x + 12345) & 0x7FFFFFFF
        out.append(x >> 16 & 0xFF)
    return bytes(out)


def _nested(depth: int = 20_000) -> bytes:
    return (b"<html><head><title>Deep</title></head><body>" + b"<div>" * depth
            + b"<p>The only paragraph, at the bottom of a very deep tree.</p>"
            + b"</div>" * depth + b"</body></html>")


def _nested_unclosed(depth: int = 20_000) -> bytes:
    return b"<html><body>" + b"<div><p><b><i>text " * depth


def _big(size: int = 50 * MB) -> bytes:
    para = b"<p>" + b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20 + b"</p>\n"
    head = b"<html><head><title>A very long page</title></head><body><article>"
    return head + para * (size // len(para)) + b"</article></body></html>"


# name -> (bytes, expected error type or None for a best-effort result)
CASES: dict[str, tuple[bytes, type[IngestError] | None]] = {
    "empty": (b"", EmptyDocumentError),
    "whitespace": (b" \r\n\t \n", EmptyDocumentError),
    "binary": (_binary(), NotHTMLError),
    "png-renamed": (_png(), NotHTMLError),
    "pdf-renamed": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                    NotHTMLError),
    "gzip-renamed": (gzip.compress(PAGE.encode("utf-8"), mtime=0), NotHTMLError),
    "bmp-renamed": (b"BM" + struct.pack("<I", 70) + b"\x00" * 4 + struct.pack("<I", 54)
                    + b"\x28\x00\x00\x00" + b"\xff" * 56, NotHTMLError),
    "cp1252-meta": (PAGE.replace("<head>", '<head><meta charset="windows-1252">')
                    .encode("cp1252"), None),
    "cp1252-no-meta": (PAGE.encode("cp1252"), None),
    "utf16-bom": (PAGE.encode("utf-16"), None),
    "utf16be-bom": (b"\xfe\xff" + PAGE.encode("utf-16-be"), None),
    "utf8-bom": (b"\xef\xbb\xbf" + PAGE.encode("utf-8"), None),
    "truncated": (PAGE.encode("utf-8")[: len(PAGE) // 2], None),
    "truncated-mid-char": (PAGE.encode("utf-8")[:23], None),
    "plain-text": (b"Just words, no markup at all. " * 10, None),
    "stray-nul": (b"<html><body><p>before\x00after, an ordinary page.</p></body></html>", None),
    "control-chars": (b"<html><head><title>T\x07itle</title></head><body><p>a\x07b\x1bc "
                      b"and some more words</p></body></html>", None),
    "jsonld-nested-100000": (b'<html><head><script type="application/ld+json">'
                             + b'{"a":[' * 50_000 + b"</script><title>T</title></head>"
                             b"<body><p>Body text.</p></body></html>", None),
    "nested-20000": (_nested(), None),
    "nested-unclosed-20000": (_nested_unclosed(), None),
    "only-doctype": (b"<!DOCTYPE html>", None),
    "unclosed-comment": (b"<html><body><p>Intro</p><!-- never closed <p>hidden", None),
    "broken-jsonld": (b'<html><head><script type="application/ld+json">{"@type": "Article",'
                      b'"headline": "X",,,</script></head><body><p>Body text.</p></body></html>',
                      None),
}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", list(CASES))
def test_extract(name: str):
    data, error = CASES[name]
    if error is not None:
        with pytest.raises(error) as caught:
            extract(data, URL)
        assert caught.value.one_line()
        return
    record = extract(data, URL)
    assert isinstance(record, Listicle)
    Listicle.model_validate_json(record.model_dump_json())


@pytest.mark.parametrize(("name", "reason"), [
    ("png-renamed", "a PNG image, not HTML"), ("pdf-renamed", "a PDF document, not HTML"),
    ("gzip-renamed", "gzip-compressed data, not HTML"), ("bmp-renamed", "a BMP image, not HTML"),
    ("binary", "binary data, not HTML"), ("empty", "empty document"),
])
def test_error_names_the_reason(name: str, reason: str):
    with pytest.raises(IngestError) as caught:
        extract(CASES[name][0], URL)
    assert caught.value.one_line() == reason


@pytest.mark.parametrize("text", [b"BMW unveils a new car, and 5 other stories of the week.",
                                  b"ID3 tags explained: 7 things to know about MP3 metadata"])
def test_text_that_starts_like_a_magic_number_is_text(text: bytes):
    assert isinstance(extract(text, URL), Listicle)


@pytest.mark.parametrize("name", ["cp1252-meta", "cp1252-no-meta", "utf16-bom", "utf16be-bom",
                                  "utf8-bom"])
def test_encodings_decode_to_the_same_text(name: str):
    record = extract(CASES[name][0], URL)
    assert record.title == "Café “quotes” – 3 Things"
    assert [e.title for e in record.entries] == ["Über", "Señor", "Façade"]
    assert "Crème brûlée" in record.text and "\ufffd" not in record.text
    assert not any("undecodable" in w for w in record.warnings)


def test_declared_charset_wins_over_meta():
    data = PAGE.replace("<head>", '<head><meta charset="utf-8">').encode("cp1252")
    record = extract(data, URL, encoding="windows-1252")
    assert record.title == "Café “quotes” – 3 Things"
    assert record.source.encoding == "cp1252"


def test_wrong_meta_charset_is_survived():
    data = PAGE.replace("<head>", '<head><meta charset="no-such-charset">').encode("utf-8")
    assert extract(data, URL).title == "Café “quotes” – 3 Things"


def test_nested_page_keeps_its_text():
    record = extract(_nested(), URL)
    assert "The only paragraph, at the bottom of a very deep tree." in record.text


@pytest.mark.parametrize("name", ["stray-nul", "control-chars"])
def test_no_control_characters_in_the_output(name: str):
    record = extract(CASES[name][0], URL)
    assert record.text
    assert not any(ch < " " and ch not in "\n" for ch in record.text)
    assert not any(ch < " " for ch in record.title or "")


@pytest.mark.timeout(60)
def test_big_page_is_truncated_with_a_warning():
    record = extract(_big(20 * MB), URL)
    assert any("truncated" in w for w in record.warnings)
    assert record.title == "A very long page"
    assert "\ufffd" not in record.text[-100:]


# --- the command line, in a child process -------------------------------------------------


def _parse(path: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "-m", "ingest.cli", "parse", str(path)], capture_output=True,
                          text=True, encoding="utf-8", env=subprocess_env(), cwd=ROOT,
                          timeout=timeout, check=False)


@pytest.fixture(scope="module")
def case_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad-input")
    files = {}
    for name, (data, _) in CASES.items():
        path = folder / f"{name}.html"
        path.write_bytes(data)
        files[name] = path
    return files


@pytest.mark.timeout(120)
def test_cli_parse_every_case(case_files: dict[str, Path]):
    for name, path in case_files.items():
        _, error = CASES[name]
        result = _parse(path)
        assert "Traceback" not in result.stderr, f"{name}: {result.stderr}"
        if error is None:
            assert result.returncode == 0, f"{name}: {result.stderr}"
            Listicle.model_validate_json(result.stdout)
        else:
            assert result.returncode != 0, name
            assert result.stdout == ""
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1, f"{name}: {result.stderr!r}"
            assert str(path) in lines[0] and lines[0].startswith("error:"), lines[0]


@pytest.mark.timeout(60)
def test_cli_missing_file_and_folder(tmp_path: Path):
    for target in (tmp_path / "nope.html", tmp_path):
        result = _parse(target)
        assert result.returncode != 0 and "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(target) in lines[0], result.stderr


@pytest.mark.timeout(60)
def test_cli_file_name_with_brackets(tmp_path: Path):
    odd = tmp_path / "[draft] page [1].html"
    odd.write_bytes(b"")
    result = _parse(odd)
    assert result.returncode != 0
    assert "[draft] page [1].html" in result.stderr
    assert "Traceback" not in result.stderr


_MEASURE = textwrap.dedent("""
    import json, sys, time, psutil
    from pathlib import Path
    from ingest.cli import app
    import ingest.extract  # import before measuring
    process = psutil.Process()
    before = process.memory_info().rss
    peak = before
    import threading
    done = False
    def sample():
        global peak
        while not done:
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.02)
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    start = time.monotonic()
    from ingest.extract import extract
    from ingest.sources import read_page_file
    record = extract(read_page_file(Path(sys.argv[1])), None)
    elapsed = time.monotonic() - start
    done = True
    thread.join()
    peak = max(peak, process.memory_info().rss)
    print(json.dumps({"growth": peak - before, "seconds": elapsed,
                      "warnings": record.warnings}))
""")


@pytest.mark.timeout(180)
@pytest.mark.parametrize("name", ["big-50mb", "nested-20000", "nested-unclosed-20000"])
def test_memory_and_time_are_bounded(tmp_path: Path, name: str):
    path = tmp_path / f"{name}.html"
    if name == "big-50mb":
        path.write_bytes(_big(50 * MB))
    else:
        path.write_bytes(CASES[name][0])
    result = subprocess.run([PYTHON, "-c", _MEASURE, str(path)], capture_output=True, text=True,
                            env=subprocess_env(), cwd=ROOT, timeout=170, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["growth"] < 1.5 * 1024 * MB, report
    assert report["seconds"] < 60, report
    if name == "big-50mb":
        assert any("truncated" in w for w in report["warnings"])


@pytest.mark.timeout(180)
def test_cli_parses_the_50mb_page(tmp_path: Path):
    path = tmp_path / "big.html"
    path.write_bytes(_big(50 * MB))
    result = _parse(path, timeout=170)
    assert result.returncode == 0, result.stderr
    record = Listicle.model_validate_json(result.stdout)
    assert any("truncated" in w for w in record.warnings)


def test_sys_executable_is_used():
    assert Path(PYTHON) == Path(sys.executable)


@pytest.mark.parametrize("declared", ["no-such-charset", "utf-16", "utf-32-be", "", " UTF-8 ",
                                      "iso-8859-1", "x-user-defined", "utf-7"])
def test_any_declared_encoding_is_survived(declared: str):
    record = extract(PAGE.encode("utf-8"), URL, encoding=declared)
    assert isinstance(record, Listicle)


@pytest.mark.parametrize("charset", ["base64", "rot13", "hex", "zlib", "uu", "bz2", "quopri",
                                     "undefined", "idna", "punycode", "unicode_escape", "utf-7",
                                     "utf-16", "utf-32", "mbcs", "bogus"])
def test_meta_charset_naming_a_non_page_codec(charset: str):
    """A page cannot make the decoder run base64, zlib or rot13 by naming it in <meta>."""
    page = PAGE.replace("<head>", f'<head><meta charset="{charset}">').encode("utf-8")
    record = extract(page, URL)
    assert record.title == "Café “quotes” – 3 Things"
    assert record.source.encoding == "utf-8"


def test_meta_charset_that_does_not_fit_falls_back_to_utf8():
    page = PAGE.replace("<head>", '<head><meta charset="shift_jis">').encode("utf-8")
    record = extract(page, URL)
    assert record.title == "Café “quotes” – 3 Things"
    assert any("does not fit" in w for w in record.warnings)


@pytest.mark.timeout(120)
def test_cli_batch_keeps_going_past_bad_files(tmp_path: Path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.html").write_text(PAGE, encoding="utf-8")
    for name in ("empty", "png-renamed", "nested-20000", "utf16-bom"):
        (pages / f"{name}.html").write_bytes(CASES[name][0])
    out = tmp_path / "out"
    result = subprocess.run([PYTHON, "-m", "ingest.cli", "batch", str(pages), "-o", str(out)],
                            capture_output=True, text=True, encoding="utf-8",
                            env=subprocess_env(), cwd=ROOT, timeout=110, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for name in ("good", "nested-20000", "utf16-bom"):
        Listicle.model_validate_json((out / f"{name}.json").read_text(encoding="utf-8"))
    for name in ("empty", "png-renamed"):
        assert f"{name}.html" in result.stderr
        assert not (out / f"{name}.json").exists()


def test_parse_of_a_missing_file_is_a_usage_error(tmp_path):
    """A path that does not exist: one line naming it once, exit 2, nothing on stdout."""
    from typer.testing import CliRunner

    from ingest.cli import app

    missing = tmp_path / "nope.html"
    result = CliRunner().invoke(app, ["parse", str(missing)])
    assert result.exit_code == 2
    assert result.stdout.count(str(missing)) <= 1 and "Traceback" not in result.output


def test_a_record_that_breaks_the_contract_names_the_failing_field(monkeypatch) -> None:
    # The whole record is validated at once: the error gives the path to the bad value.
    from ingest.errors import ExtractionError
    from ingest.extract import assemble

    page = (ROOT / "ingest" / "samples" / "cbr-saddest-anime.html").read_bytes()
    monkeypatch.setattr(assemble, "resolve_links", lambda block, base: [("text", "not-a-url")])
    with pytest.raises(ExtractionError, match=r"^Listicle failed validation at entries\.0\.links"
                                              r"\.0\.url: Value error, not an absolute http"):
        extract(page, "https://example.com/list")
