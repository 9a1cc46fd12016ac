"""Merge the pages of a multi-page article into one document: a pure function.

Entries are concatenated in page order; an entry already seen (same rank and
title) is dropped, so pages that repeat the previous page's last entry do not
create duplicates. Text that a later page repeats (its intro, the site's
boilerplate paragraphs) is kept once. Metadata comes from the first page,
``next`` from the last page that has one, and ``source.pages`` lists every page.
"""

from __future__ import annotations

import re

from ingest.extract.assemble import order_of
from ingest.models import Entry, Listicle, Related
from ingest.normalize import text_key

# Warnings about the count and ranks are recomputed for the merged list.
_LIST_WARNINGS = re.compile(r"^(headline promises \d+ entries|rank \d+ repeated)")


def _list_warnings(declared: int | None, entries: list[Entry]) -> list[str]:
    out = []
    if declared is not None and entries and declared != len(entries):
        out.append(f"headline promises {declared} entries but {len(entries)} were found")
    ranks = [e.rank for e in entries if e.rank is not None]
    out.extend(f"rank {r} repeated" for r in sorted({r for r in ranks if ranks.count(r) > 1}))
    return out


def _merge_text(texts: list[str]) -> str:
    seen: set[str] = set()
    kept = []
    for text in texts:
        for para in text.split("\n\n"):
            key = text_key(para)
            if para and key not in seen:
                seen.add(key)
                kept.append(para)
    return "\n\n".join(kept)


def merge_pages(pages: list[Listicle]) -> Listicle:
    """One document from the pages of an article, in page order."""
    if not pages:
        raise ValueError("merge_pages needs at least one page")
    first = pages[0]
    page_urls: list[str] = []
    for page in pages:
        url = page.source.final_url or page.source.url
        if url and url not in page_urls:
            page_urls.append(url)
    if len(pages) == 1:
        return first.model_copy(update={"source": first.source.model_copy(
            update={"pages": page_urls})})

    entries: list[Entry] = []
    entry_keys: dict[tuple[int | None, str], int] = {}
    seen_paras: set[str] = set()
    intro: list[str] = []
    related: list[Related] = []
    related_urls: set[str] = set()
    warnings: list[str] = []

    def fresh(paragraphs: list[str]) -> list[str]:
        out = []
        for para in paragraphs:
            key = text_key(para)
            if key not in seen_paras:
                seen_paras.add(key)
                out.append(para)
        return out

    for n, page in enumerate(pages):
        # Text before this page's first entry: intro on page 1; on later pages it
        # continues the entry the previous page ended with (or the intro).
        lead = fresh(page.intro)
        if entries and lead:
            last = entries[-1]
            entries[-1] = last.model_copy(update={"paragraphs": last.paragraphs + lead})
        else:
            intro.extend(lead)
        index_map: dict[int, int] = {}
        for i, entry in enumerate(page.entries):
            key = (entry.rank, text_key(entry.title))
            if key in entry_keys:
                index_map[i] = entry_keys[key]
                continue
            seen_paras.update(text_key(p) for p in entry.paragraphs)
            entry_keys[key] = index_map[i] = len(entries)
            entries.append(entry)
        if n < len(pages) - 1 and page.conclusion:
            tail = fresh(page.conclusion)
            if entries and tail:
                last = entries[-1]
                entries[-1] = last.model_copy(update={"paragraphs": last.paragraphs + tail})
            elif tail:
                intro.extend(tail)
        for item in page.related:
            if item.url in related_urls:
                continue
            related_urls.add(item.url)
            if item.position == "entry" and item.entry_index is not None:
                item = item.model_copy(update={"entry_index": index_map.get(item.entry_index)})
            related.append(item)
        prefix = "" if n == 0 else f"page {n + 1}: "
        for warning in page.warnings:
            if not _LIST_WARNINGS.match(warning) and prefix + warning not in warnings:
                warnings.append(prefix + warning)

    last_page = pages[-1]
    conclusion = fresh(last_page.conclusion)
    next_link = next((p.next for p in reversed(pages) if p.next is not None), None)
    warnings.extend(_list_warnings(first.declared_count, entries))
    return first.model_copy(update={
        "source": first.source.model_copy(update={"pages": page_urls}),
        "order": order_of(entries),
        "intro": intro,
        "entries": entries,
        "conclusion": conclusion,
        "related": related,
        "next": next_link,
        "text": _merge_text([p.text for p in pages]),
        "warnings": warnings,
    })
