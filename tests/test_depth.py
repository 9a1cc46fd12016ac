"""The nesting cap before the parse: deep pages stay linear, ordinary pages are untouched."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from ingest import extract
from ingest.extract.depth import CHECK_ABOVE, MAX_DEPTH, cap_depth, nesting_depth


def deep(n: int, tag: str = "div") -> str:
    return ("<html><body><article><h1>Deep page</h1>" + f"<{tag} class='x'>" * n
            + "<p>Text at the bottom of the nest, a sentence long.</p>" + f"</{tag}>" * n
            + "<p>A closing paragraph after the nest, long enough to be read as prose.</p>"
            "</article></body></html>")


def test_depth_counts_only_elements_that_nest():
    assert nesting_depth("<div><p>a<p>b<br><img src=x><li>c</div>") == 1
    assert nesting_depth("<div><svg><path d='x'/><path d='y'/></svg></div>") == 2
    assert nesting_depth(b"<div><div><span>x</span></div></div>") == 3
    assert nesting_depth("</div></div><div>") == 1  # stray end tags never go below zero


def test_a_deep_page_is_cut_at_the_cap_and_keeps_its_text():
    page = deep(20_000)
    capped = cap_depth(page)
    assert nesting_depth(capped) == MAX_DEPTH
    tree = LexborHTMLParser(capped)
    assert [p.text() for p in tree.css("p")] == [
        "Text at the bottom of the nest, a sentence long.",
        "A closing paragraph after the nest, long enough to be read as prose."]
    assert cap_depth(page.encode()) == capped.encode()  # bytes and text alike


def test_a_page_below_the_cap_or_with_few_tags_is_untouched():
    assert cap_depth(deep(MAX_DEPTH)) == deep(MAX_DEPTH)
    few = deep(CHECK_ABOVE // 3)  # deep, but too few tags to cost much
    assert cap_depth(few) is few


def test_extract_reads_a_page_nested_past_the_cap():
    record = extract(deep(30_000, "section").encode(), "https://example.com/deep")
    assert record.title == "Deep page"
    assert "Text at the bottom of the nest" in record.text and "A closing paragraph" in record.text
