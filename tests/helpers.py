"""Small helpers shared by the tests: build a page around a body snippet."""

from __future__ import annotations

from ingest.extract import extract
from ingest.models import Listicle

URL = "https://example.com/a/"
PROSE = "This paragraph carries enough ordinary words to read like prose"


def page(body: str, title: str = "A page", head: str = "", url: str = URL) -> str:
    """A minimal but complete HTML page around ``body``."""
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
        f'<link rel=canonical href="{url}">{head}</head>'
        f"<body><header><nav><a href=/>Home</a> <a href=/news>News</a></nav></header>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        f"<footer><p>© Example Media. All rights reserved.</p></footer></body></html>"
    )


def run(body: str, title: str = "A page", head: str = "", url: str = URL) -> Listicle:
    return extract(page(body, title, head, url).encode("utf-8"), url)


def prose(n: int, words: str = PROSE) -> str:
    """n paragraphs of article-like text."""
    return "".join(f"<p>{words}, part {i}. It ends with a full stop.</p>" for i in range(n))
