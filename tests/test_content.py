"""Body text: the container choice, the furniture vocabulary and the block rules.

Each test is a few lines of markup in the style of a real page that needed the
rule; it fails without the rule.
"""

from __future__ import annotations

import json

from ingest.extract import extract
from ingest.extract.content import linearize
from ingest.extract.document import parse
from ingest.normalize import clean_text
from tests.regenerate import fixtures

PROSE = [
    "The council voted on Tuesday to close the old bridge for repairs after an inspection "
    "found cracks in two of its supports, officials said.",
    "Engineers expect the work to take about eight months, and a temporary ferry will carry "
    "commuters across the river in the meantime.",
    "Residents who spoke at the meeting asked for more frequent buses during the closure, "
    "and the council promised to review the timetable.",
    "The bridge, built in 1931, carries about twelve thousand vehicles a day and was last "
    "repaired in the nineteen-nineties.",
]


def paras(texts: list[str] = PROSE) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def body_text(html: str) -> str:
    return extract(f"<html><head><title>Bridge</title></head><body>{html}</body></html>").text


def test_layout_class_with_sidebar_modifier_is_not_furniture() -> None:
    # A BEM modifier ("l-grid--sidebar") names the layout, not a sidebar.
    text = body_text(f'<div class="l-grid l-grid--sidebar"><h1>Bridge</h1>{paras()}</div>'
                     '<aside class="sidebar"><p>Most read stories this week.</p></aside>')
    assert PROSE[0] in text and PROSE[3] in text
    assert "Most read" not in text


def test_wordpress_taxonomy_class_is_not_furniture() -> None:
    # WordPress files the post under "category-popular"; the post is still the article.
    text = body_text(f'<div class="post type-post category-popular tag-social hentry">'
                     f'{paras()}</div>')
    assert PROSE[1] in text


def test_page_builder_widgets_are_content() -> None:
    # Elementor and HubSpot call every block of the page a widget, the article's text too.
    text = body_text('<div class="elementor-widget-wrap"><div class="elementor-widget '
                     f'elementor-widget-text-editor">{paras()}</div></div>')
    assert PROSE[2] in text


def test_short_json_ld_excerpt_does_not_choose_the_container() -> None:
    # articleBody that is only the first paragraph would pick the lede's box alone.
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge",
          "articleBody": PROSE[0] + " " + PROSE[1][:90]}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script>'
            f'</head><body><article><div class="lede">{paras(PROSE[:2])}</div>'
            f'{paras(PROSE[2:] * 3)}</article></body></html>')
    text = extract(html).text
    assert PROSE[0] in text and PROSE[3] in text


def test_stray_lines_outside_the_article_do_not_widen_the_container() -> None:
    # Votes decay with distance: a contact line in the page footer does not pull the
    # container up from the story to the page wrapper.
    contact = "E-Mail: desk@example.com Phone: 316-831-6143 Fax: 316-831-6187."
    text = body_text(f'<div class="page"><div class="story"><div class="story-body">'
                     f'{paras()}</div></div><div class="contact">{contact}</div></div>')
    assert PROSE[3] in text
    assert "Fax" not in text


def test_article_sections_in_sibling_boxes_stay_together() -> None:
    # Page builders put each section of the article in its own box, with promos between.
    first = f"<p>First section, paragraph 0: {PROSE[0]}</p>"
    text = body_text(
        '<div class="content">'
        f'<div class="section"><div class="inner"><h2>Why</h2>{first}</div></div>'
        '<div class="promo-box"><h3>Try our app</h3><p>Download it today.</p></div>'
        f'<div class="section"><div class="inner"><h2>How</h2>{paras(PROSE * 2)}</div></div>'
        "</div>")
    assert "First section, paragraph 0" in text
    assert PROSE[3] in text


def test_react_streamed_segments_are_read_where_their_template_stands() -> None:
    # Next.js/React streaming: "<template id=B:n>" + a "Loading…" fallback stand where
    # the content goes; the content comes last in <div hidden id=S:n>, with nested P:n.
    html = (f'<article><h1>Bridge</h1><p>{PROSE[0]}</p>'
            '<!--$?--><template id="B:0"></template><div>Loading paragraph...</div><!--/$-->'
            '<template id="B:1"></template><div>Loading paragraph...</div></article>'
            f'<div hidden id="S:0"><p>{PROSE[1]}</p><div><template id="P:2"></template></div>'
            f'</div><div hidden id="S:1"><p>{PROSE[3]}</p></div>'
            f'<div hidden id="S:2"><p>{PROSE[2]}</p></div>')
    text = body_text(html)
    assert text.split("\n\n") == PROSE


def test_gallery_captions_and_credits_are_not_body_text() -> None:
    # A gallery item's caption and photo credit stand apart from the <img>, not in <figure>.
    text = body_text(
        f'<article><p>{PROSE[0]}</p><ul class="gallery"><li class="gallery-item">'
        '<div class="img-wrap"><img src="/a.jpg" alt="Bridge"></div>'
        '<div class="caption"><div class="caption-full">The old bridge at dawn, '
        'seen from the east bank on Tuesday.</div><span class="credit">Photo: Jane Roe, AP'
        f'</span></div></li></ul><p>{PROSE[1]}</p></article>')
    assert "dawn" not in text and "Jane Roe" not in text
    assert PROSE[1] in text


def test_camel_case_state_class_is_not_a_caption() -> None:
    # "_titleNoCredit_" (CSS modules) says the title has no credit line; it is a title.
    text = body_text(f'<article>{paras()}<div class="_title_1d _titleNoCredit_1d">'
                     '<h3>Web design certificate</h3></div></article>')
    assert "Web design certificate" in text


def test_embedded_tweet_in_a_social_embed_box_is_kept() -> None:
    # The article quotes a tweet; the CMS wraps it in a "social-media-embed" box.
    tweet = "Yes this is real and the state spent nearly half a million dollars on it"
    text = body_text(f'<article>{paras()}<div class="social-media-embed">'
                     f'<blockquote class="twitter-tweet"><p>{tweet}</p>— Dianna (@dee) '
                     'November 18, 2019</blockquote></div></article>')
    assert tweet in text


def test_table_of_contents_links_are_not_kept_as_possible_promos() -> None:
    # A line that is one in-page link ("#why") is a table-of-contents entry, never a promo.
    toc = '<ul class="toc-list"><li><a href="#why">Why the bridge is closing</a></li></ul>'
    text = body_text(f"<article>{toc}{paras()}<h2 id=why>Why</h2>{paras()}</article>")
    assert "Why the bridge is closing" not in text


def test_table_in_a_figure_is_read() -> None:
    # WordPress wraps tables in <figure class="wp-block-table">; a figure is not always a picture.
    table = ('<figure class="wp-block-table"><table><tr><th>Software</th><th>Price</th></tr>'
             "<tr><td>Checkwriters</td><td>Custom pricing</td></tr></table>"
             "<figcaption>Prices in 2025</figcaption></figure>")
    text = body_text(f"<article>{paras()}{table}</article>")
    assert "Checkwriters" in text and "Custom pricing" in text


def test_mojibake_from_the_site_is_repaired() -> None:
    # The CMS stored UTF-8 read as windows-1252: "isnâ€™t", "1.Â Â Myth" (NBSPs).
    text = body_text("<article><p>Artificial intelligence isn&acirc;&euro;&trade;t just "
                     "changing how we optimize websites.</p><h3>1.\u00c2\u00a0\u00c2\u00a0Myth: "
                     f"All fat is bad</h3>{paras()}</article>")
    assert "isn’t just" in text
    assert "1. Myth: All fat is bad" in text
    assert body_text(f"<article><p>Une pâte à crêpes, déjà faite.</p>{paras()}</article>") \
        .startswith("Une pâte à crêpes, déjà faite.")


def test_truncated_teasers_vote_against_their_box() -> None:
    # A "breaking news" box of headlines with excerpts cut short ("may soon...") is
    # bigger than the article, but excerpts are other pages' text.
    items = "".join(f'<li><a href="/n/{i}">Headline number {i} about the news</a> <span>'
                    "WASHINGTON: An independent, bipartisan government entity has said that "
                    "close to two million long-time residents of the state may soon...</span></li>"
                    for i in range(10))
    text = body_text(f'<div class="wrap"><div class="news-box"><ul>{items}</ul></div>'
                     f'<div class="post"><h2>Bridge</h2>{paras()}</div></div>')
    assert PROSE[3] in text
    assert "may soon" not in text


def test_feed_of_linked_headlines_like_the_page_headline_ends_the_article() -> None:
    # Digg-style: under the article, a river of teasers whose linked headlines have the
    # same tag and class as the page's own headline.
    cards = "".join(f'<div class="card"><h2 class="headline"><a href="/s/{i}">Another story '
                    f'number {i}</a></h2><p>{PROSE[i % 4]} More on that story.</p></div>'
                    for i in range(8))
    html = (f'<html><head><title>Bridge closes</title></head><body><section><article>'
            f'<h2 class="headline">Bridge closes</h2><div class="content">{paras()}</div>'
            f'</article><div class="feed">{cards}</div></section></body></html>')
    text = extract(html).text
    assert PROSE[3] in text
    assert "More on that story" not in text


def test_datelines_and_reading_times_under_the_headline_are_dropped() -> None:
    # Between the headline and the text: a dek, a date, a reading time, in any language.
    html = ("<article><h1>Bridge</h1><p>The town's oldest crossing will shut for most of "
            "next year while engineers repair it.</p><div>sexta-feira, 22 de outubro de 2010 "
            "às 20:13</div><div>Tempo de leitura: 2 minutos</div><div>Written by Camila Roe"
            f"</div>{paras()}<p>This is how the town works in 2025.</p></article>")
    text = body_text(html)
    assert "outubro" not in text and "Tempo de leitura" not in text and "Camila" not in text
    assert "This is how the town works in 2025." in text


def test_table_of_contents_title_is_dropped() -> None:
    # "Table of Contents" over in-page links names page furniture, not a section.
    text = body_text(f'<article><h2>Table of Contents</h2><ul><li><a href="#a">Why</a></li>'
                     f'</ul>{paras()}</article>')
    assert "Table of Contents" not in text


def test_elements_hidden_by_a_utility_class_are_skipped() -> None:
    # A promo bar carousel with one slide per country, all but one hidden by "hide"; a
    # "d-none d-md-block" box is shown on wide screens and is kept.
    bar = "".join(f'<div class="promo-bar hide"><p>Free standard shipping on orders over {n} '
                  "or more. For more information on shipping rates and timelines, see our "
                  "shipping page.</p></div>" for n in ("$40", "$60 CAD", "65€", "₩18,000"))
    text = body_text(f'{bar}<div class="page"><h1>Promo terms</h1><p>{PROSE[0]}</p>'
                     f'<div class="d-none d-md-block"><p>{PROSE[1]}</p></div></div>')
    assert "shipping" not in text
    assert PROSE[0] in text and PROSE[1] in text


def test_affiliate_price_widget_is_furniture() -> None:
    # "widget" alone is content (page builders); a product/price widget is a shop box.
    box = ('<div class="product-widget hawk-widget"><p class="hawk-title">Today\'s best deals'
           '</p><a href="https://shop.example/k65">£54.99 at Amazon</a></div>')
    text = body_text(f"<article>{paras()}{box}</article>")
    assert "best deals" not in text and "Amazon" not in text


def test_table_of_contents_box_and_its_title_in_any_language_are_dropped() -> None:
    # A TOC box ("toc-box table-of-contents") and a bare "目次" title over in-page links.
    toc = ('<div class="toc-box table-of-contents"><p>In this guide</p><ol><li>'
           '<a href="#sintra">Sintra</a> and more places to see</li></ol></div>')
    text = body_text(f"<article>{toc}<p>目次</p>{paras()}</article>")
    assert "In this guide" not in text and "目次" not in text and "Sintra" not in text


def test_share_bar_placed_after_content_is_furniture() -> None:
    # "after_content" says where the WordPress share bar sits, not that it is content.
    bar = ('<div class="wp-block-buttons shared-counts-wrap after_content style-fancy">'
           '<a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a> '
           '<a href="https://pinterest.com/pin/create/button/?url=x">Pin</a></div>')
    text = body_text(f"<article>{paras()}{bar}</article>")
    assert "Pin" not in text


def test_kicker_and_dek_in_the_headline_header_are_dropped() -> None:
    # <header> around the <h1>: kicker link, dek, byline, date; the text starts after it.
    head = ('<header class="l-article-header"><span class="kicker"><a href="/music/">Music '
            '</a></span><h1>Bridge</h1><p class="dek">From the oldest crossing to the newest '
            "ferry, everything the town is doing about its river.</p></header>")
    text = body_text(f"<article>{head}{paras()}</article>")
    assert "oldest crossing" not in text and "Music" not in text
    assert text.startswith(PROSE[0])


def test_jetpack_likes_box_and_boilerplate_lines_are_dropped() -> None:
    # Jetpack's "Like this:" box (class "sharedaddy") and stray lines such as "Advert".
    likes = ('<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper">'
             '<h3 class="sd-title">Like this:</h3><span>Like Loading...</span></div>')
    text = body_text(f"<article>{paras(PROSE[:2])}<p>Advert</p>{paras(PROSE[2:])}{likes}"
                     "<p>3 Comments</p></article>")
    assert "Like" not in text and "Advert" not in text and "Comments" not in text


def test_unrendered_shortcodes_are_dropped() -> None:
    # WordPress shortcodes the theme failed to render are markup, not text.
    text = body_text(f"<article>{paras()}<p>[button link=”http://example.com/submit/” "
                     "type=”big”] Send us YOUR kit review[/button]</p><p>[CTA_MODULE]</p>"
                     "</article>")
    assert "[button" not in text and "CTA_MODULE" not in text


def test_boilerplate_lines_in_other_languages_are_dropped() -> None:
    # "Iklan" (Indonesian "Advertisement"), share prompts, "Filed under:" tag lines.
    text = body_text(f"<article>{paras(PROSE[:2])}<p>Iklan</p>{paras(PROSE[2:])}"
                     "<p>Share this on WhatsApp</p><p>Filed under: Khawarij |</p></article>")
    assert "Iklan" not in text and "WhatsApp" not in text and "Filed under" not in text


def test_block_text_is_clean_for_the_page_text() -> None:
    # assemble joins the blocks' text into Listicle.text without cleaning it a second time.
    nasty = ("<h2>\u00a0e\u0301\u200b  Title\t</h2><p>a\u00adb <b>c</b>\n<br> d\u3000e</p>"
             "<blockquote> q\u2028r </blockquote><pre>x\n\n  y</pre><ol><li> \ufeffi </li></ol>")
    pages = [f.html.read_bytes() for f in fixtures()] + [f"<body>{nasty}</body>".encode()]
    for page in pages:
        doc = parse(page, None)
        for block in linearize(doc.body, None) if doc.body is not None else []:
            assert block.text == clean_text(block.text), block


def test_a_thin_page_takes_the_element_around_its_heading_run() -> None:
    """A ranking chart: 6 <li><h3>Film</h3><span>1994</span></li> and a 3-bullet note."""
    from tests.helpers import run

    chart = "<ul class=chart>" + "".join(
        f"<li><div>#{n}</div><a href='/t/{n}'><h3 class=t>Film number {n}</h3></a>"
        f"<div><span>19{60 + n}</span><span>2h 22m</span><span>Drama, Crime, Mystery</span>"
        f"<span>Rated 9.{n}</span></div></li>" for n in range(1, 7)) + "</ul>"
    note = "<ul class=rules>" + "".join(
        f"<li>Rule {n} of the ranking is explained in this sentence here.</li>"
        for n in range(3)) + "</ul>"
    record = run(chart + note, title="Top 6 Movies")
    assert [(e.rank, e.title) for e in record.entries] == [(n, f"Film number {n}")
                                                           for n in range(1, 7)]
