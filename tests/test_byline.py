"""Who wrote it and when: headlines, printed bylines and dates, in the markup publishers use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from ingest.extract.byline import names_in, person_name
from ingest.extract.dates import date_in_url, dates_in, read_date
from ingest.extract.headline import strip_site
from ingest.extract.metadata import extract_metadata


def _meta(html: str, url: str | None = "https://www.example-news.com/food/best-kettles"):
    return extract_metadata(LexborHTMLParser(html), url)


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value else None


# --- headline -----------------------------------------------------------------------------


def test_the_site_logo_h1_is_not_the_headline():
    # A magazine theme: the logo is an <h1> in the site banner, the story's <h1> comes later.
    meta = _meta("""<html><head><title>Where to Bike in Houston | Houstonia Magazine</title>
    <meta property="og:title" content="Our Favorite Biking Spots in Houston"></head><body>
    <header class="site-header"><div class="global-navbar"><h1 class="global-logo">
      <a href="/">Houstonia Magazine</a></h1></div></header>
    <main><article><header class="story-header">
      <h1 class="v2-headline">The Best Trails and Neighborhoods in Houston for Biking</h1>
    </header><p>Text.</p></article></main></body></html>""",
                 "https://www.houstoniamag.com/travel-and-outdoors/best-biking-trails-houston")
    assert meta.title == "The Best Trails and Neighborhoods in Houston for Biking"


def test_a_hero_header_h1_is_the_headline_when_it_repeats_the_title():
    meta = _meta("""<html><head><title>The Top 25 Data Companies of 2025 - The Report</title>
    </head><body><header class="site-header as-hero-header"><div class="as-hero-content">
    <h1 class="as-hero-title">The Top 25 Data Companies of 2025</h1></div></header>
    <div class="content"><p>Text.</p></div></body></html>""")
    assert meta.title == "The Top 25 Data Companies of 2025"


def test_an_h1_in_a_header_without_navigation_is_the_story_header():
    # Shorelight: the story's topper is a <header> outside any <article>; og:title differs.
    meta = _meta("""<html><head><title>Online Class: Definition and More! | Shorelight</title>
    </head><body><div><header class="storyArticleTopper_wrapper__1t"><div>
    <h1 class="storyArticleTopper_title__4Xsfa">Everything You Need to Know About Online
    Classes</h1><div class="authorDateBlock_authorDateBlock__5gmRt"><div><b>By <span
    class="authorDateBlock_authorName__N6j3Y">Reyan Perumal</span></b></div>
    <div>Published on July 18, 2025</div></div></div></header><p>Text.</p></div></body></html>""",
                 "https://shorelight.com/student-stories/online-classes")
    assert meta.title == "Everything You Need to Know About Online Classes"
    assert _day(meta.published_at) == "2025-07-18"


def test_without_an_h1_the_declared_title_loses_the_site_name_the_host_gives():
    # No og:site_name: "GDevelop" is known as the site's name from the host gdevelop.io.
    meta = _meta("""<html><head><title>How to Make a Good Game: 5 Mistakes | GDevelop</title>
    <meta property="og:title" content="How to Make a Good Game: 5 Mistakes | GDevelop">
    </head><body><h2>How to Make a Good Game: 5 Mistakes</h2></body></html>""",
                 "https://gdevelop.io/blog/make-a-good-game")
    assert meta.title == "How to Make a Good Game: 5 Mistakes"


def test_site_and_section_names_are_cut_from_either_end_of_a_title():
    assert strip_site("Top 7 Kitchen Trends | Blog | Encore Realty", None,
                      ["encorerealty"]) == "Top 7 Kitchen Trends"
    assert strip_site("The Agency | ML at Georgia Tech", "The Agency", []) == "ML at Georgia Tech"
    assert strip_site("davidbau.com Vibe Coding", None, ["davidbau"]) == "Vibe Coding"
    # A colon inside the headline is not a separator.
    assert strip_site("Top 10: Best Apps", None, ["apps"]) == "Top 10: Best Apps"


# --- authors -----------------------------------------------------------------------------


def test_byline_with_several_authors_joined_by_commas_and_and():
    meta = _meta("""<html><body><article><h1>Ten Ways to Save on Groceries</h1>
    <div class="article-meta"><span class="byline">By <a href="/author/ann-lee">Ann Lee</a>,
    <a href="/author/bo-chan">Bo Chan</a> and <a href="/author/cy-dorn">Cy Dorn</a></span>
    <span class="date">March 3, 2025</span></div><p>Body text.</p></article></body></html>""")
    assert meta.authors == ["Ann Lee", "Bo Chan", "Cy Dorn"]
    assert _day(meta.published_at) == "2025-03-03"


def test_an_author_card_with_a_job_title_gives_the_name_only():
    # A school-paper theme: name and job in separate spans; a Webflow card: one line.
    meta = _meta("""<html><body><div class="sno-story-page"><h1>A Beginner's Guide to Skincare</h1>
    <div class="sno-story-byline"><span class="byline-name">Audrey Huang</span> ,
    <span class="byline-job">Print Managing Editor</span></div></div></body></html>""")
    assert meta.authors == ["Audrey Huang"]
    assert person_name("Jane Doe Senior Editor") == "Jane Doe"
    assert person_name("Shipping Expert") is None


def test_a_job_title_after_a_comma_ends_the_names():
    # A newspaper byline: "By Jane Doe, Staff Writer" in one text node.
    meta = _meta("""<html><body><h1>City Council Votes</h1><p class="byline">By Jane Doe and
    John Smith, Senior Staff Writers</p><p>Text.</p></body></html>""")
    assert meta.authors == ["Jane Doe", "John Smith"]
    assert names_in(["By Jane Doe, Staff Writer, and Bo Chan"], labelled=False) == [
        "Jane Doe", "Bo Chan"]
    # Not a job title: nothing is taken from a line that is not a list of names.
    assert names_in(["By Jane Doe, Special to the Post"], labelled=False) == []


def test_a_job_title_in_its_own_element_after_the_name_is_not_an_author():
    # The Old Farmer's Almanac: "Written By:", the name, then the writer's trade.
    meta = _meta("""<html><body><div class="page"><h1 class="page-title"><span>How We Keep
    Pests Out of the Garden</span></h1><div class="author-line-block"><div class="author-line">
    <span class="author-label">Written By:</span> <span class="author-name"><a
    href="/author/celeste-longacre">Celeste Longacre</a></span> <span class="author-title">
    Gardener &amp; Astrologer</span></div></div></div></body></html>""",
                 "https://www.almanac.com/how-we-keep-pests-out-garden")
    assert meta.authors == ["Celeste Longacre"]
    assert names_in(["By", "Ann Lee,", "Bo Chan"], labelled=False) == ["Ann Lee", "Bo Chan"]
    assert names_in(["By", "Ann Lee", "and", "Bo Chan"], labelled=False) == ["Ann Lee", "Bo Chan"]


def test_jsonld_organisation_author_gives_way_to_the_person_in_the_byline():
    meta = _meta("""<html><head><script type="application/ld+json">{"@context":"https://schema.org",
    "@type":"BlogPosting","headline":"How Much to Charge for a Yoga Class",
    "author":{"@type":"Organization","name":"GlossGenius"},"datePublished":"2024-08-25"}</script>
    </head><body><div class="blog__header"><h1>How Much to Charge for a Yoga Class</h1>
    <div class="staff__wrap"><div class="text__author">Shauna Mitchell</div>
    <div class="text__date">August 25, 2024</div></div></div></body></html>""",
                 "https://glossgenius.com/blog/how-much-to-charge-for-yoga-class")
    assert meta.authors == ["Shauna Mitchell"]


def test_a_jsonld_author_given_by_its_id_is_read_from_the_graph():
    # Yoast and Rank Math: the article points at a Person node elsewhere in @graph.
    meta = _meta("""<html><head><script type="application/ld+json">{"@context":"https://schema.org",
    "@graph":[{"@type":"BlogPosting","headline":"Types of Mobile Apps",
    "author":{"@id":"https://clevertap.example/blog/author/shiv/#author"}},
    {"@type":"Person","@id":"https://clevertap.example/blog/author/shiv/#author",
    "name":"Shivkumar M"}]}</script></head><body><h1>Types of Mobile Apps</h1></body></html>""")
    assert meta.authors == ["Shivkumar M"]


def test_the_written_by_pair_of_twitter_labels_names_the_author():
    # Yoast prints the author as twitter:label1 "Written by" / twitter:data1 for link unfurls.
    meta = _meta("""<html><head><meta name="twitter:label1" content="Written by">
    <meta name="twitter:data1" content="Albert Swann">
    <meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2"
    content="3 minutes"></head><body><h1>Cheap Fixes Are the Best</h1></body></html>""")
    assert meta.authors == ["Albert Swann"]


def test_an_unlabelled_name_opening_the_meta_row_under_the_headline_is_the_author():
    # A Next.js blog: "Stefan Pauli · March 5, 2026 · 9 min read" in plain spans under the <h1>,
    # no "By", no author class; the JSON-LD names only the company.
    meta = _meta("""<html><head><script type="application/ld+json">{"@type": "BlogPosting",
    "headline": "Podcast Equipment Checklist", "author": {"@type": "Organization",
    "name": "Automateed Team"}}</script></head><body><div class="hero"><div class="box">
    <h1 class="text-5xl font-bold">Podcast Equipment Checklist</h1>
    <div class="flex gap-4 text-sm"><div class="flex"><span>Stefan Pauli</span></div>
    <div class="flex"><time datetime="2026-03-05T12:01:28Z">March 5, 2026</time></div>
    <div class="flex"><span>9 min read</span></div></div></div></div><p>Text.</p></body></html>""")
    assert meta.authors == ["Stefan Pauli"]


@pytest.mark.parametrize("row", [
    '<a href="/category/tech">Technology</a> <span>March 5, 2026</span>',  # the section
    "<span>Thursday, March 5, 2026</span>",  # the weekday of the date
    "<span>Last Modified</span> <span>March 5, 2026</span>",  # the date's label
    "<span>Publié le</span> <span>5 mars 2026</span>",
    "<span>Reuters</span> <span>March 5, 2026</span>",  # a news agency
])
def test_a_section_a_weekday_or_a_date_label_opening_the_row_is_no_author(row):
    meta = _meta(f"""<html lang="en"><body><h1>Best Phones</h1><div class="meta">{row}</div>
    <p>Text.</p></body></html>""")
    assert meta.authors == []


def test_a_news_agency_beside_a_person_is_no_author():
    meta = _meta("""<html><body><h1>Markets Rally</h1><p class="byline">By Jane Doe and
    Reuters</p><p>Text.</p></body></html>""")
    assert meta.authors == ["Jane Doe"]
    wire = _meta("""<html><body><h1>Markets Rally</h1><p class="byline">By Reuters</p>
    <p>Text.</p></body></html>""")
    assert wire.authors == ["Reuters"]  # the organisation, when no person is named


def test_an_author_card_beats_the_unlabelled_name_under_the_headline():
    meta = _meta("""<html><body><div class="hero"><div><div><h1>Best Phones</h1>
    <div><span>Gadget Guy</span> <span>March 5, 2026</span></div></div></div></div><main>
    <p>Text.</p></main><section class="about-author"><h3>Jane Doe</h3><p>Jane writes.</p>
    </section></body></html>""")
    assert meta.authors == ["Jane Doe"]


def test_a_marked_byline_beats_the_source_name_opening_the_row_under_the_headline():
    # A syndicated story: the row under the headline names the source before its date; the
    # byline that names the writer comes after it.
    meta = _meta("""<html><body><article><h1>Sad Movies That Will Make You Cry</h1>
    <div class="attribution"><span>Medical Daily</span> <span>3/12/2020</span></div>
    <div class="byline"><span>Lizette Borreli</span></div><p>Text.</p></article></body></html>""")
    assert meta.authors == ["Lizette Borreli"]


_TEAM_CARD_PAGE = """<body><header class="hero"><div class="wrap"><div class="inner">
    <div class="title"><h1>Video Production Trends to Watch in 2025</h1></div></div></div>
    </header><main><div class="rich-text"><p>Story.</p></div></main><div class="title-details">
    <a href="/post/trends" class="author-wrapper"><div class="author-image-wrapper">
    <img src="" alt=""></div><div class="flex-vertical"><div class="author-name">
    Team SimplyThrilled</div><div class="published-date">September 4, 2025</div></div></a>
    </div></body>"""


def test_a_team_author_card_names_the_author_when_no_person_is_named():
    # A Webflow blog: the author card's name element names the studio's team.
    assert _meta(f"<html>{_TEAM_CARD_PAGE}</html>").authors == ["Team SimplyThrilled"]
    # A company the structured data names comes before a team's card.
    company = _meta(f"""<html><head><script type="application/ld+json">{{"@type": "Article",
    "author": {{"@type": "Organization", "name": "Thrilled Studio"}}}}</script></head>
    {_TEAM_CARD_PAGE}</html>""")
    assert company.authors == ["Thrilled Studio"]


def test_an_author_bio_card_after_the_story_names_the_author():
    # A heading inside a card whose class names the author (a Bootstrap blog template).
    meta = _meta("""<html><body><main><article><div class="entry"><header><h1>Building a UI
    Pipeline</h1></header><p>Story.</p></div></article>
    <div class="blog-author d-flex"><img src="a.webp" alt=""><div><h4>Bence Kovács</h4>
    <p>Audio developer.</p></div></div></main></body></html>""")
    assert meta.authors == ["Bence Kovács"]


def test_an_author_photo_names_the_author_by_the_heading_beside_it():
    # Prismic's callout: the photo carries the author class, the name is in the next column.
    meta = _meta("""<html><body><h1>Podcast Equipment</h1><p>Story.</p>
    <div class="callout"><div class="callout__image"><img class="author__photo" src="a.jpg"
    alt="alban Brooke"></div><div class="callout__content"><h3>Alban Brooke</h3>
    <p>Alban is the host of Buzzcast.</p></div></div></body></html>""")
    assert meta.authors == ["Alban Brooke"]


def test_an_author_description_follows_the_name_it_describes():
    # GenerateBlocks: the name paragraph, then a "dynamic-author-description".
    meta = _meta("""<html><body><main><article><div class="entry"><header><h1>Best Espresso
    Machines</h1></header><p>Story.</p></div></article>
    <div class="gb-container"><p class="gb-headline">Asser Christensen</p>
    <div class="dynamic-author-description">Licensed Q Arabica Grader, M.A. Journalism</div>
    </div></main></body></html>""")
    assert meta.authors == ["Asser Christensen"]


def test_an_article_classed_with_its_author_slug_is_no_author_card():
    # WordPress post_class() puts "author-jane-doe" on the <article>: its first heading is
    # an entry, not a name.
    story = "<p>" + "The cameras we tested over three months of shooting. " * 8 + "</p>"
    meta = _meta(f"""<html><body><article class="post author-myles-katherine"><h1>Best
    Cameras</h1>{story}<h2>Canon</h2>{story}</article></body></html>""")
    assert meta.authors == []


def test_an_organisation_is_the_author_only_when_no_person_is_named():
    meta = _meta("""<html><head><script type="application/ld+json">{"@type":"Article",
    "headline":"Plumbing Trends","author":{"@type":"Organization","name":"Podium"}}</script>
    </head><body><h1>Plumbing Trends</h1><p>Text.</p></body></html>""",
                 "https://www.podium.com/article/plumbing-trends")
    assert meta.authors == ["Podium"]


def test_widget_text_and_template_keys_are_never_authors():
    meta = _meta("""<html><head><meta name="author" content="page.head.extra.author"></head>
    <body><h1>Startup Lessons</h1><div class="author-box"><a class="author-link" href="/team">
    View all posts</a></div><p>Text.</p></body></html>""")
    assert meta.authors == []
    assert names_in(["Share"], labelled=True) == []
    assert names_in(["Reviewed by", "Dr. Amy Fox"], labelled=False) == []


def test_a_placeholder_or_a_login_slug_in_json_ld_is_no_author():
    # A headless CMS's empty field printed by JavaScript, and Yoast naming the WordPress login;
    # the byline's person is read instead.
    for name in ("undefined", "null null", "Unknown Author", "brandon-peaktwo"):
        meta = _meta(f"""<html><head><script type="application/ld+json">{{"@type": "Article",
        "headline": "Social Commerce", "author": {{"@type": "Person", "name": "{name}"}}}}
        </script></head><body><h1>Social Commerce</h1><p class="byline">By Brandon Lee</p>
        <p>Text.</p></body></html>""")
        assert meta.authors == ["Brandon Lee"], name


def test_the_comment_section_author_is_not_the_article_author():
    meta = _meta("""<html><body><article><h1>Grow Tomatoes</h1><p>Text.</p>
    <div class="comments"><div class="comment-author">By Joe Bloggs</div></div>
    </article></body></html>""")
    assert meta.authors == []


def test_posted_by_line_after_the_story():
    # A classic blog template: "Posted by NAME at DATE" below the post.
    meta = _meta("""<html><body><table><tr><td class="blog"><h1>Vibe Coding</h1>
    <div class="blogbody"><p>Text of the post.</p>
    <span class="posted">Posted by David Bau at December 16, 2025 11:15 AM</span></div>
    </td></tr></table></body></html>""")
    assert meta.authors == ["David Bau"]
    assert meta.published_at == datetime(2025, 12, 16, 11, 15, tzinfo=UTC)


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "language", "day"), [
    ("Veröffentlicht am 1. März 2024 um 10:30 Uhr", "de-DE", "2024-03-01"),
    ("Publié le 5 mars 2024 à 14h30", "fr-FR", "2024-03-05"),
    ("Publicado el 5 de marzo de 2024", "es-ES", "2024-03-05"),
    ("Pubblicato il 12 settembre 2023", "it-IT", "2023-09-12"),
    ("Publicado em 7 de outubro de 2022", "pt-BR", "2022-10-07"),
    ("Gepubliceerd op 5 maart 2024", "nl-NL", "2024-03-05"),
    ("Updated Dec. 18th, 2025 · 12 min read", "en-US", "2025-12-18"),
    ("16.12.2025", "de", "2025-12-16"),
    ("03/04/2025", "en-GB", "2025-04-03"),
    ("03/04/2025", "en-US", "2025-03-04"),
])
def test_printed_dates_in_seven_languages(line, language, day):
    assert [d.date().isoformat() for d in dates_in(line, language)] == [day]


def test_a_month_and_year_or_a_relative_date_is_not_a_day():
    assert dates_in("In March 2024 we tested 40 kettles", "en") == []
    assert dates_in("2 days ago", "en") == []


def test_printed_time_zone_is_kept():
    found = dates_in("Nov 25, 2025 5:00 am PST", "en-US")
    assert found == [datetime(2025, 11, 25, 5, 0, tzinfo=timezone(timedelta(hours=-8)))]
    assert read_date("Tue, 25 Nov 2025 5:00:00 PST").utcoffset() == timedelta(hours=-8)
    assert read_date("2024-04-12 08:02:41 -0500").utcoffset() == timedelta(hours=-5)
    # AppleInsider: "04:05 pm PT", the zone without its season.
    found = dates_in("Monday, November 18, 2019, 04:05 pm PT (07:05 pm ET)", "en")
    assert found == [datetime(2019, 11, 18, 16, 5, tzinfo=timezone(timedelta(hours=-8)))]
    assert dates_in("12/16/2025 10:00 pm", "en-US") == [datetime(2025, 12, 16, 22, tzinfo=UTC)]
    assert dates_in("16/12/2025 à 14h30 +01:00", "fr") == [
        datetime(2025, 12, 16, 14, 30, tzinfo=timezone(timedelta(hours=1)))]


def test_time_without_datetime_is_read_from_its_text():
    # Elementor's post-info widget prints <time>8 Oct 2022</time> with no attribute.
    meta = _meta("""<html lang="en-GB"><body><h1>Electrical Safety Tips</h1>
    <ul class="elementor-post-info"><li class="elementor-post-info__item--type-date">
    <span class="elementor-post-info__item-prefix">On</span> <time>8 Oct 2022</time></li></ul>
    <p>Text.</p></body></html>""")
    assert _day(meta.published_at) == "2022-10-08"


def test_a_byline_row_above_the_headline_gives_the_date():
    # A Webflow blog template: "Category / date / author" in unmarked divs above the <h1>,
    # and the related posts after the story carry dates of their own.
    meta = _meta("""<html><body><section class="section post"><div class="container post">
    <div class="post-about-wrapper"><a href="/blog-category/basics" class="post-category-link">
    Wine Basics 101</a><div> / </div><div class="text-block-26">December 14, 2025</div>
    <div> / </div><a href="/team/matt-check" class="link-9">Matt Check</a></div>
    <h1 class="title post">Wine for Beginners</h1><p class="post-excerpt">Learn the basics.</p>
    <div class="rich-text"><p>Text.</p></div>
    <div class="related"><div class="post-date">March 1, 2024</div></div></div></section>
    </body></html>""")
    assert _day(meta.published_at) == "2025-12-14"


def test_the_byline_below_the_headline_beats_a_line_above_it():
    meta = _meta("""<html><body><p class="kicker">Deal ends March 10, 2026</p><h1>Best TVs</h1>
    <div class="byline">By Jane Doe <time datetime="2026-03-01">March 1, 2026</time></div>
    <p>Text.</p></body></html>""")
    assert _day(meta.published_at) == "2026-03-01"


def test_a_date_attribute_without_a_year_is_no_day():
    # Squarespace prints <time datetime="Mar 6">: the year is not today's, it is unknown.
    assert read_date("Mar 6", "en") is None
    meta = _meta("""<html><body><article><h1>Best Wireless Headphones</h1>
    <div class="blog-item-author-date-wrapper"><time class="dt-published blog-meta-item--date"
    datetime="Mar 6" pubdate>Mar 6</time></div><p>Text.</p></article></body></html>""")
    assert meta.published_at is None


def test_updated_only_is_the_modified_date_and_the_latest_publication_day():
    meta = _meta("""<html><body><h1>Best Tax Software</h1>
    <div><span class="font-normal">Updated on <!-- --> July 9, 2025</span></div>
    <p>Text.</p></body></html>""")
    assert _day(meta.modified_at) == "2025-07-09"
    assert _day(meta.published_at) == "2025-07-09"  # the page says nothing earlier


def test_a_structured_modified_date_alone_stands_in_for_the_publication():
    meta = _meta("""<html><head><script type="application/ld+json">{"@type": "BlogPosting",
    "headline": "Seven Dashboards", "dateModified": "2025-03-04T10:00:00+01:00"}</script></head>
    <body><h1>Seven Dashboards</h1><p>Text.</p></body></html>""")
    assert meta.published_at == meta.modified_at
    assert meta.published_at.isoformat() == "2025-03-04T10:00:00+01:00"


def test_published_and_updated_lines_go_to_their_own_fields():
    meta = _meta("""<html><body><h1>Free Accounting Tools</h1>
    <div class="article-body__meta"><div class="article-body__updated">Updated
    <time datetime="2025-11-29">November 29, 2025</time></div>
    <div class="article-body__published">Published <time datetime="2025-08-13">August 13, 2025
    </time></div></div><p>Text.</p></body></html>""")
    assert _day(meta.published_at) == "2025-08-13"
    assert _day(meta.modified_at) == "2025-11-29"


def test_structured_dates_keep_published_and_modified_apart():
    meta = _meta("""<html><head><meta property="article:published_time"
    content="2025-06-23T18:44:33+00:00"><meta property="article:modified_time"
    content="2025-12-19T14:14:43+00:00"><meta name="date" content="November 25, 2025"></head>
    <body><h1>Movers</h1></body></html>""")
    assert meta.published_at == datetime(2025, 6, 23, 18, 44, 33, tzinfo=UTC)
    assert _day(meta.modified_at) == "2025-12-19"
    written = _meta("""<html><head><meta name="date" content="November 25, 2025"></head>
    <body><h1>Streaming</h1></body></html>""")
    assert _day(written.published_at) == "2025-11-25"


def test_a_date_published_no_earlier_than_modified_gives_way_to_the_printed_date():
    # Webflow (Huberman Lab): the CMS stamps datePublished at each re-publish, later than
    # dateModified; the newsletter's date printed under the headline is the publication.
    meta = _meta("""<html><head><script type="application/ld+json">{"@context":
    "https://schema.org","@type":"Article","headline":"Foundational Fitness Protocol",
    "datePublished":"Jun 12, 2025","dateCreated":"Aug 25, 2023","dateModified":"Jun 10, 2025"}
    </script></head><body><div class="u-max-50"><h1 class="h1 u-mb-0-375">Foundational Fitness
    Protocol</h1></div><div class="newsletter-details-wrapper"><p>November 2, 2022</p>
    <p class="u-text-black-5">|</p></div><p>Text.</p></body></html>""",
                 "https://www.hubermanlab.com/newsletter/foundational-fitness-protocol")
    assert _day(meta.published_at) == "2022-11-02"
    assert _day(meta.modified_at) == "2025-06-10"


def test_the_previous_and_next_post_links_are_not_the_byline():
    # FieldEdge: the byline's date is the first one after the headline in the page's markup
    # only once the "posts--paging" cards of the neighbouring posts are skipped.
    meta = _meta("""<html><body><section class="single-post">
    <h1 class="single-post--title">51 Must-Have Electrician Tools for 2025</h1>
    <article class="cms-content"><p>Electricians rely on the right tools.</p></article>
    <div class="posts--paging"><div class="resources--listing"><div class="resources--listing-item">
    <div class="resources--item -reverse"><div class="resources--descr"><h3><a href="/blog/x">
    Scaling A Field Service Business</a></h3><div class="resources--sub"><strong
    class="resources--author">Tom Talbot</strong> <em class="resources--date">October 7, 2025</em>
    </div></div></div></div></div></div><div class="single-post--author"><strong
    class="single-post--author-name">Tom Talbot</strong> <em class="single-post--date">October 14,
    2025</em></div></section></body></html>""", "https://fieldedge.com/blog/electrician-tools/")
    assert _day(meta.published_at) == "2025-10-14"


def test_a_date_marked_as_published_away_from_the_headline():
    # Webflow: the author card with its "published-date" sits in the hero, before the <h1>
    # of the post's rich text; no structured date.
    meta = _meta("""<html><body><div class="title-details-wrapper"><h2 class="blog-title">Video
    Production Trends</h2><a class="author-wrapper w-inline-block" href="/post/trends"><div
    class="flex-vertical"><div class="author-name">Team SimplyThrilled</div><div
    class="published-date black">September 4, 2025</div></div></a></div><div class="section-12">
    <div class="blog-content"><div class="rich-text"><p></p><h1><strong>Video Production Trends
    to Watch in 2025</strong></h1><p>The internet runs on video.</p><p></p></div></div></div>
    </body></html>""", "https://www.simply-thrilled.com/post/video-production-trends")
    assert _day(meta.published_at) == "2025-09-04"


def test_a_published_time_after_the_story_beats_a_structured_re_publish_stamp():
    # U.S. Chamber: datePublished equals dateModified (the last save); the story ends with
    # "Published <time pubdate>".
    meta = _meta("""<html><head><script type="application/ld+json">{"@type":"Article",
    "headline":"10 Free Accounting Tools","datePublished":"2025-11-29T12:28:31-05:00",
    "dateModified":"2025-11-29T12:28:31-05:00"}</script></head><body><article><div
    class="article-header"><div class="article-header__content"><div class="article-header__title">
    <h1>10 <b>Free Accounting Tools</b></h1></div><p>Staying on top of your bookkeeping.</p></div>
    <div class="article-header__footer">By: <a href="/co/authors/jessica-elliott">Jessica
    Elliott</a></div></div><div class="article-body"><p>Text.</p><div
    class="article-body__published">
    Published <time pubdate datetime="2025-08-13" title="August 13, 2025">August 13, 2025</time>
    </div></div></article></body></html>""",
                 "https://www.uschamber.com/co/run/finance/free-accounting-tools")
    assert _day(meta.published_at) == "2025-08-13"
    assert _day(meta.modified_at) == "2025-11-29"


def test_a_date_printed_away_from_the_headline_is_the_last_resort():
    # A theme whose hero header holds only the <h1>; the date is in the meta line after the
    # story. The sidebar's latest-posts widget comes first in the page and is not the byline.
    meta = _meta("""<html><body><div class="hero"><div class="hero__inner"><div class="wrap">
    <div class="title-box"><h1>Ten Easy Steps to a Great Interior</h1></div></div></div></div>
    <aside class="sidebar"><div class="widget-latest"><span class="post-date">May 2, 2024</span>
    </div></aside><main><div class="content"><p>Text of the story.</p><p>More text.</p></div>
    <div class="entry-meta"><span class="posted-on">Posted on 28 November 2016</span>
    </div></main></body></html>""")
    assert _day(meta.published_at) == "2016-11-28"
    # Other posts, an aside, a footer and reviews inside the story are not its date.
    listed = _meta("""<html><body><div class="hero"><div><div><h1>Ten Steps</h1></div></div>
    </div><main><p>Text.</p><section class="latest-posts"><span class="entry-date">May 1, 2024
    </span></section><aside><span class="date">May 2, 2024</span></aside><footer><time>
    May 3, 2024</time></footer><div class="reviews"><span class="review-date">May 4, 2024
    </span></div></main></body></html>""")
    assert listed.published_at is None
    # Without a date-marked element the page has no date: nothing is guessed from its prose.
    prose = "Since March 3, 2020 we have refitted kitchens, " + "and more rooms, " * 12
    bare = _meta(f"""<html><body><h1>Ten Steps</h1><div><p>Intro.</p><p>{prose}</p></div>
    </body></html>""")
    assert bare.published_at is None


def test_a_date_only_in_the_url():
    meta = _meta("<html><body><h1>Vibe Coding</h1><p>Text.</p></body></html>",
                 "https://davidbau.com/archives/2025/12/16/vibe_coding.html")
    assert _day(meta.published_at) == "2025-12-16"
    assert _day(date_in_url("https://lmsys.org/blog/2025-12-17-minisgl")) == "2025-12-17"
    assert date_in_url("https://example.org/2022/12/") is None  # a month is not a day


# --- lead image --------------------------------------------------------------------------


def test_lead_image_is_the_declared_one_else_the_articles_first_figure():
    from ingest.extract import extract

    body = """<body><article><h1>Ten Kettles</h1><figure><img src="/img/lead.jpg" alt="Kettles">
    </figure><p>We tested forty kettles over three months, pouring every one of them daily.</p>
    <p>Here are the ten we would buy again, in order, with what each does best.</p></article>
    </body>"""
    url = "https://kettles.example/best"
    declared = extract(f"""<html><head><meta property="og:image" content="/img/og.jpg"></head>
    {body}</html>""".encode(), url)
    assert declared.image == "https://kettles.example/img/og.jpg"
    assert extract(f"<html>{body}</html>".encode(), url).image == \
        "https://kettles.example/img/lead.jpg"


def test_a_name_that_starts_like_a_foreign_by_label_keeps_its_first_word():
    # "von", "di", "par" label a byline only in lower case; capitalised, they begin a name.
    assert names_in(["Di Maria Rossi"], labelled=True) == ["Di Maria Rossi"]
    assert names_in(["di Maria Rossi"], labelled=False) == ["Maria Rossi"]
    meta = _meta("""<html><head><meta name="author" content="Von Miller"></head>
    <body><h1>Ten Drills</h1></body></html>""")
    assert meta.authors == ["Von Miller"]
