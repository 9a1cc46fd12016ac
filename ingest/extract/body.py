"""Which of the container's blocks are the article's body.

The container (:mod:`.container`) still holds what sits between the headline
and the text and what trails it: the headline itself, its header (kicker,
dek, byline, dates, reading time), boilerplate lines ("Advertisement",
"Share this"), unrendered shortcodes, a table of contents, link-heavy
navigation, a feed of other stories' headlines after the article, and on some
pages a second copy of the whole article. Each is dropped here by a named rule.
"""

from __future__ import annotations

import re

from ingest.extract.blocks import Block
from ingest.extract.container import RANK_ONLY, blocks_in, choose_container, in_container
from ingest.extract.metadata import Metadata
from ingest.normalize import text_key

TEXT_KINDS = ("para", "item", "quote", "pre")
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




def body_blocks(blocks: list[Block], meta: Metadata) -> tuple[list[Block], int]:
    """The article's blocks with headline, header matter and boilerplate lines dropped.

    The container's blocks, cut before a feed of other stories' headlines; without the
    headline, the small ``<header>`` around it, bylines, datelines and reading times
    before the second paragraph of prose, table-of-contents titles, boilerplate and
    shortcode lines, and link-heavy lines that cannot be promos.
    Also returns the index (in ``blocks``) just past the article's last block.
    """
    container = choose_container(blocks, meta.article_body)
    inside = blocks_in(blocks, container)
    end = _end_of_container(blocks, container)
    title_keys = {text_key(t) for t in meta.title_candidates if t}
    # Which blocks are the headline: each heading's key is made once.
    is_title = [b.kind == "heading" and text_key(b.text) in title_keys for b in inside]
    cut = _next_story(inside, is_title)
    if cut is not None:
        last = inside[cut - 1]
        end = next(i for i, b in enumerate(blocks) if b is last) + 1
        inside, is_title = inside[:cut], is_title[:cut]
    header = _title_header(inside, is_title)
    kept: list[Block] = []
    seen_prose = 0
    for block, headline in zip(inside, is_title, strict=True):
        if header is not None and header in block.path:
            continue
        if headline:
            continue
        if _CONTENTS_TITLE.match(block.text):
            continue
        if block.kind in TEXT_KINDS:
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


def _end_of_container(blocks: list[Block], container: set[int] | None) -> int:
    """The index just past the last block inside the container (all blocks without one)."""
    if container is None:
        return len(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        if in_container(blocks[i], container):
            return i + 1
    return 0


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

    def close() -> None:
        if start is None or repeats < 3:
            return
        # Short lines just before the stretch (a caption, an entry title) repeat too.
        first = start
        while first > 0 and (blocks[first - 1].kind == "image" or (
                blocks[first - 1].kind in TEXT_KINDS
                and len(blocks[first - 1].text) < _REPEAT_MIN_CHARS
                and blocks[first - 1].text in earlier_text(first - 1))):
            first -= 1
        for j in range(first, last + 1):
            drop[j] = True

    def earlier_text(index: int) -> set[str]:
        return {b.text for b in blocks[:index] if b.kind in TEXT_KINDS}

    for i, block in enumerate(blocks):
        if block.kind not in TEXT_KINDS or len(block.text) < _REPEAT_MIN_CHARS:
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


def _title_index(is_title: list[bool]) -> int | None:
    """Index of the first block that is the headline, if any."""
    return is_title.index(True) if True in is_title else None


def _title_header(blocks: list[Block], is_title: list[bool]) -> int | None:
    """mem_id of the <header> (or class "…header") around the headline, when it is small.

    Kicker, dek, byline and date sit there; the article's text does not.
    """
    at = _title_index(is_title)
    if at is None:
        return None
    title = blocks[at]
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


def _next_story(blocks: list[Block], is_title: list[bool]) -> int | None:
    """Index of the first headline of a feed under the article: a linked heading that
    looks like the page's own headline (same tag, class and level).

    Digg-style feeds and "more stories" rivers repeat the look of the article's headline
    on each teaser; the article ends before the first of them.
    """
    title = _title_index(is_title)
    if title is None or "." not in blocks[title].signature:
        return None
    look = (blocks[title].signature, blocks[title].level)
    for i in range(title + 1, len(blocks)):
        block = blocks[i]
        if block.kind == "heading" and (block.signature, block.level) == look \
                and _is_linked_heading(block) and not is_title[i]:
            return i
    return None


def _is_linked_heading(block: Block) -> bool:
    """The heading is (nearly all) a link to another page."""
    linked = sum(len(text) for text, href in block.links
                 if href and not href.startswith(_IN_PAGE_HREF))
    return linked >= 0.8 * len(block.text)




def attach_detached_ranks(blocks: list[Block]) -> list[Block]:
    """Give a heading or a name line the rank printed in its own element just before it.

    ``<figure/><span class=rank>8</span><h2>Title</h2>`` (PMC lists): the "8" becomes the
    heading's rank hint and leaves the text, so it is not the previous entry's last line.
    A ranking grid of div rows (``<div>1.</div><img><div><a>Name</a></div>``) gives it to
    the short name line after it, pictures between them.
    """
    out: list[Block] = []
    for i, block in enumerate(blocks):
        # The rank may be a paragraph, a list item's line or a heading of its own
        # (<h2>1.</h2><h2>Squarespace</h2>).
        match = RANK_ONLY.match(block.text) if block.kind in ("para", "item", "heading") \
            else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if match and nxt is not None and nxt.kind == "heading":
            nxt.rank_hint = int(match.group(1))
            continue
        if match and block.kind == "para" and not _in_table_row(block):
            name = _name_line_after(blocks, i)
            if name is not None:
                name.rank_hint = int(match.group(1))
                continue
        out.append(block)
    return out


# A name line of a ranking grid is at most this long; this many pictures may precede it.
_NAME_LINE_CHARS = 100
_NAME_LINE_IMAGES = 2


def _name_line_after(blocks: list[Block], i: int) -> Block | None:
    """The short name line (not a sentence, not another rank) just after block ``i``,
    past a picture or two."""
    j = i + 1
    while j < len(blocks) and j - i <= _NAME_LINE_IMAGES and blocks[j].kind == "image":
        j += 1
    name = blocks[j] if j < len(blocks) else None
    if name is None or name.kind != "para" or _in_table_row(name) \
            or len(name.text) > _NAME_LINE_CHARS or name.text.endswith((".", ":")) \
            or sum(c.isalpha() for c in name.text) < 2 or RANK_ONLY.match(name.text):
        return None
    return name


def _in_table_row(block: Block) -> bool:
    """A table cell: its rank and name are read as a row (see entries)."""
    return bool(block.path_sigs) and block.path_sigs[-1].startswith("tr")


def _could_be_promo(block: Block) -> bool:
    """A short line with a link or three that find_promos may read as RELATED/NEXT.

    A line whose links all stay within the page ("#section") is a table of contents.
    """
    if len(block.text) >= 320 or len(block.links) > 3:
        return False
    return any(not href.startswith(_IN_PAGE_HREF) for _, href in block.links)


# hrefs that do not lead to another page.
_IN_PAGE_HREF = ("#", "javascript:")
