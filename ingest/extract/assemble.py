"""Put the stages together and build the :class:`~ingest.models.Listicle`."""

from __future__ import annotations

import hashlib
import re

from pydantic import ValidationError

from ingest.errors import ExtractionError
from ingest.extract.blocks import Block, resolve_links
from ingest.extract.container import blocks_in, choose_container, in_container
from ingest.extract.content import linearize
from ingest.extract.document import parse
from ingest.extract.entries import Found, find_entries
from ingest.extract.links import Promo, find_promos, find_series_next
from ingest.extract.metadata import Metadata, extract_metadata
from ingest.models import Entry, Image, Link, Listicle, Next, Related, Source
from ingest.normalize import clean_text, clean_url

_TEXT_KINDS = ("para", "item", "quote", "pre")
# Lines that are page furniture even inside the article container.
_BOILERPLATE = re.compile(
    r"^(advertisement|advertisements|sponsored|sponsored content|story continues below"
    r"|continue reading|continue reading below|article continues below|scroll to continue"
    r"|skip advert|share|share this|share this article|tweet|email|print|copy link"
    r"|subscribe|sign up|click here to subscribe|image|photo|video|loading|play video"
    r"|follow us|advert|adverts|comments?|\d+ comments?|leave a (?:comment|reply)"
    r"|tell us what you think|this slideshow requires javascript|back to top|close"
    r"|share (?:this )?(?:on|via|with) [\w ]{1,20}|filed under:.{0,120}"
    # "Advertisement" in other languages.
    r"|iklan|anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|реклама|advertentie"
    r"|reklama|mainos|annonse|annons|広告)\W*$",
    re.I,
)
# An unrendered CMS shortcode on its own line: "[button link=…]Send us…[/button]", "[CTA_MODULE]".
_SHORTCODE_LINE = re.compile(
    r"^\[([a-z][\w-]*)(?:\s[^\]]*)?\].{0,200}\[/\1\]$|^\[[A-Z][A-Z0-9]*_[A-Z0-9_]+\]$", re.I)
# The title of a table of contents (its links are dropped as in-page links).
_CONTENTS_TITLE = re.compile(
    r"^(table of contents|contents|in this (?:article|guide|post)|on this page|jump to"
    r"|quick links|目次|inhaltsverzeichnis|inhalt|sommaire|índice|indice|contenidos"
    r"|содержание)\W*$", re.I)
# Byline and dateline lines that sit between the headline and the text.
_BYLINE = re.compile(
    r"^(by\s|written by|posted|published|updated|last updated|photo:|image:|credit:"
    r"|image credit|reviewed by|fact checked by|edited by)", re.I)
# A dateline: a few words around a year or a clock time ("Tuesday February 11 2025",
# "15 Dec, 2025", "sexta-feira, 22 de outubro de 2010 às 20:13").
_DATELINE = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b")
_DATELINE_MAX_WORDS = 8
# A reading-time line: "3 min read", "Tempo de leitura: 2 minutos".
_READING_TIME = re.compile(r"^\D{0,24}\d+\s*(?:min|mins|minutes?|minutos?|minuten)\b", re.I)
# The header (byline, dates, dek) ends with the second paragraph of prose.
_HEADER_PROSE = 2
# A block more link than text is navigation (unless it is a long paragraph with a few links).
_NAV_LINK_DENSITY = 0.6


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _body_blocks(blocks: list[Block], meta: Metadata) -> tuple[list[Block], int]:
    """The article's blocks with headline, header matter and boilerplate lines dropped.

    The container's blocks, cut before a feed of other stories' headlines; without the
    headline, the small ``<header>`` around it, bylines, datelines and reading times
    before the second paragraph of prose, table-of-contents titles, boilerplate and
    shortcode lines, and link-heavy lines that cannot be promos.
    Also returns the index (in ``blocks``) just past the article's last block.
    """
    container = choose_container(blocks, meta.article_body)
    inside = blocks_in(blocks, container)
    end = 0
    if container is not None:
        for i, block in enumerate(blocks):
            if in_container(block, container):
                end = i + 1
    else:
        end = len(blocks)
    title_keys = {_key(t) for t in meta.title_candidates if t}
    cut = _next_story(inside, title_keys)
    if cut is not None:
        last = inside[cut - 1]
        end = next(i for i, b in enumerate(blocks) if b is last) + 1
        inside = inside[:cut]
    header = _title_header(inside, title_keys)
    kept: list[Block] = []
    seen_prose = 0
    for block in inside:
        if header is not None and header in block.path:
            continue
        if block.kind == "heading" and _key(block.text) in title_keys:
            continue
        if _CONTENTS_TITLE.match(block.text):
            continue
        if block.kind in _TEXT_KINDS:
            if _BOILERPLATE.match(block.text) or _SHORTCODE_LINE.match(block.text):
                continue
            if seen_prose < _HEADER_PROSE and _is_header_line(block.text):
                continue
            if block.link_density > _NAV_LINK_DENSITY and not block.promo \
                    and not _could_be_promo(block):
                continue
            if len(block.text) >= 80:
                seen_prose += 1
        kept.append(block)
    return kept, end


# Paragraphs at least this long that occur twice are a duplicated copy of the article
# (mobile and desktop versions, a hidden print copy), not repeated prose.
_REPEAT_MIN_CHARS = 80


def drop_repeats(blocks: list[Block]) -> list[Block]:
    """Drop a second copy of the article: a stretch with three or more repeated paragraphs.

    Long paragraphs decide (repeated or fresh); short lines between them (captions,
    titles) go with the stretch they sit in. An isolated repeat is a quote or refrain.
    """
    seen: dict[str, int] = {}
    drop = [False] * len(blocks)
    start: int | None = None
    last = -1
    last_origin = -1
    repeats = 0

    seen_short = {b.text for b in blocks if b.kind in _TEXT_KINDS}

    def close() -> None:
        if start is None or repeats < 3:
            return
        # Short lines just before the stretch (a caption, an entry title) repeat too.
        first = start
        while first > 0 and (blocks[first - 1].kind == "image" or (
                blocks[first - 1].kind in _TEXT_KINDS
                and len(blocks[first - 1].text) < _REPEAT_MIN_CHARS
                and blocks[first - 1].text in earlier_text(first - 1))):
            first -= 1
        for j in range(first, last + 1):
            drop[j] = True

    def earlier_text(index: int) -> set[str]:
        return {b.text for b in blocks[:index] if b.kind in _TEXT_KINDS} & seen_short

    for i, block in enumerate(blocks):
        if block.kind not in _TEXT_KINDS or len(block.text) < _REPEAT_MIN_CHARS:
            continue
        origin = seen.get(block.text)
        # A copy repeats the original in its order; anything else ends the stretch.
        if origin is not None and (start is None or origin > last_origin):
            if start is None:
                start, repeats = i, 0
            repeats += 1
            last, last_origin = i, origin
        else:
            close()
            start, repeats = None, 0
            seen.setdefault(block.text, i)
    close()
    return [b for b, d in zip(blocks, drop, strict=True) if not d]


# The header around the headline holds a kicker, a dek, a byline and dates: this much text.
_HEADER_MAX_CHARS = 600


def _title_header(blocks: list[Block], title_keys: set[str]) -> int | None:
    """mem_id of the <header> (or class "…header") around the headline, when it is small.

    Kicker, dek, byline and date sit there; the article's text does not.
    """
    title = next((b for b in blocks if b.kind == "heading" and _key(b.text) in title_keys),
                 None)
    if title is None:
        return None
    for mem_id, look in zip(reversed(title.path[:-1]), reversed(title.path_sigs[:-1]),
                            strict=False):
        tag, _, cls = look.partition(".")
        if tag == "header" or "header" in re.split(r"[._\-]+", cls.lower()):
            chars = sum(len(b.text) for b in blocks if mem_id in b.path and b is not title)
            return mem_id if chars <= _HEADER_MAX_CHARS else None
    return None


def _is_header_line(text: str) -> bool:
    """A byline, dateline or reading time between the headline and the text."""
    if len(text) >= 120:
        return False
    if _BYLINE.match(text) or _READING_TIME.match(text):
        return True
    return len(text.split()) <= _DATELINE_MAX_WORDS and not text.endswith((".", "!", "?")) \
        and _DATELINE.search(text) is not None


def _next_story(blocks: list[Block], title_keys: set[str]) -> int | None:
    """Index of the first headline of a feed under the article: a linked heading that
    looks like the page's own headline (same tag, class and level).

    Digg-style feeds and "more stories" rivers repeat the look of the article's headline
    on each teaser; the article ends before the first of them.
    """
    title = next((i for i, b in enumerate(blocks)
                  if b.kind == "heading" and _key(b.text) in title_keys), None)
    if title is None or "." not in blocks[title].signature:
        return None
    look = (blocks[title].signature, blocks[title].level)
    for i in range(title + 1, len(blocks)):
        block = blocks[i]
        if block.kind == "heading" and (block.signature, block.level) == look \
                and _is_linked_heading(block) and _key(block.text) not in title_keys:
            return i
    return None


def _is_linked_heading(block: Block) -> bool:
    """The heading is (nearly all) a link to another page."""
    linked = sum(len(text) for text, href in block.links
                 if href and not href.startswith(_IN_PAGE_HREF))
    return linked >= 0.8 * len(block.text)


# A rank printed in its own element: "8", "#8", "No. 8", "8." and nothing else.
_RANK_ONLY = re.compile(r"^(?:#|no\.?\s*)?(\d{1,3})[.):]?$", re.I)


def attach_detached_ranks(blocks: list[Block]) -> list[Block]:
    """Give a heading the rank printed in its own element just before it (PMC lists).

    ``<figure/><span class=rank>8</span><h2>Title</h2>``: the "8" becomes the
    heading's rank hint and leaves the text, so it is not the previous entry's last line.
    """
    out: list[Block] = []
    for i, block in enumerate(blocks):
        match = _RANK_ONLY.match(block.text) if block.kind == "para" else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if match and nxt is not None and nxt.kind == "heading":
            nxt.rank_hint = int(match.group(1))
            continue
        out.append(block)
    return out


def _could_be_promo(block: Block) -> bool:
    """A short line with a link or three that find_promos may read as RELATED/NEXT.

    A line whose links all stay within the page ("#section") is a table of contents.
    """
    if len(block.text) >= 320 or len(block.links) > 3:
        return False
    return any(not href.startswith(_IN_PAGE_HREF) for _, href in block.links)


# hrefs that do not lead to another page.
_IN_PAGE_HREF = ("#", "javascript:")


def _key(text: str | None) -> str:
    return re.sub(r"\W+", " ", (text or "").casefold()).strip()


def _images(block: Block) -> list[Image]:
    return [Image(**img) for img in block.images]


def _leading_images(blocks: list[Block], index: int) -> int:
    """How many image blocks stand directly before ``index``."""
    n = 0
    while index - n - 1 >= 0 and blocks[index - n - 1].kind == "image":
        n += 1
    return n


def _entry(blocks: list[Block], found: Found, k: int, numbered: bool,
           images_lead: bool = False, base: str | None = None) -> Entry:
    marker = found.markers[k]
    head = blocks[marker.index]
    if marker.line is not None:
        stop = marker.index
    elif k + 1 < len(found.markers):
        stop = found.markers[k + 1].index
        # Pages that put each entry's picture above its title: it belongs to the next entry.
        if images_lead:
            stop -= _leading_images(blocks, stop)
    else:
        stop = found.end
    paragraphs: list[str] = []
    images: list[Image] = []
    links: list[Link] = []
    if marker.rest:
        paragraphs.append(marker.rest)
    if marker.line is None:
        links.extend(Link(text=t, url=u) for t, u in resolve_links(head, base))
        images.extend(_images(head))
    if images_lead and marker.line is None:
        for block in blocks[marker.index - _leading_images(blocks, marker.index):marker.index]:
            images.extend(_images(block))
    for block in blocks[marker.index + 1:stop]:
        if block.kind in _TEXT_KINDS or (block.kind == "heading"):
            paragraphs.append(block.text)
            links.extend(Link(text=t, url=u) for t, u in resolve_links(block, base))
        elif block.kind == "image":
            images.extend(_images(block))
        elif block.kind == "embed":
            links.extend(Link(text=t, url=u) for t, u in resolve_links(block, base))
    return Entry(
        rank=marker.rank if numbered else None,
        title=marker.title,
        anchor=head.anchor if marker.line is None else None,
        paragraphs=paragraphs,
        images=_dedupe_images(images),
        links=_dedupe_links(links),
    )


def _dedupe_images(images: list[Image]) -> list[Image]:
    seen: set[str] = set()
    out = []
    for image in images:
        if image.src not in seen:
            seen.add(image.src)
            out.append(image)
    return out


def _dedupe_links(links: list[Link]) -> list[Link]:
    seen: set[tuple[str, str]] = set()
    out = []
    for link in links:
        if (link.text, link.url) not in seen:
            seen.add((link.text, link.url))
            out.append(link)
    return out


def _order(entries: list[Entry]) -> str | None:
    ranks = [e.rank for e in entries if e.rank is not None]
    if not entries:
        return None
    if len(ranks) < 2:
        return "unranked" if not ranks else "ascending"
    return "ascending" if ranks[-1] > ranks[0] else "descending"


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
    parts = []
    for block in blocks:
        if block.kind in _TEXT_KINDS or block.kind == "heading":
            if block.lines and block.kind == "para":
                parts.append("\n".join(block.lines))
            else:
                parts.append(block.text)
    return "\n\n".join(parts)


def _warnings(meta: Metadata, entries: list[Entry], found: Found | None) -> list[str]:
    warnings: list[str] = []
    if not meta.title:
        warnings.append("no title found")
    if found is not None:
        warnings.extend(found.warnings)
        if meta.declared_count is not None and meta.declared_count != len(entries):
            warnings.append(
                f"headline promises {meta.declared_count} entries but {len(entries)} were found")
        ranks = [e.rank for e in entries if e.rank is not None]
        dupes = sorted({r for r in ranks if ranks.count(r) > 1})
        for rank in dupes:
            msg = f"rank {rank} repeated"
            if msg not in warnings:
                warnings.append(msg)
        empty = [e for e in entries if not e.paragraphs and not e.images]
        if empty and len(empty) < len(entries):
            for e in empty:
                warnings.append(f"entry {e.rank if e.rank is not None else e.title!r} has no body")
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
    try:
        return _extract(html, url, source=source, encoding=encoding)
    except ValidationError as exc:
        # Any model built on the way (an entry, an image, a promo) that breaks the contract.
        first_error = exc.errors()[0]
        where = ".".join(str(x) for x in first_error.get("loc", ()))
        raise ExtractionError(f"{exc.title} failed validation at {where}: "
                              f"{first_error['msg']}") from exc


def _extract(html: bytes | str, url: str | None = None, *, source: Source | None = None,
             encoding: str | None = None) -> Listicle:
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
    body_node = doc.body
    blocks = linearize(body_node, page_url) if body_node is not None else []
    body, end = _body_blocks(blocks, meta)
    body = drop_repeats(body)

    body = attach_detached_ranks(body)
    promos, taken = find_promos(body, page_url)
    content = [b for i, b in enumerate(body) if i not in taken]
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

    related: list[Related] = []
    next_link: Next | None = None
    for promo in promos:
        if promo.pagination:
            continue
        if promo.is_next:
            next_link = Next(text=promo.text, url=promo.url)
            continue
        where, k = _position(points[promo.index], found if entries else None)
        related.append(Related(
            text=promo.text, url=promo.url, label=promo.label, position=where,
            entry_rank=entries[k].rank if k is not None else None, entry_index=k,
        ))
    if next_link is None:
        series = find_series_next(blocks[end:], page_url)
        if series is not None:
            next_link = Next(text=series.text, url=series.url)

    if found and entries:
        first = found.markers[0].index
        intro = [b.text for b in content[:first] if b.kind in _TEXT_KINDS]
        conclusion = [b.text for b in content[found.end:] if b.kind in _TEXT_KINDS]
    else:
        intro = [b.text for b in content if b.kind in _TEXT_KINDS]
        conclusion = []

    src = source or Source()
    src = src.model_copy(update={
        "url": src.url or url or meta.canonical_url,
        "sha256": src.sha256 or _sha256(data),
        "encoding": doc.encoding,
    })
    try:
        return Listicle(
            source=src,
            title=meta.title,
            authors=meta.authors,
            published_at=meta.published_at,
            modified_at=meta.modified_at,
            canonical_url=meta.canonical_url,
            site_name=meta.site_name,
            language=meta.language,
            description=meta.description,
            image=meta.image,
            declared_count=meta.declared_count,
            order=_order(entries),
            intro=intro,
            entries=entries,
            conclusion=conclusion,
            related=related,
            next=next_link,
            text=clean_text_keep_paragraphs(_text(content)),
            warnings=doc.warnings + _warnings(meta, entries, found),
        )
    except ValidationError as exc:
        first_error = exc.errors()[0]
        where = ".".join(str(x) for x in first_error.get("loc", ()))
        raise ExtractionError(f"output failed validation at {where}: {first_error['msg']}") \
            from exc


def clean_text_keep_paragraphs(text: str) -> str:
    """Whitespace collapsed inside each paragraph; paragraphs separated by one blank line."""
    paras = [clean_text(p) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paras if p)


__all__ = ["Promo", "extract"]
