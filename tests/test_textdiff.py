"""Tests of the word-level diff."""

from __future__ import annotations

import importlib.util
import io
import itertools
import subprocess
import sys
import time
import unicodedata
import zipfile

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from editplan.core import textdiff
from editplan.core.applier import apply_set
from editplan.core.textdiff import _code_point, diff_words, tokenize
from editplan.publish import html
from editplan.word.documents import writer


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


def test_tokens_are_encoded_as_private_use_characters():
    assert _code_point(0) == "\ue000"
    assert _code_point(6399) == "\uf8ff"
    assert ord(_code_point(6400)) == 0xF0000
    assert ord(_code_point(6400 + 65533)) == 0xFFFFD
    assert ord(_code_point(6400 + 65534)) == 0x100000
    assert ord(_code_point(137_467)) == 0x10FFFD
    with pytest.raises(ValueError, match="too many distinct tokens"):
        _code_point(137_468)
    # no letter, digit, space or line break for either implementation's semantic cleanup
    for index in (0, 100, 6399, 6400, 70_000, 137_467):
        char = _code_point(index)
        assert unicodedata.category(char) == "Co"
        assert not char.isalnum() and not char.isspace()


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


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (  # a phrase appended after the word it ends with is shown appended, not in the middle
            "Raise awareness of the rules under the Protocol",
            "Raise awareness of the rules under the Protocol and the Supplementary Protocol",
            [("equal", "Raise awareness of the rules under the Protocol"),
             ("insert", " and the Supplementary Protocol")],
        ),
        (  # and taken off the end, likewise
            "Promote the Protocol and the Supplementary Protocol",
            "Promote the Protocol",
            [("equal", "Promote the Protocol"), ("delete", " and the Supplementary Protocol")],
        ),
        (  # a phrase put before the words it starts with is shown at the start
            "national reports on time",
            "national reports and national reports on time",
            [("insert", "national reports and "), ("equal", "national reports on time")],
        ),
    ],
)  # fmt: skip
def test_an_edit_that_can_reach_an_edge_of_the_text_goes_there(old, new, expected):
    assert diff_words(old, new) == expected


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


def test_many_distinct_tokens_reach_the_supplementary_private_use_planes():
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


# -- the two implementations ------------------------------------------------------------------

needs_fast = pytest.mark.skipif(
    textdiff.fast_diff_match_patch is None,
    reason="fast-diff-match-patch is not installed (no wheel for this Python): all runs pure",
)

_sentences = st.lists(
    st.one_of(_words, _seps, st.sampled_from(["national", "risk", "assessment", "“", "”", ";"])),
    max_size=60,
).map("".join)
# Hundreds of distinct tokens, so that their codes would span letters, digits, spaces and line
# breaks, where the two implementations' semantic cleanups would class them apart.
_many_words = st.lists(
    st.one_of(st.integers(0, 400).map("w{}".format), _seps, st.sampled_from(["\t", "\r\n"])),
    max_size=200,
).map("".join)
_generated = st.one_of(_sentences, _many_words, st.text(max_size=80))


def _encoded(old, new):
    table, decode = {}, {}
    return (
        textdiff._encode(tokenize(old), table, decode),
        textdiff._encode(tokenize(new), table, decode),
    )


def _edited(draw_from, text):
    """``text`` with a few spans replaced by drawn ones: mostly the same, as a revision is."""
    return st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, 12), draw_from), max_size=6
    ).map(lambda edits: _apply_edits(text, edits))


def _apply_edits(text, edits):
    for at, length, inserted in edits:
        text = text[:at] + inserted + text[at + length :]
    return text


_revisions = _generated.flatmap(lambda old: st.tuples(st.just(old), _edited(_generated, old)))
# 27 tokens, then ".": encoded as the 28th code point, U+001C, it would be a space to Python and
# none to C++ (glibc), and the two cleanups would place the inserted "." apart.
_FILLER = " ".join(f"w{i}" for i in range(26)) + " "


@needs_fast
@settings(max_examples=400, deadline=None)
@given(st.one_of(_revisions, st.tuples(_generated, _generated)))
@example(("a b c d e", "a c e f"))
@example(("w1\tw2 w3", "w1 w3\tw2"))
@example((_FILLER + ".a", _FILLER + "..a"))
def test_both_implementations_give_the_same_diffs(texts):
    """The C++ and the Python diff-match-patch: the same edits, cleanup included, and words."""
    old, new = texts
    enc_old, enc_new = _encoded(old, new)
    fast = [edit for edit in textdiff.char_edits("fast", enc_old, enc_new) if edit[1]]
    pure = [edit for edit in textdiff.char_edits("pure", enc_old, enc_new) if edit[1]]
    assert fast == pure
    assert diff_words(old, new, "fast") == diff_words(old, new, "pure")


def test_the_fast_implementation_is_used_whenever_it_imports():
    installed = importlib.util.find_spec("fast_diff_match_patch") is not None
    assert ("fast" if installed else "pure") == textdiff.ENGINE


def test_without_the_fast_implementation_the_pure_one_is_used():
    """On a Python for which fast-diff-match-patch has no wheel, it does not import."""
    code = (
        "import sys; sys.modules['fast_diff_match_patch'] = None\n"
        "from editplan.core import textdiff\n"
        "print(textdiff.ENGINE, textdiff.diff_words('a b c', 'a c'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pure [('equal', 'a '), ('delete', 'b '), ('equal', 'c')]"


@needs_fast
def test_lg14_documents_are_the_same_on_the_pure_path(lg14_plan, lg14_set, monkeypatch):
    """The tracked .docx and web page of LG-14, byte for byte, from either implementation."""
    result = apply_set(lg14_set, lg14_plan)
    fast = writer.render_result(lg14_plan, result), html.render_result(lg14_plan, result)
    # as on a Python without the wheel: the pure path, and no way back to the fast one
    monkeypatch.setattr(textdiff, "ENGINE", "pure")
    monkeypatch.setattr(textdiff, "fast_diff_match_patch", None)
    pure = writer.render_result(lg14_plan, result), html.render_result(lg14_plan, result)
    assert pure[0] == fast[0]
    assert pure[1] == fast[1]
    assert b"w:ins " in _document_xml(pure[0]) and b"<del" in pure[1]


def _document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml")
