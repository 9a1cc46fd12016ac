"""A cap on element nesting before the parse, as browsers have one.

The HTML tree builder walks the stack of open elements for many start tags
(is a ``<p>`` open in button scope?), so a page nesting tens of thousands of
elements costs time that grows with the square of its depth: 16,000 nested
``<div>``s take lexbor 0.17 s, 32,000 take 1.5 s. Blink stops nesting at 512
levels; here, tags that would open deeper than :data:`MAX_DEPTH` are dropped
with their end tags, so their content joins the element at that depth.

The depth is estimated from the tags alone (void, self-closing and
implicitly closed elements do not nest), and only on pages with more tags than
:data:`CHECK_ABOVE`: a page with fewer cannot nest deep enough to cost much.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import AnyStr

MAX_DEPTH = 512
"""Deepest nesting kept (Blink's limit)."""
CHECK_ABOVE = 4096
"""Pages with at most this many ``<`` are not checked: their parse stays fast at any depth."""

# Elements that never hold a nested element of their own kind open: void elements, and
# the ones a sibling closes implicitly (<p>, <li>, <td> …), and comments, doctypes, PIs.
_FLAT = (r"(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|p|li|dt|dd"
         r"|option|optgroup|tr|td|th|tbody|thead|tfoot|colgroup|caption|rb|rt|rp)\b")
_TAG = r"<(/?)(?!" + _FLAT + r")[a-zA-Z][\w:-]*(?:\s[^<>]*?)?(/?)>"
_TAG_TEXT = re.compile(_TAG, re.I)
_TAG_BYTES = re.compile(_TAG.encode(), re.I)
_STEP = {("", ""): 1, ("/", ""): -1, ("", "/"): 0, ("/", "/"): -1,
         (b"", b""): 1, (b"/", b""): -1, (b"", b"/"): 0, (b"/", b"/"): -1}


def _pattern(html: str | bytes) -> re.Pattern:
    return _TAG_TEXT if isinstance(html, str) else _TAG_BYTES


def nesting_depth(html: str | bytes) -> int:
    """The deepest nesting of the page's elements, estimated from its tags."""
    steps = map(_STEP.__getitem__, _pattern(html).findall(html))
    return max(accumulate(steps, lambda depth, step: max(0, depth + step)), default=0)


def cap_depth(html: AnyStr) -> AnyStr:
    """The page with the tags that open deeper than :data:`MAX_DEPTH` dropped (and their end
    tags); the page itself when it is not that deep."""
    if html.count("<" if isinstance(html, str) else b"<") <= CHECK_ABOVE \
            or nesting_depth(html) <= MAX_DEPTH:
        return html
    kept: list[bool] = []  # for each open element: was its start tag kept?
    depth = 0
    empty = html[:0]

    def one(match: re.Match) -> AnyStr:
        nonlocal depth
        closing, self_closing = match.group(1), match.group(2)
        if self_closing and not closing:
            return match.group(0)
        if closing:
            if not kept:
                return match.group(0)  # an end tag without a start: the parser's business
            was_kept = kept.pop()
            depth -= was_kept
            return match.group(0) if was_kept else empty
        keep = depth < MAX_DEPTH
        kept.append(keep)
        depth += keep
        return match.group(0) if keep else empty

    return _pattern(html).sub(one, html)
