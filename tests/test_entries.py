"""Entry detection: each rule with a trimmed copy of the markup of the page that needed it."""

from __future__ import annotations

import pytest

from ingest.extract.entries import parse_rank, unpolluted
from tests.helpers import prose, run


def ranks_titles(record) -> list[tuple[int | None, str]]:
    return [(e.rank, e.title) for e in record.entries]


@pytest.mark.parametrize(
    ("heading", "rank", "title"),
    [
        ("10 Angel Beats", 10, "Angel Beats"),
        ("10. Angel Beats", 10, "Angel Beats"),
        ("#10: Angel Beats", 10, "Angel Beats"),
        ("No. 10 — Angel Beats", 10, "Angel Beats"),
        ("10) Mistborn: The Deckbuilding Game", 10, "Mistborn: The Deckbuilding Game"),
        ("01. Robert Plant", 1, "Robert Plant"),
        ("①Visual Studio Code", 1, "Visual Studio Code"),
        ("Trend 4: Quiet luxury", 4, "Quiet luxury"),
        ("Common Mistake #3: Skipping warm-ups", 3, "Skipping warm-ups"),
        ("2001: A Space Odyssey", None, "2001: A Space Odyssey"),
        ("3D Printing Basics", None, "3D Printing Basics"),
        ("7.19", None, "7.19"),
    ],
)
def test_parse_rank(heading: str, rank: int | None, title: str) -> None:
    got_rank, got_title, _ = parse_rank(heading)
    assert (got_rank, got_title) == (rank, title)


def test_numbered_h2_descending_like_the_seed() -> None:
    body = prose(2) + "".join(
        f"<h2>{n} Show number {n}</h2><p>Text about show {n} that is long enough.</p>"
        for n in range(5, 0, -1))
    record = run(body, title="5 Saddest Anime Ever")
    assert ranks_titles(record) == [(n, f"Show number {n}") for n in range(5, 0, -1)]
    assert record.order == "descending"
    assert record.declared_count == 5
    assert record.warnings == []


def test_honorable_mentions_heading_is_not_an_entry() -> None:
    """boardgamersanonymous: an unnumbered h2 before a '10) Title' run."""
    body = ("<h2 class=wp-block-heading>Honorable Mentions (Good, But Not My Top 3)</h2>"
            + prose(2) + "".join(
                f"<h2 class=wp-block-heading>{n}) Game {n}</h2><p>Why game {n} made it.</p>"
                for n in (3, 2, 1)))
    record = run(body, title="My Top 3 Board Games of 2025")
    assert ranks_titles(record) == [(3, "Game 3"), (2, "Game 2"), (1, "Game 1")]


def test_permalink_hash_before_number() -> None:
    """cherryservers: <h3><a class=heading-permalink>#</a>1. Name</h3>."""
    body = "".join(
        f"<h3><a class=heading-permalink href='#{n}'>#</a>{n}. Provider {n}</h3>"
        f"<p>Provider {n} offers things.</p>" for n in (1, 2, 3))
    record = run(body, title="3 Private Cloud Providers Compared")
    assert ranks_titles(record) == [(1, "Provider 1"), (2, "Provider 2"), (3, "Provider 3")]


def test_rank_in_its_own_span() -> None:
    """Valnet (MovieWeb): <h2><span class=item-num>8 </span><span>Title</span></h2>."""
    body = "".join(
        f"<h2 id='s{n}'><span class=item-num>{n} </span> <span>Title {n}</span></h2>"
        f"<p>Description {n}.</p>" for n in (3, 2, 1))
    record = run(body, title="Best Anime of 2025")
    assert ranks_titles(record) == [(3, "Title 3"), (2, "Title 2"), (1, "Title 1")]
    assert [e.anchor for e in record.entries] == ["s3", "s2", "s1"]


def test_br_separated_lines_in_one_paragraph() -> None:
    """hearya: all entries are lines of one <p>, '01. Name<br>02. Name'."""
    lines = "<br>".join(f"{n:02d}. Singer {n}" for n in range(1, 8))
    record = run(prose(1) + f"<p>{lines}</p>", title="Top 7 Metal Vocalists")
    assert ranks_titles(record) == [(n, f"Singer {n}") for n in range(1, 8)]


def test_heading_wrapping_an_ordered_list_takes_its_position() -> None:
    """cbsnews: the first heading is <h3><ol><li>Title</li></ol></h3>, the rest '2. Title'."""
    body = ("<h3><ol><li>My fears</li></ol></h3><p>Said at the hearing.</p>"
            "<h3>2. Never urged</h3><p>Another moment.</p><h3>3. Not irregular</h3><p>More.</p>")
    record = run(prose(1) + body, title="Key moments from the hearing")
    assert ranks_titles(record) == [(1, "My fears"), (2, "Never urged"), (3, "Not irregular")]


def test_bold_paragraph_entries_matching_the_count() -> None:
    """rawstory: <p><strong>Name</strong></p> followed by plain paragraphs."""
    names = ["Elton John", "Celine Dion", "Kiss", "Andrea Bocelli"]
    body = prose(1) + "".join(
        f"<p><strong>{n}</strong></p><p>{n} said no to the show for reasons.</p>" for n in names)
    record = run(body, title="These 4 celebrities refused to play")
    assert ranks_titles(record) == [(None, n) for n in names]
    assert record.order == "unranked"


def test_wordpress_taxonomy_classes_do_not_hide_the_post() -> None:
    """womencantalksports: the post div carries 'category-popular tag-…' classes."""
    body = "".join(f"<p><strong>{n}. Person {n}</strong></p><p>About person {n}.</p>"
                   for n in range(1, 4))
    html_body = f"<div id=blog_post class='post category-popular tag-sports'>{body}</div>"
    record = run(html_body, title="Top 3 Women Talking Sports")
    assert ranks_titles(record) == [(n, f"Person {n}") for n in range(1, 4)]


def test_unnumbered_headings_grouped_by_look() -> None:
    """usatoday: a dek <h2 class=subhead> plus 3 entry <h2 class=presto-h2>, count 3."""
    body = ("<h2 class='subhead'>Need a movie? Stream these 3 at home</h2>" + prose(2)
            + "".join(f"<h2 class='presto-h2'>'Movie {n}'</h2><p>Where to watch: Hulu.</p>"
                      "<p>A blurb about it.</p>" for n in "ABC"))
    record = run(body, title="From A to C, 3 movies to stream now")
    assert [e.title for e in record.entries] == ["'Movie A'", "'Movie B'", "'Movie C'"]


def test_heading_starting_with_more_is_an_entry_and_og_title_count_counts() -> None:
    """today.com: H1 says '5 trends', og:title 'top 6', six h2 (one starts with 'More')."""
    titles = ["Pilates leads", "Strength rises", "Community grows", "Music classes",
              "More people prioritize health", "Data helps"]
    body = prose(1) + "".join(f"<h2 class=body-heading>{t}</h2><p>{t} text here.</p>"
                              for t in titles)
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"The Most Popular Workout & 5 Trends to Watch"}</script>'
            '<meta property="og:title" content="The top 6 fitness trends for 2025">')
    record = run(body, title="The Most Popular Workout & 5 Trends to Watch", head=head)
    assert [e.title for e in record.entries] == titles
    assert record.declared_count == 5
    assert any("promises 5" in w for w in record.warnings)


def test_slideshow_slides_are_entries() -> None:
    """economictimes: one <section class='slides'> per slide, no numbers, no count."""
    body = "".join(
        f"<section class='flt slides' id='slide{n}'><img src='/img{n}.jpg' alt='pic {n}'>"
        f"<div class=slideHeadSec><h2>Point {n}</h2></div><p class=s_des>Slide {n} text.</p>"
        "</section>" for n in range(1, 6))
    record = run(body, title="The phone is here, here's all we know")
    assert [e.title for e in record.entries] == [f"Point {n}" for n in range(1, 6)]
    assert record.entries[0].images[0].alt == "pic 1"


def test_bold_titles_carrying_the_whole_article() -> None:
    """New Yorker Daily Shouts: bold title, image, one paragraph, nine times; no count."""
    body = "".join(
        f"<p><strong>Odd Tea Number {n}</strong></p><img src='/t{n}.jpg'>"
        f"<p class=paywall>Why tea {n} should go, told in a sentence.</p>" for n in range(1, 8))
    record = run(body, title="Teas You Should Probably Get Rid of Already")
    assert len(record.entries) == 7
    assert record.entries[0].paragraphs == ["Why tea 1 should go, told in a sentence."]


def test_missing_rank_is_a_gap_with_a_warning() -> None:
    """pennyhoarder: '5. Barns' is followed by '7. Foundations'."""
    body = prose(1) + "".join(f"<h2>{n}. Place {n}</h2><p>Look here {n}.</p>"
                              for n in (1, 2, 3, 4, 5, 7))
    record = run(body, title="7 Unexpected Places You Could Find Cash")
    assert [e.rank for e in record.entries] == [1, 2, 3, 4, 5, 7]
    assert "rank 6 missing" in record.warnings


def test_duplicated_copy_of_the_article_is_dropped() -> None:
    """youbeauty: the whole article is rendered twice (two page divs)."""
    one = "".join(f"<p><em>For occasion {n}...</em></p><p>{'Long paragraph text ' * 6}{n}</p>"
                  for n in range(1, 4))
    record = run(one + one, title="3 Nail Decals and Places to Wear Them")
    assert [e.title for e in record.entries] == [f"For occasion {n}..." for n in range(1, 4)]


# Pages that are not lists must keep no entries.


def test_numbered_document_outline_is_not_a_list() -> None:
    """sqlite docs: '1. Overview', '2. Syntax' with '2.1 Details' subsections."""
    body = ("<h1>1. Overview</h1><p>Intro.</p><h1>2. Syntax</h1><h2>2.1 Details</h2><p>x</p>"
            "<h2>2.2 More</h2><p>y</p><h1>3. Semantics</h1><p>z</p>")
    assert run(body, title="SELECT").entries == []


def test_how_to_steps_are_not_ranked_entries() -> None:
    body = "".join(f"<h2>Step {n}: Do thing {n}</h2><p>Instructions {n}.</p>" for n in (1, 2, 3))
    assert run(body, title="How to Repot a Houseplant").entries == []


def test_howto_jsonld_numbered_headings_are_steps() -> None:
    head = '<script type="application/ld+json">{"@type": "HowTo", "name": "Bread"}</script>'
    body = "".join(f"<h2>{n}. Mix part {n}</h2><p>Do it.</p>" for n in (1, 2, 3))
    assert run(body, title="Homemade bread", head=head).entries == []


def test_single_item_ordered_lists_in_prose_are_not_entries() -> None:
    """Go blog: three separate <ol start=N><li><em>rule</em></li></ol> between code."""
    body = "<p>There are three simple rules:</p>" + "".join(
        f"<ol start={n}><li><em>Rule number {n} is stated here.</em></li></ol><pre>code {n}</pre>"
        for n in (1, 2, 3))
    assert run(prose(3) + body, title="Defer, Panic, and Recover").entries == []


def test_tutorial_sections_are_not_entries() -> None:
    """pythonspeed: unnumbered h2 sections, no count, 'pip-tools' in the headline."""
    body = "".join(f"<h2>Section about builds {n}</h2>{prose(2)}<pre>RUN pip install</pre>"
                   for n in range(6))
    assert run(body, title="Faster Docker builds with pipenv, poetry, or pip-tools").entries == []


def test_count_in_headline_without_structure() -> None:
    """msn: '5 Films To Cry To' but the films are only named in one sentence."""
    record = run(prose(6), title="This Is Your Brain On Sad Movies; Plus 5 Films To Cry To")
    assert record.entries == []
    assert record.declared_count == 5


def test_numbers_without_words_are_not_titles() -> None:
    body = "".join(f"<h3>{d}</h3><p>Market moved.</p>" for d in ("7.19", "3.19", "20.19"))
    assert run(body, title="Opening Bell 11.18.19").entries == []


def test_decorated_rank_markers() -> None:
    """Rank markers inside brackets or arrows: 'ᐊ 1 ᐅ Name', '【3】Name', '[2] Name'."""
    for heading, rank in (("ᐊ 1 ᐅ Mondly", 1), ("【3】Title", 3), ("[2] Title", 2)):
        assert parse_rank(heading)[0] == rank


def test_guide_sections_under_a_best_headline_are_not_entries() -> None:
    """A 'Best …' guide whose h2s are 'Understanding…', 'How to choose…', questions."""
    titles = ["Understanding oral hygiene", "Types of products", "How to choose the best",
              "Is an electric brush worth it?", "Building your routine"]
    body = "".join(f"<h2>{t}</h2>{prose(2)}" for t in titles)
    assert run(body, title="Ultimate Guide to the Best Oral Hygiene Products").entries == []


def test_numbered_faq_questions_are_not_entries() -> None:
    body = prose(2) + "".join(f"<h3>{n}. How much does option {n} cost?</h3><p>About $40.</p>"
                              for n in range(1, 6))
    assert run(body, title="Meditation Class Cost").entries == []


def test_small_numbered_run_in_a_long_article_is_not_a_list() -> None:
    """A guide with a three-item numbered aside near its end; no count, no 'best'."""
    body = prose(14) + "".join(f"<h3>{n}. Mistake {n}</h3><p>Avoid it.</p>" for n in (1, 2, 3))
    assert run(body, title="What is Social Commerce: a guided introduction").entries == []


def test_rank_in_its_own_element_before_the_heading() -> None:
    """PMC lists: <figure/><span class=rank>8</span><h2>Title</h2> in <article id=item-8>."""
    body = prose(1) + "".join(
        f"<article class=c-list-item id='list-item-{n}'><figure><img src='/a{n}.jpg'></figure>"
        f"<span class=c-list-item__rank>{n}</span><h2>Album {n}</h2><p>Review {n}.</p></article>"
        for n in (3, 2, 1))
    record = run(body, title="The 3 Best Albums of 2025")
    assert ranks_titles(record) == [(3, "Album 3"), (2, "Album 2"), (1, "Album 1")]
    assert [e.anchor for e in record.entries] == ["list-item-3", "list-item-2", "list-item-1"]
    assert record.entries[1].images[0].src == "https://example.com/a2.jpg"
    assert all(p.startswith("Review") for e in record.entries for p in e.paragraphs)


def test_last_bold_lead_entry_ends_like_the_others() -> None:
    """Bold-lead tips: the closing paragraph after the last tip is the conclusion."""
    body = prose(1) + "".join(f"<p><strong>{n}. Tip {n}.</strong> Do the thing {n}.</p>"
                              for n in range(1, 5)) + "<p>That is all you need to know.</p>"
    record = run(body, title="4 Ways to Brew Better Coffee")
    assert [e.paragraphs for e in record.entries][-1] == ["Do the thing 4."]
    assert record.conclusion == ["That is all you need to know."]


def test_how_to_steps_matching_the_count_are_not_entries() -> None:
    body = "".join(f"<h2>Do step thing {n}</h2><p>Instructions {n}.</p>" for n in range(5))
    assert run(body, title="How to Descale an Espresso Machine in 5 Steps").entries == []


def test_rank_and_title_in_sibling_spans_with_nothing_between() -> None:
    """Valnet (CBR): <h2><span class=item-num>10</span><span class=item-title>…</span></h2>."""
    body = prose(1) + "".join(
        f"<h2><span class='item-num'>{n}</span><span class='item-title'>Show {n}</span></h2>"
        f"<p>Why show {n} is sad.</p>" for n in (3, 2, 1))
    record = run(body, title="3 Saddest Anime")
    assert ranks_titles(record) == [(3, "Show 3"), (2, "Show 2"), (1, "Show 1")]
    assert "3 Show 3" in record.text


def test_plain_inline_markup_inside_a_heading_stays_one_word() -> None:
    """<h2>10 Tip<em>s</em></h2>: an unclassed inline element is not a word boundary."""
    body = prose(1) + "".join(
        f"<h2>{n}. Idea<em>s</em> for room {n}</h2><p>Paint room {n}.</p>" for n in (1, 2, 3))
    record = run(body, title="3 Ideas for Rooms")
    assert ranks_titles(record) == [(n, f"Ideas for room {n}") for n in (1, 2, 3)]


def test_ol_position_wins_over_a_number_that_is_part_of_the_title() -> None:
    """flatworld: <ol><li><h3>360 Panorama</h3>: the item's position is its rank."""
    names = ["Phoneography", "Macro", "360 Panorama", "Drones"]
    body = prose(1) + "<ol>" + "".join(
        f"<li><h3>{n}</h3><p>About {n} photography today.</p></li>" for n in names) + "</ol>"
    record = run(body, title="Recent Trends in Photography")
    assert ranks_titles(record) == [(1, "Phoneography"), (2, "Macro"), (3, "360 Panorama"),
                                    (4, "Drones")]


def test_counted_step_headings_are_the_promised_list() -> None:
    """'10 Easy Steps to…' with 'Step N:' h2s: the steps are the list, ranked."""
    body = prose(1) + "".join(
        f"<h2>Step {n}: Choose thing {n}</h2><p>Thing {n} matters because of reasons.</p>"
        for n in range(1, 5))
    record = run(body, title="4 Easy Steps to a Calmer Bedroom")
    assert ranks_titles(record) == [(n, f"Choose thing {n}") for n in range(1, 5)]


def test_how_to_after_a_kicker_is_a_how_to() -> None:
    """'Expert Move Management: How to Choose…' with numbered h3 steps is not a listicle."""
    body = prose(2) + "".join(
        f"<h3>{n}. Do task {n}</h3><p>Task {n} is done like this, with care.</p>"
        for n in range(1, 6)) + prose(2)
    record = run(body, title="Expert Move Management: How to Choose a Moving Company")
    assert record.entries == []


def test_bold_run_in_titles_of_ol_items_take_their_position() -> None:
    """<ol><li><strong>Go to class.</strong> Treat it…: the position is the rank."""
    tips = ["Go to class.", "Take notes", "Ask questions.", "Do your own work"]
    body = prose(1) + "<ol>" + "".join(
        f"<li><strong>{t}</strong>. Advice about {t.lower()} for online students.</li>"
        for t in tips) + "</ol>"
    record = run(body, title="4 Tips for Online Students")
    assert ranks_titles(record) == [(1, "Go to class"), (2, "Take notes"),
                                    (3, "Ask questions"), (4, "Do your own work")]
    assert record.entries[3].paragraphs[0].startswith("Advice about")


def test_short_lists_restarting_at_one_inside_a_guide_are_not_entries() -> None:
    """Question h2s, each with its own little 1-2-3 of h3 points: an article, not a list."""
    section = "".join(f"<h3>{n}. Point {n} of this part</h3><p>{'Detail. ' * 8}</p>"
                      for n in (1, 2, 3))
    body = (prose(1) + "<h2>Is search dead?</h2>" + section + prose(2)
            + "<h2>Which trend to ignore?</h2>" + section + prose(2))
    assert run(body, title="Search Trends Shaping the Year").entries == []


def test_repeated_sub_headings_are_not_entries() -> None:
    """Pros / Cons h4s under each product are sub-headings, whatever their number."""
    body = prose(1) + "".join(
        f"<p>Product {n} is good value.</p><h4>Pros</h4><p>Cheap.</p><h4>Cons</h4><p>Loud.</p>"
        for n in range(4))
    assert run(body, title="Best Dishwashers").entries == []


def test_rank_in_a_heading_of_its_own() -> None:
    """<h2 class=rank>1. </h2><h2><a>Squarespace</a></h2>: the rank heading numbers the next."""
    body = prose(1) + "".join(
        f"<div class=rank-head><h2 class=r>{n}. </h2><h2 class=name><a href='/t/{n}'>Tool {n}"
        f"</a></h2></div><p>Tool {n} builds websites.</p>" for n in range(1, 5))
    record = run(body, title="4 Best Website Builders")
    assert ranks_titles(record) == [(n, f"Tool {n}") for n in range(1, 5)]


def test_a_rank_printed_apart_wins_over_a_number_in_the_title() -> None:
    """IMDb chart: <li><div>#2</div><h3>12 Angry Men</h3>: rank 2, title '12 Angry Men'."""
    films = ["The Shawshank Redemption", "12 Angry Men", "Schindler's List", "Heat"]
    body = prose(1) + "<ul>" + "".join(
        f"<li><div class=rank>#{n}</div><h3>{f}</h3><p>A film from the year {1950 + n}, rated"
        f" very highly by everyone.</p></li>" for n, f in enumerate(films, 1)) + "</ul>"
    record = run(body, title="Top 4 Movies")
    assert ranks_titles(record) == list(enumerate(films, 1))


def test_a_model_number_is_not_a_wordy_rank() -> None:
    """'Canon EOS R1 – Best for sports' is a title, not rank 1 with prefix 'canon eos r'."""
    assert parse_rank("Canon EOS R1 – Best for sports")[0] is None
    assert parse_rank("Trend 4: Quiet luxury")[:2] == (4, "Quiet luxury")


def test_how_to_headline_counting_tips_is_a_list() -> None:
    """'How to Make a Good Game: 5 Mistakes and Tips' with five tip h2s is a listicle."""
    tips = ["Indicate Game Controls", "Test Early", "Keep It Short", "Reward Players",
            "Polish Sound"]
    body = prose(1) + "".join(f"<h2>{t}</h2><p>Why {t.lower()} matters in a game.</p>"
                              for t in tips)
    record = run(body, title="How to Make a Good Game: 5 Mistakes and Tips to Avoid")
    assert [e.title for e in record.entries] == tips


def test_numbered_faq_is_not_the_counted_list() -> None:
    """Five counted product h2s beat a six-question FAQ numbered by faq-rank spans."""
    body = prose(1) + "".join(
        f"<h2 class=item>Service {n} – Best for things</h2><p>Service {n} streams TV.</p>"
        for n in "ABCDE") + "<h2>Frequently asked questions</h2>" + "".join(
        f"<span class=faq-rank>{n}.</span><h3>What is question {n}?</h3><p>Answer {n}.</p>"
        for n in range(1, 7))
    record = run(body, title="The 5 Best Live TV Streaming Services")
    assert [e.title for e in record.entries] == [f"Service {n} – Best for things"
                                                 for n in "ABCDE"]


def test_counted_sections_among_extra_same_level_sections() -> None:
    """15 → here 4 product h2s with Pros/Cons h4s, plus a summary and a table h2 alike."""
    body = ("<h2>Best picks by category</h2><ul><li><b>Cheapest:</b> Alpha</li></ul>"
            + "".join(f"<h2>Company {n}</h2><figure><img src='/i{n}.jpg'></figure>"
                      f"<p>Company {n} rents cars.</p><h4>Pros</h4><p>Cheap.</p>"
                      f"<h4>Cons</h4><p>Slow.</p>" for n in range(1, 5))
            + "<h2>Price comparisons</h2><table><tr><td>Alpha</td><td>$5</td></tr></table>"
            + "<h2>Our verdict</h2>" + prose(1))
    record = run(body, title="The 4 Best Car Rental Companies")
    assert [e.title for e in record.entries] == [f"Company {n}" for n in range(1, 5)]


def test_ranking_table_rows_are_the_entries() -> None:
    """A table of rank and name rows that is the article's list."""
    rows = "".join(f"<tr><td>{n}</td><td>Insurer {chr(64 + n)}</td><td>{1000 - n}</td></tr>"
                   for n in range(1, 8))
    body = (prose(2) + "<table><tr><th>Rank</th><th>Company</th><th>Premiums</th></tr>"
            f"{rows}</table>" + prose(1))
    record = run(body, title="Top 7 Insurance Companies in 2025")
    assert ranks_titles(record) == [(n, f"Insurer {chr(64 + n)}") for n in range(1, 8)]


def test_a_summary_list_is_not_chosen_over_its_sections() -> None:
    """An <ol> 'Wave: best free' summary before the product h3s it repeats: the h3s win."""
    names = ["Wave", "Zoho Books", "FreshBooks", "Xero"]
    summary = "<ol>" + "".join(f"<li><strong>{n}:</strong> best for something</li>"
                               for n in names) + "</ol>"
    sections = "".join(f"<h3>{n} accounting</h3><p>{n} is software. {PROSE_LONG}</p>"
                       for n in names)
    record = run(prose(1) + summary + sections, title="4 Best Accounting Tools")
    assert [e.title for e in record.entries] == [f"{n} accounting" for n in names]


PROSE_LONG = "It keeps the books of small firms and sends invoices on time. " * 3


def test_unnumbered_bold_run_in_titles_matching_the_count() -> None:
    """<p><strong>Title.</strong> text</p>, as many as the headline counts."""
    tips = ["Sleep early", "Drink water", "Walk daily"]
    body = prose(1) + "".join(f"<p><strong>{t}.</strong> Advice on how to {t.lower()} "
                              f"every day.</p>" for t in tips)
    record = run(body, title="3 Habits for a Healthier Week")
    assert [(e.title, e.paragraphs[0][:10]) for e in record.entries] == [
        (t, "Advice on ") for t in tips]


def test_missing_rank_at_another_heading_level_fills_the_gap() -> None:
    """Entries are '<h2>N. Title' but entry 3 was typed as an h3."""
    body = prose(1) + "".join(
        f"<h{3 if n == 3 else 2}>{n}. Headphone {n}</h{3 if n == 3 else 2}>"
        f"<p>Headphone {n} sounds good.</p>" for n in range(1, 6))
    record = run(body, title="5 Best Headphones")
    assert ranks_titles(record) == [(n, f"Headphone {n}") for n in range(1, 6)]
    assert not any("missing" in w for w in record.warnings)


def test_a_run_continued_by_numbered_run_in_paragraphs() -> None:
    """1-3 are h3s, 4-6 plain '<p>4. <a>Name</a>: text' paragraphs; the headline counts 6."""
    heads = "".join(f"<h3>{n}. Tool {n}</h3><p>Tool {n} cuts wire.</p>" for n in (1, 2, 3))
    paras = "".join(f"<p>{n}. <a href='/s/{n}'>Software {n}</a>: Save time with it.</p>"
                    for n in (4, 5, 6))
    record = run(prose(1) + heads + paras, title="6 Tools Every Electrician Needs")
    assert ranks_titles(record) == [(1, "Tool 1"), (2, "Tool 2"), (3, "Tool 3"),
                                    (4, "Software 4"), (5, "Software 5"), (6, "Software 6")]
    assert record.entries[4].paragraphs == ["Save time with it."]


def test_category_headings_holding_the_entries_are_not_the_entries() -> None:
    """Neighbourhood h3s, each holding restaurant h4s: the restaurants are the list."""
    areas = {"Deep Deuce": ["Stitch", "Grey Sweater"], "Film Row": ["Ludivine", "Kindred"],
             "Midtown": ["Frida", "Cheever's", "Packard's"]}
    body = prose(1) + "".join(
        f"<h3>{area}</h3>" + "".join(f"<h4>{r}</h4><p>{r} serves dinner. {PROSE_LONG}</p>"
                                     for r in places)
        for area, places in areas.items())
    record = run(body, title="The Best Restaurants in Oklahoma City")
    assert [e.title for e in record.entries] == [r for ps in areas.values() for r in ps]


@pytest.mark.parametrize(("title", "clean"), [
    ("Stitch 🔗", "Stitch"),
    ("NEW ENTRY Dune", "Dune"),
    ("Dune (1,204 votes)", "Dune"),
    ("Dune …more", "Dune"),
    ("Dune Buy now", "Dune"),
    ("Dune 12 votes 🔗", "Dune"),
    ("New York Pizza", "New York Pizza"),
    ("C#", "C#"),
    ("Best of (2025)", "Best of (2025)"),
])
def test_titles_lose_what_pollutes_them(title: str, clean: str) -> None:
    assert unpolluted(title) == clean


def test_slides_hidden_until_a_script_shows_them_are_the_list() -> None:
    """A slideshow renders every slide but the first with display:none or a hide class."""
    slides = "".join(
        f"<div class='slide{' hide' if n == 2 else ''}'"
        f"{' style=display:none' if n > 2 else ''}><h2>{n}. Beach {n}</h2>"
        f"<figure><img src='/b{n}.jpg' alt='Beach {n}'></figure><p>Beach {n} has sand.</p>"
        f"</div>" for n in range(1, 5))
    record = run(prose(1) + f"<div class=slideshow>{slides}</div>", title="4 Best Beaches")
    assert ranks_titles(record) == [(n, f"Beach {n}") for n in range(1, 5)]
    assert record.entries[3].images[0].src == "https://example.com/b4.jpg"


def test_a_hidden_element_that_is_not_a_slide_stays_hidden() -> None:
    body = prose(2) + "<div style='display:none'><p>Secret text nobody sees.</p></div>"
    assert "Secret text" not in run(body).text


def test_wire_service_all_caps_titles() -> None:
    """AP style: '<p>WHAT HAPPENS NEXT?</p><p>text</p>', repeated, under a counted headline."""
    heads = ["WHAT HAPPENED IN COURT", "WHO IS THE JUDGE", "WHAT HAPPENS NEXT?"]
    body = prose(1) + "".join(f"<p>{h}</p><p>The answer to this one, {PROSE_LONG}</p>"
                              for h in heads)
    record = run(body, title="3 Things to Know About the Ruling")
    assert [e.title for e in record.entries] == heads


def test_link_roundup_items_matching_the_count() -> None:
    """<ul><li><a>Title</a></li>… under category headings, as many as the headline counts."""
    body = prose(1) + "".join(
        f"<h3>{cat}</h3><ul>" + "".join(f"<li><a href='/r/{cat}{n}'>Recipe {cat}{n}</a></li>"
                                        for n in (1, 2)) + "</ul>"
        for cat in "AB")
    record = run(body, title="4 Recipes to Try This Week")
    assert [e.title for e in record.entries] == ["Recipe A1", "Recipe A2", "Recipe B1",
                                                 "Recipe B2"]


def test_references_and_contents_are_not_a_link_roundup() -> None:
    """Printed URLs (references) and in-page links (contents) are not entries."""
    refs = "<ol>" + "".join(f"<li><a href='https://doi.org/{n}'>https://doi.org/{n}</a></li>"
                            for n in range(3)) + "</ol>"
    toc = "<ul>" + "".join(f"<li><a href='#s{n}'>Section {n}</a></li>" for n in range(3)) + \
        "</ul>"
    record = run(toc + prose(3) + refs, title="3 Findings on Sleep")
    assert record.entries == []


def test_award_label_then_product_heading_the_product_is_the_title() -> None:
    """Dotdash product records: <h2>Best Overall</h2><h3>Fellow Stagg EKG</h3>."""
    picks = [("Best Overall", "Fellow Stagg EKG"), ("Easiest to Use", "Cosori Kettle"),
             ("Best Budget", "Coffee Gator Kettle")]
    body = prose(1) + "".join(f"<h2>{a}</h2><h3>{p}</h3><p>{p} pours well.</p>"
                              "<h4>Pros</h4><p>Fast.</p>" for a, p in picks)
    record = run(body, title="The 3 Best Gooseneck Kettles")
    assert [e.title for e in record.entries] == [p for _, p in picks]
    assert record.entries[0].paragraphs[0] == "Fellow Stagg EKG pours well."
    assert "Easiest to Use" not in record.entries[0].paragraphs  # the next entry's label


def test_step_like_prefix_named_by_the_headline_is_the_list() -> None:
    """'Lessons From 25 Years' with 'Lesson N:' h3s: lessons, not how-to steps."""
    body = prose(1) + "".join(f"<h3>Lesson {n}: Ship thing {n}</h3><p>Why thing {n}.</p>"
                              for n in range(1, 5))
    record = run(body, title="Lessons From 25 Years and a Few Startups")
    assert ranks_titles(record) == [(n, f"Ship thing {n}") for n in range(1, 5)]


def test_a_group_mixing_a_classed_look_with_strays_prefers_the_look() -> None:
    """Product <h3 class=p> sections plus two plain h3s ('Learn more…', a card title)."""
    body = prose(1) + "".join(f"<h3 class=p>Tool {n}</h3><p>Tool {n} files taxes.</p>"
                              for n in range(1, 6))
    body += "<h3>Learn more about the tools</h3><p>More words.</p><h3>Also worth a look</h3>"
    body += "<p>Other words here.</p>"
    record = run(body, title="The Best Tax Software of 2025")
    assert [e.title for e in record.entries] == [f"Tool {n}" for n in range(1, 6)]


def test_product_cards_of_a_commerce_widget_are_the_entries() -> None:
    """c-product-widget cards: award label, a __name line, two paragraphs, a price box."""
    review = "It cleans well, runs quietly and dries the dishes better than most. " * 2
    cards = "".join(
        f"<div class='c-product-widget c-product-widget--big'>"
        f"<div class=classification-label>Best {kind}</div>"
        f"<div class='c-product-widget__name'>Model {n}</div>"
        f"<div class=c-product-widget__content><p>{review}</p><p>{review}</p></div>"
        f"<div class='c-product-widget__price'><a href='https://shop.example/{n}'>Buy now"
        f"</a></div></div>"
        for n, kind in enumerate(["Dishwasher", "Range", "Washer"], 1))
    record = run(prose(1) + cards, title="These are the best major appliances of 2025")
    assert [e.title for e in record.entries] == ["Model 1", "Model 2", "Model 3"]
    assert "Buy now" not in record.text
    assert record.entries[0].paragraphs[0].startswith("It cleans well")


@pytest.mark.parametrize("span", ["<span class='font-[700]'>", "<span class=strongtext>",
                                  "<span style='font-weight: 600'>"])
def test_bold_by_class_or_style_titles_entries(span: str) -> None:
    """Tailwind and CMS markup bold a title with a class or a style, not <strong>."""
    body = prose(1) + "".join(f"<p>{span}{n}. Trend number {n}</span></p><p>{PROSE_LONG}</p>"
                              for n in range(1, 4))
    record = run(body, title="3 Trends from the Conference")
    assert ranks_titles(record) == [(n, f"Trend number {n}") for n in range(1, 4)]


def test_the_counted_section_among_others_of_its_level() -> None:
    """'10 Benefits of X' h2 holds the counted h3s; other h2s hold other h3s."""
    def section(title: str, k: int, name: str) -> str:
        return f"<h2>{title}</h2>" + "".join(
            f"<h3>{name} {n}</h3><p>{name} {n} explained at length here.</p>" for n in range(k))
    body = (prose(1) + section("What is it?", 3, "Idea") + section("4 Benefits of It", 4, "Gain")
            + section("Use cases", 5, "Case"))
    record = run(body, title="Machine Learning in Shops: 4 Benefits and More")
    assert [e.title for e in record.entries] == [f"Gain {n}" for n in range(4)]


def test_a_title_repeated_in_every_section_is_not_an_entry() -> None:
    """'Comparing NY & national movers' under each of five service sections."""
    body = prose(1) + "".join(f"<h4>Comparing local and national movers</h4><p>Text {n}.</p>"
                              f"<h4>Top movers for task {n}</h4><p>More {n}.</p>"
                              for n in range(5))
    assert run(body, title="10 Best Movers in New York").entries == []


def test_numbered_tips_in_one_section_of_a_guide_are_not_the_page_list() -> None:
    """A packing guide: one h2 holds tips 1-5, beside other h2 sections with their text."""
    tips = "".join(f"<h3>{n}. Tip number {n}</h3><p>{PROSE_LONG}</p>" for n in range(1, 6))
    body = (prose(1) + "<h2>Packing fragile items</h2>" + prose(3) + "<h2>Efficient tips</h2>"
            + tips + "<h2>Packing for a temporary move</h2>"
            + prose(3, "Boxes for a short stay are packed another way, lighter and labelled"))
    assert run(body, title="Packing Guide for Your Move").entries == []


def test_award_line_and_product_card_heading_are_one_entry() -> None:
    """'Best Floss: Davids Floss' (bold div) then the card's <h3>Floss</h3>: one entry each."""
    picks = ["Davids Floss", "Icon Brush", "Cocofloss"]
    body = prose(1) + "".join(
        f"<div role=heading><strong>Best for {p.split()[0]}: {p}</strong></div>"
        f"<div class=card><h3>{p.split()[-1]}</h3><p>{p} cleans teeth. {PROSE_LONG}</p></div>"
        for p in picks)
    record = run(body, title="The 3 Best Dental Products")
    assert [e.title for e in record.entries] == [f"Best for {p.split()[0]}: {p}" for p in picks]


def test_a_heading_followed_straight_by_another_has_no_body_of_its_own() -> None:
    """Serious Eats: topic h2s ('Our Favorite Presses' then the first award h2) are not the
    five picks; the award labels, named by their product h3s, are."""
    picks = [("The Best Budget French Press Coffee Maker", "Coffee Gator 34-Ounce Press"),
             ("The Best Glass Press", "Bodum Chambord"), ("The Best Steel Press", "Frieling"),
             ("The Best Large Press", "Espro P7"), ("The Best Travel Press", "Stanley Go")]
    topics = ["The Tests", "The Criteria"]
    body = prose(1) + "".join(f"<h2>{t}</h2><p>{PROSE_LONG}</p>" for t in topics)
    body += "<h2>Our Favorite French Presses</h2>" + "".join(
        f"<h2>{a}</h2><h3>{p}</h3><p>{p} brews well.</p>" for a, p in picks)
    body += "<h2>The Competition</h2><p>Others.</p><h2>Why We're the Experts</h2><p>Us.</p>"
    record = run(body, title="The 5 Best French Presses")
    assert [e.title for e in record.entries] == [p for _, p in picks]


def test_how_to_headline_counting_tips_three_words_away() -> None:
    """'How to Reduce Waste: 21 Practical Zero Waste Tips' promises a list of tips."""
    body = prose(1) + "".join(f"<h6>{n}. Tip number {n}</h6><p>Do this.</p>" for n in range(1, 6))
    record = run(body, title="How to Reduce Waste: 5 Practical Zero Waste Tips")
    assert ranks_titles(record) == [(n, f"Tip number {n}") for n in range(1, 6)]


def test_call_to_action_headings_of_the_same_look_are_not_entries() -> None:
    """Eight practice h3s, and twice a course h3 followed only by a sign-up form."""
    cta = "<h3 class=wp>Become a certified expert on nutrition</h3><form><input></form>"
    body = prose(1) + cta + "".join(
        f"<h3 class=wp>Practice number {n}</h3><p>{PROSE_LONG}</p>" for n in range(1, 5))
    body += cta + "<h2>About us</h2>" + prose(1, "Words about the company and its courses")
    record = run(body, title="4 Best Practices for Eating Plants")
    assert [e.title for e in record.entries] == [f"Practice number {n}" for n in range(1, 5)]


def test_consecutive_titles_opening_alike_among_guide_sections() -> None:
    """Four 'Best … for Beginners' h2s between guide h2s of the same look."""
    kinds = ["Quilting", "Embroidery", "Budget", "Heavy-Duty"]
    body = (prose(1) + "<h2>A note about bobbins</h2><p>Bobbins drop in.</p>"
            "<h2>Is it safe to buy used?</h2><p>Mostly.</p>"
            + "".join(f"<h2>Best {k} Machine for Beginners</h2><p>The {k} pick.</p>"
                      for k in kinds)
            + "<h2>20 free sewing patterns</h2><p>Patterns.</p>")
    record = run(body, title="4 Sewing Machines for Beginners")
    assert [e.title for e in record.entries] == [f"Best {k} Machine for Beginners"
                                                 for k in kinds]
IMG = "<img src='https://example.com/i.jpg' alt=''>"


def test_counted_headings_under_one_section_beat_a_look_alike_set() -> None:
    """splunk: 'Today's top tools' holds the counted h3s; an earlier section's h3 with a
    picture makes another set of as many h3s shaped alike."""
    tools = [("Python", True), ("Excel", True), ("SQL", True), ("Tableau", False)]
    body = (prose(1) + f"<h2>What are analysis tools?</h2><p>{PROSE_LONG}</p>"
            + f"<h3>What AI is doing to the field</h3>{IMG}<p>{PROSE_LONG}</p>"
            + "<h2>Today's top analysis tools</h2><p>Here they are.</p>"
            + "".join(f"<h3>{t}</h3>{IMG if img else ''}<p>{t} does analysis. {PROSE_LONG}</p>"
                      for t, img in tools)
            + f"<h2>How to build a stack</h2><h3>Start small</h3><p>{PROSE_LONG}</p>")
    record = run(body, title="4 Must-Have Data Analysis Tools for 2026")
    assert [e.title for e in record.entries] == ["Python", "Excel", "SQL", "Tableau"]


def test_points_under_a_question_heading_are_not_the_unannounced_list() -> None:
    """A franchise guide: 'What makes a great franchise?' h3s, then the franchises' h3s
    under 'Best tutoring franchises'; no count in the headline."""
    qualities = ["Strong margins", "Proven systems", "Growth potential", "Technology"]
    names = ["Tutor Doctor", "Kumon", "Mathnasium", "Club Z"]
    body = (prose(1) + "<h2>What makes a great tutoring franchise?</h2>"
            + "".join(f"<h3>{q}</h3><p>{q} matter. {PROSE_LONG}</p>" for q in qualities)
            + "<h2>Best tutoring franchises to open</h2>"
            + "".join(f"<h3>{n}</h3><p>{n} teaches. {PROSE_LONG}</p><h4>Fast facts</h4>"
                      "<p>Founded long ago.</p>" for n in names)
            + "<h2>Diversify with a fund</h2>" + prose(1))
    record = run(body, title="The best tutoring franchises of 2024")
    assert [e.title for e in record.entries] == names


def test_a_section_of_titles_that_recur_in_other_sections_is_not_a_list() -> None:
    """Mover profiles: 'Pros & Cons' and 'Services' h3s in each; the last profile's section
    holds one more h3, which does not make its three h3s a list."""
    movers = ["Seka Moving", "Dumbo Moving", "Great Movers", "Roadway Moving"]
    body = prose(1) + "".join(
        f"<h2>{m}</h2><p>{m} moves things. {PROSE_LONG}</p><h3>Pros &amp; Cons</h3>"
        f"<p>Good and bad.</p><h3>Services</h3><p>Packing and storage.</p>" for m in movers)
    body += "<h3>Local movers in the city</h3><p>More movers.</p>"
    record = run(body, title="Best Moving Companies in New York (2025)")
    assert "Services" not in [e.title for e in record.entries]


def test_numbering_that_restarts_in_each_counted_section_is_one_list() -> None:
    """A plumbing guide: '11 Best Practices & Upgrades', practices 1-3 under one h2 and
    upgrades 1-8 under the next."""
    def section(title: str, names: list[str]) -> str:
        return f"<h2>{title}</h2>" + "".join(
            f"<h3>{n}. {name}</h3><p>{name} saves pipes. {PROSE_LONG}</p>"
            for n, name in enumerate(names, 1))
    habits = ["Flush nothing odd", "Inspect pipes", "Skip drain cleaners"]
    upgrades = ["Insulate pipes", "Leak detectors", "Hammer arrestors", "Water softener",
                "Anti-sweat valve", "Leak detection", "Backflow prevention", "Repipe"]
    body = (prose(1) + section("Plumbing best practices", habits)
            + section("Best preventative upgrades", upgrades))
    record = run(body, title="Plumbing Maintenance Tips: 11 Best Practices & Upgrades")
    assert [e.title for e in record.entries] == habits + upgrades
    assert [e.rank for e in record.entries] == [1, 2, 3, *range(1, 9)]


CONTRACTORS = ["Quanta Services", "MYR Group", "MasTec", "Rosendin Electric",
               "Cupertino Electric"]


def _revenue_table(names: list[str]) -> str:
    rows = "".join(f"<tr><td>{n}</td><td>${9 - k}.1B</td></tr>" for k, n in enumerate(names))
    return (f"<table class=siteline-table><thead><tr><th>Company</th><th>Revenue</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def test_the_rows_of_a_counted_table_without_ranks_are_the_entries() -> None:
    """siteline: 'Top 39 Electrical Construction Companies', a Company | Revenue table."""
    body = (prose(2) + "<h2>5 top electrical contractors</h2><p>Ranked by revenue.</p>"
            + _revenue_table(CONTRACTORS) + prose(2))
    record = run(body, title="Top 5 Electrical Construction Companies in 2025")
    assert [e.title for e in record.entries] == CONTRACTORS


def _contractors_and_fastest(fast: list[str]) -> list[str]:
    """The titles found on a page of the top-5 revenue table and a '3 fastest' h3 run."""
    body = (prose(1) + "<h2>5 top electrical contractors</h2>" + _revenue_table(CONTRACTORS)
            + "<h2>3 fastest growing electrical contractors</h2>"
            + "".join(f"<h3>{k}. {n}</h3><p>{n} grew fast. {PROSE_LONG}</p>"
                      for k, n in enumerate(fast, 1)))
    record = run(body, title="Top 5 Electrical Construction Companies in 2025")
    return [e.title for e in record.entries]


def test_a_run_its_own_heading_counts_is_not_the_headlines_list() -> None:
    """The table holds the headline's five; '3 fastest growing' numbers three more."""
    fast = ["Sargent Electric", "Van Ert Electric", "Hunt Electric"]
    assert _contractors_and_fastest(fast) == CONTRACTORS


def test_a_comparison_table_of_the_reviewed_items_is_not_the_list() -> None:
    """logrocket: five tool reviews (an ad box inside one), then a table comparing them."""
    tools = ["Gemini CLI", "Qwen CLI", "Crush CLI", "Kilocode CLI", "Codex CLI"]
    body = prose(1) + "<h2>Testing setup</h2>" + prose(2)
    for k, t in enumerate(tools):
        body += f"<h2>{t}</h2><p>{t} writes code. {PROSE_LONG}</p><h3>Testing {t}</h3>"
        if k == 1:
            body += ("<div class=promo-box><h2>Over 200k developers use LogRocket</h2>"
                     "<p>Learn more</p></div>")
        body += "<h3>Verdict</h3><p>Good.</p>"
    rows = "".join(f"<tr><td>{t}</td><td>Free tier</td></tr>" for t in tools)
    body += f"<h2>Comparison</h2><table><tr><th>Tool</th><th>Price</th></tr>{rows}</table>"
    record = run(body, title="I tested 5 AI CLI tools: Here's how they stack up")
    assert all(e.paragraphs[:1] != ["Free tier"] for e in record.entries)


def test_a_long_table_that_holds_a_short_lists_names_is_not_its_summary() -> None:
    """siteline: the 39-row table names the ten of '10 fastest growing' among others."""
    assert _contractors_and_fastest(["MasTec", "MYR Group", "Hunt Electric"]) == CONTRACTORS


def test_an_ad_cards_heading_between_sections_is_left_out_of_the_count() -> None:
    """logrocket: five tool reviews and a 'Testing setup' section; an ad box with its own
    <h2> sits inside one review, so the review's 'Verdict' falls under the ad's heading."""
    tools = ["Gemini CLI", "Qwen CLI", "Crush CLI", "Kilocode CLI", "Codex CLI"]
    body = prose(1) + "<h2>Testing setup</h2>" + prose(2)
    for k, t in enumerate(tools):
        body += f"<h2>{t}</h2><p>{t} writes code. {PROSE_LONG}</p><h3>Testing {t}</h3>"
        if k == 1:
            body += ("<div class=promo-box><h2>Over 200k developers use LogRocket</h2>"
                     "<p>Learn more</p></div>")
        body += "<h3>Verdict</h3><p>Good.</p>"
    record = run(body, title="I tested 5 AI CLI tools: Here's how they stack up")
    assert [e.title for e in record.entries] == tools


ML_TOOLS = ["Automation Anywhere", "ChatGPT", "Seamless.AI", "Claude", "DeepSeek", "Neurala"]


def _ranking_grid(names: list[str]) -> str:
    """TopAdvisor's grid of div rows: rank, logo, linked name, score, 'Compare'."""
    return "<div class=grid>" + "".join(
        f"<div class='flex product-entry-row'><div class='flex w-7/12'><div class=rank>{k}.</div>"
        f"<div class=logo>{IMG}</div><div class=truncate><a href='/p/{k}'>{n}</a></div></div>"
        f"<div class=score>{9.5 - k / 10:.1f}</div><div class=cmp>Compare</div></div>"
        for k, n in enumerate(names, 1)) + "</div>"


def test_a_rank_in_its_own_div_ranks_the_name_line_after_the_logo() -> None:
    body = prose(3) + _ranking_grid(ML_TOOLS) + prose(1)
    record = run(body, title="Top 6 Machine Learning Software")
    assert ranks_titles(record) == list(enumerate(ML_TOOLS, 1))


def test_a_thin_page_takes_the_element_around_its_look_alike_rank_cells() -> None:
    """The grid's short lines vote against it; a one-sentence card above wins the vote."""
    body = ("<div class=card><h2>Compare top ranked machine learning software</h2>"
            "<p>See how the top products rank based on their score, updated weekly.</p></div>"
            + _ranking_grid(ML_TOOLS))
    record = run(body, title="Top Ranked Machine Learning (ML) Software")
    assert ranks_titles(record) == list(enumerate(ML_TOOLS, 1))


def test_a_ranking_tables_rank_cells_stay_cells() -> None:
    """A summary table '# | Agency | Best for' before the agencies' sections keeps its rows."""
    names = ["Embarque", "Coinbound", "ColdChain"]
    rows = "".join(f"<tr><td>{k}</td><td>{n}</td><td>Web3 brands</td></tr>"
                   for k, n in enumerate(names, 1))
    body = (prose(1) + "<p>Here's a summary of the agencies:</p><table><tr><th>#</th>"
            f"<th>Agency</th><th>Best for</th></tr>{rows}</table>"
            + "".join(f"<h2>{k}. {n}</h2><p>{n} ranks sites. {PROSE_LONG}</p>"
                      for k, n in enumerate(names, 1)))
    record = run(body, title="Top 3 Blockchain SEO Agencies")
    assert ranks_titles(record) == list(enumerate(names, 1))
    assert record.intro[-9:] == [x for k, n in enumerate(names, 1)
                                 for x in (str(k), n, "Web3 brands")]


def test_counted_questions_under_an_faq_heading_are_not_the_list() -> None:
    """Five product h3s under their award h2s, and five FAQ h3s under 'FAQ' (same count)."""
    picks = "".join(f"<h2>The Best Press for Use {n}</h2><h3>Press model {n}</h3><p>{PROSE_LONG}"
                    f"</p>" for n in range(1, 6))
    faq = "<h2>FAQ</h2>" + "".join(f"<h3>Is question {n} answered?</h3><p>{PROSE_LONG}</p>"
                                   for n in range(1, 6))
    record = run(prose(1) + picks + faq, title="The 5 Best French Presses")
    assert [e.title for e in record.entries] == [f"Press model {n}" for n in range(1, 6)]


def test_a_heading_nested_a_thousand_spans_deep_does_not_crash() -> None:
    """A heading of 1,000 nested wrappers: read to a bounded depth, no RecursionError."""
    heading = "<h2>" + "<span>" * 1000 + "Deep title" + "</span>" * 1000 + "</h2>"
    assert "Deep title" in run(prose(1) + heading + prose(1)).text


def test_classed_parts_of_a_word_stay_one_word() -> None:
    """'The <span class=hl>Best</span>-Rated' and 'i<span class=brand>Phone</span>'."""
    record = run(prose(1) + "<h2>The <span class=hl>Best</span>-Rated Mowers</h2>"
                 "<h2>i<span class=brand>Phone</span> 15</h2>" + prose(1))
    assert "The Best-Rated Mowers" in record.text and "iPhone 15" in record.text


def test_ranks_of_four_digits_are_read() -> None:
    items = "".join(f"<h2>{k}. Name number {k}</h2><p>Why name {k} made the list at all.</p>"
                    for k in range(1, 1201))
    record = run(prose(1) + items, title="The 1,200 Names Everyone Should Know")
    assert len(record.entries) == 1200
    assert [e.rank for e in record.entries[998:1001]] == [999, 1000, 1001]
    assert record.entries[-1].title == "Name number 1200"
    assert parse_rank("1000. A title") == (1000, "A title", "")


def test_bold_run_ins_past_a_thousand_are_one_list() -> None:
    items = "".join(f"<p><strong>{k}. Idea {k}.</strong> What idea {k} is about.</p>"
                    for k in range(1, 1101))
    record = run(items, title="1,100 Ideas for a Rainy Day")
    assert len(record.entries) == 1100 and record.entries[-1].rank == 1100


def test_a_timeline_of_years_is_not_a_ranked_list() -> None:
    years = "".join(f"<h2>{y}: The year in review</h2>{prose(2)}" for y in range(2015, 2024))
    record = run(prose(1) + years, title="How the Company Grew")
    assert record.entries == []


@pytest.mark.parametrize(("heading", "rank"), [
    ("1000. A title", 1000), ("#1200 A title", 1200), ("No. 4321: A title", 4321),
    ("9999) A title", 9999), ("Tip #1001: A title", 1001),
    ("2001: A Space Odyssey", None), ("1984 by George Orwell", None), ("1917 (2019)", None),
])
def test_four_digit_ranks_only_when_printed_as_ranks(heading: str, rank: int | None) -> None:
    assert parse_rank(heading)[0] == rank
