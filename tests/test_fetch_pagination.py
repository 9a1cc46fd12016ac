"""next_page_url: the next page of this article, never another article."""

from __future__ import annotations

import pytest

from ingest.extract.pagination import is_next_page, next_page_url, page_number

PAGE = "https://www.example.com/lists/top-20-games"


def html(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>".encode()


@pytest.mark.parametrize(("doc", "expected"), [
    (html("", "<link rel='next' href='/lists/top-20-games?page=2'>"), PAGE + "?page=2"),
    (html("<a rel='next' href='/lists/top-20-games/2/'>More</a>"), PAGE + "/2/"),
    (html("<a href='/lists/top-20-games/page/2'>Next »</a>"), PAGE + "/page/2"),
    (html("<nav><a href='?page=2'>2</a> <a href='?page=3'>3</a></nav>"), PAGE + "?page=2"),
    (html("<a href='https://example.com/lists/top-20-games?page=2'>Next</a>"),
     "https://example.com/lists/top-20-games?page=2"),
    # Not pagination of this article:
    (html("<p>NEXT: <a href='/lists/top-10-movies'>Top 10 movies</a></p>"), None),
    (html("<a href='/lists/top-10-movies/2/'>Next</a>"), None),
    (html("", "<link rel='next' href='https://other.com/lists/top-20-games?page=2'>"), None),
    (html("", "<link rel='next' href='/lists/top-20-games-part-two'>"), None),
    (html("<a href='/lists/top-20-games?page=1'>Next</a>"), None),
    (html("<a href='javascript:next()'>Next</a>"), None),
    (html("<a href='/lists/top-20-games#comments'>Next</a>"), None),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, None),
    (html("<A HREF='/lists/top-20-games?page=2'>NEXT</A>"), PAGE + "?page=2"),
])
def test_next_page_url(doc, expected):
    assert next_page_url(doc, PAGE) == expected


def test_from_a_later_page():
    doc = html("<a href='/lists/top-20-games?page=2'>Prev</a>"
               "<a href='/lists/top-20-games?page=4'>Next</a>")
    assert next_page_url(doc, PAGE + "?page=3") == PAGE + "?page=4"
    assert next_page_url(html("<a href='?page=2'>2</a>"), PAGE + "?page=3") is None


def test_page_numbers_and_same_article():
    assert page_number(PAGE) == 1
    assert page_number(PAGE + "?page=7") == 7
    assert page_number(PAGE + "/3/") == 3
    assert is_next_page(PAGE + "?page=2&utm=x", PAGE + "?utm=x")
    assert not is_next_page(PAGE + "?page=2", PAGE + "?page=2")
    assert not is_next_page("ftp://www.example.com/lists/top-20-games?page=2", PAGE)
