"""Find the article body and linearize it into blocks.

One iterative walk over ``<body>`` (no recursion, so a page nested 20,000
deep is as safe as a flat one) turns the tree into a flat list of
:class:`Block` s: headings with their level and id, paragraphs (text runs
between block-level boundaries, with their links, bold/italic shape and
``<br>`` lines), list items with their ``<ol>`` position, quotes, code,
images with captions and embeds. Furniture subtrees (navigation, share bars,
newsletter boxes, comments, ads, author bios, "up next" cards) are skipped by
tag, ARIA role and class/id vocabulary; hidden elements too.

The article container is then chosen among the blocks' ancestors: each
paragraph votes for every ancestor with its text length (minus link text),
link-heavy and very short blocks vote against, and when the page carries a
JSON-LD ``articleBody`` the votes come from agreement with that text instead.
The tightest ancestor with the best score wins; the body is its blocks, with
the headline and byline lines before it dropped.

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
    sidebar widget widgets
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
    "srOnly".lower(), "visuallyhidden", "adcontainer", "adwrapper", "adunit",
)
_FURNITURE_JOINED_RE = re.compile("|".join(map(re.escape, _FURNITURE_JOINED)))
_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                    "menu", "menubar", "toolbar", "alert", "alertdialog"})
# WordPress-style taxonomy classes ("category-popular", "tag-sports") name the post's
# topics, not the element's role: they never make an element furniture.
_TAXONOMY_CLASS = re.compile(r"(?<!\S)(?:category|tag|post_tag|format|status|type|author)-\S+")
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


@lru_cache(maxsize=16384)
def _class_words(raw: str) -> tuple[frozenset[str], str]:
    raw = _TAXONOMY_CLASS.sub(" ", raw)
    raw = _CAMEL.sub("-", raw).lower()
    words = frozenset(_WORD_SPLIT.split(raw))
    joined = raw.replace("-", "").replace("_", "")
    return words, joined


def is_hidden(node: LexborNode, attrs: dict | None = None) -> bool:
    """hidden attribute, aria-hidden or an inline display:none."""
    if attrs is None:
        attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def is_furniture(node: LexborNode, attrs: dict | None = None) -> bool:
    """Navigation, share bars, newsletter boxes, comments, ads, bios and the like."""
    tag = node.tag
    if attrs is None:
        attrs = node.attributes
    words, joined = _words(node, attrs)
    if tag in ("aside", "footer") or (attrs and attrs.get("role") in _ROLES):
        return not _is_long_prose(node)
    if not words:
        return False
    if words & _FURNITURE_WORDS or _FURNITURE_JOINED_RE.search(joined):
        return not _is_content_wrapper(node, words)
    return False


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
        joined = "".join(run.parts)
        text = clean_text(joined)
        lines = [x for x in map(clean_text, joined.split("\n")) if x] if "\n" in joined \
            else []
        if text:
            kind = "pre" if pre_depth else "quote" if quote_depth else \
                "item" if li_stack else "para"
            stripped = len(text.replace(" ", ""))
            lead = clean_text("".join(run.lead)) if run.lead_done else None
            li = li_stack[-1] if li_stack else (None, None, False)
            blocks.append(Block(
                kind=kind, text=text, path=_container_path(path, sig_stack),
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
            blocks.append(Block(kind="image", text="", path=tuple(path), images=[image]))
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
        if tag in SKIP_TAGS:
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
            text = clean_text(node.text(deep=True))
            if text:
                links = [(clean_text(a.text(deep=True)), a.attributes.get("href") or "")
                         for a in node.css("a[href]")]
                heading = Block(kind="heading", text=text, level=HEADING_TAGS[tag],
                                path=(*path, node.mem_id), anchor=_anchor_of(node),
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
        if tag in BLOCK_TAGS and not overflow and is_furniture(node, attrs):
            if _labelled_promo(node):
                flush()
                text = clean_text(node.text(deep=True, separator=" "))
                links = [(clean_text(a.text(deep=True)), a.attributes.get("href") or "")
                         for a in node.css("a[href]")]
                blocks.append(Block(kind="para", text=text, path=tuple(path), links=links,
                                    link_chars=sum(len(t) for t, _ in links), promo=True))
            continue
        if tag == "figure" or (tag in ("div", "table") and attrs and _is_image_box(node, attrs)):
            flush()
            caption = _caption_of(node)
            for img in node.css("img"):
                image = _image_dict(img, base, caption)
                if image:
                    blocks.append(Block(kind="image", text="", path=tuple(path), images=[image]))
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
                blocks.append(Block(kind="embed", text="", path=tuple(path), links=[("", src)]))
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
            # Sentences end in punctuation; menu items and teasers rarely do.
            if block.text[-1:] in ".!?\"”’)…:;":
                prose *= 1.5
            votes.append(prose)
    return votes


def choose_container(blocks: list[Block], article_body: str | None = None) -> int | None:
    """mem_id of the element that holds the article, or None to take everything."""
    if not blocks:
        return None
    votes = None
    if article_body and len(article_body) >= 200:
        votes = _anchor_votes(blocks, article_body)
        if sum(v for v in votes if v > 0) < 0.3 * len(article_body):
            votes = None
    if votes is None:
        votes = _density_votes(blocks)
    score: dict[int, float] = {}
    depth: dict[int, int] = {}
    for block, vote in zip(blocks, votes, strict=True):
        if not vote:
            continue
        for d, mem_id in enumerate(block.path):
            score[mem_id] = score.get(mem_id, 0.0) + vote
            depth[mem_id] = d
    if not score:
        return None
    best = max(score.values())
    if best <= 0:
        return None
    # The deepest element within 5% of the best score: tight around the article.
    near = [m for m, s in score.items() if s >= 0.95 * best]
    return max(near, key=lambda m: depth[m])


def blocks_in(blocks: list[Block], container: int | None) -> list[Block]:
    """The blocks that sit inside the container (all of them when there is none)."""
    if container is None:
        return list(blocks)
    return [b for b in blocks if container in b.path]

