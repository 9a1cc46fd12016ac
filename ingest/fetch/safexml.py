"""XML parsing that never expands entities nor loads anything external (defusedxml).

A "billion laughs" document (entities that expand to gigabytes) or one that
points at an external entity or DTD is refused as soon as the declaration is
read, before any expansion: :class:`~ingest.errors.XMLEntitiesRefused`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_etree
from defusedxml import DefusedXmlException

from ingest.errors import XMLEntitiesRefused

REFUSED = ('declares XML entities or external references (a "billion laughs" bomb?); '
           'refused without expanding them')

__all__ = ["REFUSED", "ParseError", "iterparse", "local_name", "refuse_entities"]


def iterparse(body: bytes, kind: str) -> Iterator[tuple[str, Element]]:
    """(event, element) for "start" and "end" of every element; entities refused."""
    events: Any = safe_etree.iterparse(io.BytesIO(body), events=("start", "end"),
                                       forbid_dtd=False, forbid_entities=True,
                                       forbid_external=True)
    try:
        yield from events
    except DefusedXmlException as exc:
        raise XMLEntitiesRefused(f"{kind} {REFUSED}") from exc


def refuse_entities(body: bytes, kind: str) -> None:
    """Raise :class:`XMLEntitiesRefused` when the document declares entities; a document
    that is not well-formed passes (a lenient parser judges it next)."""
    try:
        for _ in iterparse(body, kind):
            pass
    except ParseError:
        pass


def local_name(tag: str) -> str:
    """An element's name without its namespace: ``{http://…/0.9}loc`` -> ``loc``."""
    return tag.rsplit("}", 1)[-1]
