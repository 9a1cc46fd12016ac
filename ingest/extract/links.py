"""In-body promos: ``RELATED:`` / ``READ MORE:`` lines and the closing ``NEXT:`` link.

A promo is a short paragraph whose point is one link to another article. It is
found by its label (``RELATED:``, ``READ MORE:``, ``SEE ALSO:``, ``ALSO READ:``,
``NEXT:`` and their case and punctuation variants, the label bold or not), or
it is a small box headed by such a label, or an aside in brackets whose verb
sends the reader on ("[ Also read X ]", "(Want more? Read X and Y.)"). A short
paragraph that is nothing but one link to the same site leaves the text too,
but is not a promo: only labelled links are.
Promos are taken out of the body and entry text and returned as links, with
the index of the block they stood at so the caller can say where they were.

``NEXT:`` is told apart from a paginator: "Next: <another article>" names an
article; "Next page", "Next »" or a link to the same path with ``?page=2`` or
``/2/`` is pagination of this article and is not a NEXT link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ingest.extract.blocks import Block, resolve_links
from ingest.extract.classify import PROMO_LABEL
from ingest.normalize import clean_text

# Labels that name the following article rather than a related one.
_NEXT_LABELS = {"NEXT", "NEXT ARTICLE", "READ NEXT", "UP NEXT", "NEXT UP", "NEXT STORY"}
# Paragraph text longer than this is prose that happens to contain a link, not a promo.
_MAX_PROMO_CHARS = 320
# An unlabeled promo: the link covers nearly all of a short paragraph.
_UNLABELED_COVERAGE = 0.9
_UNLABELED_MAX_CHARS = 160
# Pagination of the same article, not another article.
_PAGINATION_TEXT = re.compile(r"^(next|next page|more|continue|›|»|>|→|\d+)\W*$", re.I)
_PAGE_PATH = re.compile(r"(?:[?&](?:page|p|pg|paged)=\d+|/(?:page/)?\d{1,3}/?$)", re.I)


@dataclass(frozen=True, slots=True)
class Promo:
    """A promo found at a block: its label, link text and URL."""

    index: int
    label: str | None
    text: str
    url: str
    is_next: bool
    pagination: bool = False
    """A "NEXT:" line that pages through this same article: navigation, not a link out."""
    unlabeled: bool = False
    """A lone same-site link with no label: taken out of the text, but not a promo."""
    more: tuple[tuple[str, str], ...] = ()
    """The other links of a labelled line that is nothing but links ("Read more: A and B")."""

    def each(self) -> list[Promo]:
        """This promo and one more for each other link of its line, in order."""
        return [self] + [Promo(self.index, self.label, t, u, False) for t, u in self.more]


def site_host(url: str | None) -> str:
    """The host that names a site: lower case, ``www.`` dropped ('' for no URL)."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def _label_of(text: str) -> tuple[str | None, str]:
    match = PROMO_LABEL.match(text)
    if not match:
        return None, text
    label = clean_text(re.sub(r"[:：|»>\-–—\s]+$", "", match.group(0))).upper()
    return label, text[match.end():]


def is_pagination(text: str, url: str, page_url: str | None) -> bool:
    """True when a "next" link is the next page of this article rather than another one."""
    if _PAGINATION_TEXT.match(clean_text(text)):
        return True
    if not page_url:
        return bool(_PAGE_PATH.search(url))
    here, there = urlsplit(page_url), urlsplit(url)
    if site_host(page_url) != site_host(url):
        return False
    stem = _PAGE_PATH.sub("", here.path.rstrip("/"))
    return bool(_PAGE_PATH.search(there.path + ("?" + there.query if there.query else ""))) and \
        _PAGE_PATH.sub("", there.path.rstrip("/")).startswith(stem)


def promo_at(index: int, block: Block, page_url: str | None) -> Promo | None:
    """The promo this block is, or None when it is content."""
    if block.kind not in ("para", "item", "quote") or not block.links:
        return None
    return _labelled_or_lone(index, block, page_url) or _aside(index, block, page_url)


def _labelled_or_lone(index: int, block: Block, page_url: str | None) -> Promo | None:
    """A promo by its label, its furniture box, or a lone same-site link."""
    text = block.text
    if len(text) > _MAX_PROMO_CHARS:
        return None
    label, rest = _label_of(text)
    # Cheap shape tests first: most paragraphs with a link are prose, not promos.
    unlabeled_shape = len(block.links) == 1 and len(text) <= _UNLABELED_MAX_CHARS \
        and block.kind == "para" and block.signature.split(".")[0] == "p"
    if not label and not block.promo and not unlabeled_shape:
        return None
    links = [(t, u) for t, u in resolve_links(block, page_url) if t]
    if not links:
        return None
    if label:
        # "Previous: … Next: …" pairs in series navigation: take the NEXT part only.
        link_text, url = links[0]
        if label in ("PREVIOUS", "PREV") or (label in _NEXT_LABELS and len(links) > 1):
            return _next_in_pairs(index, block, page_url)
        if len(clean_text(rest)) > 2.5 * max(len(link_text), 1) + 20 and len(links) == 1:
            return None  # a sentence that starts with "More:" but is prose
        is_next = label in _NEXT_LABELS
        if is_next and is_pagination(link_text, url, page_url):
            return Promo(index, label, link_text, url, False, pagination=True)
        return Promo(index, label, link_text, url, is_next,
                     more=tuple(links[1:]) if not is_next and _only_links(
                         _without_label(rest, label), links) else ())
    if block.promo:
        link_text, url = links[0]
        return Promo(index, None, link_text, url, False)
    # Unlabeled: one link to the same site that is the whole short <p> (not a card of divs),
    # a headline standing alone. Only labelled promos are related (the link of a sentence,
    # "Read our full review of X", is the article's own); this one only leaves the text.
    if unlabeled_shape and len(links) == 1:
        link_text, url = links[0]
        same_site = page_url is None or site_host(url) == site_host(page_url)
        # A sentence ("Read our full review.") is the entry's own text and link.
        if same_site and len(link_text) >= _UNLABELED_COVERAGE * len(text) \
                and len(link_text.split()) >= 4 and urlsplit(url).path not in ("", "/") \
                and not text.endswith("."):
            return Promo(index, None, link_text, url, False, unlabeled=True)
    return None


# A line in brackets: "[ Also read X ]", "(Want more? Read X and Y.)".
_BRACKETED = re.compile(r"^\s*[\[(].+[\])]\s*\.?$", re.S)
# The verb just before the first link of a bracketed aside, which is its label.
_ASIDE_VERB = re.compile(
    r"\b(also\s+read|read|see(?:\s+also)?|related(?:\s+reading)?|check\s+out)\s*[:：]?\s*$",
    re.I)


def _aside(index: int, block: Block, page_url: str | None) -> Promo | None:
    """A bracketed aside that sends the reader to other articles: "[ Also read X ]",
    "[ Want more advice? Read X and Y. ]" (a credit, "(Source: X)", names no verb). Every
    link is a promo; the verb is the label."""
    text = block.text
    if text.lstrip()[:1] not in ("[", "(") or len(text) > _MAX_PROMO_CHARS \
            or not _BRACKETED.match(text):
        return None
    links = [(t, u) for t, u in resolve_links(block, page_url) if t]
    if not links:
        return None
    before, _, after = text.partition(links[0][0])
    verb = _ASIDE_VERB.search(before)
    if not verb or not _just_links(links[0][0] + after, links):
        return None
    label = clean_text(verb.group(1)).upper()
    return Promo(index, label, links[0][0], links[0][1], False, more=tuple(links[1:]))


# What may stand between the links of a links-only promo line, and the closing
# punctuation of a line in brackets ("(Related reading: A & B.)").
_LINK_SEPARATORS = re.compile(r"^(?:[\s,;|/&·•.()\[\]]|\band\b|\bor\b)*$", re.I)


def _without_label(rest: str, label: str) -> str:
    """The text after a label without the label's repeats: "Recommended: A Recommended: B"
    (one label per <br> line) reads as "A B"."""
    words = r"\s+".join(map(re.escape, label.split()))
    return re.sub(rf"(?i)(?:^|(?<=\W)|(?<=[a-z]))(?:{words})\s*[:：|»>\-–—]+", " ", rest)


def _only_links(rest: str, links: list[tuple[str, str]]) -> bool:
    """The text after the label is the links' text and separators ("A and B", "A | B")."""
    return len(links) >= 2 and _just_links(rest, links)


def _just_links(rest: str, links: list[tuple[str, str]]) -> bool:
    """``rest`` is nothing but the links' text and separators."""
    for text, _ in links:
        rest = rest.replace(text, " ", 1)
    return bool(_LINK_SEPARATORS.match(rest))


_NEXT_IN_LINE = re.compile(r"\b(next(?:\s+(?:article|post|story))?)\s*[:：»]", re.I)


def _next_in_pairs(index: int, block: Block, page_url: str | None) -> Promo | None:
    """'Next article: X  Previous article: Y' in one paragraph: the link after 'Next'."""
    text = block.text
    match = _NEXT_IN_LINE.search(text)
    if not match:
        return None
    after = text[match.end():]
    for link_text, url in resolve_links(block, page_url):
        if link_text and after.lstrip().startswith(link_text[:20]):
            if is_pagination(link_text, url, page_url):
                return None
            return Promo(index, "NEXT", link_text, url, True)
    return None


# A line that is only a promo label: "Related Articles:", "RELATED", "Read more", "See also".
_LABEL_ONLY = re.compile(
    r"^(related(?:\s+(?:articles?|stories|story|reading|content|posts?|links?|coverage|news))?"
    r"|read\s+more|see\s+also|also\s+read|more|more\s+(?:stories|reading|coverage|news)"
    r"|recommended(?:\s+(?:reading|stories|for\s+you))?|you\s+(?:may|might)\s+also\s+like"
    r"|don[’']?t\s+miss|must\s+read|read\s+next|up\s+next|further\s+reading"
    r"|check\s+(?:it\s+)?out(?:\s+(?:next|also|these|more))?"
    r"|あわせて読みたい|関連記事|читайте\s+также|lesen\s+sie\s+auch|à\s+lire\s+aussi"
    r"|leggi\s+anche|lee\s+también)\s*[:：]?$",
    re.I,
)
# At most this many link lines follow a label line in a promo box.
_MAX_BOX_LINKS = 6


def _link_lines(block: Block, page_url: str | None) -> list[tuple[str, str]]:
    """The links of a block made of nothing but link text (one per line or card)."""
    if block.kind not in ("para", "item") or not block.links:
        return []
    linked = sum(len(t) for t, _ in block.links if t)
    if linked < 0.85 * len(block.text.replace(" ", "")) - 2 * len(block.links):
        return []
    return [(t, u) for t, u in resolve_links(block, page_url) if len(t.split()) >= 3]


# A box's item that is one short sentence around its link: "Explore … <a>X</a>."
_BOX_ITEM_CHARS = 200


def _box_item_link(block: Block, page_url: str | None) -> list[tuple[str, str]]:
    """The link of a list item that is one short sentence holding one link."""
    if block.kind != "item" or len(block.links) != 1 or len(block.text) > _BOX_ITEM_CHARS:
        return []
    return [(t, u) for t, u in resolve_links(block, page_url) if len(t.split()) >= 2]


# A paragraph this long is the article's prose, not a module's line.
_PROSE_CHARS = 80


def _last_prose(blocks: list[Block]) -> int:
    """Index of the article's last paragraph of prose, or -1: after it, the page's modules."""
    return max((i for i, b in enumerate(blocks)
                if b.kind in ("para", "quote") and len(b.text) >= _PROSE_CHARS), default=-1)


# A heading that labels a box of links to a topic: "Related investing topics".
_RELATED_HEADING = re.compile(r"^related(?:\s+[\w'’-]+){1,3}\s*:?$", re.I)


def _card_title(blocks: list[Block], j: int, label: Block, page_url: str | None) -> bool:
    """A heading deeper than the box's label, followed by a link line: a card's title
    (``<a><h3>Title</h3><p>teaser</p></a>``), part of the card that follows."""
    b = blocks[j]
    return b.kind == "heading" and label.kind == "heading" and b.level > label.level \
        and j + 1 < len(blocks) and bool(_link_lines(blocks[j + 1], page_url))


def find_promos(blocks: list[Block], page_url: str | None) -> tuple[list[Promo], set[int]]:
    """Every promo among the blocks, in order, and the indices of the blocks they take."""
    found: list[Promo] = []
    taken: set[int] = set()
    last_prose = _last_prose(blocks)  # once per page, not once per label
    i = 0
    while i < len(blocks):
        block = blocks[i]
        # "Related Stories" on its own line, then one link per line or card: a promo box.
        if (block.kind in ("para", "heading") and _LABEL_ONLY.match(block.text)) or (
                block.kind == "heading" and _RELATED_HEADING.match(block.text)):
            label = clean_text(block.text.rstrip(":：")).upper()
            j = i + 1
            box: list[Promo] = []
            while j < len(blocks) and len(box) < _MAX_BOX_LINKS:
                if blocks[j].kind == "image" or _card_title(blocks, j, block, page_url):
                    j += 1
                    continue
                lines = _link_lines(blocks[j], page_url) or _box_item_link(blocks[j], page_url)
                if not lines:
                    break
                box.extend(Promo(j, label, t, u, False) for t, u in lines)
                j += 1
            # The label line goes either way: with its links, or alone as furniture. A
            # section titled by a heading after the article's last paragraph ("<h2>Related
            # posts</h2>" and its list) or a box that goes on past a handful of links is an
            # end-of-page module, not a promo.
            module = (block.kind == "heading" and j > last_prose) or (
                j < len(blocks) and len(box) >= _MAX_BOX_LINKS
                and bool(_link_lines(blocks[j], page_url)))
            if not module:
                found.extend(box)
            taken.update(range(i, j))
            i = j
            continue
        promo = promo_at(i, block, page_url)
        if promo is not None:
            found.extend(promo.each())
            taken.add(i)
        i += 1
    return found, taken


def find_series_next(blocks: list[Block], page_url: str | None) -> Promo | None:
    """A labelled "Next:" link in series navigation after the article (outside the body)."""
    for i, block in enumerate(blocks):
        if block.kind not in ("para", "item") or not block.links or len(block.text) > 400:
            continue
        if not _NEXT_IN_LINE.search(block.text[:40]) and not block.text.lower().startswith(
                ("next:", "next article", "next post", "next story")):
            continue
        promo = _next_in_pairs(i, block, page_url)
        if promo is not None:
            return promo
    return None
