"""Page metadata: an explicit fallback chain per field.

Each field is read from JSON-LD first (Article, NewsArticle, BlogPosting,
ItemList and friends), then OpenGraph / Twitter / ``<meta>`` tags, then the
visible page (``<h1>``, ``<time datetime>``, ``<title>``). JSON-LD in the wild
is often broken, so it is parsed leniently and never fails a page.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract.byline import BY_LABEL, author_card, is_group, printed_date, read_byline
from ingest.extract.dates import date_in_url, read_date
from ingest.extract.headline import (
    choose_headline,
    names_site,
    site_labels,
    strip_site,
    strip_site_suffix,
)
from ingest.normalize import clean_text, clean_url, number_word

_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
    "scholarlyarticle", "report", "review", "webpage", "itempage", "liveblogposting",
    "socialmediaposting", "howto", "recipe", "collectionpage", "medicalwebpage", "posting",
}
_MAX_JSONLD_CHARS = 2_000_000
_MAX_H1 = 12


@dataclass
class Metadata:
    """What the page says about itself."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: Any = None
    modified_at: Any = None
    canonical_url: str | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    image: str | None = None
    declared_count: int | None = None
    article_body: str | None = None
    """JSON-LD articleBody, used to anchor the body container (not output as is)."""
    h1: str | None = None
    """The visible headline, used to start the body after it."""
    title_candidates: list[str] = field(default_factory=list)
    how_to: bool = False
    """JSON-LD says the page is a HowTo or a Recipe: its numbered parts are steps."""
    other_counts: frozenset[int] = frozenset()
    """Counts promised by the other titles (og:title, <title>) when they differ."""


def _loads_lenient(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw.removeprefix("<!--").removesuffix("-->")
    raw = raw.strip().rstrip(";")
    # Each repair is made only when the text before it failed to parse.
    repairs = (lambda: raw, lambda: re.sub(r",\s*([}\]])", r"\1", raw), lambda: html.unescape(raw))
    for attempt in repairs:
        try:
            return json.loads(attempt(), strict=False)
        except (ValueError, RecursionError):  # broken, or nested too deep to parse
            continue
    # Several objects pasted into one script: wrap them into a list.
    try:
        return json.loads("[" + re.sub(r"}\s*{", "},{", raw) + "]", strict=False)
    except (ValueError, RecursionError):  # broken, or nested too deep to parse
        return None


def _walk_jsonld(data: Any, depth: int = 0) -> list[dict]:
    """Every dict with an @type in a JSON-LD blob, @graph and nesting flattened."""
    found: list[dict] = []
    stack: list[tuple[Any, int]] = [(data, depth)]
    while stack and len(found) < 500:
        item, d = stack.pop()
        if d > 6:
            continue
        if isinstance(item, list):
            stack.extend((x, d + 1) for x in reversed(item))
        elif isinstance(item, dict):
            if "@type" in item:
                found.append(item)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if key in item and isinstance(item[key], list | dict):
                    stack.append((item[key], d + 1))
    return found


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return clean_text(html.unescape(value)) or None
    if isinstance(value, dict):
        return _str(value.get("name") or value.get("url") or value.get("@id"))
    if isinstance(value, list) and value:
        return _str(value[0])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _url(value: Any, base: str | None) -> str | None:
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    if isinstance(value, list) and value:
        return _url(value[0], base)
    return clean_url(value, base) if isinstance(value, str) else None


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = _str(item.get("name")) if isinstance(item, dict) else _str(item)
        if name and not name.startswith(("http://", "https://")):
            names.extend(split_authors(name))
    return names


def split_authors(text: str) -> list[str]:
    """'By Ann Lee and Bo Chan' -> ['Ann Lee', 'Bo Chan']."""
    text = BY_LABEL.sub("", clean_text(text), count=1)
    parts = re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", text)
    return [p for p in (clean_text(x) for x in parts) if p and len(p) <= 80]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# "10 Saddest…", "Top 25…", "Seven Ways…", "The 25 Best…", "90+ ideas", "10選"
_COUNT_WORDS = "|".join(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
     "nineteen", "twenty", "thirty", "forty", "fifty", "dozen"]
)
_COUNT_PATTERNS = (
    # "No. 1 most popular …" names a rank, not a count: skip such numbers.
    re.compile(
        r"(?<![\w#.$£€])(?<!No\. )(?<!No )(?<!Number )(\d{1,3})\+?"
        r"(?![\w.,:%$]|\d|-[^\W\d]|\s*(?:%|percent|years?\b|days?\b|hours?\b|minutes?\b"
        r"|weeks?\b|months?\b|nights?\b|seconds?\b|million|billion|am\b|pm\b))",
        re.I,
    ),
    re.compile(rf"\b({_COUNT_WORDS})\b(?!-)", re.I),
    re.compile(r"(\d{1,3})\s*(?:選|つ|個|件|本|冊|曲|人|位|가지|種)"),
)
# Words before a number that make it a name, a rank or a quantity rather than a count.
_NOT_COUNT_BEFORE = (
    "no.", "no", "#", "number", "part", "vol.", "season", "episode", "chapter", "ep.", "ep",
    "iphone", "windows", "ps", "xbox", "after", "since", "than", "over", "under",
    "within", "per", "by", "version", "v", "level", "gen", "series", "model", "day", "week",
    "phase", "step", "round", "game", "issue", "page", "act", "volume", "covid-", "web",
)
_YEAR = re.compile(r"^(19|20)\d\d$")
# After a number: the pool tested, not the list ("the 500 I tested", "40 we reviewed").
_POOL_AFTER = re.compile(r"\s+(?:i|we)(?:'ve)?\s+(?:have\s+)?(?:tested|tried|reviewed)\b",
                         re.I)


def declared_count(title: str | None) -> int | None:
    """The number of items a headline promises, or None.

    The first plausible number wins: not a year, not a rank ("No. 1"), not
    part of a time span or a percentage, between 2 and 500.
    """
    if not title:
        return None
    text = clean_text(title)
    for pattern in _COUNT_PATTERNS[2:] + _COUNT_PATTERNS[:2]:
        for match in pattern.finditer(text):
            token = match.group(1)
            value = int(token) if token.isdigit() else number_word(token)
            if value is None or _YEAR.match(token) or not 2 <= value <= 500:
                continue
            before = text[: match.start()].rstrip().lower()
            if before.endswith(_NOT_COUNT_BEFORE):
                continue
            # "(of the 500 I Tested)", "out of 40": the pool the list was chosen from.
            if before.endswith(("out of", "among")) or _POOL_AFTER.match(text[match.end():]):
                continue
            # "Real Estate 101" is an introduction, not a hundred and one items.
            if value == 101 and not text[match.end():].strip(" :-–—"):
                continue
            return value
    return None


# The elements several fields read, in document order: all of them in <head>; in <body>,
# which is most of the tree, the <title> and the canonical link only when <head> has none
# (the first one wins, and <head> comes first), as every selector costs a match per element.
_HEAD_ELEMENTS = 'meta, script[type="application/ld+json"], link[rel="canonical"], ' \
    'time[datetime], h1, title'
_BODY_ELEMENTS = 'meta, script[type="application/ld+json"], time[datetime], h1'


@dataclass(slots=True)
class _Elements:
    """What one pass over the tree found for the fallback chains."""

    meta: dict[str, str] = field(default_factory=dict)
    """<meta> content by lower-case property, name or itemprop; the first one wins."""
    jsonld: list[str] = field(default_factory=list)
    """The text of each JSON-LD script."""
    canonical_href: str | None = None
    canonical: LexborNode | None = None
    h1s: list[LexborNode] = field(default_factory=list)
    """The first <h1> elements, in document order."""
    title: LexborNode | None = None
    time: LexborNode | None = None
    """The first <time datetime>."""


def _elements(tree: LexborHTMLParser) -> _Elements:
    """Meta tags, JSON-LD scripts, canonical link, <title>, <h1>s and the first <time datetime>."""
    found = _Elements()
    head, body = tree.head, tree.body
    if head is None or body is None:
        _collect(found, tree.css(_HEAD_ELEMENTS))
    else:
        _collect(found, head.css(_HEAD_ELEMENTS))
        selector = _BODY_ELEMENTS
        if found.canonical is None:
            selector += ', link[rel="canonical"]'
        if found.title is None:
            selector += ", title"
        _collect(found, body.css(selector))
    canonical = found.canonical
    found.canonical_href = canonical.attributes.get("href") if canonical else None
    return found


def _collect(found: _Elements, nodes: list[LexborNode]) -> None:
    meta = found.meta
    for node in nodes:
        tag = node.tag
        if tag == "meta":
            attrs = node.attributes
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key:
                value = attrs.get("content")
                if value:
                    key = key.lower()
                    if key not in meta:
                        meta[key] = value
        elif tag == "script":
            found.jsonld.append(node.text(deep=True) or "")
        elif tag == "h1":
            if len(found.h1s) < _MAX_H1:
                found.h1s.append(node)
        elif tag == "time":
            if found.time is None:
                found.time = node
        elif tag == "link":
            if found.canonical is None:
                found.canonical = node
        elif tag == "title" and found.title is None:
            found.title = node


def _jsonld_objects(scripts: list[str]) -> list[dict]:
    objects: list[dict] = []
    for raw in scripts:
        if len(raw) > _MAX_JSONLD_CHARS:
            continue
        data = _loads_lenient(raw)
        if data is not None:
            objects.extend(_walk_jsonld(data))
    return objects


def _not_url(value: str | None) -> str | None:
    """A name, or None when the "name" is really a URL (a publisher given by its @id)."""
    return None if value and value.startswith(("http://", "https://", "//")) else value


def _first(*values: str | None) -> str | None:
    for value in values:
        if value:
            return value
    return None


# <meta> names that carry the publication and the modification date, most specific first.
_PUBLISHED_META = ("article:published_time", "datepublished", "og:published_time",
                   "publish-date", "publish_date", "publishdate", "pubdate", "article.published",
                   "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                   "dcterms.created", "dc.date", "date")
_MODIFIED_META = ("article:modified_time", "datemodified", "og:updated_time", "last-modified",
                  "dcterms.modified")
_ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "website", "brand"}


def _authors(value: Any, site_name: str | None, labels: list[str],
             nodes: dict[str, dict] | None = None) -> tuple[list[str], list[str]]:
    """(persons, organisations) named by a JSON-LD or meta author value; ``nodes`` resolves
    an author given only by its ``@id`` (Yoast and Rank Math point into the ``@graph``)."""
    persons: list[str] = []
    groups: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if nodes and isinstance(item, dict) and "name" not in item:
            item = nodes.get(_str(item.get("@id")) or "", item)
        is_org = isinstance(item, dict) and bool(_types(item) & _ORG_TYPES)
        for name in _names(item):
            if not _plausible_author(name):
                continue
            org = is_org or is_group(name) or names_site(name, site_name, labels)
            (groups if org else persons).append(name)
    return persons, groups


def _by_id(objects: list[dict]) -> dict[str, dict]:
    """The JSON-LD objects that have an ``@id``, by it (the first of each wins)."""
    found: dict[str, dict] = {}
    for obj in objects:
        key = obj.get("@id")
        if isinstance(key, str) and key not in found:
            found[key] = obj
    return found


_WRITTEN_BY = frozenset({"written by", "author", "verfasst von", "écrit par", "escrito por",
                         "scritto da", "geschreven door"})
"""The label of Yoast's author pair, in the languages whose month names are read."""


def _written_by(meta: dict[str, str]) -> str | None:
    """The author a ``twitter:labelN`` "Written by" pair names (Yoast prints it for Slack)."""
    for n in "1234":
        label = meta.get(f"twitter:label{n}")
        if label is None:
            return None
        if label.strip().casefold() in _WRITTEN_BY:
            return meta.get(f"twitter:data{n}")
    return None


# What a template prints when the author field is empty: JavaScript's and Python's nothing.
_PLACEHOLDERS = frozenset({"undefined", "null", "none", "nan", "unknown", "n/a"})


def _plausible_author(name: str) -> bool:
    """Not a template key ("page.head.extra.author"), a placeholder ("undefined"), a URL,
    a handle, a login slug ("brandon-peaktwo") or markup."""
    if not any(c.isalpha() for c in name) or name.startswith(("http://", "https://", "@")):
        return False
    words = name.casefold().split()
    if all(word in _PLACEHOLDERS or word == "author" for word in words):
        return False  # "undefined", "null null", "Unknown Author"
    if len(words) > 1:
        return True
    return not (name.islower() and "-" in name) and not re.search(r"[._{}<>=]", name)


def _first_date(meta: dict[str, str], keys: tuple[str, ...],
                language: str | None) -> datetime | None:
    for key in keys:
        found = read_date(meta.get(key), language) if meta.get(key) else None
        if found is not None:
            return found
    return None


def main_article(objects: list[dict]) -> dict:
    """The page's own article among its JSON-LD objects: the most specific one, with a
    headline and a body ({} when there is none)."""
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    articles.sort(key=lambda o: (not o.get("articleBody"), not o.get("headline"),
                                 "webpage" in _types(o)))
    return articles[0] if articles else {}


def declared_titles(art: dict, meta: dict[str, str], html_title: str | None) -> list[str]:
    """The titles the page declares, most specific first: JSON-LD headline, og:title,
    twitter:title, <title>."""
    return [t for t in (_str(art.get("headline")), clean_text(meta.get("og:title")) or None,
                        clean_text(meta.get("twitter:title")) or None, html_title) if t]


def extract_metadata(tree: LexborHTMLParser, url: str | None) -> Metadata:
    """Read every metadata field through its fallback chain."""
    elements = _elements(tree)
    meta = elements.meta
    ld = _jsonld_objects(elements.jsonld)
    art = main_article(ld)
    orgs = [o for o in ld if _types(o) & {"organization", "newsmediaorganization", "website"}]

    base = url
    canonical = _first(clean_url(elements.canonical_href, base),
                       clean_url(meta.get("og:url"), base), _url(art.get("url"), base),
                       clean_url(url))
    base = url or canonical

    title_node = elements.title
    html_title = clean_text(title_node.text(deep=True)) if title_node else None

    site_name = _first(*(_not_url(x) for x in (
        clean_text(meta.get("og:site_name")) or None,
        _str(art.get("publisher")),
        _str(orgs[0].get("name")) if orgs else None,
        clean_text(meta.get("application-name")) or None,
    )))
    labels = site_labels(url or canonical)
    declared = declared_titles(art, meta, html_title)
    h1, h1_node = choose_headline(elements.h1s, declared, site_name, labels)
    title = _first(h1, *(strip_site(t, site_name, labels) for t in declared))

    html_node = tree.root
    language = _first(
        clean_text(html_node.attributes.get("lang")) if html_node else None,
        _str(art.get("inLanguage")),
        clean_text(meta.get("og:locale", "")).replace("_", "-") or None,
        clean_text(meta.get("content-language")) or None,
    )

    authors, groups = _authors(art.get("author"), site_name, labels, _by_id(ld))
    if not authors:
        more, more_groups = _authors(meta.get("author") or meta.get("article:author")
                                     or meta.get("parsely-author") or meta.get("sailthru.author")
                                     or _written_by(meta),
                                     site_name, labels)
        authors, groups = more, groups or more_groups

    published = (read_date(_str(art.get("datePublished")), language)
                 or _first_date(meta, _PUBLISHED_META, language))
    modified = (read_date(_str(art.get("dateModified")), language)
                or _first_date(meta, _MODIFIED_META, language))
    # A datePublished no earlier than dateModified is the CMS's last save (Webflow, a
    # re-published page), not the publication: the date the byline prints wins over it.
    stale = published is not None and modified is not None \
        and published >= modified
    row_name = None
    if not authors or published is None or stale:
        # The printed byline: a person where structured data names none (or only the company).
        byline = read_byline(tree, h1_node, language, want_authors=not authors,
                             want_dates=published is None or stale)
        authors = authors or byline.authors
        groups = groups or byline.groups
        row_name = byline.row_name
        published = (byline.published or published) if stale else (published or byline.published)
        modified = modified or byline.modified
    time_node = elements.time
    published = (published
                 or (read_date(time_node.attributes.get("datetime"), language) if time_node
                     else None)
                 or date_in_url(url or canonical)
                 # A page that shows only when it was updated was published no later: that
                 # day is the best known, and it stays in modified_at too.
                 or modified
                 or printed_date(tree, language))
    if not authors:
        card = author_card(tree)
        if card is not None and not is_group(card):
            authors = [card]
        elif row_name is not None:  # the unlabelled name under the headline, the weakest
            authors = [row_name]
        elif card is not None and not groups:  # a team's card, when nothing names a company
            groups = [card]
    authors = _dedupe(authors or groups)

    description = _first(
        clean_text(meta.get("description")) or None,
        clean_text(meta.get("og:description")) or None,
        _str(art.get("description")),
        clean_text(meta.get("twitter:description")) or None,
    )
    image = _first(
        clean_url(meta.get("og:image"), base),
        _url(art.get("image"), base),
        clean_url(meta.get("twitter:image"), base),
    )
    body = art.get("articleBody")
    first_h1 = clean_text(elements.h1s[0].text(deep=True)) if elements.h1s else None
    candidates = [t for t in (title, first_h1, clean_text(meta.get("og:title")) or None,
                              clean_text(meta.get("twitter:title")) or None,
                              strip_site_suffix(html_title, site_name) if html_title else None,
                              _str(art.get("headline"))) if t]
    # The candidates often repeat one headline: read each distinct one once.
    count_of = {t: declared_count(t) for t in dict.fromkeys(candidates)}
    counts = [c for c in (count_of[t] for t in candidates) if c]
    count = counts[0] if counts else None
    return Metadata(
        title=title, authors=authors, published_at=published, modified_at=modified,
        canonical_url=canonical, site_name=site_name, language=language or None,
        description=description, image=image, declared_count=count,
        article_body=clean_text(body) if isinstance(body, str) else None, h1=first_h1,
        title_candidates=candidates, other_counts=frozenset(counts) - {count},
        how_to=any(_types(o) & {"howto", "recipe"} for o in ld),
    )
