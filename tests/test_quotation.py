"""The report's words as a reader sees them, in comments, notes and the terminal."""

from __future__ import annotations

import pytest

from editplan.core.quotation import italics, plain, quoted

LG14_A = (
    "*Goal A.1, key area (2)* should be rephrased as follows: “Strengthening capacities of "
    "competent national authorities”;"
)


def test_a_quote_with_its_own_quotes_is_not_doubled() -> None:
    assert quoted(LG14_A) == (
        "“*Goal A.1, key area (2)* should be rephrased as follows: ‘Strengthening capacities "
        "of competent national authorities’;”"
    )
    assert "”;”" not in quoted(LG14_A)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the word predictable", "“the word predictable”"),
        ('the word "predictable" goes', "“the word ‘predictable’ goes”"),
        ("“already quoted”", "“already quoted”"),
        ('"two" and "three"', "“‘two’ and ‘three’”"),
    ],
)
def test_quoted(text: str, expected: str) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LG14_A, LG14_A.replace("*", "")),
        ("**Goal A.2** and _activity (ii)_", "Goal A.2 and activity (ii)"),
        ("2 * 3 * 4 stays", "2 * 3 * 4 stays"),
        ("snake_case_name stays", "snake_case_name stays"),
    ],
)
def test_plain_drops_emphasis_marks_only(text: str, expected: str) -> None:
    assert plain(text) == expected


def test_italics_writes_every_emphasis_one_way() -> None:
    text = "**Goal A.2** and _activity (ii)_ and *x*"
    assert italics(text) == "*Goal A.2* and *activity (ii)* and *x*"
