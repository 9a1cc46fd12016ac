"""Field by field: the seed article (a CBR/Valnet listicle) as its page would be parsed."""

from __future__ import annotations

import pytest

from ingest import Listicle, extract
from ingest.normalize import clean_text
from tests.regenerate import PAGES

URL = "https://www.cbr.com/saddest-anime-make-you-cry/"

ENTRIES = [
    (10, "Angel Beats", "Cast Of Angel Beats Anime Silly Pose"),
    (9, "Rascal Does Not Dream Of A Dreaming Girl",
     "Shoko Makinohara And Sakuta Azusagawa Rascal Does Not Dream Of A Dreaming Girl"),
    (8, "Assassination Classroom", "Cast of Assasinaton Classroom Weapons Drawn"),
    (7, "Clannad After Story", "Tomoya, Nagisa, and Ushio Okazaki Clannad After Story"),
    (6, "Your Lie In April",
     "Kousei Arima and Kaori Miyazono playing music together from Your Lie In April"),
    (5, "A Silent Voice", "Cast Of A Silent Voice"),
    (4, "Banana Fish", "Ash Lynx Banana Fish Anime"),
    (3, "Naruto", "Naruto and Saskue Naruto Anime"),
    (2, "I Want To Eat Your Pancreas",
     "sakura Yamauchi and Haruki Shiga I Want to Eat Your Pancreas"),
    (1, "Orange", "Naho Takamiya, Hiroto Suwa, Kakeru Naruse, Saku Hagita, Azusa Marasaka, "
     "Takako Chino from Orange Anime"),
]

# (text, url, position, entry rank)
RELATED = [
    ("Studio Ghibli: 10 Moment's From The Studio's Movies That Will Always Make Us Cry",
     "https://www.cbr.com/studio-ghibli-moments-always-make-us-cry/", "intro", None),
    ("Assassination Classroom: 5 Things The Live-Action Movies Got Right "
     "(& 5 Things That The Anime Did Better)",
     "https://www.cbr.com/assassination-classroom-live-action-movies-got-right-anime-did-better/",
     "entry", 8),
    ("10 Best Anime Movies Ranked (According To IMDb)",
     "https://www.cbr.com/best-anime-movies-ranked-imdb/", "entry", 5),
    ("The 15 Best Fights In The Original Naruto Anime",
     "https://www.cbr.com/naruto-original-anime-best-fights/", "entry", 3),
]

# Page furniture around the article: none of it may reach the text.
FURNITURE = [
    "About The Author", "Meredith Kaine is a list writer", "newsletter", "Newsletter",
    "Sign up for the CBR", "Subscribe", "Comments", "No Grave of the Fireflies",
    "Load more comments", "Naruto: 10 Characters Who Could Survive Squid Game",
    "naruto squid game survive", "We use cookies", "Share this article", "Trending",
    "Advertisement", "Related Topics", "Copyright", "Published Mar 14, 2021",
]


@pytest.fixture(scope="module")
def seed() -> Listicle:
    return extract((PAGES / "cbr-saddest-anime.html").read_bytes(), URL)


def test_metadata(seed: Listicle):
    assert seed.title == "10 Saddest Anime That Will Make You Cry"
    assert seed.authors == ["Meredith Kaine"]
    assert seed.site_name == "CBR"
    assert seed.language == "en"
    assert seed.canonical_url == URL
    assert seed.published_at is not None and seed.published_at.utcoffset() is not None
    assert seed.published_at.isoformat() == "2021-03-14T15:30:00-04:00"


def test_declared_count_and_order(seed: Listicle):
    assert seed.declared_count == 10
    assert seed.order == "descending"
    assert seed.warnings == []


def test_entries_rank_and_title(seed: Listicle):
    assert [(e.rank, e.title) for e in seed.entries] == [(r, t) for r, t, _ in ENTRIES]


@pytest.mark.parametrize(("rank", "title", "alt"), ENTRIES, ids=[t for _, t, _ in ENTRIES])
def test_entry_image(seed: Listicle, rank: int, title: str, alt: str):
    entry = next(e for e in seed.entries if e.rank == rank)
    assert len(entry.images) == 1
    image = entry.images[0]
    assert image.alt == alt
    assert image.caption is None  # Valnet shows the alt text; the caption attribute is empty
    assert image.src.startswith("https://static1.cbrimages.com/")


def test_entry_paragraphs(seed: Listicle):
    assert all(len(e.paragraphs) == 2 for e in seed.entries)
    first = seed.entries[0].paragraphs[0]
    assert first.startswith("Angel Beats takes place in a limbo-type afterlife")
    assert seed.entries[-1].paragraphs[-1].startswith("Orange asks its viewers")
    assert seed.entries[0].anchor == "angel-beats"


def test_promos_are_not_paragraphs(seed: Listicle):
    for entry in seed.entries:
        assert not any(p.startswith(("RELATED:", "NEXT:")) for p in entry.paragraphs)


def test_related_with_positions(seed: Listicle):
    got = [(r.text, r.url, r.position, r.entry_rank) for r in seed.related]
    assert got == RELATED
    assert all(r.label == "RELATED" for r in seed.related)


def test_next_link(seed: Listicle):
    assert seed.next is not None
    assert seed.next.text == (
        "Avatar & 9 Amazing Anime (That Aren't From Japan) That You Should Watch")
    assert seed.next.url == "https://www.cbr.com/avatar-amazing-anime-not-from-japan/"


def test_intro_and_conclusion(seed: Listicle):
    assert len(seed.intro) == 2
    assert seed.intro[0].startswith("There are times when everyone needs a good cry")
    assert seed.intro[1].endswith("guarantee a good sob.")
    assert seed.conclusion == []


@pytest.mark.parametrize("needle", FURNITURE)
def test_no_furniture_in_text(seed: Listicle, needle: str):
    assert needle not in seed.text


def test_text_has_headings_and_no_promos(seed: Listicle):
    text = seed.text
    assert text.startswith("There are times when everyone needs a good cry")
    assert "\n\n10 Angel Beats\n\n" in text
    assert "\n\n1 Orange\n\n" in text
    assert "RELATED:" not in text and "NEXT:" not in text
    assert text.endswith("the happiness they enjoy now.")
    assert "\n\n\n" not in text


def test_cli_parse_matches_the_library(tmp_path):
    import json

    from typer.testing import CliRunner

    from ingest.cli import app

    page = PAGES / "cbr-saddest-anime.html"
    result = CliRunner().invoke(app, ["parse", str(page), "--url", URL])
    assert result.exit_code == 0, result.output
    produced = json.loads(result.stdout)
    expected = json.loads((PAGES / "cbr-saddest-anime.expected.json").read_text("utf-8"))
    assert produced["source"].pop("path") == str(page)
    expected["source"].pop("path")
    assert produced == expected


def _seed_lines() -> list[str]:
    text = (PAGES.parent / "seed" / "saddest-anime-listicle.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_page_is_faithful_to_the_seed_text(seed: Listicle):
    """Every line of the seed is where it belongs: text, image alt, promo, or furniture."""
    lines = [clean_text(line) for line in _seed_lines()]  # the seed has no-break spaces
    furniture_from = lines.index("naruto squid game survive")
    alts = {i.alt for e in seed.entries for i in e.images}
    promos = {f"RELATED: {r.text}" for r in seed.related}
    assert seed.next is not None
    placed = {"text": 0, "alt": 0, "promo": 0}
    for line in lines[:furniture_from]:
        if line in alts:
            placed["alt"] += 1
        elif line in promos or line == f"NEXT: {seed.next.text}":
            placed["promo"] += 1
        else:
            assert line in seed.text.split("\n\n"), line
            placed["text"] += 1
    # intro 2 + 10 headings + 20 entry paragraphs; 10 image alts; 4 RELATED + 1 NEXT
    assert placed == {"text": 32, "alt": 10, "promo": 5}
    for line in lines[furniture_from:]:
        assert line not in seed.text, line


def test_seed_in_its_publishers_heading_markup() -> None:
    """The same page with CBR's <span class=item-num>10</span><span class=item-title>… h2s."""
    record = extract((PAGES / "cbr-valnet-saddest-anime.html").read_bytes(), URL)
    assert [(e.rank, e.title) for e in record.entries] == [(r, t) for r, t, _ in ENTRIES]
    assert record.order == "descending"
