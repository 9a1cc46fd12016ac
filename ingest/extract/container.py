"""Choose the article among the blocks' ancestors.

Each paragraph votes for its ancestors with its text length (minus link text);
link-heavy, very short and cut-short ("…") blocks vote against, and each level
of distance discounts a vote by :data:`_DECAY`, so a page wrapper does not win
by collecting footers, date lines and teasers around the article. The
tightest ancestor within 5% of the best score wins, joined by sibling boxes
that look the same (an article cut into sections by a page builder). When the
page's JSON-LD ``articleBody`` is the whole text (not an excerpt), the votes
come from agreement with it instead. :func:`.body.body_blocks` then drops the
headline, its header (kicker, dek, byline, dates) and boilerplate lines.
"""

from __future__ import annotations

import re

from ingest.extract.blocks import Block

# A paragraph shorter than this is too short to vote for its container.
_MIN_VOTE_CHARS = 25
# Blocks whose text is mostly link text are navigation, not prose.
_LINK_HEAVY = 0.5
_WORD = re.compile(r"\w+")


def _anchor_votes(blocks: list[Block], article_body: str) -> list[float]:
    """Votes from agreement with JSON-LD articleBody: +len when a block's text is in it."""
    body = " ".join(_WORD.findall(article_body.lower()))
    votes = []
    for block in blocks:
        if block.kind in ("image", "embed") or len(block.text) < _MIN_VOTE_CHARS:
            votes.append(0.0)
            continue
        words = _WORD.findall(block.text.lower())
        probe = " ".join(words[:12])
        votes.append(float(len(block.text)) if probe and probe in body else -0.5 * len(block.text))
    return votes


# The end of a teaser cut short: "... may soon...", "[…]", "Read more…".
_ELLIPSES = ("...", "…", "...]", "…]")
_TRUNCATED = re.compile(r"(?:\w\s?(?:\.\.\.|…)|\[(?:\.\.\.|…)\])\s*$")


def _density_votes(blocks: list[Block]) -> list[float]:
    """Votes from text density: prose for, link lists and crumbs against."""
    votes = []
    for block in blocks:
        n = len(block.text)
        if block.kind in ("image", "embed", "heading"):
            votes.append(0.0)
        elif block.link_density > _LINK_HEAVY:
            votes.append(-1.0 * n)
        elif n < _MIN_VOTE_CHARS:
            votes.append(-0.3 * n if block.kind == "item" else 0.0)
        else:
            prose = n * (1 - block.link_density)
            if block.text.endswith(_ELLIPSES) and _TRUNCATED.search(block.text[-8:]):
                # "…soon..." / "[…]": an excerpt of another page, cut to fit a card.
                prose *= -0.5
            elif block.text[-1:] in ".!?\"”’)…:;":
                # Sentences end in punctuation; menu items and teasers rarely do.
                prose *= 1.5
            votes.append(prose)
    return votes


# Each level between a block and an ancestor discounts the block's vote for that ancestor,
# so a page wrapper does not win over the article by collecting teaser cards and footers.
_DECAY = 0.9
# An ancestor this close to the best score wins if it is deeper (tighter around the text).
_NEAR = 0.95


def _best_container(blocks: list[Block], votes: list[float]) -> set[int] | None:
    """The tightest well-voted ancestor, with the sibling sections that continue it."""
    score: dict[int, float] = {}
    depth: dict[int, int] = {}
    powers = [1.0]
    for path, vote in _votes_by_path(blocks, votes):
        n = len(path)
        while len(powers) < n:
            powers.append(powers[-1] * _DECAY)
        get = score.get
        for d, (mem_id, weight) in enumerate(zip(path, powers[n - 1::-1], strict=True)):
            score[mem_id] = get(mem_id, 0.0) + vote * weight
            depth[mem_id] = d
    if not score:
        return None
    best = max(score.values())
    if best <= 0:
        return None
    near = [m for m, s in score.items() if s >= _NEAR * best]
    chosen = max(near, key=lambda m: depth[m])
    return {chosen, *_sibling_sections(blocks, votes, chosen, depth[chosen])}


def _votes_by_path(blocks: list[Block], votes: list[float]) -> list[tuple[tuple[int, ...], float]]:
    """The votes summed over runs of blocks with the same path (paragraphs of one box)."""
    runs: list[tuple[tuple[int, ...], float]] = []
    last: tuple[int, ...] = ()
    total = 0.0
    for block, vote in zip(blocks, votes, strict=True):
        if not vote or not block.path:
            continue
        if block.path == last:
            total += vote
            continue
        if total:
            runs.append((last, total))
        last, total = block.path, vote
    if total:
        runs.append((last, total))
    return runs


# Only-child wrappers climbed at most to find the level where the article's sections sit.
_MAX_CLIMB = 6


def _sibling_sections(blocks: list[Block], votes: list[float], chosen: int, d: int
                      ) -> set[int]:
    """Siblings that continue the article: positive votes and the same tag and class.

    Page builders and some CMSs put each section of an article in its own box; the
    comparison is made where the chosen element's chain of only-child wrappers branches.
    """
    rep = next(b for b in blocks if len(b.path) > d and b.path[d] == chosen)
    under: list[tuple[Block, float]] = []
    for _ in range(_MAX_CLIMB):
        if d == 0:
            return set()
        parent = rep.path[d - 1]
        under = [(b, v) for b, v in zip(blocks, votes, strict=True)
                 if len(b.path) > d and b.path[d - 1] == parent]
        if any(b.path[d] != rep.path[d] for b, _ in under):
            break
        d -= 1
    else:
        return set()
    top, sig = rep.path[d], rep.path_sigs[d]
    looks_alike: dict[int, float] = {}
    for block, vote in under:
        sibling = block.path[d]
        if sibling != top and block.path_sigs[d] == sig:
            looks_alike[sibling] = looks_alike.get(sibling, 0.0) + vote
    return {m for m, total in looks_alike.items() if total > 0}


# JSON-LD articleBody shorter than this share of the density container's text is an
# excerpt (a teaser or the first paragraph), too partial to choose the container with.
_EXCERPT_SHARE = 0.6


def choose_container(blocks: list[Block], article_body: str | None = None) -> set[int] | None:
    """mem_ids of the elements that hold the article, or None to take everything."""
    if not blocks:
        return None
    container = _thin_page_fallback(blocks, _best_container(blocks, _density_votes(blocks)))
    if not article_body or len(article_body) < 200:
        return container
    chars = sum(len(b.text) for b in blocks_in(blocks, container) if b.kind != "heading")
    if len(article_body) < _EXCERPT_SHARE * chars:
        return container
    votes = _anchor_votes(blocks, article_body)
    if sum(v for v in votes if v > 0) < 0.3 * len(article_body):
        return container
    return _best_container(blocks, votes)


# A container with less text than this (headings aside) is thin: a chart or a gallery.
_THIN_CHARS = 600
# A rank printed in its own element: "8", "#8", "No. 8", "8." and nothing else.
RANK_ONLY = re.compile(r"^(?:#|no\.?\s*)?(\d{1,4})[.):]?$", re.I)
# Headings (or rank cells) of one look, at least this many, make a list worth holding.
_RUN_HEADINGS = 5


def _thin_page_fallback(blocks: list[Block], container: set[int] | None) -> set[int] | None:
    """For a thin container, the element around the page's longest run of look-alike
    headings or, failing that, of look-alike rank cells.

    Cases: a ranking chart (IMDb's top 250) is a list of headings with a line of figures
    each; its short items vote against it and a three-bullet note wins the vote. A ranking
    grid of div rows (``<div>1.</div><img><div><a>Name</a></div><div>9.1</div>``) has no
    headings at all, only its rank cells.
    """
    chars = sum(len(b.text) for b in blocks_in(blocks, container) if b.kind != "heading")
    if chars >= _THIN_CHARS:
        return container
    headings = [b for b in blocks if b.kind == "heading" and 2 <= b.level <= 4]
    ranks = [b for b in blocks if b.kind == "para" and RANK_ONLY.match(b.text)
             and not (b.path_sigs and b.path_sigs[-1].startswith("tr"))]  # not a table's
    for candidates in (headings, ranks):
        ancestor = _around_longest_look(blocks, candidates, chars)
        if ancestor is not None:
            return {ancestor}
    return container


def _around_longest_look(blocks: list[Block], candidates: list[Block], chars: int
                         ) -> int | None:
    """The element around the commonest look among ``candidates``, when there are enough
    of them and it holds more text than ``chars``."""
    looks: dict[str, list[Block]] = {}
    for b in candidates:
        looks.setdefault(b.signature, []).append(b)
    run = max(looks.values(), key=len, default=[])
    if len(run) < _RUN_HEADINGS:
        return None
    common = run[0].path
    for b in run[1:]:
        k = 0
        while k < min(len(common), len(b.path)) and common[k] == b.path[k]:
            k += 1
        common = common[:k]
    if not common:
        return None
    ancestor = common[-1]
    held = sum(len(b.text) for b in blocks if ancestor in b.path)
    return ancestor if held > chars else None


def in_container(block: Block, container: set[int] | None) -> bool:
    """The block sits inside one of the container's elements (or there is no container)."""
    return container is None or not container.isdisjoint(block.path)


def blocks_in(blocks: list[Block], container: set[int] | None) -> list[Block]:
    """The blocks that sit inside the container (all of them when there is none)."""
    if container is None:
        return list(blocks)
    return [b for b in blocks if not container.isdisjoint(b.path)]

