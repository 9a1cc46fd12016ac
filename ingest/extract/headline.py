"""The headline a reader sees: the article's <h1>, not the site's logo or a title tag's tail.

Pages declare their title three or four times (JSON-LD headline, og:title,
twitter:title, <title>), often with the site's name or a slogan appended,
and the visible headline is shorter or worded differently. The headline is
the first <h1> that is not the site's logo, preferring one that repeats a
declared title; without one, the declared titles with the site's name cut off.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from ingest.normalize import clean_text

_SEPARATORS = re.compile(r"(\s+(?:[|\-–—·»•:]|::)\s+)")
_WORD = re.compile(r"\w+")
# Section names a title tag appends before or after the site: "Trends | Blog | Acme".
_SECTION_WORDS = {"blog", "news", "articles", "article", "home", "magazine", "guides", "guide",
                  "insights", "resources", "stories", "posts", "the blog", "our blog"}
_LOGO_CLASS = re.compile(r"logo|site-?title|site-?name|brand|masthead", re.I)


def _compact(text: str) -> str:
    return "".join(_WORD.findall(text.casefold()))


def site_labels(url: str | None) -> list[str]:
    """The host's names a site calls itself by: "www.gdevelop.io" -> ["gdevelop"]."""
    if not url:
        return []
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = [x for x in host.split(".")[:-1] if len(x) >= 4 and x not in ("blog", "news")]
    return [_compact(x) for x in labels]


def names_site(text: str, site_name: str | None, labels: list[str]) -> bool:
    """The text is the site's name: its og:site_name, or its host ("GDevelop" on gdevelop.io)."""
    compact = _compact(text)
    if not compact:
        return False
    if site_name and compact == _compact(site_name):
        return True
    # "Houstonia Magazine" on houstoniamag.com, "Freightwaves Checkpoint" on freightwaves.com
    return any(len(compact) <= 3 * len(label) and
               (compact.startswith(label) or (label.startswith(compact) and len(compact) >= 4))
               for label in labels)


def _similar(a: str, b: str) -> bool:
    """Two wordings of one headline: most of the shorter's words are in the longer."""
    wa, wb = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    return len(short & long_) >= 0.6 * len(short) and len(short) >= 0.4 * len(long_)


def strip_site_suffix(title: str, site: str | None) -> str:
    """'10 Saddest Anime | CBR' -> '10 Saddest Anime', the site's name as og:site_name has it."""
    if site:
        for sep in (" | ", " - ", " – ", " — ", " · ", " » ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
    return title


def strip_site(title: str, site_name: str | None, labels: list[str]) -> str:
    """A declared title without the site's name and section names at either end."""
    title = strip_site_suffix(title, site_name)
    pieces = _SEPARATORS.split(title)  # part, separator, part, ...
    parts = pieces[0::2]
    if len(parts) < 2:
        # "davidbau.com Vibe Coding": a host name printed before the title.
        first, _, rest = title.partition(" ")
        if rest and "." in first and names_site(first, site_name, labels):
            return rest.strip()
        return title

    def furniture(part: str) -> bool:
        return names_site(part, site_name, labels) or part.casefold() in _SECTION_WORDS

    lo, hi = 0, len(parts)
    while hi - lo > 1 and furniture(parts[hi - 1]):
        hi -= 1
    while hi - lo > 1 and furniture(parts[lo]):
        lo += 1
    return "".join(pieces[2 * lo: 2 * hi - 1]).strip()


def is_site_logo(node: LexborNode, text: str, site_name: str | None, labels: list[str]) -> bool:
    """An <h1> that holds the site's logo or name, not the article's headline."""
    if names_site(text, site_name, labels):
        return True
    parent: LexborNode | None = node
    for _ in range(5):
        if parent is None or parent.tag in ("body", "html", "article", "main"):
            return False
        attrs = parent.attributes
        if _LOGO_CLASS.search(f'{attrs.get("class") or ""} {attrs.get("id") or ""}'):
            return True
        if parent.tag == "a" and urlsplit(attrs.get("href") or "x").path in ("", "/"):
            return True
        parent = parent.parent
    return False


def in_site_header(node: LexborNode) -> bool:
    """The <h1> is in a <header> outside any <article> or <main>: the site's banner, usually.

    A <header> without a <nav> is the story's own header (Shorelight's storyArticleTopper
    outside any <article>), not the site's banner.
    """
    parent = node.parent
    header: LexborNode | None = None
    while parent is not None and parent.tag not in ("body", "html"):
        if parent.tag in ("article", "main"):
            return False
        if parent.tag == "header" and header is None:
            header = parent
        parent = parent.parent
    return header is not None and header.css_first("nav") is not None


def choose_headline(h1s: list[LexborNode], declared: list[str], site_name: str | None,
                    labels: list[str]) -> tuple[str | None, LexborNode | None]:
    """The visible headline and its node, or (None, None) when the page shows none.

    ``labels`` are the host's names (:func:`site_labels`). An <h1> in the site's banner
    is the headline only when it repeats a declared title (a hero header around the
    article's title).
    """
    fallback: tuple[str | None, LexborNode | None] = (None, None)
    for node in h1s:
        text = clean_text(node.text(deep=True))
        if not text or len(text) > 300 or is_site_logo(node, text, site_name, labels):
            continue
        if any(_similar(text, title) for title in declared):
            return text, node
        if fallback[1] is None and not in_site_header(node):
            fallback = (text, node)
    return fallback
