"""Put the stages together and build the :class:`~ingest.models.Listicle`."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError
from selectolax.lexbor import LexborHTMLParser

from ingest.errors import ExtractionError
from ingest.extract.blocks import Block, resolve_links
from ingest.extract.body import TEXT_KINDS, attach_detached_ranks, body_blocks, drop_repeats
from ingest.extract.content import linearize
from ingest.extract.document import Document, parse
from ingest.extract.entries import Found, find_entries
from ingest.extract.links import Promo, find_promos, find_series_next
from ingest.extract.metadata import Metadata, extract_metadata
from ingest.extract.pagination import may_paginate, next_page_in
from ingest.models import Entry, Listicle, Source
from ingest.normalize import clean_text, clean_url

_T = TypeVar("_T")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The nested records are built as plain dicts and lists, in the models' shape, and the
# whole Listicle is validated once at the end: one pydantic call instead of one per object.
EntryData = dict[str, object]
ImageData = dict[str, str | None]
LinkData = dict[str, str]


def _links(block: Block, base: str | None) -> list[LinkData]:
    return [{"text": t, "url": u} for t, u in resolve_links(block, base)]


def _leading_images(blocks: list[Block], index: int) -> int:
    """How many image blocks stand directly before ``index``."""
    n = 0
    while index - n - 1 >= 0 and blocks[index - n - 1].kind == "image":
        n += 1
    return n


def _entry(blocks: list[Block], found: Found, k: int, numbered: bool,
           images_lead: bool = False, base: str | None = None) -> EntryData:
    """The k-th entry, as the dict an :class:`~ingest.models.Entry` is validated from."""
    marker = found.markers[k]
    head = blocks[marker.index]
    if marker.line is not None:
        stop = marker.index
    elif k + 1 < len(found.markers):
        following = found.markers[k + 1]
        stop = following.index if following.label is None else following.label
        # Pages that put each entry's picture above its title: it belongs to the next entry.
        if images_lead:
            stop -= _leading_images(blocks, stop)
    else:
        stop = found.end
    paragraphs: list[str] = []
    images: list[ImageData] = []
    links: list[LinkData] = []
    if marker.rest:
        paragraphs.append(marker.rest)
    if marker.line is None:
        links.extend(_links(head, base))
        images.extend(head.images)
    if images_lead and marker.line is None:
        for block in blocks[marker.index - _leading_images(blocks, marker.index):marker.index]:
            images.extend(block.images)
    for block in blocks[marker.index + 1:stop]:
        if marker.group == "row" and block.text == marker.title:
            links.extend(_links(block, base))
            continue  # a ranking table's name cell is the entry's title, not its text
        if block.kind in TEXT_KINDS or (block.kind == "heading"):
            paragraphs.append(block.text)
            links.extend(_links(block, base))
        elif block.kind == "image":
            images.extend(block.images)
        elif block.kind == "embed":
            links.extend(_links(block, base))
    return {
        "rank": marker.rank if numbered else None,
        "title": marker.title,
        "anchor": head.anchor if marker.line is None else None,
        "paragraphs": paragraphs,
        "images": _dedupe_images(images),
        "links": _dedupe_links(links),
    }


_LEAD_IMAGE_WITHIN = 6  # blocks from the top of the article: a figure further down is not its lead


def _lead_image(content: list[Block]) -> str | None:
    """The article's first figure, when the page declares no image (og:image, JSON-LD)."""
    for block in content[:_LEAD_IMAGE_WITHIN]:
        if block.kind == "image" and block.images:
            return block.images[0]["src"]
    return None


def _dedupe_images(images: list[ImageData]) -> list[ImageData]:
    """The images, each src once (its first occurrence)."""
    seen: set[str | None] = set()
    out = []
    for image in images:
        if image["src"] not in seen:
            seen.add(image["src"])
            out.append(image)
    return out


def _dedupe_links(links: list[LinkData]) -> list[LinkData]:
    """The links, each (text, url) once (its first occurrence)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for link in links:
        key = (link["text"], link["url"])
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


def order_of(entries: list[Entry]) -> str | None:
    """ascending, descending or unranked, from the entries' ranks; None without entries."""
    return _order([e.rank for e in entries])


def _order(ranks: list[int | None]) -> str | None:
    """:func:`order_of` from each entry's rank (None for an unranked entry)."""
    if not ranks:
        return None
    ranked = [r for r in ranks if r is not None]
    if len(ranked) < 2:
        return "unranked" if not ranked else "ascending"
    return "ascending" if ranked[-1] > ranked[0] else "descending"


def _position(point: int, found: Found | None) -> tuple[str, int | None]:
    """Where a promo stood: ('intro'|'entry'|'conclusion'|'body', entry index)."""
    if found is None:
        return "body", None
    starts = [m.index for m in found.markers]
    if point <= starts[0]:
        return "intro", None
    if point >= found.end:
        return "conclusion", None
    k = max(i for i, s in enumerate(starts) if s < point)
    return "entry", k


def _text(blocks: list[Block]) -> str:
    """The page's plain text: one paragraph per text block, separated by a blank line.

    Block text is clean already (content.py runs clean_text on it), so it is used as is;
    only the joined <br> lines and a heading's printed rank are cleaned here.
    """
    parts = []
    for block in blocks:
        if block.kind in TEXT_KINDS or block.kind == "heading":
            if block.lines and block.kind == "para":
                # The lines are one paragraph of the text: cleaning joins them with a space.
                part = clean_text("\n".join(block.lines))
            elif block.rank_hint is not None:
                # The rank printed beside the heading reads as part of it: "8 Title".
                part = clean_text(f"{block.rank_hint} {block.text}")
            else:
                part = block.text
            if part:
                parts.append(part)
    return "\n\n".join(parts)


def _warnings(meta: Metadata, entries: list[EntryData], found: Found | None) -> list[str]:
    warnings: list[str] = []
    if not meta.title:
        warnings.append("no title found")
    if found is not None:
        warnings.extend(found.warnings)
        if meta.declared_count is not None and meta.declared_count != len(entries):
            warnings.append(
                f"headline promises {meta.declared_count} entries but {len(entries)} were found")
        ranks = [e["rank"] for e in entries if e["rank"] is not None]
        dupes = sorted(r for r, n in Counter(ranks).items() if n > 1)
        for rank in dupes:
            msg = f"rank {rank} repeated"
            if msg not in warnings:
                warnings.append(msg)
        empty = [e for e in entries if not e["paragraphs"] and not e["images"]]
        if empty and len(empty) < len(entries):
            for e in empty:
                name = e["rank"] if e["rank"] is not None else repr(e["title"])
                warnings.append(f"entry {name} has no body")
    return warnings


def extract(html: bytes | str, url: str | None = None, *, source: Source | None = None,
            encoding: str | None = None) -> Listicle:
    """Extract one page.

    ``html`` is the raw page (bytes as saved or fetched; str is encoded as UTF-8),
    ``url`` the address it came from (used to resolve relative links; the
    canonical link is used when it is None), ``source`` what the caller knows of
    how it was obtained, ``encoding`` the charset the transport declared.
    Raises :class:`~ingest.errors.InputError` for input that is not a page, and
    :class:`~ingest.errors.ExtractionError` when what was found breaks the contract.
    """
    return _validated(lambda: _extract(html, url, source=source, encoding=encoding)[0])


def extract_with_next_page(html: bytes, url: str, *, source: Source | None = None,
                           encoding: str | None = None) -> tuple[Listicle, str | None]:
    """:func:`extract`, and the URL of the next page of the same article (for fetch).

    The page is parsed once: the next page is looked for in the tree the
    extraction used (see :mod:`ingest.extract.pagination`).
    """
    def run() -> tuple[Listicle, str | None]:
        record, tree = _extract(html, url, source=source, encoding=encoding)
        following = next_page_in(tree, url) if may_paginate(html, url) else None
        return record, following

    return _validated(run)


@dataclass(slots=True)
class Page:
    """A parsed page's blocks at each stage, before the entries are looked for."""

    blocks: list[Block]
    """Every block of the page."""
    body: list[Block]
    """The article's blocks."""
    end: int
    """Index in ``blocks`` just past the article."""
    promos: list[Promo]
    taken: set[int]
    """Indices in ``body`` of the promo blocks."""
    content: list[Block]
    """The body without its promos: where entries are looked for."""


def read_page(doc: Document, meta: Metadata, page_url: str | None) -> Page:
    """Linearize the page, choose its body and take the promos out of it."""
    blocks = linearize(doc.body, page_url) if doc.body is not None else []
    body, end = body_blocks(blocks, meta)
    body = attach_detached_ranks(drop_repeats(body))
    promos, taken = find_promos(body, page_url)
    content = [b for i, b in enumerate(body) if i not in taken]
    return Page(blocks, body, end, promos, taken, content)


def _validated(run: Callable[[], _T]) -> _T:
    """Run an extraction; a model that breaks the contract becomes ExtractionError."""
    try:
        return run()
    except ValidationError as exc:
        # The record breaks the contract: loc is the path to the value, e.g. entries.2.links.0.url.
        first_error = exc.errors()[0]
        where = ".".join(str(x) for x in first_error.get("loc", ()))
        raise ExtractionError(f"{exc.title} failed validation at {where}: "
                              f"{first_error['msg']}") from exc


def _extract(html: bytes | str, url: str | None = None, *, source: Source | None = None,
             encoding: str | None = None) -> tuple[Listicle, LexborHTMLParser]:
    """Extract one page.

    ``html`` is the raw page (bytes as saved or fetched; str is encoded as UTF-8),
    ``url`` the address it came from (used to resolve relative links; the
    canonical link is used when it is None), ``source`` what the caller knows of
    how it was obtained, ``encoding`` the charset the transport declared.
    Raises :class:`~ingest.errors.InputError` for input that is not a page.
    """
    if isinstance(html, str):
        # Already text: encode it one known way (lone surrogates become "?"), so that a
        # <meta charset> inside it cannot make the bytes be decoded a second way.
        data, encoding = html.encode("utf-8", errors="replace"), "utf-8"
    else:
        data = bytes(html)
    doc = parse(data, encoding)
    url = clean_url(url) if url else None
    meta = extract_metadata(doc.tree, url)
    page_url = url or meta.canonical_url
    page = read_page(doc, meta, page_url)
    blocks, body, end, promos, taken, content = (
        page.blocks, page.body, page.end, page.promos, page.taken, page.content)
    # Where each taken block would have stood among the content blocks.
    points: dict[int, int] = {}
    kept = 0
    for i in range(len(body)):
        if i in taken:
            points[i] = kept
        else:
            kept += 1

    found = find_entries(content, meta.title, meta.declared_count, meta.how_to,
                         meta.other_counts)
    numbered = found.numbered if found else False
    images_lead = bool(found) and _leading_images(content, found.markers[0].index) > 0
    entries = [_entry(content, found, k, numbered, images_lead, page_url)
               for k in range(len(found.markers))] if found else []

    related: list[dict[str, object]] = []
    next_link: LinkData | None = None
    for promo in promos:
        if promo.pagination or promo.unlabeled:
            continue
        if promo.is_next:
            next_link = {"text": promo.text, "url": promo.url}
            continue
        where, k = _position(points[promo.index], found if entries else None)
        related.append({
            "text": promo.text, "url": promo.url, "label": promo.label, "position": where,
            "entry_rank": entries[k]["rank"] if k is not None else None, "entry_index": k,
        })
    if next_link is None:
        series = find_series_next(blocks[end:], page_url)
        if series is not None:
            next_link = {"text": series.text, "url": series.url}

    if found and entries:
        first = found.markers[0].index
        intro = [b.text for b in content[:first] if b.kind in TEXT_KINDS]
        conclusion = [b.text for b in content[found.end:] if b.kind in TEXT_KINDS]
    else:
        intro = [b.text for b in content if b.kind in TEXT_KINDS]
        conclusion = []

    src = source or Source()
    src = src.model_copy(update={
        "url": src.url or url or meta.canonical_url,
        "sha256": src.sha256 or _sha256(data),
        "encoding": doc.encoding,
    })
    record = Listicle.model_validate({
        "source": src,
        "title": meta.title,
        "authors": meta.authors,
        "published_at": meta.published_at,
        "modified_at": meta.modified_at,
        "canonical_url": meta.canonical_url,
        "site_name": meta.site_name,
        "language": meta.language,
        "description": meta.description,
        "image": meta.image or _lead_image(content),
        "declared_count": meta.declared_count,
        "order": _order([e["rank"] for e in entries]),
        "intro": intro,
        "entries": entries,
        "conclusion": conclusion,
        "related": related,
        "next": next_link,
        "text": _text(content),
        "warnings": doc.warnings + _warnings(meta, entries, found),
    })
    return record, doc.tree


__all__ = ["extract", "extract_with_next_page", "order_of"]
