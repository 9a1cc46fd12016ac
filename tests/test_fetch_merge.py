"""merge_pages: pages of one article become one document."""

from __future__ import annotations

import pytest

from ingest.merge import merge_pages
from ingest.models import Entry, Listicle, Next, Related, Source


def page(n: int, ranks: list[int], *, intro: list[str] | None = None,
         conclusion: list[str] | None = None, related: list[Related] | None = None,
         warnings: list[str] | None = None, nxt: Next | None = None) -> Listicle:
    entries = [Entry(rank=r, title=f"Item {r}", paragraphs=[f"About item {r}."]) for r in ranks]
    text = "\n\n".join([*(intro or []),
                        *(f"{r}. Item {r}\n\nAbout item {r}." for r in ranks),
                        *(conclusion or [])])
    url = "https://ex.com/top-6" + (f"?page={n}" if n > 1 else "")
    return Listicle(source=Source(url=url, final_url=url, status=200), title="Top 6 Things",
                    declared_count=6, entries=entries, intro=intro or [],
                    conclusion=conclusion or [], related=related or [], next=nxt,
                    text=text, warnings=warnings or [], order="descending")


def test_entries_in_order_without_duplicates():
    merged = merge_pages([page(1, [6, 5]), page(2, [5, 4, 3]), page(3, [2, 1])])
    assert [e.rank for e in merged.entries] == [6, 5, 4, 3, 2, 1]
    assert merged.order == "descending"
    assert merged.source.pages == ["https://ex.com/top-6", "https://ex.com/top-6?page=2",
                                   "https://ex.com/top-6?page=3"]
    assert merged.source.url == "https://ex.com/top-6"
    assert merged.title == "Top 6 Things"


def test_count_warnings_are_recomputed_for_the_whole_article():
    pages = [page(1, [6, 5, 4], warnings=["headline promises 6 entries but 3 were found"]),
             page(2, [3, 2, 1], warnings=["headline promises 6 entries but 3 were found",
                                          "entry 2 has no body"])]
    merged = merge_pages(pages)
    assert merged.warnings == ["page 2: entry 2 has no body"]
    short = merge_pages([page(1, [6, 5]), page(2, [4, 4])])
    assert "headline promises 6 entries but 3 were found" in short.warnings


def test_repeated_intro_is_dropped_and_new_text_continues_the_last_entry():
    merged = merge_pages([
        page(1, [6, 5, 4], intro=["Six things, ranked."]),
        page(2, [3, 2, 1], intro=["Six things, ranked.", "More about item 4."],
             conclusion=["That is the list."]),
    ])
    assert merged.intro == ["Six things, ranked."]
    assert merged.entries[2].paragraphs == ["About item 4.", "More about item 4."]
    assert merged.conclusion == ["That is the list."]
    assert merged.text.count("Six things, ranked.") == 1


def test_related_are_deduplicated_and_reindexed_next_from_the_last_page():
    rel = Related(text="Other", url="https://ex.com/other", position="entry", entry_rank=2,
                  entry_index=1)
    merged = merge_pages([
        page(1, [6, 5, 4], related=[Related(text="Intro promo", url="https://ex.com/p",
                                            position="intro")]),
        page(2, [3, 2, 1], related=[rel, Related(text="Intro promo", url="https://ex.com/p",
                                                  position="intro")],
             nxt=Next(text="Another list", url="https://ex.com/another")),
    ])
    assert [r.url for r in merged.related] == ["https://ex.com/p", "https://ex.com/other"]
    assert merged.related[1].entry_index == 4 and merged.entries[4].rank == 2
    assert merged.next is not None and merged.next.url == "https://ex.com/another"


def test_non_list_article_over_pages_concatenates_the_body():
    a = Listicle(source=Source(url="https://ex.com/a"), intro=["One.", "Two."], text="One.\n\nTwo.")
    b = Listicle(source=Source(url="https://ex.com/a?page=2"), intro=["Two.", "Three."],
                 text="Two.\n\nThree.")
    merged = merge_pages([a, b])
    assert merged.intro == ["One.", "Two.", "Three."]
    assert merged.text == "One.\n\nTwo.\n\nThree."
    assert merged.order is None


def test_single_page_and_empty():
    one = page(1, [3, 2, 1])
    assert merge_pages([one]).entries == one.entries
    with pytest.raises(ValueError):
        merge_pages([])
