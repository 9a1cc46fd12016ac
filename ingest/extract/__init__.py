"""``extract(html, url) -> Listicle``: the pure heart of ingest.

Bytes and a URL in, a validated model out; no network, no disk, no clock.
The stages, each in its own module:

1. :mod:`.document` decodes the bytes and parses them once (selectolax/lexbor);
2. :mod:`.metadata` reads headline, authors, dates, canonical URL, count;
3. :mod:`.content` linearizes ``<body>`` into :mod:`.blocks`, skipping what
   :mod:`.classify` calls furniture, hidden or stray captions;
4. :mod:`.container` chooses the article's container and :mod:`.body` drops the
   headline, header, boilerplate and repeats from it;
5. :mod:`.links` takes RELATED/NEXT promos out of the body;
6. :mod:`.entries` finds the ranked or numbered entries among the blocks;
7. :mod:`.assemble` builds the :class:`~ingest.models.Listicle`.
"""

from __future__ import annotations

from ingest.extract.assemble import extract

__all__ = ["extract"]
