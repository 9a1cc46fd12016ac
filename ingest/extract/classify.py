"""What an element is: furniture, hidden, a slide, a caption, an image box, a promo box.

Furniture (navigation, share bars, newsletter boxes, comments, ads, author bios,
"up next" cards, tables of contents, price widgets) is recognised by tag, ARIA
role and class/id vocabulary. The vocabulary reads what an element *is*: BEM
modifiers (``l-grid--sidebar``), state and placement classes (``has-sidebar``,
``after_content``) and taxonomy classes (``category-popular``) only say how it
varies, where it sits or how it is filed, and page-builder "widgets" are
content. A furniture-looking element with thousands of characters of prose is
a wrapper, not furniture. Hidden elements are ``hidden``, ``aria-hidden``,
inline ``display:none`` and hiding utility classes (``hide``, ``d-none``) not
shown again at some width. Every rule here reads one element; the walk in
:mod:`.content` decides what to do with the answer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from selectolax.lexbor import LexborNode

from ingest.normalize import MEMO_SIZE, clean_text

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
# Price and product boxes of affiliate commerce ("product-widget hawk-widget").
_COMMERCE_JOINED = ("productwidget", "pricewidget", "dealwidget", "dealswidget", "shopwidget",
                    "buywidget", "affiliatewidget", "commercewidget", "pricecomparison")
# Multi-word class names of furniture (joined without separators before matching).
_FURNITURE_JOINED = (
    "authorbox", "authorbio", "aboutauthor", "aboutthe author", "readmore", "readnext", "upnext",
    "morestories", "relatedposts", "relatedarticles", "relatedcontent", "relatedstories",
    "youmayalsolike", "youmightalsolike", "moreon", "nextarticle", "nextpost", "postnavigation",
    "sharebutton", "socialshare", "sharetools", "newsletterform", "newslettersignup",
    "commentsarea", "sitefooter", "siteheader", "globalnav", "skipto", "screenreader",
    "srOnly".lower(), "visuallyhidden", "adcontainer", "adwrapper", "adunit", "widgetarea",
    *_COMMERCE_JOINED,
    # Tables of contents and share-count bars (WordPress "Shared Counts").
    "tableofcontents", "toccontainer", "toclist", "tocbox", "tocwidget", "tocwrapper",
    "sharedcounts", "sharedaddy", "jetpacklikes",
)


def _prefix_tree_pattern(literals: tuple[str, ...]) -> re.Pattern[str]:
    """An alternation of literals factored by common prefix ("a(?:d(?:unit|wrapper))").

    The same matches as ``a|b|c``, but the regex engine tries one branch per letter at
    each position instead of every literal: several times faster on class names.
    """
    tree: dict = {}
    for literal in literals:
        node = tree
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return re.compile(pattern(tree))


_FURNITURE_JOINED_RE = _prefix_tree_pattern(_FURNITURE_JOINED)
_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                    "menu", "menubar", "toolbar", "alert", "alertdialog"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# A furniture-looking element this long with little link text is a wrapper, not furniture.
_WRAPPER_TEXT_CHARS = 4000
# Promo labels ("RELATED:", "READ MORE:"): a labelled promo inside a furniture box is kept.
PROMO_LABEL = re.compile(
    # Up to three symbols may open the line: "[Read more: …]", "» Related: …".
    r"^\s*(?:[^\w\s]{1,3}\s*)?(related(?:\s+(?:article|articles|story|stories|reading|content|post|posts|link|links))?"
    r"|read\s+more|read\s+next|read\s+also|also\s+read|see\s+also|also\s+see|more|also|next|"
    r"up\s+next|next\s+article|next\s+up|next\s+story|recommended|don[’']?t\s+miss|must\s+read|"
    r"check\s+out|watch|read|previously|plus|more\s+from[^:]{0,40}"
    r"|you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested(?:\s+in)?)"
    r"|click\s+here|learn\s+more"
    # The same labels in other languages: ja, ru, de, fr, es, it, pt, nl.
    r"|あわせて読みたい|合わせて読みたい|関連記事|こちらもおすすめ|こちらもチェック|参考記事"
    r"|читайте\s+также|см\.\s+также|по\s+теме|lesen\s+sie\s+auch|mehr\s+zum\s+thema"
    r"|auch\s+interessant|à\s+lire\s+aussi|lire\s+aussi|voir\s+aussi|lee\s+también"
    r"|te\s+puede\s+interesar|relacionado|leggi\s+anche|leia\s+também|veja\s+também"
    r"|lees\s+ook)\s*[:：|»>\-–—]+\s*",
    re.I,
)


class Look(NamedTuple):
    """What a block element's tag, class and id say about it, worked out once per triple.

    A page repeats the same few class lists hundreds of times; every rule that reads only
    the tag, class and id is answered here once (memoized), and the walk asks the node
    itself only what the markup around it decides (hidden attributes, prose length).
    """

    words: frozenset[str]
    """Words of the class and id, split at spaces, hyphens and underscores."""
    signature: str
    """Tag and sorted classes ("h2.entry.title"): how elements that look alike are grouped."""
    furniture: bool
    """Furniture vocabulary in the class or id (the node may still prove to be content)."""
    caption: bool
    """Caption or credit words on an element that is not a caption's holder."""
    slide: bool
    """A slide of a slideshow or gallery."""
    image_box: bool
    """Words of a box around an image (wp-caption, media, photo)."""
    commerce: bool
    """Words of an affiliate product or price box ("c-product-widget")."""


@lru_cache(maxsize=MEMO_SIZE)
def look_of(tag: str, cls: str | None, ident: str | None) -> Look:
    """The :class:`Look` of an element with this tag, class attribute and id."""
    raw = f"{cls or ''} {ident or ''}"
    # joined: the words lower-cased with separators dropped ("related-posts" -> "relatedposts")
    words, joined = _class_words(raw) if raw.strip() else NO_WORDS
    return Look(
        words=words,
        signature=signature_of(tag, cls),
        furniture=bool(words) and (not words.isdisjoint(_FURNITURE_WORDS)
                                   or _FURNITURE_JOINED_RE.search(joined) is not None),
        caption=not words.isdisjoint(_CAPTION_WORDS) and tag not in _CAPTION_HOLDERS,
        slide=not words.isdisjoint(_SLIDE_WORDS) or "galleryitem" in joined
        or "slideitem" in joined,
        image_box=not words.isdisjoint(_IMAGE_BOX_WORDS) or "wp" in words,
        commerce=bool(words) and any(c in joined for c in _COMMERCE_JOINED),
    )


@lru_cache(maxsize=MEMO_SIZE)
def signature_of(tag: str, cls: str | None) -> str:
    """Tag and sorted classes ("h2.entry.title"): how elements that look alike are grouped."""
    return f"{tag}.{'.'.join(sorted(cls.split()))}" if cls else tag


NO_WORDS: tuple[frozenset[str], str] = (frozenset(), "")


# Taxonomy classes ("category-popular"), BEM modifiers ("l-grid--sidebar"), state classes
# ("has-sidebar", "with-comments") and placement classes ("after_content") say how an
# element is filed, how it varies or where it sits, not what it is.
_MODIFIER = re.compile(
    r"(?<!\S)(?:category|tag|post_tag|format|status|type|author)-\S+"
    r"|--[\w-]*|(?<![a-z0-9])(?:has|with|no|show|hide)-[\w-]*"
    r"|(?<![a-z0-9])(?:before|after)[-_]\w+")
# Every modifier holds one of these; most class lists hold none (a cheap test first).
_MODIFIER_HINT = _prefix_tree_pattern(
    ("--", "category-", "tag-", "post_tag-", "format-", "status-", "type-", "author-", "has-",
     "with-", "no-", "show-", "hide-", "before-", "before_", "after-", "after_"))


def _class_words(raw: str) -> tuple[frozenset[str], str]:
    if not raw.islower():
        raw = _CAMEL.sub("-", raw).lower()
    if "-" in raw and _MODIFIER_HINT.search(raw):
        raw = _MODIFIER.sub(" ", raw)
    words = frozenset(raw.replace("-", " ").replace("_", " ").split())
    joined = raw.replace("-", "").replace("_", "")
    return words, joined


def is_hidden(attrs: dict[str, str | None]) -> bool:
    """hidden attribute, aria-hidden, an inline display:none or a hiding utility class."""
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    cls = attrs.get("class")
    # Every hiding class holds one of these; most class lists hold none (no memo lookup).
    return bool(cls) and ("hid" in cls or "none" in cls or "invisible" in cls) \
        and _hidden_by_class(cls)  # type: ignore[arg-type]


# Utility classes that hide an element (Bootstrap "d-none", "hide")... Not "hidden": some
# CMSs (Dotdash Meredith) render in-body promos "hidden" and show them by script.
_HIDING_CLASSES = frozenset({"hide", "d-none", "is-hidden", "u-hidden", "invisible",
                             "display-none"})
# ...unless another class shows it again from some screen width ("d-none d-md-block").
_SHOWN_AT_WIDTH = re.compile(
    r"(?:^|\s)(?:[\w-]+:(?:block|flex|inline|inline-block|inline-flex|grid|table|contents)"
    r"|d-(?:sm|md|lg|xl|xxl)-(?:block|flex|inline|inline-block|inline-flex|grid|table))(?=\s|$)")


@lru_cache(maxsize=MEMO_SIZE)
def _hidden_by_class(cls: str) -> bool:
    """A class list that hides the element at every screen width."""
    return not _HIDING_CLASSES.isdisjoint(cls.split()) and not _SHOWN_AT_WIDTH.search(cls)


def is_furniture(node: LexborNode, attrs: dict[str, str | None], look: Look) -> bool:
    """Navigation, share bars, newsletter boxes, comments, ads, bios and the like."""
    if node.tag in ("aside", "footer") or (attrs and attrs.get("role") in _ROLES):
        return not _is_long_prose(node)
    if look.furniture:
        if look.commerce and not _is_price_box(node):
            return False
        return not _is_content_wrapper(node, look.words) and not holds_embedded_post(node)
    return False


# A product card with this many paragraphs of prose is a review, not a price box.
_CARD_PROSE_PARAGRAPHS = 2


def _is_price_box(node: LexborNode) -> bool:
    """A commerce box that is a price or buy widget: links and little prose.

    Case: a roundup's product card ("c-product-widget": award label, name, two paragraphs of
    review, a price box) is the entry; its name line (no link) is its title; the price box
    inside it ("$200 at Amazon") is furniture.
    """
    if node.css_first("a[href], button") is None:
        return False
    prose = sum(1 for p in node.css("p") if len(p.text(deep=True)) >= 80)
    return prose < _CARD_PROSE_PARAGRAPHS


# The markup of a post embedded from a social network (the text is in the page).
_EMBEDDED_POST = "blockquote.twitter-tweet, blockquote.instagram-media, blockquote.tiktok-embed"


def holds_embedded_post(node: LexborNode) -> bool:
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
    r"^(?:[^\w\s]{1,3}\s*)?(related(?:\s+(?:articles?|stories|story|reading|content|posts?|coverage))?|read\s+more"
    r"|see\s+also|also\s+read|read\s+next|more\s+on\s+this)\b\W*", re.I)


def labelled_promo(node: LexborNode) -> bool:
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


# Class words of one slide of a slideshow or gallery rendered on one page.
_SLIDE_WORDS = frozenset({"slide", "slides", "slideshow-slide", "gallery-item", "carousel-item",
                          "slideshow", "gallery-slide", "listicle-slide"})


# Class words of an image's caption or credit line.
_CAPTION_WORDS = frozenset({"caption", "credit", "credits", "captiontext", "imagecredit"})


def is_caption_text(node: LexborNode, look: Look) -> bool:
    """A caption or photo credit standing apart from its image (galleries, lead photos)."""
    return look.caption and node.css_first("img") is None


# Elements that hold a caption but are never one.
_CAPTION_HOLDERS = frozenset({"figure", "body", "article", "main"})


def is_text_figure(node: LexborNode) -> bool:
    """A <figure> of text: a table (WordPress wp-block-table), a quote or code, no picture."""
    if node.css_first("table") is not None:
        return True
    return node.css_first("img, picture, video, iframe, svg, canvas") is None \
        and node.css_first("blockquote, pre") is not None


# Class words of a box around an image.
_IMAGE_BOX_WORDS = frozenset({"caption", "wp-caption", "image", "img", "photo", "figure",
                              "media"})


def is_image_box(node: LexborNode, look: Look) -> bool:
    """A div or table that only holds an image and its caption (WordPress wp-caption)."""
    if not look.image_box:
        return False
    img = node.css_first("img")
    if img is None:
        return False
    text = node.text(deep=True, separator=" ")
    return len(text) < 400 and node.css_first("p ~ p, h1, h2, h3, h4") is None

