"""Find the ranked or numbered entries among the body blocks.

The design: generate every plausible list, describe each by named evidence,
score the evidence with weights kept as data, take the best.

1. *Markers*: every block that could title an entry, grouped by kind: a
   heading (``h2``…, by level), an all-bold or all-italic paragraph, a bold
   run-in ("**Title.** text", numbered or not, or ranked by its ``<ol>``
   position), a plain numbered run-in ("29. Name: text"), a numbered ``<br>``
   line, a product card's name line (``class="…__name"``), a ranking grid's
   name line (its rank printed in an element before it), an all-caps
   wire-service title, a one-link list item (link roundups), a ranking table's
   row (first cell a rank) and a data table's row (first cell a name). Titles
   lose what pollutes them (:func:`unpolluted`: icons, "NEW ENTRY", vote counts,
   "…more", buttons).
2. *Candidates* (:func:`candidates`), per group:

   * *numbered runs*: consecutive markers whose ranks (``10``, ``10.``, ``#10``,
     ``No. 10:``, ``10)``, ``Trend 4:``, ``①``, the ``<ol>`` position, a rank
     printed in its own element) step by one, up or down, one gap or repeat
     tolerated; an ``<ol>`` position wins over a number that is the title's own
     ("360 Panorama"); a run is completed across kinds when the headline's
     count says so (entry 9 typed as an h3; 1-28 headings then 29-39 run-ins),
     and runs numbered from 1 in each section are one list when they add up to it;
   * *unnumbered subsets*: the whole group, the markers of its commonest look,
     each section's sub-headings (unless their titles recur in other sections)
     and, when there are more sections than the list has, each look, the
     sections shaped alike (a picture, the same sub-headings) and the headings
     of the article's own flow (not an ad box's).

   Refused outright: outlines ("1. Introduction"), how-to steps (a "How to"
   headline that counts no list things, "Step 3:" unless counted), several
   short lists restarting at 1 that nobody announced (points inside a guide),
   lists that only repeat another list's titles with less text (summaries,
   tables of contents, comparison tables) and headings that group a deeper,
   longer list (categories over their items).
3. *Evidence* (:func:`features`): numbered and how many, touching 1, the
   headline's count agreeing (or another title's count), section-like titles,
   coverage of the article, regular bodies, headings over paragraphs, a mixed
   look, repeated titles, too few entries, all under one section heading, under
   a question's or a frame's heading, under a heading that counts another
   number. The score is the weighted sum (weights in ``entry_weights.json``;
   ``bench/fit_entry_weights.py`` fits them by logistic regression on one half
   of the labelled sites and tests them on the other — on 2026-12-02 the fitted
   weights did not beat the hand-set ones on held-out sites, so those stay).
   The best candidate above zero wins.
4. *Naming*: an award label followed straight by the product's own heading
   ("Best Overall" then "Fellow Stagg EKG") gives the entry the product's name.

Work per page is linear in its blocks except the summary and comparison-table
tests, which compare titles pairwise only while that stays small.
"""


from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from itertools import pairwise

from ingest.extract.blocks import Block
from ingest.normalize import clean_text, text_key

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ① … ⑳
_CIRCLED.update({chr(0x2776 + i): i + 1 for i in range(10)})  # ❶ … ❿
_CIRCLED.update({chr(0x278A + i): i + 1 for i in range(10)})  # ➊ … ➓

# "10 Title", "10. Title", "#10: Title", "No. 10 — Title", "10) Title", "(10) Title", "01. Title"
_RANK_PLAIN = re.compile(
    r"^[\s(\[【「〔ᐊ<«]*(?:#\s*|no\.?\s*|number\s+)?(?P<num>\d{1,4})"
    r"(?:\s*[)\]】」〕ᐅ>»]\s*[.:\-–—|]?\s*|\s*[.):\-–—|/]+\s*|\s+)(?P<title>\S.*)$",
    re.I,
)
# "Trend 4: Title", "Common Mistake #3: Title", "Tip No. 5 - Title": a word prefix needs
# a separator after the number.
_RANK_WORDY = re.compile(
    r"^\s*(?P<prefix>[^\W\d_][\w'’]*(?:\s+[^\W\d_][\w'’]*){0,2})(?:\s*#\s*|\s*no\.?\s*|\s+)"
    # A hyphen glued to the next word ("Coffee Gator 34-Ounce") is not a separator.
    r"(?P<num>\d{1,4})(?:\s*[.):–—|][.):\-–—|]*|\s*-+(?=\s))\s*(?P<title>\S.*)$",
    re.I,
)
# Words that, as a prefix, make a numbered heading a step or a section, not a ranked entry.
_STEP_PREFIXES = {"step", "part", "chapter", "section", "phase", "stage", "lesson", "week",
                  "module", "unit", "page", "question", "q"}
# Section titles of a document outline ("1. Introduction").
_OUTLINE_TITLES = re.compile(
    r"^(introduction|overview|background|summary|abstract|preface|scope|conclusions?"
    r"|references|appendix|definitions|getting started|prerequisites|installation)\b", re.I)
_SUBNUMBER = re.compile(r"^\s*\d{1,3}\.\d{1,3}")
# Headings that frame a list rather than belong to it.
_FRAME_TITLES = re.compile(
    r"^(?:(conclusion|final thoughts?|the bottom line|bottom line|wrapping up|wrap[- ]up|summary"
    r"|in summary|faqs?|frequently asked questions|related|more|sources|references|methodology"
    r"|introduction|honou?rable mentions?|read more|comments|share this|you might also like"
    r"|the takeaway|takeaways?)\W*$"
    r"|(how we (?:chose|picked|tested|ranked|rated)|about the author|more from|related:"
    r"|honou?rable mentions?|frequently asked)\b)",
    re.I,
)
# Headlines that promise a ranked or curated list even without a count.
_LISTY_TITLE = re.compile(
    r"\b(best|top|greatest|worst|favou?rites?|must[- ](?:have|see|read|watch|try)s?"
    r"|ranked|ranking|rankings|picks)\b",
    re.I,
)
# Titles of an article's sections or FAQ rather than of list items.
_SECTION_TITLE = re.compile(
    r"(^(how|why|what|when|where|which|who|is|are|can|do|does|should|understanding|types? of"
    r"|benefits of|the benefits|tips for|introduction|overview|conclusion|final|faqs?)\b|\?$)",
    re.I,
)
# Without a count or a list-like headline, a numbered run must be most of the article.
_MIN_UNANNOUNCED_COVERAGE = 0.4
# "How to …", also after a kicker ("Expert Move Management: How to Choose a Mover").
_HOWTO_TITLE = re.compile(r"(?:^|[:|–—]\s*|\s-\s*)how\s+to\b", re.I)
# A how-to headline that counts list things ("How to Make a Good Game: 5 Mistakes and Tips")
# promises a list, not steps.
_COUNTED_LIST_NOUNS = re.compile(
    r"\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty)\s+(?:[\w'’-]+\s+){0,3}?(?:tips|mistakes|ways|ideas|reasons|hacks|things|tricks"
    r"|secrets|signs|lessons|rules|habits|examples|tools|strategies|questions|myths|benefits"
    r"|trends|options|alternatives|apps)\b", re.I)


def _how_to_headline(title: str | None) -> bool:
    """A "How to …" headline that does not count list things."""
    return bool(title and _HOWTO_TITLE.search(title) and not _COUNTED_LIST_NOUNS.search(title))
# The longest title a bold or italic paragraph can have and still be an entry title.
_MAX_PSEUDO_TITLE = 140
MIN_ENTRIES = 3
# At most this many per-section subsets of one group become candidates.
_MAX_PARENT_SUBSETS = 8
# How much each named feature of a candidate counts (data: entry_weights.json, fitted or
# set by hand; see bench/fit_entry_weights.py).
WEIGHTS: dict[str, float] = json.loads(
    resources.files("ingest.extract").joinpath("entry_weights.json").read_text("utf-8")
)["weights"]


@dataclass(slots=True)
class Marker:
    """A block that could title an entry."""

    index: int
    """Position of the block in the body."""
    group: str
    """Kind and level: 'h2', 'bold', 'italic', 'lead', 'line'."""
    title: str
    rank: int | None
    prefix: str
    """The word before the number ('trend' in 'Trend 4:'), lower case."""
    line: int | None = None
    """For <br>-separated lines: which line of the paragraph."""
    rest: str | None = None
    """For numbered bold leads: the paragraph text after the lead."""
    literal: bool = True
    """The rank is printed in the text (False: it comes from an <ol> position)."""
    signature: str = ""
    """Tag and class of the heading, to tell entry headings from look-alikes."""
    slide: int | None = None
    """The slideshow slide the title sits in, if any."""
    alt_rank: int | None = None
    """The ``<ol>`` position, when a number opening the text disagrees with it ("360 Panorama"
    as item 5): if the run needs it, the position is the rank and the number is the title's."""
    alt_title: str | None = None
    label: int | None = None
    """Where the entry starts when a label stands above its title (an award line over the
    product's heading): the previous entry ends there."""
    parent: int = -1
    """Index of the nearest heading above of a higher level (see :func:`heading_parents`)."""

    def __post_init__(self) -> None:
        # Ranks in the contract are positive: "0. Title" or <ol start="0"> is not a rank.
        if self.rank is not None and self.rank < 1:
            self.rank = None


@dataclass(slots=True)
class Candidate:
    markers: list[Marker]
    numbered: bool
    warnings: list[str] = field(default_factory=list)
    score: float = 0.0


# A four-digit number is a rank only when printed as one ("1000.", "1000)", "#1000", "No. 1000"):
# "2001: A Space Odyssey" and "1984 by George Orwell" are titles that open with a year.
_FOUR_DIGIT_AFTER = re.compile(r"\s*[.)](?!\d)")


def _rank_shaped(match: re.Match[str], text: str) -> bool:
    if len(match.group("num")) < 4:
        return True
    before = text[:match.start("num")].rstrip().lower()
    return before.endswith(("#", "no.", "no", "number")) \
        or _FOUR_DIGIT_AFTER.match(text, match.end("num")) is not None


def parse_rank(text: str) -> tuple[int | None, str, str]:
    """(rank, title without the marker, prefix word) of a heading text."""
    text = clean_text(text)
    if text[:1] in _CIRCLED:
        return _CIRCLED[text[0]], clean_text(text[1:].lstrip(".):-–— ")), ""
    match = _RANK_PLAIN.match(text)
    if match and _rank_shaped(match, text):
        title = _strip_title(match.group("title"))
        if title:
            return int(match.group("num")), title, ""
    match = _RANK_WORDY.match(text)
    if match and _rank_shaped(match, text):
        title = _strip_title(match.group("title"))
        prefix = clean_text(match.group("prefix")).lower()
        if title and len(prefix) <= 30:
            return int(match.group("num")), title, prefix
    return None, text, ""


def _strip_title(title: str) -> str:
    title = clean_text(title).strip(" .:;-–—|")
    # A "title" without a letter ("7.19", "87") is a date or a figure, not an entry.
    return title if any(c.isalpha() for c in title) else ""


# What pollutes a title and is not part of it: a tag before it ("NEW ENTRY"), a vote or
# like count, a "…more" link, a button, after it.
_TITLE_TAG = re.compile(r"^(?:NEW ENTRY|NEW|UPDATED|HOT|EDITOR'?S PICK)\s*[:|–—-]?\s+(?=\S)")
_TITLE_TAIL = re.compile(
    r"\s*(?:[(\[]?\d[\d,.]*k?\s*(?:votes?|points?|likes?|upvotes?)[)\]]?"
    r"|(?:…|\.\.\.)\s*(?:read\s+|see\s+)?more|(?:…|\.\.\.)?\s*(?:read|see|show)\s+more\s*[»›>]?"
    r"|buy\s+now|check\s+(?:the\s+)?price|view\s+deal|shop\s+now|see\s+(?:the\s+)?price"
    r"|get\s+(?:the\s+)?deal|new\s+entry)\s*$", re.I)


# The last word of every tail that _TITLE_TAIL removes.
_TAIL_WORDS = frozenset({"vote", "votes", "point", "points", "like", "likes", "upvote", "upvotes",
                         "more", "now", "price", "deal", "entry"})
# Unicode categories of icons and private-use glyphs (icon fonts).
_ICON_CATEGORIES = frozenset({"So", "Sk", "Cn", "Co"})


def unpolluted(title: str) -> str:
    """A title without icons, tags, counts, "…more" links and button text around it.

    Cases: "Stitch 🔗", "NEW ENTRY Dune", "Dune (1,204 votes)", "Dune …more", "Dune Buy now".
    """
    if title[:1].isalnum() and title[-1:].isalnum() and not title[:3].isupper() \
            and title.rsplit(None, 1)[-1].lower().lstrip("….") not in _TAIL_WORDS:
        return title  # the common case: nothing around the words
    if len(title) > _MAX_PSEUDO_TITLE:
        return title  # a long heading is no entry title; the tail patterns stay linear
    text = title
    for _ in range(3):  # a tail may hide another ("Dune 12 votes 🔗")
        before = text
        text = text.strip()
        while text and (unicodedata.category(text[-1]) in _ICON_CATEGORIES
                        or text[-1] in "¶§" or text.endswith(" #")):
            text = text[:-1].rstrip()
        while text and (unicodedata.category(text[0]) in _ICON_CATEGORIES or text[0] in "¶§"):
            text = text[1:].lstrip()
        text = _TITLE_TAG.sub("", text, count=1)
        text = _TITLE_TAIL.sub("", text)
        if text == before:
            break
    return text or title


def _markers(blocks: list[Block], page_title: str | None) -> list[Marker]:
    markers = sorted(_title_markers(blocks, page_title) + _row_markers(blocks),
                     key=lambda m: (m.index, m.line or 0))
    parents = heading_parents(blocks)
    for m in markers:
        m.parent = parents[m.index]
        m.title = unpolluted(m.title)
        if m.alt_title:
            m.alt_title = unpolluted(m.alt_title)
    return markers


def _title_markers(blocks: list[Block], page_title: str | None) -> list[Marker]:
    markers: list[Marker] = []
    title_key = text_key(page_title)
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            if block.level == 1 and text_key(block.text) == title_key:
                continue
            rank, title, prefix = parse_rank(block.text)
            if block.rank_hint is not None:
                # The rank printed apart wins; a number in the heading is the title's own
                # ("#5" then "<h3>12 Angry Men</h3>").
                rank, prefix = block.rank_hint, ""
                title = clean_text(block.text)
            literal = rank is not None
            alt_rank, alt_title = _list_position(block, rank)
            if rank is None and block.list_pos is not None and block.list_ordered:
                rank = block.list_pos
            markers.append(Marker(i, f"h{block.level}", title, rank, prefix, literal=literal,
                                  signature=block.signature, slide=block.slide,
                                  alt_rank=alt_rank, alt_title=alt_title))
        elif block.kind in ("para", "item"):
            if block.lines and len(block.lines) >= MIN_ENTRIES:
                for n, line in enumerate(block.lines):
                    rank, title, prefix = parse_rank(line)
                    if rank is not None:
                        markers.append(Marker(i, "line", title, rank, prefix, line=n))
                continue
            if block.kind == "para" and block.rank_hint is not None \
                    and parse_rank(block.text)[0] is None:
                # A ranking grid's name line, given the rank printed before it.
                markers.append(Marker(i, "ranked", clean_text(block.text), block.rank_hint,
                                      "", signature=block.signature))
            elif (block.bold or block.italic) and len(block.text) <= _MAX_PSEUDO_TITLE:
                text = block.text
                if text.endswith((":", "?")) and parse_rank(text)[0] is None:
                    continue  # "Pros:", "Where to watch:" sub-labels and FAQ questions
                rank, title, prefix = parse_rank(text)
                literal = rank is not None
                if block.kind == "item" and block.list_ordered and rank is None:
                    rank = block.list_pos
                group = "bold" if block.bold else "italic"
                markers.append(Marker(i, group, title, rank, prefix, literal=literal,
                                      signature=block.signature))
            elif block.kind == "para" and _is_card_title(block):
                # A product card's name line: <div class="product-widget__name">Bosch 800</div>.
                rank, title, prefix = parse_rank(block.text)
                markers.append(Marker(i, "card", title, rank, prefix, literal=rank is not None,
                                      signature=block.signature))
            elif block.kind == "para" and _is_caps_title(block.text):
                # Wire-service titles: "WHAT HAPPENS NEXT?" on its own, then its text.
                rank, title, prefix = parse_rank(block.text)
                markers.append(Marker(i, "caps", title, rank, prefix, literal=rank is not None,
                                      signature=block.signature))
            elif block.kind == "item" and _is_link_item(block):
                # A link roundup: <li><a>Title</a></li>, the item's position its rank.
                rank, title, prefix = parse_rank(block.text)
                literal = rank is not None
                if rank is None and block.list_ordered:
                    rank = block.list_pos
                markers.append(Marker(i, "link", title, rank, prefix, literal=literal,
                                      signature=block.signature))
            elif not block.lead and (run_in := _NUMBERED_RUN_IN.match(block.text)):
                # "29. <a>Dispatch Software</a>: Save time…": a plain numbered run-in title.
                markers.append(Marker(i, "lead", clean_text(run_in.group("title")),
                                      int(run_in.group("num")), "",
                                      rest=clean_text(run_in.group("rest")),
                                      signature=block.signature))
            elif block.lead and len(block.lead) <= _MAX_PSEUDO_TITLE:
                rank, title, prefix = parse_rank(block.lead)
                literal = rank is not None
                # A bold run-in title of an <ol> item takes the item's position.
                if not literal:
                    title = title.rstrip(" .:;-–—")
                    if block.kind == "item" and block.list_ordered:
                        rank = block.list_pos
                rest = clean_text(block.text[len(block.lead):] if block.text.startswith(
                    block.lead) else block.text).lstrip(".:;,–—- ")
                # Unnumbered run-ins ("<p><strong>Title.</strong> text") need the count.
                markers.append(Marker(i, "lead", title, rank, prefix, rest=rest or None,
                                      literal=literal, signature=block.signature))
    return markers


# Class words of an element that holds a card's name or title.
_TITLE_CLASS = re.compile(r"(?:^|[._-])(?:name|title|heading|headline)(?:$|[._-])")
_CARD_TITLE_MAX = 100


def _is_card_title(block: Block) -> bool:
    """A short line whose own class calls it a name or title (not a sentence)."""
    sig = block.signature
    return "." in sig and sig.split(".", 1)[0] in ("div", "span", "p", "a") \
        and len(block.text) <= _CARD_TITLE_MAX and not block.text.endswith((".", ":")) \
        and _TITLE_CLASS.search(sig.split(".", 1)[1].lower()) is not None


# An all-capitals title paragraph has at most this many words.
_CAPS_MAX_WORDS = 12


def _is_caps_title(text: str) -> bool:
    """A short paragraph in capitals ("WHAT HAPPENS NEXT?"), not an acronym or a label."""
    if len(text) > _CARD_TITLE_MAX or not text.isupper() or text.endswith(":"):
        return False
    return 2 <= len(text.split()) <= _CAPS_MAX_WORDS and sum(c.isalpha() for c in text) >= 8


def _is_link_item(block: Block) -> bool:
    """A list item that is one link to another page and nothing else: an entry of a link
    roundup (a link within the page, "#section", is a table of contents; a printed URL, a
    list of references)."""
    return len(block.links) == 1 and len(block.text) <= _MAX_PSEUDO_TITLE \
        and block.link_chars >= 0.9 * len(block.text.replace(" ", "")) \
        and not block.links[0][1].startswith(("#", "javascript:")) \
        and not block.text.lower().startswith(("http:", "https:", "www."))  # a reference list


# A paragraph opening with a numbered name and a colon: "29. Dispatch Software: Save time…".
_NUMBERED_RUN_IN = re.compile(
    r"^(?P<num>\d{1,4})[.)]\s+(?P<title>[^\W\d][^:.!?]{1,59}):\s+(?P<rest>\S.*)$")
# A table cell that is only a rank: "1", "#1", "1.".
_RANK_CELL = re.compile(r"^#?(\d{1,4})\.?$")


def _row_markers(blocks: list[Block]) -> list[Marker]:
    """Rows of a ranking table: the first cell a bare rank, the first cell with letters
    the title (``<tr><td>1</td><td>State Farm</td><td>16.4</td></tr>``); and rows of a
    table without ranks, the first cell the title (``<td>Quanta Services</td><td>$7.7B``),
    unless the table names what titles elsewhere on the page name (a comparison)."""
    markers: list[Marker] = []
    cells: list[Marker] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not (block.path_sigs and block.path_sigs[-1].startswith("tr")
                and block.kind == "para"):
            i += 1
            continue
        row = block.path[-1]
        j = i
        while j < len(blocks) and blocks[j].path[-1:] == (row,):
            j += 1
        match = _RANK_CELL.match(block.text)
        title = next((b.text for b in blocks[i + 1:j] if any(c.isalpha() for c in b.text)),
                     None)
        table = block.path_sigs[-2] if len(block.path_sigs) > 1 else ""
        if match and title and len(title) <= _MAX_PSEUDO_TITLE:
            markers.append(Marker(i, "row", clean_text(title), int(match.group(1)), "",
                                  signature=table))
        elif not match and _is_name_cell(block):
            cells.append(Marker(i, "cellrow", clean_text(block.text), None, "",
                                literal=False, signature=table))
        i = max(j, i + 1)
    return markers + _without_echoed_tables(cells, blocks)


def _is_name_cell(block: Block) -> bool:
    """A data cell (not a header) with a short name in it."""
    return block.signature.split(".", 1)[0] == "td" and len(block.text) <= _MAX_PSEUDO_TITLE \
        and any(c.isalpha() for c in block.text)


# Share of a table's row names that come back as titles elsewhere for it to be a summary.
_ECHOED_ROWS = 0.6


def _without_echoed_tables(cells: list[Marker], blocks: list[Block]) -> list[Marker]:
    """The name cells of the tables whose names do not come back as the titles of blocks
    of their own elsewhere (a comparison table over the reviews)."""
    if not cells:
        return []
    by_table: dict[int, list[Marker]] = {}
    for m in cells:
        path = blocks[m.index].path
        by_table.setdefault(path[-2] if len(path) > 1 else -1, []).append(m)
    tables = set(by_table)
    titles = [key for b in blocks
              if b.kind in ("heading", "para", "item") and len(b.text) <= _MAX_PSEUDO_TITLE
              and tables.isdisjoint(b.path) and (key := text_key(parse_rank(b.text)[1]))]
    exact = set(titles)
    kept: list[Marker] = []
    for rows in by_table.values():
        keys = [text_key(m.title) for m in rows]
        if len(keys) * len(titles) > _SUMMARY_MAX_PAIRS:  # bound the work: exact
            echoed = sum(1 for k in keys if k in exact)
        else:
            echoed = sum(1 for k in keys if any(_same_item(k, t) for t in titles))
        if echoed < _ECHOED_ROWS * len(rows):
            kept += rows
    return kept


def _list_position(block: Block, rank: int | None) -> tuple[int | None, str | None]:
    """(position, whole text) of an ``<ol>`` item whose opening number is not its position."""
    if rank is None or not block.list_ordered or block.list_pos in (None, rank):
        return None, None
    return block.list_pos, clean_text(block.text)


def _step(m: Marker, expected: int, prefix: str) -> Marker | None:
    """``m`` when its rank is ``expected``; read by its ``<ol>`` position when that is."""
    if m.prefix != prefix:
        return None
    if m.rank == expected:
        return m
    if m.alt_rank == expected and m.alt_title:
        return replace(m, rank=m.alt_rank, title=m.alt_title, prefix="", literal=False,
                       alt_rank=None, alt_title=None)
    return None


def _same_signature(markers: list[Marker]) -> list[Marker]:
    """The markers that share the most common tag-and-class signature."""
    counts: dict[str, int] = {}
    for m in markers:
        counts[m.signature] = counts.get(m.signature, 0) + 1
    if not counts:
        return []
    common = max(counts, key=lambda k: counts[k])
    return [m for m in markers if m.signature == common]


def _mixed_look(markers: list[Marker]) -> bool:
    """Most markers share a classed look, and some do not."""
    common = _same_signature(markers)
    return len(common) < len(markers) and "." in common[0].signature \
        and len(common) >= 2 / 3 * len(markers)


def _by_signature(markers: list[Marker]) -> list[list[Marker]]:
    """The markers of each tag-and-class signature that three or more share."""
    by: dict[str, list[Marker]] = {}
    for m in markers:
        by.setdefault(m.signature, []).append(m)
    return [ms for ms in by.values() if len(ms) >= MIN_ENTRIES]


def _same_container(markers: list[Marker], blocks: list[Block]) -> list[Marker]:
    """The markers whose blocks sit in the commonest parent element, when some do not."""
    counts = Counter(blocks[m.index].path[:-1] for m in markers)
    common, n = counts.most_common(1)[0]
    if n == len(markers):
        return []
    return [m for m in markers if blocks[m.index].path[:-1] == common]


def _by_parent(markers: list[Marker]) -> list[list[Marker]]:
    """The markers under each higher-level heading, for each heading that holds three or
    more of them, and those of them that share its commonest look.

    A section whose titles come back under other sections ("Pros & Cons", "Services" in
    each) holds parts of entries, not a list.
    """
    by: dict[int, list[Marker]] = {}
    for m in markers:
        by.setdefault(m.parent, []).append(m)
    if len(by) < 2:
        return []
    parents_of: dict[str, set[int]] = {}
    for m in markers:
        parents_of.setdefault(text_key(m.title), set()).add(m.parent)
    out: list[list[Marker]] = []
    for ms in by.values():
        if len(ms) >= MIN_ENTRIES and all(len(parents_of[text_key(m.title)]) == 1 for m in ms):
            out += [ms, _same_signature(ms)]
    return out


def _same_opening_runs(markers: list[Marker]) -> list[list[Marker]]:
    """Consecutive markers whose titles open with the same word, three or more.

    Case: seven "Best … for Beginners" h2s between guide sections of the same look.
    """
    runs: list[list[Marker]] = []
    current: list[Marker] = []
    for m in markers:
        word = m.title.split(" ", 1)[0].lower()
        if current and current[0].title.split(" ", 1)[0].lower() == word:
            current.append(m)
            continue
        if len(current) >= MIN_ENTRIES:
            runs.append(current)
        current = [m]
    if len(current) >= MIN_ENTRIES:
        runs.append(current)
    return runs


def _with_own_content(markers: list[Marker], blocks: list[Block]) -> list[Marker]:
    """The markers whose section holds some text or picture of its own."""
    stops = [m.index for m in markers[1:]] + [len(blocks)]
    return [m for m, stop in zip(markers, stops, strict=True)
            if _has_own_content(blocks, m.index, stop)]


def heading_parents(blocks: list[Block]) -> list[int]:
    """For each block, the index of the nearest heading above it of a higher level than the
    block's own (a paragraph's level counts as 7), or -1. One pass."""
    last = [-1] * 8  # last heading index seen at each level 1-7
    parents = []
    for i, b in enumerate(blocks):
        level = b.level if b.kind == "heading" and b.level else 7
        parents.append(max(last[1:level]) if level > 1 else -1)
        if b.kind == "heading" and b.level:
            last[level] = i
            for deeper in range(level + 1, 8):
                last[deeper] = -1
    return parents


Shape = tuple[bool, frozenset[str]]


def _same_shape(markers: list[Marker], blocks: list[Block]) -> list[Marker]:
    """The markers whose sections share the commonest shape (see :func:`_shapes`)."""
    if not markers:
        return []
    shapes = _shapes(markers, blocks)
    counts = Counter(shapes)
    common = max(counts, key=lambda k: (counts[k], k[0], sorted(k[1])))
    return [m for m, shape in zip(markers, shapes, strict=True) if shape == common]


def _shapes(markers: list[Marker], blocks: list[Block]) -> list[Shape]:
    """Each marker's section shape: whether it holds a picture, and the looks of its
    sub-headings (the "Pros"/"Cons" h4s of each product); a summary or an FAQ differs."""
    shapes: list[Shape] = []
    for k, m in enumerate(markers):
        stop = markers[k + 1].index if k + 1 < len(markers) else len(blocks)
        level = blocks[m.index].level or 7
        section = []
        for b in blocks[m.index + 1:stop]:
            if b.kind == "heading" and b.level <= level:
                break
            section.append(b)
        shapes.append((any(b.kind == "image" for b in section),
                       frozenset(b.signature for b in section if b.kind == "heading")))
    return shapes


def _years(run: list[Marker]) -> bool:
    """A run numbered only in four digits ("2019: …", "2020: …") is a timeline of years."""
    return all(m.rank is not None and m.rank >= 1000 for m in run)


def _numbered_runs(markers: list[Marker]) -> list[Candidate]:
    """Maximal runs of consecutive markers whose ranks step by one."""
    runs: list[Candidate] = []
    i = 0
    while i < len(markers):
        if markers[i].rank is None:
            i += 1
            continue
        best: Candidate | None = None
        for direction in (1, -1):
            run = [markers[i]]
            warnings: list[str] = []
            gaps = 0
            j = i + 1
            while j < len(markers):
                m = markers[j]
                if m.rank is None:
                    j += 1
                    continue  # an unnumbered sub-heading of the same level inside an entry
                expected = run[-1].rank + direction
                stepped = _step(m, expected, run[0].prefix)
                if stepped is not None:
                    run.append(stepped)
                elif m.rank == expected + direction and gaps == 0 and m.prefix == run[0].prefix:
                    gaps += 1
                    warnings.append(f"rank {expected} missing")
                    run.append(m)
                elif m.rank == run[-1].rank and gaps == 0 and m.prefix == run[0].prefix:
                    gaps += 1
                    warnings.append(f"rank {m.rank} repeated")
                    run.append(m)
                else:
                    break
                j += 1
            if len(run) >= 2 and (best is None or len(run) > len(best.markers)) \
                    and not _years(run):
                best = Candidate(run, numbered=True, warnings=warnings)
        if best is not None:
            runs.append(best)
            last = (best.markers[-1].index, best.markers[-1].line or 0)
            while i < len(markers) and (markers[i].index, markers[i].line or 0) <= last:
                i += 1
        else:
            i += 1
    return runs


def _is_outline(candidate: Candidate, blocks: list[Block]) -> bool:
    """Numbered section headings of a document ('1. Introduction', '2.1 Scope')."""
    if any(_OUTLINE_TITLES.match(m.title) for m in candidate.markers[:1]):
        return True
    return sum(1 for b in blocks if b.kind == "heading" and _SUBNUMBER.match(b.text)) >= 2


def _is_steps(candidate: Candidate, title: str | None, how_to: bool,
              declared: int | None = None) -> bool:
    """How-to steps: 'Step 3:' prefixes, or numbered headings under a 'How to' headline.

    Steps that the headline counts ("10 Easy Steps to…", ten "Step N:" headings) are the
    list the page promises, unless the page is a how-to.
    """
    if how_to or _how_to_headline(title):
        return True
    prefix = candidate.markers[0].prefix.split(" ")[0]
    if prefix in _STEP_PREFIXES:
        # "6 Lessons From 25 Years…" with "Lesson 1:" headings: the headline names them.
        named = bool(title and re.search(rf"\b{re.escape(prefix)}s\b", title, re.I))
        return declared != len(candidate.markers) and not named
    return False


def _regular(candidate: Candidate, blocks: list[Block]) -> bool:
    """Every marker but the last is followed by some content of its own before the next."""
    idx = [m.index for m in candidate.markers]
    filled = sum(1 for a, b in pairwise(idx) if b - a > 1 and _has_own_content(blocks, a, b))
    return filled >= 0.8 * (len(idx) - 1)


def _has_own_content(blocks: list[Block], start: int, stop: int) -> bool:
    """Some text or picture follows the marker at ``start`` before ``stop`` and, for a
    heading, before the next heading of its level or higher: "Our Favorite Presses" followed
    straight by the first pick's heading has none ("Pros:" labels do not end a section)."""
    head = blocks[start]
    level = head.level if head.kind == "heading" else 0
    for b in blocks[start + 1:stop]:
        if b.kind != "heading":
            return True
        if level and b.level <= level and not _PART_TITLES.match(b.text):
            return False
    return not level


def _coverage(candidate: Candidate, blocks: list[Block], end: int) -> float:
    """Share of the body's text that falls inside the entries."""
    total = sum(len(b.text) for b in blocks) or 1
    start = candidate.markers[0].index
    return sum(len(b.text) for b in blocks[start:end]) / total


def features(candidate: Candidate, blocks: list[Block], declared: int | None,
             listy: bool, end: int, other_counts: frozenset[int] = frozenset()
             ) -> dict[str, float]:
    """The named evidence for and against a candidate list (see :data:`WEIGHTS`)."""
    n = len(candidate.markers)
    group = candidate.markers[0].group
    coverage = _coverage(candidate, blocks, end)
    numbered = candidate.numbered
    ranks = [m.rank for m in candidate.markers]
    f: dict[str, float] = {}
    # A run of numbers stepping by one is the strongest sign of a list; one that
    # touches 1 (counting down to it or up from it) is complete.
    if numbered:
        f["numbered"] = 1.0
        f["numbered_size"] = min(n, 20)
        f["touches_one"] = float(1 in (ranks[0], ranks[-1]))
    # The headline's count agreeing with the entries is nearly proof; og:title or <title>
    # promising this many counts nearly as much ("top 6" when the H1 says "5 trends").
    if declared is not None:
        if n == declared:
            f["count_match"] = 1.0
        elif n in other_counts:
            f["other_count_match"] = 1.0
        elif numbered and abs(n - declared) <= 2:
            f["count_near"] = 1.0
        elif not numbered:
            f["count_mismatch_unnumbered"] = 1.0
    elif not numbered:
        # No count, no numbers: a list-like headline, or bold/italic titles that carry the
        # whole article (title, text, title, text…), or one title per slide.
        supported = listy or _titles_carry_article(candidate, blocks, end, coverage) \
            or _one_per_slide(candidate)
        f["unannounced_supported" if supported else "unannounced_unsupported"] = 1.0
    f["listy_headline"] = float(listy)
    # Sections of a guide or an FAQ ("How to choose…", "Is it worth it?") are not items.
    sectiony = sum(1 for m in candidate.markers if _SECTION_TITLE.search(m.title))
    f["section_titles"] = float(declared != n and n not in other_counts
                                and sectiony >= 0.4 * n)
    # A run nobody announced must carry the article, not a corner of it.
    f["unannounced_thin"] = float(declared is None and not listy
                                  and (coverage < _MIN_UNANNOUNCED_COVERAGE
                                       or _one_section_of_many(candidate, blocks)))
    # Entries that each have a body are entries; a bare run of headings may be a TOC.
    regular = _regular(candidate, blocks)
    f["regular"] = float(regular)
    f["irregular"] = float(not regular and group != "line")
    # The list should be most of the article.
    f["coverage"] = coverage
    # Real headings beat bold or italic paragraphs at equal evidence.
    f["heading"] = float(group.startswith("h"))
    f["too_few"] = float(n < MIN_ENTRIES and declared != n)
    # Entry headings share a class; a group mixing that look with others holds strays.
    f["mixed_look"] = float(not numbered and _mixed_look(candidate.markers))
    # The same few titles over and over ("Pros", "Cons", "Pros"…) are sub-headings.
    # So is one title that recurs three times or more ("Comparing X & Y" in each section).
    keys = Counter(text_key(m.title) for m in candidate.markers)
    f["repeated_titles"] = float(
        not numbered and (len(keys) < 0.5 * n or max(keys.values()) >= MIN_ENTRIES))
    # Counted headings that are all one section's children: that section is the list.
    counted = declared is not None and (n == declared or n in other_counts)
    f["one_parent"] = float(counted and not numbered and group.startswith("h")
                            and _one_parent(candidate) >= 0)
    # Unannounced titles under a question or a frame ("What makes a great franchise?"):
    # the points of a guide's section.
    f["under_section_parent"] = float(declared is None and not numbered
                                      and _under_sections(candidate, blocks) >= 0.3 * n)
    # Headings that all sit under a frame ("Frequently asked questions", "How we tested",
    # "Honorable mentions") belong to that part of the page, not to its list.
    parent = _one_parent(candidate)
    f["under_frame"] = float(parent >= 0 and bool(_FRAME_TITLES.match(blocks[parent].text)))
    # A list under a section heading that counts it ("10 Fastest Growing…") when the
    # headline counts another number: a list beside the page's own.
    f["own_count_differs"] = float(declared is not None and not counted
                                   and _counted_by_parent(candidate, blocks))
    return f


_NUMBER = re.compile(r"\b\d{1,3}\b")


def _counted_by_parent(candidate: Candidate, blocks: list[Block]) -> bool:
    """All the markers sit under one section heading whose numbers include their count."""
    parent = _one_parent(candidate)
    return parent >= 0 and str(len(candidate.markers)) in _NUMBER.findall(blocks[parent].text)


def _one_parent(candidate: Candidate) -> int:
    """The parent heading all the candidate's markers share, or -1."""
    parent = candidate.markers[0].parent
    return parent if all(m.parent == parent for m in candidate.markers) else -1


def _under_sections(candidate: Candidate, blocks: list[Block]) -> int:
    """How many markers sit under a parent heading that titles a section of a guide (a
    question, "Conclusion") rather than a list ("Best tutoring franchises")."""
    sectiony: dict[int, bool] = {}
    for m in candidate.markers:
        if m.parent >= 0 and m.parent not in sectiony:
            text = blocks[m.parent].text
            sectiony[m.parent] = not _LISTY_TITLE.search(text) and bool(
                _SECTION_TITLE.search(text) or _FRAME_TITLES.match(text))
    return sum(1 for m in candidate.markers if sectiony.get(m.parent, False))


def _score(candidate: Candidate, blocks: list[Block], declared: int | None,
           listy: bool, end: int, other_counts: frozenset[int] = frozenset()) -> float:
    """The weighted sum of the candidate's :func:`features`; above zero, it is a list."""
    return WEIGHTS.get("bias", 0.0) + sum(
        WEIGHTS.get(name, 0.0) * value
        for name, value in features(candidate, blocks, declared, listy, end,
                                    other_counts).items())


# Bold or italic paragraphs that title nearly all of an article are a list's entries.
_CARRY_COVERAGE = 0.85
_CARRY_MIN_ENTRIES = 5


def _titles_carry_article(candidate: Candidate, blocks: list[Block], end: int,
                          coverage: float) -> bool:
    """Unnumbered bold/italic titles, at least five, each with a body, covering the article.

    ``coverage`` is the candidate's :func:`_coverage`.
    """
    markers = candidate.markers
    if markers[0].group not in ("bold", "italic", "caps") or len(markers) < _CARRY_MIN_ENTRIES:
        return False
    if any(b.kind == "heading" and b.level <= 4 for b in blocks[markers[0].index:end]):
        return False
    idx = [m.index for m in markers] + [end]
    every_filled = all(b - a > 1 for a, b in pairwise(idx))
    return every_filled and coverage >= _CARRY_COVERAGE


# A section of a guide, not the guide's list: the run's parent heading has this many
# siblings with text of their own.
_MIN_SIBLING_SECTIONS = 2
_SIBLING_TEXT_CHARS = 200


def _one_section_of_many(candidate: Candidate, blocks: list[Block]) -> bool:
    """Heading entries that all sit under one higher heading, beside two or more sibling
    sections of their own ("Efficient Packing Tips" 1-12 among "Packing Fragile Items",
    "Packing for a Temporary Move", "Dos and Don'ts")."""
    first, last = candidate.markers[0], candidate.markers[-1]
    if not first.group.startswith("h"):
        return False
    parent = first.parent
    if parent < 0:
        return False
    plevel = blocks[parent].level
    # All the entries inside the parent's section.
    if any(b.kind == "heading" and b.level <= plevel for b in blocks[parent + 1:last.index]):
        return False
    # The text of each section at the parent's level, in one pass.
    with_text = 0
    start: int | None = None
    chars = 0
    for j, b in enumerate([*blocks, Block(kind="heading", text="", level=1)]):
        if b.kind == "heading" and b.level <= plevel:
            if start is not None and start != parent and chars >= _SIBLING_TEXT_CHARS \
                    and not _FRAME_TITLES.match(blocks[start].text):
                with_text += 1
            start = j if b.level == plevel and j < len(blocks) else None
            chars = 0
        elif start is not None and b.kind != "heading":
            chars += len(b.text)
    return with_text >= _MIN_SIBLING_SECTIONS


def _one_per_slide(candidate: Candidate) -> bool:
    """Each title in its own slide of a slideshow: the slides are the entries."""
    slides = [m.slide for m in candidate.markers]
    return None not in slides and len(set(slides)) == len(slides) >= MIN_ENTRIES


def _end_of(candidate: Candidate, blocks: list[Block]) -> int:
    """Index of the first block after the last entry (where the conclusion starts)."""
    last = candidate.markers[-1]
    if last.group == "line":
        return last.index + 1
    level = int(last.group[1]) if last.group.startswith("h") else 7
    stop = len(blocks)
    for i in range(last.index + 1, len(blocks)):
        block = blocks[i]
        if block.kind == "heading" and block.level <= level:
            stop = i
            break
        if not last.group.startswith("h") and block.kind == "heading":
            stop = i
            break
    if last.group.startswith("h") or len(candidate.markers) < 2:
        return stop
    # Bold or italic titles have no closing heading: the last entry is as long as the
    # longest other one, and what follows it is the conclusion.
    idx = [m.index for m in candidate.markers]
    longest = max(b - a for a, b in pairwise(idx))
    return min(stop, last.index + longest)


def _joined_runs(runs: list[Candidate], markers: list[Marker], declared: int | None
                 ) -> list[Candidate]:
    """Numbered runs completed by markers of another kind, when the headline's count says so.

    Cases: entry 9 of a run of h2s is an h3 (the missing rank is filled from between its
    neighbours); entries 1-28 are h3s and 29-39 numbered paragraphs (a run that goes on
    where this one stops is appended).
    """
    if declared is None:
        return []
    out: list[Candidate] = []
    for run in runs:
        ms = list(run.markers)
        if len(ms) >= declared or len(ms) < 2:
            continue
        direction = 1 if ms[-1].rank > ms[0].rank else -1  # type: ignore[operator]
        warnings = list(run.warnings)
        # A missing rank: the one marker of another kind between its neighbours.
        for k in range(len(ms) - 1):
            want = ms[k].rank + direction  # type: ignore[operator]
            if ms[k + 1].rank != want + direction:
                continue
            between = [m for m in markers if ms[k].index < m.index < ms[k + 1].index
                       and m.rank == want and m.group != ms[k].group and m.literal]
            if len(between) == 1:
                ms.insert(k + 1, between[0])
                warnings = [w for w in warnings if w != f"rank {want} missing"]
                break
        # A run of another kind that goes on where this one stops.
        for other in runs:
            first = other.markers[0]
            if other is not run and first.group != ms[-1].group and first.index > ms[-1].index \
                    and first.rank == ms[-1].rank + direction \
                    and len(ms) + len(other.markers) <= declared:  # type: ignore[operator]
                ms += other.markers
                warnings += other.warnings
                break
        if len(ms) > len(run.markers):
            out.append(Candidate(ms, numbered=True, warnings=warnings))
    return out


def _restarted_runs(runs: list[Candidate], declared: int | None) -> list[Candidate]:
    """Runs of one kind, each numbered from 1 under its own section heading, that add up to
    the headline's count: one list numbered per section ("11 Best Practices & Upgrades":
    practices 1-3, then upgrades 1-8).

    Consecutive runs are summed with a sliding window: linear in the runs.
    """
    if declared is None:
        return []
    by_group: dict[str, list[Candidate]] = {}
    for run in runs:
        first, last = run.markers[0].rank, run.markers[-1].rank
        if first == 1 and last is not None and last > 1:
            by_group.setdefault(run.markers[0].group, []).append(run)
    out: list[Candidate] = []
    for group_runs in by_group.values():
        group_runs.sort(key=lambda r: r.markers[0].index)
        start, total = 0, 0
        for stop, run in enumerate(group_runs):
            total += len(run.markers)
            while total > declared:
                total -= len(group_runs[start].markers)
                start += 1
            chain = group_runs[start:stop + 1]
            if total != declared or len(chain) < 2:
                continue
            parents = [_one_parent(r) for r in chain]
            if -1 in parents or len(set(parents)) < len(parents):
                continue
            out.append(Candidate([m for r in chain for m in r.markers], numbered=True,
                                 warnings=[w for r in chain for w in r.warnings]
                                 + ["numbering restarts in each section"]))
    return out


# Share of a list's titles that another list repeats for one to be a summary of the other.
_SUMMARY_OVERLAP = 0.6
# Share of its own titles that a summary repeats.
_SUMMARY_OWN_SHARE = 0.5
# Above this many title pairs, only equal titles are compared (linear, not quadratic).
_SUMMARY_MAX_PAIRS = 40_000


def _drop_summaries(candidates: list[Candidate], blocks: list[Block]) -> list[Candidate]:
    """Without the lists that only repeat another list's titles with less text.

    Case: a summary ``<ol>`` ("Wave: best free option"), a comparison table or a table of
    contents names the same items as the sections that follow; the sections are the list.
    """
    keys = [[text_key(m.title) for m in c.markers] for c in candidates]
    texts = [_entries_text(c, blocks) for c in candidates]
    dropped: set[int] = set()
    for a, ca in enumerate(candidates):
        for b, cb in enumerate(candidates):
            if a == b or ca.markers[0].group == cb.markers[0].group or texts[a] >= texts[b]:
                continue
            if len(keys[a]) * len(keys[b]) > _SUMMARY_MAX_PAIRS:  # bound the work: exact
                shared = len(set(keys[a]) & set(keys[b]))
            else:
                shared = sum(1 for k in keys[a] if any(_same_item(k, o) for o in keys[b]))
            # A summary repeats most of its own titles: a 39-row table that holds the ten
            # names of a later "10 fastest growing" list summarizes nothing.
            if shared >= _SUMMARY_OVERLAP * min(len(keys[a]), len(keys[b])) \
                    and shared >= _SUMMARY_OWN_SHARE * len(keys[a]):
                if _paired(ca, cb):
                    # Two titles of the same entries, not a summary: the first of each pair
                    # ("Best Floss: Davids Expanding Dental Floss", then the card's h3
                    # "Expanding Dental Floss") starts the entry and names it in full.
                    dropped.add(b)
                else:
                    dropped.add(a)
    return [c for i, c in enumerate(candidates) if i not in dropped]


# The second title of a pair follows the first within this many blocks.
_PAIR_GAP = 4


def _paired(first: Candidate, second: Candidate) -> bool:
    """Each marker of ``first`` is followed closely by one of ``second`` before the next of
    ``first``: one entry, two titles (an award line and its product card's heading)."""
    if len(first.markers) != len(second.markers):
        return False
    idx = [m.index for m in first.markers] + [10**9]
    return all(a < m.index <= min(a + _PAIR_GAP, nxt - 1)
               for a, nxt, m in zip(idx, idx[1:], second.markers, strict=False))


def _drop_categories(candidates: list[Candidate], blocks: list[Block]) -> list[Candidate]:
    """Without unnumbered headings that group the entries of a deeper list.

    Case: "Top software for accountants" h2s each holding product h3s, neighbourhood h3s
    each holding restaurant h4s: the deeper, more numerous headings are the entries.
    """
    dropped: set[int] = set()
    for a, outer in enumerate(candidates):
        level = blocks[outer.markers[0].index].level
        if outer.numbered or not level:
            continue
        starts = [m.index for m in outer.markers] + [_end_of(outer, blocks)]
        for inner in candidates:
            inner_level = blocks[inner.markers[0].index].level
            if inner is outer or inner_level <= level or len(inner.markers) < 1.5 * len(
                    outer.markers):
                continue
            points = [m.index for m in inner.markers]  # in page order
            inside = bisect_left(points, starts[-1]) - bisect_right(points, starts[0])
            # Sections holding an inner marker: one binary search each.
            holding = sum(1 for x, y in pairwise(starts)
                          if bisect_left(points, y) > bisect_right(points, x))
            if inside >= 0.8 * len(inner.markers) and holding >= 0.5 * len(outer.markers):
                dropped.add(a)
                break
    return [c for i, c in enumerate(candidates) if i not in dropped]


def _same_item(a: str, b: str) -> bool:
    """Two titles that name the same item: one holds the other ("wave" in "wave accounting")."""
    return bool(a and b) and (a in b or b in a)


def _entries_text(candidate: Candidate, blocks: list[Block]) -> int:
    """Characters of text inside the candidate's entries."""
    return sum(len(b.text) for b in blocks[candidate.markers[0].index:_end_of(candidate, blocks)])


@dataclass(slots=True)
class Found:
    """The chosen list: its markers, where it ends, and what to warn about."""

    markers: list[Marker]
    end: int
    numbered: bool
    warnings: list[str]


def find_entries(blocks: list[Block], title: str | None, declared: int | None,
                 how_to: bool = False, other_counts: frozenset[int] = frozenset()) -> Found | None:
    """The entries' markers among the body blocks, or None when the page is not a list."""
    listy = is_listy(title, declared)
    best: Candidate | None = None
    for cand in candidates(blocks, title, declared, how_to, other_counts):
        cand.score = _score(cand, blocks, declared, listy, _end_of(cand, blocks), other_counts)
        if cand.score > 0 and (best is None or cand.score > best.score):
            best = cand
    if best is None:
        return None
    end = _end_of(best, blocks)
    return Found(_named_by_next_heading(best.markers, blocks), end, best.numbered,
                 best.warnings)


def is_listy(title: str | None, declared: int | None) -> bool:
    """The headline promises a list: a count, or "best", "top", "ranked"…"""
    return bool(title and _LISTY_TITLE.search(title)) or declared is not None


def candidates(blocks: list[Block], title: str | None, declared: int | None,
               how_to: bool = False, other_counts: frozenset[int] = frozenset()
               ) -> list[Candidate]:
    """Every plausible list among the body blocks, before scoring."""
    markers = _markers(blocks, title)
    if not markers:
        return []
    listy = is_listy(title, declared)
    groups: dict[str, list[Marker]] = {}
    for m in markers:
        groups.setdefault(m.group, []).append(m)
    found: list[Candidate] = []
    seen: set[tuple[int, ...]] = set()  # the block indices of each unnumbered subset
    for group, members in groups.items():
        runs = _numbered_runs([m for m in members if m.rank is not None]
                              if group == "lead" else members)
        # Several short lists restarting at 1 that nobody announced: no one of them is
        # the article's list (numbered points inside the sections of a guide).
        restarts = sum(1 for r in runs if r.markers[0].rank == 1 and len(r.markers) >= 2)
        if declared is None and not listy and restarts >= 2:
            runs = []
        for run in runs:
            if _is_outline(run, blocks) or _is_steps(run, title, how_to, declared):
                continue
            # Items of an ordinary <ol> (no printed numbers, not headings) need the count,
            # and so do numbered links (a table of contents is one too).
            if not group.startswith("h") and (group == "link" or not any(
                    m.literal for m in run.markers)) and declared != len(run.markers):
                continue
            found.append(run)
        # How-to steps are never unnumbered entries either, even when the count matches.
        if group in ("line", "row") or how_to or _how_to_headline(title):
            continue
        if group in ("lead", "link", "cellrow"):
            # Run-in titles, linked items and table rows are common in prose, link lists
            # and data tables: only as many as the headline counts.
            plain = [m for m in members if not _FRAME_TITLES.match(m.title)]
            for subset in (plain, _same_signature(plain)):
                if len(subset) == declared and not any(c.markers == subset
                                                       for c in found):
                    found.append(Candidate(subset, numbered=False))
            continue
        # Unnumbered: the whole group, or the members that share the commonest look.
        plain = [m for m in members if not _FRAME_TITLES.match(m.title)]
        subsets = [plain, _same_signature(plain)]
        if declared is not None and len(plain) > declared:
            # More same-level sections than the list has (a summary, "How we tested", FAQ
            # among them): the sections shaped alike, and with a count each look.
            subsets += [_same_shape(plain, blocks), _same_shape(_same_signature(plain), blocks)]
            subsets += _by_signature(plain)
            if group.startswith("h"):
                # Call-to-action headings of the same look, followed by a form or
                # straight by another heading, have no section of their own.
                subsets.append(_with_own_content(plain, blocks))
            subsets += _same_opening_runs(plain)
            # Headings of the article's own flow, without those of boxes injected between
            # its sections (an ad card's <h2>).
            flow = _same_container(plain, blocks)
            subsets += [flow, _same_shape(flow, blocks)]
        # One section's sub-headings ("10 Benefits of X" and its ten h3s, beside the h3s
        # of "Use cases" and "Best practices"; the franchises under "Best tutoring
        # franchises", not the qualities under "What makes a great franchise?").
        # The largest sections only: a page of hundreds of small sections must not offer
        # hundreds of candidates (each is scored over the whole page).
        subsets += sorted(_by_parent(plain), key=len, reverse=True)[:_MAX_PARENT_SUBSETS]
        for subset in subsets:
            key = tuple(m.index for m in subset)
            if len(subset) >= 2 and (declared is None or len(subset) == declared
                                     or len(subset) in other_counts) and key not in seen:
                seen.add(key)
                found.append(Candidate(subset, numbered=False))
    found += _joined_runs([c for c in found if c.numbered], markers, declared)
    found += _restarted_runs([c for c in found if c.numbered], declared)
    return _drop_categories(_drop_summaries(found, blocks), blocks)


# Sub-headings that label a part of an entry, never name its item.
_PART_TITLES = re.compile(
    r"^(pros|cons|pros\s*(?:&|and)\s*cons|specs|specifications|key specs|features|overview"
    r"|why we like it|what we like|what we don'?t like|who it'?s for|price|pricing|verdict"
    r"|the good|the bad|details|summary|bottom line)\b", re.I)


# An award label names a category, not the item: "Best Overall", "Runner-Up", "Best for Kids".
_AWARD_LABEL = re.compile(
    r"^(?:(?:the\s+)?best|top\s+pick|runner[- ]up|budget\s+pick|editor'?s\s+(?:choice|pick)"
    r"|our\s+(?:top\s+)?pick|most\s+\w+|easiest\s+\w+|also\s+great|upgrade\s+pick"
    r"|splurge|great\s+for|ideal\s+for|good\s+for)\b(?:\W+\w+){0,8}\W*$", re.I)


def _named_by_next_heading(markers: list[Marker], blocks: list[Block]) -> list[Marker]:
    """Award labels ("Best Overall") followed straight by the product's own heading: the
    product is the entry's title, and its heading is where the entry starts."""
    if not markers or not markers[0].group.startswith("h"):
        return markers
    level = int(markers[0].group[1])
    following: list[int | None] = []
    for m in markers:
        j = m.index + 1
        while j < len(blocks) and blocks[j].kind == "image":
            j += 1
        nxt = blocks[j] if j < len(blocks) else None
        ok = nxt is not None and nxt.kind == "heading" and nxt.level > level \
            and not nxt.text.endswith(":") and not _PART_TITLES.match(nxt.text)
        following.append(j if ok else None)
    named = [blocks[j].text for j in following if j is not None]
    if len(named) < len(markers) or len({text_key(t) for t in named}) < len(named):
        return markers
    if sum(1 for m in markers if _AWARD_LABEL.match(m.title)) < 0.6 * len(markers):
        return markers
    return [replace(m, index=j, title=unpolluted(parse_rank(blocks[j].text)[1]), label=m.index)
            for m, j in zip(markers, following, strict=True) if j is not None]
