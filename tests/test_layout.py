"""Tests for editplan.core.layout: the format-neutral tracked view that every renderer draws."""

from __future__ import annotations

from pathlib import Path

import pytest

from editplan.core.applier import apply_set
from editplan.core.attribution import attributions, comment_anchors, revision_owners
from editplan.core.changeset import ApplyResult
from editplan.core.layout import CLOSING, Block, clean_layout, merge, tracked_layout
from editplan.core.model import Plan
from editplan.store import files

ROOT = Path(__file__).resolve().parent.parent
SETS = [
    ROOT / "amendments" / "lg14.yaml",
    ROOT / "tests" / "data" / "golden" / "apply" / "every-op" / "set.yaml",
]


def applied(set_path: Path) -> tuple[Plan, ApplyResult]:
    set_file = files.read_set(set_path)
    base = files.read_set_plan(set_file).plan
    return base, apply_set(set_file.aset, base)


@pytest.mark.parametrize("set_path", SETS, ids=lambda p: p.parent.name)
def test_each_side_of_the_tracked_view_is_the_clean_view_of_its_plan(set_path: Path) -> None:
    base, result = applied(set_path)
    blocks = tracked_layout(base, result.plan)
    old = [b.text_old for b in blocks if b.status != "ins"]
    new = [b.text_new for b in blocks if b.status != "del"]
    assert old == [b.text_new for b in clean_layout(base)]
    assert new == [b.text_new for b in clean_layout(result.plan)]
    assert blocks[0].role == "title" and blocks[-1].role == "closing"
    assert blocks[-1].new == CLOSING


def test_lg14_view_shows_inserted_items_renumbering_and_word_changes() -> None:
    base, result = applied(SETS[0])
    blocks = tracked_layout(base, result.plan)
    by_element = {b.element: b for b in blocks if b.role == "item" and b.status != "del"}
    split_off = by_element["lg14.53e.2"]  # (e) splits key area (1) of Goal A.5
    assert split_off.status == "ins" and split_off.owner == "lg14.53e.2"
    assert split_off.prefix_new == "(2)" and split_off.kind == "key_area"
    renumbered = by_element["a5.ka2"]
    assert (renumbered.status, renumbered.prefix_old, renumbered.prefix_new) == (
        "keep",
        "(2)",
        "(3)",
    )
    replaced = by_element["b2.act1"]  # (n) "predictable" -> "adequate"
    assert ("delete", "predictable") in replaced.text_diff()
    assert ("insert", "adequate") in replaced.text_diff()
    assert not any(b.changed for b in clean_layout(base))


def test_owners_and_comment_anchors_follow_the_attributions() -> None:
    base, result = applied(SETS[0])
    blocks = tracked_layout(base, result.plan)
    atts = attributions(result.changes)
    owners = revision_owners(atts)
    assert owners["lg14.53e.2"].key == "53(e)"
    assert all(not att.pending for att in owners.values())
    for att, (first, last) in zip(atts, comment_anchors(blocks, atts), strict=True):
        named = {*att.element_ids, *att.unit_ids}
        assert blocks[first].owner in named and blocks[last].owner in named
        assert first <= last


def test_merge_puts_removed_ids_after_their_kept_predecessor_and_moves_as_two() -> None:
    assert merge(["a", "b", "c"], ["a", "c", "d"]) == [
        ("a", "keep"),
        ("b", "del"),
        ("c", "keep"),
        ("d", "ins"),
    ]
    moved = merge(["a", "b", "c"], ["c", "a", "b"])
    assert ("c", "del") in moved and ("c", "ins") in moved


def test_a_block_drops_the_side_its_status_does_not_show() -> None:
    inserted = Block("item", "ins", new="x", prefix_new="(1)", sep="\t")
    assert inserted.text_old == "" and inserted.text_new == "(1)\tx" and inserted.changed
