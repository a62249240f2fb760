"""The one YAML writer: every string reads back as itself, in our reader and in ruamel's."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from editplan.store import yamlio
from editplan.store.yamlwrite import scalar


def ruamel_load(text: str):
    return YAML(typ="rt").load(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
@example("A\n")  # "$" matched before a final newline, which then went unquoted and was lost
def test_any_string_reads_back_as_itself(value):
    for flow in (False, True):
        text = f"k: [{scalar(value, flow=True)}]\n" if flow else f"k: {scalar(value)}\n"
        ours = yamlio.load_plain(text)["k"]
        theirs = ruamel_load(text)["k"]
        if flow:
            ours, theirs = ours[0], theirs[0]
        assert ours == value
        assert str(theirs) == value and isinstance(theirs, str)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Plain words, with commas (and brackets)", "Plain words, with commas (and brackets)"),
        ("no", "no"),
        ("true", "'true'"),
        ("12", "'12'"),
        ("2020-01-01", "'2020-01-01'"),
        ("it's: here", '"it\'s: here"'),
        ("a #b", "'a #b'"),
        ("  lead", "'  lead'"),
        ("two\nlines", '"two\\nlines"'),
        ("", "''"),
        (None, ""),
        (53, "53"),
        (dt.date(2020, 4, 23), "2020-04-23"),
    ],
)
def test_scalar_style(value, written):
    assert scalar(value) == written


def test_emit_writes_comments_before_entries_at_their_indentation():
    data = {"id": "s", "source": {"document": "D"}, "amendments": [{"id": "a"}, {"id": "b"}]}
    text = yamlio.emit(
        data,
        {(): "Top\n\nMore", ("source", "document"): "REVIEW", ("amendments", 1): "b: check"},
    )
    assert text == (
        "# Top\n\n# More\nid: s\nsource:\n  # REVIEW\n  document: D\namendments:\n"
        "  - id: a\n  # b: check\n  - id: b\n"
    )
    assert yamlio.load_plain(text) == data
