"""Exact whole-word phrase matching, with typographic variants folded for matching only."""

from __future__ import annotations

import itertools

from hypothesis import assume, given
from hypothesis import strategies as st

from editplan.core.phrase import find, normalise, suggest


def test_find_whole_words_only():
    text = "Strengthening national mechanisms for international cooperation"
    assert find(text, "national") == [(14, 22)]
    assert find(text, "nation") == []
    assert find(text, "mechanisms for") == [(23, 37)]


def test_hyphen_and_apostrophe_are_part_of_a_word():
    text = "capacity-building and building; Parties' reports and Parties"
    assert find(text, "building") == [(22, 30)]
    assert find(text, "Parties") == [(53, 60)]


def test_phrase_edges_that_are_punctuation_need_no_word_boundary():
    text = "the Protocol, as amended"
    assert find(text, ", as") == [(12, 16)]
    assert find(text, "Protocol,") == [(4, 13)]


def test_curly_quotes_and_special_spaces_match_their_plain_forms():
    text = "the “effective use” of Parties’\u00a0information"
    assert find(text, '"effective use"') == [(4, 19)]
    assert find(text, "Parties' information") == [(23, 43)]
    assert text[23:43] == "Parties’\u00a0information"


def test_matching_is_case_sensitive():
    assert find("Predictable and predictable", "predictable") == [(16, 27)]


def test_every_occurrence_in_order():
    assert find("the cat and the dog", "the") == [(0, 3), (12, 15)]


def test_occurrences_do_not_overlap():
    # as str.replace and str.count: "a a" occurs once in "a a a", not twice
    assert find("a a a", "a a") == [(0, 3)]
    assert find("a a a a", "a a") == [(0, 3), (4, 7)]


def test_empty_phrase_finds_nothing():
    assert find("text", "") == []


def test_normalise_keeps_length():
    text = "“quoted” ‘single’\u2009thin\u202fnarrow\u3000ideographic\ttab"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == "\"quoted\" 'single' thin narrow ideographic tab"


def test_suggest_finds_the_nearest_run_of_words():
    text = "Provide training for relevant national authorities on reviewing reports"
    assert suggest(text, "relevant national authority") == "relevant national authorities"
    assert suggest(text, "revewing") == "reviewing"


def test_suggest_gives_nothing_when_nothing_is_near():
    assert suggest("Provide training on reviewing reports", "biodiversity offsets") is None


words = st.text(alphabet="abc -’'\u00a0", min_size=1, max_size=30)


@given(words, words)
def test_found_spans_slice_back_to_the_normalised_phrase(text, phrase):
    assume(phrase.strip())
    spans = find(text, phrase)
    for start, end in spans:
        assert normalise(text[start:end]) == normalise(phrase)
    # in order, not overlapping
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start


@given(st.lists(st.sampled_from(["alpha", "beta", "gamma", "beta-gamma"]), min_size=1, max_size=12))
def test_whole_word_count_matches_a_word_split(tokens):
    text = " ".join(tokens)
    for word in ("alpha", "beta", "gamma", "beta-gamma"):
        assert len(find(text, word)) == tokens.count(word)
