"""Property-based: whatever bytes come in, `extract` returns a valid model or an IngestError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import Listicle, extract
from ingest.errors import IngestError
from ingest.store import dumps
from tests.regenerate import fixtures

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PAGES = [f.html.read_bytes() for f in fixtures()]

# Pieces of markup that listicle pages are made of, for tag soup.
TOKENS = [
    "<h1>", "</h1>", "<h2>", "</h2>", "<h3 id='x'>", "</h3>", "<p>", "</p>", "<ol>", "</ol>",
    "<ul>", "</ul>", "<li>", "</li>", "<strong>", "</strong>", "<em>", "</em>", "<br>",
    "<div class='share'>", "<div class='article-body'>", "<article>", "</article>", "</div>",
    "<figure><img src='/i.png' alt='alt'><figcaption>cap</figcaption></figure>",
    "<img data-src='x.jpg' srcset='a.jpg 1x, b.jpg 2x'>", "<a href='/x?utm_source=1'>", "</a>",
    "<a href='javascript:void(0)'>", "<a href='http://[::1'>", "<a>", "<span>", "</span>",
    "RELATED: ", "NEXT: ", "READ MORE: ", "Next page", "10 ", "9. ", "#1: ", "No. 3 — ",
    "Step 2: ", "①", "Top 25 ", "Seven ", "<title>", "</title>", "Title", "text ",
    "<script type='application/ld+json'>", "</script>", '{"@type":"Article","headline":',
    '"10 Things"}', "<meta charset='utf-16'>", "<meta charset='base64'>", "<meta charset='rot13'>",
    "<meta charset=utf-7>", "<meta http-equiv='content-type' content='text/html; charset=zlib'>",
    "<meta property='og:url' content='/rel'>",
    "<link rel='canonical' href='//other.example/a'>", "<time datetime='2024-99-99'>",
    "<iframe src='https://video.example/e'></iframe>", "<table><tr><td>", "</td></tr></table>",
    "<blockquote>", "</blockquote>", "<pre>", "</pre>", "<!--", "-->", "&nbsp;", "&#0;",
    "\u200b", "\u00a0", "e\u0301", "\n", " ", "<ol start='-3'>", "<li value='99999999'>",
    "<h2><ol><li>", "</li></ol></h2>", "<aside>", "</aside>", "<nav>", "</nav>",
]


def _check(data: bytes | str, url: str | None = "https://example.com/a/page") -> None:
    try:
        record = extract(data, url)
    except IngestError as exc:
        assert exc.one_line()
        return
    assert isinstance(record, Listicle)
    text = dumps(record)
    assert Listicle.model_validate_json(text) == record


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_strings(text: str):
    _check(text)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes):
    _check(data)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=200), st.sampled_from(
    [None, "https://example.com/a/page", "http://[::1]/x", "not a url", "ftp://x.example/"]))
def test_tag_soup(tokens: list[str], url: str | None):
    _check("".join(tokens), url)


_MUTATIONS = st.sampled_from(["delete", "duplicate", "insert", "truncate", "replace", "swap"])


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    page = bytearray(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(_MUTATIONS)
        n = len(page)
        if n == 0:
            break
        i = draw(st.integers(0, n - 1))
        j = min(n, i + draw(st.integers(1, 2000)))
        if kind == "delete":
            del page[i:j]
        elif kind == "duplicate":
            page[j:j] = page[i:j]
        elif kind == "insert":
            page[i:i] = draw(st.sampled_from(TOKENS)).encode("utf-8")
        elif kind == "truncate":
            del page[i:]
        elif kind == "replace":
            page[i:j] = draw(st.binary(min_size=1, max_size=16))
        else:
            k = draw(st.integers(0, n - 1))
            page[i], page[k] = page[k], page[i]
    return bytes(page)


@SETTINGS
@given(mutated_page())
def test_mutated_fixture_pages(page: bytes):
    _check(page)


@pytest.mark.parametrize("page", PAGES, ids=[f.name for f in fixtures()])
def test_fixture_pages_as_str_and_bytes_agree(page: bytes):
    assert dumps(extract(page.decode("utf-8"))) == dumps(extract(page))


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.integers(0xD800, 0xDFFF).map(chr)),
                max_size=60))
def test_strings_with_lone_surrogates(pieces: list[str]):
    _check("".join(pieces))


def test_str_input_is_not_decoded_twice():
    page = ("<html><head><meta charset='windows-1252'><title>Café déjà vu</title></head>"
            "<body><p>Crème brûlée</p></body></html>")
    record = extract(page)
    assert record.title == "Café déjà vu" and record.source.encoding == "utf-8"


# List-shaped pages: runs of headings, bold paragraphs, list items and <br> lines with rank
# markers that step up, down, by two or not at all, from 0 upwards.
_HEADS = [("<h1>", "</h1>"), ("<h2>", "</h2>"), ("<h3>", "</h3>"), ("<h4>", "</h4>"),
          ("<p><strong>", "</strong></p>"), ("<p><em>", "</em></p>"), ("<li>", "</li>"),
          ("<p>", "</p>")]
_MARKS = ["{n}", "{n}.", "#{n}:", "No. {n} —", "({n})", "{n})", "Step {n}:", "Trend {n}:",
          "{c}", ""]
_TITLES = ["Title", "RELATED: <a href='/r'>Other story here</a>", "Introduction", "Conclusion",
           "NEXT: <a href='/n/2/'>Next page</a>", "", "<a href='/x'>Linked</a>", "x" * 200]
_HEADLINES = ["", "<title>{k} Best Things</title>", "<title>How to do {k} things</title>",
              "<h1>Top {k}</h1>", "<title>Seven</title>"]


@st.composite
def list_page(draw: st.DrawFn) -> str:
    count, start = draw(st.integers(0, 25)), draw(st.integers(0, 12))
    step = draw(st.sampled_from([1, -1, 2, 0]))
    parts = ["<html><head>", draw(st.sampled_from(_HEADLINES)).format(k=draw(st.integers(0, 40))),
             "</head><body><article>"]
    for i in range(count):
        opening, closing = draw(st.sampled_from(_HEADS))
        mark = draw(st.sampled_from(_MARKS)).format(n=start + step * i, c=chr(0x2460 + i % 20))
        parts.append(f"{opening}{mark} {draw(st.sampled_from(_TITLES))}{closing}")
        parts.extend(draw(st.lists(st.sampled_from([*TOKENS, "<p>Body text.</p>"]), max_size=5)))
        if draw(st.booleans()):
            parts.append("<br>".join(f"{j}. line" for j in range(draw(st.integers(0, 5)))))
    parts.append("</article></body></html>")
    return "".join(parts)


@SETTINGS
@given(list_page(), st.sampled_from([None, "https://example.com/a/", "https://example.com/n/"]))
def test_list_shaped_pages(page: str, url: str | None):
    _check(page, url)


@pytest.mark.parametrize("page", [
    "<html><body><article><h1>0 Title</h1>0. line<br>1. line<br>2. line</article></body></html>",
    "<html><body><ol start=0><li><h2>A</h2><p>x</p></li><li><h2>B</h2><p>y</p></li></ol></body>",
    "<html><body><h2>0. Zero</h2><p>a</p><h2>1. One</h2><p>b</p><h2>2. Two</h2><p>c</p></body>",
])
def test_rank_zero_is_not_a_rank(page: str):
    record = extract(page)
    assert all(e.rank is None or e.rank >= 1 for e in record.entries)
