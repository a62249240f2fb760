"""Element ids as bookmark names, and back."""

from __future__ import annotations

import pytest

from editplan.word.identity import bookmark_name, element_of


@pytest.mark.parametrize("element", ["a1.ka2", "A.6-8", "lg14.53e.2", "x_y", "A"])
def test_bookmark_names_are_word_safe_and_reversible(element: str) -> None:
    name = bookmark_name(element)
    assert name is not None and len(name) <= 40
    assert name[0].isalpha() and name.replace("_", "").isalnum()
    assert element_of(name) == element


def test_an_id_too_long_gets_no_bookmark_and_foreign_names_are_not_ours() -> None:
    assert bookmark_name("a" * 40) is None
    assert element_of("_GoBack") is None
    assert element_of("ep_a_z") is None
