"""The JSON contract: one pydantic model per object in the output.

These models are the single definition of what ``ingest`` writes. The JSON
Schema in ``schemas/listicle.schema.json`` is generated from them
(``ingest schema > schemas/listicle.schema.json``) and a test keeps the two in
step. Field order here is the key order of every JSON file written.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from ingest.normalize import PLAIN_URL

SCHEMA_VERSION = "1.0"


def _is_plain_absolute(value: str) -> bool:
    """True when urlsplit would find an http(s) scheme and a host, shown without urlsplit:
    a lower-case scheme and a plain ASCII host, no tab or line break (urlsplit deletes
    those, which could leave it no host)."""
    return PLAIN_URL.fullmatch(value) is not None


def _check_absolute_url(value: str) -> str:
    if _is_plain_absolute(value):
        return value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    return value


AbsUrl = Annotated[
    str,
    AfterValidator(_check_absolute_url),
    Field(json_schema_extra={"format": "uri"}),
]
"""An absolute http or https URL, tracking parameters already removed."""

NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]
"""A string with at least one character (whitespace already collapsed)."""

Rank = Annotated[int, Field(ge=1)]
"""A rank as printed on the page: a positive integer."""



class Order(StrEnum):
    """How the entries are numbered."""

    ascending = "ascending"
    descending = "descending"
    unranked = "unranked"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        use_enum_values=True,
    )


class Source(_Model):
    """Where the page came from and how it was obtained."""

    url: AbsUrl | None = None
    """The URL the page was requested from (or its canonical URL for saved files)."""
    final_url: AbsUrl | None = None
    """The URL after redirects, when the page was fetched."""
    path: str | None = None
    """The saved file (and WARC record) the page was read from, when it came from disk."""
    fetched_at: AwareDatetime | None = None
    """When the page was fetched (from the fetch or the WARC record, never from extraction)."""
    status: int | None = None
    """The HTTP status of the final response, when known."""
    content_type: str | None = None
    """The Content-Type of the response, when known."""
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the raw page bytes, hex."""
    pages: list[AbsUrl] = Field(default_factory=list)
    """Every page URL merged into this document, for listicles split over several pages."""
    encoding: str | None = None
    """The character encoding the bytes were decoded with."""


class Image(_Model):
    """An image inside an entry or the article."""

    src: AbsUrl
    """Absolute URL of the image (the best candidate from src, data-src or srcset)."""
    alt: str | None = None
    """The alt text, if any."""
    caption: str | None = None
    """The visible caption (figcaption or caption element), if any."""


class Link(_Model):
    """A hyperlink inside an entry."""

    text: str
    """The link's visible text (may be empty for image links)."""
    url: AbsUrl
    """Absolute URL, tracking parameters removed."""


class Entry(_Model):
    """One item of the list: a heading, its rank, and what follows it."""

    rank: Rank | None = None
    """The rank printed on the page (or the <ol> position); null when the list is unnumbered."""
    title: NonEmptyStr
    """The entry's heading, without the rank marker."""
    anchor: str | None = None
    """The id of the heading (or its container), usable as a URL fragment."""
    paragraphs: list[str] = Field(default_factory=list)
    """The entry's text paragraphs, in order, promos removed."""
    images: list[Image] = Field(default_factory=list)
    """Images inside the entry, with alt text and captions."""
    links: list[Link] = Field(default_factory=list)
    """Links inside the entry's heading and paragraphs."""


class Related(_Model):
    """An in-body promo line such as ``RELATED: …`` or ``READ MORE: …``."""

    text: str
    """The promo's link text, label removed."""
    url: AbsUrl
    """Where the promo links to."""
    label: str | None = None
    """The label as printed, in upper case (RELATED, READ MORE, …); null when unlabeled."""
    position: Literal["intro", "entry", "conclusion", "body"]
    """Where it stood: before the first entry, inside an entry, after the last one,
    or in the body of a page that has no entries."""
    entry_rank: Rank | None = None
    """The rank of the entry it stood in, when position is "entry" and the list is ranked."""
    entry_index: int | None = Field(default=None, ge=0)
    """The 0-based index of the entry it stood in, when position is "entry"."""


class Next(_Model):
    """The closing ``NEXT:`` link to another article."""

    text: str
    """The link text, label removed."""
    url: AbsUrl
    """Where it links to."""


class Listicle(_Model):
    """One page: its metadata, its entries (if it is a list) and its clean text."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    """Version of this contract; bumped on any incompatible change."""
    source: Source = Field(default_factory=Source)
    """Where the page came from."""
    title: NonEmptyStr | None = None
    """The headline."""
    authors: list[NonEmptyStr] = Field(default_factory=list)
    """Author names, in page order, without duplicates."""
    published_at: AwareDatetime | None = None
    """When the article was published (ISO 8601 with a time zone; UTC when the page gave none)."""
    modified_at: AwareDatetime | None = None
    """When the article was last modified (ISO 8601 with a time zone)."""
    canonical_url: AbsUrl | None = None
    """The page's canonical URL (link rel=canonical, og:url, or the source URL)."""
    site_name: str | None = None
    """The publisher's name."""
    language: str | None = None
    """BCP 47 language tag as declared by the page (e.g. "en", "en-US")."""
    description: str | None = None
    """The page's summary (meta description or og:description)."""
    image: AbsUrl | None = None
    """The lead image (og:image, JSON-LD image)."""
    declared_count: Annotated[int, Field(ge=1)] | None = None
    """The number of items the headline promises ("10 Saddest…" -> 10)."""
    order: Order | None = None
    """How the entries are numbered; null when there are no entries."""
    intro: list[str] = Field(default_factory=list)
    """Paragraphs before the first entry (the whole body when there are no entries)."""
    entries: list[Entry] = Field(default_factory=list)
    """The list's entries in document order; empty for a page that is not a list."""
    conclusion: list[str] = Field(default_factory=list)
    """Paragraphs after the last entry."""
    related: list[Related] = Field(default_factory=list)
    """In-body promo links, removed from the text."""
    next: Next | None = None
    """The closing NEXT: link to another article."""
    text: str = ""
    """The clean article as plain text: paragraphs separated by a blank line."""
    warnings: list[str] = Field(default_factory=list)
    """What a careful reader would flag (count mismatch, rank gaps, empty entries, …)."""


def json_schema() -> dict:
    """The JSON Schema of one output record."""
    schema = Listicle.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://ingest.invalid/schemas/listicle.schema.json"
    return schema
