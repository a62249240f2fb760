"""Tests of the word-level diff."""

from __future__ import annotations

import itertools
import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from editplan.core.textdiff import _code_point, diff_words, tokenize


def old_of(segments):
    return "".join(text for op, text in segments if op != "insert")


def new_of(segments):
    return "".join(text for op, text in segments if op != "delete")


def boundaries(tokens):
    return set(itertools.accumulate((len(t) for t in tokens), initial=0))


# -- tokenize ----------------------------------------------------------------------------------


def test_tokenize_words_spaces_and_punctuation():
    assert tokenize("Goal A.5, key area (2)") == [
        "Goal", " ", "A", ".", "5", ",", " ", "key", " ", "area", " ", "(", "2", ")",
    ]  # fmt: skip


def test_tokenize_keeps_internal_hyphens_and_apostrophes_in_words():
    assert tokenize("capacity-building don't Parties’ 2021-2030") == [
        "capacity-building", " ", "don't", " ", "Parties", "’", " ", "2021-2030",
    ]  # fmt: skip


def test_tokenize_edge_hyphens_and_apostrophes_are_punctuation():
    assert tokenize("'quoted' -x y- Parties'") == [
        "'", "quoted", "'", " ", "-", "x", " ", "y", "-", " ", "Parties", "'",
    ]  # fmt: skip


def test_tokenize_whitespace_runs_are_one_token():
    assert tokenize("a \t\n b\u00a0c") == ["a", " \t\n ", "b", "\u00a0", "c"]


def test_tokenize_unicode_words_and_combining_marks():
    assert tokenize("Cartagena Protocolo biosegurança") == [
        "Cartagena", " ", "Protocolo", " ", "biosegurança",
    ]  # fmt: skip
    decomposed = "cafe\u0301 au lait"
    assert tokenize(decomposed)[0] == "cafe\u0301"


def test_tokenize_underscore_and_symbols_are_single_tokens():
    assert tokenize("a_b+c") == ["a", "_", "b", "+", "c"]


def test_tokenize_empty():
    assert tokenize("") == []


@given(st.text())
def test_tokenize_round_trips(text):
    assert "".join(tokenize(text)) == text
    assert all(tokenize(text))


# -- encoding ----------------------------------------------------------------------------------


def test_code_points_skip_nul_and_surrogates():
    assert _code_point(0) == "\x01"
    assert ord(_code_point(0xD7FE)) == 0xD7FF
    assert ord(_code_point(0xD7FF)) == 0xE000
    codes = {ord(_code_point(i)) for i in range(0xD700, 0xD900)}
    assert not any(0xD800 <= c <= 0xDFFF for c in codes)


# -- diff_words --------------------------------------------------------------------------------


def test_identical_and_empty_texts():
    assert diff_words("", "") == []
    assert diff_words("same text", "same text") == [("equal", "same text")]
    assert diff_words("", "new") == [("insert", "new")]
    assert diff_words("old", "") == [("delete", "old")]


def test_replacement_is_delete_then_insert():
    assert diff_words("the predictable funding", "the adequate funding") == [
        ("equal", "the "),
        ("delete", "predictable"),
        ("insert", "adequate"),
        ("equal", " funding"),
    ]


def test_change_never_splits_a_word():
    assert diff_words("safe water supply", "safe drinking-water supply") == [
        ("equal", "safe "),
        ("delete", "water"),
        ("insert", "drinking-water"),
        ("equal", " supply"),
    ]
    assert diff_words("informed", "uninformed") == [
        ("delete", "informed"),
        ("insert", "uninformed"),
    ]


def test_deletion_between_spaces_takes_the_following_space():
    assert diff_words("a b c", "a c") == [("equal", "a "), ("delete", "b "), ("equal", "c")]
    assert diff_words(
        "including the reference to the Protocol and its Parties",
        "including the Protocol and its Parties",
    ) == [
        # "the reference to " and "reference to the " are equally tidy: the leftmost wins.
        ("equal", "including "),
        ("delete", "the reference to "),
        ("equal", "the Protocol and its Parties"),
    ]


def test_deletion_at_the_end_takes_the_preceding_space():
    assert diff_words("a b", "a") == [("equal", "a"), ("delete", " b")]
    assert diff_words("use of tools.", "use.") == [
        ("equal", "use"),
        ("delete", " of tools"),
        ("equal", "."),
    ]


def test_deletion_at_the_start_takes_the_following_space():
    assert diff_words("a b", "b") == [("delete", "a "), ("equal", "b")]


def test_insertion_is_tidy_too():
    assert diff_words("a c", "a b c") == [("equal", "a "), ("insert", "b "), ("equal", "c")]
    assert diff_words("x y", "x y z") == [("equal", "x y"), ("insert", " z")]


def test_repeated_word_deletion_is_tidy():
    segments = diff_words("to the the Parties", "to the Parties")
    assert new_of(segments) == "to the Parties"
    deleted = [text for op, text in segments if op == "delete"]
    assert deleted == ["the "]


def test_no_double_space_shown_for_pure_deletions():
    """The text a reviewer sees (all segments) has no double space where the input had none."""
    cases = [
        ("develop and implement national strategies", "develop national strategies"),
        ("the relevant and appropriate measures", "the measures"),
        ("a b c d e", "a c e"),
    ]
    for old, new in cases:
        shown = "".join(text for _, text in diff_words(old, new))
        assert "  " not in shown, (old, new, diff_words(old, new))


def test_adjacent_segments_never_share_an_op():
    segments = diff_words(
        "Enhance the capacity of Parties to implement the Protocol",
        "Strengthen capacity of all Parties to effectively implement it",
    )
    for (op1, _), (op2, _) in itertools.pairwise(segments):
        assert op1 != op2
        assert (op1, op2) != ("insert", "delete")


def test_long_text_is_fast_and_minimal():
    words = [f"w{i}" for i in range(20000)]
    old = " ".join(words)
    changed = list(words)
    changed[10000] = "changed"
    new = " ".join(changed)
    started = time.perf_counter()
    segments = diff_words(old, new)
    elapsed = time.perf_counter() - started
    assert elapsed < 5
    assert [s for s in segments if s[0] != "equal"] == [("delete", "w10000"), ("insert", "changed")]


def test_many_distinct_tokens_cross_the_surrogate_range():
    old = " ".join(f"t{i}" for i in range(30000))
    new = old.replace("t29999", "end")
    segments = diff_words(old, new)
    assert old_of(segments) == old
    assert new_of(segments) == new
    assert [s for s in segments if s[0] != "equal"] == [("delete", "t29999"), ("insert", "end")]


# -- properties --------------------------------------------------------------------------------

# Texts made of few distinct words so that diffs have real equalities to align.
_words = st.sampled_from(["a", "b", "the", "Parties", "capacity-building", "don't", "x1"])
_seps = st.sampled_from([" ", "  ", ", ", ". ", "\n", "-", "'", "(", ")"])
_texty = st.lists(st.one_of(_words, _seps), max_size=30).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(), _texty), st.one_of(st.text(), _texty))
@example("a b c", "a c")
@example("water", "drinking-water")
@example("a-", "-a")
def test_segments_reconstruct_both_texts_on_token_boundaries(old, new):
    segments = diff_words(old, new)
    assert old_of(segments) == old
    assert new_of(segments) == new
    assert all(text for _, text in segments)
    assert all(op in ("equal", "delete", "insert") for op, _ in segments)
    for (op1, _), (op2, _) in itertools.pairwise(segments):
        assert op1 != op2

    old_bounds, new_bounds = boundaries(tokenize(old)), boundaries(tokenize(new))
    pos_old = pos_new = 0
    for op, text in segments:
        if op != "insert":
            pos_old += len(text)
            assert pos_old in old_bounds, (segments, pos_old)
        if op != "delete":
            pos_new += len(text)
            assert pos_new in new_bounds, (segments, pos_new)


def reference_diff(old, new):
    """diff_words with diff-match-patch's Python implementation, the one first chosen."""
    from diff_match_patch import diff_match_patch

    from editplan.core import textdiff

    table, decode = {}, {}
    enc_old = textdiff._encode(tokenize(old), table, decode)
    enc_new = textdiff._encode(tokenize(new), table, decode)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(enc_old, enc_new, False)
    dmp.diff_cleanupSemantic(diffs)
    ops, token_lists = [], []
    for code, chars in diffs:
        op = {0: "equal", -1: "delete", 1: "insert"}[code]
        if not chars:
            continue
        if ops and ops[-1] == op:
            token_lists[-1].extend(decode[c] for c in chars)
        else:
            ops.append(op)
            token_lists.append([decode[c] for c in chars])
    return textdiff._tidy(ops, token_lists) if old != new else diff_words(old, new)


_sentences = st.lists(
    st.one_of(_words, _seps, st.sampled_from(["national", "risk", "assessment", "“", "”", ";"])),
    max_size=60,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_sentences, _sentences)
@example("a b c d e", "a c e f")
def test_the_fast_implementation_gives_the_reference_diffs(old, new):
    assert diff_words(old, new) == reference_diff(old, new)
