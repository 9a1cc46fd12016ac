"""When to retry, and how long to wait: exponential backoff with jitter, Retry-After.

A small explicit module rather than tenacity/stamina: the wait depends on the
*response* (its Retry-After header, capped, and whether it is long enough to
give up), and the same number must also hold the whole host back, which a
decorator-style retry loop does not express cleanly.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522,
                            523, 524})
"""Statuses worth another attempt: 429, transient 5xx (not 501/505, which will not change)."""


def is_retry_status(status: int) -> bool:
    """True for 429 and the 5xx statuses that can change on a later attempt."""
    return status in RETRY_STATUSES or (500 <= status < 600 and status not in (501, 505))


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Wait before retry ``attempt`` (1 for the first retry): base * 2^(attempt-1), capped,
    with "equal jitter" (a random point in the upper half) so retries never synchronise
    and never shrink to nothing."""
    step = min(cap, base * (2 ** max(attempt - 1, 0)))
    return step / 2 + rng.uniform(0, step / 2)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date.

    None when absent or unreadable; 0 for a date in the past.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
