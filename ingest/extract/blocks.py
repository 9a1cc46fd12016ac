"""The linear page: one :class:`Block` per heading, paragraph, item, image or embed.

:mod:`.content` produces blocks, :mod:`.container` chooses which of them are the
article, and :mod:`.links` and :mod:`.entries` read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ingest.normalize import clean_url


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
    """A rank printed in its own element just before this heading (<span>8</span><h2>) or
    name line (<div>8.</div><img><div>Name</div>)."""
    node: LexborNode | None = None
    path_sigs: tuple[str, ...] = ()
    """Tag and class of each element of ``path``, to find sibling sections that look alike."""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0




def resolve_links(block: Block, base: str | None) -> list[tuple[str, str]]:
    """The block's links as (text, absolute clean URL), unusable hrefs dropped."""
    return [(text, url) for text, href in block.links if (url := clean_url(href, base))]

