"""classify: the memoized Look of an element and the regexes behind it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.classify import (
    _FURNITURE_JOINED,
    _FURNITURE_JOINED_RE,
    _MODIFIER,
    _MODIFIER_HINT,
    _prefix_tree_pattern,
    is_hidden,
    look_of,
    signature_of,
)

# Strings made of the letters of the literals, so that near-misses are common.
_ALPHABET = sorted(set("".join(_FURNITURE_JOINED)) | set("-_ "))
_near_words = st.text(alphabet=_ALPHABET, max_size=40)


@settings(max_examples=400, deadline=None)
@given(_near_words)
def test_prefix_tree_finds_exactly_what_the_plain_alternation_finds(text: str) -> None:
    plain = re.compile("|".join(map(re.escape, _FURNITURE_JOINED)))
    assert (_FURNITURE_JOINED_RE.search(text) is None) == (plain.search(text) is None)


def test_prefix_tree_keeps_a_literal_that_is_the_prefix_of_another() -> None:
    pattern = _prefix_tree_pattern(("ad", "adunit", "b"))
    assert [m.group(0) for m in pattern.finditer("x ad adunit adu b")] == \
        ["ad", "adunit", "ad", "b"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcdefghimnoprstuwy-_ 0123456789", max_size=40))
def test_every_modifier_holds_the_hint(text: str) -> None:
    # The modifier rewrite is skipped when the hint is absent: it must never miss one.
    if _MODIFIER.search(text):
        assert _MODIFIER_HINT.search(text)


def test_look_reads_class_and_id_words() -> None:
    share = look_of("div", "post-footer__share-buttons", None)
    assert share.furniture and not share.caption
    related = look_of("section", None, "relatedPosts")  # camelCase id, joined vocabulary
    assert related.furniture
    # A BEM modifier or a state class says how the element varies, not what it is.
    assert not look_of("div", "l-grid--sidebar", None).furniture
    assert not look_of("div", "has-sidebar with-comments", None).furniture
    assert look_of("div", "wp-caption-text", None).caption
    assert not look_of("figure", "wp-caption-text", None).caption  # a caption's holder
    assert look_of("li", "gallery-item", None).slide
    assert look_of("div", "wp-caption alignnone", None).image_box
    assert look_of("p", None, None) == look_of("p", None, None)


def test_signature_sorts_classes() -> None:
    assert signature_of("h2", "title entry") == "h2.entry.title"
    assert signature_of("h2", None) == "h2"


def test_hidden_by_attribute_style_or_class() -> None:
    assert is_hidden({"hidden": None})
    assert is_hidden({"aria-hidden": "true"})
    assert is_hidden({"style": "color: red; display : none"})
    assert is_hidden({"class": "promo d-none"})
    assert not is_hidden({"class": "promo d-none d-md-block"})  # shown again from md up
    assert not is_hidden({"class": "hidden-title"})  # "hidden" alone is not a hiding class
    assert not is_hidden({"class": "nonetheless", "style": "color: red"})



def test_every_hiding_class_hides() -> None:
    # is_hidden looks a class list up only when it holds a hint: no hiding class may miss it.
    from ingest.extract.classify import _HIDING_CLASSES

    assert all(is_hidden({"class": f"box {cls}"}) for cls in _HIDING_CLASSES)
