"""The pure attribution of words (editplan/core/blame.py): carried by word diffs, shared among
several amendments by their wordings."""

from __future__ import annotations

from editplan.core.blame import Attributed, carry, concatenate, fresh, share


def everything(origin: str):
    return lambda tokens, new: [origin] * len(new)


def test_kept_words_keep_their_origin_and_new_ones_take_the_versions() -> None:
    old = fresh("Mobilize predictable and sustainable resources", "base")
    new = carry("Mobilize adequate and sustainable resources", [old], everything("53(n)"))
    assert new.runs() == [
        ("Mobilize ", "base"),
        ("adequate", "53(n)"),
        (" and sustainable resources", "base"),
    ]
    assert new.text == "Mobilize adequate and sustainable resources"


def test_the_first_source_that_keeps_a_word_gives_it() -> None:
    """A merge: each parent's words keep their own origins, the first parent's first."""
    ours = carry("a b c", [fresh("a c", "base")], everything("ours"))
    theirs = carry("a c d", [fresh("a c", "base")], everything("theirs"))
    merged = carry("a b c d e", [ours, theirs], everything("merge"))
    assert merged.runs() == [
        ("a ", "base"),
        ("b ", "ours"),
        ("c", "base"),
        (" d", "theirs"),
        (" e", "merge"),
    ]


def test_joined_texts_are_one_source_with_the_join_between() -> None:
    one, two = fresh("first part", "one"), fresh("second part", "two")
    joined = concatenate([one, two], " ", "join")
    assert joined.runs() == [("first part", "one"), (" ", "join"), ("second part", "two")]
    new = carry("first part and second part", [joined], everything("join"))
    assert new.runs() == [("first part", "one"), (" and ", "join"), ("second part", "two")]


def test_words_of_several_amendments_go_to_the_one_whose_wording_has_them() -> None:
    old = fresh("Provide training to authorities", "base")
    assign = share([("A", frozenset({"timely"})), ("B", frozenset({"national", "local"}))], "A")
    new = carry("Provide timely training to national and local authorities", [old], assign)
    assert new.runs() == [
        ("Provide ", "base"),
        ("timely ", "A"),  # the space after a new word goes with it
        ("training to ", "base"),
        ("national and local ", "B"),  # "and" is in no wording: it goes with the word before
        ("authorities", "base"),
    ]


def test_a_run_of_no_wording_goes_to_the_first_amendment_named() -> None:
    assign = share([("A", frozenset({"x"})), ("B", frozenset({"y"}))], "A")
    assert carry("z, w", [], assign).runs() == [("z, w", "A")]
    assert carry(", y", [], assign).runs() == [(", y", "B")]  # leading marks go with the word


def test_an_empty_text_has_no_runs() -> None:
    assert carry("", [fresh("gone", "base")], everything("x")) == Attributed((), ())
    assert fresh("", "base").runs() == []
