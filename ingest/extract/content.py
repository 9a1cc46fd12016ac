"""Linearize the page: one iterative walk over ``<body>`` into :class:`Block` s.

The walk (no recursion, so a page nested 20,000 deep is as safe as a flat one)
turns the tree into a flat list of blocks: headings with their level and id,
paragraphs (text runs between block-level boundaries, with their links,
bold/italic shape and ``<br>`` lines), list items with their ``<ol>``
position, quotes, code, images with captions and embeds. Furniture, hidden
elements and stray captions are skipped on the way (the rules are in
:mod:`.classify`). A ``<figure>`` is a picture unless it holds a table, a quote
or code. React streaming SSR pages (content sent last in
``<div hidden id="S:n">``) are read with each segment where its
``<template id="B:n">`` stands, and text that a site stored as mojibake
("isnâ€™t") is repaired. :mod:`.container` then chooses the article's blocks.

The tree is only read, never modified.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from ingest.extract.blocks import Block
from ingest.extract.classify import (
    is_caption_text,
    is_furniture,
    is_hidden,
    is_image_box,
    is_text_figure,
    labelled_promo,
    look_of,
    signature_of,
)
from ingest.normalize import clean_text, clean_url

# Inline elements made bold by a class or a style rather than by <b>/<strong>:
# <span class="font-bold">, <span class="font-[700]">, <span class="strongtext">,
# <span style="font-weight:700">.
_BOLD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:bold|strong\w*|font-?(?:bold|semibold|extrabold|black|\[?[6-9]00\]?)"
    r"|fw-?(?:bold|semibold|[6-9]00)|font-weight-?(?:bold|[6-9]00))(?:$|[\s_-])", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)
_STYLED_BOLD_TAGS = frozenset({"span", "font", "a", "label", "mark"})


def _styled_bold(tag: str, attrs: dict | None) -> bool:
    """An inline element that a class or a style makes bold."""
    if not attrs or tag not in _STYLED_BOLD_TAGS:
        return False
    cls, style = attrs.get("class"), attrs.get("style")
    return bool((cls and _BOLD_CLASS.search(cls)) or (style and _BOLD_STYLE.search(style)))


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


def _wrapper_anchor(node: LexborNode) -> str | None:
    """The id of an item wrapper whose first heading this is: <article id=item-8>…<h2>."""
    parent = node.parent
    if parent is None or parent.tag not in ("section", "div", "li", "article"):
        return None
    ident = parent.attributes.get("id")
    if ident is None:  # no id to give, whichever heading comes first
        return None
    first = parent.css_first("h1, h2, h3, h4, h5, h6")
    return ident if first is not None and first.mem_id == node.mem_id else None


def _heading(node: LexborNode, tag: str, signature: str, path: list[int],
             sig_stack: list[str]) -> Block | None:
    """The block of an <h1>…<h6>, or None when it has no text.

    One pass over the heading's elements (itself first) finds its links, its anchor (the
    first id or <a name>) and a wrapping <ol>.
    """
    text = clean_text(repair_mojibake(heading_text(node)))
    if not text:
        return None
    links: list[tuple[str, str]] = []
    anchor_attrs: dict | None = None
    inner_list: dict | None = None
    for element in node.traverse():
        element_tag = element.tag
        attrs = element.attributes
        if anchor_attrs is None and ("id" in attrs or (element_tag == "a" and "name" in attrs)):
            anchor_attrs = attrs
        if element_tag == "a" and "href" in attrs:
            links.append((clean_text(element.text(deep=True)), attrs["href"] or ""))
        elif element_tag == "ol" and inner_list is None:
            inner_list = attrs
    anchor = anchor_attrs.get("id") or anchor_attrs.get("name") if anchor_attrs is not None \
        else _wrapper_anchor(node)
    heading = Block(kind="heading", text=text, level=HEADING_TAGS[tag],
                    path=(*path, node.mem_id), anchor=anchor,
                    path_sigs=(*sig_stack[:len(path)], signature),
                    links=links, signature=signature, node=node)
    # A CMS that wraps the heading text in <ol><li> numbers it by position.
    if inner_list is not None:
        start = inner_list.get("start") or "1"
        heading.list_pos = int(start) if start.strip().isdigit() else 1
        heading.list_ordered = True
    return heading


def heading_text(node: LexborNode) -> str:
    """A heading's text, a rank in its own classed or block-like part read as a word.

    Case: the rank and the title in sibling elements with nothing between them
    (``<span class=num>10</span><span class=title>Angel Beats</span>``) read "10 Angel
    Beats", not "10Angel Beats". Other markup (``Word<em>s</em>``, ``i<span>Phone</span>``)
    stays joined.
    """
    parts = _element_words(node)
    text = parts[0] if parts else ""
    for part in parts[1:]:
        # A word boundary only where one side is a bare rank ("10", "#3.", "No. 4:").
        if (_BARE_RANK.match(text) and text[-1:] not in " \n\t" and part[:1].isalnum()) or (
                _BARE_RANK.match(part) and text[-1:].isalnum()):
            text += " "
        text += part
    return text


# A part of a heading that is only a rank: "10", "#3.", "No. 4:".
_BARE_RANK = re.compile(r"^\s*(?:#|no\.?\s*)?\d{1,4}[.):]?\s*$", re.I)
# Wrappers followed down at most this deep (a page nests 1,000 spans in a heading).
_MAX_WRAPPERS = 64


def _element_words(node: LexborNode) -> list[str]:
    """The text of ``node``'s children, split where a child is classed or block-like.

    Single elements wrapping all of the text (``<a><span>10</span><span>…</span></a>``)
    are looked into, to a bounded depth.
    """
    for _ in range(_MAX_WRAPPERS):
        children = _children(node)
        elements = [c for c in children if c.tag and c.tag[0] not in "-_"]
        texts = [c for c in children if c.tag == "-text" and (c.text_content or "").strip()]
        if len(elements) != 1 or texts:
            break
        node = elements[0]
    else:
        return [node.text(deep=True)]
    parts: list[str] = []
    joined: list[str] = []
    for child in children:
        tag = child.tag
        if tag == "-text":
            joined.append(child.text_content or "")
        elif not tag or tag[0] in "-_" or tag in SKIP_TAGS:
            continue
        elif tag in BLOCK_TAGS or "class" in child.attributes:
            parts.append("".join(joined))
            joined = []
            parts.append(child.text(deep=True))
        else:
            joined.append(child.text(deep=True))
    parts.append("".join(joined))
    return [p for p in parts if p]


def _script_revealed_slide(tag: str, attrs: dict[str, str | None]) -> bool:
    """A slide of a slideshow hidden until a script shows it: the slides are the article.

    Case: ``<div class="slide" style="display:none">`` for every slide but the first.
    """
    return look_of(tag, attrs.get("class"), attrs.get("id")).slide


def _promo_box(node: LexborNode, path: tuple[int, ...], path_sigs: tuple[str, ...]) -> Block:
    """A furniture box kept as one promo paragraph ("RELATED: <a>…</a>")."""
    links = [(clean_text(a.text(deep=True)), a.attributes.get("href") or "")
             for a in node.css("a[href]")]
    return Block(kind="para", text=clean_text(node.text(deep=True, separator=" ")), path=path,
                 path_sigs=path_sigs, links=links, link_chars=sum(len(t) for t, _ in links),
                 promo=True)


def _figure_image(node: LexborNode, base: str | None) -> dict | None:
    """The first usable picture of a <figure> or image box, with the box's caption."""
    caption = _caption_of(node)
    for img in node.css("img"):
        image = _image_dict(img, base, caption)
        if image:
            return image
    return None


class _Run:
    """The text run being collected until the next block boundary."""

    __slots__ = (
        "bold_chars",
        "images",
        "italic_chars",
        "lead",
        "lead_done",
        "link_chars",
        "link_parts",
        "parts",
    )

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link_parts: dict[str, list[str]] = {}
        self.images: list[dict] = []
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

    # Blocks of one container share its ancestry: build each tuple once per walk.
    ancestries: dict[tuple[int, int], tuple[tuple[int, ...], tuple[str, ...]]] = {}
    leaf_stack: list[bool] = []  # parallel to sig_stack: is that element a text leaf (<p>…)

    def ancestry(n: int) -> tuple[tuple[int, ...], tuple[str, ...]]:
        key = (path[n - 1] if n > 0 else 0, n)
        found = ancestries.get(key)
        if found is None:
            found = ancestries[key] = (tuple(path[:n]), tuple(sig_stack[:n]))
        return found

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
            cpath, psigs = ancestry(len(path) - 1 if leaf_stack and leaf_stack[-1] else len(path))
            blocks.append(Block(
                kind=kind, text=text, path=cpath, path_sigs=psigs,
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
            cpath, psigs = ancestry(len(path))
            blocks.append(Block(kind="image", text="", path=cpath, path_sigs=psigs,
                                images=[image]))
        run = _Run()

    def add_text(text: str) -> None:
        if not pre_depth and "\n" in text:
            text = text.replace("\n", " ")
        run.parts.append(text)
        if run.lead_done and not (bold or italic or link):
            return  # plain text after the paragraph's opening: nothing to count
        n = len(text) - text.count(" ") if text.isascii() else len("".join(text.split()))
        if not n:
            return
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

    segments: dict[str, LexborNode] | None = None  # found at the first <template>
    skip: set[int] = set()  # fallbacks ("Loading…") of streamed segments
    stack: list[LexborNode | tuple[LexborNode, str]] = [body]
    while stack:
        node = stack.pop()
        if type(node) is tuple:  # leaving an element that changes the walk's state
            node, tag = node
            if tag in BLOCK_TAGS:
                if run.parts or run.images:
                    flush()
                if overflow:
                    overflow -= 1
                else:
                    path.pop()
                sig_stack.pop()
                leaf_stack.pop()
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
            else:  # "a"
                link -= 1
                link_href.pop()
            continue
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            # Whitespace before any text (indentation between blocks) changes nothing.
            if text and (run.parts or not text.isspace()):
                add_text(text)
            continue
        if not tag or tag[0] == "-" or tag == "_comment":
            continue
        if skip and node.mem_id in skip:
            continue
        if tag in SKIP_TAGS:
            if tag == "template":
                if segments is None:
                    segments = _streamed_segments(body)
                segment = _streamed_segment(node, segments, skip) if segments else None
                if segment is not None:
                    stack.extend(reversed(_children(segment)))
            continue
        attrs = node.attributes
        if attrs and is_hidden(attrs) and not _script_revealed_slide(tag, attrs):
            continue
        if tag in _INLINE_TAGS:
            only = node.first_child
            if only is not None and only.next is None and only.tag == "-text":
                # An inline element around one text node: read it here, no push and pop.
                is_bold = tag in BOLD_TAGS or _styled_bold(tag, attrs)
                is_italic = tag in ITALIC_TAGS
                bold += is_bold
                italic += is_italic
                if tag == "a":
                    link += 1
                    link_href.append(attrs.get("href") if attrs else None)
                text = only.text_content
                if text and (run.parts or not text.isspace()):
                    add_text(text)
                if tag == "a":
                    link -= 1
                    link_href.pop()
                bold -= is_bold
                italic -= is_italic
                continue
        elif tag in HEADING_TAGS:
            if run.parts or run.images:
                flush()
            heading = _heading(node, tag, signature_of(tag, attrs.get("class") if attrs else None),
                               path, sig_stack)
            if heading is not None:
                heading.slide = slides[-1] if slides else None
                if heading.list_pos is None and li_stack and li_stack[-1][2]:
                    heading.list_id, heading.list_pos, heading.list_ordered = li_stack[-1]
                blocks.append(heading)
            continue
        if tag in BLOCK_TAGS:
            look = look_of(tag, attrs.get("class"), attrs.get("id")) if attrs else \
                look_of(tag, None, None)
            if look.caption and is_caption_text(node, look):
                continue
            if not overflow and is_furniture(node, attrs, look):
                if labelled_promo(node):
                    if run.parts or run.images:
                        flush()
                    blocks.append(_promo_box(node, *ancestry(len(path))))
                continue
            if (tag == "figure" and not is_text_figure(node)) \
                    or (tag in ("div", "table") and look.image_box and is_image_box(node, look)):
                if run.parts or run.images:
                    flush()
                image = _figure_image(node, base)
                if image is not None:
                    cpath, psigs = ancestry(len(path))
                    blocks.append(Block(kind="image", text="", path=cpath, path_sigs=psigs,
                                        images=[image]))
                continue
            if run.parts or run.images:
                flush()
            if len(path) < MAX_DEPTH:
                path.append(node.mem_id)
            else:
                overflow += 1
            sig_stack.append(look.signature)
            leaf_stack.append(tag in _LEAF_TAGS)
            if look.slide:
                slides.append(node.mem_id)
            if tag in ("ol", "ul"):
                start = attrs.get("start") or "1" if attrs else "1"
                lists.append((node.mem_id, tag == "ol",
                              [int(start) if start.strip().isdigit() else 1]))
            elif tag == "li":
                if lists:
                    list_id, ordered, counter = lists[-1]
                    value = attrs.get("value") if attrs else None
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
            stack.append((node, tag))
        elif tag in BOLD_TAGS:
            bold += 1
            stack.append((node, tag))
        elif tag != "a" and _styled_bold(tag, attrs):
            bold += 1
            stack.append((node, "b"))  # left as a bold element
        elif tag in ITALIC_TAGS:
            italic += 1
            stack.append((node, tag))
        elif tag == "a":
            link += 1
            link_href.append(attrs.get("href") if attrs else None)
            stack.append((node, tag))
        elif tag == "img":
            image = _image_dict(node, base, None)
            if image:
                run.images.append(image)
            continue
        elif tag in EMBED_TAGS:
            src = attrs.get("src") or attrs.get("data-src") if attrs else None
            if src:
                if run.parts or run.images:
                    flush()
                cpath, psigs = ancestry(len(path))
                blocks.append(Block(kind="embed", text="", path=cpath, path_sigs=psigs,
                                    links=[("", src)]))
            continue
        elif tag == "br":
            run.parts.append("\n")
            continue
        child = node.last_child
        while child is not None:
            stack.append(child)
            child = child.prev
    flush()
    return blocks


# UTF-8 read as windows-1252 (or Latin-1) before the page was written: "isnâ€™t", "Â ".
# A lead byte's character followed by continuation bytes' characters.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]+")
_TO_CP1252 = {ch: ch.encode("cp1252")[0] for ch in _CP1252_HIGH}


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text decoded as windows-1252 by the site, where it decodes cleanly."""
    # The usual lead characters ("â€™", "Ã©", "Â "): without one there is nothing to repair.
    if text.isascii() or ("â" not in text and "Ã" not in text and "Â" not in text):
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


# Elements that hold text but never the article: a block's own <p> or <li> must not
# win the container vote with its own text.
_LEAF_TAGS = frozenset({"p", "li", "td", "th", "dd", "dt", "pre", "figcaption", "caption",
                        "summary", "blockquote"})
