"""Bylines as pages print them: "By Ann Lee and Bo Chan", "Updated March 3, 2025".

Structured data (JSON-LD, meta tags) often names no author or no date, or
names the publishing company where the page shows a person. The byline is
read from the page itself, near the headline: the elements a byline is marked
up with (``rel=author``, ``itemprop``, an ``author``/``byline``/``date`` class,
``<time>``) and the short lines right after the ``<h1>``, nearest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.extract.dates import labelled_dates, read_date
from ingest.normalize import clean_text

_CANDIDATES = (
    'h1, [rel="author"], [itemprop="author"], a[href*="/author"], time, '
    '[itemprop="datePublished"], [itemprop="dateModified"], '
    '[class*="author" i], [class*="byline" i], [class*="date" i]'
)
_MAX_CANDIDATES = 60
_MAX_READ = 12  # candidates read, nearest the headline first
_MAX_PIECES = 14
_SHORT = 200  # a byline line is short; a longer text is an author bio or prose
_LONGEST = 4 * _SHORT  # a text node is read only this far: past it, it is no byline anyway
_LEVELS_UP = 3  # the headline's container, whose siblings hold the byline

_DIGIT = re.compile(r"\d")
_AUTHOR_CLASS = re.compile(r"author|byline", re.I)
_NO_TEXT = {"script", "style", "noscript", "svg", "template", "button", "select", "option"}
# "By", "Written by", "Author:", "Posted by", and the same in the languages dates are read in.
# The one-word labels of other languages count only in lower case: "Di Maria" is a name.
BY_LABEL = re.compile(
    r"^(?:(?:written|posted|words|story|text|article|published|created)\s+by|by|author(?:s)?|"
    r"(?-i:von|par|por|di|door)|autor(?:in)?|auteur|geschrieben von|écrit par|escrito por|"
    r"scritto da|geschreven door)\b\s*[:\-–]?\s*", re.I)
# Credits that are not authorship: "Reviewed by", "Photos by", "Fact checked by".
_NOT_BY = re.compile(
    r"^(?:(?:medically\s+|fact[- ]?checked\s+and\s+)?reviewed|fact[- ]?checked|edited|"
    r"photos?|photography|illustrations?|images?|video|graphics|sponsored|presented|"
    r"produced|verified|translated)\s+by\b", re.I)
_CONNECTOR = re.compile(r"^(?:,|&|and|und|et|y|e|en|with|\+)$", re.I)
_LINE_BREAK = re.compile(r"\s+(?:[|•·—–]|on|at|in|am|le|el|il|op|-)\s+|\s*[|•·]\s*", re.I)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\ben\b)\s*")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|(?:Mc|Mac|O['’])[A-Z][\w'’\-]*)$")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos",
              "das", "bin", "al", "ten", "ter", "y", "e", "st."}
# Words no person's name holds: widget labels and page furniture.
_NOT_NAME = {
    "view", "all", "posts", "post", "share", "follow", "read", "more", "about", "author",
    "authors", "editor's", "editorial", "updated", "published", "posted", "comments", "comment",
    "min", "minutes", "reviewed", "checked", "home", "menu", "search", "subscribe", "newsletter",
    "sign", "login", "log", "privacy", "cookie", "cookies", "contact", "facebook", "twitter",
    "linkedin", "email", "print", "click", "here", "the", "our", "your", "my", "this", "with",
    "for", "from", "advertisement", "sponsored", "bio", "profile", "articles", "latest",
    "recent", "stories", "other", "see", "less", "show", "hide", "copy", "link", "reading",
    "time", "date", "tags", "category", "categories", "leave", "reply", "expert", "experts",
}
# Job titles that follow a name in one line: "Jane Doe Senior Editor", "Mike Marshall, Expert".
_JOB_WORDS = {
    "editor", "writer", "reporter", "correspondent", "contributor", "columnist", "director",
    "manager", "founder", "co-founder", "cofounder", "ceo", "cto", "cmo", "senior", "associate",
    "specialist", "analyst", "producer", "journalist", "head", "chief", "lead", "professor",
    "strategist", "consultant", "officer", "president", "vp", "intern", "freelance",
}
# Names of groups, not persons: a fallback when the page names no person.
_GROUP_WORDS = {"staff", "team", "editors", "desk", "newsroom", "redaktion", "rédaction",
                "redacción", "redazione", "redactie"}
_UPDATED = re.compile(r"updated|modified|revised|aktualisiert|mis à jour|actualizado|"
                      r"aggiornato|atualizado|bijgewerkt|geändert", re.I)
_PUBLISHED = re.compile(r"publish|posted|released|veröffentlicht|publié|publicado|pubblicato|"
                        r"gepubliceerd|erschienen", re.I)
# Class or id words of the places other articles' bylines are listed in (comments, related
# posts, the previous / next post links: FieldEdge's "posts--paging").
_OUTSIDE_BYLINE = re.compile(r"(?:^|[\s_-])(?:comments?|related\w*|sidebar|widget|footer|"
                             r"recommend\w*|popular|trending|more-stories|paging|pagination|"
                             r"post-navigation|nav-links)(?=$|[\s_-])", re.I)


@dataclass
class Byline:
    """What the printed byline says."""

    authors: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    """Names of a staff or a team, used only when the page names no person."""
    published: datetime | None = None
    modified: datetime | None = None
    row_name: str | None = None
    """An unlabelled name opening the meta row under the headline: the weakest source."""


def _pieces(node: LexborNode) -> list[str]:
    """The element's text nodes, trimmed, without scripts, styles and buttons.

    Reading stops past a byline's length: a longer element is not read to its end.
    """
    pieces: list[str] = []
    size = 0
    for child in node.traverse(include_text=True):
        if child.tag != "-text":
            continue
        parent = child.parent
        if parent is not None and parent.tag in _NO_TEXT:
            continue
        text = clean_text(child.text_content[:_LONGEST])
        if text:
            pieces.append(text)
            size += len(text) + 1
            if len(pieces) >= _MAX_PIECES or size > _SHORT:
                break
    return pieces


def _job_cut(words: list[str]) -> list[str] | None:
    """The words before a job title ("Jane Doe Senior Editor" -> Jane Doe); None if none left."""
    for i, word in enumerate(words):
        if _is_job_word(word):
            return words[:i] if i >= 2 else None
    return words


def _is_job_word(word: str) -> bool:
    return word.casefold().strip(".,") in _JOB_WORDS


def person_name(text: str) -> str | None:
    """The text as a person's name (1-5 capitalised words, no digits, no widget words), or None."""
    text = clean_text(text).strip(" ,;:-–—|·•")
    if not 2 <= len(text) <= 60 or any(c.isdigit() for c in text) or "@" in text \
            or "http" in text or "/" in text:
        return None
    words = _job_cut(text.split())
    if not words or len(words) > 5:
        return None
    if not _NAME_WORD.match(words[0]):
        return None
    for word in words:
        low = word.casefold().strip(".,")
        if low in _NOT_NAME:
            return None
        if not _NAME_WORD.match(word) and low not in _PARTICLES:
            return None
    return " ".join(words)


# News agencies, whose name stands in a byline where a person's would: organisations.
_AGENCIES = frozenset({"reuters", "ap", "associated press", "the associated press", "afp",
                       "agence france-presse", "bloomberg", "dpa", "upi", "ansa", "efe",
                       "xinhua", "kyodo", "pa", "pa media", "anp", "belga", "apa", "sda"})


def is_group(name: str) -> bool:
    """'Podium Staff', 'The Editors', 'Reuters': a group's name rather than a person's."""
    return name.casefold() in _AGENCIES or \
        any(word.casefold() in _GROUP_WORDS for word in name.split())


def names_in(pieces: list[str], labelled: bool) -> list[str]:
    """The author names a byline's text nodes spell, in order.

    ``labelled``: the element is marked as an author's (class, rel, itemprop);
    otherwise a "By" before the names is needed.
    """
    names: list[str] = []
    armed = labelled
    skip_next = False
    joined = False  # a connector piece ("," "and") came after the last name
    for piece in pieces:
        if _NOT_BY.match(piece):
            if names:
                break
            skip_next = True
            continue
        by = BY_LABEL.match(piece)
        if by:
            armed = joined = True
            skip_next = False
            piece = piece[by.end():]
            if not piece:
                continue
        if not armed:
            continue
        if skip_next:
            skip_next = False
            continue
        if _CONNECTOR.match(piece):
            joined = True
            continue
        # A piece after a name without a comma or "and" between is a job title ("Celeste
        # Longacre" "Gardener & Astrologer" on the Almanac), not more authors.
        if names and not joined and not piece.startswith((",", "&")):
            break
        joined = piece.endswith((",", "&", " and"))  # "Ann Lee," "Bo Chan"
        line = _LINE_BREAK.split(piece)[0]
        parts = [x for x in _SPLIT_NAMES.split(line) if x.strip()]
        found = [person_name(x) for x in parts]
        good = [x for x in found if x]
        if good and len(good) == len(found):
            names.extend(good)
            continue
        # "By Jane Doe, Staff Writer, and Bo Chan": the names around the job titles.
        if good and all(x or _is_job_title(part) for x, part in zip(found, parts, strict=True)):
            names.extend(good)
            continue
        if names:
            break
    return names


def _is_job_title(text: str) -> bool:
    return any(map(_is_job_word, text.split()))


def _outside_byline(node: LexborNode, stop: LexborNode) -> bool:
    """The element sits in a comment thread, a related-posts card or a sidebar."""
    return _within(node, stop, _OUTSIDE_BYLINE)


def _within(node: LexborNode, stop: LexborNode, marks: re.Pattern[str],
            tags: frozenset[str] = frozenset()) -> bool:
    """The element or one of its next ancestors below ``stop`` has one of ``tags`` or a
    class or id that ``marks`` finds."""
    parent: LexborNode | None = node
    for _ in range(8):
        if parent is None or parent.mem_id == stop.mem_id:
            return False
        attrs = parent.attributes
        if parent.tag in tags or marks.search(
                (attrs.get("class") or "") + " " + (attrs.get("id") or "")):
            return True
        parent = parent.parent
    return False


def _region(headline: LexborNode | None, tree: LexborHTMLParser) -> LexborNode | None:
    if headline is None:
        return tree.css_first("main") or tree.body
    node = headline
    for _ in range(_LEVELS_UP):
        parent = node.parent
        if parent is None:
            break
        node = parent
        if node.tag in ("body", "html"):
            break
    return node


def _lines_after(headline: LexborNode) -> list[LexborNode]:
    """The elements right after the headline and after its container: an unmarked byline."""
    lines: list[LexborNode] = []
    for start in (headline, headline.parent):
        node, taken = (start.next if start is not None else None), 0
        while node is not None and taken < 3:
            if node.tag not in ("-text", "-comment"):
                lines.append(node)
                taken += 1
            node = node.next
    return lines


def _lines_before(headline: LexborNode) -> list[LexborNode]:
    """The elements right before the headline: a "Category / date / author" row above it."""
    lines: list[LexborNode] = []
    node = headline.prev
    while node is not None and len(lines) < 2:
        if node.tag not in ("-text", "-comment"):
            lines.append(node)
        node = node.prev
    return lines


def _nearest_first(nodes: list[LexborNode], headline: LexborNode | None,
                   below: list[LexborNode]) -> list[LexborNode]:
    """Candidates after the headline in reading order, then those before it, nearest first;
    ``below`` is the headline's :func:`_lines_after`."""
    if headline is None:
        return nodes
    at = next((i for i, n in enumerate(nodes) if n.mem_id == headline.mem_id), None)
    if at is None:
        return nodes
    after = nodes[at + 1:]
    seen = {n.mem_id for n in after}
    lines = [n for n in below if n.mem_id not in seen]
    seen.update(n.mem_id for n in lines)
    before = [n for n in _lines_before(headline) if n.mem_id not in seen]
    seen.update(n.mem_id for n in before)
    # The lines above are read after those below, but within the budget of reads.
    room = max(0, _MAX_READ - len(lines) - len(before))
    return lines + after[:room] + before + after[room:] + \
        [n for n in nodes[:at][::-1] if n.mem_id not in seen]


def _name_before_date(pieces: list[str], language: str | None) -> str | None:
    """The name that opens a meta row under the headline, unlabelled, before the row's
    date: "Stefan · March 5, 2026 · 9 min read"; never a weekday, a date
    label ("Last modified") or a staff."""
    dates = labelled_dates(" ".join(pieces), language)
    name = person_name(dates[0][0]) if dates else None
    if name is None or is_group(name) or _date_kind(name) \
            or name.split()[0].casefold().strip(".,") in _WEEKDAYS:
        return None
    return name


# Links to the site's sections: a row under the headline can open with the story's section.
_SECTION_LINKS = 'a[href*="/category"], a[href*="/categories"], a[href*="/tag/"], ' \
    'a[href*="/tags/"], a[href*="/section"], a[href*="/topic"], a[href*="-category"]'


def _names_a_section(row: LexborNode, name: str) -> bool:
    """The name is the text of a link to a section, category or tag page in the row."""
    return any(clean_text(link.text(deep=True)) == name for link in row.css(_SECTION_LINKS))


# Day names that open a printed date ("Thursday, March 5, 2026"), in the languages read.
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "wed", "thu", "fri", "sat", "sun", "montag", "dienstag", "mittwoch",
             "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi",
             "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles",
             "jueves", "viernes", "sábado", "domingo", "lunedì", "martedì", "mercoledì",
             "giovedì", "venerdì", "sabato", "domenica", "segunda", "terça", "quarta", "quinta",
             "sexta", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
             "zondag"}


def _marked_author(tag: str, attrs: dict) -> bool:
    """rel=author, itemprop=author, an author or byline class, or a link to an author page."""
    if attrs.get("rel") == "author" or attrs.get("itemprop") == "author":
        return True
    if tag == "a" and "/author" in (attrs.get("href") or ""):
        return True
    return bool(_AUTHOR_CLASS.search(attrs.get("class") or ""))


def _label_before(node: LexborNode) -> str:
    """The text just before a date element in its line: "Updated <time>…</time>"."""
    prev = node.prev
    while prev is not None and (prev.tag == "-comment" or (
            prev.tag == "-text" and not (prev.text_content or "").strip())):
        prev = prev.prev
    if prev is None:
        parent = node.parent
        prev = parent.prev if parent is not None else None
    if prev is None:
        return ""
    text = prev.text(deep=True) if prev.tag != "-text" else prev.text_content
    return (text or "")[-40:]


def _marks(attrs: dict) -> str:
    return f'{attrs.get("class") or ""} {attrs.get("itemprop") or ""}'


def _date_kind(label: str) -> str:
    """'modified', 'published' or '' for the words that label a date."""
    if _PUBLISHED.search(label):
        return "published"
    return "modified" if _UPDATED.search(label) else ""


def read_byline(tree: LexborHTMLParser, headline: LexborNode | None, language: str | None,
                want_authors: bool, want_dates: bool) -> Byline:
    """Authors and dates printed near the headline (only the fields asked for are read)."""
    found = Byline()
    region = _region(headline, tree)
    if region is None:
        return found
    nodes = region.css(_CANDIDATES)[:_MAX_CANDIDATES]
    if headline is not None and all(n.mem_id != headline.mem_id for n in nodes):
        nodes.insert(0, headline)
    labelled = False  # the published date found so far was labelled "Published"
    below = _lines_after(headline) if headline is not None else []
    rows = {n.mem_id for n in below} if want_authors else set()
    for node in _nearest_first(nodes, headline, below)[:_MAX_READ]:
        if node.tag == "h1":
            continue
        pieces = _pieces(node)
        text = " ".join(pieces)
        if len(text) > _SHORT:
            continue
        attrs = node.attributes
        names: list[str] = []
        if want_authors and not found.authors:
            names = names_in(pieces, labelled=_marked_author(node.tag, attrs))
            if not names and found.row_name is None and node.mem_id in rows \
                    and _DIGIT.search(text) and not _outside_byline(node, region):
                name = _name_before_date(pieces, language)
                found.row_name = None if name is None or _names_a_section(node, name) else name
        dates: list[tuple[str, datetime]] = []
        if want_dates and not labelled:
            value = attrs.get("datetime") or attrs.get("content")
            day = read_date(value, language) if value else None
            dates = [("", day)] if day else \
                labelled_dates(text, language) if _DIGIT.search(text) else []
        if (names or dates) and _outside_byline(node, region):
            continue
        for name in names:
            (found.groups if is_group(name) else found.authors).append(name)
        for label, day in dates:
            # The words before the date in its line, else the element's marks and the line
            # before it: "Updated <time>", <div class="post-date updated">.
            kind = _date_kind(label) or _date_kind(_marks(attrs)) or \
                _date_kind(_label_before(node))
            if kind == "modified":
                found.modified = found.modified or day
            elif kind == "published" and not labelled:
                found.published, labelled = day, True
            elif found.published is None:
                found.published = day
        if (found.authors or not want_authors) and (labelled or not want_dates):
            break
    if want_dates and found.published is None:
        found.published = _marked_published(tree, language)
    return found


# Elements anywhere on the page marked as the publication date: an author card above the
# story (a Webflow "published-date"), a "Published <time pubdate>" line after it (U.S. Chamber).
_MARKED_PUBLISHED = 'time[pubdate], [itemprop="datePublished"], [class*="publish" i]'


def _marked_published(tree: LexborHTMLParser, language: str | None) -> datetime | None:
    """The first date marked as the publication outside related posts and sidebars."""
    body = tree.body
    return _first_printed(body, _MARKED_PUBLISHED, language, updated_too=False) if body \
        else None


# Elements anywhere on the page whose class or id says they hold a date ("entry-date",
# "posted-on", "timestamp") and every <time>: where a page whose byline is not by its
# headline prints its date (a meta line after the story, a date column beside it).
_DATED = 'time, [class*="date" i], [id*="date" i], [class*="posted" i], [class*="timestamp" i]'


# Where a date is not the story's: lists of other posts, reviews, prices and deals, events,
# the day's date in a banner, a cookie notice.
_NOT_THE_STORYS = re.compile(r"latest|recent|review|price|deal|release|event|upcoming|"
                             r"calendar|weather|today|cookie|consent", re.I)
_NOT_STORY_TAGS = frozenset({"aside", "nav", "footer"})


def _in_the_story(node: LexborNode, stop: LexborNode) -> bool:
    """No ancestor below ``stop`` is an aside, a nav or a footer, or names another list."""
    return not _within(node, stop, _NOT_THE_STORYS, _NOT_STORY_TAGS)


def printed_date(tree: LexborHTMLParser, language: str | None) -> datetime | None:
    """The first full date an element marked as a date prints in the story (the page's
    first <main> or <article>), outside comment threads, related posts, sidebars,
    footers and other lists: the last resort for a page that declares none."""
    body = tree.body
    if body is None:
        return None
    story = body.css_first("main, article") or body  # one walk: the first of either
    return _first_printed(story, _DATED, language, updated_too=True, in_story=True)


def _first_printed(scope: LexborNode, selector: str, language: str | None,
                   updated_too: bool, in_story: bool = False) -> datetime | None:
    """The first date one of ``scope``'s ``selector`` elements gives (its ``datetime`` or
    ``content``, else a short text), outside comments, related posts and sidebars (and,
    ``in_story``, other lists); an "Updated …" text counts only if ``updated_too``."""
    for node in scope.css(selector)[:_MAX_READ]:
        attrs = node.attributes
        value = attrs.get("datetime") or attrs.get("content")
        day = read_date(value, language) if value else None
        if day is None:
            text = " ".join(_pieces(node))
            if len(text) > _SHORT or not _DIGIT.search(text):
                continue
            dates = labelled_dates(text, language)
            day = dates[0][1] if dates and (
                updated_too or _date_kind(dates[0][0]) != "modified") else None
        if day is not None and not _outside_byline(node, scope) and (
                not in_story or _in_the_story(node, scope)):
            return day
    return None


# An author card (a bio box after the story, "About the author"): an element whose class
# names the author, and in it or right beside it a heading or name element that is a person.
_AUTHOR_CARDS = '[class*="author" i]'
_CARD_NAME = 'h2, h3, h4, h5, h6, [class*="name" i], strong'
_MAX_CARDS = 12
_NOT_CARDS = {"article", "main", "body", "html"}


def author_card(tree: LexborHTMLParser) -> str | None:
    """The person an author card names, for a page whose byline names none; else the team
    the first card names ("Team SimplyThrilled"), for a page that names no person at all."""
    body = tree.body
    if body is None:
        return None
    team = None
    for card in body.css(_AUTHOR_CARDS)[:_MAX_CARDS]:
        # Not the whole story or page: WordPress marks an <article> "author-jane-doe".
        if card.tag in _NOT_CARDS or _outside_byline(card, body):
            continue
        name = _card_name(card)
        if name is not None and not is_group(name):
            return name
        team = team or name
    return team


def _card_name(card: LexborNode) -> str | None:
    """A name in the card's heading or name element; for a card that is only a photo, the
    heading beside it that spells the photo's alt text; for a card that is only the bio,
    the element just before it."""
    if card.tag == "img":
        alt = clean_text(card.attributes.get("alt") or "").casefold()
        scope = card.parent.parent if card.parent is not None else None
        if not alt or scope is None or scope.parent is None:
            return None
        for node in scope.parent.css(_CARD_NAME):
            text = clean_text(node.text(deep=True))
            if text.casefold() == alt:
                return person_name(text)
        return None
    team = None
    for node in card.css(_CARD_NAME)[:4]:
        name = person_name(node.text(deep=True))
        if name is not None and not is_group(name):
            return name
        team = team or name
    before = card.prev
    while before is not None and before.tag in ("-text", "-comment"):
        before = before.prev
    if before is not None and "description" in (card.attributes.get("class") or "").lower():
        name = person_name(before.text(deep=True))
        if name is not None and not is_group(name):
            return name
    return team
