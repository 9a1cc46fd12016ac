"""RELATED / NEXT promos: each rule with the markup of the page that needed it."""

from __future__ import annotations

from ingest.extract.links import is_pagination
from tests.helpers import prose, run

URL = "https://www.cbr.com/saddest-anime/"


def entries_body() -> str:
    return "".join(f"<h2>{n} Show {n}</h2><p>About show {n}, at some length.</p>"
                   + ("<p>RELATED: <a href='/other-list/'>Ten Other Shows Ranked</a></p>"
                      if n == 2 else "")
                   for n in (3, 2, 1))


def test_related_label_in_intro_and_entry_with_positions() -> None:
    body = (prose(1) + "<p><strong>RELATED:</strong> <a href='/ghibli/'>Studio Ghibli: "
            "10 Moments</a></p>" + entries_body()
            + "<p>NEXT: <a href='/avatar-anime/'>Avatar &amp; 9 Amazing Anime</a></p>")
    record = run(body, title="3 Saddest Anime", url=URL)
    assert [(r.url, r.position, r.entry_rank, r.label) for r in record.related] == [
        ("https://www.cbr.com/ghibli/", "intro", None, "RELATED"),
        ("https://www.cbr.com/other-list/", "entry", 2, "RELATED"),
    ]
    assert record.next is not None and record.next.url == "https://www.cbr.com/avatar-anime/"
    assert record.next.text == "Avatar & 9 Amazing Anime"
    assert "RELATED" not in record.text and "NEXT:" not in record.text
    assert all("Ranked" not in p for e in record.entries for p in e.paragraphs)


def test_label_variants() -> None:
    labels = ["Read more:", "SEE ALSO:", "Also read -", "related |", "READ MORE »"]
    body = prose(2) + "".join(
        f"<p>{label} <a href='/story-{i}/'>A story title number {i}</a></p>"
        for i, label in enumerate(labels))
    record = run(body, url=URL)
    assert [r.url for r in record.related] == [f"https://www.cbr.com/story-{i}/"
                                               for i in range(len(labels))]


def test_next_page_link_is_pagination_not_next() -> None:
    body = prose(3) + "<p>Next: <a href='/saddest-anime/2/'>Next page</a></p>"
    assert run(body, url=URL).next is None
    assert is_pagination("Continue", "https://www.cbr.com/saddest-anime/?page=2", URL)
    assert not is_pagination("Another story", "https://www.cbr.com/another/", URL)


def test_series_navigation_after_the_article() -> None:
    """Go blog / pythonspeed: 'Next article: X  Previous article: Y' after the text."""
    page_body = prose(4)
    record = run(page_body, url="https://go.dev/blog/defer", head="")
    assert record.next is None
    html_nav = ("<p><b>Next article: </b><a href='/blog/bossie'>Go Wins Award</a><br>"
                "<b>Previous article: </b><a href='/blog/share'>Share Memory</a></p>")
    record = run(page_body + html_nav, url="https://go.dev/blog/defer")
    assert record.next is not None and record.next.url == "https://go.dev/blog/bossie"


def test_label_line_then_link_lines() -> None:
    """youbeauty: <p><strong>Related Articles:</strong></p><p><a>A</a><br><a>B</a></p>."""
    body = (prose(3) + "<p><strong>Related Articles:</strong></p>"
            "<p><a href='/flower-nail-art'>Flower Nail Art That Works</a><br>"
            "<a href='/nail-designs'>3 Nail Art Designs That Last</a></p>")
    record = run(body, url="https://www.youbeauty.com/x")
    assert [r.url for r in record.related] == ["https://www.youbeauty.com/flower-nail-art",
                                               "https://www.youbeauty.com/nail-designs"]
    assert "Related Articles" not in record.text


def test_related_stories_box_of_card_links() -> None:
    """travelandleisure: <h2>Related Stories</h2> then <a> cards made of divs."""
    cards = "".join(
        f"<a href='/place-{n}'><div class=card__title>{n} Best Places to Live Somewhere</div>"
        f"<div><img src='/i{n}.jpg'></div></a>" for n in (9, 50))
    body = (prose(2) + f"<div class=spotlight><h2>Related Stories</h2><div>{cards}</div></div>"
            + prose(2))
    record = run(body, url="https://www.travelandleisure.com/aarp")
    assert [r.url for r in record.related] == ["https://www.travelandleisure.com/place-9",
                                               "https://www.travelandleisure.com/place-50"]


def test_promo_aside_with_label_element() -> None:
    """vox: <aside><div class=c-read-more><p>Related</p><h4><a>Title</a></h4></div></aside>."""
    body = (prose(2) + "<aside><div class=c-read-more><p class=c-read-more__intro>Related</p>"
            "<h4><a href='/best-docs'>The year's best documentaries</a></h4></div></aside>"
            + prose(2))
    record = run(body, url="https://www.vox.com/movies")
    assert [r.url for r in record.related] == ["https://www.vox.com/best-docs"]


def test_a_link_without_a_label_is_not_a_promo() -> None:
    """Only labelled promos are related; a lone same-site headline link leaves the text."""
    body = (prose(2) + "<p><a href='/other-story/'>Why the other story matters to everyone</a></p>"
            + "<p>Read our <a href='/review/'>full review of the Model X</a>.</p>"
            + "<p>RELATED: <a href='/labelled/'>A story announced by its label</a></p>"
            + prose(1))
    record = run(body, url=URL)
    assert [r.url for r in record.related] == ["https://www.cbr.com/labelled/"]
    assert "Why the other story matters" not in record.text
    assert "full review of the Model X" in record.text


def test_recirculation_cards_are_not_unlabeled_promos() -> None:
    """cio.com: date-and-duration cards after the article are <div>s, not promos."""
    cards = "".join(f"<div class=card><a href='/article/{n}'><div>Mar 13, 2026 {n} mins</div>"
                    f"</a></div>" for n in range(3))
    record = run(prose(4) + cards, url="https://www.cio.com/x")
    assert record.related == []


def test_promo_labels_in_other_languages() -> None:
    labels = ["あわせて読みたい：", "Читайте также:", "Lesen Sie auch:", "À lire aussi :"]
    body = prose(2) + "".join(
        f"<p>{label} <a href='/story-{i}/'>Story number {i} title</a></p>"
        for i, label in enumerate(labels))
    assert len(run(body, url=URL).related) == len(labels)


def test_next_line_that_pages_this_article_leaves_the_text() -> None:
    """A 'NEXT:' line linking to /2/ of the same article is navigation, not a link out."""
    body = prose(3) + "<p>NEXT: <a href='/saddest-anime/2/'>Numbers 5 to 1</a></p>"
    record = run(body, url=URL)
    assert record.next is None and record.related == []
    assert "Numbers 5 to 1" not in record.text


def test_label_lines_without_links_leave_the_text() -> None:
    """'DON'T MISS' or 'More:' standing alone (their box pruned) is not article text."""
    record = run(prose(2) + "<p>DON'T MISS</p><p>More:</p>" + prose(2), url=URL)
    assert "DON'T MISS" not in record.text and "More:" not in record.text


def test_labels_opened_by_a_symbol_and_learn_more() -> None:
    """'[Read more: …]' in brackets, '» Related: …' boxes, '<b>Learn more</b>: …' lines."""
    body = (prose(2)
            + "<p>[<strong>Read more: </strong><a href='/guide/'><strong>A Guide to Books"
              "</strong></a>]</p>" + prose(1)
            + "<div class='upgp-related'><strong>»</strong> <strong>Related:</strong> "
              "<a href='/save/'>How to Save Money on Car Rentals</a></div>" + prose(1)
            + "<p><b>Learn more</b>: <a href='/pick/'>How to Pick the Right Installer</a></p>"
            + prose(2))
    record = run(body, url=URL)
    assert [r.url for r in record.related] == [
        "https://www.cbr.com/guide/", "https://www.cbr.com/save/", "https://www.cbr.com/pick/"]
    assert "Car Rentals" not in record.text


def test_every_link_of_a_links_only_promo_line() -> None:
    """'Read more: <a>A</a> and <a>B</a>': two promos; a label before prose is one link."""
    body = (prose(2) + "<p>Read more: <a href='/a/'>Solar panel costs</a> and "
            "<a href='/b/'>Solar tax credits</a></p>" + prose(2))
    record = run(body, url=URL)
    assert [(r.label, r.url) for r in record.related] == [
        ("READ MORE", "https://www.cbr.com/a/"), ("READ MORE", "https://www.cbr.com/b/")]


def test_end_of_page_modules_are_not_promos() -> None:
    """'<h2>Related posts</h2>' and its list after the last paragraph; a box of ten links."""
    posts = "<h2>Related posts</h2><ul>" + "".join(
        f"<li><a href='/post-{n}/'>A related post number {n}</a></li>" for n in range(3)) + \
        "</ul>"
    record = run(prose(3) + posts, url=URL)
    assert record.related == []
    assert "A related post" not in record.text
    links = "".join(f"<p><a href='/story-{n}/'>Another story title {n}</a></p>"
                    for n in range(10))
    record = run(prose(2) + "<h4>Related Articles:</h4>" + links + prose(2), url=URL)
    assert record.related == []


def test_a_heading_labelled_box_inside_the_article_is_a_promo() -> None:
    """Dotdash 'midcirc': <h2>Related Stories</h2> and two cards between paragraphs."""
    box = ("<h2>Related Stories</h2><div class=card><a href='/best-places/'>Best Places to Live"
           " in California</a></div>")
    long = "A paragraph of the story that goes on for long enough to be prose of the article"
    record = run(prose(2) + box + prose(2, long), url=URL)
    assert [r.url for r in record.related] == ["https://www.cbr.com/best-places/"]


def test_one_label_per_br_line_gives_every_link() -> None:
    """'<strong>Recommended:</strong> <a>A</a><br><strong>Recommended:</strong> <a>B</a>'."""
    body = (prose(2) + "<p><strong>Recommended: </strong><a href='/a/'>Best design tools</a><br>"
            "<strong>Recommended: </strong><a href='/b/'>Best font pairings</a></p>" + prose(2))
    record = run(body, url=URL)
    assert [r.url for r in record.related] == ["https://www.cbr.com/a/", "https://www.cbr.com/b/"]


def test_check_out_next_box_with_a_sentence_link() -> None:
    """<h4>Check out next:</h4><ul><li>Explore … <a>the offerings</a>.</li></ul> mid-article."""
    long = "A paragraph of the story that goes on for long enough to be prose of the article"
    body = (prose(2) + "<h4>Check out next:</h4><ul><li>Explore the programs of "
            "<a href='/blog/programs/'>the academy's bilingual offerings</a>.</li></ul>"
            + prose(2, long))
    record = run(body, url=URL)
    assert [r.url for r in record.related] == ["https://www.cbr.com/blog/programs/"]


def test_you_may_also_be_interested_is_a_label() -> None:
    """educate-me: <blockquote>You may also be interested: <a>Best Course Creation…</a>."""
    body = (prose(2) + "<blockquote>You may also be interested: <a href='/blog/best-course/'>"
            "Best Course Creation Software</a></blockquote>" + prose(2))
    record = run(body, url=URL)
    assert [(r.url, r.label) for r in record.related] == [
        ("https://www.cbr.com/blog/best-course/", "YOU MAY ALSO BE INTERESTED")]


def test_a_labelled_line_in_parentheses_gives_all_its_links() -> None:
    """splunk: '(Related reading: <a>most common data types</a> &amp; <a>big data…</a>.)'."""
    body = (prose(2) + "<p>(Related reading: <a href='/learn/data-types/'>most common data "
            "types</a> &amp; <a href='/learn/big-data/'>big data analytics</a>.)</p>" + prose(2))
    record = run(body, url=URL)
    assert [r.url for r in record.related] == ["https://www.cbr.com/learn/data-types/",
                                               "https://www.cbr.com/learn/big-data/"]


def test_a_bracketed_aside_that_sends_to_other_articles_is_a_promo() -> None:
    """enterprisersproject: '[ Also read <a>X</a>. ]' and '[ Want more advice on leading
    hybrid work? Read <a>A</a> and <a>B</a>. ]'; a bracketed credit stays text."""
    body = (prose(2) + "<p>[ Also read <a href='/remote-work/'>Remote work: 3 cultural "
            "benefits</a>. ]</p>" + prose(2)
            + "<p>[ Want more advice on leading hybrid work? Read <a href='/hybrid/'>What is a "
            "hybrid work model?</a> and <a href='/hybrid-5/'>Hybrid work model: 5 advantages."
            "</a> ]</p><p>(Source: <a href='/survey/'>Gartner survey</a>)</p>")
    record = run(body, url=URL)
    assert [(r.url, r.label) for r in record.related] == [
        ("https://www.cbr.com/remote-work/", "ALSO READ"), ("https://www.cbr.com/hybrid/", "READ"),
        ("https://www.cbr.com/hybrid-5/", "READ")]
    assert "Also read" not in record.text and "(Source: Gartner survey)" in record.text


def test_related_topics_heading_over_link_cards() -> None:
    """<h2>Related investing topics</h2> then <a><h3>Title</h3><p>teaser</p></a> cards."""
    long = "A paragraph of the story that goes on for long enough to be prose of the article"
    cards = "".join(f"<a href='/topic-{n}/'><h3>Topic question {n}?</h3><p>Why topic {n} "
                    f"matters to investors</p></a>" for n in range(2))
    record = run(prose(2) + "<h2>Related investing topics</h2>" + cards + prose(2, long),
                 url=URL)
    assert [r.url for r in record.related] == ["https://www.cbr.com/topic-0/",
                                               "https://www.cbr.com/topic-1/"]
