"""Find the article body and linearize it into blocks.

One iterative walk over ``<body>`` (no recursion, so a page nested 20,000
deep is as safe as a flat one) turns the tree into a flat list of
:class:`Block` s: headings with their level and id, paragraphs (text runs
between block-level boundaries, with their links, bold/italic shape and
``<br>`` lines), list items with their ``<ol>`` position, quotes, code,
images with captions and embeds. What a reader does not see as the article
is skipped on the way:

- furniture (navigation, share bars, newsletter boxes, comments, ads, author
  bios, "up next" cards, tables of contents, price widgets) by tag, ARIA role
  and class/id vocabulary. The vocabulary reads what an element *is*: BEM
  modifiers (``l-grid--sidebar``), state and placement classes
  (``has-sidebar``, ``after_content``) and taxonomy classes
  (``category-popular``) only say how it varies, where it sits or how it is
  filed, and page-builder "widgets" are content;
- hidden elements: ``hidden``, ``aria-hidden``, inline ``display:none`` and
  hiding utility classes (``hide``, ``d-none``) not shown again at some width;
- captions and photo credits that stand apart from their image.

A ``<figure>`` is a picture unless it holds a table, a quote or code. React
streaming SSR pages (content sent last in ``<div hidden id="S:n">``) are read
with each segment where its ``<template id="B:n">`` stands, and text that a
site stored as mojibake ("isnâ€™t") is repaired.

The article container is then chosen among the blocks' ancestors: each
paragraph votes for its ancestors with its text length (minus link text),
link-heavy, very short and cut-short ("…") blocks vote against, and each
level of distance discounts a vote by :data:`_DECAY`, so a page wrapper does
not win by collecting footers, date lines and teasers around the article.
The tightest ancestor within 5% of the best score wins, joined by sibling
boxes that look the same (an article cut into sections by a page builder).
When the page's JSON-LD ``articleBody`` is the whole text (not an excerpt),
the votes come from agreement with it instead. ``assemble._body_blocks`` then
drops the headline, its header (kicker, dek, byline, dates) and boilerplate
lines, and ends the article before a feed of other stories' headlines.

The tree is only read, never modified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborNode

from ingest.normalize import clean_text, clean_url

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Elements that end the current paragraph and start a new one.
BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details dialog div dl dt fieldset figcaption "
    "figure footer form header hgroup hr li main nav ol p pre section table tbody thead tfoot "
    "tr td th caption ul summary body menu".split()
)
# Elements whose content is never article text.
SKIP_TAGS = frozenset(
    "script style noscript template svg math button select option textarea input canvas "
    "object map area head title link meta base frameset frame dialog nav".split()
)
EMBED_TAGS = frozenset({"iframe", "video", "audio", "embed"})
BOLD_TAGS = frozenset({"strong", "b"})
ITALIC_TAGS = frozenset({"em", "i"})
# Inline elements: one with a single text child is read without pushing it.
_INLINE_TAGS = frozenset(
    "a span strong b em i u small font abbr cite code time mark sup sub label q s del ins "
    "dfn kbd samp var bdi bdo data".split()
)
# Elements whose end changes the walk's state (all others need no leave marker).
_LEAVE_TAGS = BLOCK_TAGS | BOLD_TAGS | ITALIC_TAGS | {"a"}

# Class/id words of page furniture, matched against whole hyphen/underscore-separated
# words of each class and the id.
_FURNITURE_WORDS = frozenset(
    """
    nav navbar navigation menu breadcrumb breadcrumbs masthead topbar toolbar skip skiplink
    share shares sharing sharebar social socials sociallinks sharethis addthis
    newsletter newsletters subscribe subscription signup
    comment comments commentlist disqus respond
    related recommended recirc recirculation trending popular outbrain taboola
    upnext
    ad ads adv advert adverts advertisement advertising sponsor sponsored dfp gpt adslot
    sidebar
    authorbio bio byline author-bio about-author
    cookie cookies consent gdpr popup modal overlay paywall-prompt
    footer
    tags taglist
    print jump-link
    """.split()
)
# Multi-word class names of furniture (joined without separators before matching).
_FURNITURE_JOINED = (
    "authorbox", "authorbio", "aboutauthor", "aboutthe author", "readmore", "readnext", "upnext",
    "morestories", "relatedposts", "relatedarticles", "relatedcontent", "relatedstories",
    "youmayalsolike", "youmightalsolike", "moreon", "nextarticle", "nextpost", "postnavigation",
    "sharebutton", "socialshare", "sharetools", "newsletterform", "newslettersignup",
    "commentsarea", "sitefooter", "siteheader", "globalnav", "skipto", "screenreader",
    "srOnly".lower(), "visuallyhidden", "adcontainer", "adwrapper", "adunit", "widgetarea",
    # Price and product boxes of affiliate commerce ("product-widget hawk-widget").
    "productwidget", "pricewidget", "dealwidget", "dealswidget", "shopwidget", "buywidget",
    "affiliatewidget", "commercewidget", "pricecomparison",
    # Tables of contents and share-count bars (WordPress "Shared Counts").
    "tableofcontents", "toccontainer", "toclist", "tocbox", "tocwidget", "tocwrapper",
    "sharedcounts", "sharedaddy", "jetpacklikes",
)
_FURNITURE_JOINED_RE = re.compile("|".join(map(re.escape, _FURNITURE_JOINED)))
_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                    "menu", "menubar", "toolbar", "alert", "alertdialog"})
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# A furniture-looking element this long with little link text is a wrapper, not furniture.
_WRAPPER_TEXT_CHARS = 4000
# Promo labels ("RELATED:", "READ MORE:"): a labelled promo inside a furniture box is kept.
PROMO_LABEL = re.compile(
    r"^\s*(related(?:\s+(?:article|articles|story|stories|reading|content|post|posts|link|links))?"
    r"|read\s+more|read\s+next|read\s+also|also\s+read|see\s+also|also\s+see|more|also|next|"
    r"up\s+next|next\s+article|next\s+up|next\s+story|recommended|don[’']?t\s+miss|must\s+read|"
    r"check\s+out|watch|read|previously|plus|more\s+from[^:]{0,40}|you\s+may\s+also\s+like"
    r"|click\s+here"
    # The same labels in other languages: ja, ru, de, fr, es, it, pt, nl.
    r"|あわせて読みたい|合わせて読みたい|関連記事|こちらもおすすめ|こちらもチェック|参考記事"
    r"|читайте\s+также|см\.\s+также|по\s+теме|lesen\s+sie\s+auch|mehr\s+zum\s+thema"
    r"|auch\s+interessant|à\s+lire\s+aussi|lire\s+aussi|voir\s+aussi|lee\s+también"
    r"|te\s+puede\s+interesar|relacionado|leggi\s+anche|leia\s+também|veja\s+também"
    r"|lees\s+ook)\s*[:：|»>\-–—]+\s*",
    re.I,
)


@dataclass(slots=True)
class Block:
    """One unit of the linearized page."""

    kind: str
    """heading, para, item, quote, pre, image, embed"""
    text: str
    level: int = 0
    """1-6 for headings, 0 otherwise."""
    path: tuple[int, ...] = ()
    """mem_ids of the block-level ancestors, outermost first."""
    anchor: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    """(text, href as written): resolve with :func:`resolve_links` when a link is kept."""
    images: list[dict] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """The text split at <br>, for paragraphs that are lists of lines."""
    bold: bool = False
    """All of the text is bold."""
    italic: bool = False
    """All of the text is italic."""
    lead: str | None = None
    """Bold text that opens the paragraph and is followed by more text."""
    list_id: int | None = None
    list_pos: int | None = None
    list_ordered: bool = False
    link_chars: int = 0
    signature: str = ""
    """Tag and class of the element, to group headings that look alike."""
    promo: bool = False
    """Came from a furniture box but carries a promo label."""
    slide: int | None = None
    """mem_id of the slideshow slide (class slide, gallery-item…) the block sits in."""
    rank_hint: int | None = None
    """A rank printed in its own element just before this heading (<span>8</span><h2>)."""
    node: LexborNode | None = None
    path_sigs: tuple[str, ...] = ()
    """Tag and class of each element of ``path``, to find sibling sections that look alike."""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


_NO_WORDS: tuple[frozenset[str], str] = (frozenset(), "")


def resolve_links(block: Block, base: str | None) -> list[tuple[str, str]]:
    """The block's links as (text, absolute clean URL), unusable hrefs dropped."""
    return [(text, url) for text, href in block.links if (url := clean_url(href, base))]


def _words(node: LexborNode, attrs: dict | None = None) -> tuple[frozenset[str], str]:
    """The words of an element's class and id, and the same joined without separators."""
    if attrs is None:
        attrs = node.attributes
    if not attrs:
        return _NO_WORDS
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return _class_words(raw) if raw.strip() else _NO_WORDS


# Taxonomy classes ("category-popular"), BEM modifiers ("l-grid--sidebar"), state classes
# ("has-sidebar", "with-comments") and placement classes ("after_content") say how an
# element is filed, how it varies or where it sits, not what it is.
_MODIFIER = re.compile(
    r"(?<!\S)(?:category|tag|post_tag|format|status|type|author)-\S+"
    r"|--[\w-]*|(?<![a-z0-9])(?:has|with|no|show|hide)-[\w-]*"
    r"|(?<![a-z0-9])(?:before|after)[-_]\w+")


@lru_cache(maxsize=16384)
def _class_words(raw: str) -> tuple[frozenset[str], str]:
    if not raw.islower():
        raw = _CAMEL.sub("-", raw).lower()
    if "-" in raw:
        raw = _MODIFIER.sub(" ", raw)
    words = frozenset(_WORD_SPLIT.split(raw.strip()))
    joined = raw.replace("-", "").replace("_", "")
    return words, joined


def is_hidden(node: LexborNode, attrs: dict | None = None) -> bool:
    """hidden attribute, aria-hidden, an inline display:none or a hiding utility class."""
    if attrs is None:
        attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = attrs.get("class")
    return bool(cls) and _hidden_by_class(cls)


# Utility classes that hide an element (Bootstrap "d-none", "hide")... Not "hidden": some
# CMSs (Dotdash Meredith) render in-body promos "hidden" and show them by script.
_HIDING_CLASSES = frozenset({"hide", "d-none", "is-hidden", "u-hidden", "invisible",
                             "display-none"})
# ...unless another class shows it again from some screen width ("d-none d-md-block").
_SHOWN_AT_WIDTH = re.compile(
    r"(?:^|\s)(?:[\w-]+:(?:block|flex|inline|inline-block|inline-flex|grid|table|contents)"
    r"|d-(?:sm|md|lg|xl|xxl)-(?:block|flex|inline|inline-block|inline-flex|grid|table))(?=\s|$)")


@lru_cache(maxsize=16384)
def _hidden_by_class(cls: str) -> bool:
    """A class list that hides the element at every screen width."""
    return not _HIDING_CLASSES.isdisjoint(cls.split()) and not _SHOWN_AT_WIDTH.search(cls)


def is_furniture(node: LexborNode, attrs: dict | None = None,
                 class_words: tuple[frozenset[str], str] | None = None) -> bool:
    """Navigation, share bars, newsletter boxes, comments, ads, bios and the like."""
    tag = node.tag
    if attrs is None:
        attrs = node.attributes
    words, joined = class_words or _words(node, attrs)
    if tag in ("aside", "footer") or (attrs and attrs.get("role") in _ROLES):
        return not _is_long_prose(node)
    if not words:
        return False
    if words & _FURNITURE_WORDS or _joined_furniture(joined):
        return not _is_content_wrapper(node, words) and not _holds_embedded_post(node)
    return False


@lru_cache(maxsize=16384)
def _joined_furniture(joined: str) -> bool:
    return _FURNITURE_JOINED_RE.search(joined) is not None


# The markup of a post embedded from a social network (the text is in the page).
_EMBEDDED_POST = "blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed"


def _holds_embedded_post(node: LexborNode) -> bool:
    """A "social-embed" box around a quoted tweet is the author's quote, not a share bar."""
    return node.css_first(_EMBEDDED_POST) is not None


# Class words that mark the article itself; an element carrying one is never furniture.
_CONTENT_WORDS = frozenset({"article", "content", "post", "entry", "story", "body", "main",
                            "articlebody", "postbody", "entrycontent"})


def _is_content_wrapper(node: LexborNode, words: frozenset[str]) -> bool:
    """A long element with little link text is the page's wrapper, whatever its class says."""
    if node.tag in ("body", "html", "main", "article"):
        return True
    if words & _CONTENT_WORDS and not words & _STRONG_FURNITURE:
        return True
    return _is_long_prose(node)


# Furniture words that win over a content word in the same class ("related-posts-content").
_STRONG_FURNITURE = frozenset({"related", "comment", "comments", "share", "sharing", "social",
                               "newsletter", "ad", "ads", "advert", "promo", "recirc",
                               "trending", "popular", "recommended", "footer", "nav", "menu"})


def _is_long_prose(node: LexborNode) -> bool:
    """Thousands of characters of text with little link text: a wrapper, not furniture."""
    text = node.text(deep=True, separator=" ")
    if len(text) < _WRAPPER_TEXT_CHARS:
        return False
    link_chars = sum(len(a.text(deep=True)) for a in node.css("a"))
    return link_chars < 0.3 * len(text)


# The label of a promo box whose label is its own element: "<p>Related</p><h4><a>…</a></h4>".
_BOX_LABEL = re.compile(
    r"^(related(?:\s+(?:articles?|stories|story|reading|content|posts?|coverage))?|read\s+more"
    r"|see\s+also|also\s+read|read\s+next|more\s+on\s+this)\b\W*", re.I)


def _labelled_promo(node: LexborNode) -> bool:
    """A small furniture box that is really a labelled promo ("RELATED: <a>…</a>").

    Either the label and the link share a line ("RELATED: Title"), or the box is
    a label element followed by nothing but one to three links.
    """
    raw = node.text(deep=True, separator=" ")
    if len(raw) > 1500:  # a big box is not one promo line, whatever its whitespace
        return False
    text = clean_text(raw)
    if len(text) > 300:
        return False
    anchors = [a for a in node.css("a[href]") if clean_text(a.text(deep=True))]
    if not anchors:
        return False
    if PROMO_LABEL.match(text):
        return True
    label = _BOX_LABEL.match(text)
    if not label or len(anchors) > 3:
        return False
    linked = sum(len(clean_text(a.text(deep=True))) for a in anchors)
    return linked >= 0.8 * len(text[label.end():])


def image_src(node: LexborNode, base: str | None) -> str | None:
    """The best URL of an <img>: src unless it is a placeholder, else lazy-load attributes."""
    attrs = node.attributes
    candidates = [attrs.get("data-src"), attrs.get("data-lazy-src"), attrs.get("data-original"),
                  attrs.get("data-url"), attrs.get("src")]
    srcset = attrs.get("srcset") or attrs.get("data-srcset") or attrs.get("data-lazy-srcset")
    if srcset:
        candidates.insert(0, srcset.split(",")[-1].strip().split(" ")[0])
    for cand in candidates:
        if cand and not cand.startswith("data:"):
            url = clean_url(cand, base)
            if url:
                return url
    return None


def _is_tracking_pixel(node: LexborNode) -> bool:
    attrs = node.attributes
    return attrs.get("width") in ("1", "0") or attrs.get("height") in ("1", "0")


def _caption_of(node: LexborNode) -> str | None:
    cap = node.css_first("figcaption, .caption, [class*=caption], .wp-caption-text")
    return clean_text(cap.text(deep=True, separator=" ")) or None if cap else None


def _image_dict(img: LexborNode, base: str | None, caption: str | None) -> dict | None:
    if _is_tracking_pixel(img):
        return None
    src = image_src(img, base)
    if not src:
        return None
    alt = clean_text(img.attributes.get("alt")) or None
    return {"src": src, "alt": alt, "caption": caption}


def _anchor_of(node: LexborNode) -> str | None:
    anchor = node.attributes.get("id")
    if anchor:
        return anchor
    inner = node.css_first("[id], a[name]")
    if inner is not None:
        return inner.attributes.get("id") or inner.attributes.get("name")
    # An item wrapper with an id whose (first) heading this is: <article id=item-8>…<h2>.
    parent = node.parent
    if parent is not None and parent.tag in ("section", "div", "li", "article"):
        first = parent.css_first("h1, h2, h3, h4, h5, h6")
        if first is not None and first.mem_id == node.mem_id:
            return parent.attributes.get("id")
    return None


class _Run:
    """The text run being collected until the next block boundary."""

    __slots__ = (
        "bold_chars",
        "chars",
        "images",
        "italic_chars",
        "lead",
        "lead_done",
        "lines",
        "link_chars",
        "link_parts",
        "parts",
    )

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.lines: list[str] = []
        self.link_parts: dict[str, list[str]] = {}
        self.images: list[dict] = []
        self.chars = 0
        self.bold_chars = 0
        self.italic_chars = 0
        self.link_chars = 0
        self.lead: list[str] = []
        self.lead_done = False


# Block elements nested deeper than this are walked as if they were flat: their ancestry
# is not recorded and they are not tested for furniture. Browsers cap the DOM at a similar
# depth; it bounds the work and memory of a page nested 20,000 deep (no per-block copies
# of a 20,000-long path, no furniture test that re-reads the whole subtree at every level).
MAX_DEPTH = 256


def linearize(body: LexborNode, base: str | None) -> list[Block]:
    """The page as a flat list of blocks, furniture skipped."""
    blocks: list[Block] = []
    path: list[int] = []
    overflow = 0  # block ancestors deeper than MAX_DEPTH, not recorded in path
    lists: list[tuple[int, bool, list[int]]] = []  # (mem_id, ordered, [next position])
    li_stack: list[tuple[int, int | None, bool]] = []
    quote_depth = 0
    pre_depth = 0
    bold = italic = link = 0
    link_href: list[str | None] = []
    run = _Run()
    sig_stack: list[str] = []
    slides: list[int] = []  # mem_ids of the enclosing slideshow slides

    def flush() -> None:
        nonlocal run
        if not run.parts and not run.images:
            return
        joined = repair_mojibake("".join(run.parts))
        text = clean_text(joined)
        lines = [x for x in map(clean_text, joined.split("\n")) if x] if "\n" in joined \
            else []
        if text:
            kind = "pre" if pre_depth else "quote" if quote_depth else \
                "item" if li_stack else "para"
            stripped = len(text.replace(" ", ""))
            lead = clean_text("".join(run.lead)) if run.lead_done else None
            li = li_stack[-1] if li_stack else (None, None, False)
            cpath = _container_path(path, sig_stack)
            blocks.append(Block(
                kind=kind, text=text, path=cpath, path_sigs=tuple(sig_stack[:len(cpath)]),
                links=[(clean_text("".join(parts)), href)
                       for href, parts in run.link_parts.items()],
                lines=lines if len(lines) > 1 else [],
                bold=run.bold_chars >= 0.9 * stripped > 0,
                italic=run.italic_chars >= 0.9 * stripped > 0,
                lead=lead if lead and len(lead) < len(text) else None,
                list_id=li[0], list_pos=li[1], list_ordered=li[2],
                link_chars=run.link_chars,
                signature=sig_stack[-1] if sig_stack else "",
            ))
        for image in run.images:
            blocks.append(Block(kind="image", text="", path=tuple(path),
                                path_sigs=tuple(sig_stack[:len(path)]), images=[image]))
        run = _Run()

    def add_text(text: str | None) -> None:
        # Whitespace before any text (indentation between blocks) changes nothing.
        if not text or (not run.parts and text.isspace()):
            return
        if not pre_depth and "\n" in text:
            text = text.replace("\n", " ")
        run.parts.append(text)
        n = len(text) - text.count(" ") if text.isascii() else len("".join(text.split()))
        if not n:
            return
        run.chars += n
        if bold:
            run.bold_chars += n
            if not run.lead_done:
                run.lead.append(text)
        elif not run.lead_done and run.lead:
            run.lead_done = True
        elif not run.lead_done:
            run.lead_done = True
            run.lead = []
        if italic:
            run.italic_chars += n
        if link:
            run.link_chars += n
            # A link's text is collected per run, so a link wrapping a card
            # of divs still lands on the blocks that show its text.
            href = link_href[-1]
            if href:
                run.link_parts.setdefault(href, []).append(text)

    segments = _streamed_segments(body)
    skip: set[int] = set()  # fallbacks ("Loading…") of streamed segments
    stack: list[tuple[LexborNode, bool]] = [(body, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag
        if leaving:
            if tag in BLOCK_TAGS:
                flush()
                if overflow:
                    overflow -= 1
                else:
                    path.pop()
                sig_stack.pop()
                if slides and slides[-1] == node.mem_id:
                    slides.pop()
                if tag == "li" and li_stack:
                    li_stack.pop()
                elif tag in ("ol", "ul") and lists:
                    lists.pop()
                elif tag == "blockquote":
                    quote_depth -= 1
                elif tag == "pre":
                    pre_depth -= 1
            elif tag in BOLD_TAGS:
                bold -= 1
            elif tag in ITALIC_TAGS:
                italic -= 1
            elif tag == "a":
                link -= 1
                link_href.pop()
            continue
        if tag == "-text":
            add_text(node.text_content)
            continue
        if tag is None or tag.startswith("-") or tag == "_comment":
            continue
        if skip and node.mem_id in skip:
            continue
        if tag in SKIP_TAGS:
            if tag == "template" and segments:
                segment = _streamed_segment(node, segments, skip)
                if segment is not None:
                    stack.extend((c, False) for c in reversed(_children(segment)))
            continue
        attrs = node.attributes
        if attrs and is_hidden(node, attrs):
            continue
        if tag in _INLINE_TAGS:
            only = node.child
            if only is not None and only.next is None and only.tag == "-text":
                # An inline element around one text node: read it here, no push and pop.
                is_bold, is_italic = tag in BOLD_TAGS, tag in ITALIC_TAGS
                bold += is_bold
                italic += is_italic
                if tag == "a":
                    link += 1
                    link_href.append(attrs.get("href") if attrs else None)
                add_text(only.text_content)
                if tag == "a":
                    link -= 1
                    link_href.pop()
                bold -= is_bold
                italic -= is_italic
                continue
        if tag in HEADING_TAGS:
            flush()
            text = clean_text(repair_mojibake(node.text(deep=True)))
            if text:
                links = [(clean_text(a.text(deep=True)), a.attributes.get("href") or "")
                         for a in node.css("a[href]")]
                heading = Block(kind="heading", text=text, level=HEADING_TAGS[tag],
                                path=(*path, node.mem_id), anchor=_anchor_of(node),
                                path_sigs=(*sig_stack[:len(path)], _signature(node)),
                                links=links, signature=_signature(node), node=node,
                                slide=slides[-1] if slides else None)
                # A CMS that wraps the heading text in <ol><li> numbers it by position.
                inner_list = node.css_first("ol")
                if inner_list is not None:
                    start = inner_list.attributes.get("start") or "1"
                    heading.list_pos = int(start) if start.strip().isdigit() else 1
                    heading.list_ordered = True
                elif li_stack and li_stack[-1][2]:
                    heading.list_id, heading.list_pos, heading.list_ordered = li_stack[-1]
                blocks.append(heading)
            continue
        class_words = _words(node, attrs) if attrs and tag in BLOCK_TAGS else _NO_WORDS
        if class_words[0] and _is_caption_text(node, class_words[0]):
            continue
        if tag in BLOCK_TAGS and not overflow and is_furniture(node, attrs, class_words):
            if _labelled_promo(node):
                flush()
                text = clean_text(node.text(deep=True, separator=" "))
                links = [(clean_text(a.text(deep=True)), a.attributes.get("href") or "")
                         for a in node.css("a[href]")]
                blocks.append(Block(kind="para", text=text, path=tuple(path),
                                    path_sigs=tuple(sig_stack[:len(path)]), links=links,
                                    link_chars=sum(len(t) for t, _ in links), promo=True))
            continue
        if (tag == "figure" and not _is_text_figure(node)) \
                or (tag in ("div", "table") and attrs and _is_image_box(node, attrs)):
            flush()
            caption = _caption_of(node)
            for img in node.css("img"):
                image = _image_dict(img, base, caption)
                if image:
                    blocks.append(Block(kind="image", text="", path=tuple(path),
                                        path_sigs=tuple(sig_stack[:len(path)]), images=[image]))
                    break
            continue
        if tag == "img":
            image = _image_dict(node, base, None)
            if image:
                run.images.append(image)
            continue
        if tag in EMBED_TAGS:
            src = attrs.get("src") or attrs.get("data-src") if attrs else None
            if src:
                flush()
                blocks.append(Block(kind="embed", text="", path=tuple(path),
                                    path_sigs=tuple(sig_stack[:len(path)]), links=[("", src)]))
            continue
        if tag == "br":
            run.parts.append("\n")
            continue
        if tag in BLOCK_TAGS:
            flush()
            if len(path) < MAX_DEPTH:
                path.append(node.mem_id)
            else:
                overflow += 1
            sig_stack.append(_signature(node, attrs))
            if attrs and is_slide(node, attrs):
                slides.append(node.mem_id)
            if tag in ("ol", "ul"):
                start = node.attributes.get("start") or "1"
                lists.append((node.mem_id, tag == "ol",
                              [int(start) if start.strip().isdigit() else 1]))
            elif tag == "li":
                if lists:
                    list_id, ordered, counter = lists[-1]
                    value = node.attributes.get("value")
                    if value and value.strip().isdigit():
                        counter[0] = int(value)
                    li_stack.append((list_id, counter[0], ordered))
                    counter[0] += 1
                else:
                    li_stack.append((node.mem_id, None, False))
            elif tag == "blockquote":
                quote_depth += 1
            elif tag == "pre":
                pre_depth += 1
        elif tag in BOLD_TAGS:
            bold += 1
        elif tag in ITALIC_TAGS:
            italic += 1
        elif tag == "a":
            link += 1
            link_href.append(attrs.get("href") if attrs else None)
        if tag in _LEAVE_TAGS:
            stack.append((node, True))
        child = node.last_child
        while child is not None:
            stack.append((child, False))
            child = child.prev
    flush()
    return blocks


# UTF-8 read as windows-1252 (or Latin-1) before the page was written: "isnâ€™t", "Â ".
# A lead byte's character followed by continuation bytes' characters.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]+")
_MOJIBAKE_LEADS = frozenset("ÂÃâ")
_TO_CP1252 = {ch: ch.encode("cp1252")[0] for ch in _CP1252_HIGH}


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text decoded as windows-1252 by the site, where it decodes cleanly."""
    if _MOJIBAKE_LEADS.isdisjoint(text):
        return text
    return _MOJIBAKE.sub(_unmangle, text)


def _unmangle(match: re.Match[str]) -> str:
    chars = match.group(0)
    try:
        data = bytes(_TO_CP1252.get(ch, ord(ch)) for ch in chars)
        return data.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return chars


def _children(node: LexborNode) -> list[LexborNode]:
    children = []
    child = node.child
    while child is not None:
        children.append(child)
        child = child.next
    return children


def _streamed_segments(body: LexborNode) -> dict[str, LexborNode]:
    """React streaming SSR: content sent late in ``<div hidden id="S:n">``, keyed by n."""
    return {node.attributes["id"][2:]: node  # type: ignore[index]
            for node in body.css('div[hidden][id^="S:"]')}


# A fallback longer than this is not a loading placeholder.
_FALLBACK_CHARS = 100


def _streamed_segment(template: LexborNode, segments: dict[str, LexborNode], skip: set[int]
                      ) -> LexborNode | None:
    """The segment a ``<template id="B:n">`` stands for, its fallback marked to skip.

    React puts ``<!--$?--><template id="B:n"></template>fallback<!--/$-->`` (or a
    bare ``<template id="P:n">``) where the content belongs and the content itself
    at the end of the page, hidden, for a script to move in place. Without the
    comment markers the fallback is the next element, when it is as short as a
    "Loading…" placeholder.
    """
    ident = template.attributes.get("id") or ""
    segment = segments.get(ident[2:]) if ident.startswith(("B:", "P:")) else None
    if segment is None or ident.startswith("P:"):  # P: a postponed piece, no fallback
        return segment
    fallback: list[LexborNode] = []
    sibling = template.next
    while sibling is not None and sibling.tag != "template":
        if sibling.tag == "-comment" and sibling.html == "<!--/$-->":
            skip.update(n.mem_id for n in fallback)
            return segment
        if sibling.tag not in ("-text", "-comment"):
            fallback.append(sibling)
        sibling = sibling.next
    if fallback and len(fallback[0].text(deep=True)) <= _FALLBACK_CHARS:
        skip.add(fallback[0].mem_id)
    return segment


# Class words of one slide of a slideshow or gallery rendered on one page.
_SLIDE_WORDS = frozenset({"slide", "slides", "slideshow-slide", "gallery-item", "carousel-item",
                          "slideshow", "gallery-slide", "listicle-slide"})


def is_slide(node: LexborNode, attrs: dict | None = None) -> bool:
    """A slide of a slideshow (trafilatura drops these; here they are list entries)."""
    words, joined = _words(node, attrs)
    return bool(words & _SLIDE_WORDS) or "galleryitem" in joined or "slideitem" in joined


# Elements that hold text but never the article: a block's own <p> or <li> must not
# win the container vote with its own text.
_LEAF_TAGS = frozenset({"p", "li", "td", "th", "dd", "dt", "pre", "figcaption", "caption",
                        "summary", "blockquote"})


def _container_path(path: list[int], sig_stack: list[str]) -> tuple[int, ...]:
    """The block's ancestors that could be the article container."""
    if sig_stack and sig_stack[-1].split(".", 1)[0] in _LEAF_TAGS:
        return tuple(path[:-1])
    return tuple(path)


def _signature(node: LexborNode, attrs: dict | None = None) -> str:
    cls = (node.attributes if attrs is None else attrs).get("class") or ""
    return f"{node.tag}.{'.'.join(sorted(cls.split()))}" if cls else node.tag or ""


# Class words of an image's caption or credit line.
_CAPTION_WORDS = frozenset({"caption", "credit", "credits", "captiontext", "imagecredit"})


def _is_caption_text(node: LexborNode, words: frozenset[str]) -> bool:
    """A caption or photo credit standing apart from its image (galleries, lead photos)."""
    return not words.isdisjoint(_CAPTION_WORDS) and node.tag not in _CAPTION_HOLDERS \
        and node.css_first("img") is None


# Elements that hold a caption but are never one.
_CAPTION_HOLDERS = frozenset({"figure", "body", "article", "main"})


def _is_text_figure(node: LexborNode) -> bool:
    """A <figure> of text: a table (WordPress wp-block-table), a quote or code, no picture."""
    if node.css_first("table") is not None:
        return True
    return node.css_first("img, picture, video, iframe, svg, canvas") is None \
        and node.css_first("blockquote, pre") is not None


def _is_image_box(node: LexborNode, attrs: dict | None = None) -> bool:
    """A div or table that only holds an image and its caption (WordPress wp-caption)."""
    words, _ = _words(node, attrs)
    if not words & {"caption", "wp-caption", "image", "img", "photo", "figure", "media"} \
            and "wp" not in words:
        return False
    img = node.css_first("img")
    if img is None:
        return False
    text = node.text(deep=True, separator=" ")
    return len(text) < 400 and node.css_first("p ~ p, h1, h2, h3, h4") is None


# A paragraph shorter than this is too short to vote for its container.
_MIN_VOTE_CHARS = 25
# Blocks whose text is mostly link text are navigation, not prose.
_LINK_HEAVY = 0.5
_WORD = re.compile(r"\w+")


def _anchor_votes(blocks: list[Block], article_body: str) -> list[float]:
    """Votes from agreement with JSON-LD articleBody: +len when a block's text is in it."""
    body = " ".join(_WORD.findall(article_body.lower()))
    votes = []
    for block in blocks:
        if block.kind in ("image", "embed") or len(block.text) < _MIN_VOTE_CHARS:
            votes.append(0.0)
            continue
        words = _WORD.findall(block.text.lower())
        probe = " ".join(words[:12])
        votes.append(float(len(block.text)) if probe and probe in body else -0.5 * len(block.text))
    return votes


# The end of a teaser cut short: "... may soon...", "[…]", "Read more…".
_ELLIPSES = ("...", "…", "...]", "…]")
_TRUNCATED = re.compile(r"(?:\w\s?(?:\.\.\.|…)|\[(?:\.\.\.|…)\])\s*$")


def _density_votes(blocks: list[Block]) -> list[float]:
    """Votes from text density: prose for, link lists and crumbs against."""
    votes = []
    for block in blocks:
        n = len(block.text)
        if block.kind in ("image", "embed", "heading"):
            votes.append(0.0)
        elif block.link_density > _LINK_HEAVY:
            votes.append(-1.0 * n)
        elif n < _MIN_VOTE_CHARS:
            votes.append(-0.3 * n if block.kind == "item" else 0.0)
        else:
            prose = n * (1 - block.link_density)
            if block.text.endswith(_ELLIPSES) and _TRUNCATED.search(block.text[-8:]):
                # "…soon..." / "[…]": an excerpt of another page, cut to fit a card.
                prose *= -0.5
            elif block.text[-1:] in ".!?\"”’)…:;":
                # Sentences end in punctuation; menu items and teasers rarely do.
                prose *= 1.5
            votes.append(prose)
    return votes


# Each level between a block and an ancestor discounts the block's vote for that ancestor,
# so a page wrapper does not win over the article by collecting teaser cards and footers.
_DECAY = 0.9
# An ancestor this close to the best score wins if it is deeper (tighter around the text).
_NEAR = 0.95


def _best_container(blocks: list[Block], votes: list[float]) -> set[int] | None:
    """The tightest well-voted ancestor, with the sibling sections that continue it."""
    score: dict[int, float] = {}
    depth: dict[int, int] = {}
    powers = [1.0]
    for path, vote in _votes_by_path(blocks, votes):
        n = len(path)
        while len(powers) < n:
            powers.append(powers[-1] * _DECAY)
        get = score.get
        for d, (mem_id, weight) in enumerate(zip(path, powers[n - 1::-1], strict=True)):
            score[mem_id] = get(mem_id, 0.0) + vote * weight
            depth[mem_id] = d
    if not score:
        return None
    best = max(score.values())
    if best <= 0:
        return None
    near = [m for m, s in score.items() if s >= _NEAR * best]
    chosen = max(near, key=lambda m: depth[m])
    return {chosen, *_sibling_sections(blocks, votes, chosen, depth[chosen])}


def _votes_by_path(blocks: list[Block], votes: list[float]) -> list[tuple[tuple[int, ...], float]]:
    """The votes summed over runs of blocks with the same path (paragraphs of one box)."""
    runs: list[tuple[tuple[int, ...], float]] = []
    last: tuple[int, ...] = ()
    total = 0.0
    for block, vote in zip(blocks, votes, strict=True):
        if not vote or not block.path:
            continue
        if block.path == last:
            total += vote
            continue
        if total:
            runs.append((last, total))
        last, total = block.path, vote
    if total:
        runs.append((last, total))
    return runs


# Only-child wrappers climbed at most to find the level where the article's sections sit.
_MAX_CLIMB = 6


def _sibling_sections(blocks: list[Block], votes: list[float], chosen: int, d: int
                      ) -> set[int]:
    """Siblings that continue the article: positive votes and the same tag and class.

    Page builders and some CMSs put each section of an article in its own box; the
    comparison is made where the chosen element's chain of only-child wrappers branches.
    """
    rep = next(b for b in blocks if len(b.path) > d and b.path[d] == chosen)
    under: list[tuple[Block, float]] = []
    for _ in range(_MAX_CLIMB):
        if d == 0:
            return set()
        parent = rep.path[d - 1]
        under = [(b, v) for b, v in zip(blocks, votes, strict=True)
                 if len(b.path) > d and b.path[d - 1] == parent]
        if any(b.path[d] != rep.path[d] for b, _ in under):
            break
        d -= 1
    else:
        return set()
    top, sig = rep.path[d], rep.path_sigs[d]
    looks_alike: dict[int, float] = {}
    for block, vote in under:
        sibling = block.path[d]
        if sibling != top and block.path_sigs[d] == sig:
            looks_alike[sibling] = looks_alike.get(sibling, 0.0) + vote
    return {m for m, total in looks_alike.items() if total > 0}


# JSON-LD articleBody shorter than this share of the density container's text is an
# excerpt (a teaser or the first paragraph), too partial to choose the container with.
_EXCERPT_SHARE = 0.6


def choose_container(blocks: list[Block], article_body: str | None = None) -> set[int] | None:
    """mem_ids of the elements that hold the article, or None to take everything."""
    if not blocks:
        return None
    container = _best_container(blocks, _density_votes(blocks))
    if not article_body or len(article_body) < 200:
        return container
    chars = sum(len(b.text) for b in blocks_in(blocks, container) if b.kind != "heading")
    if len(article_body) < _EXCERPT_SHARE * chars:
        return container
    votes = _anchor_votes(blocks, article_body)
    if sum(v for v in votes if v > 0) < 0.3 * len(article_body):
        return container
    return _best_container(blocks, votes)


def in_container(block: Block, container: set[int] | None) -> bool:
    """The block sits inside one of the container's elements (or there is no container)."""
    return container is None or not container.isdisjoint(block.path)


def blocks_in(blocks: list[Block], container: set[int] | None) -> list[Block]:
    """The blocks that sit inside the container (all of them when there is none)."""
    if container is None:
        return list(blocks)
    return [b for b in blocks if not container.isdisjoint(b.path)]
