"""``<meta http-equiv="refresh" content="0; url=…">``: a redirect written in the page.

Consent walls and moved articles answer 200 with such a page; the fetcher
follows it like an HTTP redirect when its delay is short. Only the page's head
is looked at (the first bytes up to ``</head>``), with a regular expression,
not a parse: this runs in the fetch loop, before extraction. Tags inside
``<script>`` and ``<noscript>`` are ignored, as browsers with scripts on do.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

HEAD_BYTES = 64 * 1024
"""How much of the body is searched for the refresh tag (it belongs in the head)."""

_SKIPPED = re.compile(rb"<(script|noscript)\b.*?</\1\s*>", re.I | re.S)
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CONTENT = re.compile(r"""^\s*(\d+(?:\.\d*)?)?\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)(.*?)\2\s*$""",
                      re.I | re.S)


def _attributes(tag: bytes) -> dict[str, str]:
    attrs = {}
    for match in _ATTR.finditer(tag):
        value = next(v for v in match.groups()[1:] if v is not None)
        attrs[match.group(1).decode("ascii", "replace").lower()] = \
            html.unescape(value.decode("utf-8", "replace"))
    return attrs


def refresh_target(body: bytes, base_url: str, max_delay: float) -> str | None:
    """The URL a meta refresh of at most ``max_delay`` seconds sends to (absolute), if any.

    A refresh without a URL, or to the page itself, reloads it: not followed.
    """
    head = body[:HEAD_BYTES]
    end = head.lower().find(b"</head")
    head = _SKIPPED.sub(b"", head[:end] if end >= 0 else head)
    for tag in _META.findall(head):
        attrs = _attributes(tag)
        if attrs.get("http-equiv", "").strip().lower() != "refresh":
            continue
        match = _CONTENT.match(attrs.get("content", ""))
        if match is None or not match.group(3).strip():
            return None
        delay = float(match.group(1) or 0)
        if delay > max_delay:
            return None
        target = urljoin(base_url, match.group(3).strip()).split("#", 1)[0]
        return None if target == base_url.split("#", 1)[0] else target
    return None
